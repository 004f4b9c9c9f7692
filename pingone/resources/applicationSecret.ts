/**
 * `pingone:ApplicationSecret` — an application's client secret. Create and refresh reveal the current secret
 * without rotating it; changing `rotationTrigger` rotates it (keeping the previous one valid for
 * `previousSecretOverlapSeconds` when set). Destroy leaves the application's secret alone.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ApplicationSecretInputs, ApplicationSecretOutputs } from "../core/model";
import {
  createApplicationSecret,
  diffApplicationSecret,
  readApplicationSecret,
  updateApplicationSecret,
  validateApplicationSecretInputs,
} from "../core/applicationSecret";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, registerProviderType } from "./provider";

function inputsOf(out: ApplicationSecretOutputs): ApplicationSecretInputs {
  const inputs: ApplicationSecretInputs = { environmentId: out.environmentId, applicationId: out.applicationId };
  if (out.rotationTrigger !== undefined) inputs.rotationTrigger = out.rotationTrigger;
  if (out.previousSecretOverlapSeconds !== undefined) inputs.previousSecretOverlapSeconds = out.previousSecretOverlapSeconds;
  return inputs;
}

/** The dynamic provider of `ApplicationSecret`. Holds no credentials until `configure` runs in the provider process. */
export class ApplicationSecretProvider extends PingOneProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: ApplicationSecretInputs, news: ApplicationSecretInputs): Promise<pulumi.dynamic.CheckResult<ApplicationSecretInputs>> {
    return checkResult(news, validateApplicationSecretInputs(withoutProvider(news) as unknown as Record<string, unknown>));
  }

  async diff(_id: string, olds: ApplicationSecretOutputs, news: ApplicationSecretInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffResult(diffApplicationSecret(olds, news));
  }

  async create(inputs: ApplicationSecretInputs): Promise<pulumi.dynamic.CreateResult<ApplicationSecretOutputs>> {
    return guarded(async () => {
      const out = await createApplicationSecret(this.api(), withoutProvider(inputs));
      return { id: `${out.environmentId}/${out.applicationId}`, outs: clean(out) };
    });
  }

  async read(id: string, props: ApplicationSecretOutputs): Promise<pulumi.dynamic.ReadResult<ApplicationSecretOutputs>> {
    return guarded(async () => {
      const out = await readApplicationSecret(this.api(), withoutProvider(props));
      if (!out) return {};
      return { id, props: clean(out), inputs: clean(inputsOf(out)) as ApplicationSecretOutputs };
    });
  }

  async update(_id: string, olds: ApplicationSecretOutputs, news: ApplicationSecretInputs): Promise<pulumi.dynamic.UpdateResult<ApplicationSecretOutputs>> {
    return guarded(async () => {
      const out = await updateApplicationSecret(this.api(), withoutProvider(olds), withoutProvider(news));
      return { outs: clean(out) };
    });
  }

  /** The secret belongs to the application: nothing to delete. */
  async delete(): Promise<void> {
    return;
  }
}

registerProviderType("ApplicationSecret", ApplicationSecretProvider);
