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
      [
        "config", "set-all", "--stack", stack, "--non-interactive",
        "--plaintext", `stackone:environmentId=${environmentId}`,
        "--plaintext", `stackone:signInUsername=${user.username}`,
        "--plaintext", `stackone:description=${DESCRIPTION_BEFORE}`,
      ],
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

export interface Startup {
  /** `runtime:` of Pulumi.yaml, as YAML text, for the empty program. */
  runtimeBlock: string;
  tsconfig: string | undefined;
  noCheck: boolean;
  detail: string;
}

/** Reads how the language host starts the program: Pulumi.yaml's runtime options and the tsconfig they name. */
export function readStartup(repoRoot: string): Startup {
  const file = path.join(repoRoot, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`no Pulumi.yaml in ${repoRoot}: the program to benchmark is missing`);
  const project = YAML.parse(fs.readFileSync(file, "utf8")) as { runtime?: unknown };
  const runtime = project.runtime;
  const runtimeBlock = YAML.stringify({ runtime });
  const options = typeof runtime === "object" && runtime !== null ? (runtime as { options?: Record<string, unknown> }).options : undefined;
  const tsconfig = typeof options?.tsconfig === "string" ? options.tsconfig : undefined;
  if (options?.typescript === false) {
    return { runtimeBlock, tsconfig, noCheck: true, detail: "runtime.options.typescript is false: the host runs plain JavaScript" };
  }
  if (!tsconfig) {
    return { runtimeBlock, tsconfig, noCheck: false, detail: "Pulumi.yaml names no runtime.options.tsconfig: ts-node type-checks the program on every command" };
  }
  const noCheck = compilerOption(path.join(repoRoot, tsconfig), "noCheck") === true;
  return {
    runtimeBlock,
    tsconfig,
    noCheck,
    detail: noCheck
      ? `Pulumi.yaml runtime.options.tsconfig = ${tsconfig}, which sets noCheck: transpile only`
      : `Pulumi.yaml runtime.options.tsconfig = ${tsconfig}, which does not set noCheck: ts-node type-checks on every command`,
  };
}

/** A compiler option of a tsconfig file, following `extends` (relative paths only). */
export function compilerOption(file: string, option: string, seen: Set<string> = new Set()): unknown {
  if (seen.has(file)) throw new Error(`${file}: circular "extends"`);
  seen.add(file);
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as { extends?: string; compilerOptions?: Record<string, unknown> };
  if (config.compilerOptions && option in config.compilerOptions) return config.compilerOptions[option];
  if (typeof config.extends === "string" && config.extends.startsWith(".")) {
    const parent = path.resolve(path.dirname(file), config.extends.endsWith(".json") ? config.extends : `${config.extends}.json`);
    return compilerOption(parent, option, seen);
  }
  return undefined;
}
