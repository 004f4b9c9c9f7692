/**
 * What a user reads when a value is wrong, through the real Pulumi CLI against the emulator: the value the engine
 * shows beside a provider's check failure, each problem once, and every problem of one value at once. Nothing
 * reaches PingOne in any of these.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, startE2eWorld, stopE2eWorld, PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/messages.test.ts");

const STEP = 240_000;

/** How often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe.skipIf(cli.skip)("messages of bad input through the real Pulumi CLI", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env0: string;
  let username: string;
  let programSource: string;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-messages-e2e", { seed: 1818 }));
    env0 = emu.environmentIds[0];
    username = emu.users.find((u) => u.environmentId === env0)!.username;
    programSource = fs.readFileSync(path.join(ws.projectDir, "index.ts"), "utf8");
    await ws.must("stack init m", ["stack", "init", "m", "--secrets-provider", "passphrase", "--non-interactive"]);
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  const program = (source: string) => fs.writeFileSync(path.join(ws.projectDir, "index.ts"), source);

  async function failingPreview(label: string): Promise<string> {
    emu.clearRequests();
    const r = await ws.run(label, ["preview", "--stack", "m", "--non-interactive"]);
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(emu.requests()).toEqual([]);
    return r.stdout + r.stderr;
  }

  it(
    "a wildcard redirect URI of a plain Application: the engine shows the value given beside the problem",
    async () => {
      program(
        [
          'import * as pingone from "@stackone/pulumi-pingone";',
          'new pingone.Application("app", {',
          `  environmentId: "${env0}",`,
          '  name: "Messages e2e",',
          "  enabled: true,",
          "  allowWildcardInRedirectUris: false,",
          "  adminOnlyAccess: true,",
          '  grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],',
          '  responseTypes: ["CODE"],',
          '  pkceEnforcement: "OPTIONAL",',
          '  refreshTokenType: "JSON_WEB_TOKEN",',
          '  tokenEndpointAuthMethod: "CLIENT_SECRET_POST",',
          "  refreshTokenDuration: 2592000,",
          "  refreshTokenRollingDuration: 15552000,",
          '  redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback/*"],',
          "});",
          "",
        ].join("\n"),
      );
      try {
        ws.setConfig("m", {});
        const out = await failingPreview("preview (wildcard)");
        expect(out).toContain(
          "property redirectUris value {[{https://api.stackone.com/connect/oauth2/pingone/callback/*}]} has a problem: " +
            'redirectUris[0] was "https://api.stackone.com/connect/oauth2/pingone/callback/*"; wildcards (*) are allowed ' +
            "only when allowWildcardInRedirectUris is true",
        );
        expect(out).not.toContain("{<nil>}");
      } finally {
        program(programSource);
      }
    },
    STEP,
  );

  it(
    "a bad pingone:regionCode is reported once",
    async () => {
      ws.setConfig("m", {
        "stackone:environmentId": env0,
        "stackone:signInUsername": username,
        "pingone:regionCode": "MARS",
      });
      const out = await failingPreview("preview (bad region)");
      // The engine prints each error twice, in the progress and under Diagnostics: count it among the diagnostics.
      const diagnostics = out.slice(out.indexOf("Diagnostics:"));
      expect(occurrences(diagnostics, '"MARS" is not allowed')).toBe(1);
      expect(diagnostics).toContain(
        '  - pingone:regionCode: "MARS" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
      );
    },
    STEP,
  );

  it(
    "a redirect URI with two problems lists both in one line",
    async () => {
      ws.setConfig("m", {
        "stackone:environmentId": env0,
        "stackone:signInUsername": username,
        "stackone:redirectUri": "http://example.com/cb/",
      });
      const out = await failingPreview("preview (two problems)");
      expect(out).toContain(
        'stackone:redirectUri: "http://example.com/cb/" uses http and ends with "/"; expected an absolute https URL ' +
          "without wildcards, fragment or trailing slash, matched exactly by PingOne (StackOne's is " +
          "https://api.stackone.com/connect/oauth2/pingone/callback) (http only for localhost or 127.0.0.1)",
      );
      expect(out).toContain(
        "Set values with `pulumi config set <key> <value>` (lists: as YAML lists in Pulumi.m.yaml)",
      );
    },
    STEP,
  );
});
