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
import { getProviderInfo } from "@stackone/pulumi-pingone";
import { validateStackCredentialSettings } from "./pingone/core/credentials";
import { stackConfiguration } from "./pulumiInternals";

export { stackConfiguration };

const { config, secretKeys } = stackConfiguration();
if (validateStackCredentialSettings(config, process.env, secretKeys).failures.length === 0) {
  getProviderInfo().catch(() => undefined);
}
