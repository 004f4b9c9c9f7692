/**
 * Two stacks for one environment and one sign-in user, through the real Pulumi CLI against the emulator, destroyed
 * in both orders. Each stack gives the user the admin role through its own group, so destroying either one removes
 * only its own group (its role, the membership) and the other stack's connection keeps working: `verify` against
 * the remaining stack passes every check, the simulated StackOne connection included. A role the user held directly
 * before either stack existed is never touched.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { runVerify } from "../../verify/verify";
import { e2eCli, signInAccess, startE2eWorld, stopE2eWorld, parseJsonOutput, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/sharing.test.ts");

const STEP = 240_000;
const EA = "Environment Admin at ENVIRONMENT";

describe.skipIf(cli.skip)("two stacks sharing a sign-in user: destroying either leaves the other working", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-sharing-e2e", { seed: 9595 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
    for (const stack of ["a", "b"]) {
      await ws.must(`stack init ${stack}`, [
        "stack",
        "init",
        stack,
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      ws.setConfig(stack, {
        "stackone:environmentId": env,
        "stackone:signInUsername": user.username,
        "stackone:appName": `StackOne ${stack.toUpperCase()}`,
      });
    }
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  const up = (stack: string) =>
    ws.must(`up ${stack}`, ["up", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);
  const destroy = (stack: string) =>
    ws.must(`destroy ${stack}`, ["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);

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

  for (const [first, second] of [
    ["a", "b"],
    ["b", "a"],
  ] as const) {
    it(
      `destroying ${first} first leaves ${second} working, then destroying ${second} leaves only the user's own role`,
      async () => {
        // The user's own role, from before any stack: never the stacks' to remove.
        const own = await api.createUserRoleAssignment(
          env,
          user.id,
          (await api.listRoles()).find((r) => r.name === "Identity Data Admin")!.id,
          {
            id: env,
            type: "ENVIRONMENT",
          },
        );
        await up("a");
        await up("b");
        expect(await signInAccess(api, env, user.id)).toEqual({
          direct: ["Identity Data Admin at ENVIRONMENT"],
          groups: { "StackOne A sign-in users": [EA], "StackOne B sign-in users": [EA] },
        });
        expect(await failingChecks("a")).toEqual([]);
        expect(await failingChecks("b")).toEqual([]);

        await destroy(first);
        expect(await signInAccess(api, env, user.id)).toEqual({
          direct: ["Identity Data Admin at ENVIRONMENT"],
          groups: { [`StackOne ${second.toUpperCase()} sign-in users`]: [EA] },
        });
        expect((await api.listApplications(env)).map((a) => a.name)).toEqual([`StackOne ${second.toUpperCase()}`]);
        expect(await failingChecks(second)).toEqual([]);
        await ws.must(`preview ${second} (untouched)`, [
          "preview",
          "--stack",
          second,
          "--refresh",
          "--expect-no-changes",
          "--non-interactive",
        ]);

        await destroy(second);
        expect(await signInAccess(api, env, user.id)).toEqual({
          direct: ["Identity Data Admin at ENVIRONMENT"],
          groups: {},
        });
        expect(await api.listApplications(env)).toEqual([]);
        await api.deleteUserRoleAssignment(env, user.id, own.id);
      },
      2 * STEP,
    );
  }
});
