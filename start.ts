/**
 * Imported first by a program, before its heavier modules: asks the pingone provider for its version, which makes
 * the engine start the plugin now, while the rest of the program loads, instead of at the program's first
 * resource. Nothing waits for the answer; a failure here (a provider not yet configured, say) is reported where it
 * matters, by the first resource.
 */
import { getProviderInfo } from "@stackone/pulumi-pingone";

getProviderInfo().catch(() => undefined);
