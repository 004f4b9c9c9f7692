/**
 * The emulator with every `/v1` exchange checked against PingOne's OpenAPI description — or, when the description is
 * not there (a clone without `../shared`, see `contractAvailable`), the plain emulator, whose suites then run every
 * assertion of their own and find no violation. Use in a suite:
 *
 *   let emulator: ValidatedEmulator;
 *   beforeAll(async () => { emulator = await startValidatedEmulator({ pageSize: 2 }); });
 *   afterEach(() => emulator.expectNoContractViolations());
 *   afterAll(() => emulator.stop());
 */
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, Exchange, RunningEmulator } from "../../emulator/types";
import { contractAvailable, contractValidator, formatViolation, type ContractViolation } from "./validator";

export interface ValidatedEmulator extends RunningEmulator {
  /** Violations seen since the start or the last `clearViolations`/`expectNoContractViolations`. */
  violations(): ContractViolation[];
  clearViolations(): void;
  /** Whether exchanges are checked against the description in this run. */
  contractChecked: boolean;
  /** How many `/v1` exchanges were seen — and validated, when `contractChecked` (so a suite can prove it checked something). */
  validatedCount(): number;
  /** Throws one error listing every violation seen, then clears them. */
  expectNoContractViolations(): void;
}

export async function startValidatedEmulator(
  options: Omit<EmulatorOptions, "onExchange"> = {},
): Promise<ValidatedEmulator> {
  const validator = contractAvailable() ? await contractValidator() : undefined;
  let seen: ContractViolation[] = [];
  let validated = 0;
  const onExchange = (exchange: Exchange): void => {
    if (exchange.path.startsWith("/v1/")) validated += 1;
    if (!validator) return;
    try {
      seen.push(...validator.check(exchange));
    } catch (err) {
      seen.push({
        operationId: "(validator)",
        method: exchange.method,
        path: exchange.path,
        part: "request",
        field: "-",
        message: `validation crashed: ${(err as Error).message}`,
      });
    }
  };
  const emulator = await startEmulator({ ...options, onExchange });
  return {
    ...emulator,
    contractChecked: validator !== undefined,
    violations: () => [...seen],
    clearViolations: () => {
      seen = [];
    },
    validatedCount: () => validated,
    expectNoContractViolations: () => {
      const found = seen;
      seen = [];
      expectNoContractViolations(found);
    },
  };
}

/** Fails with every violation, one per line, each naming the operation and the field. */
export function expectNoContractViolations(violations: ContractViolation[]): void {
  if (violations.length === 0) return;
  throw new Error(
    `${violations.length} OpenAPI contract violation(s):\n${violations.map((v) => `  - ${formatViolation(v)}`).join("\n")}`,
  );
}
