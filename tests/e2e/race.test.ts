/**
 * Two stacks racing for one name, through the real Pulumi CLI against the emulator: stacks `r1` and `r2`, the same
 * environment, the same `stackone:appName` (so the same application and sign-in group names) and sign-in user,
 * their `pulumi up`s run at once with every PingOne call slowed down.
 * - Racing creates (both orders): the application's and the group's POSTs are held 5 s, and the second `up` starts
 *   while the first one's are held, so both find the names free. PingOne refuses the second group of the name; the
 *   second application is made, and its create, listing the applications after its POST, finds the first stack's
 *   and deletes its own.
 * - The slow-grant repro: the grant, the group's role and the membership POSTs are held 4 s and the second `up`
 *   starts 2.2 s after the first. The first stack's application and group are then there, the same name and
 *   settings as the second's and with no grant, role or member yet — what an interrupted create of the second stack
 *   would leave, were it not for the owner marker, which is the first stack's.
 * Afterwards the winner holds its application, secret, grant, group, role and membership, and the loser nothing (no
 * resource in its state, nothing in PingOne); destroying the loser leaves the winner's connection passing `verify`,
 * and destroying the winner empties PingOne.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultSpec, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { runVerify } from "../../verify/verify";
import {
  e2eCli,
  groupsNamed,
  parseJsonOutput,
  signInAccess,
  startE2eWorld,
  stopE2eWorld,
  type CommandResult,
  PulumiWorkspace,
} from "./harness";

const cli = e2eCli("tests/e2e/race.test.ts");

const STEP = 240_000;
const APP = "StackOne Integration";
const GROUP = "StackOne Integration sign-in users";
const EA = "Environment Admin at ENVIRONMENT";
/** Every PingOne request takes this long (a latency fault matches any request the slower faults before it do not). */
const PER_CALL: FaultSpec = { kind: "latency", ms: 150 };

