/** Turns the benchmark's raw samples into the printed tables and the verdict on each target. */
import { apiCalls, type CallCounts } from "./count";
import { OPERATIONS, type OperationId } from "./operations";
import { formatCount, formatRatio, formatSeconds, renderTable, summarize } from "./stats";
import { timelineTable, type TimelineSample } from "./timeline";

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
  /** The empty TypeScript program, same commands: the reference of every wall-time target. */
  empty: OpSample[];
  /** The empty JavaScript program (`typescript: false`), same commands; absent in results saved before it existed. */
  emptyJs?: OpSample[];
  /** The project with no added latency. */
  zero: OpSample[];
  /** The project with the latency fault on every request. */
  latency: OpSample[];
  /** Start-ups of the pingone plugin alone, ms (see plugin.ts); absent in results saved before it existed. */
  pluginStartupMs?: number[];
  /**
   * The YAML example (examples/yaml) through the stackone plugin's Construct, with the latency fault: its first up
   * and no-op preview. Absent when no YAML language host was found, and in results saved before it existed.
   */
  yaml?: OpSample[];
  /** Start-ups of the stackone component plugin alone, ms. */
  stackonePluginStartupMs?: number[];
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; node: string; cli: string; sdk: string; os: string };
  /** How the program starts (program.ts readProgramStart); results saved by older versions have only `detail` in common. */
  startup: { detail: string; runtime?: string; options?: Record<string, unknown>; main?: string; typescript?: boolean };
  latencyMs: number;
  /** The machine's 1-minute load average, sampled at the start, before each run and pass, and at the end. */
  loadAverage?: number[];
  /** Set when the program measured is not this repository's own (--source). */
  source?: string;
  runs: RunSamples[];
  /** The verbose pass (timeline.ts): markers only, never log text. */
  timeline?: { noopPreview?: TimelineSample; firstUp?: TimelineSample };
  chaos?: { rate: number; samples: OpSample[] };
}

export interface Verdict {
  target: string;
  met: boolean;
  detail: string;
}

type Pass = "empty" | "emptyJs" | "zero" | "latency" | "yaml";

/** Targets on wall time: the project's median ÷ the empty TypeScript program's no-op preview median, same run. */
export const WALL_TARGETS: readonly { pass: "zero" | "latency"; op: OperationId; limit: number }[] = [
  { pass: "zero", op: "noop-preview", limit: 1.0 },
  { pass: "latency", op: "noop-preview", limit: 0.8 },
  { pass: "latency", op: "first-up", limit: 1.55 },
  { pass: "latency", op: "refresh", limit: 0.8 },
  { pass: "latency", op: "destroy", limit: 1.5 },
];

function samplesOf(results: BenchResults, pass: Pass, op: OperationId): OpSample[] {
  return results.runs
    .map((run) => (run[pass] ?? []).find((s) => s.op === op))
    .filter((s): s is OpSample => s !== undefined);
}

/** Median wall (or CPU) time of the successful samples, or undefined when none succeeded. */
function medianMs(samples: readonly OpSample[], field: "ms" | "cpuMs" = "ms"): number | undefined {
  const ok = samples.filter((s) => s.ok && Number.isFinite(s[field])).map((s) => s[field]);
  return ok.length ? summarize(ok).median : undefined;
}

/** Fastest successful sample: the one least disturbed by other load on the machine. */
/** "; fastest runs N×": the fastest of `samples` against the empty program's fastest no-op preview (several runs only). */
function fastestRuns(results: BenchResults, samples: readonly OpSample[]): string {
  const fast = fastestMs(samples);
  const fastRef = fastestMs(samplesOf(results, "empty", "noop-preview"));
  if (fast === undefined || fastRef === undefined || samples.length <= 1) return "";
  return `; fastest runs ${(fast / fastRef).toFixed(2)}×`;
}

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

/** The reference of every wall-time target: the empty TypeScript program's no-op preview, median of the run. */
export function referenceMs(results: BenchResults): number | undefined {
  return medianMs(samplesOf(results, "empty", "noop-preview"));
}

function label(op: OperationId): string {
  return OPERATIONS.find((o) => o.id === op)?.label ?? op;
}

