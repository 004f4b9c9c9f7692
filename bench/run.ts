/**
 * The benchmark: PingOne API calls and wall time of each stack operation, through the real Pulumi CLI, against the
 * in-process PingOne emulator. A script, not a test: `npm run bench -- --help`. docs/performance.md explains the
 * columns and the minimum of every row.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../emulator";
import type { FaultSpec, RequestLogEntry, RunningEmulator } from "../emulator/types";
import { parseArgs, USAGE, type BenchOptions } from "./args";
import { locateCli, tail, Workspace } from "./cli";
import { apiSpanMs, countCalls, maskPath } from "./count";
import { hostStartupMs } from "./host";
import { commandArgs, OPERATIONS, type Operation } from "./operations";
import { EmulatorProbe } from "./probe";
import { renderReport, type BenchResults, type OpSample, type RunSamples } from "./report";
import { programSettings, readStartup, type ProgramSettings } from "./program";

/** Times the dynamic-provider host alone starts each run (host.ts). */
const HOST_STARTUPS_PER_RUN = 3;

interface TraceEntry extends RequestLogEntry {
  at: number;
}

/** What one sequence on one stack learns along the way, for the checks of later operations. */
interface StackFacts {
  appId?: string;
  secretBefore?: string;
}

class Bench {
  private trace: TraceEntry[] = [];
  private probe: EmulatorProbe;
  private readonly settings: ProgramSettings;

  constructor(
    private readonly options: BenchOptions,
    private readonly emulator: RunningEmulator,
    private readonly ws: Workspace,
  ) {
    this.probe = new EmulatorProbe(emulator);
    this.settings = programSettings(emulator);
  }

  record(entry: RequestLogEntry): void {
    this.trace.push({ method: entry.method, path: entry.path, status: entry.status, at: performance.now() });
  }

