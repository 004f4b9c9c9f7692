/** Running the real Pulumi CLI in a throw-away workspace: its own state backend, PULUMI_HOME and program copies. */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { EMPTY_TS_TSCONFIG, PROGRAM_BUILDS } from "./program";

/** A command run with `--logtostderr -v=7`: its stderr (the engine's JSON log lines) is the caller's, in memory. */
export interface VerboseResult {
  ms: number;
  code: number;
  /** Wall-clock time of the spawn and of the exit, ms since the epoch (the log lines carry wall-clock times). */
  startedAt: number;
  exitedAt: number;
  /** The whole stderr. It holds secrets (config values, request bodies): parse it, never print or store it. */
  stderr: string;
  /** stdout, capped to the last 64 KiB (the CLI's normal output: secrets masked). */
  output: string;
}

export interface CliResult {
  ms: number;
  /** CPU time (user + system) of the CLI and every process it waited for: its plugins, the program, the providers. */
  cpuMs: number;
  code: number;
  /** stdout and stderr interleaved, capped to the last 64 KiB. */
  output: string;
}

/** Finds the directory holding `pulumi`: the --cli-bin option, else scripts/pulumi-cli.sh, else PATH. */
export function locateCli(repoRoot: string, cliBin?: string): string {
  const hasPulumi = (dir: string): boolean => fs.existsSync(path.join(dir, "pulumi"));
  if (cliBin) {
    const dir = path.resolve(cliBin);
    if (!hasPulumi(dir)) throw new Error(`--cli-bin: ${JSON.stringify(cliBin)} holds no pulumi binary`);
    return dir;
  }
  const script = path.join(repoRoot, "scripts", "pulumi-cli.sh");
  if (fs.existsSync(script)) {
    // The script builds the CLI on first use (slow) and prints the bin directory on its last stdout line.
    const result = spawnSync("bash", [script], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const dir = result.stdout.trim().split("\n").pop()?.trim();
    if (result.status === 0 && dir && hasPulumi(dir)) return dir;
    throw new Error(
      `scripts/pulumi-cli.sh exited with ${result.status} and printed ${JSON.stringify(dir ?? "")}, which holds no pulumi` +
        " binary; fix the build or pass --cli-bin DIR",
    );
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && hasPulumi(dir)) return dir;
  }
  throw new Error("no Pulumi CLI: scripts/pulumi-cli.sh is missing and pulumi is not on PATH; pass --cli-bin DIR");
}

/** Directory names at the project root that are not part of the Pulumi program. */
const NOT_PROGRAM = new Set([".git", ".work", "node_modules", "dist", "bench", "tests", "docs", "tools", ".github"]);

export class Workspace {
  readonly home: string;
  readonly state: string;
  readonly passphraseFile: string;
  readonly project: string;
  /** The empty TypeScript program: the reference of every ratio target. */
  readonly empty: string;
  /** The empty JavaScript program (`typescript: false`): the floor of any precompiled program. */
  readonly emptyJs: string;
  private readonly logDir: string;
  private commandCount = 0;
  /** When set, every Node.js process of the next commands writes a CPU profile here (see profileHook.ts). */
  profileDir?: string;

  constructor(
    readonly root: string,
    private readonly repoRoot: string,
    private readonly cliBin: string,
    private readonly extraEnv: Record<string, string>,
  ) {
    this.home = path.join(root, "pulumi-home");
    this.state = path.join(root, "state");
    this.passphraseFile = path.join(root, "passphrase");
    this.project = path.join(root, "project");
    this.empty = path.join(root, "empty");
    this.emptyJs = path.join(root, "empty-js");
    this.logDir = path.join(root, "logs");
    for (const dir of [this.home, this.state, this.logDir]) fs.mkdirSync(dir, { recursive: true });
    // Encrypts only this throw-away state; not a secret.
    fs.writeFileSync(this.passphraseFile, "bench-passphrase\n", { mode: 0o600 });
  }

