/**
 * `pingone:Application` — an OIDC WORKER application, as a Pulumi dynamic resource over the core.
 *
 * Adoption: with `adoptApplicationId` the resource takes over an existing OIDC WORKER application instead of
 * creating one, converges it to the inputs, and from then on owns it exactly as if it had created it — `pulumi
 * destroy` deletes it. (Dynamic resources cannot be imported with `pulumi import`; this input is the way in.)
 * Removing `adoptApplicationId` after the adoption changes nothing; naming a different application replaces.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  GrantType,
  GroupMembershipPolicyType,
  PkceEnforcement,
  RefreshTokenType,
  ResponseType,
  TokenEndpointAuthMethod,
} from "../client/types";
import type { ApplicationInputs, ApplicationOutputs, IconInput } from "../core/model";
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
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, TYPE_KEY, pingOneResourcesProvider, registerProviderType } from "./provider";

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

export interface ApplicationArgs {
  /** The PingOne environment the application lives in. Changing it replaces the application. */
  readonly environmentId: pulumi.Input<string>;
  /** The application name shown in the console. */
  readonly name: pulumi.Input<string>;
  readonly description?: pulumi.Input<string>;
  /** A local PNG/JPEG/GIF (≤ 1 MB, uploaded) or an image already in PingOne. */
  readonly icon?: pulumi.Input<IconInput>;
  /** The console's Enable toggle. */
  readonly enabled: pulumi.Input<boolean>;
  readonly grantTypes: pulumi.Input<GrantType[]>;
  readonly responseTypes: pulumi.Input<ResponseType[]>;
  readonly pkceEnforcement: pulumi.Input<PkceEnforcement>;
  readonly refreshTokenType: pulumi.Input<RefreshTokenType>;
  /** Seconds, 60..2147483647, ≤ refreshTokenRollingDuration. */
  readonly refreshTokenDuration: pulumi.Input<number>;
  /** Seconds, ≤ 2147483647. */
  readonly refreshTokenRollingDuration: pulumi.Input<number>;
  /** Seconds, 0..86400; omitted = PingOne's default. */
  readonly refreshTokenRollingGracePeriodDuration?: pulumi.Input<number>;
  /** Exact redirect URIs (compared as a set). */
  readonly redirectUris: pulumi.Input<string[]>;
  readonly allowWildcardInRedirectUris: pulumi.Input<boolean>;
  readonly tokenEndpointAuthMethod: pulumi.Input<TokenEndpointAuthMethod>;
  /** Only administrators may sign in (`accessControl.role.type = ADMIN_USERS_ONLY`). */
  readonly adminOnlyAccess: pulumi.Input<boolean>;
  /** Restrict sign-in to members of these groups; omitted = no restriction. */
  readonly groupMembershipPolicy?: pulumi.Input<{ type: GroupMembershipPolicyType; groupIds: string[] }>;
  /** Take over this existing OIDC WORKER application instead of creating one; destroy then deletes it. */
  readonly adoptApplicationId?: pulumi.Input<string>;
}


/** An OIDC WORKER application. Type token `pulumi-nodejs:dynamic/pingone:Application`. */
export class Application extends pulumi.dynamic.Resource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly icon: pulumi.Output<IconInput | undefined>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly grantTypes: pulumi.Output<GrantType[]>;
  declare readonly responseTypes: pulumi.Output<ResponseType[]>;
  declare readonly pkceEnforcement: pulumi.Output<PkceEnforcement>;
  declare readonly refreshTokenType: pulumi.Output<RefreshTokenType>;
  declare readonly refreshTokenDuration: pulumi.Output<number>;
  declare readonly refreshTokenRollingDuration: pulumi.Output<number>;
  declare readonly refreshTokenRollingGracePeriodDuration: pulumi.Output<number | undefined>;
  declare readonly redirectUris: pulumi.Output<string[]>;
  declare readonly allowWildcardInRedirectUris: pulumi.Output<boolean>;
  declare readonly tokenEndpointAuthMethod: pulumi.Output<TokenEndpointAuthMethod>;
  declare readonly adminOnlyAccess: pulumi.Output<boolean>;
  declare readonly groupMembershipPolicy: pulumi.Output<{ type: GroupMembershipPolicyType; groupIds: string[] } | undefined>;
  declare readonly adoptApplicationId: pulumi.Output<string | undefined>;
  /** The application id, which is also its OAuth client ID. */
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly clientId: pulumi.Output<string>;
  declare readonly iconImage: pulumi.Output<{ id: string; href: string } | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      description: undefined,
      icon: undefined,
      refreshTokenRollingGracePeriodDuration: undefined,
      groupMembershipPolicy: undefined,
      adoptApplicationId: undefined,
      ...args,
      applicationId: undefined,
      clientId: undefined,
      iconImage: undefined,
      adopted: undefined,
    };
    super(
      pingOneResourcesProvider(),
      name,
      { ...props, [TYPE_KEY]: "Application" }, opts, "pingone", "Application");
  }
}
