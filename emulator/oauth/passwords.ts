/** Sign-in passwords of users: derived from the seed and the user's id, so the same seed gives the same passwords. */
import { createHash } from "crypto";
import { secretsEqual } from "../tokens";

/** 20 characters, always holding an upper-case letter, a lower-case letter, a digit and a symbol. */
export function userPassword(seed: number, userId: string): string {
  const core = createHash("sha256")
    .update(`pingone-emulator-password:${seed}:${userId}`)
    .digest("base64url")
    .slice(0, 16);
  return `Pw${core}7!`;
}

export function passwordMatches(seed: number, userId: string, given: string): boolean {
  return secretsEqual(given, userPassword(seed, userId));
}
