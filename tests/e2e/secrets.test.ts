/**
 * The provisioner's client secret is never stored in plain text, through the real Pulumi CLI against the emulator:
 * `pingone:clientSecret` set without `--secret` is refused before any request — by the program's configuration check,
 * and, for a program without it, by the plugin's Configure — with the command that fixes it; once set with
 * `--secret`, `up` works and the state holds it encrypted. After every run no file under the backend directory or
 * `PULUMI_HOME` holds the secret's plaintext.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, parseJsonOutput, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/secrets.test.ts");

const STEP = 240_000;
const FIX = "`pulumi config set --secret pingone:clientSecret <value>`";

describe.skipIf(cli.skip)("pingone:clientSecret is never stored in plain text", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env: string;
  let user: SeededUser;
  let programSource: string;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-secrets-e2e", { seed: 6262 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
    programSource = fs.readFileSync(path.join(ws.projectDir, "index.ts"), "utf8");
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  /** Files under the backend directory and PULUMI_HOME holding `secret` in plain text (the stack file is the user's). */
  function plaintextIn(secret: string): string[] {
    return ws
      .stateFiles()
      .filter((f) => !f.startsWith(ws.projectDir))
      .filter((f) => fs.readFileSync(f).includes(Buffer.from(secret)));
  }

  /** The stack's default provider's inputs as the state holds them (secrets as Pulumi's secret objects). */
  async function providerInputs(stack: string): Promise<Record<string, unknown>> {
    const exported = parseJsonOutput<{
      deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
    }>((await ws.must("stack export", ["stack", "export", "--stack", stack, "--non-interactive"])).stdout);
    return exported.deployment.resources.find((r) => r.type === "pulumi:providers:pingone")?.inputs ?? {};
  }

  it(
    "the program refuses a plain pingone:clientSecret before any request, naming the fix; with --secret, up works and the state holds it encrypted",
    async () => {
      await ws.must("stack init s", ["stack", "init", "s", "--secrets-provider", "passphrase", "--non-interactive"]);
      ws.setConfig("s", { "stackone:environmentId": env, "stackone:signInUsername": user.username });
      // The CLI itself balks at a high-entropy value under a key named like a secret; `--plaintext` (or editing the stack
      // file, or a value that does not look random) gets past it.
      await ws.must("config set (plain)", [
        "config",
        "set",
        "--plaintext",
        "pingone:clientSecret",
        emu.clientSecret,
        "--stack",
        "s",
      ]);
      emu.clearRequests();
      const preview = await ws.run("preview (plain secret)", ["preview", "--stack", "s", "--non-interactive"]);
      const up = await ws.run("up (plain secret)", ["up", "--stack", "s", "--yes", "--non-interactive"]);
      for (const refused of [preview, up]) {
        expect(refused.code).not.toBe(0);
        expect(refused.stdout + refused.stderr).toContain(
          `pingone:clientSecret: is set in plain text (the value is not shown)`,
        );
        expect(refused.stdout + refused.stderr).toContain(`store it encrypted with ${FIX}`);
        expect(refused.stdout + refused.stderr).not.toContain(emu.clientSecret);
      }
      expect(emu.requests()).toEqual([]);
      expect(plaintextIn(emu.clientSecret)).toEqual([]);

      await ws.must("config set --secret", [
        "config",
        "set",
        "--secret",
        "pingone:clientSecret",
        emu.clientSecret,
        "--stack",
        "s",
      ]);
      await ws.must("up (secret)", ["up", "--stack", "s", "--yes", "--non-interactive"]);
      expect((await api.listApplications(env)).map((a) => a.name)).toEqual(["StackOne Integration"]);
      const inputs = await providerInputs("s");
      expect(Object.keys(inputs.clientSecret as object).sort()).toEqual([
        "4dabf18193072939515e22adb298388d",
        "ciphertext",
      ]);
      await ws.must("refresh", ["refresh", "--stack", "s", "--yes", "--non-interactive"]);
      await ws.must("destroy", ["destroy", "--stack", "s", "--yes", "--non-interactive"]);
      expect(plaintextIn(emu.clientSecret)).toEqual([]);
    },
    STEP,
  );

  it(
    "a program without the configuration check: the plugin's Configure refuses the plain secret before any request",
    async () => {
      await ws.must("stack init bare", [
        "stack",
        "init",
        "bare",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      await ws.must("config set (plain)", [
        "config",
        "set",
        "--plaintext",
        "pingone:clientSecret",
        emu.clientSecret,
        "--stack",
        "bare",
      ]);
      fs.writeFileSync(
        path.join(ws.projectDir, "index.ts"),
        `import * as pingone from "@stackone/pulumi-pingone";
new pingone.Group("g", { environmentId: "${env}", name: "Secret check", description: "d" });
`,
      );
      try {
        emu.clearRequests();
        const up = await ws.run("up bare (plain secret)", ["up", "--stack", "bare", "--yes", "--non-interactive"]);
        expect(up.code).not.toBe(0);
        expect(up.stdout + up.stderr).toContain(`pingone:clientSecret: is set in plain text (the value is not shown)`);
        expect(up.stdout + up.stderr).toContain(`store it encrypted with ${FIX}`);
        expect(up.stdout + up.stderr).not.toContain(emu.clientSecret);
        expect(emu.requests()).toEqual([]);
        expect(plaintextIn(emu.clientSecret)).toEqual([]);
      } finally {
        fs.writeFileSync(path.join(ws.projectDir, "index.ts"), programSource);
      }
    },
    STEP,
  );
});