  /**
   * Copies the Pulumi program (sources, Pulumi.yaml, tsconfigs, package.json, bin/; no tests, no stack files, no
   * dist/) and links node_modules, so the benchmark never touches the project's own stacks or .work/; then builds the
   * copy's dist/ (PROGRAM_BUILDS), untimed, so no timed command compiles anything.
   */
  prepareProject(source: string = this.repoRoot): void {
    fs.mkdirSync(this.project, { recursive: true });
    for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
      if (NOT_PROGRAM.has(entry.name)) continue;
      if (/^Pulumi\..+\.ya?ml$/.test(entry.name)) continue; // stack files: the benchmark makes its own
      fs.cpSync(path.join(source, entry.name), path.join(this.project, entry.name), {
        recursive: true,
        filter: (source) => !source.endsWith(".test.ts"),
      });
    }
    fs.symlinkSync(path.join(this.repoRoot, "node_modules"), path.join(this.project, "node_modules"), "dir");
    const tsc = path.join(this.repoRoot, "node_modules", "typescript", "bin", "tsc");
    for (const build of PROGRAM_BUILDS) {
      if (!fs.existsSync(path.join(this.project, build.tsconfig))) continue;
      // Transpile only: the JavaScript is the same, and type-checking is `npm test`'s.
      const result = spawnSync(process.execPath, [tsc, "-p", build.tsconfig, "--noCheck"], {
        cwd: this.project,
        encoding: "utf8",
      });
      const output = path.join(this.project, build.output);
      if (!fs.existsSync(output)) {
        throw new Error(
          `tsc -p ${build.tsconfig} (in the program's copy) exited with ${result.status} and wrote no ${build.output}:\n${tail(`${result.stdout}${result.stderr}`, 20)}`,
        );
      }
      // Newer than every copied source (copied before the compile began, a second or more ago), so the launchers'
      // staleness checks, which compare modification times to the nanosecond, pass.
      const now = new Date();
      fs.utimesSync(output, now, now);
    }
  }

  /**
   * The empty TypeScript program: ts-node, transpile only (`tsconfig.pulumi.json` = the project's tsconfig.json with
   * noCheck), one import of @pulumi/pulumi; the project's package.json without "main", and its node_modules.
   */
  prepareEmpty(runtimeBlock: string): void {
    this.prepareBaseline(
      this.empty,
      "bench-empty",
      "An empty TypeScript program, the reference for the CLI's own cost",
      runtimeBlock,
      {
        "index.ts": EMPTY_PROGRAM,
        [EMPTY_TS_TSCONFIG]: `${JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noCheck: true } }, null, 2)}\n`,
      },
    );
    const tsconfig = path.join(this.repoRoot, "tsconfig.json");
    if (fs.existsSync(tsconfig)) fs.copyFileSync(tsconfig, path.join(this.empty, "tsconfig.json"));
  }

  /** The empty JavaScript program (`typescript: false`): package.json "main" is a one-line index.js that imports nothing. */
  prepareEmptyJs(runtimeBlock: string): void {
    this.prepareBaseline(
      this.emptyJs,
      "bench-empty-js",
      "An empty JavaScript program, the floor of any precompiled program",
      runtimeBlock,
      {
        "index.js": EMPTY_JS_PROGRAM,
      },
      "index.js",
    );
  }

  private prepareBaseline(
    dir: string,
    name: string,
    description: string,
    runtimeBlock: string,
    files: Record<string, string>,
    main?: string,
  ): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\ndescription: ${description}\n${runtimeBlock}`);
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    // The project's dependencies (the language host reads them), with the baseline's own entry point.
    const pkg = JSON.parse(fs.readFileSync(path.join(this.repoRoot, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    delete pkg.main;
    delete pkg.scripts;
    fs.writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify({ ...pkg, name, ...(main ? { main } : {}) }, null, 2)}\n`,
    );
    fs.symlinkSync(path.join(this.repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  }

  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Never let the user's own Pulumi or PingOne settings leak into the measured runs.
    for (const key of Object.keys(env)) {
      if (key.startsWith("PULUMI_") || key.startsWith("PINGONE_")) delete env[key];
    }
    return {
      ...env,
      ...this.extraEnv,
      PATH: `${this.cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.state}`,
      PULUMI_CONFIG_PASSPHRASE_FILE: this.passphraseFile,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...(this.profileDir
        ? {
            NODE_OPTIONS:
              `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "profileHook.js")}`.trim(),
            BENCH_PROFILE_DIR: this.profileDir,
          }
        : {}),
    };
  }

  /** Runs `pulumi <args>` in `cwd`, timing it from spawn to exit. Never throws on a non-zero exit. */
  run(cwd: string, args: readonly string[]): Promise<CliResult> {
    const logFile = path.join(this.logDir, `${String(++this.commandCount).padStart(3, "0")}-${args[0]}.log`);
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let times = "";
      const start = process.hrtime.bigint();
      // bash's `times` reports the CPU time of the waited-for process tree; it goes to fd 3, apart from the output.
      const child = spawn("bash", ["-c", CPU_WRAPPER, "pulumi", path.join(this.cliBin, "pulumi"), ...args], {
        cwd,
        env: this.env(),
        stdio: ["ignore", "pipe", "pipe", "pipe"],
      });
      (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (times += chunk.toString("utf8")));
      const collect = (chunk: Buffer): void => {
        chunks.push(chunk);
        size += chunk.length;
        while (size > 65536 && chunks.length > 1) size -= chunks.shift()!.length;
      };
      child.stdout!.on("data", collect);
      child.stderr!.on("data", collect);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        const output = Buffer.concat(chunks).toString("utf8");
        // Output of --show-secrets holds plaintext secrets: returned to the caller, never written to a log.
        const logged = args.includes("--show-secrets") ? "(output withheld: it holds secrets)" : output;
        fs.writeFileSync(logFile, `$ pulumi ${args.join(" ")}\n(cwd ${cwd}, exit ${code ?? signal})\n\n${logged}`);
        resolve({ ms, cpuMs: childCpuMs(times), code: code ?? 128, output });
      });
    });
  }

  /**
   * Runs `pulumi <args> --logtostderr -v=7` in `cwd`. The log file gets the command and its stdout only: the verbose
   * stderr holds secrets, so it stays in memory, for the caller to parse and drop.
   */
  runVerbose(cwd: string, args: readonly string[]): Promise<VerboseResult> {
    const all = [...args, "--logtostderr", "-v=7"];
    const logFile = path.join(this.logDir, `${String(++this.commandCount).padStart(3, "0")}-${args[0]}-verbose.log`);
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      let outSize = 0;
      const err: Buffer[] = [];
      const startedAt = performance.timeOrigin + performance.now();
      const start = process.hrtime.bigint();
      const child = spawn(path.join(this.cliBin, "pulumi"), all, {
        cwd,
        env: this.env(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk: Buffer) => {
        out.push(chunk);
        outSize += chunk.length;
        while (outSize > 65536 && out.length > 1) outSize -= out.shift()!.length;
      });
      child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        const exitedAt = performance.timeOrigin + performance.now();
        const output = Buffer.concat(out).toString("utf8");
        fs.writeFileSync(
          logFile,
          `$ pulumi ${all.join(" ")}\n(cwd ${cwd}, exit ${code ?? signal}; stderr not stored: its verbose log holds secrets)\n\n${output}`,
        );
        resolve({ ms, code: code ?? 128, startedAt, exitedAt, stderr: Buffer.concat(err).toString("utf8"), output });
      });
    });
  }

  /** Like run, but throws with the command's last lines when it fails. */
  async must(cwd: string, args: readonly string[]): Promise<CliResult> {
    const result = await this.run(cwd, args);
    if (result.code !== 0) {
      const shown = args.includes("--show-secrets")
        ? "    (output withheld: it may hold secrets)"
        : tail(result.output, 25);
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${shown}`);
    }
    return result;
  }
}

const EMPTY_PROGRAM = `// No resources: what any TypeScript Pulumi program costs before it does anything.
import * as pulumi from "@pulumi/pulumi";
void pulumi;
`;

// Not even an import: the language host's runner has loaded the SDK's runtime before it requires the program, so this
// is the least any precompiled program costs (a program that imports "@pulumi/pulumi" whole loads more: the index).
const EMPTY_JS_PROGRAM = `"use strict"; // No resources, no imports: what the language host costs before any program code.
`;

/** Runs "$@" (the CLI), then prints the children's CPU times to fd 3, and exits with the CLI's status. */
const CPU_WRAPPER = '"$@"; rc=$?; times >&3; exit $rc';

/** The children's user + system time from bash's `times` output (its second line, e.g. `0m1.921s 0m0.221s`). */
export function childCpuMs(times: string): number {
  const line = times.trim().split("\n")[1] ?? "";
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) return NaN;
  return Math.round(parts[0] + parts[1]);
}

export function tail(text: string, lines: number): string {
  return text
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join("\n");
}
