/**
 * The program side of the `pingone` package: the provider and the seven resource classes, each a `CustomResource`
 * of type `pingone:index:<Type>` served by this project's provider plugin (`pingone/provider`, run from
 * `bin/pulumi-resource-pingone`). The engine hands their inputs to the plugin; nothing here talks to PingOne.
 * Written by hand to match the package's schema (`pingone/provider/schema.json`); `index.test.ts` checks that every
 * input and output declared here is the schema's, and no other.
 */
// The SDK's modules rather than its index: `@pulumi/pulumi` itself also loads the Automation API and, with it, the
// closure serializer, which a program of this package never needs.
import type * as pulumi from "@pulumi/pulumi";
import { CustomResource, mergeOptions, ProviderResource } from "@pulumi/pulumi/resource";
import { secret } from "@pulumi/pulumi/output";
import { invoke } from "@pulumi/pulumi/runtime/invoke";
import type {
  GrantType,
  GroupMembershipPolicyType,
  PkceEnforcement,
  RefreshTokenType,
  RegionCode,
  ResponseType,
  TokenEndpointAuthMethod,
} from "../client/types";
import type { ApplicationRoleAssignmentRecord, IconInput, OtherGrantRecord, RoleName } from "../core/model";

import { GET_PROVIDER_INFO, PACKAGE_NAME as PACKAGE, typeToken } from "../tokens";

export { typeToken };

/** The provisioner's credentials; every one falls back to its `PINGONE_*` variable, read by the plugin. */
export interface ProviderArgs {
  /** The client ID of the provisioner's own Worker application (PINGONE_CLIENT_ID). */
  readonly clientId?: pulumi.Input<string>;
  /** That application's client secret (PINGONE_CLIENT_SECRET); kept secret in state. */
  readonly clientSecret?: pulumi.Input<string>;
  /** The environment that holds the provisioner's application (PINGONE_ENVIRONMENT_ID). */
  readonly environmentId?: pulumi.Input<string>;
  /** NA (default), EU, AP, AU, CA or SG (PINGONE_REGION_CODE). */
  readonly regionCode?: pulumi.Input<RegionCode>;
  /** Overrides the region's Management API base URL, ending in /v1 (PINGONE_API_URL). */
  readonly apiUrl?: pulumi.Input<string>;
  /** Overrides the region's auth base URL (PINGONE_AUTH_URL). */
  readonly authUrl?: pulumi.Input<string>;
  /** CLIENT_SECRET_BASIC (default) or CLIENT_SECRET_POST (PINGONE_TOKEN_ENDPOINT_AUTH_METHOD). */
  readonly tokenEndpointAuthMethod?: pulumi.Input<"CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST">;
}

/**
 * An explicit instance of the `pingone` provider (type `pulumi:providers:pingone`): another tenant or another
 * provisioning identity in the same program. Pass it as `provider:` (or in `providers:` of a component).
 */
export class Provider extends ProviderResource {
  declare readonly clientId: pulumi.Output<string | undefined>;
  declare readonly environmentId: pulumi.Output<string | undefined>;
  declare readonly regionCode: pulumi.Output<string | undefined>;
  declare readonly apiUrl: pulumi.Output<string | undefined>;
  declare readonly authUrl: pulumi.Output<string | undefined>;
  declare readonly tokenEndpointAuthMethod: pulumi.Output<string | undefined>;

  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props: Record<string, unknown> = {
      ...args,
      clientSecret: args.clientSecret === undefined ? undefined : secret(args.clientSecret),
    };
    super(PACKAGE, name, props, mergeOptions(opts, { additionalSecretOutputs: ["clientSecret"] }));
  }
}

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


/** An OIDC WORKER application. Type token `pingone:index:Application`. */
export class Application extends CustomResource {
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
  /** Drift a refresh recorded: the application is no longer an OIDC Worker (its protocol and type); `up` replaces it. */
  declare readonly notWorker: pulumi.Output<string | undefined>;

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
      notWorker: undefined,
    };
    super(typeToken("Application"), name, props, opts);
  }
}

