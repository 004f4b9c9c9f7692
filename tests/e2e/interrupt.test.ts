/**
 * `pulumi up` killed (SIGKILL to the CLI and its children) while PingOne holds a create open, through the real CLI
 * against the emulator: the application's POST, the grant's POST, the secret's read, the sign-in group's POST, the
 * group's role assignment POST and the user's membership POST. PingOne then holds an object the state knows only as
 * a pending create (or not at all). After `pulumi cancel` (the lock the killed CLI left), the next `up` makes no
 * second one: each provider create recognises what its interrupted create made (the application and the group: of
 * the name, carrying the resource's owner marker, which their create's own request wrote; the group's role and the
 * membership: there already, on the stack's own group) and owns it. So the stack converges to exactly one
 * application, one grant, one group holding one role with the user as its member, and `destroy` leaves nothing the
 * stack made. A same-named application that is someone else's (another stack's: another marker) is refused instead,
 * with the ways out named. The CLI alone SIGKILLed (its plugin left running, as an out-of-memory kill leaves it): the
 * plugin exits by itself within 10 s; and after the suite no plugin process of any of its runs is alive.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exchange, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import {
  e2eCli,
  groupsNamed,
  pluginProcesses,
  pluginsLeft,
  signInAccess,
  startE2eWorld,
  stopE2eWorld,
  PulumiWorkspace,
} from "./harness";

const GROUP = "StackOne Integration sign-in users";

const cli = e2eCli("tests/e2e/interrupt.test.ts");

const STEP = 240_000;
const HOLD_MS = 6_000;

describe.skipIf(cli.skip)("an up killed during a create: found, not duplicated, nothing orphaned", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;
  const posts: Exchange[] = [];

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-interrupt-e2e", {
      seed: 8484,
      onExchange: (e) => {
        if (e.method === "POST" && e.path.endsWith("/applications")) posts.push(e);
      },
    }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
  }, STEP);

  afterAll(async () => {
    // Every run's plugin is gone: none outlives the CLI that started it, killed or not.
    const left = ws === undefined ? [] : await pluginsLeft(ws.projectDir, 10_000);
    await stopE2eWorld({ emu, api, ws }, cli);
    for (const pid of left) process.kill(pid, "SIGKILL");
    expect(left, "pingone plugin processes of this suite's runs still alive 10 s after its last run").toEqual([]);
  }, STEP);

  /** PingOne holds exactly the stack's objects: one application with one grant, the user in one group with one role. */
  async function expectConverged(): Promise<void> {
    const apps = await api.listApplications(env);
    expect(apps.map((a) => a.name)).toEqual(["StackOne Integration"]);
    expect((await api.listApplicationGrants(env, apps[0].id)).length).toBe(1);
    expect(await signInAccess(api, env, user.id)).toEqual({
      direct: [],
      groups: { [GROUP]: ["Environment Admin at ENVIRONMENT"] },
    });
    expect(await groupsNamed(api, env, [GROUP])).toEqual([GROUP]);
  }

  /** PingOne holds nothing the stack made. */
  async function expectEmpty(): Promise<void> {
    expect(await api.listApplications(env)).toEqual([]);
    expect(await signInAccess(api, env, user.id)).toEqual({ direct: [], groups: {} });
    expect(await groupsNamed(api, env, [GROUP])).toEqual([]);
  }

  /**
   * `pulumi up` on `stack`, killed with its whole process group once the resource matching `creating` is under way
   * (`cliOnly`: the CLI process alone, as an out-of-memory kill does it).
   */
  function upKilledDuringCreate(
    stack = "k",
    creating = /pingone:index:Application\s+stackone-app\s+creating/,
    cliOnly = false,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        path.join(cli.binDir!, "pulumi"),
        ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"],
        {
          cwd: ws.projectDir,
          env: ws.commandEnv(),
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        },
      );
      let out = "";
      let killed = false;
      const onData = (d: Buffer) => {
        out += d.toString();
        if (!killed && creating.test(out)) {
          killed = true;
          // PingOne has the request (held open by the latency fault): kill the CLI, the language host, the program
          // and the plugin, as a CI runner cancelling a job does.
          setTimeout(() => process.kill(cliOnly ? child.pid! : -child.pid!, "SIGKILL"), 1_500);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", reject);
      child.on("close", () => {
        ws.transcript.push(out);
        resolve(out);
      });
    });
  }

  it(
    "after pulumi cancel, the next up owns the application its interrupted create made; a foreign same-named one is refused",
    async () => {
      await ws.must("stack init k", ["stack", "init", "k", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("k", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      emu.injectFault({ kind: "latency", ms: HOLD_MS, method: "POST", pathPattern: "/applications$", next: 1 });
      await upKilledDuringCreate();
      // The POST completes in PingOne after the CLI is gone.
      await new Promise((r) => setTimeout(r, HOLD_MS + 500));
      const made = await api.listApplications(env);
      expect(made.map((a) => a.name)).toEqual(["StackOne Integration"]);
      const orphan = made[0].id;

      await ws.must("cancel", ["cancel", "--stack", "k", "--yes", "--non-interactive"]);
      const again = await ws.must("up (after the kill)", [
        "up",
        "--stack",
        "k",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(again.stdout).toMatch(/interrupted while creating/);
      expect((await api.listApplications(env)).map((a) => a.id)).toEqual([orphan]);
      await expectConverged();
      const outputs = JSON.parse(
        (await ws.must("outputs k", ["stack", "output", "--stack", "k", "--json", "--non-interactive"])).stdout,
      ) as {
        clientId: string;
      };
      expect(outputs.clientId).toBe(orphan);
      expect(posts.length).toBe(1);
      await ws.must("preview (converged)", ["preview", "--stack", "k", "--expect-no-changes", "--non-interactive"]);

      // A second stack naming the same application finds one carrying another resource's owner marker: not its own.
      // It is refused, with the ways out, and nothing is made.
      await ws.must("stack init other", [
        "stack",
        "init",
        "other",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      ws.setConfig("other", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      const refused = await ws.run("up other (same name)", [
        "up",
        "--stack",
        "other",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain(
        `An application named "StackOne Integration" already exists in environment ${env} (${orphan}, created `,
      );
      expect(refused.stdout + refused.stderr).toContain(`take that one over: the adoptApplicationId input (${orphan})`);
      expect((await api.listApplications(env)).map((a) => a.id)).toEqual([orphan]);
      expect(posts.length).toBe(1);
      await ws.must("destroy other", ["destroy", "--stack", "other", "--yes", "--skip-preview", "--non-interactive"]);
      expect((await api.listApplications(env)).map((a) => a.id)).toEqual([orphan]);

      await ws.must("destroy k", ["destroy", "--stack", "k", "--yes", "--skip-preview", "--non-interactive"]);
      await expectEmpty();
    },
    STEP,
  );

  it(
    "the CLI alone SIGKILLed mid-up: its pingone plugin is gone within 10 s, and the next up converges",
    async () => {
      await ws.must("stack init p", ["stack", "init", "p", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("p", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      emu.injectFault({ kind: "latency", ms: HOLD_MS, method: "POST", pathPattern: "/applications$", next: 1 });
      let during: number[] = [];
      const killed = upKilledDuringCreate("p", /pingone:index:Application\s+stackone-app\s+creating/, true);
      // The plugin is there while the create is held open (the kill comes 1.5 s after the create shows).
      for (let i = 0; i < 100 && during.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        during = pluginProcesses(ws.projectDir);
      }
      await killed;
      expect(during.length).toBeGreaterThan(0);
      expect(await pluginsLeft(ws.projectDir, 10_000)).toEqual([]);
      await new Promise((r) => setTimeout(r, HOLD_MS));
      emu.clearFaults();
      await ws.must("cancel p", ["cancel", "--stack", "p", "--yes", "--non-interactive"]);
      await ws.must("up p (after the kill)", ["up", "--stack", "p", "--yes", "--skip-preview", "--non-interactive"]);
      await expectConverged();
      await ws.must("destroy p", ["destroy", "--stack", "p", "--yes", "--skip-preview", "--non-interactive"]);
      await expectEmpty();
    },
    STEP,
  );

  /** The sign-in group's role assignments, or undefined when there is no such group. */
  async function groupRoles(): Promise<number | undefined> {
    const group = await api.findGroupByName(env, GROUP);
    return group && (await api.listGroupRoleAssignments(env, group.id)).length;
  }

  // For each request held open: what PingOne holds once the killed run's request has completed there — the object
  // the next `up` must recognise as its own rather than make again or leave behind.
  const CASES: [string, string, { method: string; pathPattern: string }, RegExp, () => Promise<void>][] = [
    [
      "the grant's POST",
      "g",
      { method: "POST", pathPattern: "/grants$" },
      /pingone:index:ResourceGrant\s+stackone-openid-grant\s+creating/,
      async () => {
        const apps = await api.listApplications(env);
        expect((await api.listApplicationGrants(env, apps[0].id)).length).toBe(1);
      },
    ],
    [
      "the secret's read",
      "s",
      { method: "GET", pathPattern: "/secret$" },
      /pingone:index:ApplicationSecret\s+stackone-secret\s+creating/,
      async () => {
        expect((await api.listApplications(env)).length).toBe(1);
      },
    ],
    [
      "the sign-in group's POST",
      "sg",
      { method: "POST", pathPattern: "/groups$" },
      /pingone:index:Group\s+stackone-signin-group\s+creating/,
      async () => {
        expect(await groupsNamed(api, env, [GROUP])).toEqual([GROUP]);
        expect(await groupRoles()).toBe(0);
      },
    ],
    [
      "the group's role assignment POST",
      "ra",
      { method: "POST", pathPattern: "/groups/[^/]+/roleAssignments$" },
      /pingone:index:GroupRoleAssignment\s+stackone-signin-group-role\s+creating/,
      async () => expect(await groupRoles()).toBe(1),
    ],
    [
      "the user's membership POST",
      "m",
      { method: "POST", pathPattern: "/memberOfGroups$" },
      /pingone:index:GroupMembership\s+stackone-signin-membership\s+creating/,
      async () => expect(Object.keys((await signInAccess(api, env, user.id)).groups)).toEqual([GROUP]),
    ],
  ];
  for (const [what, stack, fault, creating, leftBehind] of CASES) {
    it(
      `killed during ${what}: after pulumi cancel, up converges to one application, one grant, one group role and membership; destroy empties PingOne`,
      async () => {
        await ws.must(`stack init ${stack}`, [
          "stack",
          "init",
          stack,
          "--secrets-provider",
          "passphrase",
          "--non-interactive",
        ]);
        ws.setConfig(stack, { "stackone:environmentId": env, "stackone:signInUsername": user.username });
        emu.injectFault({ kind: "latency", ms: HOLD_MS, ...fault, next: 1 });
        await upKilledDuringCreate(stack, creating);
        await new Promise((r) => setTimeout(r, HOLD_MS + 500));
        emu.clearFaults();
        await leftBehind();
        await ws.must(`cancel ${stack}`, ["cancel", "--stack", stack, "--yes", "--non-interactive"]);
        await ws.must(`up ${stack} (after the kill)`, [
          "up",
          "--stack",
          stack,
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        await expectConverged();
        await ws.must(`preview ${stack} (converged)`, [
          "preview",
          "--stack",
          stack,
          "--expect-no-changes",
          "--non-interactive",
        ]);
        await ws.must(`destroy ${stack}`, [
          "destroy",
          "--stack",
          stack,
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        await expectEmpty();
      },
      STEP,
    );
  }
});
