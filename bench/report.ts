/** Turns the benchmark's raw samples into the printed tables and the verdict on each target. */
import { apiCalls, type CallCounts } from "./count";
import { OPERATIONS, type OperationId } from "./operations";
import { formatCount, formatRatio, formatSeconds, renderTable, summarize } from "./stats";

export interface OpSample {
  op: OperationId;
  ms: number;
  /** CPU time (user + system) of the CLI's whole process tree. */
  cpuMs: number;
  /** First PingOne request to last response (see run.ts apiSpan); absent when the command made no request. */
  apiSpanMs?: number;
  ok: boolean;
  /** Why the operation failed (CLI exit, wrong PingOne state); absent when ok. */
  error?: string;
  counts: CallCounts;
}

export interface RunSamples {
  /** The empty program, same commands. */
  empty: OpSample[];
  /** A program with one trivial dynamic resource, same commands (absent in results saved before it existed). */
  floor?: OpSample[];
  /** The project with no added latency. */
  zero: OpSample[];
  /** The project with the latency fault on every request. */
  latency: OpSample[];
  /** Start-ups of the dynamic-provider host alone, ms (see host.ts); absent in results saved before it existed. */
  hostStartupMs?: number[];
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; node: string; cli: string; sdk: string; os: string };
  startup: { tsconfig: string | undefined; noCheck: boolean; detail: string };
  latencyMs: number;
  /** Set when the program measured is not this repository's own (--source). */
  source?: string;
  runs: RunSamples[];
  chaos?: { rate: number; samples: OpSample[] };
}

export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

type Pass = "empty" | "floor" | "zero" | "latency";

function samplesOf(results: BenchResults, pass: Pass, op: OperationId): OpSample[] {
  return results.runs.map((run) => (run[pass] ?? []).find((s) => s.op === op)).filter((s): s is OpSample => s !== undefined);
}

/** Median wall (or CPU) time of the successful samples, or undefined when none succeeded. */
function medianMs(samples: readonly OpSample[], field: "ms" | "cpuMs" = "ms"): number | undefined {
  const ok = samples.filter((s) => s.ok && Number.isFinite(s[field])).map((s) => s[field]);
  return ok.length ? summarize(ok).median : undefined;
}

/** Fastest successful sample: the one least disturbed by other load on the machine. */
function fastestMs(samples: readonly OpSample[], field: "ms" | "cpuMs" = "ms"): number | undefined {
  const ok = samples.filter((s) => s.ok && Number.isFinite(s[field])).map((s) => s[field]);
  return ok.length ? Math.min(...ok) : undefined;
}

function timeCell(samples: readonly OpSample[], field: "ms" | "cpuMs" = "ms"): string {
  const ok = samples.filter((s) => s.ok && Number.isFinite(s[field])).map((s) => s[field]);
  const failed = samples.length - ok.length;
  const text = ok.length ? formatSeconds(summarize(ok)) : "–";
  return failed ? `${text} [${failed} failed]` : text;
}

export function callsTable(results: BenchResults): string {
  const rows = OPERATIONS.map((operation) => {
    const samples = [...samplesOf(results, "zero", operation.id), ...samplesOf(results, "latency", operation.id)];
    const pick = (f: (c: CallCounts) => number): string => (samples.length ? formatCount(samples.map((s) => f(s.counts))) : "–");
    const min = operation.minimum.api + operation.minimum.token;
    const totals = samples.map((s) => s.counts.total);
    const over = totals.length ? summarize(totals).max - min : undefined;
    return [
      operation.label,
      pick((c) => c.total),
      pick((c) => c.get),
      pick((c) => c.post),
      pick((c) => c.put),
      pick((c) => c.delete),
      pick((c) => c.token),
      String(min),
      over === undefined ? "–" : over > 0 ? `+${over}` : String(over),
      String(operation.minimum.criticalPath),
    ];
  });
  return renderTable(["operation", "calls", "GET", "POST", "PUT", "DELETE", "token", "min", "over", "crit.path"], rows);
}

