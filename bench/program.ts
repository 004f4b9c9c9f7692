/**
 * What the benchmark needs to know about the Pulumi program it measures: its configuration keys, its outputs, how
 * each operation is provoked, and how it starts up. Kept in one place so a renamed key is one edit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { RunningEmulator } from "../emulator/types";
import type { OperationId } from "./operations";

export const DESCRIPTION_BEFORE = "StackOne connector (benchmark)";
export const DESCRIPTION_AFTER = "StackOne connector (benchmark, updated)";

export interface ProgramSettings {
  /** Environment of every CLI command: the provisioner's credentials and the emulator's URLs (`PINGONE_*`). */
  env: Record<string, string>;
  environmentId: string;
  /** The seeded user who signs in during the StackOne connection, and receives the admin role. */
  username: string;
  userId: string;
  /** `pulumi config set-all` for a fresh stack. */
  configCommands(stack: string): string[][];
  /** Config changes that provoke an operation (run before it, not timed). */
  prepare(op: OperationId, stack: string): string[][];
  /** The application's description once `op` has run. */
  descriptionAfter(op: OperationId): string | undefined;
  applicationIdOf(outputs: Record<string, unknown>): string | undefined;
  secretOf(outputs: Record<string, unknown>): string | undefined;
}

/** `pulumi config set-all` of `stack`: each value in plain text (none of them is a secret). */
export function setAllPlain(stack: string, values: Record<string, string>): string[] {
  const pairs = Object.entries(values).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]);
  return ["config", "set-all", "--stack", stack, "--non-interactive", ...pairs];
}

export function programSettings(emulator: RunningEmulator): ProgramSettings {
  const environmentId = emulator.environmentId;
  const user = emulator.users.find((u) => u.environmentId === environmentId);
  if (!user) throw new Error(`the emulator seeded no user in environment ${environmentId}`);
  const order: OperationId[] = ["first-up", "noop-preview", "noop-up", "refresh", "update", "rotate", "destroy"];
  return {
    env: {
      PINGONE_ENVIRONMENT_ID: emulator.adminEnvironmentId,
      PINGONE_CLIENT_ID: emulator.clientId,
      PINGONE_CLIENT_SECRET: emulator.clientSecret,
      PINGONE_API_URL: emulator.apiUrl,
      PINGONE_AUTH_URL: emulator.authUrl,
    },
    environmentId,
    username: user.username,
    userId: user.id,
    configCommands: (stack) => [
      setAllPlain(stack, {
        "stackone:environmentId": environmentId,
        "stackone:signInUsername": user.username,
        "stackone:description": DESCRIPTION_BEFORE,
      }),
    ],
    prepare: (op, stack) => {
      switch (op) {
        case "update":
          return [["config", "set", "--stack", stack, "--non-interactive", "stackone:description", DESCRIPTION_AFTER]];
        case "rotate":
          return [["config", "set", "--stack", stack, "--non-interactive", "stackone:rotateSecret", "rotation-1"]];
        default:
          return [];
      }
    },
    descriptionAfter: (op) => (order.indexOf(op) >= order.indexOf("update") ? DESCRIPTION_AFTER : DESCRIPTION_BEFORE),
    applicationIdOf: (outputs) => stringOutput(outputs, ["clientId", "applicationId"]),
    secretOf: (outputs) => stringOutput(outputs, ["clientSecret"]),
  };
}

