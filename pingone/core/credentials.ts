/**
 * The provisioner's own credentials: read from stack config (`pingone:*`) or the environment (`PINGONE_*`) at run
 * time, validated, and turned into client options. Nothing here is ever stored in a resource or its provider.
 */
import type { PingOneClientOptions } from "../client/api";
import { baseUrlCheck } from "../client/regions";
import { REGION_CODES, type RegionCode } from "../guide";
import { isUuidShaped, show } from "./common";
import { codePointLabel, escapeForDisplay } from "./rules";

export { REGION_CODES };
/** How the provisioner may send its secret to the token endpoint (the first is the default). */
export const PROVISIONER_TOKEN_ENDPOINT_AUTH_METHODS = ["CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"] as const;

/** Each setting: its stack config key, its environment variable, and whether it is required. */
export const CREDENTIAL_SETTINGS = [
  { option: "clientId", configKey: "pingone:clientId", envVar: "PINGONE_CLIENT_ID", required: true },
  { option: "clientSecret", configKey: "pingone:clientSecret", envVar: "PINGONE_CLIENT_SECRET", required: true },
  { option: "environmentId", configKey: "pingone:environmentId", envVar: "PINGONE_ENVIRONMENT_ID", required: true },
  { option: "regionCode", configKey: "pingone:regionCode", envVar: "PINGONE_REGION_CODE", required: false },
  { option: "apiUrl", configKey: "pingone:apiUrl", envVar: "PINGONE_API_URL", required: false },
  { option: "authUrl", configKey: "pingone:authUrl", envVar: "PINGONE_AUTH_URL", required: false },
  {
    option: "tokenEndpointAuthMethod",
    configKey: "pingone:tokenEndpointAuthMethod",
    envVar: "PINGONE_TOKEN_ENDPOINT_AUTH_METHOD",
    required: false,
  },
] as const;

/** One refused `pingone:*` setting. */
export interface CredentialFailure {
  /** Where the value came from: the config key (`pingone:regionCode`) or the environment variable (`PINGONE_REGION_CODE`). */
  key: string;
  source: "config" | "environment";
  /** `missing`: a required setting set nowhere; `invalid`: a value that breaks its rule. */
  kind: "missing" | "invalid";
  /** What is wrong and what is allowed; names the value (escaped, shortened) unless it is secret. */
  message: string;
}

/** The outcome of {@link validateCredentialSettings}. */
export interface CredentialSettingsCheck {
  failures: CredentialFailure[];
  /**
   * The settings in effect, normalised (trimmed; region upper-case; URLs without a trailing slash), each from config
   * else the environment. Only the valid ones are present.
   */
  settings: Partial<Record<CredentialOption, string>>;
}

export type CredentialOption = (typeof CREDENTIAL_SETTINGS)[number]["option"];

export interface CredentialCheckOptions {
  /**
   * Report the three required settings (clientId, clientSecret, environmentId) when neither config nor the
   * environment has them. Default true (the provider needs them); the program, which never uses them, passes false
   * and checks only the values that are set.
   */
  requireCredentials?: boolean;
  /** Config keys whose values must not be shown (pingone:clientSecret never is, whether listed or not). */
  secretKeys?: ReadonlySet<string>;
  /**
   * Refuse a `clientSecret` given in plain text, where its secretness is known: `secretKeys` then lists every secret
   * key (config keys such as `pingone:clientSecret`, or bare input names such as `clientSecret`). `"config"`: the
   * default provider's stack config (the program's check; the provider's Configure of its default instance);
   * `{ provider }`: the inputs of an explicit provider of that name.
   */
  refusePlainSecret?: "config" | { provider: string };
}

/**
 * The program's check of the `pingone:*` settings in a stack's configuration (full keys to values, other namespaces
 * ignored): only the values that are set (the program never uses the credentials; the provider reports missing
 * ones), and, where the secret keys are known, a client secret set without `--secret` refused. One rule for the
 * program's configuration check and its early start of the plugin, which must agree on what is wrong.
 */
export function validateStackCredentialSettings(
  config: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  secretKeys?: ReadonlySet<string>,
): CredentialSettingsCheck {
  const values: Record<string, string> = {};
  for (const s of CREDENTIAL_SETTINGS) {
    const value = config[s.configKey];
    if (value !== undefined) values[s.configKey] = String(value);
  }
  return validateCredentialSettings(values, env, {
    requireCredentials: false,
    secretKeys,
    ...(secretKeys !== undefined ? { refusePlainSecret: "config" as const } : {}),
  });
}

/**
 * The fix for a `pingone:clientSecret` set in plain text: Pulumi keeps a plain config value unencrypted in the stack
 * file, in the provider's inputs in the state, and in the state's history and backups.
 */
