/**
 * The stack's application turned into another type behind its back (PingOne holds it as a WEB_APP; the emulator's
 * persisted world is edited while it is stopped, as its API, like PingOne's, refuses a type change), through the
 * real Pulumi CLI: `refresh` records it as drift with a warning, `preview --diff` shows the replacement, `up`
 * replaces it with a Worker application (new client ID, which reaches the outputs), and then nothing is left to do.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { adminClient } from "../../pingone/provider/testing";
import { e2eCli, requireCli, parseJsonOutput, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/notworker.test.ts");

const STEP = 240_000;
const SEED = 8181;

/** Sets `type` on every object of the world holding `id` (the application), returning how many it changed. */
function retype(value: unknown, id: string, type: string): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + retype(v, id, type), 0);
  if (value === null || typeof value !== "object") return 0;
  const obj = value as Record<string, unknown>;
  let n = 0;
  // The stored application keeps its writable fields, `type` among them, in `body`.
  const body = obj.body as Record<string, unknown> | undefined;
  if (obj.id === id && body?.type === "WORKER") {
    body.type = type;
    n += 1;
  }
  for (const v of Object.values(obj)) n += retype(v, id, type);
  return n;
}

describe.skipIf(cli.skip)("an application that is no longer a Worker: refresh reports it, up replaces it", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let stateFile: string;

  beforeAll(async () => {
    requireCli(cli);
    stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "notworker-world-")), "world.json");
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-notworker-e2e", { seed: SEED, stateFile }));
  }, STEP);

  afterAll(async () => {
    await stopE2eWorld({ emu, api, ws }, cli);
    fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
  });

  it(
    "refresh warns naming the type; preview --diff replaces on notWorker; up makes a Worker with a new client ID; then no change",
    async () => {
      const env = emu.environmentId;
      const user: SeededUser = emu.users.find((u) => u.environmentId === env)!;
      await ws.must("stack init w", ["stack", "init", "w", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("w", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      await ws.must("up", ["up", "--stack", "w", "--yes", "--skip-preview", "--non-interactive"]);
      const outputs = async () =>
        parseJsonOutput<{ clientId: string }>(
          (await ws.must("outputs", ["stack", "output", "--stack", "w", "--json", "--non-interactive"])).stdout,
        );
      const before = (await outputs()).clientId;

      // PingOne now holds the application as a WEB_APP.
      const port = emu.port;
      await emu.stop();
      const world = JSON.parse(fs.readFileSync(stateFile, "utf8")) as unknown;
      expect(retype(world, before, "WEB_APP")).toBe(1);
      fs.writeFileSync(stateFile, JSON.stringify(world));
      emu = await startEmulator({ seed: SEED, stateFile, port });
      api = adminClient(emu);
      expect((await api.getApplication(env, before))?.type).toBe("WEB_APP");

      const refreshed = await ws.run("refresh", [
        "refresh",
        "--stack",
        "w",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
      expect(refreshed.stdout).toContain(
        `warning: application "StackOne Integration" (${before}) is no longer an OIDC Worker application: PingOne holds it as OPENID_CONNECT WEB_APP.`,
      );
      const preview = await ws.run("preview --diff", ["preview", "--stack", "w", "--diff", "--non-interactive"]);
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toMatch(/\+-pingone:index:Application: \(replace\)/);
      expect(preview.stdout).toMatch(/- notWorker\s*: "OPENID_CONNECT WEB_APP"/);

      await ws.must("up (replace)", ["up", "--stack", "w", "--yes", "--skip-preview", "--non-interactive"]);
      const after = (await outputs()).clientId;
      expect(after).not.toBe(before);
      const apps = await api.listApplications(env);
      expect(apps.map((a) => [a.id, a.name, a.type])).toEqual([[after, "StackOne Integration", "WORKER"]]);
      expect((await api.listApplicationGrants(env, after)).length).toBe(1);
      await ws.must("preview (converged)", [
        "preview",
        "--stack",
        "w",
        "--refresh",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      await ws.must("destroy", ["destroy", "--stack", "w", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await api.listApplications(env)).toEqual([]);
    },
    STEP,
  );
});
