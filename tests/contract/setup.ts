/**
 * vitest global set-up: says once per run whether the emulator suites' exchanges are validated against PingOne's
 * OpenAPI description, and fails the run where the description is required but missing (`.ci/run`).
 */
import { contractAvailable, contractMissingMessage, contractRequired, CONTRACT_REQUIRED_ENV } from "./validator";

export default function setup(): void {
  if (contractAvailable()) return;
  if (contractRequired())
    throw new Error(`${contractMissingMessage()} (${CONTRACT_REQUIRED_ENV} is set: the validation may not be skipped)`);
  // oxlint-disable-next-line no-console
  console.log(`contract validation skipped: ${contractMissingMessage()}`);
}
