/**
 * The TypeScript example (examples/typescript) as an outside user runs it: `npm run dist` builds the release
 * artifacts; the example is copied to a directory outside the repository with the two npm tarballs beside it and
 * `npm install`ed there (nothing of the repository on its module path); both plugins are installed from their
 * tarballs into the workspace's own PULUMI_HOME (automatic plugin download off). Against the local PingOne emulator:
 * `up` leaves what the console guide asks for (the shared expectations of harness.ts), the outputs are right and the
 * client secret a secret, a second preview expects no changes, and `destroy` leaves nothing.
 * Needs the Pulumi CLI, npm with the network (the example installs @pulumi/pulumi) and python3 (npm run dist builds
 * the Python SDKs too); without the CLI the suite is skipped locally and fails under CI=true.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { adminClient } from "../../pingone/provider/testing";
import { ownerMarker } from "../../pingone/core/ownership";
import {
  e2eCli,
  requireCli,
  GUIDE_APPLICATION,
  listGroups,
  parseJsonOutput,
  PulumiWorkspace,
  REPO_ROOT,
  signInAccess,
  SIGN_IN_GROUP,
  SIGN_IN_GROUP_DESCRIPTION,
} from "./harness";

const cli = e2eCli("tests/e2e/typescript.test.ts", { build: "it" });

const STEP = 300_000;
const EXAMPLE = path.join(REPO_ROOT, "examples", "typescript");
const PROJECT = "stackone-pingone-typescript";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const schemaVersion = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { version: string }).version;
const PINGONE_VERSION = schemaVersion("pingone/provider/schema.json");
const STACKONE_VERSION = schemaVersion("stackone/schema.json");
const PLATFORM = `${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;

/**
 * The example as a user lays it out from a release: its files (no node_modules, no stack files) in a directory outside
 * the repository, the npm tarballs of `npm run dist` beside them, then `npm install`.
 */
function outsideExample(release: string) {
  return (_root: string, projectDir: string): void => {
    expect(path.relative(REPO_ROOT, projectDir).startsWith("..")).toBe(true);
    for (const file of fs.readdirSync(EXAMPLE)) {
      if (
        file === "node_modules" ||
        file.endsWith(".tgz") ||
        /^Pulumi\..+\.yaml$/.test(file) ||
        file === "package-lock.json"
      )
        continue;
      fs.cpSync(path.join(EXAMPLE, file), path.join(projectDir, file), { recursive: true });
    }
    for (const tgz of [
      `stackone-pulumi-pingone-${PINGONE_VERSION}.tgz`,
      `stackone-pulumi-stackone-${STACKONE_VERSION}.tgz`,
    ]) {
      fs.copyFileSync(path.join(release, tgz), path.join(projectDir, tgz));
    }
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: projectDir,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (install.status !== 0)
      throw new Error(`npm install in the example failed (${install.status}):\n${install.stderr}`);
  };
}

