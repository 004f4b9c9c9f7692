/** Every property of the spec's OIDC application: accepted with its type and range, stored, read back, defaulted. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, everyOidcField, provisionerToken, stackOneApp } from "./testing";

const INVALID_DATA = "The request could not be completed. One or more validation errors were in the request.";

let emu: RunningEmulator;
let api: Api;
let apps: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 17 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  apps = `/environments/${emu.environmentId}/applications`;
});

/** The application as PingOne reads it back, without the server-managed fields. */
function writable(app: Record<string, unknown>): Record<string, unknown> {
  const { id: _i, environment: _e, createdAt: _c, updatedAt: _u, _links: _l, ...rest } = app;
  return rest;
}

/** A 400 with exactly these details. */
function refusal(details: unknown[]) {
  return { id: expect.any(String), code: "INVALID_DATA", message: INVALID_DATA, details };
}

describe("every OIDC property", () => {
  it("is stored and read back as sent on POST, GET, list and PUT", async () => {
    const body = everyOidcField();
    const created = await api.post(apps, body);
    expect(created.status).toBe(201);
    expect(writable(created.body)).toEqual(body);
    expect(writable((await api.get(`${apps}/${created.body.id}`)).body)).toEqual(body);
    const listed = (await api.get(apps)).body._embedded.applications.find((a: any) => a.id === created.body.id);
    expect(writable(listed)).toEqual(body);

    const changed = everyOidcField({
      parTimeout: 600,
      deviceTimeout: 3600,
      devicePollingInterval: 60,
      corsSettings: { behavior: "ALLOW_NO_ORIGINS" },
    });
    const put = await api.put(`${apps}/${created.body.id}`, changed);
    expect(put.status).toBe(200);
    expect(writable(put.body)).toEqual(changed);
    expect(writable((await api.get(`${apps}/${created.body.id}`)).body)).toEqual(changed);
  });

  it("stores jwks (the alternative to jwksUrl) and signing on every type it applies to", async () => {
    const jwks = JSON.stringify({ keys: [{ kty: "RSA", kid: "k1", n: "AQAB", e: "AQAB" }] });
    const res = await api.post(apps, everyOidcField({ jwksUrl: undefined, jwks }));
    expect(res.status).toBe(201);
    expect(res.body.jwks).toBe(jwks);
    expect("jwksUrl" in res.body).toBe(false);
    for (const type of ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "CUSTOM_APP"]) {
      const app = await api.post(apps, stackOneApp({ type, signing: { keyRotationPolicy: { id: "krp-1" } } }));
      expect([type, app.status, app.body.signing]).toEqual([type, 201, { keyRotationPolicy: { id: "krp-1" } }]);
    }
  });

  it("parTimeout is an integer of seconds, 1..600, on POST and PUT", async () => {
    const one = await api.post(apps, stackOneApp({ parTimeout: 1 }));
    expect([one.status, one.body.parTimeout]).toEqual([201, 1]);
    const put = await api.put(`${apps}/${one.body.id}`, stackOneApp({ parTimeout: 600 }));
    expect([put.status, put.body.parTimeout]).toEqual([200, 600]);
    for (const bad of ["60", 0, 601, 1.5]) {
      const res = await api.post(apps, stackOneApp({ parTimeout: bad }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        refusal([
          {
            code: "INVALID_VALUE",
            target: "parTimeout",
            message: `parTimeout must be an integer between 1 and 600; got ${JSON.stringify(bad)}`,
            innerError: { rangeMinimumValue: 1, rangeMaximumValue: 600 },
          },
        ]),
      );
      expect((await api.put(`${apps}/${one.body.id}`, stackOneApp({ parTimeout: bad }))).status).toBe(400);
    }
  });

  it("fills PingOne's defaults for what the body leaves out, on POST and on PUT (a full replacement)", async () => {
    const minimal = {
      name: "Minimal",
      type: "WEB_APP",
      protocol: "OPENID_CONNECT",
      tokenEndpointAuthMethod: "NONE",
      enabled: true,
    };
    const defaults = {
      pkceEnforcement: "OPTIONAL",
      parRequirement: "OPTIONAL",
      parTimeout: 60,
      additionalRefreshTokenReplayProtectionEnabled: true,
      devicePollingInterval: 5,
      deviceTimeout: 600,
      opSessionCheckEnabled: false,
      requestScopesForMultipleResourcesEnabled: false,
    };
    const created = await api.post(apps, minimal);
    expect(writable(created.body)).toEqual({ ...minimal, ...defaults });
    const full = await api.put(`${apps}/${created.body.id}`, everyOidcField({ type: "WEB_APP" }));
    expect(full.status).toBe(200);
    const back = await api.put(`${apps}/${created.body.id}`, minimal);
    expect(writable(back.body)).toEqual({ ...minimal, ...defaults });
  });
});

