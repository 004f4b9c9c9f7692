/**
 * Helpers shared by the resources' core logic: validation plumbing, set comparison, error inspection.
 * No Pulumi and no network here.
 */
import type { PingOneApi } from "../client/api";
import { isUuid } from "../guide";
import { descriptionViolation, escapeForDisplay, type RuleViolation } from "./rules";

/** One refused input: the property path and a reason naming the value given and what is allowed. */
export interface ValidationFailure {
  property: string;
  reason: string;
}

/**
 * The value the Pulumi engine substitutes for an input not yet known (during preview). Plain data, so the core
 * can recognise it without importing Pulumi.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** True when the value is, or contains, an unknown (preview) value. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The failures of a resource's inputs: its `environmentId`, then the ids of the resources it belongs to (each key with
 * what it names, e.g. `["groupId", "group"]`), then the resource's own checks, in that order.
 */
export function validateInputs(
  inputs: Record<string, unknown>,
  parents: readonly (readonly [key: string, what: string])[],
  ...checks: ((f: Failures, inputs: Record<string, unknown>) => void)[]
): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  for (const [key, what] of parents) f.id(key, inputs[key], what);
  for (const check of checks) check(f, inputs);
  return f.list;
}

/** The keys whose new value is unknown (preview) or differs from the old one, in the order given. */
export function changedKeys<const K extends string>(
  olds: { readonly [P in NoInfer<K>]?: unknown },
  news: { readonly [P in NoInfer<K>]?: unknown },
  keys: readonly K[],
): K[] {
  return keys.filter((k) => isUnknown(news[k]) || olds[k] !== news[k]);
}

/**
 * A check of one input value: true when it is allowed. Plain functions rather than a validation library, because the
 * provider plugin runs these in the first `Check` of every command, on the critical path of every preview, and
 * loading a library there costs more than all its checks (docs/performance.md).
 */
export type ValueTest = (value: unknown) => boolean;

export const isText: ValueTest = (v) => typeof v === "string";
/** Text with something besides whitespace. */
export const isNonBlankText: ValueTest = (v) => typeof v === "string" && v.trim() !== "";
export const isBoolean: ValueTest = (v) => typeof v === "boolean";

