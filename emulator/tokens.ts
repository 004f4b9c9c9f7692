/** Access tokens: HS256 JWTs signed with a key derived from the seed, so they stay valid across a restart on a state file. */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";
import { tokenKey } from "./ids";

export interface TokenClaims {
  client_id: string;
  env: string;
  iat: number;
  /** Seconds since the epoch; may be fractional (short lifetimes in tests). */
  exp: number;
  jti: string;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function issueToken(seed: number, clientId: string, envId: string, nowMs: number, ttlSeconds: number): string {
  const claims: TokenClaims = { client_id: clientId, env: envId, iat: Math.floor(nowMs / 1000), exp: (nowMs + ttlSeconds * 1000) / 1000, jti: randomUUID() };
  const signingInput = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  const sig = createHmac("sha256", tokenKey(seed)).update(signingInput).digest("base64url");
  return `${signingInput}.${sig}`;
}

/** The claims of a valid, unexpired token, or undefined. */
export function verifyToken(seed: number, token: string, nowMs: number): TokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const expected = createHmac("sha256", tokenKey(seed)).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) return undefined;
  return claims;
}

export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
