/** What the OAuth endpoints work with: the world, the clock, where the emulator listens, and the OAuth store. */
import type { StoredApplication, StoredUser, World } from "../state";
import type { OAuthStore } from "./store";

export interface OAuthContext {
  world: World;
  store: OAuthStore;
  /** The emulator's clock (ms), which tests can move forward. */
  now: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Lifetime of access tokens (seconds). */
  tokenTtlSeconds: number;
}

export interface OAuthReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** True when the reply changed something worth persisting. */
  mutated?: boolean;
}

export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/** An OAuth error body (RFC 6749 §5.2), answered directly (no redirect). */
export function oauthError(status: number, error: string, description: string): OAuthReply {
  return { status, body: { error, error_description: description }, headers: { ...NO_STORE } };
}

export function findApp(world: World, envId: string, clientId: string): StoredApplication | undefined {
  return world.applications.find((a) => a.id === clientId && a.environmentId === envId);
}

export function findUser(world: World, envId: string, userId: string): StoredUser | undefined {
  return world.users.find((u) => u.id === userId && u.environmentId === envId);
}

/** Whether a user may sign in: PingOne refuses disabled accounts (`users/{id}/enabled`). */
export function userEnabled(user: StoredUser): boolean {
  return user.enabled !== false;
}

/** `uri` with the parameters added to its query (RFC 6749 §4.1.2: the redirect URI's own query is kept). */
export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
  return url.toString();
}
