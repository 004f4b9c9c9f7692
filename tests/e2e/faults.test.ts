/**
 * Failures on the way, through the real Pulumi CLI against the emulator: PingOne answering 5xx or 429 until the
 * client's retries give up, and an environment id that does not exist. Each time `up` fails naming PingOne's
 * operation, status and message; the state records nothing of a failed create; once the cause is gone, `up`
 * converges to exactly one application, one grant, and the stack's sign-in group holding one role with the user its
 * one member (no role given to the user directly), and `destroy` removes them. And
 * `stackone:protect`: a protected stack's destroy refuses with Pulumi's message until it is unprotected.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import {
  e2eCli,
  listGroups,
  startE2eWorld,
  stopE2eWorld,
  parseJsonOutput,
  PulumiWorkspace,
  userAccess,
} from "./harness";

const cli = e2eCli("tests/e2e/faults.test.ts");

const STEP = 240_000;
/** The stack's own sign-in group: `stackone:signInGroupName`'s default, "<appName> sign-in users". */
const SIGN_IN_GROUP = "StackOne Integration sign-in users";

describe.skipIf(cli.skip)("failures through the real Pulumi CLI: nothing wedged, nothing doubled", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-faults-e2e", { seed: 6262 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  const up = (stack: string, label: string) =>
    ws.run(label, ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);

  async function stateTypes(stack: string): Promise<string[]> {
    const r = await ws.must(`export ${stack}`, ["stack", "export", "--stack", stack, "--non-interactive"]);
    const resources =
      parseJsonOutput<{ deployment: { resources?: { type: string }[] } }>(r.stdout).deployment.resources ?? [];
    return resources
      .map((res) => res.type)
      .filter((t) => t.startsWith("pingone:index:"))
      .sort();
  }

  interface World {
    apps: number;
    grants: number;
    /** Groups of the stack's sign-in group name, and the role assignments those groups hold. */
    groups: number;
    groupRoles: number;
    /** The user's group memberships, and the roles given to the user directly. */
    memberships: number;
    directRoles: number;
  }
  const NOTHING: World = { apps: 0, grants: 0, groups: 0, groupRoles: 0, memberships: 0, directRoles: 0 };
  const CONNECTION: World = { apps: 1, grants: 1, groups: 1, groupRoles: 1, memberships: 1, directRoles: 0 };

  /** What PingOne holds for the stack: applications and their grants, the sign-in group and its roles, the user's. */
  async function world(): Promise<World> {
    const apps = await api.listApplications(env);
    let grants = 0;
    for (const app of apps) grants += (await api.listApplicationGrants(env, app.id)).length;
    const groups = (await listGroups(emu, env)).filter((g) => g.name === SIGN_IN_GROUP);
    let groupRoles = 0;
    for (const g of groups) groupRoles += (await api.listGroupRoleAssignments(env, g.id)).length;
    return {
      apps: apps.length,
      grants,
      groups: groups.length,
      groupRoles,
      memberships: (await api.listUserGroupMemberships(env, user.id)).length,
      directRoles: (await api.listUserRoleAssignments(env, user.id)).length,
    };
  }

  /** The user holds Environment Admin at the environment through the stack's group, exactly, and nothing directly. */
  async function expectSignInAccess(stack: string): Promise<void> {
    const r = await ws.must(`outputs ${stack}`, ["stack", "output", "--stack", stack, "--json", "--non-interactive"]);
    const out = parseJsonOutput<{ signInGroupId: string; roleAssignmentId: string }>(r.stdout);
    expect(await userAccess(api, env, user.id)).toEqual({
      direct: [],
      groups: [
        {
          id: out.signInGroupId,
          name: SIGN_IN_GROUP,
          roles: [{ id: out.roleAssignmentId, role: "Environment Admin", scope: { type: "ENVIRONMENT", id: env } }],
        },
      ],
    });
  }

  async function convergeAndDestroy(stack: string): Promise<void> {
    emu.clearFaults();
    const again = await up(stack, `up ${stack} (fault cleared)`);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await stateTypes(stack)).toEqual([
      "pingone:index:Application",
      "pingone:index:ApplicationSecret",
      "pingone:index:Group",
      "pingone:index:GroupMembership",
      "pingone:index:GroupRoleAssignment",
      "pingone:index:ResourceGrant",
    ]);
    expect(await world()).toEqual(CONNECTION);
    await expectSignInAccess(stack);
    await ws.must(`preview ${stack}`, ["preview", "--stack", stack, "--expect-no-changes", "--non-interactive"]);
    const destroyed = await ws.run(`destroy ${stack}`, [
      "destroy",
      "--stack",
      stack,
      "--yes",
      "--skip-preview",
      "--non-interactive",
    ]);
    expect(destroyed.code, destroyed.stdout + destroyed.stderr).toBe(0);
    expect(await world()).toEqual(NOTHING);
  }

  async function newStack(stack: string, environmentId = env): Promise<void> {
    await ws.must(`stack init ${stack}`, [
      "stack",
      "init",
      stack,
      "--secrets-provider",
      "passphrase",
      "--non-interactive",
    ]);
    ws.setConfig(stack, { "stackone:environmentId": environmentId, "stackone:signInUsername": user.username });
  }

  it(
    "503 on every attempt to create the application: up names the operation and the status, and records no application",
    async () => {
      await newStack("s503");
      emu.injectFault({ kind: "status", status: 503, method: "POST", pathPattern: "/applications$", next: 50 });
      const failed = await up("s503", "up s503 (503)");
      expect(failed.code).not.toBe(0);
      const output = failed.stdout + failed.stderr;
      expect(output).toMatch(/PingOne create application failed: 503/);
      expect(output).not.toMatch(/resource init failed/);
      expect(await stateTypes("s503")).not.toContain("pingone:index:Application");
      expect((await world()).apps).toBe(0);
      await convergeAndDestroy("s503");
    },
    STEP,
  );

  it(
    "429 until the retries give up on the sign-in group's role assignment: up names it; the next up grants it once",
    async () => {
      await newStack("s429");
      emu.injectFault({
        kind: "status",
        status: 429,
        retryAfter: "1",
        method: "POST",
        pathPattern: "/groups/[^/]+/roleAssignments$",
        next: 50,
      });
      const failed = await up("s429", "up s429 (429)");
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toMatch(
        /pingone:index:GroupRoleAssignment \(stackone-signin-group-role\):\n\s+error: [^\n]*429/,
      );
      expect(await stateTypes("s429")).not.toContain("pingone:index:GroupRoleAssignment");
      expect((await world()).groupRoles).toBe(0);
      expect((await world()).directRoles).toBe(0);
      await convergeAndDestroy("s429");
    },
    STEP,
  );

  it(
    "an environment id that does not exist: up fails with PingOne's 404, and a corrected id converges",
    async () => {
      const missing = "00000000-0000-4000-8000-00000000abcd";
      await newStack("s404", missing);
      const failed = await up("s404", "up s404 (unknown environment)");
      expect(failed.code).not.toBe(0);
      const output = failed.stdout + failed.stderr;
      expect(output).toMatch(/404/);
      expect(output).toContain(missing);
      expect(output).not.toMatch(/resource init failed/);
      expect(await stateTypes("s404")).toEqual([]);
      ws.setConfig("s404", { "stackone:environmentId": env });
      await convergeAndDestroy("s404");
    },
    STEP,
  );

  it(
    "stackone:protect: destroy refuses with Pulumi's message and removes nothing of the connection; unprotected, destroy removes everything",
    async () => {
      await newStack("prot");
      ws.setConfig("prot", { "stackone:protect": "true" });
      await ws.must("up prot (protected)", ["up", "--stack", "prot", "--yes", "--skip-preview", "--non-interactive"]);
      const refused = await ws.run("destroy prot (protected)", [
        "destroy",
        "--stack",
        "prot",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(
        /resource .*stackone-secret.* cannot be deleted\s+because it is protected/s,
      );
      // Nothing StackOne's connection depends on is gone: not the application, nor its grant, nor the sign-in group,
      // its role or the user's membership.
      expect(await world()).toEqual(CONNECTION);
      await expectSignInAccess("prot");
      ws.setConfig("prot", { "stackone:protect": "false" });
      await ws.must("up prot (unprotect)", ["up", "--stack", "prot", "--yes", "--skip-preview", "--non-interactive"]);
      await ws.must("destroy prot", ["destroy", "--stack", "prot", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await world()).toEqual(NOTHING);
    },
    STEP,
  );
});
