#!/usr/bin/env node
/**
 * `node dist/scripts/local/prepare.js <emulator-info.json> <user Pulumi.local.yaml> <derived stack config>`
 *
 * Used by scripts/local.sh: writes the derived stack config (see ./stackConfig.ts) and prints, on stdout, the
 * `export PINGONE_…=…` lines that point the program's provider at the emulator (for `eval`). Notes go to stderr;
 * the provisioner's secret only ever goes to stdout, for the calling shell.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorInfo } from "../../emulator/types";
import { deriveStackConfig, emulatorTarget } from "./stackConfig";

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The provider's environment for the emulator (pingone:* stack config, when the user sets it, wins over these). */
export function providerEnv(info: EmulatorInfo): Record<string, string> {
  return {
    PINGONE_CLIENT_ID: info.clientId,
    PINGONE_CLIENT_SECRET: info.clientSecret,
    PINGONE_ENVIRONMENT_ID: info.adminEnvironmentId,
    PINGONE_API_URL: info.apiUrl,
    PINGONE_AUTH_URL: info.authUrl,
  };
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

function main(argv: string[]): number {
  if (argv.length !== 3) {
    process.stderr.write("usage: prepare.js <emulator-info.json> <user Pulumi.local.yaml> <derived stack config>\n");
    return 2;
  }
  const [infoFile, userFile, derivedFile] = argv;
  const info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as EmulatorInfo;
  const derived = deriveStackConfig(
    readIfExists(userFile),
    readIfExists(derivedFile),
    emulatorTarget(info),
    path.basename(userFile),
  );
  fs.mkdirSync(path.dirname(derivedFile), { recursive: true });
  fs.writeFileSync(derivedFile, derived.yaml, { mode: 0o600 });
  for (const key of derived.filled) {
    process.stderr.write(`local: ${key} not set in ${path.basename(userFile)}; using the emulator's\n`);
  }
  for (const [name, value] of Object.entries(providerEnv(info))) {
    process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`local: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
