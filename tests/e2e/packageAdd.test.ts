/**
 * `pulumi package add` in a fresh TypeScript project outside the repository, as a user adds the pingone package from
 * the plugin: the CLI asks the plugin for its schema, this project's Node.js language host generates the SDK into
 * sdks/pingone (GeneratePackage, Pulumi's own generator) and adds it to package.json (Link); `npm install` installs
 * and compiles it; then a program on the added package's plain `pingone.Application` goes up against the local
 * PingOne emulator, previews with no changes, and is destroyed. Then the stackone plugin: package add generates a
 * remote-component class for `stackone:pingone:WorkerApp`, which the engine asks the stackone plugin to build
 * (Construct).
 * Needs the Pulumi CLI and npm with the network (the project installs @pulumi/pulumi and TypeScript); without the CLI
 * the suite is skipped locally and fails under CI=true.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { adminClient } from "../../pingone/provider/testing";
import {
  e2eCli,
  requireCli,
  GUIDE_APPLICATION,
  parseJsonOutput,
  PulumiWorkspace,
  REPO_ROOT,
  STACKONE_REDIRECT_URI,
} from "./harness";

const cli = e2eCli("tests/e2e/packageAdd.test.ts", { build: "it" });

const STEP = 300_000;
const PROJECT = "pingone-package-add";
const PLUGIN = path.join(REPO_ROOT, "bin", "pulumi-resource-pingone");
const schemaVersion = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { version: string }).version;
const PINGONE_VERSION = schemaVersion("pingone/provider/schema.json");
const STACKONE_VERSION = schemaVersion("stackone/schema.json");

const COMPONENT_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as stackone from "@stackone/pulumi-stackone";

const config = new pulumi.Config();
const app = new stackone.pingone.WorkerApp("stackone", {
  environmentId: config.require("environmentId"),
  signInUsername: config.require("signInUsername"),
});
export const clientId = app.clientId;
`;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as pingone from "@stackone/pulumi-pingone";

const environmentId = new pulumi.Config().require("environmentId");
const app = new pingone.Application("app", {
  environmentId,
  name: "Package add e2e",
  enabled: true,
  grantTypes: [pingone.GrantType.AuthorizationCode, pingone.GrantType.RefreshToken],
  responseTypes: [pingone.ResponseType.Code],
  pkceEnforcement: pingone.PkceEnforcement.Optional,
  refreshTokenType: pingone.RefreshTokenType.JsonWebToken,
  refreshTokenDuration: 2592000,
  refreshTokenRollingDuration: 15552000,
  redirectUris: [${JSON.stringify(STACKONE_REDIRECT_URI)}],
  allowWildcardInRedirectUris: false,
  tokenEndpointAuthMethod: pingone.TokenEndpointAuthMethod.ClientSecretPost,
  adminOnlyAccess: true,
});
export const clientId = app.clientId;
`;

/**
 * A new TypeScript project as `pulumi new typescript` would leave it, minus the SDK: Pulumi.yaml (the pingone plugin
 * and the stackone one from the repository's bin/, as a user points at plugins they built), package.json, tsconfig.json
 * and the program; `npm install`ed, since package add needs @pulumi/pulumi installed.
 */
function freshProject(_root: string, projectDir: string): void {
  expect(path.relative(REPO_ROOT, projectDir).startsWith("..")).toBe(true);
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    [`name: ${PROJECT}`, "runtime: nodejs", "plugins:", "  providers:"]
      .concat(
        ...["pingone", "stackone"].map((name) => [`    - name: ${name}`, `      path: ${path.join(REPO_ROOT, "bin")}`]),
        "",
      )
      .join("\n"),
  );
  fs.writeFileSync(
    path.join(projectDir, "package.json"),
    JSON.stringify(
      {
        name: PROJECT,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": "3.248.0" },
        devDependencies: { "@types/node": "20.19.43", typescript: "5.9.3" },
      },
      null,
      2,
    ) + "\n",
  );
  fs.writeFileSync(
    path.join(projectDir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "ES2020",
          module: "commonjs",
          moduleResolution: "node",
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["index.ts"],
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(projectDir, "index.ts"), PROGRAM);
  const install = npmInstall(projectDir);
  if (install.status !== 0)
    throw new Error(`npm install in the fresh project failed (${install.status}):\n${install.stderr}`);
}

