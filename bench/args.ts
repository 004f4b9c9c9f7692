/** Command-line options of the benchmark (`npm run bench -- [options]`). */

export interface BenchOptions {
  /** Repetitions of the whole operation sequence, per latency setting; medians and spreads are taken over them. */
  runs: number;
  /** Latency the emulator adds to every PingOne request in the second pass. */
  latencyMs: number;
  /** Run the 429 chaos pass after the timed runs. */
  chaos: boolean;
  /** Fraction of PingOne requests answered 429 in the chaos pass. */
  chaosRate: number;
  /** Directory holding `pulumi` and `pulumi-language-nodejs`; undefined = ask scripts/pulumi-cli.sh, then PATH. */
  cliBin?: string;
  /** Print every PingOne request of every operation (method, path with ids masked, ms since the command started). */
  trace: boolean;
  /** Keep the temporary directory (stacks, state, CLI logs) for inspection. */
  keep: boolean;
  /** Write V8 CPU profiles of the program and plugin processes of run 1 (baselines, no-latency pass) here. */
  profileDir?: string;
  /** Print the report of an earlier run's --json file instead of running (e.g. after a minimum was revised). */
  reportFrom?: string;
  /** Benchmark the program in this directory (another checkout, a patched copy) instead of this repository's. */
  source?: string;
  /** Also write the raw results as JSON to this file. */
  jsonPath?: string;
  /** Emulator seed (ids, secrets, fault decisions). */
  seed: number;
  help: boolean;
}

export const USAGE = `Usage: node dist/bench/run.js [options]   (or: npm run bench -- [options])

Runs the real Pulumi CLI against the in-process PingOne emulator and prints, per operation, the PingOne API calls
made against the minimum needed, and wall times against an empty TypeScript Pulumi program's preview; then where
the time of a no-op preview and a first up goes, process by process (one verbose run each).

Options:
  --runs N          repetitions per latency setting, 1..20 (default 3)
  --latency-ms N    latency added to every PingOne request in the latency pass, 1..2000 (default 100)
  --no-chaos        skip the pass where the emulator answers a share of requests with 429 + Retry-After: 1
  --chaos-rate R    share of requests answered 429 in the chaos pass, 0 < R < 1 (default 0.3)
  --cli-bin DIR     directory holding pulumi and pulumi-language-nodejs (default: scripts/pulumi-cli.sh, then PATH)
  --seed N          emulator seed (default 1)
  --trace           print every PingOne request of every operation
  --keep            keep the temporary directory (state, stacks, CLI output)
  --json FILE       also write the raw results to FILE
  --source DIR      benchmark the program in DIR (another checkout, a patched copy) with this repository's
                    node_modules, instead of this repository's own program
  --report FILE     print the report of an earlier --json FILE again, with the current minimums; runs nothing
  --profile DIR     write CPU profiles of the program and pingone plugin processes of run 1 (baselines and the
                    no-latency pass) to DIR/<empty-ts|empty-js|project>-<operation>/ (profiling slows those commands)
  --help            this text
`;

function intIn(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(
      `${flag}: got ${raw === undefined ? "no value" : JSON.stringify(raw)}; expected an integer from ${min} to ${max}`,
    );
  }
  return Number(raw);
}

/** The flags that take an integer: the option each sets and its bounds. */
const INTEGER_FLAGS = new Map<string, { option: "runs" | "latencyMs" | "seed"; min: number; max: number }>([
  ["--runs", { option: "runs", min: 1, max: 20 }],
  ["--latency-ms", { option: "latencyMs", min: 1, max: 2000 }],
  ["--seed", { option: "seed", min: 0, max: 2 ** 31 - 1 }],
]);

/** The flags that take a path: the option each sets and what the path should be. */
type PathOption = "cliBin" | "jsonPath" | "profileDir" | "reportFrom" | "source";
const PATH_FLAGS = new Map<string, { option: PathOption; expected: string }>([
  ["--cli-bin", { option: "cliBin", expected: "the directory holding the pulumi binary" }],
  ["--json", { option: "jsonPath", expected: "a file path" }],
  ["--profile", { option: "profileDir", expected: "a directory" }],
  ["--report", { option: "reportFrom", expected: "a file written by --json" }],
  ["--source", { option: "source", expected: "a directory holding Pulumi.yaml" }],
]);

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    runs: 3,
    latencyMs: 100,
    chaos: true,
    chaosRate: 0.3,
    trace: false,
    keep: false,
    seed: 1,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // Accept both `--flag value` and `--flag=value`.
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    const integer = INTEGER_FLAGS.get(flag);
    const path = PATH_FLAGS.get(flag);
    if (integer !== undefined) options[integer.option] = intIn(flag, value(), integer.min, integer.max);
    else if (path !== undefined) {
      const raw = value();
      if (!raw) throw new Error(`${flag}: got no value; expected ${path.expected}`);
      options[path.option] = raw;
    } else if (flag === "--chaos-rate") options.chaosRate = chaosRate(value());
    else if (flag === "--no-chaos") options.chaos = false;
    else if (flag === "--trace") options.trace = true;
    else if (flag === "--keep") options.keep = true;
    else if (flag === "--help" || flag === "-h") options.help = true;
    else throw new Error(`unknown option ${JSON.stringify(arg)}; run with --help for the list`);
  }
  return options;
}

function chaosRate(raw: string | undefined): number {
  const rate = raw !== undefined && /^(0?\.\d+|0)$/.test(raw) ? Number(raw) : NaN;
  if (!(rate > 0 && rate < 1)) {
    throw new Error(
      `--chaos-rate: got ${raw === undefined ? "no value" : JSON.stringify(raw)}; expected a number between 0 and 1, e.g. 0.3`,
    );
  }
  return rate;
}
