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
import { splitOwnerMarker } from "../pingone/core/ownership";
import type { FaultSpec, RequestLogEntry, RunningEmulator } from "../emulator/types";
import { parseArgs, USAGE, type BenchOptions } from "./args";
import { locateCli, tail, Workspace } from "./cli";
import { apiSpanMs, countCalls, maskPath } from "./count";
import { commandArgs, OPERATIONS, type Operation, type OperationId } from "./operations";
import { pluginStartupMs } from "./plugin";
import { EmulatorProbe } from "./probe";
import { renderReport, type BenchResults, type OpSample, type RunSamples } from "./report";
import {
  baselineRuntimes,
  programSettings,
  projectName,
  providerPluginPath,
  readProgramStart,
  setAllPlain,
  YAML_EXAMPLE,
  type ProgramSettings,
} from "./program";
import { parseTimeline, type TimelineSample } from "./timeline";

/** Times the pingone plugin alone starts each run (plugin.ts). */
const PLUGIN_STARTUPS_PER_RUN = 3;

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

  /** Where the next command's processes write CPU profiles: only in run 1, only without latency. */
  private profileFor(run: number, pass: string, op: string): string | undefined {
    return this.options.profileDir && run === 1 ? path.resolve(this.options.profileDir, `${pass}-${op}`) : undefined;
  }

  /**
   * A baseline program (the empty TypeScript one, or the empty JavaScript one) through the same commands: the CLI's
   * own cost, measured beside the project's.
   */
  async baselineSequence(kind: "empty-ts" | "empty-js", stack: string, run: number): Promise<OpSample[]> {
    const dir = kind === "empty-ts" ? this.ws.empty : this.ws.emptyJs;
    await this.ws.must(dir, ["stack", "init", stack, "--non-interactive"]);
    const samples: OpSample[] = [];
    for (const operation of OPERATIONS) {
      this.emulator.clearRequests();
      this.ws.profileDir = this.profileFor(run, kind, operation.id);
      const result = await this.ws.run(dir, commandArgs(operation, stack));
      this.ws.profileDir = undefined;
      const counts = countCalls(this.emulator.requests());
      const ok = result.code === 0;
      samples.push({
        op: operation.id,
        ms: result.ms,
        cpuMs: result.cpuMs,
        ok,
        counts,
        error: ok ? undefined : `exit ${result.code}\n${tail(result.output, 20)}`,
      });
      this.log(
        `  ${kind.padEnd(8)} ${operation.label.padEnd(20)} ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s)${ok ? "" : " FAILED"}`,
      );
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
      if (operation.id === "rotate" && facts.appId)
        facts.secretBefore = await this.probe.secret(this.settings.environmentId, facts.appId);
      this.emulator.clearRequests();
      this.emulator.clearFaults();
      for (const fault of faults) this.emulator.injectFault(fault);
      this.trace = [];
      const started = performance.now();
      this.ws.profileDir = faults.length === 0 ? this.profileFor(run, "project", operation.id) : undefined;
      const result = await this.ws.run(this.ws.project, commandArgs(operation, stack));
      this.ws.profileDir = undefined;
      this.emulator.clearFaults();
      if (/compiling the (program|provider)/.test(result.output)) {
        this.log(
          `  note: pulumi ${operation.command} compiled the program or the plugin first; its time includes that compile`,
        );
      }
      const trace = this.trace; // before the checks below add their own requests
      this.trace = [];
      const entries = this.emulator.requests();
      const counts = countCalls(entries);
      let error: string | undefined =
        result.code === 0
          ? undefined
          : `pulumi ${operation.command} exited with ${result.code}\n${tail(result.output, 25)}`;
      if (!error) {
        try {
          await this.check(operation, stack, facts);
        } catch (e) {
          error = `wrong PingOne state after ${operation.label}: ${(e as Error).message}`;
        }
      }
      samples.push({
        op: operation.id,
        ms: result.ms,
        cpuMs: result.cpuMs,
        ok: !error,
        error,
        counts,
        apiSpanMs: apiSpanMs(trace, latencyOf(faults)),
      });
      this.log(
        `  ${label.padEnd(8)} ${operation.label.padEnd(20)} ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s), ${counts.total} calls` +
          `${counts.throttled ? ` (${counts.throttled} × 429)` : ""}${error ? ` FAILED: ${error.split("\n")[0]}` : ""}`,
      );
      if (this.options.trace) {
        for (const t of trace) {
          this.log(
            `      +${String(Math.round(t.at - started)).padStart(6)} ms  ${t.status}  ${t.method.padEnd(6)} ${maskPath(t.path)}`,
          );
        }
      }
      if (error && operation.id === "first-up") break; // nothing later means anything without the stack
    }
    return samples;
  }

  /**
   * The YAML example on a fresh stack and emulator state, with `faults` on every request: its first up and no-op
   * preview (timed, their PingOne calls counted, the first up checked against PingOne), then an untimed destroy.
   */
  async yamlSequence(dir: string, stack: string, faults: FaultSpec[], run: number): Promise<OpSample[]> {
    this.emulator.reset();
    this.probe = new EmulatorProbe(this.emulator);
    const s = this.settings;
    const project = projectName(dir);
    await this.ws.must(dir, ["stack", "init", stack, "--non-interactive"]);
    const config = { [`${project}:environmentId`]: s.environmentId, [`${project}:signInUsername`]: s.username };
    await this.ws.must(dir, setAllPlain(stack, config));
    const samples: OpSample[] = [];
    for (const id of ["first-up", "noop-preview"] as const satisfies readonly OperationId[]) {
      const operation = OPERATIONS.find((o) => o.id === id)!;
      this.emulator.clearRequests();
      for (const fault of faults) this.emulator.injectFault(fault);
      this.ws.profileDir = faults.length === 0 ? this.profileFor(run, "yaml", id) : undefined;
      const result = await this.ws.run(dir, commandArgs(operation, stack));
      this.ws.profileDir = undefined;
      this.emulator.clearFaults();
      const counts = countCalls(this.emulator.requests());
      let error: string | undefined =
        result.code === 0
          ? undefined
          : `pulumi ${operation.command} (YAML) exited with ${result.code}\n${tail(result.output, 25)}`;
      if (!error && id === "first-up") {
        const outputs = await this.outputsOf(dir, stack);
        const appId = s.applicationIdOf(outputs);
        const secret = appId === undefined ? undefined : await this.probe.secret(s.environmentId, appId);
        if (appId === undefined || secret === undefined || s.secretOf(outputs) !== secret) {
          error = "wrong PingOne state after the YAML first up: its outputs name no application whose secret they hold";
        }
      }
      samples.push({ op: id, ms: result.ms, cpuMs: result.cpuMs, ok: !error, error, counts });
      this.log(
        `  yaml     ${operation.label.padEnd(20)} ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s), ${counts.total} calls${error ? ` FAILED: ${error.split("\n")[0]}` : ""}`,
      );
      if (error) break;
    }
    await this.ws.must(dir, ["destroy", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"]);
    return samples;
  }

  /**
   * The verbose pass: on a fresh stack and emulator state, no faults, the first up and then the no-op preview with
   * `--logtostderr -v=7`, each reduced to its timeline (timeline.ts). The log text never leaves this function.
   */
  async timelinePass(stack: string): Promise<{ noopPreview?: TimelineSample; firstUp?: TimelineSample }> {
    this.emulator.reset();
    this.emulator.clearFaults();
    this.probe = new EmulatorProbe(this.emulator);
    await this.ws.must(this.ws.project, ["stack", "init", stack, "--non-interactive"]);
    for (const args of this.settings.configCommands(stack)) await this.ws.must(this.ws.project, args);
    const out: { noopPreview?: TimelineSample; firstUp?: TimelineSample } = {};
    for (const id of ["first-up", "noop-preview"] as const satisfies readonly OperationId[]) {
      const operation = OPERATIONS.find((o) => o.id === id)!;
      const result = await this.ws.runVerbose(this.ws.project, commandArgs(operation, stack));
      const sample: TimelineSample = {
        ms: result.ms,
        ok: result.code === 0,
        at: parseTimeline(result.stderr, result.startedAt, result.exitedAt),
      };
      if (id === "first-up") out.firstUp = sample;
      else out.noopPreview = sample;
      const found = Object.keys(sample.at).length;
      this.log(
        `  verbose  ${operation.label.padEnd(20)} ${seconds(result.ms)} s, ${found} markers${sample.ok ? "" : ` FAILED (exit ${result.code})\n${tail(result.output, 15)}`}`,
      );
      if (!sample.ok) break;
    }
    return out;
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
      if (roles.length !== 0)
        throw new Error(`the sign-in user holds ${roles.length} role assignment(s) directly; expected 0`);
      const groups = await this.probe.groupRoles(env, s.userId);
      if (groups.length !== 0)
        throw new Error(
          `the sign-in user is still in ${groups.length} group(s) (${groups.map((g) => g.name).join(", ")}); expected none`,
        );
      return;
    }
    const apps = await this.probe.applications(env);
    const app = apps.find((a) => a.id === appId);
    if (!app) throw new Error(`application ${appId} (from the stack outputs) does not exist`);
    const sameName = apps.filter((a) => a.name === app.name).length;
    if (sameName !== 1)
      throw new Error(`${sameName} applications are named ${JSON.stringify(app.name)}; expected 1 (no duplicates)`);
    // The description as the stack sees it: PingOne's ends with the owner marker the create wrote, never an output.
    const expectedDescription = s.descriptionAfter(operation.id);
    const { description, marker } = splitOwnerMarker(app.description);
    if (description !== expectedDescription || marker === undefined) {
      throw new Error(
        `description is ${JSON.stringify(app.description)}; expected ${JSON.stringify(expectedDescription)} and the owner marker`,
      );
    }
    if (app.enabled !== true || app.type !== "WORKER")
      throw new Error(`application is ${app.type}, enabled ${app.enabled}; expected an enabled WORKER`);
    const grants = await this.probe.grants(env, appId);
    if (grants.length !== 1) throw new Error(`application has ${grants.length} grants; expected 1 (openid)`);
    // The sign-in role, through the stack's own group: none given to the user directly.
    const roles = await this.probe.roleAssignments(env, s.userId);
    if (roles.length !== 0)
      throw new Error(`the sign-in user holds ${roles.length} role assignment(s) directly; expected 0`);
    const groups = await this.probe.groupRoles(env, s.userId);
    if (groups.length !== 1 || groups[0].roles.length !== 1) {
      throw new Error(
        `the sign-in user is in ${groups.length} group(s) holding ${groups.map((g) => g.roles.length).join(", ") || "no"} role assignment(s); expected 1 group with 1`,
      );
    }
    if (operation.id === "first-up" || operation.id === "rotate") {
      const current = await this.probe.secret(env, appId);
      const output = s.secretOf(await this.outputs(stack));
      if (!current || output !== current)
        throw new Error("the stack's client secret output differs from the secret PingOne holds");
      if (operation.id === "rotate" && current === facts.secretBefore)
        throw new Error("the client secret did not change");
    }
  }

  private outputs(stack: string): Promise<Record<string, unknown>> {
    return this.outputsOf(this.ws.project, stack);
  }

  private async outputsOf(dir: string, stack: string): Promise<Record<string, unknown>> {
    const result = await this.ws.must(dir, [
      "stack",
      "output",
      "--stack",
      stack,
      "--json",
      "--show-secrets",
      "--non-interactive",
    ]);
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
    if (
      fs.existsSync(pkg) &&
      (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "stackone-pingone"
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no stackone-pingone package.json above ${start}`);
  }
}

function cliVersion(bin: string): string {
  const result = spawnSync(path.join(bin, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
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
  const startup = readProgramStart(source);
  const runtimes = baselineRuntimes(startup);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-bench-"));
  let bench: Bench | undefined;
  const emulator = await startEmulator({ seed: options.seed, onExchange: (exchange) => bench?.record(exchange) });
  try {
    const settings = programSettings(emulator);
    const ws = new Workspace(root, repoRoot, cliBin, settings.env);
    ws.prepareProject(source);
    ws.prepareEmpty(runtimes.ts);
    ws.prepareEmptyJs(runtimes.js);
    const plugin = providerPluginPath(ws.project);
    // The YAML example, when the program's copy has it and the CLI has a YAML language host beside it.
    const yamlDir = path.join(ws.project, YAML_EXAMPLE);
    const yaml =
      fs.existsSync(path.join(yamlDir, "Pulumi.yaml")) && fs.existsSync(path.join(cliBin, "pulumi-language-yaml"));
    if (!yaml)
      process.stderr.write(`no YAML pass: ${YAML_EXAMPLE} or pulumi-language-yaml beside ${cliBin} is missing\n`);
    const stackonePlugin = yaml ? providerPluginPath(yamlDir, "stackone") : undefined;
    bench = new Bench(options, emulator, ws);
    const cpus = os.cpus();
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus[0]?.model ?? "unknown",
        cores: cpus.length,
        node: process.version,
        cli: cliVersion(cliBin),
        sdk: (
          JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
            version: string;
          }
        ).version,
        os: `${os.type()} ${os.release()}`,
      },
      startup: {
        detail: startup.detail,
        runtime: startup.runtime,
        options: startup.options,
        ...(startup.main ? { main: startup.main } : {}),
        typescript: startup.typescript,
      },
      latencyMs: options.latencyMs,
      ...(options.source ? { source } : {}),
      loadAverage: [os.loadavg()[0]],
      runs: [],
    };
    const sampleLoad = (): void => void results.loadAverage!.push(os.loadavg()[0]);
    process.stderr.write(`workspace ${root}; program ${source}; CLI ${cliBin}\n`);
    for (let run = 1; run <= options.runs; run++) {
      if (run > 1) sampleLoad();
      process.stderr.write(`run ${run}/${options.runs}\n`);
      const samples: RunSamples = { empty: [], emptyJs: [], zero: [], latency: [] };
      samples.empty = await bench.baselineSequence("empty-ts", `empty-${run}`, run);
      samples.emptyJs = await bench.baselineSequence("empty-js", `empty-js-${run}`, run);
      samples.pluginStartupMs = [];
      for (let i = 0; i < PLUGIN_STARTUPS_PER_RUN; i++)
        samples.pluginStartupMs.push(await pluginStartupMs(plugin, ws.project, ws.env()));
      process.stderr.write(`  plugin   start-up alone ${samples.pluginStartupMs.map(seconds).join(", ")} s\n`);
      samples.zero = await bench.projectSequence(`zero-${run}`, [], "0 ms", run);
      samples.latency = await bench.projectSequence(
        `latency-${run}`,
        [{ kind: "latency", ms: options.latencyMs }],
        `${options.latencyMs} ms`,
        run,
      );
      if (stackonePlugin !== undefined) {
        samples.stackonePluginStartupMs = [];
        for (let i = 0; i < PLUGIN_STARTUPS_PER_RUN; i++)
          samples.stackonePluginStartupMs.push(await pluginStartupMs(stackonePlugin, yamlDir, ws.env()));
        process.stderr.write(
          `  stackone plugin start-up alone ${samples.stackonePluginStartupMs.map(seconds).join(", ")} s\n`,
        );
        samples.yaml = await bench.yamlSequence(
          yamlDir,
          `yaml-${run}`,
          [{ kind: "latency", ms: options.latencyMs }],
          run,
        );
      }
      results.runs.push(samples);
    }
    sampleLoad();
    process.stderr.write(
      "timeline: first up and no-op preview with --logtostderr -v=7 (parsed in memory, not stored)\n",
    );
    results.timeline = await bench.timelinePass("timeline");
    if (options.chaos) {
      sampleLoad();
      process.stderr.write(`chaos: ${Math.round(options.chaosRate * 100)}% of requests answered 429, Retry-After: 1\n`);
      const samples = await bench.projectSequence(
        "chaos",
        [{ kind: "status", status: 429, retryAfter: "1", rate: options.chaosRate }],
        "chaos",
        0,
      );
      results.chaos = { rate: options.chaosRate, samples };
    }
    sampleLoad();
    const report = renderReport(results);
    process.stdout.write(`${report}\n`);
    if (options.jsonPath) fs.writeFileSync(options.jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    const failed =
      results.runs.some((r) =>
        [...r.empty, ...(r.emptyJs ?? []), ...r.zero, ...r.latency, ...(r.yaml ?? [])].some((s) => !s.ok),
      ) ||
      results.timeline.firstUp?.ok === false ||
      results.timeline.noopPreview?.ok === false ||
      (results.chaos?.samples.some((s) => !s.ok) ?? false);
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
