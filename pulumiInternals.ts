/**
 * Every use this project makes of the Pulumi Node.js SDK (`@pulumi/pulumi`) beyond its documented API, in one place:
 * the program, the stackone plugin and the launcher reach the SDK's internals only through this module, and each
 * reliance is described here once. Written for `@pulumi/pulumi` {@link PULUMI_SDK_VERSION}; `pulumiInternals.test.ts`
 * checks every one against the installed SDK (the module exists, the function or property is there and has the
 * shape relied on) and fails, naming what to re-check, when `package.json` pins another version.
 *
 * 1. **The SDK's own modules instead of its index.** `@pulumi/pulumi` (the index) also loads the Automation API, the
 *    closure serializer, dynamic providers and the provider server: about 570 more modules and 0.4 s of CPU at every
 *    start of a program (docs/performance.md). So the program takes `getStack` from `runtime/settings`, the stack's
 *    configuration from `runtime/config` and `RunError` from `errors` (through this module); the component
 *    (components/) and the stackone plugin's Construct import the SDK's public classes from `errors`, `output` and
 *    `resource`; the generated Node.js SDKs do the same through the `pulumi.ts` / `pulumiRuntime.ts` that tools/gen
 *    adds to them (tools/gen/nodejs/). The test checks that each of those modules exists and exports what the index
 *    does under the same names (the same objects).
 * 2. **Which configuration keys are secret**: `runtime/config`'s `isConfigSecret`, in the SDK's JavaScript but not its
 *    type declarations. Without it the program cannot refuse a credential set without `--secret`; when an SDK has
 *    none, {@link stackConfiguration} says so (`secretKeys` undefined) rather than guessing.
 * 3. **Quiet promise stacks** ({@link quietPromiseStacks}, run by bin/program.js before the program): the SDK's runtime
 *    (`runtime/debuggable`) tags each promise it makes — four for every output property a resource declares, more
 *    for each registration and RPC — with `new Error().stack`, read at once. The language host's runner has installed
 *    source-map-support, so every such read maps each frame through the source maps: in this program's no-op preview
 *    about 0.1 s of CPU, on the critical path between the Stack's registration and the resources'. The SDK reads that
 *    property only to print leaked promises when PULUMI_DEBUG_PROMISE_LEAKS is set (`debugPromiseLeaks`); otherwise
 *    nothing ever does. So, with that unset, the SDK's own `debuggablePromise` still runs, unchanged, for every
 *    promise, only with Error.stackTraceLimit at 0 for its duration, and the property is an Error's first line, with
 *    no frames. Resources' source positions are untouched (the SDK takes them with a limit of its own), and so is
 *    every error the program or the SDK throws (the limit is back before other code runs). Relied on: the SDK's
 *    modules call it through the module object (`debuggable_1.debuggablePromise(…)`), so replacing the export reaches
 *    every caller.
 * 4. **A Construct run by the stackone plugin** ({@link constructRuntime}): the component is built in the plugin's
 *    process as a Node.js program's runtime would build it, with the functions the SDK's own provider server uses for
 *    that — a runtime state of its own (`runtime/state` `withLocalStorage`), the engine's settings
 *    (`runtime/settings` `resetOptions`, `awaitFeatureSupport`, `waitForRPCs`), the stack's configuration
 *    (`runtime/config` `setAllConfig`), the request's inputs (`provider/server` `deserializeInputs`) and the outputs
 *    (`runtime/rpc` `serializeResourceProperties`). `awaitFeatureSupport`, `waitForRPCs`, `withLocalStorage` and
 *    `deserializeInputs` are in the SDK's JavaScript but not its type declarations: typed here by hand.
 *
 * Not here: the gRPC stubs `@pulumi/pulumi/proto/*`, generated from Pulumi's published plugin protocol
 * (`proto/pulumi/*.proto`); both plugins import them directly (the test checks that each loads).
 *
 * Nothing is loaded when this module is: each SDK module is required by the function that uses it, so a plugin or the
 * program pays only for what it calls.
 */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as ConfigModule from "@pulumi/pulumi/runtime/config";
import type * as RpcModule from "@pulumi/pulumi/runtime/rpc";
import type * as SettingsModule from "@pulumi/pulumi/runtime/settings";
import type * as ErrorsModule from "@pulumi/pulumi/errors";
import type { ConstructRequest } from "@pulumi/pulumi/proto/provider_pb";

/** The `@pulumi/pulumi` version every reliance of this module was checked against: package.json pins the same. */
export const PULUMI_SDK_VERSION = "3.248.0";

/** The SDK's modules this module loads, by the name each is relied on under. */
export const SDK_MODULES = {
  config: "@pulumi/pulumi/runtime/config",
  debuggable: "@pulumi/pulumi/runtime/debuggable",
  errors: "@pulumi/pulumi/errors",
  providerServer: "@pulumi/pulumi/provider/server",
  rpc: "@pulumi/pulumi/runtime/rpc",
  settings: "@pulumi/pulumi/runtime/settings",
  state: "@pulumi/pulumi/runtime/state",
} as const;

