/** The sign-in StackOne does: the authorization endpoint, the sign-on page, the authorization-code and refresh grants. */
import { createHash } from "crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { STACKONE_REDIRECT_URI } from "../components/workerAppPlan";
import {
  Api,
  apiClient,
  authorizeUrl,
  createSignInApp,
  jwtClaims,
  noRedirect,
  provisionerToken,
  roleId,
  signIn,
  submitSignOn,
  tokenRequest,
} from "./testing";

let emu: RunningEmulator;
let api: Api;
let env: string;
let alice: RunningEmulator["users"][number];

beforeAll(async () => {
  emu = await startEmulator({ seed: 21 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  env = emu.environmentId;
  alice = emu.users.find((u) => u.username === "alice")!;
});

async function grantRole(userId: string, name: string, scope: { id: string; type: string }): Promise<string> {
  const res = await api.post(`/environments/${env}/users/${userId}/roleAssignments`, {
    role: { id: await roleId(api, name) },
    scope,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const state = "st-123";
const nonce = "n-456";
const expectNoStore = (h: Headers) => expect(h.get("cache-control")).toBe("no-store");

describe("authorization endpoint", () => {
  it("redirects a valid request of StackOne's to the sign-on page, whose form a person can use", async () => {
    const app = await createSignInApp(api, env);
    const res = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: app.id,
        redirectUri: STACKONE_REDIRECT_URI,
        scope: "openid profile email",
        state,
      }),
    );
    expect(res.status).toBe(302);
    expect(res.location).toMatch(new RegExp(`^${emu.authUrl}/${env}/signon/\\?flowId=[A-Za-z0-9_-]+$`));
    const page = await noRedirect(res.location!);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.body).toContain(`<form method="post" action="/${env}/signon/">`);
    expect(page.body).toContain('name="username"');
    expect(page.body).toContain('name="password" type="password"');
    expect(page.body).toContain("StackOne Integration");
  });

  it("answers an unknown client_id with an error and no redirect", async () => {
    const res = await noRedirect(
      authorizeUrl(emu, env, { clientId: emu.clientId, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state }),
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.body).toEqual({
      error: "invalid_client",
      error_description: `client_id "${emu.clientId}" is not an application of environment ${env}`,
    });
  });

  it("answers a redirect_uri that is not registered exactly with an error and no redirect (a trailing slash is another URI)", async () => {
    const app = await createSignInApp(api, env);
    const res = await noRedirect(
      authorizeUrl(emu, env, { clientId: app.id, redirectUri: `${STACKONE_REDIRECT_URI}/`, scope: "openid", state }),
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.body).toEqual({
      error: "invalid_request",
      error_description: `redirect_uri "${STACKONE_REDIRECT_URI}/" does not match any redirect URI of the application (registered: ${STACKONE_REDIRECT_URI}); PingOne compares them exactly`,
    });
  });

  it("matches a redirect URI pattern only when the app allows wildcards", async () => {
    const app = await createSignInApp(api, env, {
      redirectUris: ["https://*.example.com/callback"],
      allowWildcardInRedirectUris: true,
    });
    const ok = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: app.id,
        redirectUri: "https://tenant1.example.com/callback",
        scope: "openid",
      }),
    );
    expect(ok.status).toBe(302);
    expect(ok.location).toContain("/signon/");
    const other = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: app.id,
        redirectUri: "https://tenant1.example.org/callback",
        scope: "openid",
      }),
    );
    expect(other.status).toBe(400);
    expect(other.body.error).toBe("invalid_request");
  });

  it("refuses a disabled application without redirecting", async () => {
    const app = await createSignInApp(api, env, { enabled: false });
    const res = await noRedirect(
      authorizeUrl(emu, env, { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state }),
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.body).toEqual({
      error: "unauthorized_client",
      error_description: `The application ${app.id} is disabled`,
    });
  });

  it("sends a response type the app does not allow back to the redirect URI, with state", async () => {
    const app = await createSignInApp(api, env);
    const token = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: app.id,
        redirectUri: STACKONE_REDIRECT_URI,
        responseType: "token",
        scope: "openid",
        state,
      }),
    );
    expect(token.status).toBe(302);
    const back = new URL(token.location!);
    expect(`${back.origin}${back.pathname}`).toBe(STACKONE_REDIRECT_URI);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      error: "unauthorized_client",
      error_description: "The application does not allow response_type token (its responseTypes: CODE)",
      state,
    });
    const bogus = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: app.id,
        redirectUri: STACKONE_REDIRECT_URI,
        responseType: "ticket",
        scope: "openid",
        state,
      }),
    );
    expect(new URL(bogus.location!).searchParams.get("error")).toBe("unsupported_response_type");
  });

  it("accepts only scopes granted to the app, plus openid", async () => {
    const app = await createSignInApp(api, env, {}, ["profile"]);
    const ok = await noRedirect(
      authorizeUrl(emu, env, { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid profile" }),
    );
    expect(ok.location).toContain("/signon/");
    const res = await noRedirect(
      authorizeUrl(emu, env, { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid email", state }),
    );
    expect(Object.fromEntries(new URL(res.location!).searchParams)).toEqual({
      error: "invalid_scope",
      error_description: "scope email is not granted to the application; allowed: openid profile",
      state,
    });
  });

  it("enforces PKCE as pkceEnforcement says", async () => {
    const challenge = createHash("sha256").update("v".repeat(43)).digest("base64url");
    const required = await createSignInApp(api, env, { pkceEnforcement: "REQUIRED" });
    const none = await noRedirect(
      authorizeUrl(emu, env, { clientId: required.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state }),
    );
    expect(Object.fromEntries(new URL(none.location!).searchParams)).toEqual({
      error: "invalid_request",
      error_description: "code_challenge is required: the application's pkceEnforcement is REQUIRED",
      state,
    });
    const s256 = await createSignInApp(api, env, { pkceEnforcement: "S256_REQUIRED" });
    const plain = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: s256.id,
        redirectUri: STACKONE_REDIRECT_URI,
        scope: "openid",
        codeChallenge: "p".repeat(43),
        codeChallengeMethod: "plain",
      }),
    );
    expect(new URL(plain.location!).searchParams.get("error_description")).toBe(
      'code_challenge_method must be S256: the application\'s pkceEnforcement is S256_REQUIRED; got "plain"',
    );
    const good = await noRedirect(
      authorizeUrl(emu, env, {
        clientId: s256.id,
        redirectUri: STACKONE_REDIRECT_URI,
        scope: "openid",
        codeChallenge: challenge,
        codeChallengeMethod: "S256",
      }),
    );
    expect(good.location).toContain("/signon/");
  });
});

