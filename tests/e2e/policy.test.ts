/**
 * The policy pack through the real Pulumi engine: `pulumi preview --policy-pack policy` of a small program against a
 * local file backend. The program declares dynamic resources under this project's type tokens with a do-nothing
 * provider, so the test depends on nothing but the CLI, the SDK and the pack: a non-compliant Worker app must stop
 * the preview with the pack's exact messages, and the guide's compliant settings must pass it.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const VERSION = "3.248.0";

/**
 * The directory holding a usable `pulumi`, found without building anything: scripts/pulumi-cli.sh when it can answer
 * from PATH or its cache; under CI=true it may build. Undefined when no CLI is at hand.
 */
function locateCli(): string | undefined {
  const onPath = spawnSync("bash", ["-c", "command -v pulumi"], { encoding: "utf8" }).status === 0;
  const cacheRoot =
    process.env.STACKONE_PULUMI_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? tmpdir(), ".cache"), "stackone-pingone/pulumi");
  const cached = existsSync(join(cacheRoot, `v${VERSION}/bin/pulumi`));
  if (!onPath && !cached && process.env.CI !== "true") return undefined;
  const result = spawnSync("bash", [join(root, "scripts/pulumi-cli.sh")], {
    cwd: root,
    encoding: "utf8",
    timeout: 60 * 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`scripts/pulumi-cli.sh failed (exit ${result.status}):\n${result.stderr}`);
  }
  return result.stdout.trim().split("\n").pop();
}

const cliDir = locateCli();

/** A program with the StackOne Application (and the sign-in user's role) under this project's type tokens. */
function program(app: Record<string, unknown>, role: Record<string, unknown>): string {
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
// Preview never calls create; the provider only has to serialize.
const provider = {
  async create(inputs) {
    return { id: "stub", outs: inputs };
  },
};
new pulumi.dynamic.Resource(provider, "stackone-app", ${JSON.stringify(app)}, {}, "pingone", "Application");
new pulumi.dynamic.Resource(provider, "sign-in-admin", ${JSON.stringify(role)}, {}, "pingone", "UserRoleAssignment");
`;
}

const guideApp = {
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  name: "StackOne Integration",
  enabled: true,
  grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
  responseTypes: ["CODE"],
  pkceEnforcement: "OPTIONAL",
  refreshTokenType: "JSON_WEB_TOKEN",
  refreshTokenDuration: 2592000,
  refreshTokenRollingDuration: 15552000,
  redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
  allowWildcardInRedirectUris: false,
  tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
  adminOnlyAccess: true,
};
const guideRole = {
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  username: "alice",
  roleName: "Environment Admin",
  scopeType: "ENVIRONMENT",
};

describe.skipIf(cliDir === undefined)("policy pack in a real `pulumi preview`", () => {
  let work: string;
  let env: NodeJS.ProcessEnv;

  function pulumi(dir: string, args: string[]): SpawnSyncReturns<string> {
    return spawnSync(join(cliDir!, "pulumi"), args, { cwd: dir, env, encoding: "utf8", timeout: 240_000 });
  }

  /** A project directory with `program`, its stack initialised on the file backend. */
  function project(name: string, source: string): string {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", main: "index.js" }));
    writeFileSync(join(dir, "index.js"), source);
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    const init = pulumi(dir, ["stack", "init", "e2e", "--non-interactive"]);
    expect(init.status, init.stderr).toBe(0);
    return dir;
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "policy-e2e-"));
    mkdirSync(join(work, "state"));
    env = {
      ...process.env,
      PATH: `${cliDir}:${process.env.PATH}`,
      PULUMI_HOME: join(work, "home"),
      PULUMI_BACKEND_URL: `file://${join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "policy-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      NO_COLOR: "1",
    };
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("stops the preview of a non-compliant Worker app with the mandatory violations", () => {
    const dir = project(
      "noncompliant",
      program(
        {
          ...guideApp,
          redirectUris: ["https://api.stackone.com/*"],
          allowWildcardInRedirectUris: true,
          tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
        },
        { ...guideRole, roleName: "Help Desk Admin" },
      ),
    );
    const preview = pulumi(dir, ["preview", "--non-interactive", "--color", "never", "--policy-pack", join(root, "policy")]);
    const output = preview.stdout + preview.stderr;
    expect(preview.status, output).not.toBe(0);
    for (const text of [
      "pingone-redirect-uris",
      'redirectUris contains the wildcard URI "https://api.stackone.com/*"; wildcards are not allowed',
      "allowWildcardInRedirectUris is true; it must be false",
      "pingone-token-endpoint-auth",
      'tokenEndpointAuthMethod is "CLIENT_SECRET_BASIC"',
      "pingone-sign-in-user-role",
      `the sign-in user's role is "Help Desk Admin" at scope "ENVIRONMENT"`,
    ]) {
      expect(output, output).toContain(text);
    }
    expect(output).toContain("mandatory");
    // Policies that hold are not reported.
    expect(output).not.toContain("pingone-grant-types");
  }, 300_000);

  it("lets the guide's settings through", () => {
    const dir = project("compliant", program(guideApp, guideRole));
    const preview = pulumi(dir, ["preview", "--non-interactive", "--color", "never", "--policy-pack", join(root, "policy")]);
    const output = preview.stdout + preview.stderr;
    expect(preview.status, output).toBe(0);
    expect(output).toContain("stackone-pingone");
    expect(output).not.toContain("mandatory");
  }, 300_000);
});

describe.skipIf(cliDir !== undefined)("policy pack in a real `pulumi preview` (no CLI)", () => {
  it.skip("skipped: no Pulumi CLI on PATH or in the build cache; run scripts/pulumi-cli.sh (CI=true builds it)", () => {});
});
