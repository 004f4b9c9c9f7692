/** Small HTTP helpers for driving an emulator from tests (real fetch over loopback). */
import type { EmulatorInfo } from "./types";

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: any;
}

async function read(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/** Requests a client-credentials token; `method` says where the credentials go. */
export async function requestToken(
  info: Pick<EmulatorInfo, "authUrl">,
  envId: string,
  clientId: string,
  clientSecret: string,
  method: "basic" | "post" = "basic",
): Promise<HttpResult> {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (method === "basic")
    headers.Authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
  else {
    form.set("client_id", clientId);
    form.set("client_secret", clientSecret);
  }
  return read(await fetch(`${info.authUrl}/${envId}/as/token`, { method: "POST", headers, body: form.toString() }));
}

/** The provisioner's access token. */
export async function provisionerToken(info: EmulatorInfo): Promise<string> {
  const res = await requestToken(info, info.adminEnvironmentId, info.clientId, info.clientSecret);
  if (res.status !== 200)
    throw new Error(`provisioner token request failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

export interface Api {
  get(path: string): Promise<HttpResult>;
  post(path: string, body?: unknown): Promise<HttpResult>;
  put(path: string, body: unknown): Promise<HttpResult>;
  del(path: string): Promise<HttpResult>;
  raw(method: string, path: string, init?: RequestInit): Promise<HttpResult>;
}

/** A JSON client for `${apiUrl}${path}` with a bearer token (absolute URLs are used as given). */
export function apiClient(info: Pick<EmulatorInfo, "apiUrl">, token: string): Api {
  const url = (path: string) => (/^https?:/.test(path) ? path : `${info.apiUrl}${path}`);
  const call = async (method: string, path: string, body?: unknown) =>
    read(
      await fetch(url(path), {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    );
  return {
    get: (p) => call("GET", p),
    post: (p, b) => call("POST", p, b),
    put: (p, b) => call("PUT", p, b),
    del: (p) => call("DELETE", p),
    raw: async (method, p, init = {}) =>
      read(
        await fetch(url(p), {
          ...init,
          method,
          headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
        }),
      ),
  };
}

/** The worker app the StackOne integration needs, as the console guide configures it. */
export function stackOneApp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
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
    assignActorRoles: false,
    ...overrides,
  };
}

/**
 * A WORKER application body with every writable property of the spec's OIDC application set, each to a valid
 * value other than PingOne's default (only `jwks` is left out: it cannot be combined with `jwksUrl`).
 */
export function everyOidcField(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Every Field",
    description: "An application with every OIDC property set",
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: true,
    hiddenFromAppPortal: true,
    icon: {
      id: "0b0e4c2e-6c1f-4b5e-9d0a-000000000001",
      href: "https://uploads.pingone.com/environments/e/images/i_f_original.png",
    },
    loginPageUrl: "https://login.example.com",
    accessControl: { role: { type: "ADMIN_USERS_ONLY" }, group: { type: "ALL_GROUPS", groups: [{ id: "g-1" }] } },
    additionalRefreshTokenReplayProtectionEnabled: false,
    allowWildcardInRedirectUris: true,
    corsSettings: {
      behavior: "ALLOW_SPECIFIC_ORIGINS",
      origins: ["https://app.example.com", "http://localhost:3000", "https://*.example.org"],
    },
    devicePathId: "every-field_1",
    deviceCustomVerificationUri: "https://example.com/go",
    deviceTimeout: 1200,
    devicePollingInterval: 10,
    idpSignoff: true,
    includeX5t: true,
    jwksUrl: "https://example.com/.well-known/jwks.json",
    mobile: {
      bundleId: "com.example.every",
      packageName: "com.example.every",
      huaweiAppId: "123456",
      huaweiPackageName: "com.example.every.huawei",
      passcodeGracePeriod: 3,
      passcodeRefreshDuration: { duration: 45, timeUnit: "SECONDS" },
      integrityDetection: {
        excludedPlatforms: ["IOS"],
        mode: "ENABLED",
        cacheDuration: { amount: 12, units: "HOURS" },
        googlePlay: {
          decryptionKey: "decryption-key",
          verificationKey: "verification-key",
          verificationType: "INTERNAL",
        },
      },
      push: { numberMatching: { type: "SELECT_NUMBER" } },
      uriPrefix: "https://every.example.com",
    },
    kerberos: { key: { id: "0b0e4c2e-6c1f-4b5e-9d0a-000000000002" } },
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "DEVICE_CODE"],
    homePageUrl: "https://home.example.com",
    initiateLoginUri: "https://example.com/initiate",
    opSessionCheckEnabled: true,
    parRequirement: "REQUIRED",
    parTimeout: 120,
    pkceEnforcement: "S256_REQUIRED",
    postLogoutRedirectUris: ["https://example.com/logout"],
    redirectUris: ["https://*.example.com/callback"],
    refreshTokenDuration: 3600,
    refreshTokenRollingDuration: 7200,
    refreshTokenRollingGracePeriodDuration: 30,
    refreshTokenType: "OPAQUE_TOKEN",
    requestScopesForMultipleResourcesEnabled: true,
    requireSignedRequestObject: true,
    supportUnsignedRequestObject: false,
    responseTypes: ["CODE"],
    signing: { keyRotationPolicy: { id: "0b0e4c2e-6c1f-4b5e-9d0a-000000000003" } },
    tags: ["PING_FED_CONNECTION_INTEGRATION"],
    targetLinkUri: "https://example.com/target",
    template: {
      configuration: { tenant: "every" },
      integration: { id: "0b0e4c2e-6c1f-4b5e-9d0a-000000000004" },
      version: { id: "0b0e4c2e-6c1f-4b5e-9d0a-000000000005" },
    },
    tokenEndpointAuthMethod: "PRIVATE_KEY_JWT",
    ...overrides,
  };
}

/**
 * Where the emulator serves the bytes of an image whose `targets.original.href` is PingOne's
 * `https://uploads.pingone.com/…`: the same path below `/__emulator/uploads/`.
 */
export function imageBytesUrl(info: Pick<EmulatorInfo, "authUrl">, href: string): string {
  const { pathname } = new URL(href);
  return `${info.authUrl}/__emulator/uploads${pathname}`;
}

// ---------- signing in, as StackOne does (authorization code) ----------

/** A request that is not followed when redirected: the status, the Location header and the body. */
export async function noRedirect(url: string, init: RequestInit = {}): Promise<HttpResult & { location?: string }> {
  const res = await fetch(url, { ...init, redirect: "manual" });
  const location = res.headers.get("location") ?? undefined;
  return { ...(await read(res)), location };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri?: string;
  responseType?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export function authorizeUrl(info: Pick<EmulatorInfo, "authUrl">, envId: string, p: AuthorizeParams): string {
  const q = new URLSearchParams();
  q.set("client_id", p.clientId);
  if (p.redirectUri !== undefined) q.set("redirect_uri", p.redirectUri);
  q.set("response_type", p.responseType ?? "code");
  if (p.scope !== undefined) q.set("scope", p.scope);
  if (p.state !== undefined) q.set("state", p.state);
  if (p.nonce !== undefined) q.set("nonce", p.nonce);
  if (p.codeChallenge !== undefined) q.set("code_challenge", p.codeChallenge);
  if (p.codeChallengeMethod !== undefined) q.set("code_challenge_method", p.codeChallengeMethod);
  return `${info.authUrl}/${envId}/as/authorize?${q.toString()}`;
}

/** POSTs the sign-on form of the flow a /as/authorize redirect pointed at. */
export async function submitSignOn(
  signOnLocation: string,
  username: string,
  password: string,
): Promise<HttpResult & { location?: string }> {
  const url = new URL(signOnLocation);
  const flowId = url.searchParams.get("flowId") ?? "";
  return noRedirect(`${url.origin}${url.pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ flowId, username, password }).toString(),
  });
}

/** Authorize, then sign in: the redirect back to the application (with `code` or `error`). */
export async function signIn(
  info: Pick<EmulatorInfo, "authUrl">,
  envId: string,
  p: AuthorizeParams,
  username: string,
  password: string,
): Promise<{ location: URL; status: number }> {
  const start = await noRedirect(authorizeUrl(info, envId, p));
  if (start.status !== 302 || !start.location)
    throw new Error(`authorize answered ${start.status}: ${JSON.stringify(start.body)}`);
  const done = await submitSignOn(start.location, username, password);
  if (!done.location) throw new Error(`sign-on answered ${done.status} without a redirect`);
  return { location: new URL(done.location), status: done.status };
}

/** POSTs a form to the token endpoint; `auth` says where the client's credentials go. */
export async function tokenRequest(
  info: Pick<EmulatorInfo, "authUrl">,
  envId: string,
  form: Record<string, string>,
  client: { id: string; secret: string; auth: "basic" | "post" },
): Promise<HttpResult> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (client.auth === "basic")
    headers.Authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`;
  else {
    body.set("client_id", client.id);
    body.set("client_secret", client.secret);
  }
  return read(await fetch(`${info.authUrl}/${envId}/as/token`, { method: "POST", headers, body: body.toString() }));
}

/** The payload of a JWT (no signature check: for reading what the emulator issued). */
export function jwtClaims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/**
 * Creates the guide's StackOne app in `envId` through the Management API (`overrides` applied), grants it the
 * openid scopes `scopes`, and returns it with its secret.
 */
export async function createSignInApp(
  api: Api,
  envId: string,
  overrides: Record<string, unknown> = {},
  scopes: string[] = ["openid", "profile", "email"],
): Promise<{ id: string; secret: string; body: any }> {
  const apps = `/environments/${envId}/applications`;
  const created = await api.post(apps, stackOneApp(overrides));
  if (created.status !== 201)
    throw new Error(`creating the app answered ${created.status}: ${JSON.stringify(created.body)}`);
  const resources = (await api.get(`/environments/${envId}/resources`)).body._embedded.resources;
  const openid = resources.find((r: any) => r.name === "openid");
  const all = (await api.get(`/environments/${envId}/resources/${openid.id}/scopes`)).body._embedded.scopes;
  const wanted = all.filter((s: any) => scopes.includes(s.name)).map((s: any) => ({ id: s.id }));
  if (wanted.length > 0)
    await api.post(`${apps}/${created.body.id}/grants`, { resource: { id: openid.id }, scopes: wanted });
  const secret = (await api.get(`${apps}/${created.body.id}/secret`)).body.secret;
  return { id: created.body.id, secret, body: created.body };
}

/** The id of a built-in role by name. */
export async function roleId(api: Api, name: string): Promise<string> {
  const roles = (await api.get("/roles?limit=1000")).body._embedded.roles;
  return roles.find((r: any) => r.name === name).id;
}