describe("sign-on", () => {
  it("shows the form again on a wrong password (401), then signs in and redirects with a code and state", async () => {
    await grantRole(alice.id, "Environment Admin", { id: env, type: "ENVIRONMENT" });
    const app = await createSignInApp(api, env);
    const start = await noRedirect(
      authorizeUrl(emu, env, { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state }),
    );
    const wrong = await submitSignOn(start.location!, "alice", "not-her-password");
    expect(wrong.status).toBe(401);
    expect(wrong.location).toBeUndefined();
    expect(wrong.body).toContain('<p role="alert" class="error">Incorrect username or password.</p>');
    expect(wrong.body).not.toContain(alice.password);
    const right = await submitSignOn(start.location!, "alice", alice.password);
    expect(right.status).toBe(302);
    const back = new URL(right.location!);
    expect(`${back.origin}${back.pathname}`).toBe(STACKONE_REDIRECT_URI);
    expect([...back.searchParams.keys()]).toEqual(["code", "state"]);
    expect(back.searchParams.get("state")).toBe(state);
    // The flow is used up.
    expect((await submitSignOn(start.location!, "alice", alice.password)).status).toBe(400);
  });

  it("refuses a user holding no admin role: Admin Only Access", async () => {
    const app = await createSignInApp(api, env);
    const { location } = await signIn(
      emu,
      env,
      { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state },
      "alice",
      alice.password,
    );
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "access_denied",
      error_description:
        "The user is not an administrator: the application allows only users holding Organization Admin, Environment Admin, Identity Data Admin, Client Application Developer",
      state,
    });
  });

  it("refuses a user outside the app's group membership policy", async () => {
    await grantRole(alice.id, "Environment Admin", { id: env, type: "ENVIRONMENT" });
    const app = await createSignInApp(api, env, {
      accessControl: {
        role: { type: "ADMIN_USERS_ONLY" },
        group: { type: "ANY_GROUP", groups: [{ id: "4d1b7a3e-3c2a-4f0b-9d7e-2a5c4b3e1f00" }] },
      },
    });
    const { location } = await signIn(
      emu,
      env,
      { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid", state },
      "alice",
      alice.password,
    );
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "access_denied",
      error_description: "The user is not a member of any group the application requires",
      state,
    });
  });
});

