/**
 * The component end to end without the Pulumi CLI: Pulumi's mocks stand in for the engine, and each child's
 * `newResource` is served by the `pingone` provider plugin — its own process, configured with the emulator's
 * provisioner credentials, then `Check` and `Create` over gRPC — against the local PingOne emulator. What PingOne
 * then holds is read back through the client.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as PulumiModule from "@pulumi/pulumi";
import { startEmulator } from "../emulator";
import type { RunningEmulator, SeededUser } from "../emulator/types";
import { PingOneClient } from "../pingone/client/client";
import { ownerMarker } from "../pingone/core/ownership";
import {
  configuredPlugin,
  EngineResource,
  providerConfig,
  stopPlugins,
  type PluginProcess,
} from "../pingone/provider/testing";
import type * as ComponentModule from "./stackoneWorkerApp";

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, ".work", "test-build", "components-emulator");

let emu: RunningEmulator;
let api: PingOneClient;
let pulumi: typeof PulumiModule;
let StackOneWorkerApp: typeof ComponentModule.StackOneWorkerApp;
let plugin: PluginProcess;
const created: string[] = [];

/** The engine's part for one resource: Check and Create on the plugin. */
async function serve(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Promise<{ id: string | undefined; state: Record<string, unknown> }> {
  if (!type.startsWith("pingone:index:")) return { id: undefined, state: {} };
  const resource = new EngineResource(plugin, type.slice("pingone:index:".length), name);
  await resource.up(inputs);
  created.push(`pingone:${type.slice("pingone:index:".length)} ${name}`);
  return { id: resource.id, state: resource.outputs ?? {} };
}

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      path.join(ROOT, "components", "stackoneWorkerApp.ts"),
      ...["--outDir", BUILD, "--rootDir", ROOT, "--target", "ES2020", "--module", "commonjs"],
      ...["--moduleResolution", "node", "--esModuleInterop", "--skipLibCheck", "--noCheck", "--types", "node"],
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  emu = await startEmulator({ seed: 4242 });
  plugin = await configuredPlugin(providerConfig(emu));
  api = new PingOneClient({
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  });
  const load = createRequire(path.join(BUILD, "components", "stackoneWorkerApp.js"));
  pulumi = load("@pulumi/pulumi") as typeof PulumiModule;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => serve(args.type, args.name, args.inputs),
      call(args) {
        throw new Error(`unexpected call of ${args.token}`);
      },
    },
    "stackone-pingone",
    "emulated",
    false,
  );
  ({ StackOneWorkerApp } = load("./stackoneWorkerApp.js") as typeof ComponentModule);
}, 120_000);

afterAll(async () => {
  await stopPlugins();
  await emu?.stop();
});

