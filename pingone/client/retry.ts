import type { RetryOptions } from "./api";
import { describe } from "./regions";

/** Retry policy with every default filled in. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxTotalMs: number;
  propagationTimeoutMs: number;
}

/** Production defaults: 5 attempts, 500 ms first backoff, 30 s per wait, 2 min of waiting, 2 min for propagation. */
export function defaultRetryPolicy(): RetryPolicy {
  return { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalMs: 120_000, propagationTimeoutMs: 120_000 };
}

/** Upper bounds that keep a misconfiguration from hanging a deployment for hours. */
const MAX_ATTEMPTS = 20;
const MAX_WAIT_MS = 30 * 60_000;

/** Fills defaults and checks every given field; the error names the field, the value and what is allowed. */
export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  const policy = defaultRetryPolicy();
  if (options === undefined) return policy;
  if (options === null || typeof options !== "object") {
    throw new Error(`Invalid PingOne client option retry: expected an object, got ${describe(options)}`);
  }
  const check = (field: keyof RetryPolicy, min: number, max: number, integer: boolean): void => {
    const value = (options as Record<string, unknown>)[field];
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(
        `Invalid PingOne client option retry.${field}: ${describe(value)}; expected ${integer ? "an integer" : "a number"} from ${min} to ${max}`,
      );
    }
    policy[field] = value;
  };
  check("maxAttempts", 1, MAX_ATTEMPTS, true);
  check("baseDelayMs", 0, MAX_WAIT_MS, false);
  check("maxDelayMs", 0, MAX_WAIT_MS, false);
  check("maxTotalMs", 0, MAX_WAIT_MS, false);
  check("propagationTimeoutMs", 0, MAX_WAIT_MS, false);
  return policy;
}

/** Statuses that mean "try again later": the request may be repeated as is (creates are reconciled first). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * Statuses after which a POST may or may not have taken effect. A 429 is refused before any work is done, so it
 * is not among them.
 */
export function isUncertainStatus(status: number): boolean {
  return isRetryableStatus(status) && status !== 429;
}

/**
 * Exponential backoff with full jitter: a wait drawn uniformly from [0, min(maxDelayMs, baseDelayMs · 2^(retry-1))].
 * `retry` counts from 1 (the wait before the second attempt). `random` returns a number in [0, 1).
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(ceiling * unit);
}

/**
 * `Retry-After` in milliseconds: delay-seconds (`"120"`) or an HTTP date, relative to `nowMs`. Undefined when the
 * header is absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // HTTP dates (IMF-fixdate, RFC 850, asctime) all begin with a day name.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before the next attempt: the server's `Retry-After` when it sent one, else jittered backoff; never more
 * than `maxDelayMs`.
 */
export function nextDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return backoffDelay(retry, policy.baseDelayMs, policy.maxDelayMs, random);
}

/** PingOne's answer while a freshly granted role has not reached every node yet. */
export function isPropagationForbidden(status: number, messages: (string | undefined)[]): boolean {
  return (
    status === 403 &&
    messages.some((m) => typeof m === "string" && m.includes("The actor attempting to perform the request is not authorized"))
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
