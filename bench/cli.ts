/** Running the real Pulumi CLI in a throw-away workspace: its own state backend, PULUMI_HOME and program copies. */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

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
    const result = spawnSync("bash", [script], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
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
  readonly empty: string;
  readonly floor: string;
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
    this.floor = path.join(root, "floor");
    this.logDir = path.join(root, "logs");
    for (const dir of [this.home, this.state, this.logDir]) fs.mkdirSync(dir, { recursive: true });
    // Encrypts only this throw-away state; not a secret.
    fs.writeFileSync(this.passphraseFile, "bench-passphrase\n", { mode: 0o600 });
  }

  /**
   * Copies the Pulumi program (sources, Pulumi.yaml, tsconfigs, package.json; no tests, no stack files) and links
   * node_modules, so the benchmark never touches the project's own stacks or .work/.
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
  }

  /** An empty TypeScript program with the project's runtime block, tsconfigs and node_modules. */
  prepareEmpty(runtimeBlock: string): void {
    this.prepareBaseline(this.empty, "bench-empty", "An empty program, the baseline for the CLI's own cost", runtimeBlock, EMPTY_PROGRAM);
  }

  /** The same with one trivial `pulumi.dynamic.Resource`: what the plain SDK way of writing a dynamic resource costs. */
  prepareFloor(runtimeBlock: string): void {
    this.prepareBaseline(this.floor, "bench-floor", "One trivial dynamic resource, the plain SDK way", runtimeBlock, FLOOR_PROGRAM);
  }

  private prepareBaseline(dir: string, name: string, description: string, runtimeBlock: string, program: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\ndescription: ${description}\n${runtimeBlock}`);
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    for (const file of ["package.json", "tsconfig.json", "tsconfig.pulumi.json"]) {
      const source = path.join(this.repoRoot, file);
      if (fs.existsSync(source)) fs.copyFileSync(source, path.join(dir, file));
    }
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
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "profileHook.js")}`.trim(),
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

  /** Like run, but throws with the command's last lines when it fails. */
  async must(cwd: string, args: readonly string[]): Promise<CliResult> {
    const result = await this.run(cwd, args);
    if (result.code !== 0) {
      const shown = args.includes("--show-secrets") ? "    (output withheld: it may hold secrets)" : tail(result.output, 25);
      throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}:\n${shown}`);
    }
    return result;
  }
}

const EMPTY_PROGRAM = `// No resources: what any TypeScript Pulumi program costs before it does anything.
import * as pulumi from "@pulumi/pulumi";
void pulumi;
`;

const FLOOR_PROGRAM = `// One dynamic resource with a ten-line provider, declared the plain SDK way (its provider serialized).
import * as pulumi from "@pulumi/pulumi";

class TrivialProvider implements pulumi.dynamic.ResourceProvider {
  async create(inputs: { value: string }): Promise<pulumi.dynamic.CreateResult> {
    return { id: "trivial", outs: inputs };
  }
  async diff(): Promise<pulumi.dynamic.DiffResult> {
    return { changes: false };
  }
}

new pulumi.dynamic.Resource(new TrivialProvider(), "trivial", { value: "v" });
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
  return text.trimEnd().split("\n").slice(-lines).map((line) => `    ${line}`).join("\n");
}
