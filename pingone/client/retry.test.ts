import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, defaultRetryPolicy, isPropagationForbidden, nextDelay, parseRetryAfter, resolveRetryPolicy } from "./retry";

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
    expect(isPropagationForbidden(403, ["The request could not be completed. You do not have access to this resource."])).toBe(false);
    expect(isPropagationForbidden(401, [m])).toBe(false);
  });
});
