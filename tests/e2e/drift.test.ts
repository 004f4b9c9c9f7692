/**
 * Drift through the real Pulumi CLI against the emulator (issue #14, finding 5): a role given to the StackOne
 * application out of band, which the provisioner lacks and which keeps the app's client secret from it, and a grant
 * on another resource the stack does not manage. Each time `refresh` succeeds with one warning naming the drift,
 * `preview --diff` names the recorded property, `up` repairs PingOne (checked through the emulator) and a preview
 * after expects no changes. Without a CLI the suite is skipped locally and fails under CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator, SeededUser } from "../../emulator";
import { apiClient, provisionerToken, roleId, type Api } from "../../emulator/testing";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, parseJsonOutput, startE2eWorld, stopE2eWorld, type PulumiWorkspace } from "./harness";

const cli = e2eCli("tests/e2e/drift.test.ts");

const STEP = 240_000;
const STACK = "drift";
const SECRET_URN_TYPE = "pingone:index:ApplicationSecret";

describe.skipIf(cli.skip)("drift through the real Pulumi CLI: reported by refresh, repaired by up", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let outOfBand: Api;
  let env: string;
  let user: SeededUser;
  let appId: string;
  let secret: string;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-drift-e2e", { seed: 7373 }));
    env = emu.environmentId;
    user = emu.users.find((u) => u.environmentId === env)!;
    outOfBand = apiClient(emu, await provisionerToken(emu));
    await ws.must("stack init", ["stack", "init", STACK, "--secrets-provider", "passphrase", "--non-interactive"]);
    ws.setConfig(STACK, { "stackone:environmentId": env, "stackone:signInUsername": user.username });
    await ws.must("up", ["up", "--stack", STACK, "--yes", "--skip-preview", "--non-interactive"]);
    const out = await outputs();
    appId = out.applicationId;
    secret = out.clientSecret;
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  async function outputs(): Promise<{ applicationId: string; clientSecret: string }> {
    const r = await ws.must("outputs", [
      "stack",
      "output",
      "--stack",
      STACK,
      "--json",
      "--show-secrets",
      "--non-interactive",
    ]);
    return parseJsonOutput(r.stdout);
  }

  const refresh = (label: string) =>
    ws.run(label, ["refresh", "--stack", STACK, "--yes", "--skip-preview", "--non-interactive"]);
  const previewDiff = (label: string) => ws.run(label, ["preview", "--stack", STACK, "--diff", "--non-interactive"]);
  const up = (label: string) => ws.run(label, ["up", "--stack", STACK, "--yes", "--skip-preview", "--non-interactive"]);

  /** The CLI's diagnostics block lines: `warning: …` under the resource, continuation lines joined. */
  function warnings(output: string): string[] {
    return output
      .split("\n")
      .filter((l) => /^\s+warning: /.test(l))
      .map((l) => l.replace(/^\s+warning: /, "").trimEnd());
  }

  it(
    "a role the provisioner lacks, given to the app out of band: refresh warns and keeps the secret, preview --diff names it, up removes it",
    async () => {
      const idaId = await roleId(outOfBand, "Identity Data Admin");
      const granted = await outOfBand.post(`/environments/${env}/applications/${appId}/roleAssignments`, {
        role: { id: idaId },
        scope: { id: env, type: "ENVIRONMENT" },
      });
      expect(granted.status).toBe(201);
      // PingOne now refuses the provisioner the secret (it holds Environment Admin, not Identity Data Admin).
      const refused = await outOfBand.get(`/environments/${env}/applications/${appId}/secret`);
      expect(refused.status).toBe(403);
      expect(refused.body.details).toEqual([
        {
          code: "INSUFFICIENT_PERMISSIONS",
          target: "secret",
          message: "Actor does not have permissions to access worker application client secrets",
        },
      ]);

      const refreshed = await refresh("refresh (app role)");
      expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
      expect(warnings(refreshed.stdout)).toEqual([
        `application "StackOne Integration" (${appId}) holds 1 role assignment: Identity Data Admin at ENVIRONMENT ${env} (assignment ${granted.body.id}). ` +
          "It needs none: StackOne signs in with the authorization code flow, whose tokens carry the signed-in user's roles, never the application's. " +
          "PingOne reveals the client secret only to an actor holding every role the application holds, and the provisioner lacks it, so the secret " +
          "could not be read: the recorded secret is kept, and a rotation made out of band would go unnoticed. " +
          "`pulumi up` removes the application's role assignments and reads the secret again.",
      ]);
      expect(refreshed.stdout).toMatch(
        new RegExp(`${SECRET_URN_TYPE} \\(stackone-secret\\):\\n\\s+warning: application "StackOne Integration"`),
      );
      expect((await outputs()).clientSecret).toBe(secret);

      const preview = await previewDiff("preview --diff (app role)");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toContain(`~ ${SECRET_URN_TYPE}: (update)`);
      expect(preview.stdout).toContain(
        [
          "      - blockingRoleAssignments: [",
          "      -     [0]: {",
          `              - assignmentId: "${granted.body.id}"`,
          "              - readOnly    : false",
          `              - roleId      : "${idaId}"`,
          '              - roleName    : "Identity Data Admin"',
          `              - scopeId     : "${env}"`,
          '              - scopeType   : "ENVIRONMENT"',
          "            }",
          "        ]",
          "Resources:",
          "    ~ 1 to update",
        ].join("\n"),
      );

      const repaired = await up("up (app role)");
      expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
      expect(await api.listApplicationRoleAssignments(env, appId)).toEqual([]);
      expect((await api.getApplicationSecret(env, appId)).secret).toBe(secret);
      expect((await outputs()).clientSecret).toBe(secret);
      await ws.must("preview after (app role)", [
        "preview",
        "--stack",
        STACK,
        "--expect-no-changes",
        "--non-interactive",
      ]);
    },
    STEP,
  );

  it(
    "a grant on another resource, given out of band: refresh warns naming it, preview --diff names otherGrants, up deletes it",
    async () => {
      const p1 = (await api.listResources(env)).find((r) => r.name === "PingOne API")!;
      const scope = (await api.listResourceScopes(env, p1.id)).find((s) => s.name === "p1:read:user")!;
      const stray = await api.createApplicationGrant(env, appId, { id: p1.id }, [{ id: scope.id }]);
      const [openidGrant] = (await api.listApplicationGrants(env, appId)).filter((g) => g.id !== stray.id);

      const refreshed = await refresh("refresh (stray grant)");
      expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
      expect(warnings(refreshed.stdout)).toEqual([
        `application ${appId} holds 1 grant besides the "openid" grant this stack manages (${openidGrant.id}): "PingOne API" scopes p1:read:user (grant ${stray.id}). ` +
          "This stack does not manage it; it lets the application request scopes beyond the stack's. `pulumi up` removes it (removeOtherGrants is set).",
      ]);

      const preview = await previewDiff("preview --diff (stray grant)");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toContain("~ pingone:index:ResourceGrant: (update)");
      expect(preview.stdout).toContain(
        [
          "      - otherGrants: [",
          "      -     [0]: {",
          `              - grantId     : "${stray.id}"`,
          `              - resourceId  : "${p1.id}"`,
          '              - resourceName: "PingOne API"',
          "              - scopes      : [",
          '              -     [0]: "p1:read:user"',
          "                ]",
          "            }",
          "        ]",
          "Resources:",
          "    ~ 1 to update",
        ].join("\n"),
      );

      const repaired = await up("up (stray grant)");
      expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
      expect((await api.listApplicationGrants(env, appId)).map((g) => g.id)).toEqual([openidGrant.id]);
      await ws.must("preview after (stray grant)", [
        "preview",
        "--stack",
        STACK,
        "--expect-no-changes",
        "--non-interactive",
      ]);
      const quiet = await refresh("refresh (clean)");
      expect(quiet.code).toBe(0);
      expect(warnings(quiet.stdout)).toEqual([]);
    },
    STEP,
  );

  it("no secret appears in the CLI's output", () => {
    for (const text of ws.transcript) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(emu.clientSecret);
    }
  });
});