function npmInstall(dir: string) {
  return spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 300_000,
  });
}

describe.skipIf(cli.skip)(
  "pulumi package add of the pingone and stackone plugins in a TypeScript project outside the repository",
  () => {
    let emu: RunningEmulator;
    let api: PingOneClient;
    let ws: PulumiWorkspace;
    let env0: string;
    let user0: SeededUser;
    let appsBefore: string[];

    beforeAll(async () => {
      const binDir = requireCli(cli);
      emu = await startEmulator({ seed: 5150 });
      api = adminClient(emu);
      env0 = emu.environmentIds[0];
      user0 = emu.users.find((u) => u.environmentId === env0)!;
      appsBefore = (await api.listApplications(env0)).map((a) => a.id).sort();
      ws = new PulumiWorkspace({
        binDir,
        env: { PINGONE_CLIENT_SECRET: emu.clientSecret },
        name: "stackone-package-add",
        setup: freshProject,
      });
    }, STEP);

    afterAll(async () => {
      if (ws !== undefined) {
        // oxlint-disable-next-line no-console
        console.log(`Pulumi CLI ${cli.version ?? ""} wall times:\n${ws.timingTable()}`);
        ws.dispose();
      }
      await emu?.stop();
    });

    it(
      "1. package add generates sdks/pingone, links it in package.json and names the package in Pulumi.yaml",
      async () => {
        const r = await ws.must("package add", ["package", "add", PLUGIN]);
        expect(r.stdout).toContain(
          `Successfully generated an SDK for the pingone package at ${path.join(fs.realpathSync(ws.projectDir), "sdks")}`,
        );
        expect(r.stdout).toContain(`  import * as pingone from "@stackone/pulumi-pingone";`);
        const manifest = JSON.parse(fs.readFileSync(path.join(ws.projectDir, "package.json"), "utf8")) as {
          dependencies: Record<string, string>;
        };
        expect(manifest.dependencies).toEqual({
          "@pulumi/pulumi": "3.248.0",
          "@stackone/pulumi-pingone": "file:sdks/pingone",
        });
        const sdk = JSON.parse(
          fs.readFileSync(path.join(ws.projectDir, "sdks", "pingone", "package.json"), "utf8"),
        ) as Record<string, unknown>;
        expect(sdk).toMatchObject({
          name: "@stackone/pulumi-pingone",
          version: PINGONE_VERSION,
          main: "bin/index.js",
          pulumi: { resource: true, name: "pingone", version: PINGONE_VERSION },
        });
        expect(fs.readFileSync(path.join(ws.projectDir, "Pulumi.yaml"), "utf8")).toContain(
          `packages:\n  pingone: pingone@${PINGONE_VERSION}\n`,
        );
      },
      STEP,
    );

    it(
      "2. npm install installs and compiles the SDK; the program type-checks against it",
      () => {
        const install = npmInstall(ws.projectDir);
        expect(install.status, install.stderr).toBe(0);
        const installed = path.join(ws.projectDir, "node_modules", "@stackone", "pulumi-pingone");
        expect(fs.realpathSync(installed)).toBe(fs.realpathSync(path.join(ws.projectDir, "sdks", "pingone")));
        expect(fs.existsSync(path.join(installed, "bin", "index.js"))).toBe(true);
        const tsc = spawnSync(
          "node",
          [path.join(ws.projectDir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."],
          { cwd: ws.projectDir, encoding: "utf8" },
        );
        expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
      },
      STEP,
    );

    it(
      "3. up creates the Application in PingOne; a second preview expects no changes",
      async () => {
        await ws.must("stack init", ["stack", "init", "dev", "--secrets-provider", "passphrase", "--non-interactive"]);
        ws.setConfig("dev", {
          [`${PROJECT}:environmentId`]: env0,
          "pingone:environmentId": emu.adminEnvironmentId,
          "pingone:clientId": emu.clientId,
          "pingone:apiUrl": emu.apiUrl,
          "pingone:authUrl": emu.authUrl,
        });
        const r = await ws.must("up", ["up", "--stack", "dev", "--yes", "--skip-preview", "--non-interactive"]);
        expect(r.stdout).toMatch(/\+ 2 created/);
        const apps = (await api.listApplications(env0)).filter((a) => !appsBefore.includes(a.id));
        expect(apps.map((a) => a.name)).toEqual(["Package add e2e"]);
        expect(apps[0]).toMatchObject({ ...GUIDE_APPLICATION, name: "Package add e2e" });
        const outputs = parseJsonOutput<Record<string, unknown>>(
          (await ws.must("outputs", ["stack", "output", "--stack", "dev", "--json", "--non-interactive"])).stdout,
        );
        expect(outputs).toEqual({ clientId: apps[0].id });
        const p = await ws.must("preview (no changes)", [
          "preview",
          "--stack",
          "dev",
          "--expect-no-changes",
          "--non-interactive",
        ]);
        expect(p.stdout).toMatch(/2 unchanged/);
      },
      STEP,
    );

    it(
      "4. destroy deletes the Application",
      async () => {
        const r = await ws.must("destroy", [
          "destroy",
          "--stack",
          "dev",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(r.stdout).toMatch(/- 2 deleted/);
        expect((await api.listApplications(env0)).map((a) => a.id).sort()).toEqual(appsBefore);
      },
      STEP,
    );

    it(
      "5. the stackone plugin: package add generates a remote-component class, which up builds through the plugin's Construct",
      async () => {
        const r = await ws.must("package add stackone", [
          "package",
          "add",
          path.join(REPO_ROOT, "bin", "pulumi-resource-stackone"),
        ]);
        expect(r.stdout).toContain(`  import * as stackone from "@stackone/pulumi-stackone";`);
        const sdk = path.join(ws.projectDir, "sdks", "stackone");
        expect(JSON.parse(fs.readFileSync(path.join(sdk, "package.json"), "utf8"))).toMatchObject({
          name: "@stackone/pulumi-stackone",
          version: STACKONE_VERSION,
        });
        expect(fs.readFileSync(path.join(sdk, "pingone", "workerApp.ts"), "utf8")).toContain(
          "super(WorkerApp.__pulumiType, name, resourceInputs, opts, true /*remote*/);",
        );
        const install = npmInstall(ws.projectDir);
        expect(install.status, install.stderr).toBe(0);
        fs.writeFileSync(path.join(ws.projectDir, "index.ts"), COMPONENT_PROGRAM);
        ws.setConfig("dev", { [`${PROJECT}:signInUsername`]: user0.username });
        const up = await ws.must("up (component)", [
          "up",
          "--stack",
          "dev",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(up.stdout).toMatch(/\+ 8 created/);
        const apps = (await api.listApplications(env0)).filter((a) => !appsBefore.includes(a.id));
        expect(apps.map((a) => a.name)).toEqual([GUIDE_APPLICATION.name]);
        expect(apps[0]).toMatchObject(GUIDE_APPLICATION);
        const state = parseJsonOutput<{ deployment: { resources: { type: string; urn: string; parent?: string }[] } }>(
          (await ws.must("export (component)", ["stack", "export", "--stack", "dev", "--non-interactive"])).stdout,
        ).deployment.resources;
        const component = state.find((res) => res.type === "stackone:pingone:WorkerApp")!;
        expect(component.urn).toBe(`urn:pulumi:dev::${PROJECT}::stackone:pingone:WorkerApp::stackone`);
        expect(state.filter((res) => res.type.startsWith("pingone:index:")).map((res) => res.parent)).toEqual(
          Array(6).fill(component.urn),
        );
        const p = await ws.must("preview (component, no changes)", [
          "preview",
          "--stack",
          "dev",
          "--expect-no-changes",
          "--non-interactive",
        ]);
        expect(p.stdout).toMatch(/8 unchanged/);
        const down = await ws.must("destroy (component)", [
          "destroy",
          "--stack",
          "dev",
          "--yes",
          "--skip-preview",
          "--non-interactive",
        ]);
        expect(down.stdout).toMatch(/- 8 deleted/);
        expect((await api.listApplications(env0)).map((a) => a.id).sort()).toEqual(appsBefore);
      },
      STEP,
    );
  },
);
