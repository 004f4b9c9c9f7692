/**
 * `verify --stack` on a stack deployed through the real Pulumi CLI against the emulator: after `up` every check
 * passes, the simulated StackOne connection included, the user holding the role through the stack's sign-in group.
 * Then, each made out of band as an admin might in the console, and each with its own failing check: the role removed
 * from the stack's sign-in group and the user removed from that group (each the 403 trap), the app disabled, the auth
 * method switched to Client Secret Basic, the redirect URI changed — each repaired by `up --refresh`, after which
 * verify passes again — and the group given Identity Data Admin instead, which passes with identity-only coverage. Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import type { Application, ApplicationOidcBody } from "../../pingone/client/types";
import type { VerifyReport } from "../../verify/target";
import {
  e2eCli,
  requireCli,
  parseJsonOutput,
  userAccess,
  startE2eWorld,
  stopE2eWorld,
  PulumiWorkspace,
  REPO_ROOT,
} from "./harness";

const cli = e2eCli("tests/e2e/verify.test.ts");

const STEP = 240_000;
const VERIFY = path.join(REPO_ROOT, "dist", "verify", "cli.js");
/** The stack's own sign-in group: `stackone:signInGroupName`'s default, "<appName> sign-in users". */
const SIGN_IN_GROUP = "StackOne Integration sign-in users";

