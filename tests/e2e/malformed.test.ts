/**
 * A malformed 200 from PingOne, through the real Pulumi CLI against the emulator's `malformed` fault: a list answer
 * that is `null` or `{}` fails the command naming the operation — it is never read as an empty list. So `up` of a
 * second stack naming a taken application makes no second application, and `refresh` drops no live grant from the
 * state as deleted.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, parseJsonOutput, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/malformed.test.ts");

const STEP = 240_000;

describe.skipIf(cli.skip)("malformed PingOne answers fail the command; nothing is made twice or dropped", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-malformed-e2e", { seed: 7373 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  async function stateTypes(stack: string): Promise<string[]> {
    const r = await ws.must(`export ${stack}`, ["stack", "export", "--stack", stack, "--non-interactive"]);
    const resources =
      parseJsonOutput<{ deployment: { resources?: { type: string }[] } }>(r.stdout).deployment.resources ?? [];
    return resources
      .map((res) => res.type)
      .filter((t) => t.startsWith("pingone:index:"))
      .sort();
  }

  it(
    "a null applications list during up, and a {} grants list during refresh: each fails naming the operation; no app twice, no grant dropped",
    async () => {
      await ws.must("stack init a", ["stack", "init", "a", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("a", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      await ws.must("up a", ["up", "--stack", "a", "--yes", "--skip-preview", "--non-interactive"]);
      const apps = await api.listApplications(env);
      expect(apps.map((a) => a.name)).toEqual(["StackOne Integration"]);
      const types = await stateTypes("a");
      expect(types).toContain("pingone:index:ResourceGrant");

      // A second stack naming the same application: the list that would find it answers a 200 with a null body.
      await ws.must("stack init b", ["stack", "init", "b", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("b", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      emu.clearRequests();
      emu.injectFault({ kind: "malformed", body: "null", method: "GET", pathPattern: "/applications$" });
      const b = await ws.run("up b (null list)", [
        "up",
        "--stack",
        "b",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      emu.clearFaults();
      expect(b.code).not.toBe(0);
      expect(b.stdout + b.stderr).toContain(
        "PingOne list applications failed: 200 malformed response: the body is null, not a collection; the answer is not read as an empty list",
      );
      expect(emu.requests().filter((r) => r.method === "POST" && r.path.endsWith("/applications"))).toEqual([]);
      expect((await api.listApplications(env)).map((a) => a.id)).toEqual(apps.map((a) => a.id));
      expect(await stateTypes("b")).not.toContain("pingone:index:Application");

      // refresh of the first stack while the grants list answers {}: the grant stays in the state.
      emu.injectFault({ kind: "malformed", body: "{}", method: "GET", pathPattern: "/grants$" });
      const refresh = await ws.run("refresh a ({} grants)", ["refresh", "--stack", "a", "--yes", "--non-interactive"]);
      emu.clearFaults();
      expect(refresh.code).not.toBe(0);
      expect(refresh.stdout + refresh.stderr).toContain(
        "PingOne list application grants failed: 200 malformed response: no _embedded.grants and no count or size of 0; the answer is not read as an empty list",
      );
      expect(await stateTypes("a")).toEqual(types);
      await ws.must("preview a (no change)", [
        "preview",
        "--stack",
        "a",
        "--refresh",
        "--expect-no-changes",
        "--non-interactive",
      ]);

      await ws.must("destroy b", ["destroy", "--stack", "b", "--yes", "--skip-preview", "--non-interactive"]);
      await ws.must("destroy a", ["destroy", "--stack", "a", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await api.listApplications(env)).toEqual([]);
    },
    STEP,
  );
});
