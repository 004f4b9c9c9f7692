/**
 * PingOneClient against the local emulator over loopback HTTP, every exchange validated against PingOne's OpenAPI
 * description (tests/contract).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startValidatedEmulator, type ValidatedEmulator } from "../../tests/contract/validated-emulator";
import type { PingOneClientOptions } from "./api";
import { PingOneClient } from "./client";
import { PingOneApiError } from "./errors";
import type { ApplicationOidcBody } from "./types";

type Event = Parameters<NonNullable<PingOneClientOptions["onRequest"]>>[0];

let em: ValidatedEmulator;
let events: Event[];

beforeAll(async () => {
  em = await startValidatedEmulator({ pageSize: 2, seed: 7 });
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(() => {
  em.reset();
  events = [];
});
afterEach(() => {
  em.expectNoContractViolations();
});

function client(extra: Partial<PingOneClientOptions> = {}, on: Event[] = events): PingOneClient {
  return new PingOneClient({
    environmentId: em.adminEnvironmentId,
    clientId: em.clientId,
    clientSecret: em.clientSecret,
    apiUrl: em.apiUrl,
    authUrl: em.authUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 1000, propagationTimeoutMs: 2000 },
    onRequest: (e) => on.push(e),
    ...extra,
  });
}

const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";
function workerApp(name: string): ApplicationOidcBody {
  return {
    name,
    description: "StackOne connects here",
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: true,
    accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    redirectUris: [CALLBACK],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2_592_000,
    refreshTokenRollingDuration: 15_552_000,
    assignActorRoles: false,
  };
}
/** What PingOne echoes of a body: everything but the POST-only flag. */
/** What PingOne stores for a POSTed body: the body without assignActorRoles, plus the spec's defaults it left out. */
function echoed(body: ApplicationOidcBody): Record<string, unknown> {
  const { assignActorRoles, ...rest } = body;
  void assignActorRoles;
  return {
    parRequirement: "OPTIONAL",
    parTimeout: 60,
    additionalRefreshTokenReplayProtectionEnabled: true,
    devicePollingInterval: 5,
    deviceTimeout: 600,
    opSessionCheckEnabled: false,
    requestScopesForMultipleResourcesEnabled: false,
    ...rest,
  };
}
const posts = (pattern: RegExp) => em.requests().filter((r) => r.method === "POST" && pattern.test(r.path));
const APPS = /^\/v1\/environments\/[^/]+\/applications$/;

async function caught(p: Promise<unknown>): Promise<PingOneApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PingOneApiError);
    return e as PingOneApiError;
  }
  throw new Error("expected a PingOneApiError");
}

describe("applications", () => {
  it("create, list across pages, get, update (full replacement), delete", async () => {
    const c = client();
    const env = em.environmentId;
    const body = workerApp("StackOne Integration");
    const app = await c.createApplication(env, body);
    expect(app).toEqual({
      ...echoed(body),
      id: expect.any(String),
      environment: { id: env },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      _links: expect.any(Object),
    });
    await c.createApplication(env, workerApp("Second"));
    await c.createApplication(env, workerApp("Third"));

    em.clearRequests();
    const all = await c.listApplications(env);
    expect(all.map((a) => a.name).sort()).toEqual(["Second", "StackOne Integration", "Third"]);
    expect(em.requests().map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "GET 200"]); // two pages of 2

    expect(await c.getApplication(env, app.id)).toEqual(app);

    const { description, refreshTokenType, ...minimal } = body;
    expect([description, refreshTokenType]).toEqual(["StackOne connects here", "JSON_WEB_TOKEN"]);
    const updated = await c.updateApplication(env, app.id, {
      ...(app as ApplicationOidcBody),
      ...minimal,
      description: undefined,
      refreshTokenType: undefined,
      name: "Renamed",
    });
    expect(updated.name).toBe("Renamed");
    expect(updated.description).toBeUndefined();
    expect(updated.refreshTokenType).toBeUndefined();
    expect(updated.redirectUris).toEqual([CALLBACK]);
    expect(await c.getApplication(env, app.id)).toEqual(updated);

    await c.deleteApplication(env, app.id);
    expect(await c.getApplication(env, app.id)).toBeUndefined();
    await c.deleteApplication(env, app.id); // 404 = already gone
    expect((await c.listApplications(env)).map((a) => a.name).sort()).toEqual(["Second", "Third"]);
  });

  it("maps PingOne's validation error exactly and does not retry a 400", async () => {
    const c = client();
    em.clearRequests();
    const err = await caught(
      c.createApplication(em.environmentId, { ...workerApp("Wild"), redirectUris: ["https://*.stackone.com/cb"] }),
    );
    expect(err.status).toBe(400);
    expect(err.code).toBe("INVALID_DATA");
    expect(err.details).toEqual([
      {
        code: "INVALID_VALUE",
        target: "redirectUris",
        message:
          "Wildcards are not allowed in redirect URIs. Set allowWildcardInRedirectUris to true to use wildcards in redirect URIs.",
        innerError: undefined,
      },
    ]);
    const wildcard =
      "Wildcards are not allowed in redirect URIs. Set allowWildcardInRedirectUris to true to use wildcards in redirect URIs.";
    expect(err.message).toBe(
      `PingOne create application failed: 400 INVALID_DATA ${wildcard} [INVALID_VALUE redirectUris: ${wildcard}]`,
    );
    expect(posts(APPS).map((r) => r.status)).toEqual([400]);
    expect(err.message).not.toContain(em.clientSecret);
  });
});