describe("types and ranges", () => {
  it.each<[string, unknown, string, Record<string, unknown>?]>([
    [
      "deviceTimeout",
      0,
      "deviceTimeout must be an integer between 1 and 3600; got 0",
      { rangeMinimumValue: 1, rangeMaximumValue: 3600 },
    ],
    [
      "deviceTimeout",
      3601,
      "deviceTimeout must be an integer between 1 and 3600; got 3601",
      { rangeMinimumValue: 1, rangeMaximumValue: 3600 },
    ],
    [
      "devicePollingInterval",
      61,
      "devicePollingInterval must be an integer between 1 and 60; got 61",
      { rangeMinimumValue: 1, rangeMaximumValue: 60 },
    ],
    [
      "devicePollingInterval",
      "5",
      'devicePollingInterval must be an integer between 1 and 60; got "5"',
      { rangeMinimumValue: 1, rangeMaximumValue: 60 },
    ],
    [
      "devicePathId",
      "has space",
      'devicePathId must be 1 to 50 letters, digits, _ or -; got "has space"',
      { pattern: "^[a-zA-Z0-9_-]{1,50}$" },
    ],
    [
      "devicePathId",
      "x".repeat(51),
      `devicePathId must be 1 to 50 letters, digits, _ or -; got "${"x".repeat(51)}"`,
      { pattern: "^[a-zA-Z0-9_-]{1,50}$" },
    ],
    [
      "jwksUrl",
      "http://example.com/jwks",
      'jwksUrl must be an https:// URL; got "http://example.com/jwks"',
      { pattern: "^https:\\/\\/\\S+$" },
    ],
    ["idpSignoff", "yes", 'idpSignoff must be true or false; got "yes"'],
    ["includeX5t", 1, "includeX5t must be true or false; got 1"],
    ["opSessionCheckEnabled", "false", 'opSessionCheckEnabled must be true or false; got "false"'],
    ["hiddenFromAppPortal", 0, "hiddenFromAppPortal must be true or false; got 0"],
    [
      "parRequirement",
      "SOMETIMES",
      'parRequirement must be one of REQUIRED, OPTIONAL; got "SOMETIMES"',
      { allowedValues: ["REQUIRED", "OPTIONAL"] },
    ],
    [
      "tags",
      ["keep-me"],
      'tags must contain only PING_FED_CONNECTION_INTEGRATION; got ["keep-me"]',
      { allowedValues: ["PING_FED_CONNECTION_INTEGRATION"] },
    ],
    ["deviceCustomVerificationUri", 5, "deviceCustomVerificationUri must be a string; got 5"],
    ["loginPageUrl", false, "loginPageUrl must be a string; got false"],
    ["corsSettings", "ALLOW_NO_ORIGINS", 'corsSettings must be an object; got "ALLOW_NO_ORIGINS"'],
    [
      "corsSettings",
      {
        behavior: "ALLOW_SPECIFIC_ORIGINS",
        origins: Array.from({ length: 21 }, (_, i) => `https://o${i}.example.com`),
      },
      "corsSettings.origins may hold at most 20 item(s); got 21",
      { maximumValue: 20 },
    ],
    ["kerberos", { key: {} }, "kerberos.key.id is required"],
    ["signing", {}, "signing.keyRotationPolicy is required"],
    [
      "template",
      { configuration: { a: 1 }, integration: { id: "i" }, version: { id: "v" } },
      'template.configuration must be an object whose values are strings; got {"a":1}',
    ],
  ])("refuses %s = %j", async (field, value, message, innerError) => {
    const res = await api.post(apps, stackOneApp({ [field]: value }));
    expect(res.status).toBe(400);
    const detail: Record<string, unknown> = { code: "INVALID_VALUE", target: field, message };
    if (innerError) detail.innerError = innerError;
    if (field === "kerberos") detail.target = "kerberos.key.id";
    if (field === "signing") detail.target = "signing.keyRotationPolicy";
    if (field === "template") detail.target = "template.configuration";
    if (field === "corsSettings" && typeof value === "object") detail.target = "corsSettings.origins";
    expect(res.body).toEqual(refusal([detail]));
  });

  it.each<[Record<string, unknown>, string, string, Record<string, unknown>?]>([
    [
      { passcodeGracePeriod: 11 },
      "mobile.passcodeGracePeriod",
      "mobile.passcodeGracePeriod must be an integer between 1 and 10; got 11",
      { rangeMinimumValue: 1, rangeMaximumValue: 10 },
    ],
    [
      { passcodeRefreshDuration: { duration: 29, timeUnit: "SECONDS" } },
      "mobile.passcodeRefreshDuration.duration",
      "mobile.passcodeRefreshDuration.duration must be an integer between 30 and 60; got 29",
      { rangeMinimumValue: 30, rangeMaximumValue: 60 },
    ],
    [
      { passcodeRefreshDuration: { duration: 30, timeUnit: "MINUTES" } },
      "mobile.passcodeRefreshDuration.timeUnit",
      'mobile.passcodeRefreshDuration.timeUnit must be one of SECONDS; got "MINUTES"',
      { allowedValues: ["SECONDS"] },
    ],
    [
      { integrityDetection: { excludedPlatforms: ["IOS", "GOOGLE"] } },
      "mobile.integrityDetection.excludedPlatforms",
      "mobile.integrityDetection.excludedPlatforms may hold at most 1 item(s); got 2",
      { maximumValue: 1 },
    ],
    [
      { integrityDetection: { mode: "ENABLED", excludedPlatforms: ["GOOGLE"] } },
      "mobile.integrityDetection.cacheDuration",
      "mobile.integrityDetection.cacheDuration is required when mobile.integrityDetection.mode is ENABLED",
    ],
    [
      { integrityDetection: { cacheDuration: { amount: 49, units: "HOURS" } } },
      "mobile.integrityDetection.cacheDuration.amount",
      "mobile.integrityDetection.cacheDuration.amount must be at most 48 HOURS; got 49",
      { rangeMaximumValue: 48 },
    ],
    [
      { integrityDetection: { mode: "ENABLED", cacheDuration: { amount: 5, units: "MINUTES" } } },
      "mobile.integrityDetection.googlePlay",
      "mobile.integrityDetection.googlePlay with verificationType is required unless excludedPlatforms contains GOOGLE",
    ],
    [
      {
        integrityDetection: {
          mode: "ENABLED",
          cacheDuration: { amount: 5, units: "MINUTES" },
          googlePlay: { verificationType: "GOOGLE" },
        },
      },
      "mobile.integrityDetection.googlePlay.serviceAccountCredentials",
      "mobile.integrityDetection.googlePlay.serviceAccountCredentials is required when verificationType is GOOGLE",
    ],
    [
      {
        integrityDetection: {
          mode: "ENABLED",
          cacheDuration: { amount: 5, units: "MINUTES" },
          googlePlay: { verificationType: "INTERNAL", decryptionKey: "d" },
        },
      },
      "mobile.integrityDetection.googlePlay",
      "mobile.integrityDetection.googlePlay.decryptionKey and verificationKey are required when verificationType is INTERNAL",
    ],
    [
      {
        integrityDetection: {
          mode: "ENABLED",
          cacheDuration: { amount: 5, units: "MINUTES" },
          googlePlay: { verificationType: "GOOGLE", serviceAccountCredentials: "{}", decryptionKey: "d" },
        },
      },
      "mobile.integrityDetection.googlePlay",
      "mobile.integrityDetection.googlePlay.serviceAccountCredentials cannot be combined with decryptionKey or verificationKey",
    ],
  ])("refuses mobile %j", async (mobile, target, message, innerError) => {
    const res = await api.post(apps, stackOneApp({ type: "NATIVE_APP", mobile }));
    expect(res.status).toBe(400);
    const detail: Record<string, unknown> = { code: "INVALID_VALUE", target, message };
    if (innerError) detail.innerError = innerError;
    expect(res.body).toEqual(refusal([detail]));
  });
});

