/** The verify CLI: its arguments, and the compiled command against the emulator (exit codes, lines, JSON, no secret). */
import { spawn, spawnSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planWorkerApp, type WorkerAppPlan } from "../components/workerAppPlan";
import { startEmulator, type RunningEmulator } from "../emulator";
import { PingOneClient } from "../pingone/client";
import {
  createApplication,
  createApplicationSecret,
  createResourceGrant,
  createUserRoleAssignment,
} from "../pingone/core";
import { parseArgs, UsageError } from "./cli";

/** The plan's admin role, given to the user directly: verify accepts a role held directly or through a group. */
const roleOf = (p: WorkerAppPlan) => ({ roleName: p.signInGroupRole.roleName, scopeType: p.signInGroupRole.scopeType });

const root = join(__dirname, "..");
const cliJs = join(root, "dist", "verify", "cli.js");
let emu: RunningEmulator;
let app: { clientId: string; secret: string };

const ENV_ID = "6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00";
const PROVISIONER = {
  PINGONE_ENVIRONMENT_ID: ENV_ID,
  PINGONE_CLIENT_ID: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
  PINGONE_CLIENT_SECRET: "p-secret",
};

beforeAll(async () => {
  const build = spawnSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (build.status !== 0 || !existsSync(cliJs))
    throw new Error(`build did not produce ${cliJs} (exit ${build.status}): ${build.stdout}${build.stderr}`);
  emu = await startEmulator({ seed: 43 });
  const client = new PingOneClient({
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  });
  const plan = planWorkerApp({ environmentId: emu.environmentId, signInUsername: "bob" });
  const created = await createApplication(
    client,
    plan.application,
    "urn:pulumi:verify::stackone-pingone::pingone:index:Application::app",
  );
  await createResourceGrant(client, { ...plan.openidGrant, applicationId: created.applicationId });
  const secret = await createApplicationSecret(client, { ...plan.secret, applicationId: created.applicationId });
  await createUserRoleAssignment(client, { environmentId: emu.environmentId, username: "bob", ...roleOf(plan) });
  app = { clientId: created.clientId, secret: secret.secret };
}, 120_000);
afterAll(async () => {
  await emu?.stop();
});

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliJs, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const emulatorEnv = () => ({
  PINGONE_ENVIRONMENT_ID: emu.adminEnvironmentId,
  PINGONE_CLIENT_ID: emu.clientId,
  PINGONE_CLIENT_SECRET: emu.clientSecret,
  PINGONE_API_URL: emu.apiUrl,
  PINGONE_AUTH_URL: emu.authUrl,
});

describe("parseArgs", () => {
  it("builds a VerifyTarget from flags and the PINGONE_* variables; the secret may come from STACKONE_CLIENT_SECRET", () => {
    const { target, json } = parseArgs(
      [
        "--environment-id",
        ENV_ID,
        "--client-id=" + ENV_ID,
        "--sign-in-username",
        "alice",
        "--scopes",
        "openid profile",
        "--json",
      ],
      { ...PROVISIONER, STACKONE_CLIENT_SECRET: "s3cret" },
    );
    expect(json).toBe(true);
    expect(target).toEqual({
      environmentId: ENV_ID,
      clientId: ENV_ID,
      clientSecret: "s3cret",
      signIn: { username: "alice" },
      provisioner: {
        environmentId: ENV_ID,
        clientId: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
        clientSecret: "p-secret",
      },
      settings: { scopes: ["openid", "profile"] },
    });
  });

  it("reports every problem at once, naming the flag, the value and what is allowed — never a secret", () => {
    let error: unknown;
    try {
      parseArgs(
        [
          "--environment-id",
          "env-1",
          "--client-secret=hunter22",
          "--admin-role",
          "Root",
          "--redirect-uri",
          "http://example.com/cb",
          "--bogus",
        ],
        {},
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message.split("\n")).toEqual([
      'unknown argument "--bogus"; allowed: --stack, --config-file, --environment-id, --client-id, --client-secret, --sign-in-username, --sign-in-user-id, --sign-in-password, --redirect-uri, --scopes, --admin-role, --json',
      '--environment-id: "env-1" is not a PingOne id; expected the id of the environment that holds the StackOne application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00',
      "--client-id is required: the StackOne application's client ID",
      "--sign-in-username or --sign-in-user-id is required: the user who signs in during the StackOne connection",
      `--redirect-uri: "http://example.com/cb" uses http; expected an absolute https URL without wildcards, fragment or trailing slash, matched exactly by PingOne (StackOne's is https://api.stackone.com/connect/oauth2/pingone/callback) (http only for localhost or 127.0.0.1)`,
      '--admin-role: "Root" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
      "PingOne provider credentials are missing: pingone:clientId (or PINGONE_CLIENT_ID), pingone:clientSecret (or PINGONE_CLIENT_SECRET), pingone:environmentId (or PINGONE_ENVIRONMENT_ID). Set the PINGONE_* environment variables.",
    ]);
    expect((error as Error).message).not.toContain("hunter22");
  });
});

describe("parseArgs --stack", () => {
  it("takes the stack (and its config file) and leaves the target to the stack's outputs and configuration", () => {
    expect(
      parseArgs(["--stack", "dev", "--config-file", "cfg/Pulumi.dev.yaml", "--json"], {
        STACKONE_SIGN_IN_PASSWORD: "pw",
      }),
    ).toEqual({
      stack: { stack: "dev", configFile: "cfg/Pulumi.dev.yaml", signInPassword: "pw" },
      json: true,
    });
  });

  it("refuses explicit values beside --stack, and --config-file without it", () => {
    expect(() => parseArgs(["--stack", "dev", "--client-id", "c"], {})).toThrow(
      new UsageError("--client-id is not used with --stack: the stack's outputs and configuration say it"),
    );
    expect(() => parseArgs(["--config-file", "x.yaml"], PROVISIONER)).toThrow(
      /--config-file is used only with --stack/,
    );
  });
});

describe("npm run verify (compiled)", () => {
  it("exits 0 with one line per check against a working connection; the secrets are never printed", async () => {
    const res = await run(
      ["--environment-id", emu.environmentId, "--client-id", app.clientId, "--sign-in-username", "bob"],
      { ...emulatorEnv(), STACKONE_CLIENT_SECRET: app.secret },
    );
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(13);
    expect(lines.slice(1, 12).every((l) => l.startsWith("PASS  ") && l.includes(". Prevents: "))).toBe(true);
    expect(lines[12]).toBe(
      "verify: OK — StackOne's connection should work the first time; role coverage: full (every StackOne API call)",
    );
    for (const secret of [app.secret, emu.clientSecret, emu.users.find((u) => u.username === "bob")!.password])
      expect(res.stdout).not.toContain(secret);
  });

  it("exits 1 and writes JSON with --json when a check fails", async () => {
    const res = await run(
      [
        "--environment-id",
        emu.environmentId,
        "--client-id",
        app.clientId,
        "--client-secret",
        "wrong-secret",
        "--sign-in-username",
        "bob",
        "--json",
      ],
      emulatorEnv(),
    );
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: any) => c.id === "token-endpoint")).toMatchObject({ status: "fail" });
    expect(res.stdout).not.toContain("wrong-secret");
  });

  it("exits 2 on bad arguments, with the usage", async () => {
    const res = await run(["--environment-id", "x"], {});
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain('verify: --environment-id: "x" is not a PingOne id');
    expect(res.stderr).toContain("usage: npm run verify --");
  });
});