describe("client secret", () => {
  it("reads, rotates (with and without a grace period) and drops the previous secret", async () => {
    const c = client();
    const env = em.environmentId;
    const app = await c.createApplication(env, workerApp("Secretive"));
    const first = await c.getApplicationSecret(env, app.id);
    expect(first.secret.length).toBeGreaterThanOrEqual(64);
    expect(first.previous).toBeUndefined();

    const second = await c.rotateApplicationSecret(env, app.id);
    expect(second.secret).not.toBe(first.secret);
    expect(second.previous).toBeUndefined();

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const third = await c.rotateApplicationSecret(env, app.id, expiresAt);
    expect(third.secret).not.toBe(second.secret);
    expect(third.previous?.secret).toBe(second.secret);
    expect(Date.parse(third.previous!.expiresAt)).toBe(Date.parse(expiresAt));
    expect(await c.getApplicationSecret(env, app.id)).toEqual(third);

    await c.deletePreviousApplicationSecret(env, app.id);
    const after = await c.getApplicationSecret(env, app.id);
    expect(after.secret).toBe(third.secret);
    expect(after.previous).toBeUndefined();
  });
});

describe("images", () => {
  it("uploads a PNG", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "base64",
    );
    const image = await client().uploadImage(em.environmentId, new Uint8Array(png), "image/png");
    expect(image.id).toEqual(expect.any(String));
    expect(image.targets?.original?.href).toBe(
      `https://uploads.pingone.com/environments/${em.environmentId}/images/${image.id}_${/_([0-9a-f-]{36})_original\.png$/.exec(image.targets!.original!.href)![1]}_original.png`,
    );
  });
});

