/**
 * The engine's property values ↔ plain JavaScript values. The engine sends resource properties as a protobuf
 * `Struct` in which two kinds of value are encoded as objects or strings of their own:
 * - an unknown value (a preview before an input is known) is the string `UNKNOWN_VALUE`, which the core recognises;
 * - a secret is `{ [SIG_KEY]: SECRET_SIG, value }` once the provider has told the engine it accepts secrets.
 * Secrets are unwrapped on the way in (the core works on plain values; the engine keeps the secretness of inputs
 * itself) and the outputs this provider knows to be secret are wrapped on the way out.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UNKNOWN_VALUE } from "../core/common";

/** The key and values the engine uses to tag special property values. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export { UNKNOWN_VALUE };

export type Props = Record<string, unknown>;

/** A Struct as plain values: secrets unwrapped, unknowns kept as `UNKNOWN_VALUE`, nulls dropped from objects. */
export function fromStruct(struct: Struct | undefined): Props {
  if (!struct) return {};
  return unwrap(struct.toJavaScript()) as Props;
}

function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SECRET_SIG) return unwrap(obj.value);
    if (sig === OUTPUT_VALUE_SIG) return "value" in obj ? unwrap(obj.value) : UNKNOWN_VALUE;
    if (sig === RESOURCE_REFERENCE_SIG) return obj.id !== undefined ? unwrap(obj.id) : obj.urn;
    const out: Props = {};
    for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = unwrap(v);
    return out;
  }
  return value;
}

/** The top-level keys of `struct` whose values the engine sent as secrets. */
export function secretKeysOf(struct: Struct | undefined): Set<string> {
  const keys = new Set<string>();
  if (!struct) return keys;
  for (const [k, v] of Object.entries(struct.toJavaScript())) {
    if (
      v !== null &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
    )
      keys.add(k);
  }
  return keys;
}

/** `value` tagged as a secret for the engine. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Plain values as a Struct: undefined dropped (deeply), the top-level keys in `secretKeys` wrapped as secrets.
 * An unknown stays the `UNKNOWN_VALUE` string, which the engine reads as unknown.
 */
export function toStruct(props: Props, secretKeys: readonly string[] = []): Struct {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    const clean = dropUndefined(v);
    out[k] = secretKeys.includes(k) && clean !== UNKNOWN_VALUE ? secretValue(clean) : clean;
  }
  return Struct.fromJavaScript(out as never);
}

/** Drops undefined values, deeply (a Struct cannot hold them). */
export function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => dropUndefined(v)) as unknown as T;
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value as Props)) if (v !== undefined) out[k] = dropUndefined(v);
    return out as T;
  }
  return value;
}
