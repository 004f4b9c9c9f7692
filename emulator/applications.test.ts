import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

const INVALID_DATA = "The request could not be completed. One or more validation errors were in the request.";
/** What PingOne stores for an OIDC application's defaulted fields the body left out (spec `default`s). */
const DEFAULTS = {
  pkceEnforcement: "OPTIONAL",
  parRequirement: "OPTIONAL",
  parTimeout: 60,
  additionalRefreshTokenReplayProtectionEnabled: true,
  devicePollingInterval: 5,
  deviceTimeout: 600,
  opSessionCheckEnabled: false,
  requestScopesForMultipleResourcesEnabled: false,
};

let emu: RunningEmulator;
let api: Api;
let apps: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 7 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  apps = `/environments/${emu.environmentId}/applications`;
});

function without(body: Record<string, unknown>, ...fields: string[]) {
  const copy = { ...body };
  for (const f of fields) delete copy[f];
  return copy;
}

describe("application create", () => {
  it("creates the StackOne worker app with 201 and returns it with server-managed fields", async () => {
    const res = await api.post(apps, stackOneApp());
    expect(res.status).toBe(201);
    const { id, createdAt, updatedAt, _links, ...rest } = res.body;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createdAt).toBe(updatedAt);
    expect(_links.self.href).toBe(`${emu.apiUrl}${apps}/${id}`);
    expect(rest).toEqual({
      environment: { id: emu.environmentId },
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      responseTypes: ["CODE"],
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      pkceEnforcement: "OPTIONAL",
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
      redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
      parRequirement: "OPTIONAL",
      parTimeout: 60,
      additionalRefreshTokenReplayProtectionEnabled: true,
      devicePollingInterval: 5,
      deviceTimeout: 600,
      opSessionCheckEnabled: false,
      requestScopesForMultipleResourcesEnabled: false,
    });
    const read = await api.get(`${apps}/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it("the client id is the app id and the secret never appears in the app body", async () => {
    const created = await api.post(
      apps,
      stackOneApp({
        grantTypes: ["CLIENT_CREDENTIALS"],
        responseTypes: [],
        tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      }),
    );
    const secret = (await api.get(`${apps}/${created.body.id}/secret`)).body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(64);
    expect(JSON.stringify(created.body)).not.toContain(secret);
    expect(JSON.stringify((await api.get(`${apps}/${created.body.id}`)).body)).not.toContain(secret);
    expect(JSON.stringify((await api.get(apps)).body)).not.toContain(secret);
    const token = await requestToken(emu, emu.environmentId, created.body.id, secret, "post");
    expect(token.status).toBe(200);
  });

  it.each(["name", "type", "protocol", "tokenEndpointAuthMethod"])(
    "rejects a body without %s: 400 INVALID_DATA naming it",
    async (field) => {
      const res = await api.post(apps, without(stackOneApp(), field));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("INVALID_DATA");
      expect(res.body.message).toBe(INVALID_DATA);
      expect(res.body.details).toEqual([{ code: "INVALID_VALUE", target: field, message: `${field} is required` }]);
      expect(typeof res.body.id).toBe("string");
    },
  );

  it.each([
    ["type", "ROBOT"],
    ["protocol", "OAUTH"],
    ["tokenEndpointAuthMethod", "CLIENT_SECRET_GET"],
    ["pkceEnforcement", "SOMETIMES"],
    ["refreshTokenType", "PAPER"],
  ])("rejects %s = %s with the allowed values", async (field, value) => {
    const res = await api.post(apps, stackOneApp({ [field]: value }));
    expect(res.status).toBe(400);
    expect(res.body.details).toHaveLength(1);
    expect(res.body.details[0].target).toBe(field);
    expect(res.body.details[0].message).toContain(`got "${value}"`);
    expect(res.body.details[0].innerError.allowedValues.length).toBeGreaterThan(1);
  });

  it("rejects unknown grant and response types", async () => {
    const res = await api.post(apps, stackOneApp({ grantTypes: ["AUTHORIZATION_CODE", "PASSWORD"] }));
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({
      target: "grantTypes",
      message:
        'grantTypes must contain only AUTHORIZATION_CODE, IMPLICIT, REFRESH_TOKEN, CLIENT_CREDENTIALS, DEVICE_CODE, TOKEN_EXCHANGE, CIBA; got ["PASSWORD"]',
    });
  });

  it("refuses an administrator-defined client secret without echoing it", async () => {
    const res = await api.post(apps, stackOneApp({ clientSecret: "my-own-secret-value-0123456789" }));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: any) => d.target)).toEqual(["clientSecret"]);
    expect(JSON.stringify(res.body)).not.toContain("my-own-secret-value");
  });

  it("creates the app disabled when enabled is omitted", async () => {
    const res = await api.post(apps, without(stackOneApp(), "enabled"));
    expect(res.status).toBe(201);
    expect(res.body.enabled).toBe(false);
    expect((await api.get(`${apps}/${res.body.id}`)).body.enabled).toBe(false);
  });

  it("reads WORKER apps back with accessControl.role ADMIN_USERS_ONLY even when not sent", async () => {
    const res = await api.post(apps, without(stackOneApp(), "accessControl"));
    expect(res.body.accessControl).toEqual({ role: { type: "ADMIN_USERS_ONLY" } });
    const web = await api.post(apps, without(stackOneApp({ type: "WEB_APP" }), "accessControl"));
    expect(web.status).toBe(201);
    expect(web.body.accessControl).toBeUndefined();
  });

  it("rejects a * in a redirect URI unless allowWildcardInRedirectUris is true", async () => {
    const wildcard = ["https://*.stackone.com/callback"];
    const res = await api.post(apps, stackOneApp({ redirectUris: wildcard }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("INVALID_DATA");
    expect(res.body.message.startsWith("Wildcards are not allowed in redirect URIs.")).toBe(true);
    expect(res.body.details[0].target).toBe("redirectUris");
    const allowed = await api.post(apps, stackOneApp({ redirectUris: wildcard, allowWildcardInRedirectUris: true }));
    expect(allowed.status).toBe(201);
    expect(allowed.body.redirectUris).toEqual(wildcard);
    expect(allowed.body.allowWildcardInRedirectUris).toBe(true);
  });

  it.each([
    [
      { refreshTokenDuration: 59 },
      "refreshTokenDuration",
      "refreshTokenDuration must be an integer between 60 and 2147483647; got 59",
    ],
    [
      { refreshTokenDuration: 2147483648 },
      "refreshTokenDuration",
      "refreshTokenDuration must be an integer between 60 and 2147483647; got 2147483648",
    ],
    [
      { refreshTokenRollingDuration: 2147483648 },
      "refreshTokenRollingDuration",
      "refreshTokenRollingDuration must be an integer between 60 and 2147483647; got 2147483648",
    ],
    [
      { refreshTokenRollingGracePeriodDuration: -1 },
      "refreshTokenRollingGracePeriodDuration",
      "refreshTokenRollingGracePeriodDuration must be an integer between 0 and 86400; got -1",
    ],
    [
      { refreshTokenRollingGracePeriodDuration: 86401 },
      "refreshTokenRollingGracePeriodDuration",
      "refreshTokenRollingGracePeriodDuration must be an integer between 0 and 86400; got 86401",
    ],
    [
      { refreshTokenDuration: 100, refreshTokenRollingDuration: 99 },
      "refreshTokenDuration",
      "refreshTokenDuration (100) must be less than or equal to refreshTokenRollingDuration (99)",
    ],
  ])("enforces refresh token ranges: %j", async (fields, target, message) => {
    const res = await api.post(apps, stackOneApp(fields));
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ code: "INVALID_VALUE", target, message });
  });

  it("defaults refreshTokenDuration to 30 days for REFRESH_TOKEN apps; no rolling duration unless given", async () => {
    const res = await api.post(apps, without(stackOneApp(), "refreshTokenDuration", "refreshTokenRollingDuration"));
    expect(res.status).toBe(201);
    expect(res.body.refreshTokenDuration).toBe(2592000);
    expect("refreshTokenRollingDuration" in res.body).toBe(false);
    const noRefresh = await api.post(
      apps,
      without(
        stackOneApp({ grantTypes: ["AUTHORIZATION_CODE"] }),
        "refreshTokenDuration",
        "refreshTokenRollingDuration",
      ),
    );
    expect("refreshTokenDuration" in noRefresh.body).toBe(false);
  });

  it("accepts the refresh token bounds", async () => {
    const res = await api.post(
      apps,
      stackOneApp({
        refreshTokenDuration: 60,
        refreshTokenRollingDuration: 2147483647,
        refreshTokenRollingGracePeriodDuration: 86400,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      refreshTokenDuration: 60,
      refreshTokenRollingDuration: 2147483647,
      refreshTokenRollingGracePeriodDuration: 86400,
    });
  });

  it.each([["TOKEN"], ["ID_TOKEN"]])("rejects CODE combined with %s", async (other) => {
    const res = await api.post(apps, stackOneApp({ responseTypes: ["CODE", other] }));
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({
      target: "responseTypes",
      message: `responseTypes CODE cannot be combined with TOKEN or ID_TOKEN; got ["CODE","${other}"]`,
    });
    const ok = await api.post(apps, stackOneApp({ responseTypes: ["TOKEN", "ID_TOKEN"], grantTypes: ["IMPLICIT"] }));
    expect(ok.status).toBe(201);
  });

  it("assignActorRoles defaults to copying the creating actor's roles; false assigns none", async () => {
    const copied = await api.post(apps, without(stackOneApp(), "assignActorRoles"));
    const copiedRoles = await api.get(`${apps}/${copied.body.id}/roleAssignments`);
    const envAdmin = (await api.get("/roles")).body._embedded.roles.find((r: any) => r.name === "Environment Admin");
    expect(copiedRoles.body._embedded.roleAssignments.map((ra: any) => [ra.role.id, ra.scope])).toEqual([
      [envAdmin.id, { id: emu.organizationId, type: "ORGANIZATION" }],
    ]);
    const none = await api.post(apps, stackOneApp({ assignActorRoles: false }));
    const noneRoles = await api.get(`${apps}/${none.body.id}/roleAssignments`);
    expect(noneRoles.body._embedded.roleAssignments).toEqual([]);
    expect(noneRoles.body.count).toBe(0);
    expect(none.body.assignActorRoles).toBeUndefined();
  });
});

describe("application update, delete, list", () => {
  it("PUT is a full replacement: omitted optional fields are cleared, server-managed ones kept", async () => {
    const created = (
      await api.post(apps, stackOneApp({ description: "to be cleared", refreshTokenRollingGracePeriodDuration: 30 }))
    ).body;
    const minimal = {
      name: "Renamed",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      enabled: true,
    };
    const res = await api.put(`${apps}/${created.id}`, {
      ...minimal,
      id: "ignored",
      createdAt: "1999-01-01T00:00:00Z",
    });
    expect(res.status).toBe(200);
    const { updatedAt, _links, ...rest } = res.body;
    expect(_links.self.href).toBe(created._links.self.href);
    expect(Date.parse(updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect(rest).toEqual({
      ...minimal,
      id: created.id,
      environment: { id: emu.environmentId },
      createdAt: created.createdAt,
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
      ...DEFAULTS,
    });
    expect((await api.get(`${apps}/${created.id}`)).body).toEqual(res.body);
  });

  it("PUT validates like POST and ignores assignActorRoles", async () => {
    const created = (await api.post(apps, stackOneApp())).body;
    const bad = await api.put(`${apps}/${created.id}`, stackOneApp({ redirectUris: ["https://x/*"] }));
    expect(bad.status).toBe(400);
    expect(bad.body.message.startsWith("Wildcards are not allowed in redirect URIs.")).toBe(true);
    const noName = await api.put(`${apps}/${created.id}`, without(stackOneApp(), "name"));
    expect(noName.body.details).toEqual([{ code: "INVALID_VALUE", target: "name", message: "name is required" }]);
    const ok = await api.put(`${apps}/${created.id}`, stackOneApp({ assignActorRoles: true }));
    expect(ok.status).toBe(200);
    expect((await api.get(`${apps}/${created.id}/roleAssignments`)).body.count).toBe(0);
  });

  it("deletes with 204, then the app is 404 with PingOne's body", async () => {
    const created = (await api.post(apps, stackOneApp())).body;
    const del = await api.del(`${apps}/${created.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    for (const res of [
      await api.get(`${apps}/${created.id}`),
      await api.del(`${apps}/${created.id}`),
      await api.put(`${apps}/${created.id}`, stackOneApp()),
    ]) {
      expect(res.status).toBe(404);
      expect(Object.keys(res.body).sort()).toEqual(["code", "id", "message"]);
      expect(res.body).toMatchObject({
        code: "NOT_FOUND",
        message: "The request could not be completed. The requested resource was not found.",
      });
    }
  });

  it("lists the environment's applications as a HAL collection", async () => {
    const a = (await api.post(apps, stackOneApp({ name: "A" }))).body;
    const b = (await api.post(apps, stackOneApp({ name: "B" }))).body;
    const res = await api.get(apps);
    expect(res.status).toBe(200);
    expect(res.body._links).toEqual({ self: { href: `${emu.apiUrl}${apps}` } });
    expect(res.body._embedded.applications.map((x: any) => x.id)).toEqual([a.id, b.id]);
    expect(res.body.count).toBe(2);
    expect(res.body.size).toBe(2);
    const admin = await api.get(`/environments/${emu.adminEnvironmentId}/applications`);
    expect(
      admin.body._embedded.applications.map((x: any) => [
        x.id,
        x.type,
        x.grantTypes,
        x.tokenEndpointAuthMethod,
        x.enabled,
      ]),
    ).toEqual([[emu.clientId, "WORKER", ["CLIENT_CREDENTIALS"], "CLIENT_SECRET_BASIC", true]]);
  });

  it("unknown environment → 404, unknown path → 404, wrong method → 405 with Allow", async () => {
    const env = await api.get(`/environments/00000000-0000-4000-8000-000000000000/applications`);
    expect(env.status).toBe(404);
    expect(env.body.code).toBe("NOT_FOUND");
    const malformed = await api.get(`${apps}/%E0%A4%A`);
    expect(malformed.status).toBe(404);
    const path = await api.get(`/environments/${emu.environmentId}/gadgets`);
    expect(path.status).toBe(404);
    expect(path.body.code).toBe("NOT_FOUND");
    const method = await api.raw("PATCH", `${apps}`);
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET, POST");
    expect(method.body.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("a body that is not JSON gets 400 naming the body", async () => {
    const res = await api.raw("POST", apps, { headers: { "Content-Type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.details[0].target).toBe("body");
  });

  it("out-of-band changes through the same API: disable, add a wildcard redirect, delete", async () => {
    const created = (await api.post(apps, stackOneApp())).body;
    // An admin clicking in the console is the provisioner's credentials calling the same API.
    const console = apiClient(emu, await provisionerToken(emu));
    const disabled = await console.put(
      `${apps}/${created.id}`,
      stackOneApp({ enabled: false, allowWildcardInRedirectUris: true, redirectUris: ["https://*.example.com/cb"] }),
    );
    expect(disabled.status).toBe(200);
    expect((await api.get(`${apps}/${created.id}`)).body).toMatchObject({
      enabled: false,
      redirectUris: ["https://*.example.com/cb"],
    });
    expect((await console.del(`${apps}/${created.id}`)).status).toBe(204);
    expect((await api.get(`${apps}/${created.id}`)).status).toBe(404);
  });
});