/** `runtime/config` with what its type declarations leave out. */
type Config = typeof ConfigModule & { isConfigSecret?: (key: string) => boolean };

/** The stack's configuration (full keys to values) and which of its keys hold secrets (undefined: the SDK cannot say). */
export function stackConfiguration(): { config: Record<string, string>; secretKeys: ReadonlySet<string> | undefined } {
  const runtimeConfig = require(SDK_MODULES.config) as Config;
  const config = runtimeConfig.allConfig();
  const isSecret = runtimeConfig.isConfigSecret;
  const secretKeys = isSecret === undefined ? undefined : new Set(Object.keys(config).filter((key) => isSecret(key)));
  return { config, secretKeys };
}

/** The name of the stack the program runs for. */
export function getStack(): string {
  return (require(SDK_MODULES.settings) as typeof SettingsModule).getStack();
}

/** The SDK's error for a program that fails with a message of its own: the engine prints the message alone. */
export function runError(message: string): Error {
  const { RunError } = require(SDK_MODULES.errors) as typeof ErrorsModule;
  return new RunError(message);
}

/** `runtime/debuggable`, as far as {@link quietPromiseStacks} relies on it. */
export interface Debuggable {
  debuggablePromise<T>(promise: Promise<T>, ctx: unknown): Promise<T>;
  debugPromiseLeaks: boolean;
}

const QUIET_MARK = Symbol.for("stackone-pingone.quietPromiseStacks");

/**
 * Wraps the SDK's `debuggablePromise` in this process (once) so that its promise tags carry no stack frames (see the
 * module's 3.); returns whether the wrapper is installed. `debuggable` is the SDK's module (a test passes its own).
 */
export function quietPromiseStacks(debuggable: Debuggable = require(SDK_MODULES.debuggable) as Debuggable): boolean {
  const original = debuggable.debuggablePromise as Debuggable["debuggablePromise"] & { [QUIET_MARK]?: true };
  if (typeof original !== "function") return false;
  if (original[QUIET_MARK]) return true;
  const quiet = function debuggablePromise<T>(promise: Promise<T>, ctx: unknown): Promise<T> {
    if (debuggable.debugPromiseLeaks) return original(promise, ctx);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(promise, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  (quiet as typeof original)[QUIET_MARK] = true;
  debuggable.debuggablePromise = quiet;
  return true;
}

/** What a Construct runs on: the SDK's runtime functions of the module's 4. */
export interface ConstructRuntime {
  /** Runs `run` with a runtime state of its own, as each program run has. */
  withLocalStorage<T>(run: () => Promise<T>): Promise<T>;
  resetOptions: typeof SettingsModule.resetOptions;
  /** Asks the engine which features it supports (secrets, resource references, …), before anything registers. */
  awaitFeatureSupport(): Promise<void>;
  setAllConfig: typeof ConfigModule.setAllConfig;
  /** A request's inputs as a program's: outputs with their dependencies, secrets, resource references. */
  deserializeInputs(
    inputs: Struct | undefined,
    dependencies: ReturnType<ConstructRequest["getInputdependenciesMap"]>,
  ): Promise<Record<string, unknown>>;
  serializeResourceProperties: typeof RpcModule.serializeResourceProperties;
  /** Resolves once every registration and RPC started so far has reached the engine. */
  waitForRPCs(): Promise<void>;
}

/** The SDK's runtime for a Construct (loads most of it: the stackone plugin calls this at its first Construct). */
export function constructRuntime(): ConstructRuntime {
  const settings = require(SDK_MODULES.settings) as typeof SettingsModule &
    Pick<ConstructRuntime, "awaitFeatureSupport" | "waitForRPCs">;
  const state = require(SDK_MODULES.state) as Pick<ConstructRuntime, "withLocalStorage">;
  const config = require(SDK_MODULES.config) as typeof ConfigModule;
  const server = require(SDK_MODULES.providerServer) as Pick<ConstructRuntime, "deserializeInputs">;
  const rpc = require(SDK_MODULES.rpc) as typeof RpcModule;
  return {
    withLocalStorage: (run) => state.withLocalStorage(run),
    resetOptions: (...args) => settings.resetOptions(...args),
    awaitFeatureSupport: () => settings.awaitFeatureSupport(),
    setAllConfig: (...args) => config.setAllConfig(...args),
    deserializeInputs: (inputs, dependencies) => server.deserializeInputs(inputs, dependencies),
    serializeResourceProperties: (...args) => rpc.serializeResourceProperties(...args),
    waitForRPCs: () => settings.waitForRPCs(),
  };
}
