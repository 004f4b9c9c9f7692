/**
 * Drift a refresh must report and an update repair, through the core against the emulator over loopback: roles
 * given to the application out of band (which keep its secret from the provisioner) and grants the stack does not
 * manage. Exact requests are asserted (the normal refresh stays one read per resource); every exchange is validated
 * against PingOne's OpenAPI description.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiClient, provisionerToken, roleId, type Api } from "../../emulator/testing";
import { startValidatedEmulator, type ValidatedEmulator } from "../../tests/contract/validated-emulator";
import { PingOneClient } from "../client/client";
import {
  createApplicationSecret,
  diffApplicationSecret,
  readApplicationSecret,
  updateApplicationSecret,
} from "./applicationSecret";
import { createResourceGrant, diffResourceGrant, readResourceGrant, updateResourceGrant } from "./resourceGrant";
import type { ApplicationSecretInputs, ResourceGrantInputs } from "./model";

let em: ValidatedEmulator;
let admin: Api;
let api: PingOneClient;
let env: string;
let appId: string;

beforeAll(async () => {
  em = await startValidatedEmulator({ seed: 1414 });
}, 60_000);
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  em.reset();
  env = em.environmentId;
  admin = apiClient(em, await provisionerToken(em));
  api = new PingOneClient({
    environmentId: em.adminEnvironmentId,
    clientId: em.clientId,
    clientSecret: em.clientSecret,
    apiUrl: em.apiUrl,
    authUrl: em.authUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 100, propagationTimeoutMs: 0 },
  });
  const app = await api.createApplication(env, {
    name: "StackOne Integration",
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: true,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    assignActorRoles: false,
  });
  appId = app.id;
});
afterEach(() => em.expectNoContractViolations());

/** The API requests since the last clear, as `METHOD path` (the token endpoint left out). */
function calls(): string[] {
  return em
    .requests()
    .filter((r) => r.path.startsWith("/v1/"))
    .map((r) => `${r.method} ${r.path}`);
}

const appPath = () => `/v1/environments/${env}/applications/${appId}`;

