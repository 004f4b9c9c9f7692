/**
 * `verify --stack <name>`: the target read from a deployed stack — its outputs (`environmentId`, `clientId`,
 * `clientSecret`, `signInUserId`) and its configuration (`stackone:*` for what the guide expects, `pingone:*` for the
 * provisioner, each falling back to its `PINGONE_*` variable as the provider does). Both come from the Pulumi CLI,
 * the secrets with `--show-secrets`, and never reach a message.
 */
import { spawnSync } from "node:child_process";
import { parseStackConfig, StackConfigError, workerAppSettings } from "../config";
import { resolveClientOptions } from "../pingone/core";
import type { ExpectedSettings, VerifyTarget } from "./target";

export interface StackSource {
  stack: string;
  /** `--config-file` for the stack's configuration, when it is not `Pulumi.<stack>.yaml` of the project. */
  configFile?: string;
  /** The project directory (where Pulumi.yaml is). Default: the working directory. */
  cwd?: string;
  /** The `pulumi` executable. Default: `pulumi` on PATH. */
  pulumi?: string;
}

/** Runs a `pulumi` command that prints JSON; its output holds secrets, so a failure quotes only stderr. */
function pulumiJson(source: StackSource, args: string[], env: NodeJS.ProcessEnv): unknown {
  const result = spawnSync(source.pulumi ?? "pulumi", [...args, "--stack", source.stack, "--non-interactive"], {
    cwd: source.cwd,
    env,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run pulumi ${args[0]}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`pulumi ${args.join(" ")} --stack ${source.stack} failed: ${result.stderr.trim()}`);
  const text = result.stdout;
  try {
    return JSON.parse(text.slice(Math.max(0, text.search(/[[{]/))));
  } catch {
    throw new Error(`pulumi ${args[0]} --stack ${source.stack} printed something that is not JSON`);
  }
}

const EXPECTED_KEYS = [
  "redirectUri",
  "pkceEnforcement",
  "refreshTokenDurationDays",
  "refreshTokenRollingDurationDays",
  "refreshTokenRollingGracePeriodSeconds",
  "groups",
  "groupPolicy",
  "scopes",
  "adminRole",
  "enabled",
] as const;

/** The target of a deployed stack. Throws naming what is missing (never a secret). */
export function targetFromStack(source: StackSource, env: NodeJS.ProcessEnv): VerifyTarget {
  const configArgs = [
    "config",
    "--json",
    "--show-secrets",
    ...(source.configFile ? ["--config-file", source.configFile] : []),
  ];
  const config = pulumiJson(source, configArgs, env) as Record<string, { value?: unknown; secret?: boolean }>;
  const outputs = pulumiJson(source, ["stack", "output", "--json", "--show-secrets"], env) as Record<string, unknown>;

  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [key, entry] of Object.entries(config)) {
    values[key] = entry.value;
    if (entry.secret) secretKeys.add(key);
  }
  let expected: ExpectedSettings = {};
  try {
    const settings = workerAppSettings(parseStackConfig(values, { env, secretKeys }));
    expected = Object.fromEntries(
      EXPECTED_KEYS.filter((k) => settings[k] !== undefined).map((k) => [k, settings[k]]),
    ) as ExpectedSettings;
  } catch (err) {
    if (err instanceof StackConfigError)
      throw new Error(`the configuration of stack ${source.stack} is not valid: ${err.message}`);
    throw err;
  }

  const missing = ["environmentId", "clientId", "clientSecret", "signInUserId"].filter(
    (k) => typeof outputs[k] !== "string" || outputs[k] === "",
  );
  if (missing.length > 0) {
    throw new Error(
      `stack ${source.stack} has no output ${missing.join(", ")}: run \`pulumi up\` first (verify checks a deployed stack)`,
    );
  }
  const provisioner = resolveClientOptions((key) => {
    const v = values[key];
    return typeof v === "string" ? v : undefined;
  }, env);
  return {
    environmentId: outputs.environmentId as string,
    clientId: outputs.clientId as string,
    clientSecret: outputs.clientSecret as string,
    signIn: { userId: outputs.signInUserId as string },
    provisioner,
    ...(Object.keys(expected).length > 0 ? { settings: expected } : {}),
  };
}