export const PLAIN_CLIENT_SECRET_FIX = "pulumi config set --secret pingone:clientSecret <value>";

/** Why a plain `clientSecret` is refused, and the fix. */
function plainSecretMessage(where: "config" | { provider: string }): string {
  return where === "config"
    ? "is set in plain text (the value is not shown): Pulumi would keep it unencrypted in the stack file, the state, " +
        `its history and backups; store it encrypted with \`${PLAIN_CLIENT_SECRET_FIX}\` (or set PINGONE_CLIENT_SECRET instead)`
    : `the clientSecret input of the pingone provider "${where.provider}" is not a secret (the value is not shown): Pulumi ` +
        "would keep it unencrypted in the state; pass it as a secret (`pulumi.secret(…)`, `config.requireSecret(…)`, " +
        "`fn::secret` in Pulumi YAML, or a secret config value)";
}

/**
 * The one check of the provider's own settings — `pingone:clientId`, `clientSecret`, `environmentId`, `regionCode`,
 * `apiUrl`, `authUrl`, `tokenEndpointAuthMethod`, each falling back to its `PINGONE_*` environment variable — used by
 * the provider (here, through {@link resolveClientOptions}) and by the program's configuration check (config.ts),
 * so a bad value fails before any resource is registered and both agree on what is good.
 *
 * Pure: `values` maps keys to values, either full config keys (`pingone:regionCode`) or bare option names
 * (`regionCode`, as a provider's CheckConfig receives them); `env` holds the environment variables. A blank value
 * counts as unset. Every problem is returned at once; nothing is thrown. The rules:
 * - `clientId`, `environmentId`: PingOne ids (UUIDs);
 * - `clientSecret`: no control characters inside; its value is never shown; with `refusePlainSecret`, refused when
 *   given in plain text (config set without `--secret`, or a provider input that is not a secret);
 * - `regionCode`: NA, EU, AP, AU, CA or SG, in any case (normalised to upper case);
 * - `apiUrl` (ending in /v1), `authUrl`: https base URLs, plain http only for a loopback host, no credentials, query
 *   or fragment (the client's own rule, pingone/client/regions.ts);
 * - `tokenEndpointAuthMethod`: CLIENT_SECRET_BASIC or CLIENT_SECRET_POST.
 */
export function validateCredentialSettings(
  values: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  options: CredentialCheckOptions = {},
): CredentialSettingsCheck {
  const failures: CredentialFailure[] = [];
  const settings: Partial<Record<CredentialOption, string>> = {};
  const secretKeys = options.secretKeys ?? new Set<string>();
  for (const s of CREDENTIAL_SETTINGS) {
    const fromConfig = values[s.configKey] ?? values[s.option];
    const inConfig = typeof fromConfig === "string" && fromConfig.trim() !== "";
    const raw = inConfig ? fromConfig : env[s.envVar];
    if (raw === undefined || raw.trim() === "") {
      if (s.required && options.requireCredentials !== false) {
        failures.push({
          key: s.configKey,
          source: "config",
          kind: "missing",
          message:
            `is not set; set it with \`pulumi config set ${s.option === "clientSecret" ? "--secret " : ""}${s.configKey} <value>\`` +
            ` or the environment variable ${s.envVar}`,
        });
      }
      continue;
    }
    const key = inConfig ? s.configKey : s.envVar;
    const secret = s.option === "clientSecret" || secretKeys.has(s.configKey);
    if (
      s.option === "clientSecret" &&
      inConfig &&
      options.refusePlainSecret !== undefined &&
      !secretKeys.has(s.configKey) &&
      !secretKeys.has(s.option)
    ) {
      failures.push({ key, source: "config", kind: "invalid", message: plainSecretMessage(options.refusePlainSecret) });
      continue;
    }
    const value = raw.trim();
    const problem = credentialValueProblem(s.option, value, secret ? "[secret]" : show(value));
    if (typeof problem === "string")
      failures.push({ key, source: inConfig ? "config" : "environment", kind: "invalid", message: problem });
    else settings[s.option] = problem.value;
  }
  return { failures, settings };
}

/**
 * One setting's rule, for callers holding a single value (the component's `regionCode` and `authUrl` arguments):
 * the normalised value, or the problem naming the value and what is allowed.
 */
export function checkCredentialSetting(
  option: CredentialOption,
  value: unknown,
): { value: string } | { problem: string } {
  if (typeof value !== "string" || value.trim() === "")
    return { problem: `${show(value)} is not allowed; expected a non-empty value` };
  const checked = credentialValueProblem(
    option,
    value.trim(),
    option === "clientSecret" ? "[secret]" : show(value.trim()),
  );
  return typeof checked === "string" ? { problem: checked } : checked;
}