describe("roles, users, environments, role assignments", () => {
  it("lists every role across pages", async () => {
    const c = client();
    em.clearRequests();
    const roles = await c.listRoles();
    const names = roles.map((r) => r.name);
    for (const n of [
      "Organization Admin",
      "Environment Admin",
      "Identity Data Admin",
      "Client Application Developer",
      "Identity Data Read Only",
      "Application Owner",
      "Configuration Read Only",
      "Help Desk Admin",
    ]) {
      expect(names).toContain(n);
    }
    expect(new Set(roles.map((r) => r.id)).size).toBe(roles.length);
    expect(roles.find((r) => r.name === "Environment Admin")?.applicableTo).toEqual(["ORGANIZATION", "ENVIRONMENT"]);
    expect(em.requests().filter((r) => r.path === "/v1/roles")).toHaveLength(Math.ceil(roles.length / 2));
  });

  it("finds users by username and email, reads users and environments", async () => {
    const c = client();
    const env = em.environmentId;
    const [alice, bob] = em.users.filter((u) => u.environmentId === env);
    const found = await c.findUserByUsername(env, alice.username);
    expect([found?.id, found?.username, found?.email, found?.environment]).toEqual([
      alice.id,
      alice.username,
      alice.email,
      { id: env },
    ]);
    expect(await c.findUserByUsername(env, "nobody")).toBeUndefined();
    expect(await c.findUserByUsername(env, 'quote"and\\slash')).toBeUndefined();
    expect((await c.findUsersByEmail(env, bob.email)).map((u) => u.id)).toEqual([bob.id]);
    expect((await c.getUser(env, bob.id))?.username).toBe(bob.username);
    expect(await c.getUser(env, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect((await c.getEnvironment(env))?.organization).toEqual({ id: em.organizationId });
    expect(await c.getEnvironment("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("creates, lists, reads and deletes a user role assignment; a duplicate is PingOne's 400", async () => {
    const c = client();
    const env = em.environmentId;
    const user = em.users.find((u) => u.environmentId === env)!;
    const role = (await c.listRoles()).find((r) => r.name === "Environment Admin")!;
    const ra = await c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" });
    expect(ra).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        role: { id: role.id },
        scope: { id: env, type: "ENVIRONMENT" },
        environment: { id: env },
      }),
    );
    expect((await c.listUserRoleAssignments(env, user.id)).map((a) => a.id)).toEqual([ra.id]);
    expect((await c.getUserRoleAssignment(env, user.id, ra.id))?.role).toEqual({ id: role.id });

    em.clearRequests();
    const dup = await caught(c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" }));
    expect(em.requests().map((r) => `${r.method} ${r.status}`)).toEqual(["POST 400"]); // nothing was lost: no look
    expect(dup.status).toBe(400);
    expect(dup.hasDetail("UNIQUENESS_VIOLATION", "role")).toBe(true);
    expect(dup.message).toBe(
      "PingOne create user role assignment failed: 400 INVALID_DATA The request could not be completed. One or more validation errors were in the request. [UNIQUENESS_VIOLATION role: May not assign duplicate Role]",
    );

    await c.deleteUserRoleAssignment(env, user.id, ra.id);
    expect(await c.getUserRoleAssignment(env, user.id, ra.id)).toBeUndefined();
    await c.deleteUserRoleAssignment(env, user.id, ra.id);
    expect(await c.listUserRoleAssignments(env, user.id)).toEqual([]);
  });
});

describe("resources, scopes and grants", () => {
  it("grants openid scopes to an application, updates and deletes the grant", async () => {
    const c = client();
    const env = em.environmentId;
    const openid = (await c.listResources(env)).find((r) => r.name === "openid")!;
    expect(openid.type).toBe("OPENID_CONNECT");
    const scopes = await c.listResourceScopes(env, openid.id);
    expect(scopes.map((s) => s.name)).toEqual(["openid", "profile", "email", "address", "phone"]);
    const byName = (n: string) => ({ id: scopes.find((s) => s.name === n)!.id });

    const app = await c.createApplication(env, workerApp("Granted"));
    const grant = await c.createApplicationGrant(env, app.id, { id: openid.id }, [byName("openid"), byName("profile")]);
    expect(grant).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        resource: { id: openid.id },
        scopes: [byName("openid"), byName("profile")],
      }),
    );
    expect((await c.listApplicationGrants(env, app.id)).map((g) => g.id)).toEqual([grant.id]);
    expect((await c.getApplicationGrant(env, app.id, grant.id))?.scopes).toEqual([byName("openid"), byName("profile")]);

    const updated = await c.updateApplicationGrant(env, app.id, grant.id, { id: openid.id }, [
      byName("openid"),
      byName("email"),
    ]);
    expect(updated.scopes).toEqual([byName("openid"), byName("email")]);

    await c.deleteApplicationGrant(env, app.id, grant.id);
    expect(await c.getApplicationGrant(env, app.id, grant.id)).toBeUndefined();
    await c.deleteApplicationGrant(env, app.id, grant.id);
  });
});

