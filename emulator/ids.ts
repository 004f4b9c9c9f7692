/** Deterministic identifiers and secrets: everything the emulator mints is derived from its seed. */
import { createHash, createHmac } from "crypto";

function digest(seed: number, label: string): Buffer {
  return createHash("sha256").update(`pingone-emulator:${seed}:${label}`).digest();
}

/** A UUID (version 4 layout) derived from the seed and a label. */
export function seededUuid(seed: number, label: string): string {
  const b = digest(seed, label);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A client secret of 86 URL-safe characters (PingOne's secrets are at least 64 characters). */
export function seededSecret(seed: number, label: string): string {
  return createHash("sha512").update(`pingone-emulator-secret:${seed}:${label}`).digest("base64url");
}

/** A number in [0, 1) derived from the seed and a label (fault decisions). */
export function seededFraction(seed: number, label: string): number {
  return digest(seed, label).readUInt32BE(0) / 0x1_0000_0000;
}

/** HMAC key used to sign access tokens; derived from the seed so tokens survive a restart on a state file. */
export function tokenKey(seed: number): Buffer {
  return createHmac("sha256", `pingone-emulator-token:${seed}`).update("signing-key").digest();
}
