/**
 * The provider's configuration: the provisioner's credentials, as the `pingone:*` stack config of the default
 * provider or the inputs of an explicit `pingone.Provider`, each falling back to its `PINGONE_*` variable in the
 * provider process. The values from the environment are used, never written back: they reach neither the
 * provider's inputs nor the state.
 */
import type { PingOneClientOptions } from "../client/api";
import type { ValidationFailure } from "../core/common";
import {
  CREDENTIAL_SETTINGS,
  credentialFailureLabel,
  resolveClientOptions,
  validateCredentialSettings,
} from "../core/credentials";

export type Props = Record<string, unknown>;

/** The provider's own input keys (`clientId`, …), as they appear without the `pingone:` namespace. */
export const PROVIDER_CONFIG_KEYS: readonly string[] = CREDENTIAL_SETTINGS.map((s) => s.option);

/** The inputs as strings, by their `pingone:<key>` names; other keys (the engine's `version`) are ignored. */
function configLookup(args: Props): (key: string) => string | undefined {
  return (configKey) => {
    const value = args[configKey.replace(/^pingone:/, "")];
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  };
}

/**
 * `CheckConfig`: every setting given (or found in the environment) is checked by the one rule the program's
 * configuration uses too (`validateCredentialSettings`), one failure per bad key, naming the key — or the variable
 * the value came from — and the value (never a secret's value). Missing credentials are not judged here: they are
 * reported by `Configure`, all at once, when the provider is about to be used.
 */
export function checkProviderConfig(args: Props, env: Record<string, string | undefined>): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  for (const s of CREDENTIAL_SETTINGS) {
    const value = args[s.option];
    if (value !== undefined && value !== null && typeof value !== "string") {
      failures.push({ property: s.option, reason: `${s.configKey} must be a string` });
    }
  }
  if (failures.length) return failures;
  const lookup = configLookup(args);
  const values: Record<string, string | undefined> = {};
  for (const s of CREDENTIAL_SETTINGS) values[s.configKey] = lookup(s.configKey);
  const option = (key: string) =>
    CREDENTIAL_SETTINGS.find((s) => s.configKey === key || s.envVar === key)?.option ?? key;
  return validateCredentialSettings(values, env, { requireCredentials: false }).failures.map((f) => ({
    property: option(f.key),
    reason: `${credentialFailureLabel(f)}: ${f.message}`,
  }));
}

/**
 * `Configure`: the client options, or one error listing every missing setting (and its variable) and every invalid
 * one. With `secrecy` (the names of the inputs that arrived as secrets, and the provider's name), a `clientSecret`
 * input in plain text is refused: the engine passes the default provider's stack config to Configure with its
 * secretness (CheckConfig sees it stripped), so this is where `pulumi config set pingone:clientSecret` without
 * `--secret` is caught — before any request, and before the provider is recorded in the state.
 */
export function providerClientOptions(
  args: Props,
  env: Record<string, string | undefined>,
  secrecy?: { secretKeys: ReadonlySet<string>; providerName: string | undefined },
): PingOneClientOptions {
  if (secrecy === undefined) return resolveClientOptions(configLookup(args), env);
  const name = secrecy.providerName;
  const isDefault = name === undefined || name === "" || name === "default" || name.startsWith("default_");
  return resolveClientOptions(configLookup(args), env, {
    secretKeys: secrecy.secretKeys,
    refusePlainSecret: isDefault ? "config" : { provider: name },
  });
}
