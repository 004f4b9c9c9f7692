/** Fault injection: which faults apply to a request, deterministically under the seed. */
import type { FaultSpec } from "./types";
import { seededFraction } from "./ids";

interface ActiveFault {
  serial: number;
  spec: FaultSpec;
  matched: number;
  applied: number;
}

const STATUSES = [429, 500, 502, 503, 504];

/** Checks a fault spec from an untrusted caller; returns an error message naming the field, or undefined. */
export function faultProblem(spec: unknown): string | undefined {
  if (!spec || typeof spec !== "object" || Array.isArray(spec))
    return `a fault must be a JSON object; got ${JSON.stringify(spec)}`;
  const f = spec as Record<string, unknown>;
  switch (f.kind) {
    case "latency":
      if (typeof f.ms !== "number" || !(f.ms >= 0) || f.ms > 600_000)
        return `latency fault: ms must be a number 0..600000; got ${JSON.stringify(f.ms)}`;
      break;
    case "status":
      if (!STATUSES.includes(f.status as number))
        return `status fault: status must be one of ${STATUSES.join(", ")}; got ${JSON.stringify(f.status)}`;
      if (f.retryAfter !== undefined && typeof f.retryAfter !== "string")
        return `status fault: retryAfter must be a string; got ${JSON.stringify(f.retryAfter)}`;
      break;
    case "drop":
    case "dropAfterCommit":
      break;
    case "malformed":
      if (typeof f.body !== "string" || f.body.length > 1_000_000)
        return `malformed fault: body must be a string of at most 1000000 characters; got ${JSON.stringify(f.body)?.slice(0, 100)}`;
      break;
    default:
      return `kind must be one of latency, status, drop, dropAfterCommit, malformed; got ${JSON.stringify(f.kind)}`;
  }
  if (f.next !== undefined && (!Number.isInteger(f.next) || (f.next as number) < 1))
    return `next must be a positive integer; got ${JSON.stringify(f.next)}`;
  if (f.rate !== undefined && (typeof f.rate !== "number" || f.rate < 0 || f.rate > 1))
    return `rate must be a number 0..1; got ${JSON.stringify(f.rate)}`;
  if (f.next !== undefined && f.rate !== undefined) return "give either next or rate, not both";
  if (f.method !== undefined && typeof f.method !== "string")
    return `method must be a string; got ${JSON.stringify(f.method)}`;
  if (f.pathPattern !== undefined) {
    if (typeof f.pathPattern !== "string") return `pathPattern must be a string; got ${JSON.stringify(f.pathPattern)}`;
    try {
      new RegExp(f.pathPattern);
    } catch (err) {
      return `pathPattern is not a valid regular expression: ${(err as Error).message}`;
    }
  }
  return undefined;
}

export class FaultTable {
  private faults: ActiveFault[] = [];
  private serial = 0;

  constructor(private readonly seed: number) {}

  add(spec: FaultSpec): void {
    const problem = faultProblem(spec);
    if (problem) throw new Error(`Invalid fault: ${problem}`);
    this.faults.push({ serial: this.serial++, spec: { ...spec }, matched: 0, applied: 0 });
  }

  clear(): void {
    this.faults = [];
    this.serial = 0;
  }

  /** The faults to apply to this request: at most one latency fault, then at most one other fault. */
  pick(method: string, path: string): { latencyMs: number; fault?: FaultSpec } {
    let latencyMs = 0;
    let fault: FaultSpec | undefined;
    let latencyTaken = false;
    for (const f of this.faults) {
      const isLatency = f.spec.kind === "latency";
      if (isLatency ? latencyTaken : fault !== undefined) continue;
      if (f.spec.method && f.spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.spec.pathPattern && !new RegExp(f.spec.pathPattern).test(path)) continue;
      const n = f.matched++;
      let fire: boolean;
      if (f.spec.next !== undefined) fire = f.applied < f.spec.next;
      else if (f.spec.rate !== undefined) fire = seededFraction(this.seed, `fault:${f.serial}:${n}`) < f.spec.rate;
      else fire = true;
      if (!fire) continue;
      f.applied += 1;
      if (f.spec.kind === "latency") {
        latencyMs = f.spec.ms;
        latencyTaken = true;
      } else fault = f.spec;
    }
    this.faults = this.faults.filter((f) => f.spec.next === undefined || f.applied < f.spec.next);
    return { latencyMs, fault };
  }
}
