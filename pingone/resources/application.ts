/**
 * The provider of `Application` (declared in `resources.ts`) — an OIDC WORKER application — over the core.
 *
 * Adoption: with `adoptApplicationId` the resource takes over an existing OIDC WORKER application instead of
 * creating one, converges it to the inputs, and from then on owns it exactly as if it had created it — `pulumi
 * destroy` deletes it. (Dynamic resources cannot be imported with `pulumi import`; this input is the way in.)
 * Removing `adoptApplicationId` after the adoption changes nothing; naming a different application replaces.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ApplicationInputs, ApplicationOutputs } from "../core/model";
import {
  applicationOutputsToInputs,
  createApplication,
  deleteApplication,
  diffApplication,
  readApplication,
  updateApplication,
  validateApplicationInputs,
} from "../core/application";
import { readIconFile } from "../core/icon";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, registerProviderType } from "./provider";

type ApplicationState = ApplicationOutputs & { iconSha256?: string };

/** The dynamic provider of `Application`. Holds no credentials until `configure` runs in the provider process. */
export class ApplicationProvider extends PingOneProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: ApplicationInputs, news: ApplicationInputs): Promise<pulumi.dynamic.CheckResult<ApplicationInputs>> {
    return checkResult(news, validateApplicationInputs(withoutProvider(news) as unknown as Record<string, unknown>));
  }

  async diff(_id: string, olds: ApplicationState, news: ApplicationInputs): Promise<pulumi.dynamic.DiffResult> {
    let sha: string | undefined;
    if (news.icon && typeof news.icon === "object" && "filePath" in news.icon && typeof news.icon.filePath === "string") {
      const file = readIconFile(news.icon.filePath);
      if (!("error" in file)) sha = file.sha256;
    }
    return diffResult(diffApplication(olds, news, sha));
  }

  async create(inputs: ApplicationInputs): Promise<pulumi.dynamic.CreateResult<ApplicationState>> {
    return guarded(async () => {
      const out = await createApplication(this.api(), withoutProvider(inputs));
      return { id: out.applicationId, outs: clean(out) };
    });
  }

  async read(id: string, props: ApplicationState): Promise<pulumi.dynamic.ReadResult<ApplicationState>> {
    return guarded(async () => {
      const out = await readApplication(this.api(), id, withoutProvider(props));
      if (!out) return {};
      return { id, props: clean(out), inputs: clean(applicationOutputsToInputs(out)) as ApplicationState };
    });
  }

  async update(id: string, olds: ApplicationState, news: ApplicationInputs): Promise<pulumi.dynamic.UpdateResult<ApplicationState>> {
    return guarded(async () => {
      const out = await updateApplication(this.api(), id, withoutProvider(olds), withoutProvider(news));
      return { outs: clean(out) };
    });
  }

  async delete(id: string, props: ApplicationState): Promise<void> {
    return guarded(async () => {
      await deleteApplication(this.api(), props.environmentId, id);
    });
  }
}

registerProviderType("Application", ApplicationProvider);
