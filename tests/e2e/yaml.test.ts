/**
 * The StackOne component for every language: the YAML example (examples/yaml) through the real Pulumi CLI, its YAML
 * language host and the stackone plugin's Construct, against the local PingOne emulator started in this process.
 *
 * The same component also runs in-process in this project's TypeScript stack: both are run here on the same
 * environment and user, one after the other, and must leave identical PingOne objects (ids aside) under identical
 * child URNs (project and stack names aside). The YAML stack's credentials come from `pingone:*` stack config (the
 * secret from PINGONE_CLIENT_SECRET, as CI would give it); the TypeScript stack's from PINGONE_*.
 * Without a CLI and a YAML language host the suite is skipped locally and fails under CI=true.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator, type SeededUser } from "../../emulator";
import type { PingOneClient } from "../../pingone/client/client";
import { ownerMarker, splitOwnerMarker } from "../../pingone/core/ownership";
import { adminClient, compileProvider, COMPILED_DIR } from "../../pingone/provider/testing";
import { providerEnv } from "../../scripts/local/prepare";
import {
  e2eCli,
  GUIDE_APPLICATION,
  listGroups,
  parseJsonOutput,
  PulumiWorkspace,
  REPO_ROOT,
  requireCli,
  signInAccess,
  SIGN_IN_GROUP,
  SIGN_IN_GROUP_DESCRIPTION,
} from "./harness";

const cli = e2eCli("tests/e2e/yaml.test.ts", {
  build: "them",
  needs: {
    what: "the Pulumi CLI and its YAML language host",
    missing: (binDir) =>
      fs.existsSync(path.join(binDir, "pulumi-language-yaml"))
        ? undefined
        : `no pulumi-language-yaml beside ${binDir} (scripts/pulumi-cli.sh builds it)`,
  },
});

const STEP = 240_000;
const EXAMPLE = path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml");
const YAML_PROJECT = "stackone-pingone-yaml";
/** What the plugins' launchers need beside them: the sources they check for changes, and the compiled plugins. */
const PLUGIN_ENTRIES = ["package.json", "tsconfig.json", "bin", "stackone", "components", "pingone"];
const PLUGIN_PATH = /^(\s*path: )\.\.\/\.\.\/bin$/gm;
const CHILDREN = [
  "pingone:index:Application stackone-app",
  "pingone:index:ApplicationSecret stackone-secret",
  "pingone:index:ResourceGrant stackone-openid-grant",
  "pingone:index:Group stackone-signin-group",
  "pingone:index:GroupRoleAssignment stackone-signin-group-role",
  "pingone:index:GroupMembership stackone-signin-membership",
];
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The YAML example as a user runs it from a checkout: its Pulumi.yaml in the project directory, the plugins' folder
 * (a copy of the repository's, with the plugins compiled for the tests) where its `plugins.providers` point.
 */
function yamlExample(root: string, projectDir: string): void {
  const repo = path.join(root, "repo");
  for (const entry of PLUGIN_ENTRIES) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(repo, entry), {
      recursive: true,
      filter: (src) => !src.endsWith(".test.ts"),
    });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  compileProvider();
  // After the sources, so the launchers find the build newer than them and run it as is.
  fs.cpSync(COMPILED_DIR, path.join(repo, "dist"), { recursive: true });
  const program = fs.readFileSync(EXAMPLE, "utf8");
  const paths = program.match(PLUGIN_PATH) ?? [];
  if (paths.length !== 2)
    throw new Error(`${EXAMPLE} should name both plugins' folder as ../../bin; found ${paths.length}`);
  fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), program.replace(PLUGIN_PATH, `$1${path.join(repo, "bin")}`));
}

interface StateResource {
  type: string;
  urn: string;
  parent?: string;
  provider?: string;
  outputs?: Record<string, unknown>;
}