/** One setting's rule: its normalised value, or the problem (`shown` stands for the value in the message). */
function credentialValueProblem(option: CredentialOption, value: string, shown: string): string | { value: string } {
  switch (option) {
    case "clientId":
    case "environmentId":
      return isUuidShaped(value)
        ? { value }
        : `${shown} is not a PingOne id; expected the ${option === "clientId" ? "client id" : "environment id"} of ` +
            "your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00";
    case "clientSecret": {
      const control = Array.from(value).find((c) => /\p{Cc}/u.test(c));
      return control === undefined
        ? { value }
        : `contains the control character ${codePointLabel(control)} (the value is not shown); ` +
            "expected the client secret of your provisioning Worker app as PingOne shows it";
    }
    case "regionCode": {
      const region = value.toUpperCase();
      return (REGION_CODES as readonly string[]).includes(region)
        ? { value: region }
        : `${shown} is not allowed; expected one of ${REGION_CODES.join(", ")}`;
    }
    case "apiUrl":
    case "authUrl": {
      const checked = baseUrlCheck(value, option === "apiUrl");
      if ("base" in checked) return { value: checked.base };
      // The URL rule names the value itself; a secret one is replaced.
      return shown === "[secret]"
        ? `is not a valid ${option}; the value is not shown`
        : escapeForDisplay(checked.problem);
    }
    case "tokenEndpointAuthMethod":
      return (PROVISIONER_TOKEN_ENDPOINT_AUTH_METHODS as readonly unknown[]).includes(value)
        ? { value: value as string }
        : `${shown} is not allowed; expected ${PROVISIONER_TOKEN_ENDPOINT_AUTH_METHODS.join(" or ")}`;
  }
}

/** How a failure is named in a message: the config key, or the environment variable marked as such. */
export function credentialFailureLabel(failure: CredentialFailure): string {
  return failure.source === "environment" ? `${failure.key} (environment variable)` : failure.key;
}

/**
 * Resolves the client options: each setting from `config(key)` first, then `env[VAR]`; blank counts as unset.
 * Throws one error listing every missing required setting and every invalid value (never a secret's value), as
 * {@link validateCredentialSettings} finds them.
 */
export function resolveClientOptions(
  config: (key: string) => string | undefined,
  env: Record<string, string | undefined>,
  check: Pick<CredentialCheckOptions, "secretKeys" | "refusePlainSecret"> = {},
): PingOneClientOptions {
  const values: Record<string, string | undefined> = {};
  for (const s of CREDENTIAL_SETTINGS) values[s.configKey] = config(s.configKey);
  const { failures, settings } = validateCredentialSettings(values, env, check);
  const missing = failures.filter((f) => f.kind === "missing");
  const invalid = failures.filter((f) => f.kind === "invalid");
  if (failures.length > 0) {
    const lines: string[] = [];
    if (missing.length > 0) {
      const names = missing.map(
        (f) => `${f.key} (or ${CREDENTIAL_SETTINGS.find((s) => s.configKey === f.key)?.envVar})`,
      );
      lines.push(
        `PingOne provider credentials are missing: ${names.join(", ")}. Set them with \`pulumi config set <key>\` ` +
          "(`--secret` for pingone:clientSecret) or as environment variables.",
      );
    }
    if (invalid.length > 0) {
      lines.push(
        `Invalid PingOne provider settings (${invalid.length}):\n` +
          invalid.map((f) => `  - ${credentialFailureLabel(f)}: ${f.message}`).join("\n"),
      );
    }
    throw new Error(lines.join("\n"));
  }
  const options: PingOneClientOptions = {
    clientId: settings.clientId as string,
    clientSecret: settings.clientSecret as string,
    environmentId: settings.environmentId as string,
  };
  if (settings.regionCode !== undefined) options.regionCode = settings.regionCode as RegionCode;
  if (settings.apiUrl !== undefined) options.apiUrl = settings.apiUrl;
  if (settings.authUrl !== undefined) options.authUrl = settings.authUrl;
  if (settings.tokenEndpointAuthMethod !== undefined) {
    options.tokenEndpointAuthMethod =
      settings.tokenEndpointAuthMethod as PingOneClientOptions["tokenEndpointAuthMethod"];
  }
  return options;
}

/** The key under which clients with these credentials share one token (no secret in it). */
export function tokenCacheKey(options: PingOneClientOptions): string {
  return [options.authUrl ?? `region:${options.regionCode ?? "NA"}`, options.environmentId, options.clientId].join("|");
}
