/** Counting the PingOne requests of one operation from the emulator's request log. */
import type { RequestLogEntry } from "../emulator/types";

export interface CallCounts {
  /** Every PingOne request: management API calls plus token calls, retries included. */
  total: number;
  /** Client-credentials token requests (`POST /{envId}/as/token`). */
  token: number;
  /** Management API requests (`/v1/…`) by method. */
  get: number;
  post: number;
  put: number;
  delete: number;
  /** Any other method on the API paths (none expected). */
  other: number;
  /** Requests answered 429: each one cost the client a retry. */
  throttled: number;
  /** Requests answered with any other status ≥ 400. */
  failed: number;
}

const TOKEN_PATH = /^\/[^/]+\/as\/token$/;
const CONTROL_PATH = /^\/__emulator(\/|$)/;

export function isTokenPath(path: string): boolean {
  return TOKEN_PATH.test(path);
}

export function countCalls(entries: readonly RequestLogEntry[]): CallCounts {
  const counts: CallCounts = {
    total: 0,
    token: 0,
    get: 0,
    post: 0,
    put: 0,
    delete: 0,
    other: 0,
    throttled: 0,
    failed: 0,
  };
  for (const entry of entries) {
    if (CONTROL_PATH.test(entry.path)) continue;
    counts.total++;
    if (entry.status === 429) counts.throttled++;
    else if (entry.status >= 400) counts.failed++;
    if (isTokenPath(entry.path)) {
      counts.token++;
      continue;
    }
    switch (entry.method.toUpperCase()) {
      case "GET":
        counts.get++;
        break;
      case "POST":
        counts.post++;
        break;
      case "PUT":
        counts.put++;
        break;
      case "DELETE":
        counts.delete++;
        break;
      default:
        counts.other++;
    }
  }
  return counts;
}

/** Management API calls (everything but token requests). */
export function apiCalls(counts: CallCounts): number {
  return counts.total - counts.token;
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-zA-Z_-]{20,})$/i;

/** The path with every id-like segment replaced by `{id}`, so traces of different runs read alike. */
export function maskPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? "{id}" : segment))
    .join("/");
}

/**
 * From the first PingOne request to the last response of one command: the time spent talking to PingOne, engine
 * steps between dependent calls included. Entries are stamped when their response leaves the emulator, so the first
 * request started one `latencyMs` before its stamp. Undefined when there was no request.
 */
export function apiSpanMs(stamped: readonly { at: number }[], latencyMs: number): number | undefined {
  if (stamped.length === 0) return undefined;
  const times = stamped.map((t) => t.at);
  return Math.max(...times) - Math.min(...times) + latencyMs;
}