describe.skipIf(cli.skip)(
  "the TypeScript example, outside the repository, on the released packages and plugins",
  () => {
    let emu: RunningEmulator;
    let api: PingOneClient;
    let ws: PulumiWorkspace;
    let release: string;
    let env0: string;
    let user0: SeededUser;
    let nothing: unknown;
    let clientSecret = "";

    beforeAll(async () => {
      const binDir = requireCli(cli);
      release = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-release-"));
      const dist = spawnSync("npm", ["run", "-s", "dist", "--", "--out-dir", release], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 900_000,
      });
      if (dist.status !== 0) throw new Error(`npm run dist failed (${dist.status}):\n${dist.stderr}`);
      emu = await startEmulator({ seed: 4242 });
      api = adminClient(emu);
      env0 = emu.environmentIds[0];
      user0 = emu.users.find((u) => u.environmentId === env0)!;
      ws = new PulumiWorkspace({
        binDir,
        env: { PINGONE_CLIENT_SECRET: emu.clientSecret },
        name: "stackone-typescript",
        setup: outsideExample(release),
      });
      nothing = await world();
    }, 1_200_000);

    afterAll(async () => {
      if (ws !== undefined) {
        // oxlint-disable-next-line no-console
        console.log(`Pulumi CLI ${cli.version ?? ""} wall times:\n${ws.timingTable()}`);
        ws.dispose();
      }
      if (release !== undefined) fs.rmSync(release, { recursive: true, force: true });
      await emu?.stop();
    });

    /** Every application and group of every environment, and every user's memberships: what "nothing left" compares. */
    async function world() {
      const out: Record<string, unknown> = {};
      for (const env of emu.environmentIds) {
        out[`apps ${env}`] = (await api.listApplications(env)).map((a) => a.id).sort();
        out[`groups ${env}`] = (await listGroups(emu, env)).map((g) => g.id).sort();
      }
      for (const u of emu.users)
        out[`memberships ${u.id}`] = (await api.listUserGroupMemberships(u.environmentId, u.id))
          .map((g) => g.id)
          .sort();
      return out;
    }

    it("1. the example's modules are the installed packages', not the repository's", () => {
      const resolved = execFileSync(
        "node",
        [
          "-p",
          "[require.resolve('@stackone/pulumi-stackone'), require.resolve('@stackone/pulumi-pingone')].join('\\n')",
        ],
        {
          cwd: ws.projectDir,
          encoding: "utf8",
        },
      );
      expect(resolved.trim().split("\n")).toEqual([
        path.join(
          fs.realpathSync(ws.projectDir),
          "node_modules/@stackone/pulumi-stackone/bin/stackone/nodejs/index.js",
        ),
        path.join(fs.realpathSync(ws.projectDir), "node_modules/@stackone/pulumi-pingone/bin/index.js"),
      ]);
    });

    it(
      "2. both plugins install from their tarballs into the workspace's PULUMI_HOME",
      async () => {
        for (const [name, version] of [
          ["pingone", PINGONE_VERSION],
          ["stackone", STACKONE_VERSION],
        ]) {
          await ws.must(`plugin install ${name}`, [
            "plugin",
            "install",
            "resource",
            name,
            version,
            "--file",
            path.join(release, `pulumi-resource-${name}-v${version}-${PLATFORM}.tar.gz`),
            "--non-interactive",
          ]);
        }
        const listed = (await ws.must("plugin ls", ["plugin", "ls"])).stdout;
        expect(listed).toMatch(new RegExp(`pingone\\s+resource\\s+${PINGONE_VERSION.replace(/\./g, "\\.")}`));
        expect(listed).toMatch(new RegExp(`stackone\\s+resource\\s+${STACKONE_VERSION.replace(/\./g, "\\.")}`));
      },
      STEP,
    );

    it(
      "3. up: the guide's application, the openid grant, the sign-in group with the admin role and the user; the outputs, the secret a secret",
      async () => {
        await ws.must("stack init", ["stack", "init", "dev", "--secrets-provider", "passphrase", "--non-interactive"]);
        ws.setConfig("dev", {
          [`${PROJECT}:environmentId`]: env0,
          [`${PROJECT}:signInUsername`]: user0.username,
          "pingone:environmentId": emu.adminEnvironmentId,
          "pingone:clientId": emu.clientId,
          "pingone:apiUrl": emu.apiUrl,
          "pingone:authUrl": emu.authUrl,
        });
        const r = await ws.must("up", ["up", "--stack", "dev", "--yes", "--skip-preview", "--non-interactive"]);
        expect(r.stdout).toMatch(/\+ 8 created/);

        const apps = await api.listApplications(env0);
        expect(apps.map((a) => a.name)).toEqual(["StackOne Integration"]);
        const app = apps[0];
        expect(app).toMatchObject(GUIDE_APPLICATION);
        expect([...(app.grantTypes ?? [])].sort()).toEqual(["AUTHORIZATION_CODE", "REFRESH_TOKEN"]);
        const grants = await api.listApplicationGrants(env0, app.id);
        const openid = (await api.listResources(env0)).find((res) => res.name === "openid")!;
        const scopes = await api.listResourceScopes(env0, openid.id);
        expect(
          grants.map((g) => [g.resource.id, g.scopes.map((s) => scopes.find((x) => x.id === s.id)?.name).sort()]),
        ).toEqual([[openid.id, ["email", "openid", "profile"]]]);
        expect(await signInAccess(api, env0, user0.id)).toEqual({
          direct: [],
          groups: { [SIGN_IN_GROUP]: ["Environment Admin at ENVIRONMENT"] },
        });
        const group = (await listGroups(emu, env0)).filter((g) => g.name === SIGN_IN_GROUP);
        expect(group.length).toBe(1);
        // The description ends with the owner marker the group's create wrote: the hash of its URN in this stack.
        const marker = ownerMarker(
          `urn:pulumi:dev::${PROJECT}::stackone:pingone:WorkerApp$pingone:index:Group::stackone-signin-group`,
        );
        expect(await api.getGroup(env0, group[0].id)).toMatchObject({
          description: `${SIGN_IN_GROUP_DESCRIPTION}\n\n${marker}`,
          directMemberCounts: { users: 1 },
        });

        clientSecret = (await api.getApplicationSecret(env0, app.id)).secret;
        const shown = parseJsonOutput<Record<string, unknown>>(
          (
            await ws.must("outputs", [
              "stack",
              "output",
              "--stack",
              "dev",
              "--json",
              "--show-secrets",
              "--non-interactive",
            ])
          ).stdout,
        );
        expect(shown).toEqual({ environmentId: env0, clientId: app.id, clientSecret });
        const masked = parseJsonOutput<Record<string, unknown>>(
          (await ws.must("outputs masked", ["stack", "output", "--stack", "dev", "--json", "--non-interactive"]))
            .stdout,
        );
        expect(masked).toEqual({ environmentId: env0, clientId: app.id, clientSecret: "[secret]" });
        const state = parseJsonOutput<{
          deployment: {
            resources: { type: string; urn: string; parent?: string; outputs?: Record<string, unknown> }[];
          };
        }>((await ws.must("export", ["stack", "export", "--stack", "dev", "--non-interactive"])).stdout).deployment
          .resources;
        expect(state.find((res) => res.type === "pulumi:pulumi:Stack")!.outputs?.clientSecret).toMatchObject(
          SECRET_SIG,
        );
        const component = state.find((res) => res.type === "stackone:pingone:WorkerApp")!;
        expect(component.urn).toBe(`urn:pulumi:dev::${PROJECT}::stackone:pingone:WorkerApp::stackone`);
        expect(state.filter((res) => res.type.startsWith("pingone:index:")).map((res) => res.parent)).toEqual(
          Array(6).fill(component.urn),
        );
      },
      STEP,
    );

    it(
      "4. a second preview expects no changes",
      async () => {
        const r = await ws.must("preview (no changes)", [
          "preview",
          "--stack",
          "dev",
          "--expect-no-changes",
          "--non-interactive",
        ]);
        expect(r.stdout).toMatch(/8 unchanged/);
      },
      STEP,
    );

    it("5. the client secret appears in plaintext in no state file and no CLI output", () => {
      expect(clientSecret.length).toBeGreaterThanOrEqual(64);
      for (const file of ws.stateFiles()) {
        if (file.includes(`${path.sep}plugins${path.sep}`)) continue;
        const text = fs.readFileSync(file, "utf8");
        for (const s of [clientSecret, emu.clientSecret]) expect(text.includes(s), `a secret in ${file}`).toBe(false);
      }
      for (const s of [clientSecret, emu.clientSecret])
        expect(ws.transcript.join("\n").includes(s), "a secret in the CLI's output").toBe(false);
    });

    it(
      "6. destroy leaves nothing",
      async () => {
        const r = await ws.must("destroy", [
          "destroy",
          "--stack",
          "dev",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(r.stdout).toMatch(/- 8 deleted/);
        expect(await world()).toEqual(nothing);
      },
      STEP,
    );

    it(
      "7. the variant on the plain pingone resources (resources.ts): the guide's application, its secret and grant; destroy leaves nothing",
      async () => {
        fs.copyFileSync(path.join(EXAMPLE, "resources.ts"), path.join(ws.projectDir, "index.ts"));
        await ws.must("stack init resources", [
          "stack",
          "init",
          "resources",
          "--secrets-provider",
          "passphrase",
          "--non-interactive",
        ]);
        ws.setConfig("resources", {
          [`${PROJECT}:environmentId`]: env0,
          [`${PROJECT}:signInUsername`]: user0.username,
          "pingone:environmentId": emu.adminEnvironmentId,
          "pingone:clientId": emu.clientId,
          "pingone:apiUrl": emu.apiUrl,
          "pingone:authUrl": emu.authUrl,
        });
        const r = await ws.must("up (resources)", [
          "up",
          "--stack",
          "resources",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(r.stdout).toMatch(/\+ 4 created/);
        const apps = await api.listApplications(env0);
        expect(apps.length).toBe(1);
        expect(apps[0]).toMatchObject(GUIDE_APPLICATION);
        const secret = (await api.getApplicationSecret(env0, apps[0].id)).secret;
        const shown = parseJsonOutput<Record<string, unknown>>(
          (
            await ws.must("outputs (resources)", [
              "stack",
              "output",
              "--stack",
              "resources",
              "--json",
              "--show-secrets",
              "--non-interactive",
            ])
          ).stdout,
        );
        expect(shown).toEqual({ environmentId: env0, clientId: apps[0].id, clientSecret: secret });
        const masked = parseJsonOutput<Record<string, unknown>>(
          (
            await ws.must("outputs masked (resources)", [
              "stack",
              "output",
              "--stack",
              "resources",
              "--json",
              "--non-interactive",
            ])
          ).stdout,
        );
        expect(masked.clientSecret).toBe("[secret]");
        await ws.must("preview (resources, no changes)", [
          "preview",
          "--stack",
          "resources",
          "--expect-no-changes",
          "--non-interactive",
        ]);
        const d = await ws.must("destroy (resources)", [
          "destroy",
          "--stack",
          "resources",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(d.stdout).toMatch(/- 4 deleted/);
        expect(await world()).toEqual(nothing);
      },
      STEP,
    );
  },
);