function stringOutput(outputs: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = outputs[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** How the language host starts the program, read from Pulumi.yaml and package.json (never assumed). */
export interface ProgramStart {
  /** Pulumi.yaml `runtime.name` (`runtime: nodejs` or `runtime: { name: nodejs }`). */
  runtime: string;
  /** Pulumi.yaml `runtime.options`, as written ({} when none). */
  options: Record<string, unknown>;
  /** package.json "main", when it names one: what the language host runs. */
  main: string | undefined;
  /** Whether the language host runs the program through TypeScript (ts-node): `typescript` is anything but false. */
  typescript: boolean;
  /** One line for the report. */
  detail: string;
}

/** Reads how the language host starts the program in `dir`: Pulumi.yaml's runtime and its options, package.json main. */
export function readProgramStart(dir: string): ProgramStart {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`no Pulumi.yaml in ${dir}: the program to benchmark is missing`);
  const project = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { runtime?: unknown };
  const runtime = project.runtime;
  const name =
    typeof runtime === "string"
      ? runtime
      : typeof runtime === "object" && runtime !== null
        ? String((runtime as { name?: unknown }).name ?? "")
        : "";
  const rawOptions =
    typeof runtime === "object" && runtime !== null ? (runtime as { options?: unknown }).options : undefined;
  const options =
    typeof rawOptions === "object" && rawOptions !== null ? { ...(rawOptions as Record<string, unknown>) } : {};
  let main: string | undefined;
  const pkg = path.join(dir, "package.json");
  if (fs.existsSync(pkg)) {
    const value = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { main?: unknown }).main;
    if (typeof value === "string" && value !== "") main = value;
  }
  const typescript = options.typescript !== false;
  const written = Object.keys(options).length
    ? `${Object.entries(options)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(", ")}`
    : "no options";
  const entry = main ? `package.json "main" (${main})` : 'the directory\'s index (package.json names no "main")';
  const detail = typescript
    ? `Pulumi.yaml runtime ${name || "(none)"}, ${written}: the language host loads ts-node and runs ${entry} as TypeScript` +
      (typeof options.tsconfig === "string" ? ` (tsconfig ${options.tsconfig})` : "")
    : `Pulumi.yaml runtime ${name || "(none)"}, ${written}: the language host runs ${entry} as plain JavaScript, no TypeScript compiler loaded`;
  return { runtime: name, options, main, typescript, detail };
}

/** `runtime:` blocks (YAML) of the two baselines, from the project's runtime: its name and options, TypeScript or not. */
export function baselineRuntimes(start: Pick<ProgramStart, "runtime" | "options">): { ts: string; js: string } {
  const name = start.runtime || "nodejs";
  const rest = { ...start.options };
  delete rest.typescript;
  delete rest.tsconfig;
  return {
    // The TypeScript reference: ts-node, transpile only (tsconfig.pulumi.json sets noCheck), as the project ran before.
    ts: YAML.stringify({ runtime: { name, options: { ...rest, typescript: true, tsconfig: EMPTY_TS_TSCONFIG } } }),
    js: YAML.stringify({ runtime: { name, options: { ...rest, typescript: false } } }),
  };
}

/** The tsconfig the empty TypeScript program's runtime names: the project's tsconfig.json, with noCheck. */
export const EMPTY_TS_TSCONFIG = "tsconfig.pulumi.json";

/**
 * The compiled JavaScript a command of the program runs, and the tsconfig each is built with: bin/program.js and the
 * plugin's launcher compile them on demand when a source is newer, which the benchmark must not time, so it builds
 * them in its copy of the program before the first command (and leaves a build that is newer than every source).
 */
export const PROGRAM_BUILDS: readonly { tsconfig: string; output: string }[] = [
  { tsconfig: "sdk/nodejs/pingone/tsconfig.json", output: "sdk/nodejs/pingone/bin/index.js" },
  { tsconfig: "tsconfig.program.json", output: "dist/index.js" },
  { tsconfig: "pingone/provider/tsconfig.build.json", output: "dist/pingone/provider/main.js" },
  { tsconfig: "stackone/tsconfig.build.json", output: "dist/stackone/provider/main.js" },
];

/** The YAML example, inside the program's copy: its plugins.providers name the copy's bin/. */
export const YAML_EXAMPLE = "examples/yaml";

/** The project name of a Pulumi.yaml (its stack config keys are `<name>:<key>`). */
export function projectName(dir: string): string {
  const file = path.join(dir, "Pulumi.yaml");
  const name = ((YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { name?: unknown }).name;
  if (typeof name !== "string" || name === "") throw new Error(`${file} names no project`);
  return name;
}

/** The name of the project's own provider plugin, as Pulumi.yaml `plugins.providers` lists it. */
export const PLUGIN_NAME = "pingone";

/**
 * The executable the engine starts for provider plugin `name`: Pulumi.yaml `plugins.providers[].path` (a directory
 * holding `pulumi-resource-<name>`, or that file itself), relative to the program's directory.
 */
export function providerPluginPath(dir: string, name: string = PLUGIN_NAME): string {
  const file = path.join(dir, "Pulumi.yaml");
  const project = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { plugins?: { providers?: unknown } };
  const providers = Array.isArray(project.plugins?.providers)
    ? (project.plugins.providers as { name?: unknown; path?: unknown }[])
    : [];
  const entry = providers.find((p) => p?.name === name);
  if (!entry || typeof entry.path !== "string")
    throw new Error(`${file}: plugins.providers names no ${name} plugin with a path`);
  const target = path.resolve(dir, entry.path);
  return fs.existsSync(target) && fs.statSync(target).isDirectory()
    ? path.join(target, `pulumi-resource-${name}`)
    : target;
}
