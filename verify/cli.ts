#!/usr/bin/env node
/**
 * `npm run verify -- --stack <name> [--config-file <file>] [--sign-in-password <password>] [--json]`, or with explicit
 * values: `npm run verify -- --environment-id <id> --client-id <id> --client-secret <secret> --sign-in-username <name>
 *  [--sign-in-password <password>] [--redirect-uri <uri>] [--scopes "openid profile email"] [--admin-role <role>] [--json]`
 *
 * The provisioner's credentials come from the same PINGONE_* variables the project's client reads
 * (pingone/core/credentials.ts). The secret may also come from STACKONE_CLIENT_SECRET, the password from
 * STACKONE_SIGN_IN_PASSWORD, so neither has to appear in the process list. Exit 0: every check passed; 1: a check
 * failed; 2: bad arguments or credentials.
 *
 * `--stack` reads the target from a deployed stack (`stack.ts`): its outputs and its `stackone:*` / `pingone:*`
 * configuration, through the `pulumi` CLI on PATH, run in the working directory (the project).
 */
import {
  ADMIN_ROLE_NAMES,
  AdminRole,
  redirectUriProblem,
  scopesProblem,
  uuidProblem,
} from "../components/workerAppPlan";
import { resolveClientOptions } from "../pingone/core";
import { formatReport } from "./report";
import type { VerifyTarget } from "./target";
import { targetFromStack, type StackSource } from "./stack";
import { runVerify } from "./verify";

export const USAGE = `usage: npm run verify -- --stack <name> [--config-file <file>] [--sign-in-password <password>] [--json]
   or: npm run verify -- --environment-id <id> --client-id <id> (--client-secret <secret> | env STACKONE_CLIENT_SECRET)
                      (--sign-in-username <name> | --sign-in-user-id <id>) [--sign-in-password <password>]
                      [--redirect-uri <uri>] [--scopes "<scope> <scope>…"] [--admin-role ${ADMIN_ROLE_NAMES.join("|")}] [--json]
The provisioner's credentials: PINGONE_ENVIRONMENT_ID, PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET, PINGONE_REGION_CODE,
PINGONE_API_URL, PINGONE_AUTH_URL, PINGONE_TOKEN_ENDPOINT_AUTH_METHOD.`;

export class UsageError extends Error {}

export interface ParsedArgs {
  /** The explicit values, or (with `--stack`) undefined: the target then comes from `stack`. */
  target?: VerifyTarget;
  stack?: StackSource & { signInPassword?: string };
  json: boolean;
}

const FLAGS = [
  "--stack",
  "--config-file",
  "--environment-id",
  "--client-id",
  "--client-secret",
  "--sign-in-username",
  "--sign-in-user-id",
  "--sign-in-password",
  "--redirect-uri",
  "--scopes",
  "--admin-role",
] as const;
const SECRET_FLAGS = ["--client-secret", "--sign-in-password"];

