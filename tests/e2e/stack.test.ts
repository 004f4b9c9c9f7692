/**
 * The stack program through the real Pulumi engine (CLI v3.248.0 and this project's language host) against the
 * local PingOne emulator, started in this process. Every expectation is checked twice: in the stack's outputs and
 * in what the emulator holds, read back through the API with the provisioner's credentials.
 *
 * One sequence, its steps numbered in the order they run, each starting from what the step before it left: stack "a"
 * is created, changed out of band and through its config, moved to the other environment; a second stack ("b") then
 * covers a sign-in user who already holds the role directly (the stack still gives it through its own group); both
 * are destroyed, and the whole transcript is scanned for secrets. A step whose predecessor failed is not run: it
 * fails naming that step. Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the
 * CLI).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator, SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import type { Application, ApplicationOidcBody } from "../../pingone/client/types";
import { ownerMarker } from "../../pingone/core/ownership";
import {
  e2eCli,
  DAY,
  GUIDE_APPLICATION,
  listGroups,
  parseJsonOutput,
  PulumiWorkspace,
  SIGN_IN_GROUP,
  SIGN_IN_GROUP_DESCRIPTION,
  STACKONE_REDIRECT_URI,
  startE2eWorld,
  stopE2eWorld,
  userAccess,
  type CommandResult,
  type HeldAssignment,
} from "./harness";

const cli = e2eCli("tests/e2e/stack.test.ts");

const STEP = 240_000;

/**
 * The steps of one sequence, as tests numbered in the order they are declared (which is the order they run). Each
 * starts from the state the step before it left, so once a step fails the later ones are not run: each fails saying
 * which step broke the sequence.
 */
function sequence(): (title: string, body: () => Promise<void> | void, timeout?: number) => void {
  let declared = 0;
  let broken: string | undefined;
  return (title, body, timeout) => {
    declared += 1;
    const name = `${declared}. ${title}`;
    // oxlint-disable-next-line vitest/expect-expect -- the assertions are in each step's body
    it(
      name,
      async () => {
        if (broken !== undefined)
          throw new Error(`not run: it starts from the state step "${broken}" should have left, and that step failed`);
        try {
          await body();
        } catch (err) {
          broken = name;
          throw err;
        }
      },
      timeout,
    );
  };
}

/**
 * The owner marker a child of stack `stack`'s component writes as the last line of its PingOne description (the
 * hash of its URN): what lets that stack's interrupted create, and nothing else, recognise the object.
 */
function markerOf(stack: string, type: "Application" | "Group", name: string): string {
  return ownerMarker(
    `urn:pulumi:${stack}::stackone-pingone::stackone:pingone:WorkerApp$pingone:index:${type}::${name}`,
  );
}

type Outputs = Record<string, unknown> & {
  applicationId: string;
  clientId: string;
  clientSecret: string;
  environmentId: string;
  signInUserId: string;
  signInGroupId: string;
  roleAssignmentId: string;
};

