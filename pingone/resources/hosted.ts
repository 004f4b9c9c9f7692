/**
 * The entry of the provider module (`providerModule.ts`): what Pulumi's dynamic-provider host runs. It loads the
 * four type providers, which register themselves, and `handler()` gives the host the one provider object that
 * dispatches between them.
 *
 * Nothing imported from here may load `@pulumi/pulumi` at run time (types only): the module is evaluated inside the
 * host, and `providerModule.ts` refuses any package but zod.
 */
import "./application";
import "./applicationSecret";
import "./resourceGrant";
import "./userRoleAssignment";
import { PingOneResourcesProvider } from "./provider";

/** A fresh provider object: one per distinct `__provider` text in the host process (the host caches it by text). */
export function handler(): PingOneResourcesProvider {
  return new PingOneResourcesProvider();
}
