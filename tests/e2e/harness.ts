/**
 * Drives the real Pulumi CLI against this project's program, in a throwaway copy of the project with its own file
 * backend, passphrase and stack config files, so a suite never touches the checkout's `.work/` or stack files.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { apiClient, provisionerToken } from "../../emulator/testing";
import type { PingOneClient } from "../../pingone/client/client";
import { adminClient, compileProvider, COMPILED_DIR } from "../../pingone/provider/testing";
import { providerEnv } from "../../scripts/local/prepare";
import guide from "./guide.json";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export const STACKONE_REDIRECT_URI = guide.application.redirectUris[0];
export const DAY = 86_400;
/** The stack's own sign-in group: `stackone:signInGroupName`'s default, "<appName> sign-in users". */
export const SIGN_IN_GROUP = guide.signInGroup.name;
export const SIGN_IN_GROUP_DESCRIPTION = guide.signInGroup.description;

/**
 * What the console guide asks for, as PingOne holds it (guide.json: the examples' tests in other languages check the
 * same file).
 */
export const GUIDE_APPLICATION = guide.application;

/** Where the CLI is (binDir, version), or why there is none (reason). */
export interface CliLookup {
  binDir?: string;
  version?: string;
  reason?: string;
}

/**
 * Finds a usable CLI without building one: `scripts/pulumi-cli.sh` in no-build mode (PATH, then the cache).
 * Building is `.ci/run`'s job (or the developer's: `scripts/pulumi-cli.sh`), never a test's.
 */
