/**
 * The stack program under mocks: configuration in, registered resources and stack outputs out. Loaded compiled,
 * through Node's own `require` (see components/stackoneWorkerApp.test.ts for why).
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as PulumiModule from "@pulumi/pulumi";

const ROOT = __dirname;
const BUILD = path.join(ROOT, ".work", "test-build", "index-mocks");
const PROGRAM = path.join(BUILD, "index.js");

const ENV = "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";

let pulumi: typeof PulumiModule;
let load: NodeRequire;
const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      path.join(ROOT, "index.ts"),
      ...["--outDir", BUILD, "--rootDir", ROOT, "--target", "ES2020", "--module", "commonjs"],
      ...["--moduleResolution", "node", "--esModuleInterop", "--skipLibCheck", "--noCheck", "--types", "node"],
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  load = createRequire(PROGRAM);
  pulumi = load("@pulumi/pulumi") as typeof PulumiModule;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const outputs: Record<string, Record<string, unknown>> = {
          "pingone:index:Application": { applicationId: "app-1", clientId: "app-1", adopted: false },
          "pingone:index:ApplicationSecret": { secret: "s".repeat(64) },
          "pingone:index:ResourceGrant": { grantId: "grant-1", resourceId: "res-1", scopeIds: [] },
          "pingone:index:Group": { groupId: "group-1" },
          "pingone:index:GroupRoleAssignment": {
            assignmentId: "ra-1",
            roleId: "role-1",
            resolvedScopeId: ENV,
            assignedScopeType: "ENVIRONMENT",
            assignedScopeId: ENV,
            adopted: false,
            readOnly: false,
          },
          "pingone:index:GroupMembership": { resolvedUserId: "user-1", resolvedUsername: "alice" },
        };
        // As the real provider does, the Application's resource id is the application id (the client ID).
        const id =
          args.type === "pingone:index:Application"
            ? "app-1"
            : args.type === "pingone:index:Group"
              ? "group-1"
              : `${args.name}-id`;
        return { id, state: { ...args.inputs, ...(outputs[args.type] ?? {}) } };
      },
      call(args) {
        throw new Error(`unexpected call of ${args.token}`);
      },
    },
    "stackone-pingone",
    "dev",
    false,
  );
}, 120_000);

afterEach(() => {
  delete load.cache[PROGRAM];
  registered.length = 0;
});

/** Runs the program with this stack configuration; returns its exports. */
function run(config: Record<string, string>, secretKeys: string[] = []): Record<string, PulumiModule.Output<unknown>> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  delete load.cache[PROGRAM];
  return load(PROGRAM) as Record<string, PulumiModule.Output<unknown>>;
}

function value<T>(output: PulumiModule.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("the stack program", () => {
  it("creates the component and its six children from the configuration, and exports what StackOne needs", async () => {
    const outputs = run(
      {
        "stackone:environmentId": ENV,
        "stackone:signInUsername": "alice",
        "stackone:scopes": '["openid","email"]',
        "stackone:refreshTokenDurationDays": "10",
        "pingone:authUrl": "http://127.0.0.1:4010",
        "pingone:clientSecret": "provisioner-secret",
      },
      ["pingone:clientSecret"],
    );
    expect(Object.keys(outputs).sort()).toEqual([
      "adminRole",
      "applicationId",
      "authorizationUrl",
      "clientId",
      "clientSecret",
      "environmentId",
      "roleAssignmentId",
      "signInGroupId",
      "signInUserId",
      "stackOneConnection",
      "tokenUrl",
    ]);
    const resolved: Record<string, unknown> = {};
    for (const [key, output] of Object.entries(outputs)) resolved[key] = await value(output);
    expect(resolved).toEqual({
      environmentId: ENV,
      clientId: "app-1",
      clientSecret: "s".repeat(64),
      applicationId: "app-1",
      signInUserId: "user-1",
      signInGroupId: "group-1",
      roleAssignmentId: "ra-1",
      adminRole: "EnvironmentAdmin",
      authorizationUrl: `http://127.0.0.1:4010/${ENV}/as/authorize`,
      tokenUrl: `http://127.0.0.1:4010/${ENV}/as/token`,
      stackOneConnection: { environmentId: ENV, clientId: "app-1", clientSecret: "s".repeat(64) },
    });
    expect(await pulumi.isSecret(outputs.clientSecret)).toBe(true);
    expect(await pulumi.isSecret(outputs.stackOneConnection)).toBe(true);
    expect(registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "pingone:index:Application stackone-app",
      "pingone:index:ApplicationSecret stackone-secret",
      "pingone:index:Group stackone-signin-group",
      "pingone:index:GroupMembership stackone-signin-membership",
      "pingone:index:GroupRoleAssignment stackone-signin-group-role",
      "pingone:index:ResourceGrant stackone-openid-grant",
      "stackone:pingone:WorkerApp stackone",
    ]);
    const app = registered.find((r) => r.name === "stackone-app")!;
    expect([app.inputs.name, app.inputs.refreshTokenDuration]).toEqual(["StackOne Integration", 864_000]);
    expect(registered.find((r) => r.name === "stackone-openid-grant")!.inputs.scopes).toEqual(["openid", "email"]);
    // The provisioner's credentials never travel as inputs.
    expect(JSON.stringify(registered)).not.toContain("provisioner-secret");
  });

  it("fails on bad configuration with every problem and registers nothing", () => {
    let caught: unknown;
    try {
      run(
        {
          "stackone:environmentId": "prod",
          "stackone:adminRole": "Owner",
          "stackone:signInUsername": "alice",
          "stackone:rotateSecret": "",
          "stackone:iconPath": "assets/no-such-icon.png",
        },
        ["stackone:rotateSecret"],
      );
    } catch (error) {
      caught = error;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      [
        "Invalid stack configuration (4 problems):",
        '  - stackone:environmentId: "prod" is not a PingOne id; expected the id of the PingOne environment that will ' +
          "hold the application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
        '  - stackone:adminRole: "Owner" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
        "  - stackone:rotateSecret: [secret] is empty; expected any text; changing it rotates the client secret",
        '  - stackone:iconPath: "assets/no-such-icon.png" cannot be read; expected a PNG, JPEG or GIF file of at most 1 MB, ' +
          "relative to the project directory",
        "Set values with `pulumi config set <key> <value>` (lists: as YAML lists in Pulumi.dev.yaml); see docs/configuration.md.",
      ].join("\n"),
    );
    expect(registered).toEqual([]);
  });

  it("names the file to edit when the stack's configuration is derived from one (npm run local)", () => {
    process.env.STACKONE_SETTINGS_FILE = "Pulumi.local.yaml";
    try {
      expect(() =>
        run({ "stackone:environmentId": ENV, "stackone:signInUsername": "alice", "stackone:adminRole": "Owner" }),
      ).toThrow(
        [
          "Invalid stack configuration (1 problem):",
          '  - stackone:adminRole: "Owner" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
          "Set values in Pulumi.local.yaml (the stack's configuration is derived from it on every run); see docs/configuration.md.",
        ].join("\n"),
      );
    } finally {
      delete process.env.STACKONE_SETTINGS_FILE;
    }
    expect(registered).toEqual([]);
  });
});
