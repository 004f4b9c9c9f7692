/**
 * What the OAuth side remembers between requests: sign-on flows in progress, issued authorization codes, opaque
 * refresh tokens, refresh tokens already exchanged, and sessions revoked because a code was replayed. In memory only:
 * a restart (or `reset`) forgets them, while access tokens and JWT refresh tokens, signed with the seed's key, stay
 * verifiable.
 */
import { randomBytes } from "crypto";

export interface AuthorizationRequest {
  envId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
}

/** A sign-on in progress: the authorization request, waiting for the user's credentials. */
export interface SignOnFlow extends AuthorizationRequest {
  id: string;
  expiresAt: number;
}

/** A single-use authorization code, bound to its client, redirect URI, PKCE challenge and user. */
export interface IssuedCode extends AuthorizationRequest {
  userId: string;
  /** When the user signed in (ms): the start of the refresh tokens' rolling duration. */
  authTime: number;
  sessionId: string;
  expiresAt: number;
  used: boolean;
}

/** The claims of a refresh token (a JWT's payload, or what an opaque token stands for). */
export interface RefreshClaims {
  token_use: "refresh";
  jti: string;
  sid: string;
  client_id: string;
  env: string;
  sub: string;
  scope: string;
  nonce?: string;
  iat: number;
  /** Seconds since the epoch. */
  exp: number;
  /** Seconds since the epoch: when the user signed in. */
  auth_time: number;
}

/** Lifetime of a sign-on flow (unverified: PingOne's flows expire; the exact figure is not published in the sources). */
export const FLOW_TTL_MS = 30 * 60_000;
/** Lifetime of an authorization code (unverified; RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_TTL_MS = 60_000;

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export class OAuthStore {
  flows = new Map<string, SignOnFlow>();
  codes = new Map<string, IssuedCode>();
  opaqueRefreshTokens = new Map<string, RefreshClaims>();
  /** Refresh token id → when it was first exchanged (ms). */
  usedRefreshTokens = new Map<string, number>();
  revokedSessions = new Set<string>();

  /** Forgets flows and codes past their lifetime (each authorization request sweeps). */
  sweep(now: number): void {
    for (const [id, flow] of this.flows) if (flow.expiresAt <= now) this.flows.delete(id);
    for (const [code, issued] of this.codes) if (issued.expiresAt <= now && !issued.used) this.codes.delete(code);
  }

  clear(): void {
    this.flows.clear();
    this.codes.clear();
    this.opaqueRefreshTokens.clear();
    this.usedRefreshTokens.clear();
    this.revokedSessions.clear();
  }
}