describe("rules spanning fields", () => {
  it.each<[Record<string, unknown>, string, string]>([
    [
      { requireSignedRequestObject: true, supportUnsignedRequestObject: true },
      "supportUnsignedRequestObject",
      "supportUnsignedRequestObject and requireSignedRequestObject cannot both be true",
    ],
    [
      { corsSettings: { behavior: "ALLOW_SPECIFIC_ORIGINS" } },
      "corsSettings.origins",
      "corsSettings.origins must hold at least one origin when corsSettings.behavior is ALLOW_SPECIFIC_ORIGINS",
    ],
    [
      { corsSettings: { behavior: "ALLOW_NO_ORIGINS", origins: ["https://a.example"] } },
      "corsSettings.origins",
      'corsSettings.origins must be omitted or empty when corsSettings.behavior is ALLOW_NO_ORIGINS; got ["https://a.example"]',
    ],
    [
      { corsSettings: { behavior: "ALLOW_SPECIFIC_ORIGINS", origins: ["https://a.example/path"] } },
      "corsSettings.origins[0]",
      'corsSettings.origins[0] must be an http or https origin without a path (host: a domain name, optionally *., localhost or an IPv4 address); got "https://a.example/path"',
    ],
    [
      { tokenEndpointAuthMethod: "PRIVATE_KEY_JWT" },
      "jwks",
      "jwks or jwksUrl is required when tokenEndpointAuthMethod is PRIVATE_KEY_JWT",
    ],
    [
      { jwks: "{}", jwksUrl: "https://example.com/jwks" },
      "jwksUrl",
      "jwks and jwksUrl cannot both be set; give one of them",
    ],
  ])("refuses %j", async (fields, target, message) => {
    const res = await api.post(apps, stackOneApp(fields));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refusal([{ code: "INVALID_VALUE", target, message }]));
  });

  it("refuses signing on a SERVICE application", async () => {
    const res = await api.post(apps, stackOneApp({ type: "SERVICE", signing: { keyRotationPolicy: { id: "krp-1" } } }));
    expect(res.body).toEqual(
      refusal([
        {
          code: "INVALID_VALUE",
          target: "signing",
          message:
            'signing applies only to applications of type WEB_APP, NATIVE_APP, SINGLE_PAGE_APP, CUSTOM_APP, WORKER; got type "SERVICE"',
          innerError: { allowedValues: ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "CUSTOM_APP", "WORKER"] },
        },
      ]),
    );
  });

  it("accepts the CORS origin forms the spec lists: domain, localhost, IPv4, wildcard subdomain, with a port", async () => {
    const origins = [
      "http://localhost",
      "https://localhost:8443",
      "http://192.168.1.1",
      "https://*.pingidentity.com",
      "https://auth.pingidentity.com",
    ];
    const res = await api.post(apps, stackOneApp({ corsSettings: { behavior: "ALLOW_SPECIFIC_ORIGINS", origins } }));
    expect([res.status, res.body.corsSettings]).toEqual([201, { behavior: "ALLOW_SPECIFIC_ORIGINS", origins }]);
  });
});
