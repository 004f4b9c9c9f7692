/**
 * `pingone:ResourceGrant` — the scopes an application may request from one resource (default "openid"). One grant
 * per resource: an existing grant of that resource on the application is taken over and, from then on, owned
 * (destroy deletes it). Scopes update in place; a change of environment, application or resource replaces.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceGrantInputs, ResourceGrantOutputs } from "../core/model";
import {
  createResourceGrant,
  deleteResourceGrant,
  diffResourceGrant,
  readResourceGrant,
  updateResourceGrant,
  validateResourceGrantInputs,
} from "../core/resourceGrant";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, registerProviderType } from "./provider";

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
