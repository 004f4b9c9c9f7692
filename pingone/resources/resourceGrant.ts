/**
 * `pingone:ResourceGrant` — the scopes an application may request from one resource (default "openid"). One grant
 * per resource: an existing grant of that resource on the application is taken over and, from then on, owned
 * (destroy deletes it). Scopes update in place; a change of environment, application or resource replaces.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceGrantInputs, ResourceGrantOutputs } from "../core/model";
import {
  createResourceGrant,
  deleteResourceGrant,
  diffResourceGrant,
  readResourceGrant,
  updateResourceGrant,
  validateResourceGrantInputs,
} from "../core/resourceGrant";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, TYPE_KEY, pingOneResourcesProvider, registerProviderType } from "./provider";

function inputsOf(out: ResourceGrantOutputs): ResourceGrantInputs {
  const inputs: ResourceGrantInputs = { environmentId: out.environmentId, applicationId: out.applicationId, scopes: out.scopes };
  if (out.resourceName !== undefined) inputs.resourceName = out.resourceName;
  return inputs;
}

/** The dynamic provider of `ResourceGrant`. Holds no credentials until `configure` runs in the provider process. */
export class ResourceGrantProvider extends PingOneProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: ResourceGrantInputs, news: ResourceGrantInputs): Promise<pulumi.dynamic.CheckResult<ResourceGrantInputs>> {
    return checkResult(news, validateResourceGrantInputs(withoutProvider(news) as unknown as Record<string, unknown>));
  }

  async diff(_id: string, olds: ResourceGrantOutputs, news: ResourceGrantInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffResult(diffResourceGrant(olds, news));
  }

  async create(inputs: ResourceGrantInputs): Promise<pulumi.dynamic.CreateResult<ResourceGrantOutputs>> {
    return guarded(async () => {
      const out = await createResourceGrant(this.api(), withoutProvider(inputs));
      return { id: out.grantId, outs: clean(out) };
    });
  }

  async read(id: string, props: ResourceGrantOutputs): Promise<pulumi.dynamic.ReadResult<ResourceGrantOutputs>> {
    return guarded(async () => {
      const out = await readResourceGrant(this.api(), id, withoutProvider(props));
      if (!out) return {};
      return { id, props: clean(out), inputs: clean(inputsOf(out)) as ResourceGrantOutputs };
    });
  }

  async update(id: string, olds: ResourceGrantOutputs, news: ResourceGrantInputs): Promise<pulumi.dynamic.UpdateResult<ResourceGrantOutputs>> {
    return guarded(async () => {
      const out = await updateResourceGrant(this.api(), id, withoutProvider(olds), withoutProvider(news));
      return { outs: clean(out) };
    });
  }

  async delete(id: string, props: ResourceGrantOutputs): Promise<void> {
    return guarded(async () => {
      await deleteResourceGrant(this.api(), id, withoutProvider(props));
    });
  }
}

registerProviderType("ResourceGrant", ResourceGrantProvider);

export interface ResourceGrantArgs {
  readonly environmentId: pulumi.Input<string>;
  readonly applicationId: pulumi.Input<string>;
  /** Resource name; default "openid" (the built-in OPENID_CONNECT resource). */
  readonly resourceName?: pulumi.Input<string>;
  /** Scope names, e.g. ["openid", "profile", "email"]; compared as a set. */
  readonly scopes: pulumi.Input<string[]>;
}


/** An application's grant on one resource. Type `pulumi-nodejs:dynamic/pingone:ResourceGrant`. */
export class ResourceGrant extends pulumi.dynamic.Resource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly resourceName: pulumi.Output<string | undefined>;
  declare readonly scopes: pulumi.Output<string[]>;
  declare readonly grantId: pulumi.Output<string>;
  declare readonly resourceId: pulumi.Output<string>;
  declare readonly scopeIds: pulumi.Output<string[]>;

  constructor(name: string, args: ResourceGrantArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      resourceName: undefined,
      ...args,
      grantId: undefined,
      resourceId: undefined,
      scopeIds: undefined,
    };
    super(
      pingOneResourcesProvider(),
      name,
      { ...props, [TYPE_KEY]: "ResourceGrant" }, opts, "pingone", "ResourceGrant");
  }
}