/** Gives the application a role out of band, as an admin in the console would. */
async function giveAppRole(name: string, scope: { id: string; type: string }): Promise<string> {
  const res = await admin.post(`/environments/${env}/applications/${appId}/roleAssignments`, {
    role: { id: await roleId(admin, name) },
    scope,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe("roles on the application", () => {
  it("a role the provisioner lacks: refresh keeps the secret, records the assignment and warns; update removes it and reads again", async () => {
    const inputs: ApplicationSecretInputs = { environmentId: env, applicationId: appId };
    const created = await createApplicationSecret(api, inputs);
    const raId = await giveAppRole("Identity Data Admin", { id: env, type: "ENVIRONMENT" });
    const idaId = await roleId(admin, "Identity Data Admin");
    em.clearRequests();

    const warnings: string[] = [];
    const refreshed = await readApplicationSecret(api, created, (m) => warnings.push(m));
    const blocking = [
      {
        assignmentId: raId,
        roleId: idaId,
        roleName: "Identity Data Admin",
        scopeType: "ENVIRONMENT",
        scopeId: env,
        readOnly: false,
      },
    ];
    expect(refreshed).toEqual({ ...created, blockingRoleAssignments: blocking });
    expect(calls()).toEqual([
      `GET ${appPath()}/secret`,
      `GET ${appPath()}/roleAssignments`,
      "GET /v1/roles",
      `GET ${appPath()}`,
    ]);
    expect(warnings).toEqual([
      `application "StackOne Integration" (${appId}) holds 1 role assignment: Identity Data Admin at ENVIRONMENT ${env} (assignment ${raId}). ` +
        "It needs none: StackOne signs in with the authorization code flow, whose tokens carry the signed-in user's roles, never the application's. " +
        "PingOne reveals the client secret only to an actor holding every role the application holds, and the provisioner lacks it, so the secret " +
        "could not be read: the recorded secret is kept, and a rotation made out of band would go unnoticed. " +
        "`pulumi up` removes the application's role assignments and reads the secret again.",
    ]);

    expect(diffApplicationSecret(refreshed!, inputs)).toEqual({
      changes: ["blockingRoleAssignments"],
      replaces: [],
      removedOutputs: ["blockingRoleAssignments"],
    });
    em.clearRequests();
    const updated = await updateApplicationSecret(api, refreshed!, inputs);
    expect(updated).toEqual(created);
    expect(calls()).toEqual([
      `GET ${appPath()}/roleAssignments`,
      `DELETE ${appPath()}/roleAssignments/${raId}`,
      `GET ${appPath()}/secret`,
    ]);
    expect(await api.listApplicationRoleAssignments(env, appId)).toEqual([]);
    expect(diffApplicationSecret(updated, inputs)).toEqual({ changes: [], replaces: [] });
  });

  it("the normal refresh is one read; a role the provisioner also holds does not block it, so refresh cannot see it (npm run verify does)", async () => {
    const created = await createApplicationSecret(api, { environmentId: env, applicationId: appId });
    await giveAppRole("Environment Admin", { id: env, type: "ENVIRONMENT" });
    em.clearRequests();
    const warnings: string[] = [];
    expect(await readApplicationSecret(api, created, (m) => warnings.push(m))).toEqual(created);
    expect(calls()).toEqual([`GET ${appPath()}/secret`]);
    expect(warnings).toEqual([]);
  });
});

describe("grants the stack does not manage", () => {
  async function strayGrant(): Promise<{ grantId: string; resourceId: string }> {
    const resources = (await api.listResources(env)).find((r) => r.name === "PingOne API")!;
    const scope = (await api.listResourceScopes(env, resources.id)).find((s) => s.name === "p1:read:user")!;
    const grant = await api.createApplicationGrant(env, appId, { id: resources.id }, [{ id: scope.id }]);
    return { grantId: grant.id, resourceId: resources.id };
  }

  it("refresh reads the grant list (one call), records the other grant and warns; with removeOtherGrants the update deletes it", async () => {
    const inputs: ResourceGrantInputs = {
      environmentId: env,
      applicationId: appId,
      resourceName: "openid",
      scopes: ["openid", "profile"],
      removeOtherGrants: true,
    };
    const created = await createResourceGrant(api, inputs);
    em.clearRequests();
    expect(await readResourceGrant(api, created.grantId, created)).toEqual(created);
    expect(calls()).toEqual([`GET ${appPath()}/grants`]);

    const stray = await strayGrant();
    em.clearRequests();
    const warnings: string[] = [];
    const refreshed = await readResourceGrant(api, created.grantId, created, (m) => warnings.push(m));
    expect(refreshed).toEqual({
      ...created,
      otherGrants: [
        { grantId: stray.grantId, resourceId: stray.resourceId, resourceName: "PingOne API", scopes: ["p1:read:user"] },
      ],
    });
    expect(calls().sort()).toEqual(
      [
        `GET ${appPath()}/grants`,
        `GET /v1/environments/${env}/resources`,
        `GET /v1/environments/${env}/resources/${stray.resourceId}/scopes`,
      ].sort(),
    );
    expect(warnings).toEqual([
      `application ${appId} holds 1 grant besides the "openid" grant this stack manages (${created.grantId}): "PingOne API" scopes p1:read:user (grant ${stray.grantId}). ` +
        "This stack does not manage it; it lets the application request scopes beyond the stack's. `pulumi up` removes it (removeOtherGrants is set).",
    ]);

    expect(diffResourceGrant(refreshed!, inputs)).toEqual({
      changes: ["otherGrants"],
      replaces: [],
      removedOutputs: ["otherGrants"],
    });
    em.clearRequests();
    const updated = await updateResourceGrant(api, created.grantId, refreshed!, inputs);
    expect(updated).toEqual(created);
    expect(calls()).toEqual([`DELETE ${appPath()}/grants/${stray.grantId}`]);
    expect((await api.listApplicationGrants(env, appId)).map((g) => g.id)).toEqual([created.grantId]);
  });

  it("without removeOtherGrants the other grant is reported with how to remove it, and is no diff", async () => {
    const inputs: ResourceGrantInputs = { environmentId: env, applicationId: appId, scopes: ["openid"] };
    const created = await createResourceGrant(api, inputs);
    const stray = await strayGrant();
    const warnings: string[] = [];
    const refreshed = await readResourceGrant(api, created.grantId, created, (m) => warnings.push(m));
    expect(refreshed!.otherGrants).toEqual([
      { grantId: stray.grantId, resourceId: stray.resourceId, resourceName: "PingOne API", scopes: ["p1:read:user"] },
    ]);
    expect(warnings).toEqual([
      `application ${appId} holds 1 grant besides the "openid" grant this stack manages (${created.grantId}): "PingOne API" scopes p1:read:user (grant ${stray.grantId}). ` +
        "This stack does not manage it; it lets the application request scopes beyond the stack's. " +
        `To remove it: the PingOne console (Applications → the application → Resources), or DELETE /environments/${env}/applications/${appId}/grants/<grantId> per grant, ` +
        "or set removeOtherGrants on this grant so that `pulumi up` removes them.",
    ]);
    expect(diffResourceGrant(refreshed!, inputs)).toEqual({ changes: [], replaces: [] });
  });

  it("the tracked grant deleted out of band reads as gone, with the same one request", async () => {
    const created = await createResourceGrant(api, { environmentId: env, applicationId: appId, scopes: ["openid"] });
    await api.deleteApplicationGrant(env, appId, created.grantId);
    em.clearRequests();
    expect(await readResourceGrant(api, created.grantId, created)).toBeUndefined();
    expect(calls()).toEqual([`GET ${appPath()}/grants`]);
    await api.deleteApplication(env, appId);
    expect(await readResourceGrant(api, created.grantId, created)).toBeUndefined();
  });
});