  private log(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  /**
   * A baseline program (the empty one, or the one with a trivial dynamic resource) through the same commands: the
   * CLI's own cost, measured beside the project's.
   */
  /** Where the next command's processes write CPU profiles: only in run 1, only without latency. */
  private profileFor(run: number, pass: string, op: string): string | undefined {
    return this.options.profileDir && run === 1 ? path.resolve(this.options.profileDir, `${pass}-${op}`) : undefined;
  }

  async baselineSequence(kind: "empty" | "floor", stack: string, run: number): Promise<OpSample[]> {
    const dir = kind === "empty" ? this.ws.empty : this.ws.floor;
    await this.ws.must(dir, ["stack", "init", stack, "--non-interactive"]);
    const samples: OpSample[] = [];
    for (const operation of OPERATIONS) {
      this.emulator.clearRequests();
      this.ws.profileDir = this.profileFor(run, kind, operation.id);
      const result = await this.ws.run(dir, commandArgs(operation, stack));
      this.ws.profileDir = undefined;
      const counts = countCalls(this.emulator.requests());
      const ok = result.code === 0;
      samples.push({ op: operation.id, ms: result.ms, cpuMs: result.cpuMs, ok, counts, error: ok ? undefined : `exit ${result.code}\n${tail(result.output, 20)}` });
      this.log(`  ${kind.padEnd(7)} ${operation.label.padEnd(20)} ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s)${ok ? "" : " FAILED"}`);
    }
    return samples;
  }

  /** The project's sequence on a fresh stack and a fresh emulator state, with `faults` on every PingOne request. */
  async projectSequence(stack: string, faults: FaultSpec[], label: string, run: number): Promise<OpSample[]> {
    this.emulator.reset();
    this.probe = new EmulatorProbe(this.emulator);
    await this.ws.must(this.ws.project, ["stack", "init", stack, "--non-interactive"]);
    for (const args of this.settings.configCommands(stack)) await this.ws.must(this.ws.project, args);
    const facts: StackFacts = {};
    const samples: OpSample[] = [];
    for (const operation of OPERATIONS) {
      for (const args of this.settings.prepare(operation.id, stack)) await this.ws.must(this.ws.project, args);
      if (operation.id === "rotate" && facts.appId) facts.secretBefore = await this.probe.secret(this.settings.environmentId, facts.appId);
      this.emulator.clearRequests();
      this.emulator.clearFaults();
      for (const fault of faults) this.emulator.injectFault(fault);
      this.trace = [];
      const started = performance.now();
      this.ws.profileDir = faults.length === 0 ? this.profileFor(run, "project", operation.id) : undefined;
      const result = await this.ws.run(this.ws.project, commandArgs(operation, stack));
      this.ws.profileDir = undefined;
      this.emulator.clearFaults();
      const trace = this.trace; // before the checks below add their own requests
      this.trace = [];
      const entries = this.emulator.requests();
      const counts = countCalls(entries);
      let error: string | undefined = result.code === 0 ? undefined : `pulumi ${operation.command} exited with ${result.code}\n${tail(result.output, 25)}`;
      if (!error) {
        try {
          await this.check(operation, stack, facts);
        } catch (e) {
          error = `wrong PingOne state after ${operation.label}: ${(e as Error).message}`;
        }
      }
      samples.push({ op: operation.id, ms: result.ms, cpuMs: result.cpuMs, ok: !error, error, counts, apiSpanMs: apiSpanMs(trace, latencyOf(faults)) });
      this.log(
        `  ${label.padEnd(7)} ${operation.label.padEnd(20)} ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s), ${counts.total} calls` +
          `${counts.throttled ? ` (${counts.throttled} × 429)` : ""}${error ? ` FAILED: ${error.split("\n")[0]}` : ""}`,
      );
      if (this.options.trace) {
        for (const t of trace) {
          this.log(`      +${String(Math.round(t.at - started)).padStart(6)} ms  ${t.status}  ${t.method.padEnd(6)} ${maskPath(t.path)}`);
        }
      }
      if (error && operation.id === "first-up") break; // nothing later means anything without the stack
    }
    return samples;
  }

  /** Checks PingOne (through the emulator's API, faults off) against what the operation should have left. */
  private async check(operation: Operation, stack: string, facts: StackFacts): Promise<void> {
    const s = this.settings;
    const env = s.environmentId;
    if (operation.id === "first-up") {
      const outputs = await this.outputs(stack);
      facts.appId = s.applicationIdOf(outputs);
    }
    if (!facts.appId) throw new Error("the stack outputs name no application id");
    const appId = facts.appId;
    if (operation.id === "destroy") {
      const apps = await this.probe.applications(env);
      if (apps.some((a) => a.id === appId)) throw new Error(`application ${appId} still exists`);
      const roles = await this.probe.roleAssignments(env, s.userId);
      if (roles.length !== 0) throw new Error(`the sign-in user still holds ${roles.length} role assignment(s); expected 0`);
      return;
    }
    const apps = await this.probe.applications(env);
    const app = apps.find((a) => a.id === appId);
    if (!app) throw new Error(`application ${appId} (from the stack outputs) does not exist`);
    const sameName = apps.filter((a) => a.name === app.name).length;
    if (sameName !== 1) throw new Error(`${sameName} applications are named ${JSON.stringify(app.name)}; expected 1 (no duplicates)`);
    const expectedDescription = s.descriptionAfter(operation.id);
    if ((app.description ?? undefined) !== expectedDescription) {
      throw new Error(`description is ${JSON.stringify(app.description)}; expected ${JSON.stringify(expectedDescription)}`);
    }
    if (app.enabled !== true || app.type !== "WORKER") throw new Error(`application is ${app.type}, enabled ${app.enabled}; expected an enabled WORKER`);
    const grants = await this.probe.grants(env, appId);
    if (grants.length !== 1) throw new Error(`application has ${grants.length} grants; expected 1 (openid)`);
    const roles = await this.probe.roleAssignments(env, s.userId);
    if (roles.length !== 1) throw new Error(`the sign-in user holds ${roles.length} role assignments; expected 1`);
    if (operation.id === "first-up" || operation.id === "rotate") {
      const current = await this.probe.secret(env, appId);
      const output = s.secretOf(await this.outputs(stack));
      if (!current || output !== current) throw new Error("the stack's client secret output differs from the secret PingOne holds");
      if (operation.id === "rotate" && current === facts.secretBefore) throw new Error("the client secret did not change");
    }
  }

  private async outputs(stack: string): Promise<Record<string, unknown>> {
    const result = await this.ws.must(this.ws.project, ["stack", "output", "--stack", stack, "--json", "--show-secrets", "--non-interactive"]);
    try {
      return JSON.parse(result.output.slice(result.output.indexOf("{"))) as Record<string, unknown>;
    } catch {
      // JSON.parse quotes the text it choked on, and this text holds secrets.
      throw new Error("`pulumi stack output --json` printed something that is not a JSON object");
    }
  }
}

function latencyOf(faults: readonly FaultSpec[]): number {
  return faults.reduce((ms, f) => (f.kind === "latency" ? Math.max(ms, f.ms) : ms), 0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "stackone-pingone") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no stackone-pingone package.json above ${start}`);
  }
}

function cliVersion(bin: string): string {
  const result = spawnSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  return result.status === 0 ? result.stdout.trim() : `unknown (pulumi version exited ${result.status})`;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.reportFrom) {
    const saved = JSON.parse(fs.readFileSync(options.reportFrom, "utf8")) as BenchResults;
    process.stdout.write(`${renderReport(saved)}\n`);
    return 0;
  }
  const repoRoot = findRepoRoot(__dirname);
  const cliBin = locateCli(repoRoot, options.cliBin);
  const source = options.source ? path.resolve(options.source) : repoRoot;
  const startup = readStartup(source);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-bench-"));
  let bench: Bench | undefined;
  const emulator = await startEmulator({ seed: options.seed, onExchange: (exchange) => bench?.record(exchange) });
  try {
    const settings = programSettings(emulator);
    const ws = new Workspace(root, repoRoot, cliBin, settings.env);
    ws.prepareProject(source);
    ws.prepareEmpty(startup.runtimeBlock);
    ws.prepareFloor(startup.runtimeBlock);
    bench = new Bench(options, emulator, ws);
    const cpus = os.cpus();
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus[0]?.model ?? "unknown",
        cores: cpus.length,
        node: process.version,
        cli: cliVersion(cliBin),
        sdk: (JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version,
        os: `${os.type()} ${os.release()}`,
      },
      startup: { tsconfig: startup.tsconfig, noCheck: startup.noCheck, detail: startup.detail },
      latencyMs: options.latencyMs,
      ...(options.source ? { source } : {}),
      runs: [],
    };
    process.stderr.write(`workspace ${root}; program ${source}; CLI ${cliBin}\n`);
    for (let run = 1; run <= options.runs; run++) {
      process.stderr.write(`run ${run}/${options.runs}\n`);
      const samples: RunSamples = { empty: [], floor: [], zero: [], latency: [] };
      samples.empty = await bench.baselineSequence("empty", `empty-${run}`, run);
      samples.floor = await bench.baselineSequence("floor", `floor-${run}`, run);
      samples.hostStartupMs = [];
      for (let i = 0; i < HOST_STARTUPS_PER_RUN; i++) samples.hostStartupMs.push(await hostStartupMs(cliBin, ws.project, ws.env()));
      samples.zero = await bench.projectSequence(`zero-${run}`, [], "0 ms", run);
      samples.latency = await bench.projectSequence(`latency-${run}`, [{ kind: "latency", ms: options.latencyMs }], `${options.latencyMs} ms`, run);
      results.runs.push(samples);
    }
    if (options.chaos) {
      process.stderr.write(`chaos: ${Math.round(options.chaosRate * 100)}% of requests answered 429, Retry-After: 1\n`);
      const samples = await bench.projectSequence(
        "chaos",
        [{ kind: "status", status: 429, retryAfter: "1", rate: options.chaosRate }],
        "chaos",
        0,
      );
      results.chaos = { rate: options.chaosRate, samples };
    }
    const report = renderReport(results);
    process.stdout.write(`${report}\n`);
    if (options.jsonPath) fs.writeFileSync(options.jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    const failed = results.runs.some((r) => [...r.empty, ...(r.floor ?? []), ...r.zero, ...r.latency].some((s) => !s.ok)) || (results.chaos?.samples.some((s) => !s.ok) ?? false);
    return failed ? 1 : 0;
  } finally {
    await emulator.stop();
    if (options.keep) process.stderr.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