export function timesTable(results: BenchResults): string {
  const rows = OPERATIONS.map((operation) => {
    const empty = samplesOf(results, "empty", operation.id);
    const zero = samplesOf(results, "zero", operation.id);
    const latency = samplesOf(results, "latency", operation.id);
    const emptyMs = medianMs(empty);
    const zeroMs = medianMs(zero);
    const latencyMs = medianMs(latency);
    const bound = zeroMs === undefined ? undefined : zeroMs + operation.minimum.criticalPath * results.latencyMs;
    const spans = latency.filter((s) => s.ok && s.apiSpanMs !== undefined).map((s) => s.apiSpanMs as number);
    const depth = spans.length ? summarize(spans).median / results.latencyMs : undefined;
    return [
      operation.label,
      timeCell(empty),
      timeCell(samplesOf(results, "floor", operation.id)),
      timeCell(zero),
      emptyMs !== undefined && zeroMs !== undefined ? formatRatio(zeroMs, emptyMs) : "–",
      timeCell(latency),
      bound === undefined ? "–" : (bound / 1000).toFixed(2),
      latencyMs !== undefined && bound !== undefined ? formatRatio(latencyMs, bound) : "–",
      depth === undefined ? "–" : depth.toFixed(1),
      String(operation.minimum.criticalPath),
    ];
  });
  return renderTable(
    [
      "operation",
      "empty program",
      "1 dynamic res.",
      "project",
      "÷empty",
      `project +${results.latencyMs}ms/call`,
      "bound",
      "÷bound",
      "depth",
      "crit.path",
    ],
    rows,
  );
}

/** CPU seconds of the CLI's process tree: unlike wall time, barely moved by other load on the machine. */
export function cpuTable(results: BenchResults): string {
  const rows = OPERATIONS.map((operation) => {
    const empty = samplesOf(results, "empty", operation.id);
    const zero = samplesOf(results, "zero", operation.id);
    const emptyMs = medianMs(empty, "cpuMs");
    const zeroMs = medianMs(zero, "cpuMs");
    return [
      operation.label,
      timeCell(empty, "cpuMs"),
      timeCell(samplesOf(results, "floor", operation.id), "cpuMs"),
      timeCell(zero, "cpuMs"),
      emptyMs !== undefined && zeroMs !== undefined ? formatRatio(zeroMs, emptyMs) : "–",
      emptyMs !== undefined && zeroMs !== undefined ? ((zeroMs - emptyMs) / 1000).toFixed(2) : "–",
    ];
  });
  return renderTable(["operation", "empty program", "1 dynamic res.", "project", "÷empty", "project − empty"], rows);
}

export function chaosTable(results: BenchResults): string {
  const samples = results.chaos?.samples ?? [];
  const rows = OPERATIONS.map((operation) => {
    const sample = samples.find((s) => s.op === operation.id);
    if (!sample) return [operation.label, "–", "–", "–", "not run"];
    return [
      operation.label,
      String(sample.counts.total),
      String(sample.counts.throttled),
      (sample.ms / 1000).toFixed(2),
      sample.ok ? "ok" : `FAILED: ${firstLine(sample.error)}`,
    ];
  });
  const total = samples.reduce((n, s) => n + s.counts.throttled, 0);
  return `${renderTable(["operation", "calls", "429s (retries)", "wall s", "result"], rows)}\nretries in all: ${total}`;
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0];
}

function depthNote(samples: readonly OpSample[], latencyMs: number, criticalPath: number): string {
  const spans = samples.filter((s) => s.ok && s.apiSpanMs !== undefined).map((s) => s.apiSpanMs as number);
  if (!spans.length) return "";
  return `; PingOne requests spanned ${(summarize(spans).median / latencyMs).toFixed(1)} × ${latencyMs} ms (critical path ${criticalPath})`;
}

/** The dynamic-provider host's own start-up, when measured: the part of the floor no program can avoid. */
function hostLine(results: BenchResults): string[] {
  const host = results.runs.flatMap((r) => r.hostStartupMs ?? []);
  if (host.length === 0) return [];
  return [
    `dynamic-provider host start-up alone (spawn to listening, ${host.length} times): ${formatSeconds(summarize(host))} s — on the critical path of`,
    "every command that runs a program with dynamic resources: the engine starts the host at the first registration.",
  ];
}