/** A whole number from `min` to `max`. */
export function isIntegerIn(min: number, max: number): ValueTest {
  return (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** A list of at least `minItems` items, each passing `item`. */
export function isListOf(item: ValueTest, minItems: number): ValueTest {
  return (v) => Array.isArray(v) && v.length >= minItems && v.every(item);
}

/** Text that, without surrounding whitespace, matches `pattern`. */
export function isTextMatching(pattern: RegExp): ValueTest {
  return (v) => typeof v === "string" && pattern.test(v.trim());
}

/** 8-4-4-4-12 hexadecimal digits, as PingOne ids are: the guide's rule (../guide.ts). */
export const isUuidShaped: (value: unknown) => boolean = isUuid;

/** A value as it should appear in a message: JSON, invisible characters escaped (see rules.ts), shortened. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  text = escapeForDisplay(text);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Collects failures while validating one resource's inputs. `field` checks one property with a {@link ValueTest}
 * and, on failure, records `<property> was <value>; <allowed>`.
 */
export class Failures {
  readonly list: ValidationFailure[] = [];

  add(property: string, reason: string): void {
    this.list.push({ property, reason });
  }

  /** Checks `value` with `test`; returns true when valid. Unknown (preview) values are not judged (false, no failure). */
  field(property: string, value: unknown, test: ValueTest, allowed: string): boolean {
    if (containsUnknown(value)) return false;
    if (test(value)) return true;
    this.add(property, `${property} was ${show(value)}; ${allowed}`);
    return false;
  }

  /**
   * Checks `value` with a text rule of ./rules.ts (a name, a username, a description), naming what is wrong and what
   * is allowed. Unknown (preview) values are not judged.
   */
  text(property: string, value: unknown, rule: (value: unknown) => RuleViolation | undefined): void {
    if (isUnknown(value)) return;
    const violation = rule(value);
    if (violation !== undefined) {
      this.add(property, `${property} was ${show(value)}; it ${violation.problem}; expected ${violation.allowed}`);
    }
  }

  /** Checks an optional description (an application's, a group's): the shared rule of ./rules.ts. */
  description(value: unknown): void {
    if (value !== undefined) this.text("description", value, descriptionViolation);
  }

  /** Checks a PingOne id (UUID-shaped). */
  id(property: string, value: unknown, what: string): boolean {
    if (isUnknown(value)) return false;
    if (isUuidShaped(value)) return true;
    this.add(
      property,
      `${property} was ${show(value)}; a PingOne ${what} id (UUID, 8-4-4-4-12 hex digits) is required`,
    );
    return false;
  }

  /** Checks that `value` is one of `allowed`. */
  oneOf(property: string, value: unknown, allowed: readonly string[], optional = false): boolean {
    if (isUnknown(value)) return false;
    if (optional && value === undefined) return true;
    if (typeof value === "string" && allowed.includes(value)) return true;
    this.add(property, `${property} was ${show(value)}; allowed: ${allowed.join(", ")}`);
    return false;
  }

  /** Checks a list whose every element is one of `allowed`. */
  listOf(property: string, value: unknown, allowed: readonly string[], minItems: number): boolean {
    if (isUnknown(value)) return false;
    if (!Array.isArray(value)) {
      this.add(property, `${property} was ${show(value)}; expected a list of: ${allowed.join(", ")}`);
      return false;
    }
    let ok = true;
    value.forEach((item, i) => {
      if (isUnknown(item)) {
        ok = false;
        return;
      }
      if (typeof item !== "string" || !allowed.includes(item)) {
        this.add(`${property}[${i}]`, `${property}[${i}] was ${show(item)}; allowed: ${allowed.join(", ")}`);
        ok = false;
      }
    });
    if (value.length < minItems) {
      this.add(property, `${property} was ${show(value)}; at least ${minItems} of ${allowed.join(", ")} is required`);
      ok = false;
    }
    return ok;
  }
}

/** Sorted, de-duplicated copy of a string list: the canonical form of a set-valued field. */
export function normalizeSet(values: readonly string[] | undefined): string[] {
  return Array.from(new Set(values ?? [])).sort();
}

export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = normalizeSet(a);
  const y = normalizeSet(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Keeps `previous`'s order when it holds the same set as `live` (so a refresh that only reorders reports nothing),
 * otherwise returns `live` de-duplicated.
 */
export function preferOrder<T extends string>(live: readonly T[], previous: readonly string[] | undefined): T[] {
  if (previous && sameSet(live, previous)) return [...previous] as T[];
  return Array.from(new Set(live));
}

/** The HTTP status of an error thrown by a `PingOneApi` (PingOneApiError carries `status`). */
export function errorStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Every message inside a PingOneApiError: its own and its details'. */
export function errorMessages(err: unknown): string[] {
  const e = err as { message?: unknown; details?: unknown } | null;
  const out: string[] = [];
  if (typeof e?.message === "string") out.push(e.message);
  if (Array.isArray(e?.details)) {
    for (const d of e.details as { message?: unknown; code?: unknown }[]) {
      if (typeof d?.message === "string") out.push(d.message);
    }
  }
  return out;
}

export function errorDetailCodes(err: unknown): string[] {
  const details = (err as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return [];
  return details.map((d: { code?: unknown }) => (typeof d?.code === "string" ? d.code : "")).filter((c) => c);
}

/**
 * A one-line summary of an error from a `PingOneApi`, for messages that add their own context: the error's message
 * (PingOneApiError's names the operation, status, PingOne's code, message and details, never a secret).
 */
export function describeError(err: unknown): string {
  if (err instanceof Error && err.message !== "") return err.message;
  return typeof err === "string" && err !== "" ? err : "unknown error";
}

/**
 * An API failure of `action` in environment `env`, said with the environment (a 404 there most often means the
 * environment id is wrong, or the provisioner's role does not reach it). Errors of this project's own making pass.
 */
export function inEnvironment(action: string, env: string, err: unknown): unknown {
  const status = errorStatus(err);
  if (status === undefined) return err;
  const hint = status === 404 ? `; PingOne has no environment ${env}, or the provisioner's role does not reach it` : "";
  const out = new Error(`Cannot ${action} in environment ${env}: ${describeError(err)}${hint}`) as Error &
    Record<string, unknown>;
  for (const k of ["status", "code", "details", "operation"])
    if ((err as Record<string, unknown>)[k] !== undefined) out[k] = (err as Record<string, unknown>)[k];
  return out;
}

/** Builds the operations' API error for input that the API itself refuses; raised as a plain Error. */
export function fail(message: string): never {
  throw new Error(message);
}

export type Api = PingOneApi;
