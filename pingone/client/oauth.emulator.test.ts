/**
 * The client's OAuth side against the emulator over loopback: the authorization endpoint (not followed), the token
 * endpoint's authorization_code and refresh_token grants, and a `PingOneClient` acting with a signed-in user's token.
 * Every /v1 exchange is validated against PingOne's OpenAPI description.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STACKONE_REDIRECT_URI } from "../../components/workerAppPlan";
import { apiClient, createSignInApp, provisionerToken, roleId } from "../../emulator/testing";
import { startValidatedEmulator, type ValidatedEmulator } from "../../tests/contract/validated-emulator";
import { PingOneClient } from "./client";
import { PingOneApiError } from "./errors";
import { PingOneOAuthClient } from "./oauth";

let em: ValidatedEmulator;

beforeAll(async () => {
  em = await startValidatedEmulator({ seed: 17 });
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(() => em.reset());
afterEach(() => em.expectNoContractViolations());

async function setup(role = "Environment Admin") {
  const api = apiClient(em, await provisionerToken(em));
  const alice = em.users.find((u) => u.username === "alice")!;
  await api.post(`/environments/${em.environmentId}/users/${alice.id}/roleAssignments`, {
    role: { id: await roleId(api, role) },
    scope: { id: em.environmentId, type: "ENVIRONMENT" },
  });
  const app = await createSignInApp(api, em.environmentId);
  const oauth = new PingOneOAuthClient({
    environmentId: em.environmentId,
    clientId: app.id,
    clientSecret: app.secret,
    authUrl: em.authUrl,
    retry: { baseDelayMs: 1 },
  });
  return { api, alice, app, oauth };
}

async function signInCode(oauth: PingOneOAuthClient, username: string, password: string): Promise<string> {
  const start = await oauth.authorize({ redirectUri: STACKONE_REDIRECT_URI, scope: "openid profile", state: "s" });
  const flowId = new URL(start.location!).searchParams.get("flowId")!;
  const done = await oauth.page(
    new URL("/" + em.environmentId + "/signon/", em.authUrl).toString(),
    { flowId, username, password },
    [password],
  );
  return new URL(done.location!).searchParams.get("code")!;
}

describe("PingOneOAuthClient", () => {
  it("authorize: a redirect to the sign-on page; a refused request names OAuth's error", async () => {
    const { oauth } = await setup();
    const ok = await oauth.authorize({ redirectUri: STACKONE_REDIRECT_URI, scope: "openid" });
    expect(ok.status).toBe(302);
    expect(ok.error).toBeUndefined();
    expect(ok.location).toContain(`/${em.environmentId}/signon/?flowId=`);
    const bad = await oauth.authorize({ redirectUri: "https://example.com/cb", scope: "openid" });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ error: "invalid_request", redirected: false });
    const scope = await oauth.authorize({ redirectUri: STACKONE_REDIRECT_URI, scope: "openid phone" });
    expect(scope.error).toEqual({
      error: "invalid_scope",
      description: "scope phone is not granted to the application; allowed: openid profile email",
      redirected: true,
    });
  });

  it("exchanges a code with CLIENT_SECRET_POST, refreshes, and a PingOneClient with the user's token lists users", async () => {
    const { alice, oauth } = await setup();
    const tokens = await oauth.exchangeCode(
      await signInCode(oauth, "alice", alice.password),
      STACKONE_REDIRECT_URI,
      "CLIENT_SECRET_POST",
    );
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.idToken).toBeDefined();
    const user = new PingOneClient({ accessToken: tokens.accessToken, apiUrl: em.apiUrl });
    expect((await user.findUserByUsername(em.environmentId, "alice"))?.id).toBe(alice.id);
    const renewed = await oauth.refresh(tokens.refreshToken!, "CLIENT_SECRET_POST");
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
  });

  it("a dummy code with the right credentials is invalid_grant; Basic for a CLIENT_SECRET_POST app is invalid_client; no secret in the message", async () => {
    const { app, oauth } = await setup();
    const err = (await oauth
      .exchangeCode("dummy", STACKONE_REDIRECT_URI, "CLIENT_SECRET_POST")
      .catch((e) => e)) as PingOneApiError;
    expect(err).toBeInstanceOf(PingOneApiError);
    expect([err.status, err.code]).toEqual([400, "invalid_grant"]);
    const basic = (await oauth
      .exchangeCode("dummy", STACKONE_REDIRECT_URI, "CLIENT_SECRET_BASIC")
      .catch((e) => e)) as PingOneApiError;
    expect([basic.status, basic.code]).toEqual([401, "invalid_client"]);
    expect(basic.message).toBe(
      "PingOne exchange authorization code failed: 401 invalid_client Client authentication failed: the application requires CLIENT_SECRET_POST, the request used CLIENT_SECRET_BASIC",
    );
    expect(basic.message).not.toContain(app.secret);
  });

  it("a client acting with a user's token does not renew it: 403 is the user's, 401 fails at once", async () => {
    const { alice, oauth, api } = await setup("Identity Data Admin");
    const tokens = await oauth.exchangeCode(
      await signInCode(oauth, "alice", alice.password),
      STACKONE_REDIRECT_URI,
      "CLIENT_SECRET_POST",
    );
    const user = new PingOneClient({ accessToken: tokens.accessToken, apiUrl: em.apiUrl, retry: { maxAttempts: 1 } });
    expect(await user.findUserByUsername(em.environmentId, "alice")).toBeDefined();
    const ras = (await api.get(`/environments/${em.environmentId}/users/${alice.id}/roleAssignments`)).body._embedded
      .roleAssignments;
    await api.del(`/environments/${em.environmentId}/users/${alice.id}/roleAssignments/${ras[0].id}`);
    const forbidden = (await user.findUserByUsername(em.environmentId, "alice").catch((e) => e)) as PingOneApiError;
    expect([forbidden.status, forbidden.code]).toEqual([403, "ACCESS_FAILED"]);
    expect(forbidden.message).not.toContain(tokens.accessToken);
    const stale = new PingOneClient({ accessToken: "not-a-token", apiUrl: em.apiUrl });
    const unauthorized = (await stale.listRoles().catch((e) => e)) as PingOneApiError;
    expect([unauthorized.status, unauthorized.attempts]).toEqual([401, 1]);
  });

  it("refuses options without credentials, naming the option", () => {
    expect(() => new PingOneClient({ accessToken: "", apiUrl: em.apiUrl })).toThrow(
      "Invalid PingOne client option accessToken: expected a non-empty access token",
    );
    expect(() => new PingOneOAuthClient({ environmentId: "e", clientId: "c", clientSecret: "" })).toThrow(
      "Invalid PingOne OAuth client option clientSecret: expected a non-empty string",
    );
  });
});

describe("PingOneClient: the lists verify reads", () => {
  const provisioner = () =>
    new PingOneClient({
      environmentId: em.adminEnvironmentId,
      clientId: em.clientId,
      clientSecret: em.clientSecret,
      apiUrl: em.apiUrl,
      authUrl: em.authUrl,
    });

  it("lists an application's role assignments", async () => {
    const ras = await provisioner().listApplicationRoleAssignments(em.adminEnvironmentId, em.clientId);
    expect(ras.map((ra) => ra.scope)).toEqual([{ id: em.organizationId, type: "ORGANIZATION" }]);
  });

  it("lists a user's group memberships and a group's role assignments", async () => {
    const api = apiClient(em, await provisionerToken(em));
    const alice = em.users.find((u) => u.username === "alice")!;
    const group = em.groups!.find((g) => g.environmentId === em.environmentId)!;
    await api.post(`/environments/${em.environmentId}/users/${alice.id}/memberOfGroups`, { id: group.id });
    const roleIdOf = await roleId(api, "Identity Data Admin");
    await api.post(`/environments/${em.environmentId}/groups/${group.id}/roleAssignments`, {
      role: { id: roleIdOf },
      scope: { id: em.environmentId, type: "ENVIRONMENT" },
    });
    const client = provisioner();
    const memberships = await client.listUserGroupMemberships(em.environmentId, alice.id);
    expect(memberships.map((m) => [m.id, m.name])).toEqual([[group.id, group.name]]);
    const ras = await client.listGroupRoleAssignments(em.environmentId, group.id);
    expect(ras.map((ra) => [ra.role.id, ra.scope])).toEqual([
      [roleIdOf, { id: em.environmentId, type: "ENVIRONMENT" }],
    ]);
  });
});