export function verdicts(results: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  const minOf = (id: OperationId) => OPERATIONS.find((o) => o.id === id)!.minimum;

  // No-op preview: zero calls, wall within 1.3× the empty program's preview.
  {
    const zero = samplesOf(results, "zero", "noop-preview");
    const calls = Math.max(0, ...[...zero, ...samplesOf(results, "latency", "noop-preview")].map((s) => s.counts.total));
    const project = medianMs(zero);
    const empty = medianMs(samplesOf(results, "empty", "noop-preview"));
    const ratio = project !== undefined && empty !== undefined ? project / empty : undefined;
    const projectCpu = medianMs(zero, "cpuMs");
    const emptyCpu = medianMs(samplesOf(results, "empty", "noop-preview"), "cpuMs");
    const cpu = projectCpu !== undefined && emptyCpu !== undefined ? `, CPU ${(projectCpu / emptyCpu).toFixed(2)}×` : "";
    const floorMs = medianMs(samplesOf(results, "floor", "noop-preview"));
    const floor = floorMs !== undefined && empty !== undefined ? `; a program with one trivial dynamic resource: ${(floorMs / empty).toFixed(2)}×` : "";
    const fastProject = fastestMs(zero);
    const fastEmpty = fastestMs(samplesOf(results, "empty", "noop-preview"));
    const fast = fastProject !== undefined && fastEmpty !== undefined ? ` (fastest runs ${(fastProject / fastEmpty).toFixed(2)}×)` : "";
    const host = results.runs.flatMap((r) => r.hostStartupMs ?? []);
    const hostMedian = host.length ? summarize(host).median : undefined;
    const hostFloor =
      hostMedian !== undefined && empty !== undefined
        ? `; the dynamic-provider host alone starts in ${formatSeconds(summarize(host))} s, so empty + host start = ${((empty + hostMedian) / empty).toFixed(2)}×`
        : "";
    out.push({
      target: "no-op preview: 0 PingOne calls, wall ≤ 1.3× the empty program's preview",
      met: calls === 0 && ratio !== undefined && ratio <= 1.3 && zero.every((s) => s.ok),
      detail: `${calls} calls; ${ratio === undefined ? "no successful run" : `wall ${ratio.toFixed(2)}× the empty program${fast}${cpu}${floor}${hostFloor}`}`,
    });
  }
  // First up: calls within 2 of the minimum; with latency, wall ≤ 1.5× (overhead + critical path).
  {
    const minimum = minOf("first-up");
    const all = [...samplesOf(results, "zero", "first-up"), ...samplesOf(results, "latency", "first-up")];
    const calls = all.length ? Math.max(...all.map((s) => s.counts.total)) : NaN;
    const zeroMs = medianMs(samplesOf(results, "zero", "first-up"));
    const latencyMs = medianMs(samplesOf(results, "latency", "first-up"));
    const bound = zeroMs === undefined ? undefined : zeroMs + minimum.criticalPath * results.latencyMs;
    const ratio = latencyMs !== undefined && bound !== undefined ? latencyMs / bound : undefined;
    const min = minimum.api + minimum.token;
    out.push({
      target: "first up: calls ≤ minimum + 2",
      met: calls <= min + 2 && all.every((s) => s.ok),
      detail: `${calls} calls, minimum ${min}`,
    });
    const fastZero = fastestMs(samplesOf(results, "zero", "first-up"));
    const fastLatency = fastestMs(samplesOf(results, "latency", "first-up"));
    const fast =
      fastZero !== undefined && fastLatency !== undefined
        ? ` (fastest runs ${(fastLatency / (fastZero + minimum.criticalPath * results.latencyMs)).toFixed(2)}×)`
        : "";
    out.push({
      target: `first up with +${results.latencyMs} ms/call: wall ≤ 1.5× (overhead + critical path × ${results.latencyMs} ms)`,
      met: ratio !== undefined && ratio <= 1.5,
      detail:
        ratio === undefined
          ? "no successful run"
          : `${ratio.toFixed(2)}×${fast}${depthNote(samplesOf(results, "latency", "first-up"), results.latencyMs, minimum.criticalPath)}`,
    });
  }
  // Refresh: one read per resource plus one token.
  {
    const minimum = minOf("refresh");
    const all = [...samplesOf(results, "zero", "refresh"), ...samplesOf(results, "latency", "refresh")];
    const exact = all.length > 0 && all.every((s) => s.ok && s.counts.get === minimum.api && apiCalls(s.counts) === minimum.api && s.counts.token === 1);
    const seen = all.length ? `${formatCount(all.map((s) => s.counts.get))} GETs, ${formatCount(all.map((s) => apiCalls(s.counts)))} API calls, ${formatCount(all.map((s) => s.counts.token))} token calls` : "no run";
    out.push({ target: `refresh: ${minimum.api} reads (one per resource) + 1 token`, met: exact, detail: seen });
  }
  // One token per command, whatever the command.
  {
    const all = results.runs.flatMap((run) => [...run.zero, ...run.latency]);
    const worst = all.length ? Math.max(...all.map((s) => s.counts.token)) : NaN;
    out.push({ target: "token reused across resources and calls: ≤ 1 token call per command", met: worst <= 1, detail: `at most ${worst} per command` });
  }
  // Start-up without type-checking.
  out.push({ target: "program start-up: no type-check on every command (tsconfig with noCheck)", met: results.startup.noCheck, detail: results.startup.detail });
  // Chaos: everything completes.
  if (results.chaos) {
    const samples = results.chaos.samples;
    const ok = samples.length === OPERATIONS.length && samples.every((s) => s.ok);
    const retries = samples.reduce((n, s) => n + s.counts.throttled, 0);
    out.push({
      target: `chaos (${Math.round(results.chaos.rate * 100)}% 429, Retry-After: 1): every operation completes correctly`,
      met: ok,
      detail: `${samples.filter((s) => s.ok).length}/${OPERATIONS.length} operations ok, ${retries} retries`,
    });
  }
  return out;
}