export function callsTable(results: BenchResults): string {
  const rows = OPERATIONS.map((operation) => {
    const samples = [...samplesOf(results, "zero", operation.id), ...samplesOf(results, "latency", operation.id)];
    const pick = (f: (c: CallCounts) => number): string =>
      samples.length ? formatCount(samples.map((s) => f(s.counts))) : "–";
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
  const ref = referenceMs(results);
  const ratio = (ms: number | undefined): string =>
    ms !== undefined && ref !== undefined ? formatRatio(ms, ref) : "–";
  const rows = OPERATIONS.map((operation) => {
    const zero = samplesOf(results, "zero", operation.id);
    const latency = samplesOf(results, "latency", operation.id);
    const spans = latency.filter((s) => s.ok && s.apiSpanMs !== undefined).map((s) => s.apiSpanMs as number);
    const depth = spans.length ? summarize(spans).median / results.latencyMs : undefined;
    return [
      operation.label,
      timeCell(samplesOf(results, "empty", operation.id)),
      timeCell(samplesOf(results, "emptyJs", operation.id)),
      timeCell(zero),
      ratio(medianMs(zero)),
      timeCell(latency),
      ratio(medianMs(latency)),
      depth === undefined ? "–" : depth.toFixed(1),
      String(operation.minimum.criticalPath),
    ];
  });
  return renderTable(
    [
      "operation",
      "empty TS program",
      "empty JS program",
      "project",
      "÷ref",
      `project +${results.latencyMs}ms/call`,
      "÷ref",
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
    const emptyJs = samplesOf(results, "emptyJs", operation.id);
    const zero = samplesOf(results, "zero", operation.id);
    const emptyMs = medianMs(empty, "cpuMs");
    const emptyJsMs = medianMs(emptyJs, "cpuMs");
    const zeroMs = medianMs(zero, "cpuMs");
    return [
      operation.label,
      timeCell(empty, "cpuMs"),
      timeCell(emptyJs, "cpuMs"),
      timeCell(zero, "cpuMs"),
      emptyMs !== undefined && zeroMs !== undefined ? formatRatio(zeroMs, emptyMs) : "–",
      emptyJsMs !== undefined && zeroMs !== undefined ? ((zeroMs - emptyJsMs) / 1000).toFixed(2) : "–",
    ];
  });
  return renderTable(
    ["operation", "empty TS program", "empty JS program", "project", "÷empty TS", "project − empty JS"],
    rows,
  );
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

/** The pingone plugin's own start-up, when measured: on the critical path of every command that touches a resource. */
function pluginLine(results: BenchResults): string[] {
  const starts = results.runs.flatMap((r) => r.pluginStartupMs ?? []);
  if (starts.length === 0) return [];
  return [
    `pingone plugin start-up alone (spawn to listening, ${starts.length} times): ${formatSeconds(summarize(starts))} s — on the critical path of`,
    "every command that registers, reads or deletes a pingone resource: the engine starts the plugin at the first one.",
  ];
}

/** Targets of the YAML example: its median ÷ the empty TypeScript program's no-op preview median, same run. */
export const YAML_TARGETS: readonly { op: OperationId; limit: number }[] = [
  { op: "noop-preview", limit: 1.5 },
  { op: "first-up", limit: 2.0 },
];
/** The stackone plugin's start, spawn to listening: the engine waits for it before it builds the component. */
export const STACKONE_PLUGIN_STARTUP_LIMIT_MS = 300;

/** The YAML operations measured, in order. */
export const YAML_OPERATIONS: readonly OperationId[] = ["first-up", "noop-preview"];

/** PingOne calls of one sample, by kind: what the YAML and TypeScript programs must share. */
function callShape(c: CallCounts): string {
  return `${c.total} calls (GET ${c.get}, POST ${c.post}, PUT ${c.put}, DELETE ${c.delete}, token ${c.token})`;
}

/** The YAML example's table: wall time with latency, ÷ref, and its PingOne calls beside the TypeScript program's. */
export function yamlTable(results: BenchResults): string {
  const ref = referenceMs(results);
  const rows = YAML_OPERATIONS.map((op) => {
    const yaml = samplesOf(results, "yaml", op);
    const ts = samplesOf(results, "latency", op);
    const median = medianMs(yaml);
    return [
      label(op),
      timeCell(yaml),
      median !== undefined && ref !== undefined ? formatRatio(median, ref) : "–",
      yaml.length ? formatCount(yaml.map((s) => s.counts.total)) : "–",
      ts.length ? formatCount(ts.map((s) => s.counts.total)) : "–",
    ];
  });
  return renderTable(
    ["operation", `YAML program +${results.latencyMs}ms/call`, "÷ref", "calls", "TS program calls"],
    rows,
  );
}

function yamlLines(results: BenchResults): string[] {
  if (!results.runs.some((r) => r.yaml !== undefined)) return [];
  const starts = results.runs.flatMap((r) => r.stackonePluginStartupMs ?? []);
  return [
    "",
    "The YAML example (examples/yaml): the same component, built by the stackone plugin through Construct; its PingOne",
    "resources served by the pingone plugin. Wall time (s) with the latency fault, ÷ref as above:",
    yamlTable(results),
    ...(starts.length
      ? [
          `stackone plugin start-up alone (spawn to listening, ${starts.length} times): ${formatSeconds(summarize(starts))} s`,
        ]
      : []),
  ];
}

function yamlVerdicts(results: BenchResults): Verdict[] {
  if (!results.runs.some((r) => r.yaml !== undefined)) return [];
  const out: Verdict[] = [];
  const starts = results.runs.flatMap((r) => r.stackonePluginStartupMs ?? []);
  const start = starts.length ? summarize(starts).median : undefined;
  out.push({
    target: `stackone plugin start-up: spawn to listening ≤ ${(STACKONE_PLUGIN_STARTUP_LIMIT_MS / 1000).toFixed(2)} s`,
    met: start !== undefined && start <= STACKONE_PLUGIN_STARTUP_LIMIT_MS,
    detail: start === undefined ? "not measured" : `${(start / 1000).toFixed(2)} s (median of ${starts.length})`,
  });
  const ref = referenceMs(results);
  for (const target of YAML_TARGETS) {
    const samples = samplesOf(results, "yaml", target.op);
    const median = medianMs(samples);
    const name = `YAML program ${label(target.op)}, +${results.latencyMs} ms/call: wall ≤ ${target.limit.toFixed(2)}× the empty TypeScript program's preview`;
    if (ref === undefined || median === undefined) {
      out.push({
        target: name,
        met: false,
        detail: ref === undefined ? "no successful empty-program preview" : "no successful run",
      });
      continue;
    }
    const fast = fastestRuns(results, samples);
    out.push({
      target: name,
      met: median / ref <= target.limit && samples.every((s) => s.ok),
      detail: `${(median / ref).toFixed(2)}× (${(median / 1000).toFixed(2)} s ÷ ${(ref / 1000).toFixed(2)} s${fast})`,
    });
  }
  // The same PingOne calls, by kind, as the TypeScript program's for the same operation and latency.
  const differences: string[] = [];
  for (const op of YAML_OPERATIONS) {
    const yaml = new Set(samplesOf(results, "yaml", op).map((s) => callShape(s.counts)));
    const ts = new Set(samplesOf(results, "latency", op).map((s) => callShape(s.counts)));
    if (yaml.size === 0 || ts.size === 0 || [...yaml].some((c) => !ts.has(c))) {
      differences.push(
        `${label(op)}: YAML ${[...yaml].join(" / ") || "no run"}; TypeScript ${[...ts].join(" / ") || "no run"}`,
      );
    }
  }
  out.push({
    target: "YAML program: the same PingOne calls as the TypeScript program (first up, no-op preview)",
    met: differences.length === 0,
    detail: differences.length
      ? differences.join("; ")
      : YAML_OPERATIONS.map((op) => `${label(op)} ${callShape(samplesOf(results, "yaml", op)[0].counts)}`).join("; "),
  });
  return out;
}

function wallVerdict(results: BenchResults, target: (typeof WALL_TARGETS)[number]): Verdict {
  const ref = referenceMs(results);
  const samples = samplesOf(results, target.pass, target.op);
  const project = medianMs(samples);
  const setting = target.pass === "zero" ? "no added latency" : `+${results.latencyMs} ms/call`;
  const name = `${label(target.op)}, ${setting}: wall ≤ ${target.limit.toFixed(2)}× the empty TypeScript program's preview`;
  if (ref === undefined || project === undefined) {
    return {
      target: name,
      met: false,
      detail: ref === undefined ? "no successful empty-program preview" : "no successful run",
    };
  }
  const ratio = project / ref;
  const fast = fastestRuns(results, samples);
  const extra: string[] = [];
  if (target.op === "noop-preview") {
    const js = medianMs(samplesOf(results, "emptyJs", "noop-preview"));
    if (js !== undefined) extra.push(`empty JS program ${(js / ref).toFixed(2)}×`);
    const starts = results.runs.flatMap((r) => r.pluginStartupMs ?? []);
    if (starts.length && js !== undefined)
      extra.push(`empty JS + plugin start-up ${((js + summarize(starts).median) / ref).toFixed(2)}×`);
  }
  const minimum = OPERATIONS.find((o) => o.id === target.op)!.minimum;
  const depth =
    target.pass === "latency" && minimum.criticalPath > 0
      ? depthNote(samples, results.latencyMs, minimum.criticalPath)
      : "";
  return {
    target: name,
    met: ratio <= target.limit && samples.every((s) => s.ok),
    detail: `${ratio.toFixed(2)}× (${(project / 1000).toFixed(2)} s ÷ ${(ref / 1000).toFixed(2)} s${fast})${extra.length ? `; ${extra.join(", ")}` : ""}${depth}`,
  };
}

export function verdicts(results: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  const minOf = (id: OperationId) => OPERATIONS.find((o) => o.id === id)!.minimum;
  const project = (op: OperationId): OpSample[] => [
    ...samplesOf(results, "zero", op),
    ...samplesOf(results, "latency", op),
  ];

  // No-op preview and no-op up: nothing to ask PingOne.
  for (const op of ["noop-preview", "noop-up"] as const) {
    const all = project(op);
    const calls = all.length ? Math.max(...all.map((s) => s.counts.total)) : NaN;
    out.push({
      target: `${label(op)}: 0 PingOne calls`,
      met: calls === 0 && all.every((s) => s.ok),
      detail: all.length ? `${calls} calls` : "no run",
    });
  }
  // First up: calls within 2 of the minimum.
  {
    const minimum = minOf("first-up");
    const all = project("first-up");
    const calls = all.length ? Math.max(...all.map((s) => s.counts.total)) : NaN;
    const min = minimum.api + minimum.token;
    out.push({
      target: "first up: calls ≤ minimum + 2",
      met: calls <= min + 2 && all.every((s) => s.ok),
      detail: `${calls} calls, minimum ${min}`,
    });
  }
  // Refresh: one read per resource plus one token.
  {
    const minimum = minOf("refresh");
    const all = project("refresh");
    const exact =
      all.length > 0 &&
      all.every(
        (s) => s.ok && s.counts.get === minimum.api && apiCalls(s.counts) === minimum.api && s.counts.token === 1,
      );
    const seen = all.length
      ? `${formatCount(all.map((s) => s.counts.get))} GETs, ${formatCount(all.map((s) => apiCalls(s.counts)))} API calls, ${formatCount(all.map((s) => s.counts.token))} token calls`
      : "no run";
    out.push({ target: `refresh: ${minimum.api} reads (one per resource) + 1 token`, met: exact, detail: seen });
  }
  // One token per command, whatever the command.
  {
    const all = results.runs.flatMap((run) => [...run.zero, ...run.latency]);
    const worst = all.length ? Math.max(...all.map((s) => s.counts.token)) : NaN;
    out.push({
      target: "token reused across resources and calls: ≤ 1 token call per command",
      met: worst <= 1,
      detail: `at most ${worst} per command`,
    });
  }
  for (const target of WALL_TARGETS) out.push(wallVerdict(results, target));
  out.push(...yamlVerdicts(results));
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

/** Spread (max ÷ min) of the reference above which the report says the ratios of the medians are uncertain. */
export const NOISY_REFERENCE = 1.25;

/** A warning when other load disturbed the reference itself: every wall-time verdict divides by it. */
export function referenceNote(results: BenchResults): string | undefined {
  const ok = samplesOf(results, "empty", "noop-preview")
    .filter((s) => s.ok && Number.isFinite(s.ms))
    .map((s) => s.ms);
  if (ok.length < 2) return undefined;
  const { min, max } = summarize(ok);
  if (!(max / min > NOISY_REFERENCE)) return undefined;
  return (
    `  note: the reference ranged ${(min / 1000).toFixed(2)}–${(max / 1000).toFixed(2)} s over the runs (${(max / min).toFixed(2)}× apart): other load disturbed it, so` +
    "\n  the ratios of the medians are uncertain; the fastest-run ratios are the least disturbed."
  );
}

/** The load average over the run, for the header: `4.07–4.78 (2 cores)`; undefined when not sampled. */
function loadLine(results: BenchResults): string | undefined {
  const load = (results.loadAverage ?? []).filter((l) => Number.isFinite(l));
  if (!load.length) return undefined;
  const { min, max } = summarize(load);
  return `load average (1 min) during the run: ${min === max ? min.toFixed(2) : `${min.toFixed(2)}–${max.toFixed(2)}`} on ${results.machine.cores} cores`;
}

/** A warning when the machine was busier than it has cores: wall ratios then move with the other work, either way. */
export function loadNote(results: BenchResults): string | undefined {
  const load = (results.loadAverage ?? []).filter((l) => Number.isFinite(l));
  if (!load.length) return undefined;
  const max = Math.max(...load);
  if (!(max > results.machine.cores)) return undefined;
  return (
    `  note: the load average reached ${max.toFixed(2)} on ${results.machine.cores} cores: other work competed for the CPU, and the wall-time` +
    "\n  ratios move with it, either way, from one run to the next; the CPU table is steadier."
  );
}

function timelineLines(results: BenchResults): string[] {
  const t = results.timeline;
  if (!t) return [];
  const wall = (label: string, s?: TimelineSample): string =>
    s ? `${label} ${(s.ms / 1000).toFixed(2)} s${s.ok ? "" : " (FAILED)"}` : `${label} not run`;
  return [
    "",
    `Where the time goes: one run each with --logtostderr -v=7, no latency (${wall("no-op preview", t.noopPreview)}, ${wall("first up", t.firstUp)};`,
    "verbose logging slows them); ms since spawning pulumi, Δ = since the marker above, from the engine's log timestamps:",
    timelineTable([
      { label: "no-op preview", sample: t.noopPreview },
      { label: "first up", sample: t.firstUp },
    ]),
  ];
}

export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const passes = ["empty", "emptyJs", "zero", "latency", "yaml"] as const;
  const failures = [
    ...results.runs.flatMap((run, i) =>
      passes.flatMap((pass) =>
        (run[pass] ?? []).filter((s) => !s.ok).map((s) => `run ${i + 1}, ${pass}, ${s.op}: ${s.error}`),
      ),
    ),
    ...(results.timeline?.noopPreview && !results.timeline.noopPreview.ok
      ? ["timeline, noop-preview: the verbose command failed"]
      : []),
    ...(results.timeline?.firstUp && !results.timeline.firstUp.ok
      ? ["timeline, first-up: the verbose command failed"]
      : []),
    ...(results.chaos?.samples.filter((s) => !s.ok).map((s) => `chaos, ${s.op}: ${s.error}`) ?? []),
  ];
  const ref = referenceMs(results);
  const lines = [
    `PingOne StackOne stack — benchmark of ${results.date}`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.os}; node ${m.node}; Pulumi CLI ${m.cli}; @pulumi/pulumi ${m.sdk}`,
    ...(loadLine(results) ? [loadLine(results)!] : []),
    ...(results.source ? [`program measured: ${results.source} (--source)`] : []),
    `program start-up: ${results.startup.detail}`,
    `runs: ${results.runs.length} per latency setting; times are median (min–max) in seconds`,
    "",
    "PingOne requests per operation (emulator request log; token = client-credentials token calls):",
    callsTable(results),
    "",
    `Wall time (s); "project +${results.latencyMs}ms/call": the emulator delays every request by ${results.latencyMs} ms; "÷ref" = median ÷ the`,
    `empty TypeScript program's no-op preview (ref = ${ref === undefined ? "–" : `${(ref / 1000).toFixed(2)} s`}); "depth" = first request to last response ÷ ${results.latencyMs} ms:`,
    timesTable(results),
    ...pluginLine(results),
    "",
    "CPU time (s) of the CLI and every process it waited for (language host, program, plugin), no latency:",
    cpuTable(results),
    ...yamlLines(results),
    ...timelineLines(results),
  ];
  if (results.chaos) {
    lines.push(
      "",
      `Chaos: ${Math.round(results.chaos.rate * 100)}% of requests answered 429 with Retry-After: 1 (one pass):`,
      chaosTable(results),
    );
  }
  lines.push("", "Targets:");
  for (const note of [loadNote(results), referenceNote(results)]) if (note) lines.push(note);
  for (const v of verdicts(results)) lines.push(`  [${v.met ? "met" : "MISSED"}] ${v.target} — ${v.detail}`);
  if (failures.length) {
    lines.push("", "Failures:");
    for (const f of failures) lines.push(`  ${f.split("\n").join("\n  ")}`);
  }
  return lines.join("\n");
}
