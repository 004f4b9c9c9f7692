/**
 * The token endpoint's sign-in grants, after the client has authenticated (../server.ts): `authorization_code`
 * (a single-use code, bound to its client, redirect URI and PKCE challenge) and `refresh_token` (within
 * refreshTokenDuration, renewable until refreshTokenRollingDuration after the first sign-in, an exchanged token
 * accepted again only within refreshTokenRollingGracePeriodDuration). Both answer the user's access token, an ID
 * token and — when the app has REFRESH_TOKEN — a new refresh token: a JWT for refreshTokenType JSON_WEB_TOKEN.
 */
import { createHash, randomUUID } from "crypto";
import type { StoredApplication, StoredUser } from "../state";
import { issueToken, readJwt, signJwt } from "../tokens";
import { findUser, NO_STORE, OAuthContext, OAuthReply, oauthError, userEnabled } from "./context";
import { randomToken, RefreshClaims } from "./store";

export const INVALID_CODE = "The authorization code is invalid, expired or already used";
export const INVALID_REFRESH = "The refresh token is invalid";

function allows(app: StoredApplication, grantType: string): boolean {
  return ((app.body.grantTypes as string[] | undefined) ?? []).includes(grantType);
}

function pkceMatches(challenge: string, method: "plain" | "S256", verifier: string): boolean {
  const derived = method === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
  return derived === challenge;
}

interface Session {
  user: StoredUser;
  scopes: string[];
  nonce?: string;
  sessionId: string;
  /** ms */
  authTime: number;
}

/** The token response for a signed-in user. */
function tokenResponse(ctx: OAuthContext, app: StoredApplication, s: Session): OAuthReply {
  const seed = ctx.world.seed;
  const envId = app.environmentId;
  const scope = s.scopes.join(" ");
  const nowS = Math.floor(ctx.now / 1000);
  const body: Record<string, unknown> = {
    access_token: issueToken(seed, app.id, envId, ctx.now, ctx.tokenTtlSeconds, { sub: s.user.id, scope }),
    token_type: "Bearer",
    expires_in: Math.max(1, Math.ceil(ctx.tokenTtlSeconds)),
    scope,
  };
  if (s.scopes.includes("openid")) {
    const id: Record<string, unknown> = {
      iss: `${ctx.origin}/${envId}/as`,
      sub: s.user.id,
      aud: app.id,
      iat: nowS,
      exp: nowS + Math.max(1, Math.ceil(ctx.tokenTtlSeconds)),
      auth_time: Math.floor(s.authTime / 1000),
      sid: s.sessionId,
      env: envId,
      org: ctx.world.organization.id,
    };
    if (s.nonce !== undefined) id.nonce = s.nonce;
    if (s.scopes.includes("profile")) {
      id.preferred_username = s.user.username;
      id.given_name = s.user.given;
      id.family_name = s.user.family;
    }
    if (s.scopes.includes("email")) id.email = s.user.email;
    body.id_token = signJwt(seed, id);
  }
  if (allows(app, "REFRESH_TOKEN")) {
    const duration = (app.body.refreshTokenDuration as number | undefined) ?? 2592000;
    const rolling = app.body.refreshTokenRollingDuration as number | undefined;
    const authS = s.authTime / 1000;
    const exp = Math.min(ctx.now / 1000 + duration, rolling !== undefined ? authS + rolling : Infinity);
    const claims: RefreshClaims = {
      token_use: "refresh",
      jti: randomUUID(),
      sid: s.sessionId,
      client_id: app.id,
      env: envId,
      sub: s.user.id,
      scope,
      iat: nowS,
      exp,
      auth_time: authS,
    };
    if (s.nonce !== undefined) claims.nonce = s.nonce;
    if (app.body.refreshTokenType === "JSON_WEB_TOKEN") body.refresh_token = signJwt(seed, claims);
    else {
      const opaque = randomToken(48);
      ctx.store.opaqueRefreshTokens.set(opaque, claims);
      body.refresh_token = opaque;
    }
  }
  return { status: 200, body, headers: { ...NO_STORE } };
}

