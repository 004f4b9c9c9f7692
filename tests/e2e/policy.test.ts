/**
 * The policy pack through the real Pulumi engine: `pulumi preview --policy-pack policy` on a local file backend.
 *
 * 1. A small program declaring resources of the pingone package directly (served by the plugin, which a preview
 *    asks only to check and diff): a Worker app and a sign-in role that break several rules stop the preview with
 *    the pack's exact messages, the sign-in role checked both as a user's and as a group's (the stack gives it through
 *    its own sign-in group).
 * 2. This project's own program (the StackOne component and its pingone resources) against the local emulator: a
 *    redirect URI outside the allowed list stops the preview; the guide's settings pass.
 * 3. The deploy workflow's two commands on that program: `preview --save-plan` then `up --plan`, both with the pack,
 *    for the creation and for a later change of the application.
 * The tests share one stack and run in order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { e2eCli, PulumiWorkspace, REPO_ROOT, requireCli } from "./harness";

const POLICY_PACK = path.join(REPO_ROOT, "policy");
const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";

const cli = e2eCli("tests/e2e/policy.test.ts");

/**
 * A program with a StackOne Application and the sign-in user's role, given to the user and to a group, declared with
 * the package's type tokens.
 */
function stubProgram(
  app: Record<string, unknown>,
  role: Record<string, unknown>,
  groupRole: Record<string, unknown>,
): string {
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
new pulumi.CustomResource("pingone:index:Application", "stackone-app", ${JSON.stringify(app)});
new pulumi.CustomResource("pingone:index:UserRoleAssignment", "sign-in-admin", ${JSON.stringify(role)});
new pulumi.CustomResource("pingone:index:GroupRoleAssignment", "sign-in-group-role", ${JSON.stringify(groupRole)});
`;
}

describe.skipIf(cli.skip)("policy pack in a real `pulumi preview`", () => {
  let emulator: RunningEmulator;
  let ws: PulumiWorkspace;

  beforeAll(async () => {
    const binDir = requireCli(cli);
    emulator = await startEmulator({ seed: 7 });
    ws = new PulumiWorkspace({
      binDir,
      name: "policy-e2e",
      env: {
        PINGONE_CLIENT_ID: emulator.clientId,
        PINGONE_CLIENT_SECRET: emulator.clientSecret,
        PINGONE_ENVIRONMENT_ID: emulator.adminEnvironmentId,
        PINGONE_API_URL: emulator.apiUrl,
        PINGONE_AUTH_URL: emulator.authUrl,
        PINGONE_TOKEN_ENDPOINT_AUTH_METHOD: "CLIENT_SECRET_BASIC",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
    });
    await ws.must("init", ["stack", "init", "e2e", "--non-interactive"]);
    await ws.must("config", ["config", "set", "stackone:environmentId", emulator.environmentId, "--stack", "e2e"]);
    const user = emulator.users.find((u) => u.environmentId === emulator.environmentId)!;
    await ws.must("config", ["config", "set", "stackone:signInUsername", user.username, "--stack", "e2e"]);
  }, 120_000);

  afterAll(async () => {
    ws?.dispose();
    await emulator?.stop();
  });

  const preview = (label: string) =>
    ws.run(label, ["preview", "--stack", "e2e", "--non-interactive", "--color", "never", "--policy-pack", POLICY_PACK]);

  it("stops a non-compliant Worker app and sign-in role with the mandatory violations", async () => {
    // The stub program replaces the copied project's entry point; the stack and its config stay.
    const index = path.join(ws.projectDir, "index.ts");
    const original = fs.readFileSync(index, "utf8");
    fs.writeFileSync(
      index,
      stubProgram(
        {
          environmentId: emulator.environmentId,
          name: "StackOne Integration",
          enabled: true,
          grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
          responseTypes: ["CODE"],
          pkceEnforcement: "OPTIONAL",
          refreshTokenType: "JSON_WEB_TOKEN",
          refreshTokenDuration: 2592000,
          refreshTokenRollingDuration: 15552000,
          redirectUris: ["https://api.stackone.com/*"],
          allowWildcardInRedirectUris: true,
          tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
          adminOnlyAccess: true,
        },
        {
          environmentId: emulator.environmentId,
          username: "alice",
          roleName: "Help Desk Admin",
          scopeType: "ENVIRONMENT",
        },
        {
          environmentId: emulator.environmentId,
          groupId: "00000000-0000-4000-8000-0000000000aa",
          roleName: "Help Desk Admin",
          scopeType: "ENVIRONMENT",
        },
      ),
    );
    try {
      const result = await preview("stub preview");
      const output = result.stdout + result.stderr;
      expect(result.code, output).not.toBe(0);
      for (const text of [
        "[mandatory]",
        "pingone-redirect-uris",
        'redirectUris contains the wildcard URI "https://api.stackone.com/*"; wildcards are not allowed',
        "allowWildcardInRedirectUris is true; it must be false",
        "pingone-token-endpoint-auth",
        'tokenEndpointAuthMethod is "CLIENT_SECRET_BASIC"; StackOne sends the client secret in the token request body',
        "pingone-sign-in-user-role",
        `the sign-in user's role is "Help Desk Admin" at scope "ENVIRONMENT"`,
      ]) {
        expect(output, output).toContain(text);
      }
      // The sign-in role is checked on the user's assignment and on the group's alike.
      expect(output).toMatch(/pingone-sign-in-user-role\s+\(pingone:index:UserRoleAssignment: sign-in-admin\)/);
      expect(output).toMatch(/pingone-sign-in-user-role\s+\(pingone:index:GroupRoleAssignment: sign-in-group-role\)/);
      // Policies that hold are not reported.
      expect(output).not.toContain("pingone-grant-types");
    } finally {
      fs.writeFileSync(index, original);
    }
  }, 300_000);

  it("stops this project's program when its redirect URI is not in the allowed list", async () => {
    await ws.must("config", [
      "config",
      "set",
      "stackone:redirectUri",
      "https://stackone.example.com/callback",
      "--stack",
      "e2e",
    ]);
    try {
      const result = await preview("program preview, foreign redirect URI");
      const output = result.stdout + result.stderr;
      expect(result.code, output).not.toBe(0);
      expect(output).toContain("(pingone:index:Application: ");
      expect(output).toContain(
        `redirectUris contains "https://stackone.example.com/callback", which is not allowed; allowed: ["${CALLBACK}"]`,
      );
      expect(output).toContain(`redirectUris is missing ["${CALLBACK}"]; it must be exactly ["${CALLBACK}"]`);
      // Nothing was created in PingOne: the pack stopped the preview, and a preview never writes.
      expect(emulator.requests().filter((r) => r.method !== "GET" && !r.path.endsWith("/as/token"))).toEqual([]);
    } finally {
      await ws.must("config", ["config", "rm", "stackone:redirectUri", "--stack", "e2e"]);
    }
  }, 300_000);

  const withPack = ["--stack", "e2e", "--non-interactive", "--color", "never", "--policy-pack", POLICY_PACK];

  it("lets this project's program through with the guide's settings and applies exactly the previewed plan", async () => {
    const plan = path.join(ws.root, "plan-create.json");
    const result = await ws.run("plan create", ["preview", ...withPack, "--save-plan", plan]);
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output).toContain("stackone-pingone@v0.1.0");
    expect(output).toContain("pingone:index:Application");
    expect(output).not.toContain("[mandatory]");
    const up = await ws.must("apply create", ["up", ...withPack, "--yes", "--plan", plan]);
    expect(up.stdout).toContain("stackone-pingone@v0.1.0");
    expect(emulator.requests().filter((r) => r.method === "POST" && r.path.endsWith("/applications"))).toHaveLength(1);
  }, 300_000);

  // The component feeds the secret and the grant the application's resource id, which stays known while an update is
  // previewed; fed an output instead, the preview would plan their replacement and `up --plan` would stop with
  // "expected resource operations … but none were seen".
  it("applies exactly the previewed plan when the application changes", async () => {
    await ws.must("config", ["config", "set", "stackone:appName", "StackOne Integration (renamed)", "--stack", "e2e"]);
    const plan = path.join(ws.root, "plan-update.json");
    const preview = await ws.must("plan update", ["preview", ...withPack, "--diff", "--save-plan", plan]);
    expect(preview.stdout).not.toContain("replace");
    await ws.must("apply update", ["up", ...withPack, "--yes", "--plan", plan]);
  }, 300_000);
});
