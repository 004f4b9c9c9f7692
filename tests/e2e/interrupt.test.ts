/**
 * `pulumi up` killed (SIGKILL to the CLI and its children) while PingOne holds the application's POST open, through
 * the real CLI against the emulator. PingOne then holds an application the state knows only as a pending create.
 * After `pulumi cancel` (the lock the killed CLI left), the next `up` does not make a second one: the provider
 * recognises the application its interrupted create made (same name, exactly the inputs' settings, no grant yet) and
 * owns it, so the stack converges to exactly one application, one grant and one role assignment, and `destroy` leaves
 * nothing the stack made. A same-named application that is someone else's (it has its grant) is refused instead,
 * with the ways out named.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exchange, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { findPulumiCli, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = findPulumiCli();
const inCi = process.env.CI === "true";
if (cli.binDir === undefined && !inCi) {
  // eslint-disable-next-line no-console
  console.warn(`tests/e2e/interrupt.test.ts skipped: ${cli.reason}. Run scripts/pulumi-cli.sh to build one.`);
}

const STEP = 240_000;
const HOLD_MS = 6_000;

describe.skipIf(cli.binDir === undefined && !inCi)("an up killed during the application's POST: found, not duplicated", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;
  const posts: Exchange[] = [];

  beforeAll(async () => {
    if (cli.binDir === undefined) throw new Error(`CI=true needs the Pulumi CLI for tests/e2e: ${cli.reason}`);
    ({ emu, api, ws } = await startE2eWorld(cli.binDir, "stackone-interrupt-e2e", {
      seed: 8484,
      onExchange: (e) => {
        if (e.method === "POST" && /\/applications$/.test(e.path)) posts.push(e);
      },
    }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  /** `pulumi up` on `stack`, killed with its whole process group once the resource matching `creating` is under way. */
  function upKilledDuringCreate(stack = "k", creating = /pingone:index:Application\s+stackone-app\s+creating/): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(cli.binDir!, "pulumi"), ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], {
        cwd: ws.projectDir,
        env: ws.commandEnv(),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let out = "";
      let killed = false;
      const onData = (d: Buffer) => {
        out += d.toString();
        if (!killed && creating.test(out)) {
          killed = true;
          // PingOne has the request (held open by the latency fault): kill the CLI, the language host, the program
          // and the plugin, as a CI runner cancelling a job does.
          setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 1_500);
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

  it("after pulumi cancel, the next up owns the application its interrupted create made; a foreign same-named one is refused", async () => {
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
    const again = await ws.must("up (after the kill)", ["up", "--stack", "k", "--yes", "--skip-preview", "--non-interactive"]);
    expect(again.stdout).toMatch(/interrupted while creating/);
    expect((await api.listApplications(env)).map((a) => a.id)).toEqual([orphan]);
    expect((await api.listApplicationGrants(env, orphan)).length).toBe(1);
    expect((await api.listUserRoleAssignments(env, user.id)).length).toBe(1);
    const outputs = JSON.parse((await ws.must("outputs k", ["stack", "output", "--stack", "k", "--json", "--non-interactive"])).stdout) as {
      clientId: string;
    };
    expect(outputs.clientId).toBe(orphan);
    expect(posts.length).toBe(1);
    await ws.must("preview (converged)", ["preview", "--stack", "k", "--expect-no-changes", "--non-interactive"]);

    // A second stack naming the same application finds one that got past its create (it has its grant): not its
    // own. It is refused, with the ways out, and nothing is made.
    await ws.must("stack init other", ["stack", "init", "other", "--secrets-provider", "passphrase", "--non-interactive"]);
    ws.setConfig("other", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
    const refused = await ws.run("up other (same name)", ["up", "--stack", "other", "--yes", "--skip-preview", "--non-interactive"]);
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
    expect(await api.listApplications(env)).toEqual([]);
    expect(await api.listUserRoleAssignments(env, user.id)).toEqual([]);
  }, STEP);

  for (const [what, stack, fault, creating] of [
    ["the grant's POST", "g", { method: "POST", pathPattern: "/grants$" }, /pingone:index:ResourceGrant\s+stackone-openid-grant\s+creating/],
    ["the secret's read", "s", { method: "GET", pathPattern: "/secret$" }, /pingone:index:ApplicationSecret\s+stackone-secret\s+creating/],
  ] as const) {
    it(`killed during ${what}: after pulumi cancel, up converges to one application, one grant, one role; destroy empties PingOne`, async () => {
      await ws.must(`stack init ${stack}`, ["stack", "init", stack, "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig(stack, { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      emu.injectFault({ kind: "latency", ms: HOLD_MS, ...fault, next: 1 });
      await upKilledDuringCreate(stack, creating);
      await new Promise((r) => setTimeout(r, HOLD_MS + 500));
      emu.clearFaults();
      await ws.must(`cancel ${stack}`, ["cancel", "--stack", stack, "--yes", "--non-interactive"]);
      await ws.must(`up ${stack} (after the kill)`, ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);
      const apps = await api.listApplications(env);
      expect(apps.length).toBe(1);
      expect((await api.listApplicationGrants(env, apps[0].id)).length).toBe(1);
      expect((await api.listUserRoleAssignments(env, user.id)).length).toBe(1);
      await ws.must(`preview ${stack} (converged)`, ["preview", "--stack", stack, "--expect-no-changes", "--non-interactive"]);
      await ws.must(`destroy ${stack}`, ["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);
      expect(await api.listApplications(env)).toEqual([]);
      expect(await api.listUserRoleAssignments(env, user.id)).toEqual([]);
    }, STEP);
  }
});