describe.skipIf(cli.skip)("the stack through the real Pulumi CLI, against the emulator", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env0: string;
  let env1: string;
  let user0: SeededUser;
  let user1: SeededUser;
  let envAdminRoleId: string;
  let worldBefore: World;
  /** Every client secret any output ever held, for the leak scans. */
  const secretsSeen = new Set<string>();

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-e2e", { seed: 4242 }));
    [env0, env1] = emu.environmentIds;
    const inEnv = (env: string) => emu.users.filter((u) => u.environmentId === env);
    [user0, user1] = inEnv(env0);
    expect(user1, "the emulator seeds two users per environment").toBeDefined();
    expect(inEnv(env1).length).toBeGreaterThan(0);
    envAdminRoleId = (await api.listRoles()).find((r) => r.name === "Environment Admin")!.id;
    worldBefore = await world();
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  // ---- helpers -------------------------------------------------------------------------------------------------

  interface World {
    apps: Record<string, string[]>;
    groups: Record<string, string[]>;
    assignments: Record<string, string[]>;
    memberships: Record<string, string[]>;
  }
  /**
   * Every application and every group (per environment, as sorted id lists), and every user's direct role assignments
   * and group memberships (sorted id lists).
   */
  async function world(): Promise<World> {
    const apps: Record<string, string[]> = {};
    const groups: Record<string, string[]> = {};
    for (const env of emu.environmentIds) {
      apps[env] = (await api.listApplications(env)).map((a) => a.id).sort();
      groups[env] = (await listGroups(emu, env)).map((g) => g.id).sort();
    }
    const assignments: Record<string, string[]> = {};
    const memberships: Record<string, string[]> = {};
    for (const u of emu.users) {
      assignments[u.id] = (await api.listUserRoleAssignments(u.environmentId, u.id)).map((a) => a.id).sort();
      memberships[u.id] = (await api.listUserGroupMemberships(u.environmentId, u.id)).map((g) => g.id).sort();
    }
    return { apps, groups, assignments, memberships };
  }

  /**
   * The user holds the admin role the way the stack gives it: through the stack's own group (its exact name and
   * description, the user its only member) holding exactly `role`; `direct` is what the user holds by itself.
   */
  async function expectRoleThroughGroup(
    env: string,
    userId: string,
    out: Outputs,
    role: Omit<HeldAssignment, "id">,
    direct: HeldAssignment[] = [],
    stack = "a",
  ) {
    expect(await userAccess(api, env, userId)).toEqual({
      direct,
      groups: [{ id: out.signInGroupId, name: SIGN_IN_GROUP, roles: [{ id: out.roleAssignmentId, ...role }] }],
    });
    expect(await api.getGroup(env, out.signInGroupId)).toMatchObject({
      name: SIGN_IN_GROUP,
      description: `${SIGN_IN_GROUP_DESCRIPTION}\n\n${markerOf(stack, "Group", "stackone-signin-group")}`,
      directMemberCounts: { users: 1 },
    });
    expect((await listGroups(emu, env)).filter((g) => g.name === SIGN_IN_GROUP)).toEqual([
      { id: out.signInGroupId, name: SIGN_IN_GROUP },
    ]);
  }

  /** Nothing of a stack's sign-in group is left in `env`: no group of its name, the group id gone, its role gone. */
  async function expectNoSignInGroup(env: string, groupId: string, roleAssignmentId: string) {
    expect(await api.findGroupByName(env, SIGN_IN_GROUP)).toBeUndefined();
    expect(await api.getGroup(env, groupId)).toBeUndefined();
    expect(await api.getGroupRoleAssignment(env, groupId, roleAssignmentId)).toBeUndefined();
  }

  const up = (stack: string, label: string) =>
    ws.must(label, ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);

  async function outputs(stack: string): Promise<Outputs> {
    const r = await ws.must(`outputs ${stack}`, [
      "stack",
      "output",
      "--stack",
      stack,
      "--json",
      "--show-secrets",
      "--non-interactive",
    ]);
    const out = parseJsonOutput<Outputs>(r.stdout);
    if (typeof out.clientSecret === "string") secretsSeen.add(out.clientSecret);
    return out;
  }

  async function exportState(stack: string): Promise<{
    resources: {
      type: string;
      urn: string;
      provider?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
  }> {
    const r = await ws.must(`export ${stack}`, ["stack", "export", "--stack", stack, "--non-interactive"]);
    return parseJsonOutput<{ deployment: { resources: never[] } }>(r.stdout).deployment;
  }

  async function grantScopeNames(env: string, appId: string): Promise<string[]> {
    const grants = await api.listApplicationGrants(env, appId);
    expect(grants.length, `grants of ${appId}`).toBe(1);
    const openid = (await api.listResources(env)).find((r) => r.name === "openid")!;
    expect(grants[0].resource.id).toBe(openid.id);
    const scopes = await api.listResourceScopes(env, openid.id);
    return grants[0].scopes.map((s) => scopes.find((x) => x.id === s.id)?.name ?? `unknown ${s.id}`).sort();
  }

  /** The application body PingOne would accept back on PUT: the read-only fields removed. */
  function writable(app: Application): ApplicationOidcBody {
    const { id: _id, environment: _env, createdAt: _c, updatedAt: _u, _links: _l, ...body } = app;
    return body as ApplicationOidcBody;
  }

  /** Checks what stack "a" holds against the emulator, for the given expectations. */
  async function expectGuideApplication(env: string, appId: string, extra: Record<string, unknown> = {}) {
    const app = await api.getApplication(env, appId);
    expect(app, `application ${appId} in ${env}`).toBeDefined();
    // The description PingOne holds: the configured one (if any), then stack a's owner marker on a line of its own.
    const marker = markerOf("a", "Application", "stackone-app");
    const description = extra.description === undefined ? marker : `${extra.description as string}\n\n${marker}`;
    expect(app).toMatchObject({ ...GUIDE_APPLICATION, ...extra, description });
    expect([...(app!.grantTypes ?? [])].sort()).toEqual(["AUTHORIZATION_CODE", "REFRESH_TOKEN"]);
    expect(app!.accessControl?.group).toBeUndefined();
    return app!;
  }

  function expectChanged(r: CommandResult, summary: RegExp) {
    expect(r.stdout).toMatch(summary);
  }

  // ---- the sequence, in the order it runs ------------------------------------------------------------------------

  const step = sequence();

  step(
    "up from nothing: the guide's application, the openid grant, the sign-in group with the admin role and the user, the secret as a secret",
    async () => {
      await ws.must("stack init a", ["stack", "init", "a", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("a", { "stackone:environmentId": env0, "stackone:signInUsername": user0.username });
      const r = await up("a", "up (create)");
      expectChanged(r, /\+ 8 created/);
      for (const child of [
        "pingone:index:Application stackone-app",
        "pingone:index:ApplicationSecret stackone-secret",
        "pingone:index:ResourceGrant stackone-openid-grant",
        "pingone:index:Group stackone-signin-group",
        "pingone:index:GroupRoleAssignment stackone-signin-group-role",
        "pingone:index:GroupMembership stackone-signin-membership",
      ]) {
        expect(r.stdout).toContain(`+  ${child} created`);
      }
      expect(r.stdout).not.toContain("UserRoleAssignment");

      const out = await outputs("a");
      expect(out.environmentId).toBe(env0);
      expect(out.clientId).toBe(out.applicationId);
      expect(out.signInUserId).toBe(user0.id);
      expect(out.adminRole).toBe("EnvironmentAdmin");
      expect(out.stackOneConnection).toEqual({
        environmentId: env0,
        clientId: out.applicationId,
        clientSecret: out.clientSecret,
      });

      await expectGuideApplication(env0, out.applicationId);
      expect(await grantScopeNames(env0, out.applicationId)).toEqual(["email", "openid", "profile"]);
      // The role through the stack's own group, none given to the user directly.
      await expectRoleThroughGroup(env0, user0.id, out, {
        role: "Environment Admin",
        scope: { type: "ENVIRONMENT", id: env0 },
      });
      const secret = await api.getApplicationSecret(env0, out.applicationId);
      expect(out.clientSecret).toBe(secret.secret);
      expect(out.clientSecret.length).toBeGreaterThanOrEqual(64);

      // Marked secret: masked without --show-secrets, and encrypted in the state.
      const masked = parseJsonOutput<Record<string, unknown>>(
        (await ws.must("outputs (masked)", ["stack", "output", "--stack", "a", "--json", "--non-interactive"])).stdout,
      );
      expect(masked.clientSecret).toBe("[secret]");
      expect(masked.stackOneConnection).toBe("[secret]");
      const stackResource = (await exportState("a")).resources.find((res) => res.type === "pulumi:pulumi:Stack")!;
      expect(stackResource.outputs?.clientSecret).toMatchObject({
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      });
    },
    STEP,
  );

  step(
    "neither the client secret nor the provisioner's secret appears in plaintext in state files or CLI output",
    () => {
      const secrets = [emu.clientSecret, ...secretsSeen];
      expect(secretsSeen.size).toBe(1);
      const files = ws.stateFiles();
      expect(files.some((f) => f.endsWith(path.join("stacks", "stackone-pingone", "a.json")))).toBe(true);
      for (const file of files) {
        const text = fs.readFileSync(file, "utf8");
        for (const s of secrets) expect(text.includes(s), `a secret in ${file}`).toBe(false);
      }
      const transcript = ws.transcript.join("\n");
      expect(transcript.length).toBeGreaterThan(0);
      for (const s of secrets) expect(transcript.includes(s), "a secret in the CLI's output").toBe(false);
    },
  );

  step(
    "a second preview expects no changes, also after a change to the program's code only",
    async () => {
      await ws.must("preview (no changes)", ["preview", "--stack", "a", "--expect-no-changes", "--non-interactive"]);

      // A code-only change in the entry point: the program's code is no part of any resource.
      const marker = "e2e: a change to the program's code only";
      fs.appendFileSync(path.join(ws.projectDir, "index.ts"), `\n// ${marker}\nvoid 0;\n`);

      const preview = await ws.run("preview (code change)", [
        "preview",
        "--stack",
        "a",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toMatch(/8 unchanged/);
      const r = await ws.must("up (code change)", [
        "up",
        "--stack",
        "a",
        "--yes",
        "--non-interactive",
        "--expect-no-changes",
      ]);
      expect(r.stdout).toMatch(/8 unchanged/);
      // The state holds the resource's own inputs only: no provider code travels with a resource of the plugin.
      const app = (await exportState("a")).resources.find((res) => res.type === "pingone:index:Application")!;
      expect(Object.keys(app.inputs ?? {}).filter((k) => k.startsWith("__"))).toEqual([]);
      // The default provider of the SDK's version: the generated SDK registers every resource with its package version.
      expect(app.provider).toMatch(/::pulumi:providers:pingone::default_0_1_0::/);
    },
    STEP,
  );

  step(
    "bad config: preview fails naming the key and the value, and the emulator receives no request",
    async () => {
      ws.setConfig("a", { "stackone:environmentId": "not-an-environment" });
      try {
        emu.clearRequests();
        const r = await ws.run("preview (bad config)", ["preview", "--stack", "a", "--non-interactive"]);
        expect(r.code).not.toBe(0);
        expect(r.stdout + r.stderr).toMatch(/stackone:environmentId[^\n]*not-an-environment/);
        expect(emu.requests()).toEqual([]);
      } finally {
        ws.setConfig("a", { "stackone:environmentId": env0 });
      }
    },
    STEP,
  );

  step(
    "out-of-band edits: refresh shows the drift, up restores the guide's settings",
    async () => {
      const before = await outputs("a");
      const app = (await api.getApplication(env0, before.applicationId))!;
      await api.updateApplication(env0, app.id, {
        ...writable(app),
        enabled: false,
        redirectUris: [STACKONE_REDIRECT_URI, "https://*.attacker.example/callback"],
        allowWildcardInRedirectUris: true,
        tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      });

      const refresh = await ws.must("refresh (drift)", [
        "refresh",
        "--stack",
        "a",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refresh.stdout).toMatch(/~ 1 updated/);
      expect(refresh.stdout).toMatch(/pingone:index:Application stackone-app[^\n]*updated/);
      const drifted = (await exportState("a")).resources.find((res) => res.type === "pingone:index:Application")!;
      expect(drifted.outputs).toMatchObject({
        enabled: false,
        allowWildcardInRedirectUris: true,
        tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
        redirectUris: [STACKONE_REDIRECT_URI, "https://*.attacker.example/callback"],
      });

      const r = await up("a", "up (restore)");
      expect(r.stdout).toMatch(/~ 1 updated/);
      await expectGuideApplication(env0, before.applicationId);
      const after = await outputs("a");
      expect(after.applicationId).toBe(before.applicationId);
      expect(after.clientSecret).toBe(before.clientSecret);
      await ws.must("preview (restored)", ["preview", "--stack", "a", "--expect-no-changes", "--non-interactive"]);
    },
    STEP,
  );

  step(
    "out-of-band deletion: refresh then up recreates the application, and its new secret reaches the outputs",
    async () => {
      const before = await outputs("a");
      await api.deleteApplication(env0, before.applicationId);

      const refresh = await ws.must("refresh (deleted)", [
        "refresh",
        "--stack",
        "a",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refresh.stdout).toMatch(/- \d+ deleted/);
      const types = (await exportState("a")).resources.map((res) => res.type);
      expect(types).not.toContain("pingone:index:Application");

      const r = await up("a", "up (recreate)");
      expect(r.stdout).toMatch(/\+ \d+ created/);
      const after = await outputs("a");
      expect(after.applicationId).not.toBe(before.applicationId);
      expect(await api.getApplication(env0, before.applicationId)).toBeUndefined();
      await expectGuideApplication(env0, after.applicationId);
      expect(await grantScopeNames(env0, after.applicationId)).toEqual(["email", "openid", "profile"]);
      expect(after.clientSecret).toBe((await api.getApplicationSecret(env0, after.applicationId)).secret);
      expect(after.clientSecret).not.toBe(before.clientSecret);
      // The sign-in group, its role and the membership do not depend on the application: untouched.
      expect(after.signInGroupId).toBe(before.signInGroupId);
      expect(after.roleAssignmentId).toBe(before.roleAssignmentId);
      await expectRoleThroughGroup(env0, user0.id, after, {
        role: "Environment Admin",
        scope: { type: "ENVIRONMENT", id: env0 },
      });
    },
    STEP,
  );

  step(
    "a config change (refresh-token duration, scopes, description) updates in place",
    async () => {
      const before = await outputs("a");
      const grantBefore = (await api.listApplicationGrants(env0, before.applicationId))[0].id;
      ws.setConfig("a", {
        "stackone:refreshTokenDurationDays": 45,
        "stackone:scopes": ["openid", "profile"],
        "stackone:description": "Changed by the e2e suite",
      });
      const r = await up("a", "up (config change)");
      expect(r.stdout).toMatch(/~ 2 updated/);
      expect(r.stdout).not.toMatch(/replaced/);

      const after = await outputs("a");
      expect(after.applicationId).toBe(before.applicationId);
      expect(after.clientSecret).toBe(before.clientSecret);
      expect(after.signInGroupId).toBe(before.signInGroupId);
      expect(after.roleAssignmentId).toBe(before.roleAssignmentId);
      await expectGuideApplication(env0, after.applicationId, {
        refreshTokenDuration: 45 * DAY,
        description: "Changed by the e2e suite",
      });
      expect(await grantScopeNames(env0, after.applicationId)).toEqual(["openid", "profile"]);
      expect((await api.listApplicationGrants(env0, after.applicationId))[0].id).toBe(grantBefore);
    },
    STEP,
  );

  step(
    "rotation through the component's input yields a new secret, the old one kept for the overlap",
    async () => {
      const before = await outputs("a");
      ws.setConfig("a", { "stackone:rotateSecret": "rotation-1", "stackone:keepPreviousSecretMinutes": 60 });
      const started = Date.now();
      await up("a", "up (rotate secret)");
      const after = await outputs("a");
      expect(after.applicationId).toBe(before.applicationId);
      expect(after.clientSecret).not.toBe(before.clientSecret);
      const held = await api.getApplicationSecret(env0, after.applicationId);
      expect(held.secret).toBe(after.clientSecret);
      expect(held.previous?.secret).toBe(before.clientSecret);
      const expiresAt = Date.parse(held.previous!.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(started + 59 * 60_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 61 * 60_000);
      await ws.must("preview (after rotation)", [
        "preview",
        "--stack",
        "a",
        "--expect-no-changes",
        "--non-interactive",
      ]);
    },
    STEP,
  );

  step(
    "a change of target environment replaces everything, the sign-in group, its role and the membership included, in the new environment and removes the old",
    async () => {
      const before = await outputs("a");
      const user = emu.users.find((u) => u.environmentId === env1)!;
      ws.setConfig("a", { "stackone:environmentId": env1, "stackone:signInUsername": user.username });
      const r = await up("a", "up (environment change)");
      // Every child moves: the application, its secret and grant, and the sign-in group, its role and the membership.
      expect(r.stdout).toMatch(/\+-6 replaced\n\s+2 unchanged/);
      for (const child of [
        "pingone:index:Application stackone-app",
        "pingone:index:ApplicationSecret stackone-secret",
        "pingone:index:ResourceGrant stackone-openid-grant",
        "pingone:index:Group stackone-signin-group",
        "pingone:index:GroupRoleAssignment stackone-signin-group-role",
        "pingone:index:GroupMembership stackone-signin-membership",
      ]) {
        expect(r.stdout).toContain(`+- ${child} replaced`);
        expect(r.stdout).toContain(`-- ${child} deleted original`);
      }

      const after = await outputs("a");
      expect(after.environmentId).toBe(env1);
      expect(after.applicationId).not.toBe(before.applicationId);
      expect(after.signInUserId).toBe(user.id);
      expect(after.signInGroupId).not.toBe(before.signInGroupId);
      expect(await api.getApplication(env0, before.applicationId)).toBeUndefined();
      // The old environment keeps nothing of the stack: no group, no role, no membership, no direct role either.
      await expectNoSignInGroup(env0, before.signInGroupId, before.roleAssignmentId);
      expect(await userAccess(api, env0, user0.id)).toEqual({ direct: [], groups: [] });
      await expectGuideApplication(env1, after.applicationId, {
        refreshTokenDuration: 45 * DAY,
        description: "Changed by the e2e suite",
      });
      expect(await grantScopeNames(env1, after.applicationId)).toEqual(["openid", "profile"]);
      await expectRoleThroughGroup(env1, user.id, after, {
        role: "Environment Admin",
        scope: { type: "ENVIRONMENT", id: env1 },
      });
      expect(after.clientSecret).toBe((await api.getApplicationSecret(env1, after.applicationId)).secret);
    },
    STEP,
  );

  // Stack b's set-up, made by the step that creates it and checked again by the destroy step after it.
  let directAssignment: HeldAssignment;
  /** The user's own assignment as PingOne holds it before the stack, every field. */
  let directAsHeld: unknown;
  let stackB: Outputs;

  step(
    "the sign-in user already holds Environment Admin directly at organization scope: up still gives it through the stack's group, and leaves the user's own alone",
    async () => {
      const existing = await api.createUserRoleAssignment(env0, user1.id, envAdminRoleId, {
        id: emu.organizationId,
        type: "ORGANIZATION",
      });
      directAssignment = {
        id: existing.id,
        role: "Environment Admin",
        scope: { type: "ORGANIZATION", id: emu.organizationId },
      };
      directAsHeld = await api.getUserRoleAssignment(env0, user1.id, existing.id);
      expect(directAsHeld).toBeDefined();
      await ws.must("stack init b", ["stack", "init", "b", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("b", { "stackone:environmentId": env0, "stackone:signInUsername": user1.username });
      const r = await up("b", "up (stack b, user already admin)");
      expectChanged(r, /\+ 8 created/);
      expect(r.stdout).toContain("+  pingone:index:Group stackone-signin-group created");
      expect(r.stdout).toContain("+  pingone:index:GroupRoleAssignment stackone-signin-group-role created");
      expect(r.stdout).toContain("+  pingone:index:GroupMembership stackone-signin-membership created");

      stackB = await outputs("b");
      expect(stackB.signInUserId).toBe(user1.id);
      // The group's own assignment at the asked scope, not the user's broader one.
      expect(stackB.roleAssignmentId).not.toBe(existing.id);
      await expectRoleThroughGroup(
        env0,
        user1.id,
        stackB,
        { role: "Environment Admin", scope: { type: "ENVIRONMENT", id: env0 } },
        [directAssignment],
        "b",
      );
      expect(await api.getUserRoleAssignment(env0, user1.id, existing.id)).toEqual(directAsHeld);
    },
    STEP,
  );

  step(
    "destroy removes what the stack created and nothing else: its group, the group's role and the membership go; the user's direct role stays",
    async () => {
      const a = await outputs("a");
      const r = await ws.must("destroy a", ["destroy", "--stack", "a", "--yes", "--skip-preview", "--non-interactive"]);
      expect(r.stdout).toMatch(/- 8 deleted/);
      expect(await api.getApplication(env1, a.applicationId)).toBeUndefined();
      await expectNoSignInGroup(env1, a.signInGroupId, a.roleAssignmentId);
      const userA = emu.users.find((u) => u.environmentId === env1)!;
      expect(await userAccess(api, env1, userA.id)).toEqual({ direct: [], groups: [] });

      // Stack b's application, group and membership, and the user's direct assignment, are untouched by a's destroy.
      const mid = await world();
      expect(mid.apps).toEqual({
        ...worldBefore.apps,
        [env0]: [...worldBefore.apps[env0], stackB.applicationId].sort(),
      });
      expect(mid.groups).toEqual({
        ...worldBefore.groups,
        [env0]: [...worldBefore.groups[env0], stackB.signInGroupId].sort(),
      });
      expect(mid.assignments).toEqual({ ...worldBefore.assignments, [user1.id]: [directAssignment.id] });
      expect(mid.memberships).toEqual({ ...worldBefore.memberships, [user1.id]: [stackB.signInGroupId] });
      await expectRoleThroughGroup(
        env0,
        user1.id,
        stackB,
        { role: "Environment Admin", scope: { type: "ENVIRONMENT", id: env0 } },
        [directAssignment],
        "b",
      );

      const rb = await ws.must("destroy b", [
        "destroy",
        "--stack",
        "b",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(rb.stdout).toMatch(/- 8 deleted/);
      expect(rb.stdout).toContain("-  pingone:index:Group stackone-signin-group deleted");
      expect(rb.stdout).toContain("-  pingone:index:GroupRoleAssignment stackone-signin-group-role deleted");
      expect(rb.stdout).toContain("-  pingone:index:GroupMembership stackone-signin-membership deleted");
      expect(rb.stdout).not.toContain("UserRoleAssignment");
      await expectNoSignInGroup(env0, stackB.signInGroupId, stackB.roleAssignmentId);
      // The user keeps exactly the assignment it held before the stack, and belongs to no group.
      expect(await userAccess(api, env0, user1.id)).toEqual({ direct: [directAssignment], groups: [] });
      expect(await api.getUserRoleAssignment(env0, user1.id, directAssignment.id)).toEqual(directAsHeld);
      const end = await world();
      expect(end.apps).toEqual(worldBefore.apps);
      expect(end.groups).toEqual(worldBefore.groups);
      expect(end.memberships).toEqual(worldBefore.memberships);
      expect(end.assignments).toEqual({ ...worldBefore.assignments, [user1.id]: [directAssignment.id] });
    },
    STEP,
  );

  step("after every step, no secret seen on the way appears in any state file or in the CLI's output", () => {
    const secrets = [emu.clientSecret, ...secretsSeen];
    expect(secretsSeen.size).toBeGreaterThanOrEqual(4);
    for (const file of ws.stateFiles()) {
      const text = fs.readFileSync(file, "utf8");
      for (const s of secrets) expect(text.includes(s), `a secret in ${file}`).toBe(false);
    }
    const transcript = ws.transcript.join("\n");
    for (const s of secrets) expect(transcript.includes(s), "a secret in the CLI's output").toBe(false);
  });
});