describe("token endpoint: authorization_code and refresh_token", () => {
  async function codeFor(
    app: { id: string },
    extra: Partial<Parameters<typeof authorizeUrl>[2]> = {},
  ): Promise<string> {
    const { location } = await signIn(
      emu,
      env,
      { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid profile email", state, nonce, ...extra },
      "alice",
      alice.password,
    );
    const code = location.searchParams.get("code");
    if (!code) throw new Error(`no code: ${location}`);
    return code;
  }
  const exchange = (
    app: { id: string; secret: string },
    code: string,
    extra: Record<string, string> = {},
    auth: "post" | "basic" = "post",
  ) =>
    tokenRequest(
      emu,
      env,
      { grant_type: "authorization_code", code, redirect_uri: STACKONE_REDIRECT_URI, ...extra },
      { id: app.id, secret: app.secret, auth },
    );
  const refresh = (app: { id: string; secret: string }, token: string) =>
    tokenRequest(
      emu,
      env,
      { grant_type: "refresh_token", refresh_token: token },
      { id: app.id, secret: app.secret, auth: "post" },
    );

  beforeEach(async () => {
    await grantRole(alice.id, "Environment Admin", { id: env, type: "ENVIRONMENT" });
  });

  it("exchanges a code (CLIENT_SECRET_POST) for the user's access token, an ID token and a JWT refresh token", async () => {
    const app = await createSignInApp(api, env);
    const res = await exchange(app, await codeFor(app));
    expect(res.status).toBe(200);
    expectNoStore(res.headers);
    expect(Object.keys(res.body).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "refresh_token",
      "scope",
      "token_type",
    ]);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openid profile email" });
    expect(jwtClaims(res.body.access_token)).toMatchObject({
      client_id: app.id,
      env,
      sub: alice.id,
      scope: "openid profile email",
    });
    expect(jwtClaims(res.body.id_token)).toMatchObject({
      iss: `${emu.authUrl}/${env}/as`,
      aud: app.id,
      sub: alice.id,
      nonce,
      preferred_username: "alice",
      email: "alice@example.com",
      org: emu.organizationId,
    });
    const refreshClaims = jwtClaims(res.body.refresh_token);
    expect(refreshClaims).toMatchObject({ token_use: "refresh", client_id: app.id, sub: alice.id });
    expect(refreshClaims.exp - refreshClaims.iat).toBeCloseTo(2592000, -1);
    // The refresh token is no access token.
    expect((await apiClient(emu, res.body.refresh_token).get(`/environments/${env}/users`)).status).toBe(401);
  });

  it("issues an opaque refresh token when refreshTokenType is OPAQUE_TOKEN", async () => {
    const app = await createSignInApp(api, env, { refreshTokenType: "OPAQUE_TOKEN" });
    const res = await exchange(app, await codeFor(app));
    expect(res.body.refresh_token.split(".")).toHaveLength(1);
    expect((await refresh(app, res.body.refresh_token)).status).toBe(200);
  });

  it("authenticates the client only by its tokenEndpointAuthMethod: Basic for a CLIENT_SECRET_POST app is invalid_client, and the reverse", async () => {
    const app = await createSignInApp(api, env);
    const basic = await exchange(app, await codeFor(app), {}, "basic");
    expect(basic.status).toBe(401);
    expect(basic.body).toEqual({
      error: "invalid_client",
      error_description:
        "Client authentication failed: the application requires CLIENT_SECRET_POST, the request used CLIENT_SECRET_BASIC",
    });
    const basicApp = await createSignInApp(api, env, { tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC" });
    const post = await exchange(basicApp, await codeFor(basicApp));
    expect(post.body).toEqual({
      error: "invalid_client",
      error_description:
        "Client authentication failed: the application requires CLIENT_SECRET_BASIC, the request used CLIENT_SECRET_POST",
    });
    expect((await exchange(basicApp, await codeFor(basicApp), {}, "basic")).status).toBe(200);
  });

  it("authenticates the client before looking at the code: a dummy code with the right credentials is invalid_grant", async () => {
    const app = await createSignInApp(api, env);
    const res = await exchange(app, "dummy-code");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "invalid_grant",
      error_description: "The authorization code is invalid, expired or already used",
    });
    const wrongSecret = await exchange({ id: app.id, secret: `${app.secret.slice(0, -1)}x` }, "dummy-code");
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe("invalid_client");
  });

  it("a code is single-use, and replaying it revokes the refresh token it gave", async () => {
    const app = await createSignInApp(api, env);
    const code = await codeFor(app);
    const first = await exchange(app, code);
    expect(first.status).toBe(200);
    const again = await exchange(app, code);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error: "invalid_grant",
      error_description: "The authorization code is invalid, expired or already used",
    });
    const revoked = await refresh(app, first.body.refresh_token);
    expect(revoked.body).toEqual({
      error: "invalid_grant",
      error_description: "The refresh token is invalid: its sign-in was revoked",
    });
  });

  it("a code is bound to its client, its redirect URI and its PKCE challenge", async () => {
    const app = await createSignInApp(api, env);
    const other = await createSignInApp(api, env);
    expect((await exchange(other, await codeFor(app))).body.error).toBe("invalid_grant");
    const mismatch = await exchange(app, await codeFor(app), { redirect_uri: "https://api.stackone.com/other" });
    expect(mismatch.body).toEqual({
      error: "invalid_grant",
      error_description: "redirect_uri does not match the redirect URI of the authorization request",
    });
    const verifier = "a".repeat(50);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const pkce = { codeChallenge: challenge, codeChallengeMethod: "S256" };
    expect((await exchange(app, await codeFor(app, pkce))).body).toEqual({
      error: "invalid_grant",
      error_description: "code_verifier is required: the authorization request carried a code_challenge",
    });
    expect((await exchange(app, await codeFor(app, pkce), { code_verifier: "b".repeat(50) })).body).toEqual({
      error: "invalid_grant",
      error_description: "code_verifier does not match the code_challenge of the authorization request",
    });
    expect((await exchange(app, await codeFor(app, pkce), { code_verifier: verifier })).status).toBe(200);
  });

  it("a code expires (emulator clock moved forward)", async () => {
    const app = await createSignInApp(api, env);
    const code = await codeFor(app);
    emu.advanceClock(61);
    expect((await exchange(app, code)).body.error).toBe("invalid_grant");
  });

  it("refresh: a new token set; the exchanged token is refused once the grace period has passed", async () => {
    const app = await createSignInApp(api, env, { refreshTokenRollingGracePeriodDuration: 30 });
    const first = await exchange(app, await codeFor(app));
    const second = await refresh(app, first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(Object.keys(second.body).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "refresh_token",
      "scope",
      "token_type",
    ]);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(jwtClaims(second.body.access_token).sub).toBe(alice.id);
    emu.advanceClock(20);
    expect((await refresh(app, first.body.refresh_token)).status).toBe(200);
    emu.advanceClock(11);
    expect((await refresh(app, first.body.refresh_token)).body).toEqual({
      error: "invalid_grant",
      error_description:
        "The refresh token is invalid: it was already exchanged and the grace period (refreshTokenRollingGracePeriodDuration, 30 s) has passed",
    });
    expect((await refresh(app, second.body.refresh_token)).status).toBe(200);
  });

  it("refresh: a token expires after refreshTokenDuration", async () => {
    const app = await createSignInApp(api, env, { refreshTokenDuration: 3600, refreshTokenRollingDuration: 7200 });
    const first = await exchange(app, await codeFor(app));
    emu.advanceClock(3601);
    expect((await refresh(app, first.body.refresh_token)).body).toEqual({
      error: "invalid_grant",
      error_description: "The refresh token is invalid: it has expired (refreshTokenDuration)",
    });
  });

  it("refresh: renewable only until refreshTokenRollingDuration after the first sign-in", async () => {
    const app = await createSignInApp(api, env, { refreshTokenDuration: 3600, refreshTokenRollingDuration: 5000 });
    const first = await exchange(app, await codeFor(app));
    emu.advanceClock(3000);
    const renewed = await refresh(app, first.body.refresh_token);
    expect(renewed.status).toBe(200);
    const claims = jwtClaims(renewed.body.refresh_token);
    expect(claims.exp).toBeCloseTo(claims.auth_time + 5000, 0);
    emu.advanceClock(2001);
    expect((await refresh(app, renewed.body.refresh_token)).body).toEqual({
      error: "invalid_grant",
      error_description:
        "The refresh token is invalid: the rolling duration since sign-in has passed (refreshTokenRollingDuration); sign in again",
    });
  });

  it("no refresh token without the REFRESH_TOKEN grant type, and refresh_token is then unauthorized_client", async () => {
    const app = await createSignInApp(api, env, {
      grantTypes: ["AUTHORIZATION_CODE"],
      refreshTokenType: undefined,
      refreshTokenDuration: undefined,
      refreshTokenRollingDuration: undefined,
    });
    const res = await exchange(app, await codeFor(app));
    expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "id_token", "scope", "token_type"]);
    expect((await refresh(app, "x")).body).toEqual({
      error: "unauthorized_client",
      error_description: "The application is not allowed the REFRESH_TOKEN grant type",
    });
  });

  it("keeps the provisioner's client-credentials flow unchanged", async () => {
    const res = await tokenRequest(
      emu,
      emu.adminEnvironmentId,
      { grant_type: "client_credentials" },
      { id: emu.clientId, secret: emu.clientSecret, auth: "basic" },
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
  });
});

describe("emulator clock", () => {
  it("moves forward through /__emulator/clock; tokens expire by it; reset puts it back", async () => {
    const before = (await (await fetch(`${emu.authUrl}/__emulator/clock`)).json()) as any;
    expect(before.offsetSeconds).toBe(0);
    const bad = await fetch(`${emu.authUrl}/__emulator/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ advanceSeconds: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "advanceSeconds must be a non-negative number of seconds; got -1" });
    const moved = await fetch(`${emu.authUrl}/__emulator/clock`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ advanceSeconds: 3601 }),
    });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as any).offsetSeconds).toBe(3601);
    expect((await api.get(`/environments/${env}`)).status).toBe(401);
    emu.reset();
    expect(((await (await fetch(`${emu.authUrl}/__emulator/clock`)).json()) as any).offsetSeconds).toBe(0);
  });
});
