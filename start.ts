/**
 * Imported first by a program, before its heavier modules: asks the pingone provider for its version, which makes
 * the engine start the plugin now, while the rest of the program loads, instead of at the program's first
 * resource. Nothing waits for the answer; a failure here (a provider not yet configured, say) is reported where it
 * matters, by the first resource.
 *
 * Not when a `pingone:*` setting is invalid: the program reports it, with every other problem of its configuration,
 * and registers nothing; a provider started now would report it a second time (its CheckConfig applies the same
 * rule, pingone/core/credentials.ts).
 */
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { getProviderInfo } from "@stackone/pulumi-pingone";
import { CREDENTIAL_SETTINGS, validateCredentialSettings } from "./pingone/core/credentials";

function pingoneSettingsValid(): boolean {
  const config = runtimeConfig.allConfig();
  const values: Record<string, string> = {};
  for (const s of CREDENTIAL_SETTINGS) {
    if (config[s.configKey] !== undefined) values[s.configKey] = String(config[s.configKey]);
  }
  return validateCredentialSettings(values, process.env, { requireCredentials: false }).failures.length === 0;
}

if (pingoneSettingsValid()) getProviderInfo().catch(() => undefined);
