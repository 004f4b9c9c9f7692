import type { RetryOptions } from "./api";
import { describe } from "./regions";
import type { PingOneErrorBody } from "./types";

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
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
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
    messages.some(
      (m) => typeof m === "string" && m.includes("The actor attempting to perform the request is not authorized"),
    )
  );
}

/** Why a request brought no answer: its most specific code, and whether it certainly never reached the server. */
export interface NetworkError {
  code: string;
  neverSent: boolean;
}

/** One HTTP attempt's answer, as the retry rules read it. */
export interface Answer {
  /** The HTTP status; 0 when no response came. */
  status: number;
  /** Set when no response came. */
  networkError?: NetworkError;
  /** The `Retry-After` header, when sent. */
  retryAfter?: string | null;
  /** PingOne's error body (or the token endpoint's OAuth error), read from an answer that is not 2xx. */
  error?: PingOneErrorBody;
}

/** What the retry rules need to know of the request an answer belongs to. */
export interface CallRules {
  method: string;
  /**
   * Who reads the final answer. "api": PingOne's API and the provisioner's token request, where a refusal is an
   * error. "oauth": an OAuth endpoint, whose every final status is handed back (the caller reads OAuth's `error`);
   * only a missing response is an error there.
   */
  endpoint: "api" | "oauth";
  /** A 401 renews the token once and repeats the request (API calls with the provisioner's own credentials). */
  renewable: boolean;
  /** "return": a 404 is handed back (reads, deletes); "throw": it fails the call. */
  notFound: "return" | "throw";
  /**
   * How a create recognises the object of an attempt that may have taken effect: "beforeRepeat" (looked for before
   * every re-POST), "onDuplicate" (looked for when PingOne refuses the repeat as a duplicate) or "none".
   */
  reconcile: "none" | "beforeRepeat" | "onDuplicate";
  /**
   * Whether a POST is repeated after a failure that may have taken effect. When not, an API call fails saying so
   * (`uncertainNote`) and an OAuth request hands its answer back (a code is single-use).
   */
  repeatUncertain: boolean;
  uncertainNote?: string;
}

/** What the loop remembers between the attempts of one request. */
export interface RetryMemory {
  /** Rate limits, transient statuses and network errors so far: they count against `maxAttempts`. */
  transientFailures: number;
  /** The waits after them, summed: bounded by `maxTotalMs`. */
  waitedMs: number;
  /** Retries of a propagation 403 or 404 so far: their backoff grows with them. */
  propagationRetries: number;
  /** When the permission-propagation window closes: `propagationTimeoutMs` after the first propagation 403. */
  propagationDeadline?: number;
  /** The token has been renewed once after a 401. */
  renewed: boolean;
  /** An attempt of this POST may have taken effect, and no look has found its object since. */
  uncertain: boolean;
}

/** The memory before the first attempt. */
export function freshMemory(): RetryMemory {
  return { transientFailures: 0, waitedMs: 0, propagationRetries: 0, renewed: false, uncertain: false };
}

/** What the rules read besides the answer: the policy, the time, a random source and the 404 window. */
export interface RetryContext {
  policy: RetryPolicy;
  now: number;
  /** Returns a number in [0, 1): the jitter of the backoff. */
  random: () => number;
  /** Until when a 404 is read as propagation: a related object was created by this client moments ago. */
  notFoundWindowEnd?: number;
}

/** What to do with an answer. */
export type RetryAction =
  /** Hand the answer to the caller: a 2xx, a 404 the caller reads as "gone", an OAuth endpoint's final answer. */
  | { kind: "accept" }
  /** After a rate limit, a transient status or a network error: wait, then send again. */
  | { kind: "retry"; waitMs: number }
  /** After PingOne's permission-propagation 403, or a 404 on an object created moments ago: wait, then send again. */
  | { kind: "awaitPropagation"; waitMs: number }
  /** After a 401: renew the token (never the refused one again) and send again at once. */
  | { kind: "renewToken" }
  /** A repeated create refused as a duplicate: its lost attempt's object is the result; none found, it fails. */
  | { kind: "reconcile" }
  /** Fail; `lastLook`: a create whose attempt may have taken effect looks for its object first. */
  | { kind: "fail"; lastLook: boolean; note?: string };

export interface RetryVerdict {
  action: RetryAction;
  memory: RetryMemory;
}

const ACCEPT: RetryAction = { kind: "accept" };

/**
 * The retry rules, in one place, for API calls, the provisioner's token request and the OAuth endpoints alike: one
 * answer, the request's rules and the loop's memory in; what to do and the memory after it out.
 */
