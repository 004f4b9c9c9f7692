/**
 * Tokens: HS256 JWTs signed with a key derived from the seed, so they stay valid across a restart on a state file.
 * Access tokens (an application's, or a signed-in user's), ID tokens and JWT refresh tokens share the signing.
 */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";
import { tokenKey } from "./ids";

export interface TokenClaims {
  client_id: string;
  env: string;
  iat: number;
  /** Seconds since the epoch; may be fractional (short lifetimes in tests). */
  exp: number;
  jti: string;
  /** Set on tokens obtained by signing in (authorization code, refresh): the user the token acts for. */
  sub?: string;
  /** The scopes granted to a signed-in user's token, space-separated. */
  scope?: string;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A compact HS256 JWT over `claims`. */
export function signJwt(seed: number, claims: object): string {
  const signingInput = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  const sig = createHmac("sha256", tokenKey(seed)).update(signingInput).digest("base64url");
  return `${signingInput}.${sig}`;
}

/** The claims of a JWT this emulator signed, whatever their expiry; undefined for anything else. */
export function readJwt<T>(seed: number, token: string): T | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const expected = createHmac("sha256", tokenKey(seed)).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return claims && typeof claims === "object" ? (claims as T) : undefined;
  } catch {
    return undefined;
  }
}

export function issueToken(
  seed: number,
  clientId: string,
  envId: string,
  nowMs: number,
  ttlSeconds: number,
  user?: { sub: string; scope: string },
): string {
  const claims: TokenClaims = {
    client_id: clientId,
    env: envId,
    iat: Math.floor(nowMs / 1000),
    exp: (nowMs + ttlSeconds * 1000) / 1000,
    jti: randomUUID(),
  };
  if (user) {
    claims.sub = user.sub;
    claims.scope = user.scope;
  }
  return signJwt(seed, claims);
}

/** The claims of a valid, unexpired access token, or undefined. */
export function verifyToken(seed: number, token: string, nowMs: number): TokenClaims | undefined {
  const claims = readJwt<TokenClaims>(seed, token);
  if (!claims || typeof claims.client_id !== "string" || typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs)
    return undefined;
  // A refresh or ID token is no access token.
  if ((claims as { token_use?: unknown }).token_use !== undefined) return undefined;
  return claims;
}

export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