/** `grant_type=authorization_code` for an authenticated client. */
export function authorizationCodeGrant(ctx: OAuthContext, app: StoredApplication, form: URLSearchParams): OAuthReply {
  if (!allows(app, "AUTHORIZATION_CODE"))
    return oauthError(400, "unauthorized_client", "The application is not allowed the AUTHORIZATION_CODE grant type");
  const code = form.get("code");
  if (!code) return oauthError(400, "invalid_request", "code is required with grant_type=authorization_code");
  const issued = ctx.store.codes.get(code);
  if (!issued || issued.clientId !== app.id || issued.envId !== app.environmentId)
    return oauthError(400, "invalid_grant", INVALID_CODE);
  if (issued.used) {
    // A replayed code: everything issued from it is revoked (RFC 6749 §4.1.2).
    ctx.store.revokedSessions.add(issued.sessionId);
    return oauthError(400, "invalid_grant", INVALID_CODE);
  }
  issued.used = true;
  if (issued.expiresAt <= ctx.now) return oauthError(400, "invalid_grant", INVALID_CODE);
  if (form.get("redirect_uri") !== issued.redirectUri)
    return oauthError(
      400,
      "invalid_grant",
      "redirect_uri does not match the redirect URI of the authorization request",
    );
  if (issued.codeChallenge !== undefined) {
    const verifier = form.get("code_verifier");
    if (!verifier)
      return oauthError(
        400,
        "invalid_grant",
        "code_verifier is required: the authorization request carried a code_challenge",
      );
    if (!pkceMatches(issued.codeChallenge, issued.codeChallengeMethod ?? "plain", verifier))
      return oauthError(
        400,
        "invalid_grant",
        "code_verifier does not match the code_challenge of the authorization request",
      );
  }
  const user = findUser(ctx.world, issued.envId, issued.userId);
  if (!user || !userEnabled(user))
    return oauthError(400, "invalid_grant", "The user who signed in no longer exists or is disabled");
  return tokenResponse(ctx, app, {
    user,
    scopes: issued.scopes,
    nonce: issued.nonce,
    sessionId: issued.sessionId,
    authTime: issued.authTime,
  });
}

/** `grant_type=refresh_token` for an authenticated client. */
export function refreshTokenGrant(ctx: OAuthContext, app: StoredApplication, form: URLSearchParams): OAuthReply {
  if (!allows(app, "REFRESH_TOKEN"))
    return oauthError(400, "unauthorized_client", "The application is not allowed the REFRESH_TOKEN grant type");
  const token = form.get("refresh_token");
  if (!token) return oauthError(400, "invalid_request", "refresh_token is required with grant_type=refresh_token");
  const claims = ctx.store.opaqueRefreshTokens.get(token) ?? readJwt<RefreshClaims>(ctx.world.seed, token);
  if (!claims || claims.token_use !== "refresh" || claims.client_id !== app.id || claims.env !== app.environmentId)
    return oauthError(400, "invalid_grant", INVALID_REFRESH);
  if (ctx.store.revokedSessions.has(claims.sid))
    return oauthError(400, "invalid_grant", `${INVALID_REFRESH}: its sign-in was revoked`);
  // The rolling limit first: a token whose life it capped has expired for that reason.
  const rolling = app.body.refreshTokenRollingDuration as number | undefined;
  if (rolling !== undefined && ctx.now >= (claims.auth_time + rolling) * 1000)
    return oauthError(
      400,
      "invalid_grant",
      `${INVALID_REFRESH}: the rolling duration since sign-in has passed (refreshTokenRollingDuration); sign in again`,
    );
  if (claims.exp * 1000 <= ctx.now)
    return oauthError(400, "invalid_grant", `${INVALID_REFRESH}: it has expired (refreshTokenDuration)`);
  const usedAt = ctx.store.usedRefreshTokens.get(claims.jti);
  const grace = (app.body.refreshTokenRollingGracePeriodDuration as number | undefined) ?? 0;
  if (usedAt !== undefined && ctx.now > usedAt + grace * 1000)
    return oauthError(
      400,
      "invalid_grant",
      `${INVALID_REFRESH}: it was already exchanged and the grace period (refreshTokenRollingGracePeriodDuration, ${grace} s) has passed`,
    );
  if (usedAt === undefined) ctx.store.usedRefreshTokens.set(claims.jti, ctx.now);
  const user = findUser(ctx.world, claims.env, claims.sub);
  if (!user || !userEnabled(user))
    return oauthError(400, "invalid_grant", "The user who signed in no longer exists or is disabled");
  return tokenResponse(ctx, app, {
    user,
    scopes: claims.scope.split(" ").filter((s) => s !== ""),
    nonce: claims.nonce,
    sessionId: claims.sid,
    authTime: claims.auth_time * 1000,
  });
}