function value<T>(output: PulumiModule.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

function usersOf(environmentId: string): SeededUser[] {
  return emu.users.filter((u) => u.environmentId === environmentId);
}

async function scopeNames(
  environmentId: string,
  applicationId: string,
): Promise<{ resource: string; scopes: string[] }[]> {
  const resources = await api.listResources(environmentId);
  const grants = await api.listApplicationGrants(environmentId, applicationId);
  const out: { resource: string; scopes: string[] }[] = [];
  for (const grant of grants) {
    const scopes = await api.listResourceScopes(environmentId, grant.resource.id);
    out.push({
      resource: resources.find((r) => r.id === grant.resource.id)!.name,
      scopes: grant.scopes.map((s) => scopes.find((x) => x.id === s.id)!.name).sort(),
    });
  }
  return out;
}

/** Every role the user holds: directly (`via: "user"`) and through each group it belongs to (`via: <group name>`). */
async function rolesOf(
  environmentId: string,
  userId: string,
): Promise<{ role: string; scopeType: string; scopeId: string; via: string; id: string }[]> {
  const roles = await api.listRoles();
  const held = (via: string) => (a: { id: string; role: { id: string }; scope: { type: string; id: string } }) => ({
    role: roles.find((r) => r.id === a.role.id)!.name,
    scopeType: a.scope.type,
    scopeId: a.scope.id,
    via,
    id: a.id,
  });
  const out = (await api.listUserRoleAssignments(environmentId, userId)).map(held("user"));
  for (const g of await api.listUserGroupMemberships(environmentId, userId)) {
    out.push(...(await api.listGroupRoleAssignments(environmentId, g.id)).map(held(g.name!)));
  }
  return out;
}

describe("StackOneWorkerApp against the emulator", () => {
  it("creates the guide's Worker app, its openid grant, its secret and the sign-in user's Environment Admin role (through the stack's group)", async () => {
    const env = emu.environmentId;
    const user = usersOf(env)[0];
    const app = new StackOneWorkerApp("guide", {
      environmentId: env,
      signInUsername: user.username,
      authUrl: emu.authUrl,
    });
    const [connection, signInUserId, roleAssignmentId, tokenUrl] = await Promise.all([
      value(app.stackOneConnection),
      value(app.signInUserId),
      value(app.roleAssignmentId),
      value(app.tokenUrl),
    ]);

    const stored = await api.getApplication(env, connection.clientId);
    expect(stored).toBeDefined();
    expect({
      name: stored!.name,
      type: stored!.type,
      protocol: stored!.protocol,
      enabled: stored!.enabled,
      grantTypes: [...(stored!.grantTypes ?? [])].sort(),
      responseTypes: stored!.responseTypes,
      pkceEnforcement: stored!.pkceEnforcement,
      refreshTokenType: stored!.refreshTokenType,
      refreshTokenDuration: stored!.refreshTokenDuration,
      refreshTokenRollingDuration: stored!.refreshTokenRollingDuration,
      redirectUris: stored!.redirectUris,
      allowWildcardInRedirectUris: stored!.allowWildcardInRedirectUris ?? false,
      tokenEndpointAuthMethod: stored!.tokenEndpointAuthMethod,
      accessControl: stored!.accessControl,
    }).toEqual({
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2_592_000,
      refreshTokenRollingDuration: 15_552_000,
      redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
      allowWildcardInRedirectUris: false,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
    });

    // The three values StackOne asks for are what PingOne holds.
    const secret = await api.getApplicationSecret(env, connection.clientId);
    expect(connection).toEqual({ environmentId: env, clientId: stored!.id, clientSecret: secret.secret });
    expect(await pulumi.isSecret(app.stackOneConnection)).toBe(true);
    expect(tokenUrl).toBe(`${emu.authUrl}/${env}/as/token`);

    expect(await scopeNames(env, stored!.id)).toEqual([{ resource: "openid", scopes: ["email", "openid", "profile"] }]);

    // The role, through the stack's own group; none given to the user directly.
    expect(signInUserId).toBe(user.id);
    expect(await rolesOf(env, user.id)).toEqual([
      {
        role: "Environment Admin",
        scopeType: "ENVIRONMENT",
        scopeId: env,
        via: "StackOne Integration sign-in users",
        id: roleAssignmentId,
      },
    ]);
    expect(created.filter((c) => c.includes(" guide-")).sort()).toEqual([
      "pingone:Application guide-app",
      "pingone:ApplicationSecret guide-secret",
      "pingone:Group guide-signin-group",
      "pingone:GroupMembership guide-signin-membership",
      "pingone:GroupRoleAssignment guide-signin-group-role",
      "pingone:ResourceGrant guide-openid-grant",
    ]);
  });

  it("applies the options: Identity Data Admin by user id, custom scopes, durations, description, rotation", async () => {
    const env = emu.environmentIds[1];
    const user = usersOf(env)[1];
    const app = new StackOneWorkerApp("options", {
      environmentId: env,
      signInUserId: user.id,
      adminRole: "IdentityDataAdmin",
      appName: "StackOne (HR)",
      description: "HR sync",
      scopes: ["openid", "email", "phone"],
      refreshTokenDurationDays: 7,
      refreshTokenRollingDurationDays: 14,
      secretRotation: { trigger: "first", keepPreviousForSeconds: 600 },
    });
    const [clientId, clientSecret] = await Promise.all([
      value(app.clientId),
      value(app.clientSecret),
      value(app.roleAssignmentId),
      value(app.scopes),
    ]);

    const stored = await api.getApplication(env, clientId);
    // The description is followed by the application resource's owner marker (the hash of its URN).
    expect([
      stored!.name,
      stored!.description,
      stored!.refreshTokenDuration,
      stored!.refreshTokenRollingDuration,
    ]).toEqual([
      "StackOne (HR)",
      `HR sync\n\n${ownerMarker("urn:pulumi:test::test::pingone:index:Application::options-app")}`,
      604_800,
      1_209_600,
    ]);
    // A new application's first secret is only read: the rotation trigger rotates on a later change.
    expect(clientSecret).toBe((await api.getApplicationSecret(env, clientId)).secret);
    expect(await scopeNames(env, clientId)).toEqual([{ resource: "openid", scopes: ["email", "openid", "phone"] }]);
    expect((await rolesOf(env, user.id)).map(({ id: _id, ...r }) => r)).toEqual([
      { role: "Identity Data Admin", scopeType: "ENVIRONMENT", scopeId: env, via: "StackOne (HR) sign-in users" },
    ]);
  });
});
