#!/usr/bin/env node
/**
 * `npm run emulator -- --port <n> [--seed <n>] [--page-size <n>] [--token-ttl <seconds>] [--state-file <path>]`
 * Prints exactly one JSON line (EmulatorInfo) on stdout, then serves until SIGINT/SIGTERM. Diagnostics go to stderr.
 */
import { startEmulator } from "./index";
import type { EmulatorInfo, EmulatorOptions } from "./types";

const USAGE =
  "usage: node dist/emulator/main.js [--port <0..65535>] [--seed <integer>] [--page-size <1..1000>] [--token-ttl <seconds>] [--state-file <path>]";

function number(flag: string, value: string | undefined, integer: boolean): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new Error(`${flag} needs ${integer ? "an integer" : "a number"}; got ${JSON.stringify(value ?? null)}`);
  return n;
}

/** The flags that take a number: the option each sets, and whether it must be an integer. */
const NUMBER_FLAGS = new Map<string, { option: "port" | "seed" | "pageSize" | "tokenTtlSeconds"; integer: boolean }>([
  ["--port", { option: "port", integer: true }],
  ["--seed", { option: "seed", integer: true }],
  ["--page-size", { option: "pageSize", integer: true }],
  ["--token-ttl", { option: "tokenTtlSeconds", integer: false }],
]);

export function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=") ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    const numeric = NUMBER_FLAGS.get(flag);
    if (numeric !== undefined) {
      options[numeric.option] = number(flag, value(), numeric.integer);
      continue;
    }
    switch (flag) {
      case "--state-file": {
        const v = value();
        if (!v) throw new Error("--state-file needs a path");
        options.stateFile = v;
        break;
      }
      case "--help":
      case "-h":
        process.stderr.write(`${USAGE}\n`);
        process.exit(0);
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`pingone-emulator: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  const info: EmulatorInfo = {
    apiUrl: emulator.apiUrl,
    authUrl: emulator.authUrl,
    organizationId: emulator.organizationId,
    adminEnvironmentId: emulator.adminEnvironmentId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    environmentId: emulator.environmentId,
    environmentIds: emulator.environmentIds,
    users: emulator.users,
    populations: emulator.populations,
    groups: emulator.groups,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stderr.write(`pingone-emulator: listening on ${info.authUrl} (API ${info.apiUrl})\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`pingone-emulator: ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`pingone-emulator: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
