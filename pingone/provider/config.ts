/**
 * The provider's configuration: the provisioner's credentials, as the `pingone:*` stack config of the default
 * provider or the inputs of an explicit `pingone.Provider`, each falling back to its `PINGONE_*` variable in the
 * provider process. The values from the environment are used, never written back: they reach neither the
 * provider's inputs nor the state.
 */
import type { PingOneClientOptions } from "../client/api";
import type { ValidationFailure } from "../core/common";
import { CREDENTIAL_SETTINGS, resolveClientOptions } from "../core/credentials";

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
 * `CheckConfig`: every setting given (or found in the environment) is checked, one failure per bad key, naming the
 * key and the value (never a secret's value). Missing credentials are not judged here: they are reported by
 * `Configure`, all at once, when the provider is about to be used.
 */
export function checkProviderConfig(args: Props, env: Record<string, string | undefined>): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const lookup = configLookup(args);
  for (const s of CREDENTIAL_SETTINGS) {
    const value = args[s.option];
    if (value !== undefined && value !== null && typeof value !== "string") {
      failures.push({ property: s.option, reason: `${s.configKey} must be a string` });
    }
  }
  if (failures.length) return failures;
  // Each optional setting alone, with placeholders for the required ones, so every problem is reported.
  const placeholders: Record<string, string> = {};
  for (const s of CREDENTIAL_SETTINGS) if (s.required) placeholders[s.configKey] = "placeholder";
  for (const s of CREDENTIAL_SETTINGS) {
    if (s.required) continue;
    try {
      resolveClientOptions((key) => (key === s.configKey ? lookup(key) : placeholders[key]), key(env, s.envVar));
    } catch (err) {
      failures.push({ property: s.option, reason: (err as Error).message });
    }
  }
  return failures;
}

function key(env: Record<string, string | undefined>, name: string): Record<string, string | undefined> {
  return { [name]: env[name] };
}

/** `Configure`: the client options, or one error listing every missing setting (and its variable). */
export function providerClientOptions(args: Props, env: Record<string, string | undefined>): PingOneClientOptions {
  return resolveClientOptions(configLookup(args), env);
}