export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const failures = [
    ...results.runs.flatMap((run, i) =>
      (["empty", "floor", "zero", "latency"] as const).flatMap((pass) =>
        (run[pass] ?? []).filter((s) => !s.ok).map((s) => `run ${i + 1}, ${pass}, ${s.op}: ${s.error}`),
      ),
    ),
    ...(results.chaos?.samples.filter((s) => !s.ok).map((s) => `chaos, ${s.op}: ${s.error}`) ?? []),
  ];
  const lines = [
    `PingOne StackOne stack — benchmark of ${results.date}`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.os}; node ${m.node}; Pulumi CLI ${m.cli}; @pulumi/pulumi ${m.sdk}`,
    ...(results.source ? [`program measured: ${results.source} (--source)`] : []),
    `program start-up: ${results.startup.detail}`,
    `runs: ${results.runs.length} per latency setting; times are median (min–max) in seconds`,
    "",
    "PingOne requests per operation (emulator request log; token = client-credentials token calls):",
    callsTable(results),
    "",
    `Wall time (s); "project +${results.latencyMs}ms/call": the emulator delays every request by ${results.latencyMs} ms;`,
    `"bound" = project (no latency) + crit.path × ${results.latencyMs} ms; "depth" = first request to last response ÷ ${results.latencyMs} ms:`,
    timesTable(results),
    ...hostLine(results),
    "",
    "CPU time (s) of the CLI and every process it waited for (language host, program, provider host), no latency:",
    cpuTable(results),
  ];
  if (results.chaos) {
    lines.push("", `Chaos: ${Math.round(results.chaos.rate * 100)}% of requests answered 429 with Retry-After: 1 (one pass):`, chaosTable(results));
  }
  lines.push("", "Targets:");
  for (const v of verdicts(results)) lines.push(`  [${v.met ? "met" : "MISSED"}] ${v.target} — ${v.detail}`);
  if (failures.length) {
    lines.push("", "Failures:");
    for (const f of failures) lines.push(`  ${f.split("\n").join("\n  ")}`);
  }
  return lines.join("\n");
}