describe.skipIf(cli.skip)("two stacks racing for one name: at most one owns it, the other leaves nothing", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-race-e2e", { seed: 7373 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
    for (const stack of ["r1", "r2"]) {
      await ws.must(`stack init ${stack}`, [
        "stack",
        "init",
        stack,
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      ws.setConfig(stack, { "stackone:environmentId": env, "stackone:signInUsername": user.username });
    }
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  const up = (stack: string) =>
    ws.run(`up ${stack} (racing)`, ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);
  const destroy = (stack: string) =>
    ws.must(`destroy ${stack}`, ["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);

  /** `pulumi up` on `stack`, resolved once the CLI prints a line matching `started` (and the run's result). */
  function upUntil(stack: string, started: RegExp): { reached: Promise<void>; done: Promise<CommandResult> } {
    let reach: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    const done = new Promise<CommandResult>((resolve, reject) => {
      const args = ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"];
      const child = spawn(path.join(cli.binDir!, "pulumi"), args, {
        cwd: ws.projectDir,
        env: ws.commandEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      const t0 = Date.now();
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (started.test(stdout)) reach();
      });
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        ws.transcript.push(stdout, stderr);
        reach();
        resolve({ args, code: code ?? -1, stdout, stderr, ms: Date.now() - t0 });
      });
    });
    return { reached, done };
  }

  /** The pingone resources `stack`'s state holds, as `type name`. */
  async function resourcesOf(stack: string): Promise<string[]> {
    const state = parseJsonOutput<{ deployment: { resources?: { type: string; urn: string }[] } }>(
      (await ws.must(`export ${stack}`, ["stack", "export", "--stack", stack, "--non-interactive"])).stdout,
    );
    return (state.deployment.resources ?? [])
      .filter((r) => r.type.startsWith("pingone:index:"))
      .map((r) => `${r.type} ${r.urn.split("::").pop()}`);
  }

  /** `verify` against the stack's outputs, as `npm run verify -- --stack <stack>` runs it; the failing checks. */
  async function failingChecks(stack: string): Promise<string[]> {
    const out = parseJsonOutput<{ clientId: string; clientSecret: string }>(
      (
        await ws.must(`outputs ${stack}`, [
          "stack",
          "output",
          "--stack",
          stack,
          "--json",
          "--show-secrets",
          "--non-interactive",
        ])
      ).stdout,
    );
    const report = await runVerify({
      environmentId: env,
      clientId: out.clientId,
      clientSecret: out.clientSecret,
      signIn: { username: user.username },
      provisioner: {
        environmentId: emu.adminEnvironmentId,
        clientId: emu.clientId,
        clientSecret: emu.clientSecret,
        apiUrl: emu.apiUrl,
        authUrl: emu.authUrl,
      },
    });
    expect(report.simulated).toBe(true);
    return report.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.detail}`);
  }

  /** After the race: the winner owns exactly the connection, the loser nothing; destroying each in turn. */
  async function expectWinner(winner: string, loser: string, lost: CommandResult): Promise<void> {
    emu.clearFaults();
    const apps = await api.listApplications(env);
    expect(apps.map((a) => a.name)).toEqual([APP]);
    const outputs = parseJsonOutput<{ applicationId: string }>(
      (await ws.must(`outputs ${winner}`, ["stack", "output", "--stack", winner, "--json", "--non-interactive"]))
        .stdout,
    );
    expect(outputs.applicationId).toBe(apps[0].id);
    expect(await signInAccess(api, env, user.id)).toEqual({ direct: [], groups: { [GROUP]: [EA] } });
    expect(await groupsNamed(api, env, [GROUP])).toEqual([GROUP]);
    expect(await resourcesOf(winner)).toHaveLength(6);
    expect(await resourcesOf(loser)).toEqual([]);
    expect(await failingChecks(winner)).toEqual([]);
    const group = (await api.findGroupByName(env, GROUP))!;
    // The winner's group, refused by PingOne as a duplicate and not taken: it carries the winner's marker (and, when
    // the winner got that far, its member).
    const refusal = (members: string) =>
      `A group named "${GROUP}" already exists in environment ${env} (group ${group.id}, made by another Pulumi resource${members}); ` +
      "it does not carry this resource's owner marker, so it is not one an interrupted create of this resource left behind. " +
      `Give this group another name, or take that one over with \`pulumi import pingone:index:Group <name> ${env}/${group.id}\``;
    const said = lost.stdout + lost.stderr;
    expect([refusal(""), refusal(", 1 member(s)")].filter((r) => said.includes(r))).toHaveLength(1);

    await ws.must(`preview ${winner} (converged)`, [
      "preview",
      "--stack",
      winner,
      "--refresh",
      "--expect-no-changes",
      "--non-interactive",
    ]);
    await destroy(loser);
    expect((await api.listApplications(env)).map((a) => a.id)).toEqual([apps[0].id]);
    expect(await signInAccess(api, env, user.id)).toEqual({ direct: [], groups: { [GROUP]: [EA] } });
    expect(await failingChecks(winner)).toEqual([]);
    await destroy(winner);
    expect(await api.listApplications(env)).toEqual([]);
    expect(await signInAccess(api, env, user.id)).toEqual({ direct: [], groups: {} });
    expect(await groupsNamed(api, env, [GROUP])).toEqual([]);
  }

  for (const [first, second] of [
    ["r1", "r2"],
    ["r2", "r1"],
  ] as const) {
    it(
      `racing creates, ${first} first: ${second} finds the names free, makes its application, sees ${first}'s and deletes its own`,
      async () => {
        // The first two application POSTs and the first two group POSTs are held 5 s each.
        emu.injectFault({ kind: "latency", ms: 5_000, method: "POST", pathPattern: "/applications$", next: 2 });
        emu.injectFault({ kind: "latency", ms: 5_000, method: "POST", pathPattern: "/groups$", next: 2 });
        emu.injectFault(PER_CALL);
        emu.clearRequests();
        const a = upUntil(first, /pingone:index:Application\s+stackone-app\s+creating/);
        await a.reached;
        // The first stack's POSTs are on their way; the second stack lists the applications before they take effect.
        await new Promise((r) => setTimeout(r, 500));
        const b = up(second);
        const [won, lost] = await Promise.all([a.done, b]);
        expect(won.code, won.stdout + won.stderr).toBe(0);
        expect(lost.code).not.toBe(0);

        // Both POSTed an application (the names were free when each listed); the loser deleted its own again.
        const appPath = `/v1/environments/${env}/applications`;
        const posts = emu.requests().filter((r) => r.method === "POST" && r.path === appPath);
        expect(posts.map((p) => p.status)).toEqual([201, 201]);
        const deleted = emu.requests().filter((r) => r.method === "DELETE" && r.path.startsWith(`${appPath}/`));
        expect(deleted.map((d) => d.status)).toEqual([204]);
        const lostId = deleted[0].path.split("/").pop()!;
        const survivor = (await api.listApplications(env))[0];
        expect(lostId).not.toBe(survivor.id);
        expect(lost.stdout + lost.stderr).toContain(
          `An application named "${APP}" already exists in environment ${env} (${survivor.id}, created ${survivor.createdAt}); ` +
            `another writer created it while this create ran; application names are kept unique in an environment, so the application ${lostId} this create made was deleted.`,
        );
        await expectWinner(first, second, lost);
      },
      2 * STEP,
    );
  }

  it(
    "the slow-grant repro: the second stack, 2.2 s behind, meets the first's application and group before their grant, role and member — and takes neither",
    async () => {
      for (const pathPattern of ["/grants$", "/memberOfGroups$", "/groups/[^/]+/roleAssignments$"]) {
        emu.injectFault({ kind: "latency", ms: 4_000, method: "POST", pathPattern });
      }
      emu.injectFault(PER_CALL);
      emu.clearRequests();
      const a = upUntil("r1", /^/);
      await new Promise((r) => setTimeout(r, 2_200));
      const lost = await up("r2");
      const won = await a.done;
      expect(won.code, won.stdout + won.stderr).toBe(0);
      expect(lost.code).not.toBe(0);
      const survivor = (await api.listApplications(env))[0];
      // Refused before anything was sent: one application POST in all (the first stack's).
      expect(
        emu.requests().filter((r) => r.method === "POST" && r.path === `/v1/environments/${env}/applications`),
      ).toHaveLength(1);
      expect(lost.stdout + lost.stderr).toContain(
        `An application named "${APP}" already exists in environment ${env} (${survivor.id}, created ${survivor.createdAt}); ` +
          "application names are kept unique in an environment, so it was not created again. Give this application another name, " +
          `or take that one over: the adoptApplicationId input (${survivor.id})`,
      );
      await expectWinner("r1", "r2", lost);
    },
    2 * STEP,
  );
});
