/**
 * A secret rotation whose `pulumi up` is killed (SIGKILL to the CLI and its children) while PingOne performs the
 * rotation's POST, through the real CLI against the emulator, with `stackone:keepPreviousSecretMinutes 60`. PingOne
 * then holds a new secret and keeps the original — the one StackOne holds — as its `previous` for the hour, while the
 * state still records the old trigger and the original secret. After `pulumi cancel`, the next `up` runs the
 * rotation again and finds it done: no second POST (which would retire the original at once), the new secret in the
 * outputs, and the original still accepted at the token endpoint until the first run's expiry — then refused.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import { tokenRequest } from "../../emulator/testing";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, parseJsonOutput, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/rotation.test.ts");

const STEP = 240_000;
const HOLD_MS = 6_000;
const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";

describe.skipIf(cli.skip)("a rotation killed while PingOne performs it: exactly one rotation, the overlap kept", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-rotation-e2e", { seed: 5151 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  /** `pulumi up`, killed with its whole process group 1.5 s after the CLI prints a line matching `during`. */
  function upKilledDuring(stack: string, during: RegExp): Promise<string> {
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
        if (!killed && during.test(out)) {
          killed = true;
          // PingOne has the rotation's POST (held open by the latency fault): kill the CLI, the language host, the
          // program and the plugin, as a CI runner cancelling a job does.
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

  async function connection(stack: string): Promise<{ clientId: string; clientSecret: string }> {
    return parseJsonOutput(
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
  }

  /** What the token endpoint says to StackOne's code exchange (a dummy code) with this secret: invalid_grant = accepted client. */
  async function tokenEndpointSays(clientId: string, secret: string): Promise<string> {
    const res = await tokenRequest(
      emu,
      env,
      { grant_type: "authorization_code", code: "not-a-code", redirect_uri: CALLBACK },
      { id: clientId, secret, auth: "post" },
    );
    return `${res.status} ${(res.body as { error?: string }).error}`;
  }

  it(
    "after pulumi cancel, the next up completes the rotation PingOne performed: one POST, the original secret valid for the hour",
    async () => {
      await ws.must("stack init k", ["stack", "init", "k", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("k", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      await ws.must("up k", ["up", "--stack", "k", "--yes", "--skip-preview", "--non-interactive"]);
      const before = await connection("k");
      const original = before.clientSecret;
      const secretPath = `/v1/environments/${env}/applications/${before.clientId}/secret`;

      ws.setConfig("k", { "stackone:rotateSecret": "2026-12", "stackone:keepPreviousSecretMinutes": 60 });
      emu.clearRequests();
      emu.injectFault({ kind: "latency", ms: HOLD_MS, method: "POST", pathPattern: "/secret$", next: 1 });
      await upKilledDuring("k", /pingone:index:ApplicationSecret\s+stackone-secret\s+updating/);
      // The POST completes in PingOne after the CLI is gone: a new secret, the original kept as previous.
      await new Promise((r) => setTimeout(r, HOLD_MS + 500));
      const performed = await api.getApplicationSecret(env, before.clientId);
      expect(performed.secret).not.toBe(original);
      expect(performed.previous?.secret).toBe(original);
      const expiresAt = performed.previous!.expiresAt;

      await ws.must("cancel k", ["cancel", "--stack", "k", "--yes", "--non-interactive"]);
      await ws.must("up k (after the kill)", ["up", "--stack", "k", "--yes", "--skip-preview", "--non-interactive"]);

      // Exactly one rotation: the killed run's POST. The rerun read the secret and made none.
      expect(
        emu
          .requests()
          .filter((r) => r.path === secretPath && r.method === "POST")
          .map((r) => r.status),
      ).toEqual([200]);
      expect(await api.getApplicationSecret(env, before.clientId)).toEqual({
        ...performed,
        previous: { ...performed.previous, expiresAt },
      });
      const after = await connection("k");
      expect(after.clientId).toBe(before.clientId);
      expect(after.clientSecret).toBe(performed.secret);
      await ws.must("preview k (converged)", ["preview", "--stack", "k", "--expect-no-changes", "--non-interactive"]);

      // During the overlap both secrets authenticate (the dummy code is refused, the client is not); a wrong one does not.
      expect(await tokenEndpointSays(before.clientId, original)).toBe("400 invalid_grant");
      expect(await tokenEndpointSays(before.clientId, performed.secret)).toBe("400 invalid_grant");
      expect(await tokenEndpointSays(before.clientId, `${original}x`)).toBe("401 invalid_client");
      // The overlap is the first run's hour, not one restarted by the rerun: past it, the original is refused.
      emu.advanceClock(Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000) + 60);
      expect(await tokenEndpointSays(before.clientId, original)).toBe("401 invalid_client");
      expect(await tokenEndpointSays(before.clientId, performed.secret)).toBe("400 invalid_grant");

      await ws.must("destroy k", ["destroy", "--stack", "k", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await api.listApplications(env)).toEqual([]);
    },
    2 * STEP,
  );
});
