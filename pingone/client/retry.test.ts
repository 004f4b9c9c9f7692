import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  classify,
  defaultRetryPolicy,
  freshMemory,
  isPropagationForbidden,
  nextDelay,
  parseRetryAfter,
  resolveRetryPolicy,
  type Answer,
  type CallRules,
  type RetryContext,
  type RetryMemory,
} from "./retry";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
  });
  it("reads an HTTP date relative to now, a past date giving 0", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });
  it("ignores absent or unreadable values", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("is full jitter over base·2^(retry-1), capped", () => {
    expect(backoffDelay(1, 500, 30_000, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, 500, 30_000, () => 0.5)).toBe(15_000);
    expect(backoffDelay(4, 500, 30_000, () => 0)).toBe(0);
  });
  it("stays within [0, min(max, base·2^(retry-1))] for any draw", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, base, max, r) => {
          const d = backoffDelay(retry, base, max, () => r);
          const ceiling = Math.min(max, base * 2 ** Math.min(retry - 1, 30));
          return Number.isInteger(d) && d >= 0 && d <= ceiling;
        },
      ),
    );
  });
});

describe("nextDelay", () => {
  const policy = { ...defaultRetryPolicy(), maxDelayMs: 5000 };
  it("uses Retry-After as given, capped at maxDelayMs", () => {
    expect(nextDelay(policy, 1, 2000, () => 0.9)).toBe(2000);
    expect(nextDelay(policy, 1, 60_000, () => 0.9)).toBe(5000);
  });
  it("falls back to jittered backoff", () => {
    expect(nextDelay(policy, 2, undefined, () => 0.5)).toBe(500);
  });
});