describe.skipIf(cli.skip)("verify --stack on a stack deployed through the real Pulumi CLI", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;
  let appId: string;

  beforeAll(async () => {
    requireCli(cli);
    const build = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    if (build.status !== 0) throw new Error(`verify did not build: ${build.stdout}${build.stderr}`);
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-verify-e2e", { seed: 7373 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
    await ws.must("stack init v", ["stack", "init", "v", "--secrets-provider", "passphrase", "--non-interactive"]);
    ws.setConfig("v", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
    await ws.must("up v", ["up", "--stack", "v", "--yes", "--skip-preview", "--non-interactive"]);
    appId = (await api.listApplications(env))[0].id;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  /** The stack's sign-in group and its role assignment, from the stack's outputs. */
  async function stackGroup(): Promise<{ groupId: string; assignmentId: string }> {
    const r = await ws.must("outputs v", ["stack", "output", "--stack", "v", "--json", "--non-interactive"]);
    const out = parseJsonOutput<{ signInGroupId: string; roleAssignmentId: string }>(r.stdout);
    return { groupId: out.signInGroupId, assignmentId: out.roleAssignmentId };
  }

  /** PingOne holds what the stack gives: no direct role; the stack's group, holding exactly `role` at the environment. */
  async function expectRoleThroughGroup(role = "Environment Admin"): Promise<void> {
    const { groupId, assignmentId } = await stackGroup();
    expect(await userAccess(api, env, user.id)).toEqual({
      direct: [],
      groups: [
        {
          id: groupId,
          name: SIGN_IN_GROUP,
          roles: [{ id: assignmentId, role, scope: { type: "ENVIRONMENT", id: env } }],
        },
      ],
    });
  }

  /** `verify --stack v --json` in the project, with the CLI on PATH and the workspace's Pulumi and PingOne settings. */
  function verify(): Promise<{ code: number; report: VerifyReport; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [VERIFY, "--stack", "v", "--json"], {
        cwd: ws.projectDir,
        env: ws.commandEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        ws.transcript.push(stdout, stderr);
        try {
          resolve({ code: code ?? -1, report: JSON.parse(stdout) as VerifyReport, stdout, stderr });
        } catch {
          reject(new Error(`verify printed no JSON (exit ${code}): ${stderr}`));
        }
      });
    });
  }

  const failing = (report: VerifyReport) => report.checks.filter((c) => c.status === "fail").map((c) => c.id);
  const detail = (report: VerifyReport, id: string) => report.checks.find((c) => c.id === id)?.detail ?? "";

  async function expectAllPass(coverage: VerifyReport["coverage"] = "full"): Promise<void> {
    const { code, report } = await verify();
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.simulated).toBe(true);
    expect(report.coverage).toBe(coverage);
    expect(report.checks.map((c) => c.id)).toEqual([
      "token-endpoint",
      "authorize-endpoint",
      "application",
      "application-settings",
      "application-roles",
      "sign-in-user",
      "sign-in-user-role",
      "connection-sign-in",
      "connection-token",
      "connection-api-call",
      "connection-refresh",
    ]);
    if (coverage === "full") {
      expect(detail(report, "sign-in-user-role")).toBe(
        `user ${user.username} holds Environment Admin at ENVIRONMENT ${env} (through group ${SIGN_IN_GROUP}): full coverage: every StackOne API call in the environment`,
      );
    }
  }

  /** verify's failure when the user holds none of the guide's roles. */
  function missingRoleDetail(): string {
    return (
      `user ${user.username} holds none of Environment Admin at ENVIRONMENT ${env}, Identity Data Admin at ENVIRONMENT ${env}, ` +
      `Organization Admin at ORGANIZATION ${emu.organizationId}: missing role "Environment Admin" at ENVIRONMENT scope — every StackOne API call will answer 403`
    );
  }

  async function repair(label: string): Promise<void> {
    await ws.must(`up --refresh (${label})`, [
      "up",
      "--refresh",
      "--stack",
      "v",
      "--yes",
      "--skip-preview",
      "--non-interactive",
    ]);
    await expectAllPass();
  }

  function writable(app: Application): ApplicationOidcBody {
    const { id: _id, environment: _env, createdAt: _c, updatedAt: _u, _links: _l, ...body } = app;
    return body as ApplicationOidcBody;
  }
  async function editApp(change: Partial<ApplicationOidcBody>): Promise<void> {
    const app = (await api.getApplication(env, appId))!;
    await api.updateApplication(env, appId, { ...writable(app), ...change });
  }

  it(
    "after up, every check passes, the simulated connection included, with full coverage through the stack's sign-in group",
    async () => {
      await expectRoleThroughGroup();
      await expectAllPass();
      // The client secret appears nowhere in what verify prints.
      const secret = (await api.getApplicationSecret(env, appId)).secret;
      const { stdout, stderr } = await verify();
      expect((stdout + stderr).includes(secret)).toBe(false);
    },
    STEP,
  );

  it(
    "the sign-in group's role removed: the missing role is named (the 403 trap), sign-in is refused; up --refresh assigns it again",
    async () => {
      // As in the console: the group's Roles tab, the Environment Admin assignment removed.
      const before = await stackGroup();
      await api.deleteGroupRoleAssignment(env, before.groupId, before.assignmentId);
      expect(await userAccess(api, env, user.id)).toEqual({
        direct: [],
        groups: [{ id: before.groupId, name: SIGN_IN_GROUP, roles: [] }],
      });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(failing(report)).toEqual(["sign-in-user-role", "connection-sign-in"]);
      expect(detail(report, "sign-in-user-role")).toBe(missingRoleDetail());
      expect(detail(report, "connection-sign-in")).toMatch(/access_denied/);
      expect(report.coverage).toBe("none");
      await repair("group role removed");
      // The group's role is a new assignment in the same group; the user's membership was never touched.
      const after = await stackGroup();
      expect(after.groupId).toBe(before.groupId);
      expect(after.assignmentId).not.toBe(before.assignmentId);
      await expectRoleThroughGroup();
    },
    STEP,
  );

  it(
    "the sign-in user removed from the sign-in group: the missing role is named (the 403 trap), sign-in is refused; up --refresh adds the user again",
    async () => {
      // As in the console: the group's Users tab, the user removed.
      const before = await stackGroup();
      await api.removeUserFromGroup(env, user.id, before.groupId);
      expect(await userAccess(api, env, user.id)).toEqual({ direct: [], groups: [] });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(failing(report)).toEqual(["sign-in-user-role", "connection-sign-in"]);
      expect(detail(report, "sign-in-user-role")).toBe(missingRoleDetail());
      expect(detail(report, "connection-sign-in")).toMatch(/access_denied/);
      expect(report.coverage).toBe("none");
      await repair("membership removed");
      // The membership is made again; the group and its role assignment are the same.
      expect(await stackGroup()).toEqual(before);
      await expectRoleThroughGroup();
    },
    STEP,
  );

  it(
    "the application disabled: the app check fails; up --refresh repairs it",
    async () => {
      await editApp({ enabled: false });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(failing(report)).toEqual([
        "token-endpoint",
        "authorize-endpoint",
        "application",
        "application-settings",
        "connection-sign-in",
      ]);
      expect(detail(report, "application")).toMatch(/disabled/);
      await repair("disabled");
    },
    STEP,
  );

  it(
    "the auth method switched to Client Secret Basic: the token endpoint answers invalid_client; up --refresh repairs it",
    async () => {
      await editApp({ tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC" });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(failing(report)).toEqual(["token-endpoint", "application-settings", "connection-token"]);
      expect(detail(report, "token-endpoint")).toMatch(/invalid_client/);
      await repair("auth method");
    },
    STEP,
  );

  it(
    "the redirect URI changed: the authorization endpoint refuses StackOne's request; up --refresh repairs it",
    async () => {
      await editApp({ redirectUris: ["https://elsewhere.example/callback"] });
      const { code, report } = await verify();
      expect(code).toBe(1);
      expect(failing(report)).toEqual(["authorize-endpoint", "application-settings", "connection-sign-in"]);
      expect(detail(report, "authorize-endpoint")).toMatch(/does not match any redirect URI of the application/);
      await repair("redirect URI");
    },
    STEP,
  );

  it(
    "the sign-in group given Identity Data Admin instead: verify passes and reports identity-only coverage",
    async () => {
      // As in the console: the group's Environment Admin removed and Identity Data Admin assigned in its place.
      const { groupId, assignmentId } = await stackGroup();
      await api.deleteGroupRoleAssignment(env, groupId, assignmentId);
      const ida = (await api.listRoles()).find((r) => r.name === "Identity Data Admin")!;
      const given = await api.createGroupRoleAssignment(env, groupId, ida.id, { id: env, type: "ENVIRONMENT" });
      expect(await userAccess(api, env, user.id)).toEqual({
        direct: [],
        groups: [
          {
            id: groupId,
            name: SIGN_IN_GROUP,
            roles: [{ id: given.id, role: "Identity Data Admin", scope: { type: "ENVIRONMENT", id: env } }],
          },
        ],
      });
      const { code, report } = await verify();
      expect(failing(report)).toEqual([]);
      expect(code).toBe(0);
      expect(report.coverage).toBe("identity-only");
      expect(detail(report, "sign-in-user-role")).toBe(
        `user ${user.username} holds Identity Data Admin at ENVIRONMENT ${env} (through group ${SIGN_IN_GROUP}): identity-only coverage: users, groups, ` +
          "populations and applications; StackOne calls on sign-on policies, password policies, identity providers or certificates answer 403",
      );
    },
    STEP,
  );
});