describe.skipIf(cli.skip)("the StackOne component from YAML, through the stackone plugin's Construct", () => {
  let emu: RunningEmulator;
  let api: PingOneClient;
  let tsWs: PulumiWorkspace;
  let yamlWs: PulumiWorkspace;
  let env0: string;
  let user0: SeededUser;
  let nothing: unknown;
  let reference: { objects: unknown; urns: string[] };
  let clientSecret = "";

  beforeAll(async () => {
    const binDir = requireCli(cli);
    emu = await startEmulator({ seed: 5150 });
    api = adminClient(emu);
    env0 = emu.environmentIds[0];
    user0 = emu.users.find((u) => u.environmentId === env0)!;
    tsWs = new PulumiWorkspace({ binDir, env: providerEnv(emu), name: "stackone-yaml-ts" });
    yamlWs = new PulumiWorkspace({
      binDir,
      env: { PINGONE_CLIENT_SECRET: emu.clientSecret },
      name: "stackone-yaml",
      setup: yamlExample,
    });
    nothing = await world();
  }, STEP);

  afterAll(async () => {
    for (const ws of [tsWs, yamlWs]) {
      if (ws === undefined) continue;
      // oxlint-disable-next-line no-console
      console.log(`Pulumi CLI ${cli.version ?? ""} wall times:\n${ws.timingTable()}`);
      ws.dispose();
    }
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
      out[`memberships ${u.id}`] = (await api.listUserGroupMemberships(u.environmentId, u.id)).map((g) => g.id).sort();
    return out;
  }

  /** A value with its ids named for what they are (the environment, the user) or blanked, and timestamps dropped. */
  function idsAside(value: unknown): unknown {
    if (typeof value === "string" && UUID.test(value))
      return value === env0 ? "<environment>" : value === user0.id ? "<user>" : "<id>";
    if (Array.isArray(value)) return value.map(idsAside);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([k]) => !["createdAt", "updatedAt", "_links", "lastRotatedAt"].includes(k))
          .map(([k, v]) => [k, idsAside(v)]),
      );
    }
    return value;
  }

  /** Everything a stack made in the environment, ids aside: applications with their grants, groups with their roles. */
  /**
   * What the component left in PingOne, ids aside. The application and the group carry their owner marker (the hash
   * of their URN, which differs between the two stacks, as their projects do): checked against `owner`'s, then set
   * aside, so the two stacks' objects compare equal.
   */
  async function pingoneObjects(owner: { stack: string; project: string }) {
    const unmarked = <T extends { description?: string }>(
      object: T,
      type: "Application" | "Group",
      name: string,
    ): T => {
      const { description, marker } = splitOwnerMarker(object.description);
      const urn = `urn:pulumi:${owner.stack}::${owner.project}::stackone:pingone:WorkerApp$pingone:index:${type}::${name}`;
      expect(marker, `the owner marker of ${type} ${name}`).toBe(ownerMarker(urn));
      const { description: _marked, ...rest } = object;
      return { ...rest, ...(description !== undefined ? { description } : {}) } as T;
    };
    const openid = (await api.listResources(env0)).find((r) => r.name === "openid")!;
    const scopeNames = new Map((await api.listResourceScopes(env0, openid.id)).map((s) => [s.id, s.name]));
    const roleNames = new Map((await api.listRoles()).map((r) => [r.id, r.name]));
    const applications = [];
    for (const app of await api.listApplications(env0)) {
      const grants = (await api.listApplicationGrants(env0, app.id)).map((g) => ({
        resource: g.resource.id === openid.id ? "openid" : g.resource.id,
        scopes: g.scopes.map((s) => scopeNames.get(s.id) ?? s.id).sort(),
      }));
      applications.push({
        app: idsAside(unmarked(app, "Application", "stackone-app")),
        grants,
        secretLength: (await api.getApplicationSecret(env0, app.id)).secret.length,
      });
    }
    const groups = [];
    for (const { id } of await listGroups(emu, env0)) {
      const roles = (await api.listGroupRoleAssignments(env0, id)).map(
        (a) => `${roleNames.get(a.role.id)} at ${a.scope.type} ${idsAside(a.scope.id)}`,
      );
      const group = (await api.getGroup(env0, id))!;
      groups.push({
        group: idsAside(group.name === SIGN_IN_GROUP ? unmarked(group, "Group", "stackone-signin-group") : group),
        roles: roles.sort(),
      });
    }
    return { applications, groups, signIn: await signInAccess(api, env0, user0.id) };
  }

  async function exportState(ws: PulumiWorkspace, stack: string): Promise<StateResource[]> {
    const r = await ws.must(`export ${stack}`, ["stack", "export", "--stack", stack, "--non-interactive"]);
    return parseJsonOutput<{ deployment: { resources: StateResource[] } }>(r.stdout).deployment.resources;
  }

  /** The URNs of the component and its children, without the stack's and project's names. */
  function componentUrns(resources: StateResource[], stack: string, project: string): string[] {
    const prefix = `urn:pulumi:${stack}::${project}::`;
    return resources
      .filter((r) => r.type === "stackone:pingone:WorkerApp" || r.type.startsWith("pingone:index:"))
      .map((r) => {
        expect(r.urn.startsWith(prefix), r.urn).toBe(true);
        return r.urn.slice(prefix.length);
      })
      .sort();
  }

  it(
    "1. the reference: the TypeScript stack builds the component in-process; what it leaves in PingOne, then destroy",
    async () => {
      await tsWs.must("stack init ts", [
        "stack",
        "init",
        "ts",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      tsWs.setConfig("ts", { "stackone:environmentId": env0, "stackone:signInUsername": user0.username });
      const up = await tsWs.must("up (TypeScript)", [
        "up",
        "--stack",
        "ts",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(up.stdout).toMatch(/\+ 8 created/);
      reference = {
        objects: await pingoneObjects({ stack: "ts", project: "stackone-pingone" }),
        urns: componentUrns(await exportState(tsWs, "ts"), "ts", "stackone-pingone"),
      };
      expect(reference.urns).toEqual([
        "stackone:pingone:WorkerApp$pingone:index:Application::stackone-app",
        "stackone:pingone:WorkerApp$pingone:index:ApplicationSecret::stackone-secret",
        "stackone:pingone:WorkerApp$pingone:index:Group::stackone-signin-group",
        "stackone:pingone:WorkerApp$pingone:index:GroupMembership::stackone-signin-membership",
        "stackone:pingone:WorkerApp$pingone:index:GroupRoleAssignment::stackone-signin-group-role",
        "stackone:pingone:WorkerApp$pingone:index:ResourceGrant::stackone-openid-grant",
        "stackone:pingone:WorkerApp::stackone",
      ]);
      await tsWs.must("destroy (TypeScript)", [
        "destroy",
        "--stack",
        "ts",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(await world()).toEqual(nothing);
    },
    STEP,
  );

  it(
    "2. YAML up: the guide's application, the openid grant, the sign-in group with the admin role and the user; the outputs, the secret a secret",
    async () => {
      await yamlWs.must("stack init yaml", [
        "stack",
        "init",
        "yaml",
        "--secrets-provider",
        "passphrase",
        "--non-interactive",
      ]);
      yamlWs.setConfig("yaml", {
        [`${YAML_PROJECT}:environmentId`]: env0,
        [`${YAML_PROJECT}:signInUsername`]: user0.username,
        "pingone:environmentId": emu.adminEnvironmentId,
        "pingone:clientId": emu.clientId,
        "pingone:apiUrl": emu.apiUrl,
        "pingone:authUrl": emu.authUrl,
      });
      const r = await yamlWs.must("up (YAML)", [
        "up",
        "--stack",
        "yaml",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(r.stdout).toMatch(/\+ 8 created/);
      // A component's line says "creating" only: it has no create of its own to finish.
      expect(r.stdout).toContain("+  stackone:pingone:WorkerApp stackone creating");
      for (const child of CHILDREN) expect(r.stdout).toContain(`+  ${child} created`);

      const apps = await api.listApplications(env0);
      expect(apps.map((a) => a.name)).toEqual(["StackOne Integration"]);
      const app = apps[0];
      expect(app).toMatchObject(GUIDE_APPLICATION);
      expect([...(app.grantTypes ?? [])].sort()).toEqual(["AUTHORIZATION_CODE", "REFRESH_TOKEN"]);
      expect(app.accessControl?.group).toBeUndefined();
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
      const marker = ownerMarker(
        `urn:pulumi:yaml::${YAML_PROJECT}::stackone:pingone:WorkerApp$pingone:index:Group::stackone-signin-group`,
      );
      expect(await api.getGroup(env0, group[0].id)).toMatchObject({
        description: `${SIGN_IN_GROUP_DESCRIPTION}\n\n${marker}`,
        directMemberCounts: { users: 1 },
      });

      const shown = parseJsonOutput<Record<string, unknown>>(
        (
          await yamlWs.must("outputs (YAML)", [
            "stack",
            "output",
            "--stack",
            "yaml",
            "--json",
            "--show-secrets",
            "--non-interactive",
          ])
        ).stdout,
      );
      clientSecret = (await api.getApplicationSecret(env0, app.id)).secret;
      expect(shown).toEqual({ environmentId: env0, clientId: app.id, clientSecret });
      const masked = parseJsonOutput<Record<string, unknown>>(
        (
          await yamlWs.must("outputs masked (YAML)", [
            "stack",
            "output",
            "--stack",
            "yaml",
            "--json",
            "--non-interactive",
          ])
        ).stdout,
      );
      expect(masked).toEqual({ environmentId: env0, clientId: app.id, clientSecret: "[secret]" });
      const state = await exportState(yamlWs, "yaml");
      expect(state.find((res) => res.type === "pulumi:pulumi:Stack")!.outputs?.clientSecret).toMatchObject(SECRET_SIG);
      // The component's own outputs, as the plugin returned them: the schema's secret ones secret.
      const component = state.find((res) => res.type === "stackone:pingone:WorkerApp")!;
      expect(component.outputs?.clientSecret).toMatchObject(SECRET_SIG);
      expect(component.outputs?.stackOneConnection).toMatchObject(SECRET_SIG);
      expect(component.outputs?.clientId).toBe(app.id);
      // The children use the default pingone provider, configured by the stack's pingone:* config: the generated
      // Node.js SDK the component registers them with names the package's version, so the engine's default provider
      // for it is default_<version>.
      const version = (
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "pingone/provider/schema.json"), "utf8")) as { version: string }
      ).version;
      const defaultProvider = `urn:pulumi:yaml::${YAML_PROJECT}::pulumi:providers:pingone::default_${version.replace(/\./g, "_")}::`;
      for (const res of state.filter((s) => s.type.startsWith("pingone:index:"))) {
        expect(res.parent).toBe(component.urn);
        expect(res.provider?.startsWith(defaultProvider), res.provider).toBe(true);
      }
    },
    STEP,
  );

  it(
    "3. the same component, in-process from TypeScript and through Construct from YAML: identical PingOne objects and child URNs",
    async () => {
      expect(await pingoneObjects({ stack: "yaml", project: YAML_PROJECT })).toEqual(reference.objects);
      expect(componentUrns(await exportState(yamlWs, "yaml"), "yaml", YAML_PROJECT)).toEqual(reference.urns);
    },
    STEP,
  );

  it(
    "4. a second preview expects no changes, and makes no PingOne request",
    async () => {
      emu.clearRequests();
      const r = await yamlWs.must("preview (YAML, no changes)", [
        "preview",
        "--stack",
        "yaml",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      expect(r.stdout).toMatch(/8 unchanged/);
      expect(emu.requests()).toEqual([]);
    },
    STEP,
  );

  it("5. the client secret appears in plaintext in no state file and no CLI output", () => {
    expect(clientSecret.length).toBeGreaterThanOrEqual(64);
    for (const file of yamlWs.stateFiles()) {
      const text = fs.readFileSync(file, "utf8");
      for (const s of [clientSecret, emu.clientSecret]) expect(text.includes(s), `a secret in ${file}`).toBe(false);
    }
    const transcript = yamlWs.transcript.join("\n");
    expect(transcript).toContain("stackone:pingone:WorkerApp");
    for (const s of [clientSecret, emu.clientSecret])
      expect(transcript.includes(s), "a secret in the CLI's output").toBe(false);
  });

  it(
    "6. destroy leaves nothing",
    async () => {
      const r = await yamlWs.must("destroy (YAML)", [
        "destroy",
        "--stack",
        "yaml",
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
    "7. a bad argument fails the preview with the component's own message, naming it and its value; PingOne receives no request",
    async () => {
      yamlWs.setConfig("yaml", { [`${YAML_PROJECT}:environmentId`]: "not-an-environment" });
      try {
        emu.clearRequests();
        const r = await yamlWs.run("preview (YAML, bad argument)", ["preview", "--stack", "yaml", "--non-interactive"]);
        expect(r.code).not.toBe(0);
        expect(r.stdout + r.stderr).toContain('Invalid arguments for StackOneWorkerApp "stackone":');
        expect(r.stdout + r.stderr).toContain(
          'environmentId: "not-an-environment" is not a PingOne id; expected the id of the PingOne environment that holds the application',
        );
        expect(emu.requests()).toEqual([]);
      } finally {
        yamlWs.setConfig("yaml", { [`${YAML_PROJECT}:environmentId`]: env0 });
      }
    },
    STEP,
  );

  it(
    "8. an explicit pingone provider passed in the component's providers serves its children",
    async () => {
      const file = path.join(yamlWs.projectDir, "Pulumi.yaml");
      const program = fs.readFileSync(file, "utf8");
      const explicit = program
        .replace(
          "resources:\n",
          [
            "resources:",
            "  provisioner:",
            "    type: pulumi:providers:pingone",
            "    properties:",
            "      environmentId: ${pingone:environmentId}",
            "      clientId: ${pingone:clientId}",
            "      apiUrl: ${pingone:apiUrl}",
            "      authUrl: ${pingone:authUrl}",
            "",
          ].join("\n"),
        )
        .replace(
          "      signInUsername: ${signInUsername}\n",
          "      signInUsername: ${signInUsername}\n    options:\n      providers:\n        - ${provisioner}\n",
        );
      expect(explicit).not.toBe(program);
      fs.writeFileSync(file, explicit);
      await yamlWs.must("up (YAML, explicit provider)", [
        "up",
        "--stack",
        "yaml",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      const state = await exportState(yamlWs, "yaml");
      const children = state.filter((s) => s.type.startsWith("pingone:index:"));
      expect(children.map((c) => c.type).sort()).toEqual(CHILDREN.map((c) => c.split(" ")[0]).sort());
      for (const res of children) {
        expect(res.provider).toMatch(
          new RegExp(`^urn:pulumi:yaml::${YAML_PROJECT}::pulumi:providers:pingone::provisioner::`),
        );
      }
      expect(await pingoneObjects({ stack: "yaml", project: YAML_PROJECT })).toEqual(reference.objects);
      await yamlWs.must("destroy (YAML, explicit provider)", [
        "destroy",
        "--stack",
        "yaml",
        "--yes",
        "--skip-preview",
        "--non-interactive",
      ]);
      expect(await world()).toEqual(nothing);
    },
    STEP,
  );
});