export function classify(answer: Answer, call: CallRules, memory: RetryMemory, context: RetryContext): RetryVerdict {
  const answered = answer.networkError === undefined;
  if (answered && answer.status >= 200 && answer.status < 300) return { action: ACCEPT, memory };
  if (!answered || isRetryableStatus(answer.status)) {
    return classifyTransient(answer, call, memory, context);
  }
  if (call.endpoint === "oauth") return { action: ACCEPT, memory };
  return classifyRefusal(answer, call, memory, context);
}

/**
 * A network error or a transient status: retried with backoff (or `Retry-After`) within `maxAttempts` and
 * `maxTotalMs`. A POST that may have taken effect is repeated only when the request allows it.
 */
function classifyTransient(answer: Answer, call: CallRules, memory: RetryMemory, context: RetryContext): RetryVerdict {
  const { policy } = context;
  const uncertain = call.method === "POST" && mayHaveTakenEffect(answer);
  if (uncertain && !call.repeatUncertain) {
    const note = call.uncertainNote ?? "(not repeated: the request may have taken effect)";
    return { action: stop(answer, call, false, note), memory };
  }
  const next = { ...memory, transientFailures: memory.transientFailures + 1, uncertain: memory.uncertain || uncertain };
  const retryAfterMs = answer.networkError !== undefined ? undefined : parseRetryAfter(answer.retryAfter, context.now);
  const waitMs = nextDelay(policy, next.transientFailures, retryAfterMs, context.random);
  if (next.transientFailures >= policy.maxAttempts || memory.waitedMs + waitMs > policy.maxTotalMs) {
    // Out of retries. A create whose attempt may have taken effect takes one last look first, so the caller is never
    // told "failed" about an object that exists.
    return { action: stop(answer, call, next.uncertain), memory: next };
  }
  return { action: { kind: "retry", waitMs }, memory: { ...next, waitedMs: memory.waitedMs + waitMs } };
}

/**
 * A refusal of PingOne's API: a repeated create refused as a duplicate, a 401 (the token renewed once), permission
 * propagation (retried until its window closes), a 404 the caller reads as "gone"; anything else fails at once.
 */
function classifyRefusal(answer: Answer, call: CallRules, memory: RetryMemory, context: RetryContext): RetryVerdict {
  const { status, error } = answer;
  const refusedAsDuplicate = status === 400 && (error?.details ?? []).some((d) => d.code === "UNIQUENESS_VIOLATION");
  if (memory.uncertain && call.reconcile === "onDuplicate" && refusedAsDuplicate) {
    return { action: { kind: "reconcile" }, memory };
  }
  if (status === 401 && call.renewable && !memory.renewed) {
    return { action: { kind: "renewToken" }, memory: { ...memory, renewed: true } };
  }
  const propagation = propagationWindow(answer, memory, context);
  if (propagation !== undefined) {
    const next = { ...memory, ...propagation.memory, propagationRetries: memory.propagationRetries + 1 };
    const waitMs = Math.max(1, nextDelay(context.policy, next.propagationRetries, undefined, context.random));
    if (context.now + waitMs <= propagation.end) return { action: { kind: "awaitPropagation", waitMs }, memory: next };
  }
  if (status === 404 && call.notFound === "return") return { action: ACCEPT, memory };
  return { action: { kind: "fail", lastLook: false }, memory };
}

/**
 * Until when this answer is read as propagation: a 404 while a related object is fresh, or PingOne's
 * permission-propagation 403 (whose window opens at the first one).
 */
function propagationWindow(
  answer: Answer,
  memory: RetryMemory,
  context: RetryContext,
): { end: number; memory: Partial<RetryMemory> } | undefined {
  if (answer.status === 404) {
    return context.notFoundWindowEnd === undefined ? undefined : { end: context.notFoundWindowEnd, memory: {} };
  }
  const messages = [answer.error?.message, ...(answer.error?.details ?? []).map((d) => d.message)];
  if (!isPropagationForbidden(answer.status, messages)) return undefined;
  const deadline = memory.propagationDeadline ?? context.now + context.policy.propagationTimeoutMs;
  return { end: deadline, memory: { propagationDeadline: deadline } };
}

/** Whether a failed attempt may have taken effect: sent without an answer, or a transient status other than 429. */
function mayHaveTakenEffect(answer: Answer): boolean {
  return answer.networkError !== undefined ? !answer.networkError.neverSent : isUncertainStatus(answer.status);
}

/**
 * A request that is not repeated: an API call fails (a create taking a last look first when `lastLook`); an OAuth
 * request hands its answer back and fails only when none came.
 */
function stop(answer: Answer, call: CallRules, lastLook: boolean, note?: string): RetryAction {
  if (call.endpoint === "oauth") return answer.networkError !== undefined ? { kind: "fail", lastLook: false } : ACCEPT;
  return { kind: "fail", lastLook, note };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