export interface ApplicationSecretArgs {
  readonly environmentId: pulumi.Input<string>;
  readonly applicationId: pulumi.Input<string>;
  /** Any change of this value rotates the secret. Omitted or unchanged: the current secret is only read. */
  readonly rotationTrigger?: pulumi.Input<string>;
  /** On rotation, keep the previous secret valid this many seconds (60..2592000). Omitted: it dies at once. */
  readonly previousSecretOverlapSeconds?: pulumi.Input<number>;
}


/** The client secret of an application; `secret` is a Pulumi secret. Type `pingone:index:ApplicationSecret`. */
export class ApplicationSecret extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly rotationTrigger: pulumi.Output<string | undefined>;
  declare readonly previousSecretOverlapSeconds: pulumi.Output<number | undefined>;
  /** The current client secret (marked secret). */
  declare readonly secret: pulumi.Output<string>;
  /** The previous secret's expiry after an overlapping rotation. */
  declare readonly previousExpiresAt: pulumi.Output<string | undefined>;
  /** Recorded by a refresh: the application's roles that kept its secret from the provisioner (the next update removes them). */
  declare readonly blockingRoleAssignments: pulumi.Output<ApplicationRoleAssignmentRecord[] | undefined>;

  constructor(name: string, args: ApplicationSecretArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      rotationTrigger: undefined,
      previousSecretOverlapSeconds: undefined,
      ...args,
      secret: undefined,
      previousExpiresAt: undefined,
      blockingRoleAssignments: undefined,
    };
    super(typeToken("ApplicationSecret"), name, props, mergeOptions(opts, { additionalSecretOutputs: ["secret"] }));
  }
}

export interface ResourceGrantArgs {
  readonly environmentId: pulumi.Input<string>;
  readonly applicationId: pulumi.Input<string>;
  /** Resource name; default "openid" (the built-in OPENID_CONNECT resource). */
  readonly resourceName?: pulumi.Input<string>;
  /** Scope names, e.g. ["openid", "profile", "email"]; compared as a set. */
  readonly scopes: pulumi.Input<string[]>;
  /** True: the other grants a refresh finds on the application are removed by the next update. Omitted: only reported. */
  readonly removeOtherGrants?: pulumi.Input<boolean>;
}


/** An application's grant on one resource. Type `pingone:index:ResourceGrant`. */
export class ResourceGrant extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string>;
  declare readonly resourceName: pulumi.Output<string | undefined>;
  declare readonly scopes: pulumi.Output<string[]>;
  declare readonly grantId: pulumi.Output<string>;
  declare readonly resourceId: pulumi.Output<string>;
  declare readonly scopeIds: pulumi.Output<string[]>;
  declare readonly removeOtherGrants: pulumi.Output<boolean | undefined>;
  /** Recorded by a refresh: the application's grants besides this one. */
  declare readonly otherGrants: pulumi.Output<OtherGrantRecord[] | undefined>;

  constructor(name: string, args: ResourceGrantArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      resourceName: undefined,
      removeOtherGrants: undefined,
      ...args,
      grantId: undefined,
      resourceId: undefined,
      scopeIds: undefined,
      otherGrants: undefined,
    };
    super(typeToken("ResourceGrant"), name, props, opts);
  }
}

export interface UserRoleAssignmentArgs {
  /** The environment the user lives in. */
  readonly environmentId: pulumi.Input<string>;
  /** Exactly one of userId, username, email identifies the user. */
  readonly userId?: pulumi.Input<string>;
  readonly username?: pulumi.Input<string>;
  /** Must match exactly one user. */
  readonly email?: pulumi.Input<string>;
  readonly roleName: pulumi.Input<RoleName>;
  readonly scopeType: pulumi.Input<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  readonly scopeId?: pulumi.Input<string>;
}


