/**
 * Imported first by a program, before its heavier modules: asks the pingone provider for its version, which makes
 * the engine start the plugin now, while the rest of the program loads, instead of at the program's first
 * resource. Nothing waits for the answer; a failure here (a provider not yet configured, say) is reported where it
 * matters, by the first resource.
 *
 * Not when a `pingone:*` setting is invalid: the program reports it, with every other problem of its configuration,
 * and registers nothing; a provider started now would report it a second time. Both apply one rule
 * (`validateStackCredentialSettings`, pingone/core/credentials.ts) to the same configuration, read here.
 */
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { getProviderInfo } from "@stackone/pulumi-pingone";
import { validateStackCredentialSettings } from "./pingone/core/credentials";

/** The stack's configuration (full keys to values) and which of its keys hold secrets. */
export function stackConfiguration(): { config: Record<string, string>; secretKeys: ReadonlySet<string> | undefined } {
  const config = runtimeConfig.allConfig();
  // Present in the SDK's runtime, though not in its type declarations.
  const isSecret = (runtimeConfig as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  const secretKeys = isSecret === undefined ? undefined : new Set(Object.keys(config).filter((key) => isSecret(key)));
  return { config, secretKeys };
}

const { config, secretKeys } = stackConfiguration();
if (validateStackCredentialSettings(config, process.env, secretKeys).failures.length === 0) {
  getProviderInfo().catch(() => undefined);
}