export function findPulumiCli(): CliLookup {
  const script = path.join(REPO_ROOT, "scripts", "pulumi-cli.sh");
  const result = spawnSync("bash", [script], {
    encoding: "utf8",
    env: { ...process.env, STACKONE_PULUMI_NO_BUILD: "1" },
    timeout: 60_000,
  });
  if (result.status !== 0) {
    const why = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split("\n").pop();
    return { reason: `no Pulumi CLI (scripts/pulumi-cli.sh: ${why})` };
  }
  const binDir = result.stdout.trim().split("\n").pop() ?? "";
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
  try {
    const version = spawnSync(path.join(binDir, "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_HOME: home },
    }).stdout.trim();
    return { binDir, version };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The CLI an end-to-end suite runs, and whether the suite is skipped for want of it. */
export interface E2eCli extends CliLookup {
  /** Something the suite needs is missing (then `binDir` is unset) and CI is not true: the suite is skipped. */
  skip: boolean;
  /** What the suite needs, as its failure under CI=true names it. */
  need: string;
}

export interface E2eCliOptions {
  /** What scripts/pulumi-cli.sh would build, as the skip warning says it: "one" (the default), "it", "them". */
  build?: string;
  /** What the suite needs beyond the CLI: its name in the CI failure, and why it is missing (undefined: present). */
  needs?: { what: string; missing(binDir: string): string | undefined };
}

/**
 * An end-to-end suite's preamble: the CLI (`findPulumiCli`) and whatever else the suite needs. When something is
 * missing the suite `file` is skipped locally, saying why on the console, and fails under CI=true (`.ci/run`
 * provides the CLI): its `describe.skipIf(cli.skip)` runs, and its `beforeAll` throws through {@link requireCli}.
 */
export function e2eCli(file: string, options: E2eCliOptions = {}): E2eCli {
  const found = findPulumiCli();
  const reason = found.binDir === undefined ? found.reason : options.needs?.missing(found.binDir);
  const cli: E2eCli = {
    ...found,
    ...(reason !== undefined ? { binDir: undefined, reason } : {}),
    skip: reason !== undefined && process.env.CI !== "true",
    need: options.needs?.what ?? "the Pulumi CLI",
  };
  if (cli.skip) {
    // oxlint-disable-next-line no-console
    console.warn(`${file} skipped: ${reason}. Run scripts/pulumi-cli.sh to build ${options.build ?? "one"}.`);
  }
  return cli;
}

/** The CLI's directory, for a suite's `beforeAll`; without one (only under CI=true does a suite get here) it throws. */
export function requireCli(cli: E2eCli): string {
  if (cli.binDir === undefined) throw new Error(`CI=true needs ${cli.need} for tests/e2e: ${cli.reason}`);
  return cli.binDir;
}

export interface CommandResult {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Timing {
  label: string;
  command: string;
  code: number;
  ms: number;
}

/**
 * The files a Pulumi run of this program needs; copied (not linked) so a test may edit the program's code. `bin/`
 * holds the pingone plugin's launcher, which runs `dist/pingone/provider/main.js`, and package.json's main
 * (`bin/program.js`) runs `dist/index.js`: the copy's `dist` is the plugin and the program compiled fresh for the
 * tests (`compileProvider`), copied after the sources so it is newer than they are.
 */
const PROGRAM_ENTRIES = [
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "tsconfig.program.json",
  "start.ts",
  "index.ts",
  "config.ts",
  "components",
  "pingone",
  "bin",
];

export interface WorkspaceOptions {
  binDir: string;
  /** Extra environment for every command (the provider's PINGONE_* settings). */
  env: Record<string, string>;
  /** Prefix of the temporary directory. */
  name: string;
  /**
   * Lays out another program instead of this project's TypeScript one (copied by default): given the workspace's
   * root and the project directory (which exists, empty), it puts the program and what it needs there.
   */
  setup?: (root: string, projectDir: string) => void;
}

export class PulumiWorkspace {
  readonly root: string;
  readonly projectDir: string;
  readonly backendDir: string;
  readonly timings: Timing[] = [];
  /** Everything the CLI printed, for secret scans. */
  readonly transcript: string[] = [];
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: WorkspaceOptions) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
    this.projectDir = path.join(this.root, "project");
    this.backendDir = path.join(this.root, "state");
    fs.mkdirSync(this.backendDir, { recursive: true });
    fs.mkdirSync(path.join(this.root, "home"), { recursive: true });
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_") && !k.startsWith("PINGONE_")),
    );
    this.env = {
      ...inherited,
      PATH: `${options.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
      ...options.env,
    };
    if (options.setup !== undefined) {
      fs.mkdirSync(this.projectDir, { recursive: true });
      options.setup(this.root, this.projectDir);
    } else {
      this.copyProgram();
    }
  }

  /** Copies the program into `projectDir` and links the checkout's node_modules. */
  private copyProgram(): void {
    fs.mkdirSync(this.projectDir, { recursive: true });
    for (const entry of PROGRAM_ENTRIES) {
      const from = path.join(REPO_ROOT, entry);
      if (!fs.existsSync(from)) throw new Error(`the program needs ${entry}, which is missing from ${REPO_ROOT}`);
      fs.cpSync(from, path.join(this.projectDir, entry), {
        recursive: true,
        filter: (src) => !src.endsWith(".test.ts"),
      });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(this.projectDir, "node_modules"), "dir");
    compileProvider();
    fs.cpSync(COMPILED_DIR, path.join(this.projectDir, "dist"), { recursive: true });
  }

  /** The environment every command of this workspace runs with (CLI on PATH, file backend, PINGONE_* settings). */
  commandEnv(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  /** The stack config file of `stack` (in the throwaway project copy). */
  configFile(stack: string): string {
    return path.join(this.projectDir, `Pulumi.${stack}.yaml`);
  }

  /** Sets (or, with `undefined`, removes) keys of `stack`'s config file, keeping everything else (e.g. the salt). */
  setConfig(stack: string, values: Record<string, string | number | string[] | undefined>): void {
    const file = this.configFile(stack);
    const doc = parseDocument(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "{}");
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) doc.deleteIn(["config", key]);
      else doc.setIn(["config", key], value);
    }
    fs.writeFileSync(file, doc.toString());
  }

  /** Runs `pulumi <args>` in the project; resolves with the result whatever the exit code. */
  run(label: string, args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.options.binDir, "pulumi"), args, {
        cwd: this.projectDir,
        env: { ...this.env, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const ms = Date.now() - started;
        this.timings.push({
          label,
          command: `pulumi ${args.filter((a) => !a.startsWith("/")).join(" ")}`,
          code: code ?? -1,
          ms,
        });
        // Output asked for with --show-secrets holds secrets by request; everything else is scanned for leaks.
        if (!args.includes("--show-secrets")) this.transcript.push(stdout, stderr);
        resolve({ args, code: code ?? -1, stdout, stderr, ms });
      });
    });
  }

  /** Like `run`, but a non-zero exit throws with the CLI's output. */
  async must(label: string, args: string[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    const result = await this.run(label, args, extraEnv);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  /** Every file of the backend and the stack config files, for secret scans. */
  stateFiles(): string[] {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(this.backendDir);
    for (const entry of fs.readdirSync(this.projectDir)) {
      if (/^Pulumi\..+\.yaml$/.test(entry)) files.push(path.join(this.projectDir, entry));
    }
    walk(path.join(this.root, "home"));
    return files;
  }

  /** The timing table, one line per command. */
  timingTable(): string {
    const rows = this.timings.map((t) => [t.label, t.command, String(t.code), (t.ms / 1000).toFixed(1)]);
    const header = ["step", "command", "exit", "seconds"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
    const total = this.timings.reduce((sum, t) => sum + t.ms, 0);
    return [line(header), ...rows.map(line), `total ${(total / 1000).toFixed(1)} s over ${rows.length} commands`].join(
      "\n",
    );
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * The pids of the pingone plugin processes started from `projectDir` (their command line runs its
 * `dist/pingone/provider/main.js`), read from /proc; empty where there is no /proc.
 */
export function pluginProcesses(projectDir: string): number[] {
  const main = path.join(fs.realpathSync(projectDir), "dist", "pingone", "provider", "main.js");
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.includes(main)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Waits up to `withinMs` for every plugin process of `projectDir` to exit; resolves with those still alive. */
export async function pluginsLeft(projectDir: string, withinMs: number): Promise<number[]> {
  const started = Date.now();
  let left = pluginProcesses(projectDir);
  while (left.length > 0 && Date.now() - started < withinMs) {
    await new Promise((r) => setTimeout(r, 200));
    left = pluginProcesses(projectDir);
  }
  return left;
}

/** The JSON after any banner line the CLI prints before it. */
export function parseJsonOutput<T>(text: string): T {
  const start = text.search(/[[{]/);
  if (start < 0) throw new Error(`expected JSON in the CLI's output, got: ${text}`);
  return JSON.parse(text.slice(start)) as T;
}

/** What an end-to-end suite works with: the emulator, an admin's client on it, and a workspace using its provisioner. */
export interface E2eWorld {
  emu: RunningEmulator;
  /** The emulator's provisioner as an admin in the console: no waiting out propagation delays. */
  api: PingOneClient;
  ws: PulumiWorkspace;
}

/**
 * Starts the emulator and a workspace whose commands reach it with the provisioner's `PINGONE_*` settings (throws,
 * through {@link requireCli}, when the suite has no CLI).
 */
export async function startE2eWorld(cli: E2eCli, name: string, emulator: EmulatorOptions): Promise<E2eWorld> {
  const binDir = requireCli(cli);
  const emu = await startEmulator(emulator);
  return { emu, api: adminClient(emu), ws: new PulumiWorkspace({ binDir, env: providerEnv(emu), name }) };
}

/** Prints the workspace's timing table, removes it and stops the emulator (whatever of them was started). */
export async function stopE2eWorld(world: Partial<E2eWorld>, cli: CliLookup): Promise<void> {
  if (world.ws !== undefined) {
    // oxlint-disable-next-line no-console
    console.log(`Pulumi CLI ${cli.version ?? ""} wall times:\n${world.ws.timingTable()}`);
    world.ws.dispose();
  }
  await world.emu?.stop();
}

/** A role assignment as a suite compares it: the assignment's id, the role's name, and its scope. */
export interface HeldAssignment {
  id: string;
  role: string;
  scope: { type: string; id: string };
}

/** What a user holds in an environment: its direct role assignments, and each group it is a member of with that group's. */
export interface UserAccess {
  direct: HeldAssignment[];
  groups: { id: string; name: string; roles: HeldAssignment[] }[];
}

/**
 * Every way the user holds a role, read back through the Management API: the user's own role assignments, and each
 * group membership with the group's role assignments. Each list sorted by id, so a suite can compare with `toEqual`.
 */
export async function userAccess(api: PingOneClient, env: string, userId: string): Promise<UserAccess> {
  const names = new Map((await api.listRoles()).map((r) => [r.id, r.name]));
  const held = (a: { id: string; role: { id: string }; scope: { type: string; id: string } }): HeldAssignment => ({
    id: a.id,
    role: names.get(a.role.id) ?? `unknown role ${a.role.id}`,
    scope: { type: a.scope.type, id: a.scope.id },
  });
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
  const direct = byId((await api.listUserRoleAssignments(env, userId)).map(held));
  const groups: UserAccess["groups"] = [];
  for (const g of byId(await api.listUserGroupMemberships(env, userId))) {
    groups.push({
      id: g.id,
      name: g.name ?? "",
      roles: byId((await api.listGroupRoleAssignments(env, g.id)).map(held)),
    });
  }
  return { direct, groups };
}

/** Every group of the environment (id and name, sorted by name), read with the emulator's provisioner. */
export async function listGroups(emu: RunningEmulator, env: string): Promise<{ id: string; name: string }[]> {
  const res = await apiClient(emu, await provisionerToken(emu)).get(`/environments/${env}/groups`);
  if (res.status !== 200)
    throw new Error(`listing the groups of ${env} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const groups = (res.body._embedded?.groups ?? []) as { id: string; name: string }[];
  return groups.map((g) => ({ id: g.id, name: g.name })).sort((x, y) => x.name.localeCompare(y.name));
}

/**
 * {@link userAccess} said compactly, for exact assertions: the user's direct roles and, by group name, each
 * group's roles, every role as `"<role> at <SCOPE>"`, sorted.
 */
export async function signInAccess(
  api: PingOneClient,
  env: string,
  userId: string,
): Promise<{ direct: string[]; groups: Record<string, string[]> }> {
  const access = await userAccess(api, env, userId);
  const said = (roles: HeldAssignment[]) => roles.map((a) => `${a.role} at ${a.scope.type}`).sort();
  return {
    direct: said(access.direct),
    groups: Object.fromEntries(access.groups.map((g) => [g.name || g.id, said(g.roles)])),
  };
}

/** Which of `names` the environment has a group of, sorted. */
export async function groupsNamed(api: PingOneClient, env: string, names: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) if (await api.findGroupByName(env, name)) found.push(name);
  return found.sort();
}
