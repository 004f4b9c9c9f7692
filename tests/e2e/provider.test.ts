/**
 * What the native `pingone` provider gives a user, through the real Pulumi CLI against the emulator:
 * 1. `pulumi import` of an application and a role assignment made out of band: the TypeScript it prints, put in the
 *    program as printed, previews with no change; the imported resources are protected as Pulumi marks them, and
 *    owned once unprotected (destroy deletes them).
 * 2. A second, explicit provider instance (`new pingone.Provider(...)`, a second provisioning identity) manages a
 *    second component in the same program; its credentials stay encrypted in state.
 * 3. `preview --diff` after a one-field change names that field only; a change that forces a replacement says
 *    "replace" and names the field that forces it.
 * 4. The packaged plugin (`npm run pack-plugin`), installed with `pulumi plugin install --file`, serves a project
 *    that does not point at this repository's `bin/`.
 * Without a CLI the suite is skipped locally and fails under CI=true (`.ci/run` provides the CLI).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Exchange, type RunningEmulator, type SeededUser } from "../../emulator";
import { apiClient, provisionerToken } from "../../emulator/testing";
import type { PingOneClient } from "../../pingone/client/client";
import { e2eCli, startE2eWorld, stopE2eWorld, parseJsonOutput, PulumiWorkspace, REPO_ROOT } from "./harness";

const cli = e2eCli("tests/e2e/provider.test.ts");

const STEP = 240_000;
const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";

describe.skipIf(cli.skip)("the native pingone provider through the real Pulumi CLI", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let ws: PulumiWorkspace;
  let env0: string;
  let env1: string;
  let user0: SeededUser;
  let user1: SeededUser;
  const exchanges: Exchange[] = [];
  let programSource: string;

  beforeAll(async () => {
    ({ emu, api, ws } = await startE2eWorld(cli, "stackone-provider-e2e", {
      seed: 5151,
      onExchange: (e) => exchanges.push(e),
    }));
    [env0, env1] = emu.environmentIds;
    user0 = emu.users.find((u) => u.environmentId === env0)!;
    user1 = emu.users.find((u) => u.environmentId === env1)!;
    programSource = fs.readFileSync(path.join(ws.projectDir, "index.ts"), "utf8");
  }, STEP);

  afterAll(() => stopE2eWorld({ emu, api, ws }, cli));

  const program = (source: string) => fs.writeFileSync(path.join(ws.projectDir, "index.ts"), source);

  it(
    "1. pulumi import brings in an app and a role assignment made in the console; the printed code previews with no change",
    async () => {
      await ws.must("stack init imp", [
        "stack",
        "init",
        "imp",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      program("export {};\n");
      // Made out of band, as an admin would in the console.
      const app = await api.createApplication(env0, {
        name: "Console-made StackOne app",
        type: "WORKER",
        protocol: "OPENID_CONNECT",
        enabled: true,
        tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
        grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        responseTypes: ["CODE"],
        redirectUris: [CALLBACK],
        assignActorRoles: false,
      });
      const role = (await api.listRoles()).find((r) => r.name === "Environment Admin")!;
      const assignment = await api.createUserRoleAssignment(env0, user0.id, role.id, { id: env0, type: "ENVIRONMENT" });

      const appCode = path.join(ws.root, "app.ts");
      const roleCode = path.join(ws.root, "role.ts");
      const imported = await ws.must("import app", [
        "import",
        "pingone:index:Application",
        "consoleApp",
        `${env0}/${app.id}`,
        "--stack",
        "imp",
        "--yes",
        "--non-interactive",
        "--out",
        appCode,
      ]);
      expect(imported.stdout).toMatch(/= 1 imported/);
      await ws.must("import role", [
        "import",
        "pingone:index:UserRoleAssignment",
        "consoleAdmin",
        `${env0}/${user0.id}/${assignment.id}`,
        "--stack",
        "imp",
        "--yes",
        "--non-interactive",
        "--out",
        roleCode,
      ]);

      const appText = fs.readFileSync(appCode, "utf8");
      expect(appText).toBe(
        [
          'import * as pulumi from "@pulumi/pulumi";',
          'import * as pingone from "@stackone/pulumi-pingone";',
          "",
          'const consoleApp = new pingone.Application("consoleApp", {',
          "    adminOnlyAccess: true,",
          "    allowWildcardInRedirectUris: false,",
          "    enabled: true,",
          `    environmentId: "${env0}",`,
          "    grantTypes: [",
          "        pingone.GrantType.AuthorizationCode,",
          "        pingone.GrantType.RefreshToken,",
          "    ],",
          '    name: "Console-made StackOne app",',
          "    pkceEnforcement: pingone.PkceEnforcement.Optional,",
          `    redirectUris: ["${CALLBACK}"],`,
          "    refreshTokenDuration: 2592000,",
          "    refreshTokenRollingDuration: 15552000,",
          "    refreshTokenType: pingone.RefreshTokenType.OpaqueToken,",
          "    responseTypes: [pingone.ResponseType.Code],",
          "    tokenEndpointAuthMethod: pingone.TokenEndpointAuthMethod.ClientSecretPost,",
          "}, {",
          "    protect: true,",
          "});",
          "",
        ].join("\n"),
      );
      const roleText = fs.readFileSync(roleCode, "utf8");
      expect(roleText).toContain(
        [
          'const consoleAdmin = new pingone.UserRoleAssignment("consoleAdmin", {',
          `    environmentId: "${env0}",`,
          "    roleName: pingone.RoleName.EnvironmentAdmin,",
          "    scopeType: pingone.RoleScopeType.Environment,",
          `    username: "${user0.username}",`,
          "}, {",
          "    protect: true,",
          "});",
        ].join("\n"),
      );

      // The printed code, as printed (the second file's imports dropped), is the program: nothing to change.
      program(`${appText}\n${roleText.replace(/^import .*\n/gm, "")}`);
      const preview = await ws.must("preview (imported)", [
        "preview",
        "--stack",
        "imp",
        "--expect-no-changes",
        "--diff",
        "--non-interactive",
      ]);
      expect(preview.stdout).toMatch(/3 unchanged/);

      // Protected, as `pulumi import` marks them: destroy refuses with Pulumi's message.
      const refused = await ws.run("destroy (protected)", [
        "destroy",
        "--stack",
        "imp",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(
        /resource .*consoleApp.* cannot be deleted\s+because it is protected/s,
      );
      expect(await api.getApplication(env0, app.id)).toBeDefined();

      // Unprotected, they are the stack's: destroy deletes both in PingOne.
      program(`${appText}\n${roleText.replace(/^import .*\n/gm, "")}`.replace(/protect: true/g, "protect: false"));
      await ws.must("up (unprotect)", ["up", "--stack", "imp", "--yes", "--skip-preview", "--non-interactive"]);
      const destroyed = await ws.must("destroy imp", [
        "destroy",
        "--stack",
        "imp",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(destroyed.stdout).toMatch(/- 3 deleted/);
      expect(await api.getApplication(env0, app.id)).toBeUndefined();
      expect(await api.listUserRoleAssignments(env0, user0.id)).toEqual([]);
    },
    STEP,
  );

  it(
    "2. a second, explicit provider instance (another provisioning identity) manages a second app in the same program",
    async () => {
      // A second provisioning app, made by an admin: client credentials, Environment Admin on the second environment.
      const token = await provisionerToken(emu);
      const admin = apiClient(emu, token);
      const made = await admin.post(`/environments/${emu.adminEnvironmentId}/applications`, {
        name: "Provisioner B",
        type: "WORKER",
        protocol: "OPENID_CONNECT",
        enabled: true,
        tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
        grantTypes: ["CLIENT_CREDENTIALS"],
        // Only the role given below: not the creator's roles.
        assignActorRoles: false,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const provisionerB = made.body.id as string;
      const envAdmin = (await api.listRoles()).find((r) => r.name === "Environment Admin")!;
      const granted = await admin.post(
        `/environments/${emu.adminEnvironmentId}/applications/${provisionerB}/roleAssignments`,
        {
          role: { id: envAdmin.id },
          scope: { id: env1, type: "ENVIRONMENT" },
        },
      );
      expect(granted.status, JSON.stringify(granted.body)).toBe(201);
      const secretB = (await admin.get(`/environments/${emu.adminEnvironmentId}/applications/${provisionerB}/secret`))
        .body.secret as string;

      await ws.must("stack init two", [
        "stack",
        "init",
        "two",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      for (const [key, value] of Object.entries({
        clientId: provisionerB,
        apiUrl: emu.apiUrl,
        authUrl: emu.authUrl,
        adminEnvironmentId: emu.adminEnvironmentId,
      })) {
        await ws.must("config", ["config", "set", `tenantB:${key}`, value, "--stack", "two"]);
      }
      await ws.must("config secret", ["config", "set", "--secret", "tenantB:clientSecret", secretB, "--stack", "two"]);
      program(`import { Config } from "@pulumi/pulumi";
import * as pingone from "@stackone/pulumi-pingone";
import { StackOneWorkerApp } from "./components/stackoneWorkerApp";

const b = new Config("tenantB");
const tenantB = new pingone.Provider("tenant-b", {
  clientId: b.require("clientId"),
  clientSecret: b.requireSecret("clientSecret"),
  environmentId: b.require("adminEnvironmentId"),
  apiUrl: b.require("apiUrl"),
  authUrl: b.require("authUrl"),
});
const first = new StackOneWorkerApp("first", { environmentId: "${env0}", signInUsername: "${user0.username}" });
const second = new StackOneWorkerApp("second", { environmentId: "${env1}", signInUsername: "${user1.username}" }, { providers: [tenantB] });
export const firstClientId = first.clientId;
export const secondClientId = second.clientId;
`);
      exchanges.length = 0;
      // With --debug: every PingOne request is in the engine's debug log, and no secret is.
      const up = await ws.must("up --debug (two providers)", [
        "up",
        "--stack",
        "two",
        "--yes",
        "--skip-preview",
        "--non-interactive",
        "--debug",
      ]);
      // The stack, the explicit provider, and each component with its six children (app, secret, grant, sign-in group,
      // its role, the membership).
      expect(up.stdout).toMatch(/\+ 16 created/);
      expect(up.stdout).toMatch(
        new RegExp(
          `debug: pingone: create application: POST /v1/environments/${env1}/applications → 201 \\(attempt 1\\)`,
        ),
      );
      expect(up.stdout).toMatch(
        new RegExp(`debug: pingone: get access token: POST /${emu.adminEnvironmentId}/as/token → 200 \\(attempt 1\\)`),
      );
      const out = parseJsonOutput<Record<string, string>>(
        (await ws.must("outputs two", ["stack", "output", "--stack", "two", "--json", "--non-interactive"])).stdout,
      );
      expect(await api.getApplication(env0, out.firstClientId)).toBeDefined();
      expect(await api.getApplication(env1, out.secondClientId)).toBeDefined();

      // Which identity made which application: map each access token to the client that asked for it.
      const tokenOwner = new Map<string, string>();
      for (const e of exchanges) {
        if (!e.path.endsWith("/as/token") || e.status !== 200) continue;
        const basic = String(e.requestHeaders.authorization ?? "").replace(/^Basic /, "");
        const client = Buffer.from(basic, "base64").toString("utf8").split(":")[0];
        tokenOwner.set((e.responseBody as { access_token: string }).access_token, client);
      }
      const creator = (env: string, collection = "applications") => {
        const post = exchanges.find((e) => e.method === "POST" && e.path === `/v1/environments/${env}/${collection}`)!;
        return tokenOwner.get(String(post.requestHeaders.authorization).replace(/^Bearer /, ""));
      };
      expect(creator(env0)).toBe(emu.clientId);
      expect(creator(env1)).toBe(provisionerB);
      // The sign-in groups too: each component's children go through its own provider.
      expect(creator(env0, "groups")).toBe(emu.clientId);
      expect(creator(env1, "groups")).toBe(provisionerB);

      // The explicit provider's secret is encrypted in state, like the client secrets; no secret is in any output.
      const secrets = [
        secretB,
        emu.clientSecret,
        (await api.getApplicationSecret(env0, out.firstClientId)).secret,
        (await api.getApplicationSecret(env1, out.secondClientId)).secret,
      ];
      for (const file of ws.stateFiles())
        for (const secret of secrets) expect(fs.readFileSync(file, "utf8").includes(secret), file).toBe(false);
      // The project's own log lines (the provider's `pingone:` debug lines, everything but Pulumi's SDK dumping its RPC
      // responses at --debug, which README.md warns about) carry no secret.
      const lines = ws.transcript.join("\n").split("\n");
      expect(lines.filter((l) => l.includes("debug: pingone:")).length).toBeGreaterThan(10);
      const ours = lines.filter((l) => !/RPC finished: /.test(l));
      for (const [i, secret] of secrets.entries()) {
        expect(
          ours.filter((l) => l.includes(secret)).map((l) => l.replace(secret, "<secret>")),
          `secret ${i}`,
        ).toEqual([]);
      }
      await ws.must("preview two", ["preview", "--stack", "two", "--expect-no-changes", "--non-interactive"]);
      await ws.must("destroy two", ["destroy", "--stack", "two", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await api.getApplication(env1, out.secondClientId)).toBeUndefined();
    },
    STEP,
  );

  it(
    "3. preview --diff names the one field a config change touches, and a replacement by the field that forces it",
    async () => {
      program(programSource);
      await ws.must("stack init diff", [
        "stack",
        "init",
        "diff",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      ws.setConfig("diff", { "stackone:environmentId": env0, "stackone:signInUsername": user0.username });
      await ws.must("up (diff)", ["up", "--stack", "diff", "--yes", "--skip-preview", "--non-interactive"]);

      ws.setConfig("diff", { "stackone:refreshTokenDurationDays": 45 });
      const one = await ws.must("preview --diff (one field)", [
        "preview",
        "--stack",
        "diff",
        "--diff",
        "--non-interactive",
      ]);
      expect(propertyLines(one.stdout)).toEqual(["~ refreshTokenDuration: 2592000 => 3888000"]);
      expect(one.stdout).toContain("~ pingone:index:Application: (update)");
      expect(one.stdout).not.toMatch(/replace/);
      const summary = await ws.must("preview (one field)", ["preview", "--stack", "diff", "--non-interactive"]);
      expect(summary.stdout).toMatch(
        /pingone:index:Application\s+stackone-app\s+update\s+\[diff: ~refreshTokenDuration\]/,
      );

      ws.setConfig("diff", {
        "stackone:refreshTokenDurationDays": undefined,
        "stackone:adminRole": "IdentityDataAdmin",
      });
      const replace = await ws.must("preview --diff (replace)", [
        "preview",
        "--stack",
        "diff",
        "--diff",
        "--non-interactive",
      ]);
      expect(propertyLines(replace.stdout)).toEqual(['~ roleName: "Environment Admin" => "Identity Data Admin"']);
      // The role is the sign-in group's: its assignment is replaced; the group and the membership stay.
      expect(replace.stdout).toContain("+-pingone:index:GroupRoleAssignment: (replace)");
      expect(replace.stdout).not.toMatch(/pingone:index:(Group|GroupMembership|UserRoleAssignment):/);
      const replaceSummary = await ws.must("preview (replace)", ["preview", "--stack", "diff", "--non-interactive"]);
      expect(replaceSummary.stdout).toMatch(
        /\+-\s+pingone:index:GroupRoleAssignment\s+stackone-signin-group-role\s+replace\s+\[diff: ~roleName\]/,
      );
      expect(replaceSummary.stdout).toMatch(/Resources:\n\s+\+-1 to replace\n\s+7 unchanged/);

      // A secret rotated by hand: `refresh` alone updates the resource but not the program's outputs (Pulumi does not
      // run the program on refresh); `refresh --run-program` does both.
      ws.setConfig("diff", { "stackone:adminRole": undefined });
      const before = parseJsonOutput<Record<string, string>>(
        (
          await ws.must("outputs diff", [
            "stack",
            "output",
            "--stack",
            "diff",
            "--json",
            "--show-secrets",
            "--non-interactive",
          ])
        ).stdout,
      );
      const rotated = await api.rotateApplicationSecret(env0, before.clientId);
      expect(rotated.secret).not.toBe(before.clientSecret);
      await ws.must("refresh (rotated by hand)", [
        "refresh",
        "--stack",
        "diff",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      const stale = parseJsonOutput<Record<string, string>>(
        (
          await ws.must("outputs (after refresh)", [
            "stack",
            "output",
            "--stack",
            "diff",
            "--json",
            "--show-secrets",
            "--non-interactive",
          ])
        ).stdout,
      );
      expect(stale.clientSecret).toBe(before.clientSecret);
      await ws.must("refresh --run-program", [
        "refresh",
        "--run-program",
        "--stack",
        "diff",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      const fresh = parseJsonOutput<Record<string, unknown>>(
        (
          await ws.must("outputs (after refresh --run-program)", [
            "stack",
            "output",
            "--stack",
            "diff",
            "--json",
            "--show-secrets",
            "--non-interactive",
          ])
        ).stdout,
      );
      expect(fresh.clientSecret).toBe(rotated.secret);
      expect(fresh.stackOneConnection).toEqual({
        environmentId: env0,
        clientId: before.clientId,
        clientSecret: rotated.secret,
      });
      await ws.must("destroy diff", ["destroy", "--stack", "diff", "--yes", "--skip-preview", "--non-interactive"]);
    },
    STEP,
  );

  it(
    "4. the packaged plugin, installed with pulumi plugin install, serves a project without the repository's bin/",
    async () => {
      const pack = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "pack-plugin.sh"), "--out-dir", ws.root], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 180_000,
      });
      expect(pack.status, pack.stderr).toBe(0);
      const tarball = pack.stdout.trim().split("\n").pop()!;
      expect(tarball).toBe(
        path.join(
          ws.root,
          `pulumi-resource-pingone-v0.1.0-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}.tar.gz`,
        ),
      );
      await ws.must("plugin install", [
        "plugin",
        "install",
        "resource",
        "pingone",
        "0.1.0",
        "--file",
        tarball,
        "--non-interactive",
      ]);
      const listed = await ws.must("plugin ls", ["plugin", "ls"]);
      expect(listed.stdout).toMatch(/pingone\s+resource\s+0\.1\.0/);

      // The project without its plugin folder: the engine finds the installed plugin, or nothing.
      program(programSource);
      const yamlFile = path.join(ws.projectDir, "Pulumi.yaml");
      const yaml = fs.readFileSync(yamlFile, "utf8");
      fs.writeFileSync(yamlFile, yaml.slice(0, yaml.indexOf("plugins:")));
      fs.renameSync(path.join(ws.projectDir, "bin", "pulumi-resource-pingone"), path.join(ws.root, "launcher.moved"));
      try {
        await ws.must("stack init packaged", [
          "stack",
          "init",
          "packaged",
          "--secrets-provider",
          "passphrase",
          "--non-interactive",
        ]);
        ws.setConfig("packaged", { "stackone:environmentId": env1, "stackone:signInUsername": user1.username });
        const up = await ws.must("up (packaged plugin)", [
          "up",
          "--stack",
          "packaged",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(up.stdout).toMatch(/\+ 8 created/);
        const out = parseJsonOutput<Record<string, string>>(
          (await ws.must("outputs packaged", ["stack", "output", "--stack", "packaged", "--json", "--non-interactive"]))
            .stdout,
        );
        expect((await api.getApplication(env1, out.clientId))?.name).toBe("StackOne Integration");
        await ws.must("destroy packaged", [
          "destroy",
          "--stack",
          "packaged",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(await api.getApplication(env1, out.clientId)).toBeUndefined();
      } finally {
        fs.writeFileSync(yamlFile, yaml);
        fs.renameSync(path.join(ws.root, "launcher.moved"), path.join(ws.projectDir, "bin", "pulumi-resource-pingone"));
      }
    },
    STEP,
  );
});

/** The property lines of `preview --diff` (`~ key: old => new`, `+ key: …`, `- key: …`), outputs excluded. */
function propertyLines(stdout: string): string[] {
  const body = stdout.split("--outputs:--")[0];
  return body
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^[~+-] [A-Za-z]+: /.test(l));
}
