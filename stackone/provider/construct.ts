/**
 * `Construct` of `stackone:pingone:WorkerApp`: builds the very StackOneWorkerApp a TypeScript program builds
 * (components/stackoneWorkerApp.ts), in this process, against the engine's resource monitor. The component's
 * children register with the engine as a TypeScript program's do; their provider is the `pingone` provider the
 * program passed in `providers`, or the default one (`pingone:*` config).
 *
 * Loaded at the first Construct (or right after Configure), not with the plugin: it loads most of the Node SDK's
 * runtime, and the engine waits for the plugin's port before anything else (README.md of this folder).
 *
 * It uses the SDK's own runtime for what a Node program's runtime does (settings, config, input deserialization,
 * output serialization), through pulumiInternals.ts, which describes each function relied on.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as pulumi from "@pulumi/pulumi";
import { DependencyProviderResource, DependencyResource, rootStackResource, type Alias } from "@pulumi/pulumi/resource";
import { ConstructRequest, ConstructResponse } from "@pulumi/pulumi/proto/provider_pb";
import { StackOneWorkerApp, type StackOneWorkerAppArgs } from "../../components/stackoneWorkerApp";
import { COMPONENT_TYPE } from "../../components/tokens";
import { constructRuntime } from "../../pulumiInternals";
import schema from "../schema.json";

const runtime = constructRuntime();

/** The component's outputs, as the schema declares them: each is read off the component and returned as its state. */
export const OUTPUT_NAMES = Object.keys(
  (schema.resources as Record<string, { properties: Record<string, unknown> }>)[COMPONENT_TYPE].properties,
) as (keyof StackOneWorkerApp)[];

/** An error of the engine's request itself (not of the program): the plugin answers it as such. */
export class ConstructRequestError extends Error {}

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/** The component's resource options from the request: parent, dependencies, providers, protect, aliases, … */
function optionsOf(req: ConstructRequest): pulumi.ComponentResourceOptions {
  const providers: Record<string, pulumi.ProviderResource> = {};
  for (const [pkg, ref] of req.getProvidersMap().entries()) providers[pkg] = new DependencyProviderResource(ref);
  const aliases: (Alias | string)[] = [];
  for (const alias of req.getAliasesList()) {
    if (alias.hasUrn()) aliases.push(alias.getUrn());
    const spec = alias.getSpec();
    if (spec !== undefined) {
      aliases.push({
        ...(spec.getName() !== "" ? { name: spec.getName() } : {}),
        ...(spec.getProject() !== "" ? { project: spec.getProject() } : {}),
        ...(spec.getStack() !== "" ? { stack: spec.getStack() } : {}),
        ...(spec.hasParenturn()
          ? { parent: spec.getParenturn() }
          : spec.getNoparent()
            ? { parent: rootStackResource }
            : {}),
      });
    }
  }
  return {
    ...(req.getParent() !== "" ? { parent: new DependencyResource(req.getParent()) } : {}),
    dependsOn: req.getDependenciesList().map((urn) => new DependencyResource(urn)),
    providers,
    aliases,
    ...(req.getProtect() === true ? { protect: true } : {}),
    ...(req.getRetainondelete() === true ? { retainOnDelete: true } : {}),
    ...(req.getDeletedwith() !== "" ? { deletedWith: new DependencyResource(req.getDeletedwith()) } : {}),
    ignoreChanges: req.getIgnorechangesList(),
  };
}

/** Builds the component the request names, waits for its children's registrations, and answers its outputs. */
export function construct(req: ConstructRequest, engineAddress: string): Promise<ConstructResponse> {
  // A store of the SDK's runtime state of its own, as each program run has.
  return runtime.withLocalStorage(async () => {
    const type = req.getType();
    const name = req.getName();
    if (type !== COMPONENT_TYPE) {
      throw new ConstructRequestError(
        `the stackone provider constructs ${COMPONENT_TYPE} only; it was asked for ${type} "${name}"`,
      );
    }
    runtime.resetOptions(
      req.getProject(),
      req.getStack(),
      req.getParallel(),
      engineAddress,
      req.getMonitorendpoint(),
      req.getDryrun(),
      req.getOrganization(),
    );
    await runtime.awaitFeatureSupport();
    runtime.setAllConfig(Object.fromEntries(req.getConfigMap().entries()), req.getConfigsecretkeysList());
    const inputs = await runtime.deserializeInputs(req.getInputs(), req.getInputdependenciesMap());

    const app = new StackOneWorkerApp(name, inputs as unknown as StackOneWorkerAppArgs, optionsOf(req));

    const outputs: Record<string, unknown> = {};
    for (const key of OUTPUT_NAMES) outputs[key] = app[key];
    const [properties, dependencies] = await runtime.serializeResourceProperties(
      `construct(${type}, ${name})`,
      outputs,
    );
    const res = new ConstructResponse().setUrn(await promiseOf(app.urn));
    const dependencyMap = res.getStatedependenciesMap();
    for (const [key, resources] of dependencies) {
      const urns = await Promise.all([...resources].map((r) => promiseOf(r.urn)));
      dependencyMap.set(key, new ConstructResponse.PropertyDependencies().setUrnsList(urns));
    }
    res.setState(Struct.fromJavaScript(properties as never));
    // Every registration the component made has reached the engine before the engine hears it is done.
    await runtime.waitForRPCs();
    return res;
  });
}