describe("resolveRetryPolicy", () => {
  it("has production defaults", () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxTotalMs: 120_000,
      propagationTimeoutMs: 120_000,
    });
  });
  it("overrides field by field and rejects bad values by name", () => {
    expect(resolveRetryPolicy({ maxAttempts: 2, baseDelayMs: 10 })).toEqual({
      maxAttempts: 2,
      baseDelayMs: 10,
      maxDelayMs: 30_000,
      maxTotalMs: 120_000,
      propagationTimeoutMs: 120_000,
    });
    expect(() => resolveRetryPolicy({ maxAttempts: 2.5 })).toThrow(
      "Invalid PingOne client option retry.maxAttempts: 2.5; expected an integer from 1 to 20",
    );
    expect(() => resolveRetryPolicy({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(
      "Invalid PingOne client option retry.maxDelayMs: Infinity; expected a number from 0 to 1800000",
    );
    expect(() => resolveRetryPolicy({ baseDelayMs: "5" as never })).toThrow(
      'Invalid PingOne client option retry.baseDelayMs: "5"; expected a number from 0 to 1800000',
    );
  });
});

describe("isPropagationForbidden", () => {
  it("matches PingOne's propagation message on a 403 only", () => {
    const m = "The actor attempting to perform the request is not authorized.";
    expect(isPropagationForbidden(403, [undefined, m])).toBe(true);
    expect(
      isPropagationForbidden(403, ["The request could not be completed. You do not have access to this resource."]),
    ).toBe(false);
    expect(isPropagationForbidden(401, [m])).toBe(false);
  });
});

describe("classify", () => {
  const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 1500, propagationTimeoutMs: 5000 };
  const now = Date.parse("2026-01-01T00:00:00Z");
  const context: RetryContext = { policy, now, random: () => 0.5 };
  const get: CallRules = {
    method: "GET",
    endpoint: "api",
    renewable: true,
    notFound: "throw",
    reconcile: "none",
    repeatUncertain: true,
  };
  const create: CallRules = { ...get, method: "POST", reconcile: "beforeRepeat" };
  const upload: CallRules = { ...get, method: "POST", repeatUncertain: false, uncertainNote: "(not repeated)" };
  const token: CallRules = { ...get, method: "POST", renewable: false };
  const oauth = { endpoint: "oauth", renewable: false, notFound: "return", repeatUncertain: false } as const;
  const oauthPost: CallRules = { ...get, ...oauth, method: "POST" };
  const fresh = freshMemory();
  const fail = { kind: "fail", lastLook: false };
  /** The action alone. */
  const act = (answer: Answer, call: CallRules, memory = fresh, at = context) =>
    classify(answer, call, memory, at).action;
  const after = (m: Partial<RetryMemory>): RetryMemory => ({ ...fresh, ...m });
  const sent = { networkError: { code: "ECONNRESET", neverSent: false }, status: 0 };
  const refused = { networkError: { code: "ECONNREFUSED", neverSent: true }, status: 0 };
  const propagation403: Answer = {
    status: 403,
    error: { code: "ACCESS_FAILED", message: "The actor attempting to perform the request is not authorized." },
  };
  const duplicate: Answer = {
    status: 400,
    error: { code: "INVALID_DATA", details: [{ code: "UNIQUENESS_VIOLATION", message: "already exists" }] },
  };

  it("accepts a 2xx as it is", () => {
    expect(classify({ status: 201 }, create, fresh, context)).toEqual({ action: { kind: "accept" }, memory: fresh });
  });

  it("retries a transient answer after Retry-After (capped) or backoff, within maxAttempts and maxTotalMs", () => {
    expect(classify({ status: 429, retryAfter: "7" }, get, fresh, context)).toEqual({
      action: { kind: "retry", waitMs: 1000 },
      memory: after({ transientFailures: 1, waitedMs: 1000 }),
    });
    expect(classify({ status: 503 }, get, after({ transientFailures: 1, waitedMs: 50 }), context)).toEqual({
      action: { kind: "retry", waitMs: 100 },
      memory: after({ transientFailures: 2, waitedMs: 150 }),
    });
    // Retry-After is read only from a response.
    expect(act({ ...sent, retryAfter: "7" }, get)).toEqual({ kind: "retry", waitMs: 50 });
    expect(classify({ status: 502 }, get, after({ transientFailures: 2, waitedMs: 150 }), context)).toEqual({
      action: { kind: "fail", lastLook: false },
      memory: after({ transientFailures: 3, waitedMs: 150 }),
    });
    const late = after({ transientFailures: 1, waitedMs: 501 });
    expect(classify({ status: 429, retryAfter: "1" }, get, late, context)).toEqual({
      action: { kind: "fail", lastLook: false },
      memory: after({ transientFailures: 2, waitedMs: 501 }),
    });
  });

  it("remembers a create that may have taken effect, and takes a last look when out of retries", () => {
    expect(classify({ status: 500 }, create, fresh, context)).toEqual({
      action: { kind: "retry", waitMs: 50 },
      memory: after({ transientFailures: 1, waitedMs: 50, uncertain: true }),
    });
    expect(classify(sent, create, fresh, context).memory.uncertain).toBe(true);
    expect(classify({ status: 429 }, create, fresh, context).memory.uncertain).toBe(false);
    expect(classify(refused, create, fresh, context).memory.uncertain).toBe(false);
    expect(act({ status: 504 }, create, after({ transientFailures: 2 }))).toEqual({ kind: "fail", lastLook: true });
    // The token request is repeated after any transient failure: nothing to look for.
    expect(act({ status: 503 }, token)).toEqual({ kind: "retry", waitMs: 50 });
  });

  it("never repeats a POST that cannot be recognised once it may have taken effect", () => {
    expect(classify({ status: 503 }, upload, fresh, context)).toEqual({
      action: { kind: "fail", lastLook: false, note: "(not repeated)" },
      memory: fresh,
    });
    expect(act(sent, { ...upload, uncertainNote: undefined })).toEqual({
      kind: "fail",
      lastLook: false,
      note: "(not repeated: the request may have taken effect)",
    });
    expect(act({ status: 429 }, upload)).toEqual({ kind: "retry", waitMs: 50 });
  });

  it("hands an OAuth endpoint's answer back, failing only without one", () => {
    expect(classify({ status: 503 }, oauthPost, fresh, context)).toEqual({ action: { kind: "accept" }, memory: fresh });
    expect(act(sent, oauthPost)).toEqual(fail);
    expect(act(refused, oauthPost)).toEqual({ kind: "retry", waitMs: 50 });
    expect(act({ status: 401 }, oauthPost)).toEqual({ kind: "accept" });
    const oauthGet = { ...oauthPost, method: "GET" };
    expect(act({ status: 503 }, oauthGet)).toEqual({ kind: "retry", waitMs: 50 });
    expect(act({ status: 503 }, oauthGet, after({ transientFailures: 2 }))).toEqual({ kind: "accept" });
    expect(act(sent, oauthGet, after({ transientFailures: 2 }))).toEqual(fail);
  });

  it("renews the token once after a 401, where the call may", () => {
    expect(classify({ status: 401 }, get, fresh, context)).toEqual({
      action: { kind: "renewToken" },
      memory: after({ renewed: true }),
    });
    expect(act({ status: 401 }, get, after({ renewed: true }))).toEqual(fail);
    expect(act({ status: 401 }, token)).toEqual(fail);
  });

  it("waits for permission propagation until its window closes", () => {
    expect(classify(propagation403, get, fresh, context)).toEqual({
      action: { kind: "awaitPropagation", waitMs: 50 },
      memory: after({ propagationRetries: 1, propagationDeadline: now + 5000 }),
    });
    const late = after({ propagationRetries: 1, propagationDeadline: now + 99 });
    expect(act(propagation403, get, late)).toEqual(fail);
    const closed = { ...context, policy: { ...policy, propagationTimeoutMs: 0 } };
    expect(classify(propagation403, get, fresh, closed).action).toEqual(fail);
    expect(act({ status: 403, error: { code: "ACCESS_FAILED" } }, get)).toEqual(fail);
  });

  it("reads a 404 as propagation while a related object is fresh, else as gone or as a failure", () => {
    const fresh404 = { ...context, notFoundWindowEnd: now + 1000 };
    expect(classify({ status: 404 }, get, fresh, fresh404)).toEqual({
      action: { kind: "awaitPropagation", waitMs: 50 },
      memory: after({ propagationRetries: 1 }),
    });
    expect(classify({ status: 404 }, get, fresh, { ...context, notFoundWindowEnd: now + 10 }).action).toEqual({
      kind: "fail",
      lastLook: false,
    });
    expect(act({ status: 404 }, { ...get, notFound: "return" })).toEqual({ kind: "accept" });
    expect(act({ status: 404 }, get)).toEqual(fail);
  });

  it("reconciles a repeated create refused as a duplicate after an attempt that may have taken effect", () => {
    const assignment: CallRules = { ...create, reconcile: "onDuplicate" };
    expect(act(duplicate, assignment, after({ uncertain: true }))).toEqual({ kind: "reconcile" });
    expect(act(duplicate, assignment)).toEqual(fail);
    expect(act(duplicate, create, after({ uncertain: true }))).toEqual(fail);
    expect(act({ status: 400 }, assignment, after({ uncertain: true }))).toEqual(fail);
  });
});