/** A user's role assignment. Type `pingone:index:UserRoleAssignment`. */
export class UserRoleAssignment extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string | undefined>;
  declare readonly username: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly roleName: pulumi.Output<RoleName>;
  declare readonly scopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly scopeId: pulumi.Output<string | undefined>;
  declare readonly assignmentId: pulumi.Output<string>;
  declare readonly resolvedUserId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;
  declare readonly resolvedScopeId: pulumi.Output<string>;
  declare readonly assignedScopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly assignedScopeId: pulumi.Output<string>;
  /** The user's username, however the user was named. */
  declare readonly resolvedUsername: pulumi.Output<string>;
  /** True when an existing equal-or-broader assignment was adopted: destroy then leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly readOnly: pulumi.Output<boolean>;

  constructor(name: string, args: UserRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      userId: undefined,
      username: undefined,
      email: undefined,
      scopeId: undefined,
      ...args,
      assignmentId: undefined,
      resolvedUserId: undefined,
      roleId: undefined,
      resolvedScopeId: undefined,
      assignedScopeType: undefined,
      assignedScopeId: undefined,
      resolvedUsername: undefined,
      adopted: undefined,
      readOnly: undefined,
    };
    super(typeToken("UserRoleAssignment"), name, props, opts);
  }
}

export interface GroupArgs {
  /** The environment the group lives in. Changing it replaces the group. */
  readonly environmentId: pulumi.Input<string>;
  /** Unique among the environment's groups (without regard to case). */
  readonly name: pulumi.Input<string>;
  readonly description?: pulumi.Input<string>;
}

/** A group of users; its members hold its roles. Type `pingone:index:Group`. */
export class Group extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly groupId: pulumi.Output<string>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(typeToken("Group"), name, { description: undefined, ...args, groupId: undefined }, opts);
  }
}

export interface GroupRoleAssignmentArgs {
  /** The environment the group lives in. */
  readonly environmentId: pulumi.Input<string>;
  readonly groupId: pulumi.Input<string>;
  readonly roleName: pulumi.Input<RoleName>;
  readonly scopeType: pulumi.Input<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  readonly scopeId?: pulumi.Input<string>;
}

/** A role held by a group, and so by its members. Type `pingone:index:GroupRoleAssignment`. */
export class GroupRoleAssignment extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly roleName: pulumi.Output<RoleName>;
  declare readonly scopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly scopeId: pulumi.Output<string | undefined>;
  declare readonly assignmentId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;
  declare readonly resolvedScopeId: pulumi.Output<string>;
  declare readonly assignedScopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly assignedScopeId: pulumi.Output<string>;
  /** True when a broader assignment the group already held covers the role: destroy then leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly readOnly: pulumi.Output<boolean>;

  constructor(name: string, args: GroupRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      scopeId: undefined,
      ...args,
      assignmentId: undefined,
      roleId: undefined,
      resolvedScopeId: undefined,
      assignedScopeType: undefined,
      assignedScopeId: undefined,
      adopted: undefined,
      readOnly: undefined,
    };
    super(typeToken("GroupRoleAssignment"), name, props, opts);
  }
}

export interface GroupMembershipArgs {
  /** The environment the user and the group live in. */
  readonly environmentId: pulumi.Input<string>;
  readonly groupId: pulumi.Input<string>;
  /** Exactly one of userId, username, email identifies the user. */
  readonly userId?: pulumi.Input<string>;
  readonly username?: pulumi.Input<string>;
  /** Must match exactly one user. */
  readonly email?: pulumi.Input<string>;
}

/** A user's direct membership of a group. Type `pingone:index:GroupMembership`. */
export class GroupMembership extends CustomResource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string | undefined>;
  declare readonly username: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly resolvedUserId: pulumi.Output<string>;
  /** The user's username, however the user was named. */
  declare readonly resolvedUsername: pulumi.Output<string>;

  constructor(name: string, args: GroupMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      userId: undefined,
      username: undefined,
      email: undefined,
      ...args,
      resolvedUserId: undefined,
      resolvedUsername: undefined,
    };
    super(typeToken("GroupMembership"), name, props, opts);
  }
}

/**
 * `pingone:index:getProviderInfo`: the version of the provider serving the program (the default provider, or
 * `opts.provider`). The engine starts a provider plugin only when something first asks for it, so a program that
 * calls this before loading the rest of its modules has the plugin start meanwhile instead of after.
 */
export function getProviderInfo(opts?: pulumi.InvokeOptions): Promise<{ version: string }> {
  return invoke(GET_PROVIDER_INFO, {}, opts) as Promise<{ version: string }>;
}