describe("retries", () => {
  it("waits as Retry-After says on 429 and 503 (capped by maxDelayMs)", async () => {
    em.injectFault({
      kind: "status",
      status: 429,
      retryAfter: "1",
      next: 1,
      method: "GET",
      pathPattern: "/applications$",
    });
    em.injectFault({
      kind: "status",
      status: 503,
      retryAfter: "30",
      next: 1,
      method: "GET",
      pathPattern: "/applications$",
    });
    const apps = await client({ retry: { baseDelayMs: 10, maxDelayMs: 1000 } }).listApplications(em.environmentId);
    expect(apps).toEqual([]);
    expect(
      events.filter((e) => e.operation === "list applications").map((e) => [e.status, e.attempt, e.waitedMs]),
    ).toEqual([
      [429, 1, 0],
      [503, 2, 1000],
      [200, 3, 1000],
    ]);
  });

  it("a lost create response leaves exactly one application", async () => {
    const c = client();
    const env = em.environmentId;
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/applications$" });
    const app = await c.createApplication(env, workerApp("Exactly Once"));
    const all = await c.listApplications(env);
    expect(all.map((a) => [a.id, a.name])).toEqual([[app.id, "Exactly Once"]]);
    expect(posts(APPS)).toEqual([
      { method: "POST", path: `/v1/environments/${env}/applications`, status: 201, fault: "dropAfterCommit" },
    ]);
    expect(events.filter((e) => e.operation === "create application").map((e) => e.status)).toEqual([0]);
  });

  it("out of retries, a create still finds the object its lost attempt made", async () => {
    const c = client({ retry: { maxAttempts: 1 } });
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/applications$" });
    const app = await c.createApplication(em.environmentId, workerApp("Last Look"));
    expect((await c.listApplications(em.environmentId)).map((a) => [a.id, a.name])).toEqual([[app.id, "Last Look"]]);
    expect(posts(APPS)).toHaveLength(1);
  });

  it("out of retries with nothing created, the error says no response came", async () => {
    const c = client({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    em.injectFault({ kind: "drop", next: 2, method: "POST", pathPattern: "/applications$" });
    const err = await caught(c.createApplication(em.environmentId, workerApp("Never")));
    expect(err.message).toBe("PingOne create application failed: no response (UND_ERR_SOCKET) after 2 attempts");
    expect(err.status).toBe(0);
    expect(await c.listApplications(em.environmentId)).toEqual([]);
  });

  it("a create dropped before it took effect is repeated once", async () => {
    const c = client();
    const env = em.environmentId;
    em.injectFault({ kind: "drop", next: 1, method: "POST", pathPattern: "/applications$" });
    const app = await c.createApplication(env, workerApp("Second Try"));
    expect((await c.listApplications(env)).map((a) => a.id)).toEqual([app.id]);
    expect(posts(APPS).map((r) => r.status)).toEqual([0, 201]);
  });

  it("lost responses never duplicate role assignments or grants, nor rotate a secret twice", async () => {
    const c = client();
    const env = em.environmentId;
    const user = em.users.find((u) => u.environmentId === env)!;
    const role = (await c.listRoles()).find((r) => r.name === "Identity Data Admin")!;
    const ras = `/v1/environments/${env}/users/${user.id}/roleAssignments`;
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/roleAssignments$" });
    em.clearRequests();
    const ra = await c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" });
    // No list before the POST: the repeat is refused as a duplicate, which proves the lost attempt took effect.
    expect(em.requests()).toEqual([
      { method: "POST", path: ras, status: 201, fault: "dropAfterCommit" },
      { method: "POST", path: ras, status: 400 },
      { method: "GET", path: ras, status: 200 },
    ]);
    expect(ra).toEqual(expect.objectContaining({ role: { id: role.id }, scope: { id: env, type: "ENVIRONMENT" } }));
    expect((await c.listUserRoleAssignments(env, user.id)).map((a) => a.id)).toEqual([ra.id]);

    const app = await c.createApplication(env, workerApp("Grant Once"));
    const openid = (await c.listResources(env)).find((r) => r.name === "openid")!;
    const [scope] = await c.listResourceScopes(env, openid.id);
    const grants = `/v1/environments/${env}/applications/${app.id}/grants`;
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/grants$" });
    em.clearRequests();
    const grant = await c.createApplicationGrant(env, app.id, { id: openid.id }, [{ id: scope.id }]);
    // No list before the POST: the application's one grant of this resource is the lost attempt's.
    expect(em.requests()).toEqual([
      { method: "POST", path: grants, status: 201, fault: "dropAfterCommit" },
      { method: "GET", path: grants, status: 200 },
    ]);
    expect(grant).toEqual(expect.objectContaining({ resource: { id: openid.id }, scopes: [{ id: scope.id }] }));
    expect((await c.listApplicationGrants(env, app.id)).map((g) => g.id)).toEqual([grant.id]);

    const original = await c.getApplicationSecret(env, app.id);
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/secret$" });
    const rotated = await c.rotateApplicationSecret(env, app.id, new Date(Date.now() + 600_000).toISOString());
    expect(rotated.secret).not.toBe(original.secret);
    expect(rotated.previous?.secret).toBe(original.secret); // a second rotation would have retired the original
    expect(posts(/\/secret$/)).toHaveLength(1);
    expect(posts(/\/grants$/)).toHaveLength(1);
  });

  it("a role assignment lost before it took effect is posted again, with no list at all", async () => {
    const c = client();
    const env = em.environmentId;
    const user = em.users.find((u) => u.environmentId === env)!;
    const role = (await c.listRoles()).find((r) => r.name === "Identity Data Admin")!;
    const ras = `/v1/environments/${env}/users/${user.id}/roleAssignments`;
    em.injectFault({ kind: "drop", next: 1, method: "POST", pathPattern: "/roleAssignments$" });
    em.clearRequests();
    const ra = await c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" });
    expect(em.requests()).toEqual([
      { method: "POST", path: ras, status: 0, fault: "drop" },
      { method: "POST", path: ras, status: 201 },
    ]);
    expect((await c.listUserRoleAssignments(env, user.id)).map((a) => a.id)).toEqual([ra.id]);
  });

  it("a duplicate refused after a lost attempt that matched nothing (a broader assignment is held) stays PingOne's 400", async () => {
    const c = client();
    const env = em.environmentId;
    const user = em.users.find((u) => u.environmentId === env)!;
    const role = (await c.listRoles()).find((r) => r.name === "Environment Admin")!;
    const broader = await c.createUserRoleAssignment(env, user.id, role.id, {
      id: em.organizationId,
      type: "ORGANIZATION",
    });
    const ras = `/v1/environments/${env}/users/${user.id}/roleAssignments`;
    em.injectFault({ kind: "drop", next: 1, method: "POST", pathPattern: "/roleAssignments$" });
    em.clearRequests();
    const err = await caught(c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" }));
    expect(err.message).toBe(
      "PingOne create user role assignment failed: 400 INVALID_DATA The request could not be completed. One or more validation errors were in the request. [UNIQUENESS_VIOLATION role: May not assign duplicate Role] (after 2 attempts)",
    );
    expect(em.requests()).toEqual([
      { method: "POST", path: ras, status: 0, fault: "drop" },
      { method: "POST", path: ras, status: 400 },
      { method: "GET", path: ras, status: 200 },
    ]);
    expect((await c.listUserRoleAssignments(env, user.id)).map((a) => a.id)).toEqual([broader.id]);
  });

  it("creates a grant and a role assignment with one POST each and no list", async () => {
    const c = client();
    const env = em.environmentId;
    const user = em.users.find((u) => u.environmentId === env)!;
    const role = (await c.listRoles()).find((r) => r.name === "Environment Admin")!;
    const app = await c.createApplication(env, workerApp("One Call Each"));
    const openid = (await c.listResources(env)).find((r) => r.name === "openid")!;
    const [scope] = await c.listResourceScopes(env, openid.id);
    em.clearRequests();
    await c.createApplicationGrant(env, app.id, { id: openid.id }, [{ id: scope.id }]);
    await c.createUserRoleAssignment(env, user.id, role.id, { id: env, type: "ENVIRONMENT" });
    expect(em.requests()).toEqual([
      { method: "POST", path: `/v1/environments/${env}/applications/${app.id}/grants`, status: 201 },
      { method: "POST", path: `/v1/environments/${env}/users/${user.id}/roleAssignments`, status: 201 },
    ]);
  });
});

describe("failures name PingOne's answer and carry no id", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  /** Every own enumerable property of the error (the message is asserted on its own). */
  function fields(err: PingOneApiError): Record<string, unknown> {
    return Object.fromEntries(Object.entries(err));
  }

  it("503 on every attempt: the create fails with PingOne's code and message, after the last look", async () => {
    const c = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    em.injectFault({ kind: "status", status: 503, method: "POST", pathPattern: "/applications$" });
    const err = await caught(c.createApplication(em.environmentId, workerApp("Unavailable")));
    expect(err.message).toBe(
      "PingOne create application failed: 503 SERVICE_UNAVAILABLE The request could not be completed. " +
        "The service is temporarily unavailable. (after 3 attempts)",
    );
    expect(fields(err)).toEqual({
      status: 503,
      operation: "create application",
      errorId: expect.stringMatching(UUID),
      code: "SERVICE_UNAVAILABLE",
      pingOneMessage: "The request could not be completed. The service is temporarily unavailable.",
      details: [],
      attempts: 3,
      name: "PingOneApiError",
    });
    expect("id" in err).toBe(false);
    expect(posts(APPS).map((r) => r.status)).toEqual([503, 503, 503]);
    em.clearFaults();
    expect(await c.listApplications(em.environmentId)).toEqual([]);
  });

  it("429 on every attempt: the same, with PingOne's rate-limit code", async () => {
    const c = client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    em.injectFault({ kind: "status", status: 429, retryAfter: "0", method: "POST", pathPattern: "/applications$" });
    const err = await caught(c.createApplication(em.environmentId, workerApp("Limited")));
    expect(err.message).toBe(
      "PingOne create application failed: 429 REQUEST_LIMITED The request could not be completed. " +
        "Too many requests were made. (after 3 attempts)",
    );
    expect(fields(err)).toEqual({
      status: 429,
      operation: "create application",
      errorId: expect.stringMatching(UUID),
      code: "REQUEST_LIMITED",
      pingOneMessage: "The request could not be completed. Too many requests were made.",
      details: [],
      attempts: 3,
      name: "PingOneApiError",
    });
    expect("id" in err).toBe(false);
    expect(posts(APPS).map((r) => r.status)).toEqual([429, 429, 429]);
  });

  it("an environment that does not exist: PingOne's 404, at the first call of the create", async () => {
    const c = client();
    const missing = "0b0e0e0e-0000-4000-8000-00000000dead";
    const err = await caught(c.createApplication(missing, workerApp("Nowhere")));
    expect(err.message).toBe(
      "PingOne list applications failed: 404 NOT_FOUND The request could not be completed. The requested resource was not found.",
    );
    expect(fields(err)).toEqual({
      status: 404,
      operation: "list applications",
      errorId: expect.stringMatching(UUID),
      code: "NOT_FOUND",
      pingOneMessage: "The request could not be completed. The requested resource was not found.",
      details: [],
      attempts: 1,
      name: "PingOneApiError",
    });
    expect("id" in err).toBe(false);
    expect(posts(APPS)).toEqual([]);
  });
});

describe("token", () => {
  it("uses client_secret_post when the provisioner app is configured for it, and says so when it is not", async () => {
    const err = await caught(client({ tokenEndpointAuthMethod: "CLIENT_SECRET_POST" }).listRoles());
    expect(err.message).toBe(
      "PingOne get access token failed: 401 invalid_client Client authentication failed: the application requires CLIENT_SECRET_BASIC, the request used CLIENT_SECRET_POST",
    );
  });

  it("renews on a 401 and repeats the call once", async () => {
    const entries: Record<string, { accessToken: string; expiresAt: number }> = {};
    const store = {
      get: (k: string) => entries[k],
      set: (k: string, v: { accessToken: string; expiresAt: number }) => {
        entries[k] = v;
      },
      delete: (k: string) => {
        delete entries[k];
      },
    };
    const c = client({ tokenStore: store });
    await c.listResources(em.environmentId); // fills the store
    const key = Object.keys(entries)[0];
    entries[key] = { accessToken: "revoked-token", expiresAt: Date.now() + 3_600_000 };
    em.clearRequests();
    expect((await c.listResources(em.environmentId)).map((r) => r.name)).toEqual(["openid", "PingOne API"]);
    expect(em.requests().map((r) => `${r.method} ${r.path.startsWith("/v1") ? "api" : "token"} ${r.status}`)).toEqual([
      "GET api 401",
      "POST token 200",
      "GET api 200",
    ]);
    expect(entries[key].accessToken).not.toBe("revoked-token");
  });

  const kinds = () => em.requests().map((r) => `${r.method} ${r.path.startsWith("/v1") ? "api" : "token"} ${r.status}`);
  function plainStore() {
    const entries: Record<string, { accessToken: string; expiresAt: number }> = {};
    const pending: Record<string, Promise<string> | undefined> = {};
    return {
      entries,
      pending,
      get: (k: string) => entries[k],
      set: (k: string, v: { accessToken: string; expiresAt: number }) => {
        entries[k] = v;
      },
      delete: (k: string) => {
        delete entries[k];
      },
    };
  }

  it("calls starting together share one token request: one client without a store, and clients sharing a store", async () => {
    const env = em.environmentId;
    const c = client();
    em.clearRequests();
    await Promise.all([c.listResources(env), c.listResources(env), c.listResources(env)]);
    expect(kinds()).toEqual(["POST token 200", "GET api 200", "GET api 200", "GET api 200"]);

    const store = plainStore();
    const [a, b] = [client({ tokenStore: store }), client({ tokenStore: store })];
    em.clearRequests();
    await Promise.all([a.listResources(env), b.listResources(env), a.listResources(env)]);
    expect(kinds()).toEqual(["POST token 200", "GET api 200", "GET api 200", "GET api 200"]);
    expect(Object.values(store.entries).map((e) => typeof e.accessToken)).toEqual(["string"]);
    expect(store.pending).toEqual({}); // nothing in flight is left behind
  });

  it("a shared token request that fails fails every caller waiting on it, and the next call asks again", async () => {
    const wrong = `${em.clientSecret.slice(0, -4)}XXXX`;
    const store = plainStore();
    const [a, b] = [
      client({ clientSecret: wrong, tokenStore: store }),
      client({ clientSecret: wrong, tokenStore: store }),
    ];
    em.clearRequests();
    const errors = await Promise.all([caught(a.listResources(em.environmentId)), caught(b.listRoles())]);
    const refused =
      "PingOne get access token failed: 401 invalid_client Client authentication failed: invalid client secret";
    expect(errors.map((e) => e.message)).toEqual([refused, refused]);
    expect(kinds()).toEqual(["POST token 401"]);
    expect(store.pending).toEqual({});
    expect((await caught(a.listResources(em.environmentId))).message).toBe(refused);
    expect(kinds()).toEqual(["POST token 401", "POST token 401"]);
  });

  it("calls refused together with a 401 renew with one new token request, never reusing the refused token", async () => {
    const store = plainStore();
    const c = client({ tokenStore: store });
    await c.listResources(em.environmentId); // fills the store
    const key = Object.keys(store.entries)[0];
    store.entries[key] = { accessToken: "revoked-token", expiresAt: Date.now() + 3_600_000 };
    em.clearRequests();
    await Promise.all([c.listResources(em.environmentId), c.listResources(em.environmentId)]);
    // Both calls meet the 401; the first renewal asks for a new token, the second shares it.
    expect(kinds().filter((k) => k.startsWith("POST token"))).toEqual(["POST token 200"]);
    expect(kinds().filter((k) => k.startsWith("GET api"))).toEqual([
      "GET api 401",
      "GET api 401",
      "GET api 200",
      "GET api 200",
    ]);
    expect(store.entries[key].accessToken).not.toBe("revoked-token");
    expect(store.pending).toEqual({});
  });

  it("reports a refused secret with the OAuth error and without the secret", async () => {
    const wrong = `${em.clientSecret.slice(0, -4)}XXXX`;
    const err = await caught(client({ clientSecret: wrong }).listRoles());
    expect(err.status).toBe(401);
    expect(err.operation).toBe("get access token");
    expect(err.code).toBe("invalid_client");
    expect(err.message).toBe(
      "PingOne get access token failed: 401 invalid_client Client authentication failed: invalid client secret",
    );
    expect(`${err.message} ${String(err.stack)} ${JSON.stringify(events)}`).not.toContain(wrong);
  });
});

describe("token expiry", () => {
  let shortLived: ValidatedEmulator;
  beforeAll(async () => {
    shortLived = await startValidatedEmulator({ tokenTtlSeconds: 2, seed: 8 });
  });
  afterAll(async () => {
    await shortLived?.stop();
  });

  it("renews a token before it expires instead of failing with 401", async () => {
    const c = new PingOneClient({
      environmentId: shortLived.adminEnvironmentId,
      clientId: shortLived.clientId,
      clientSecret: shortLived.clientSecret,
      apiUrl: shortLived.apiUrl,
      authUrl: shortLived.authUrl,
    });
    await c.listResources(shortLived.environmentId);
    await new Promise((r) => setTimeout(r, 2100)); // past the token's 2 s lifetime
    await c.listResources(shortLived.environmentId);
    expect(
      shortLived.requests().map((r) => `${r.method} ${r.path.startsWith("/v1") ? "api" : "token"} ${r.status}`),
    ).toEqual(["POST token 200", "GET api 200", "POST token 200", "GET api 200"]);
    expect(shortLived.validatedCount()).toBe(2);
    shortLived.expectNoContractViolations();
  });
});

it("validated every API exchange of this suite", () => {
  expect(em.validatedCount()).toBeGreaterThan(50);
});