/** Flags and environment → a VerifyTarget. Every problem is reported at once, naming the flag (never a secret's value). */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") {
      json = true;
      continue;
    }
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (!(FLAGS as readonly string[]).includes(flag)) {
      problems.push(
        `unknown argument ${JSON.stringify(SECRET_FLAGS.some((f) => arg.startsWith(`${f}=`)) ? flag : arg)}; allowed: ${FLAGS.join(", ")}, --json`,
      );
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
      problems.push(`${flag} needs a value`);
      if (inline === undefined && value?.startsWith("--")) i--;
      continue;
    }
    values[flag] = value;
  }
  const secret = values["--client-secret"] ?? env.STACKONE_CLIENT_SECRET;
  const password = values["--sign-in-password"] ?? env.STACKONE_SIGN_IN_PASSWORD;
  if (values["--stack"] !== undefined) {
    const explicit = FLAGS.filter(
      (f) => !["--stack", "--config-file", "--sign-in-password"].includes(f) && values[f] !== undefined,
    );
    for (const f of explicit)
      problems.push(`${f} is not used with --stack: the stack's outputs and configuration say it`);
    if (problems.length > 0) throw new UsageError(problems.join("\n"));
    return {
      stack: {
        stack: values["--stack"],
        ...(values["--config-file"] !== undefined ? { configFile: values["--config-file"] } : {}),
        ...(password !== undefined && password !== "" ? { signInPassword: password } : {}),
      },
      json,
    };
  }
  if (values["--config-file"] !== undefined) problems.push("--config-file is used only with --stack");
  const check = (flag: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${flag}: ${problem}`);
  };
  const envId = values["--environment-id"];
  const clientId = values["--client-id"];
  if (envId === undefined) problems.push("--environment-id is required: the PingOne environment StackOne connects to");
  else check("--environment-id", uuidProblem(envId, "the id of the environment that holds the StackOne application"));
  if (clientId === undefined) problems.push("--client-id is required: the StackOne application's client ID");
  else check("--client-id", uuidProblem(clientId, "the StackOne application's client ID"));
  if (secret === undefined || secret === "")
    problems.push("--client-secret (or STACKONE_CLIENT_SECRET) is required: the StackOne application's client secret");
  const username = values["--sign-in-username"];
  const userId = values["--sign-in-user-id"];
  if (username !== undefined && userId !== undefined)
    problems.push("--sign-in-username and --sign-in-user-id are both given; give exactly one");
  else if (username === undefined && userId === undefined)
    problems.push(
      "--sign-in-username or --sign-in-user-id is required: the user who signs in during the StackOne connection",
    );
  else if (userId !== undefined)
    check("--sign-in-user-id", uuidProblem(userId, "the id of the user who signs in during the StackOne connection"));
  const redirectUri = values["--redirect-uri"];
  if (redirectUri !== undefined) check("--redirect-uri", redirectUriProblem(redirectUri));
  const scopes = values["--scopes"]?.split(/[\s,]+/).filter((s) => s !== "");
  if (scopes !== undefined) check("--scopes", scopesProblem(scopes));
  const adminRole = values["--admin-role"];
  if (adminRole !== undefined && !(ADMIN_ROLE_NAMES as string[]).includes(adminRole))
    problems.push(
      `--admin-role: ${JSON.stringify(adminRole)} is not allowed; expected one of ${ADMIN_ROLE_NAMES.join(", ")}`,
    );
  let provisioner;
  try {
    provisioner = resolveClientOptions(() => undefined, env);
  } catch (err) {
    problems.push(
      (err as Error).message.replace(
        /Set them with `pulumi config set <key>`[^.]*\./,
        "Set the PINGONE_* environment variables.",
      ),
    );
  }
  if (problems.length > 0 || provisioner === undefined) throw new UsageError(problems.join("\n"));
  const target: VerifyTarget = {
    environmentId: envId as string,
    clientId: clientId as string,
    clientSecret: secret as string,
    signIn: username !== undefined ? { username } : { userId: userId as string },
    provisioner,
  };
  if (password !== undefined && password !== "") target.signInPassword = password;
  const settings: VerifyTarget["settings"] = {};
  if (redirectUri !== undefined) settings.redirectUri = redirectUri;
  if (scopes !== undefined) settings.scopes = scopes;
  if (adminRole !== undefined) settings.adminRole = adminRole as AdminRole;
  if (Object.keys(settings).length > 0) target.settings = settings;
  return { target, json };
}

/** Runs verify for a target and writes the report; resolves to the exit code. */
export async function verifyAndReport(
  target: VerifyTarget,
  json: boolean,
  out: (text: string) => void,
): Promise<number> {
  const report = await runVerify(target);
  out(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.ok ? 0 : 1;
}

async function main(): Promise<void> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`verify: ${err.message.split("\n").join("\nverify: ")}\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  let target = parsed.target;
  if (parsed.stack !== undefined) {
    const { signInPassword, ...source } = parsed.stack;
    target = { ...targetFromStack(source, process.env), ...(signInPassword !== undefined ? { signInPassword } : {}) };
  }
  process.exit(await verifyAndReport(target as VerifyTarget, parsed.json, (text) => process.stdout.write(text)));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`verify: ${(err as Error).message}\n`);
    process.exit(2);
  });
}
