/**
 * Where the time of one command goes, process by process, from the engine's verbose log (`--logtostderr -v=7`: one
 * JSON object a line on stderr, `{"time": "<RFC 3339>", "msg": "…"}`). The log holds secrets (config values,
 * inputs, request paths), so it is parsed here in memory and only marker names and times come out: no message text.
 * Parsing is defensive: a line that is not JSON, a missing field, a marker that never shows up all leave that marker
 * undefined (printed "–"), never an error.
 */
import { PLUGIN_NAME } from "./program";
import { renderTable } from "./stats";

export type MarkerId =
  | "cliStart"
  | "run"
  | "stack"
  | "provider"
  | "pluginInfo"
  | "firstCheck"
  | "lastOp"
  | "runDone"
  | "cliExit";

export interface Marker {
  id: MarkerId;
  /** What happens at this point. */
  label: string;
  /** Who holds the time from the previous marker to this one. */
  before: string;
}

export const MARKERS: readonly Marker[] = [
  { id: "cliStart", label: "CLI start (pulumi spawned)", before: "" },
  { id: "run", label: "language host Run begins", before: "CLI/engine: stack, config, plugins, language host" },
  { id: "stack", label: "program registers its Stack", before: "node program: node start, SDK load" },
  {
    id: "provider",
    label: `first ${PLUGIN_NAME} provider registration`,
    before: "node program: launcher, up to its early pingone request",
  },
  {
    id: "pluginInfo",
    label: "plugin answered GetPluginInfo",
    before: `${PLUGIN_NAME} plugin start, beside the program's own modules`,
  },
  { id: "firstCheck", label: "first resource Check", before: "engine + plugin: CheckConfig, Configure" },
  { id: "lastOp", label: "last resource operation done", before: "resource RPCs (check, diff, create, …) and PingOne" },
  { id: "runDone", label: "language host Run returns", before: "node program: outputs, exit" },
  { id: "cliExit", label: "CLI exit", before: "CLI/engine: last checkpoint, summary, shut-down" },
];

/** Milliseconds from spawning the CLI to each marker; absent when the marker was not found. */
export type Timeline = Partial<Record<MarkerId, number>>;

/** One verbose command: its wall time, whether it exited 0, and its timeline. */
export interface TimelineSample {
  ms: number;
  ok: boolean;
  at: Timeline;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The markers of one command's verbose stderr. `startedAt` and `exitedAt` are the wall-clock times (ms since the
 * epoch) of the spawn and the exit; log times are taken relative to `startedAt`.
 */
export function parseTimeline(
  stderr: string,
  startedAt: number,
  exitedAt: number,
  plugin: string = PLUGIN_NAME,
): Timeline {
  const at: Timeline = { cliStart: 0 };
  if (Number.isFinite(exitedAt - startedAt)) at.cliExit = exitedAt - startedAt;
  const providerUrn = `::pulumi:providers:${escape(plugin)}::`;
  const run = /^langhost\[[^\]]*\]\.Run\(.*\bexecuting\b/;
  const runDone = /^langhost\[[^\]]*\]\.Run\(.*\b(success|failed)\b/;
  const stack = /^ResourceMonitor\.RegisterResource received: t=pulumi:pulumi:Stack\b/;
  const registration = new RegExp(`^ProviderRegistry\\.Check\\(urn:[^)]*${providerUrn}`);
  const checkConfig = new RegExp(`^Provider\\[([^\\]]+)\\]\\.CheckConfig\\(urn:[^)]*${providerUrn}`);
  const pluginInfo = /^Provider\[([^\]]+)\]\.GetPluginInfo\(\) success/;
  const resourceOp = /^Provider\[([^\]]+)\]\.(Check|Diff|Create|Read|Update|Delete)\(urn:([^,)\s]+)/;

  const entries: { t: number; msg: string }[] = [];
  for (const line of stderr.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("{")) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      continue;
    }
    if (typeof parsed !== "object" || parsed === null) continue;
    const { time, msg } = parsed as { time?: unknown; msg?: unknown };
    if (typeof time !== "string" || typeof msg !== "string") continue;
    const t = Date.parse(time);
    if (!Number.isFinite(t)) continue;
    entries.push({ t: t - startedAt, msg });
  }

  // The plugin's provider instance, by the address the engine logs it under (its CheckConfig of the pingone
  // provider's URN), so the resource operations of another provider in the same program do not count.
  let address: string | undefined;
  for (const { msg } of entries) {
    const m = checkConfig.exec(msg);
    if (m) {
      address = m[1];
      break;
    }
  }
  for (const { t, msg } of entries) {
    if (at.run === undefined && run.test(msg)) at.run = t;
    else if (runDone.test(msg)) at.runDone = t;
    else if (at.stack === undefined && stack.test(msg)) at.stack = t;
    else if (at.provider === undefined && registration.test(msg)) at.provider = t;
    else if (at.pluginInfo === undefined && at.provider !== undefined && pluginInfo.test(msg)) {
      const m = pluginInfo.exec(msg)!;
      if (address === undefined || m[1] === address) at.pluginInfo = t;
    } else {
      const m = resourceOp.exec(msg);
      if (!m || m[3].includes("::pulumi:providers:") || (address !== undefined && m[1] !== address)) continue;
      const executing = /\bexecuting\b/.test(msg);
      if (executing && m[2] === "Check" && at.firstCheck === undefined) at.firstCheck = t;
      if (!executing) at.lastOp = t;
    }
  }
  return at;
}

function ms(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "–" : String(Math.round(value));
}

/**
 * The timeline table: one row per marker, and for each command its time (ms since the spawn) and the time since the
 * previous marker, which the "before it" column attributes to a process.
 */
export function timelineTable(columns: readonly { label: string; sample?: TimelineSample }[]): string {
  const header = ["marker", "the time before it: who holds it"];
  for (const c of columns) header.push(`${c.label} (ms)`, "Δ");
  const rows = MARKERS.map((marker, i) => {
    const row = [marker.label, marker.before];
    for (const c of columns) {
      const at = c.sample?.at;
      const here = at?.[marker.id];
      const previous = i > 0 ? at?.[MARKERS[i - 1].id] : undefined;
      row.push(ms(here), i === 0 ? "" : here !== undefined && previous !== undefined ? ms(here - previous) : "–");
    }
    return row;
  });
  return renderTable(header, rows, 2);
}
