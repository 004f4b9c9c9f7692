/**
 * The inputs and outputs of this project's PingOne resources, in PingOne's vocabulary, with no Pulumi in them: the
 * core's view of what the package's schema (`pingone/provider/schema.json`) declares, and what the SDKs generated
 * from it (`sdk/`) send.
 */
import type {
  GrantType,
  GroupMembershipPolicyType,
  PkceEnforcement,
  RefreshTokenType,
  ResponseType,
  TokenEndpointAuthMethod,
} from "../client/types";

/** An application icon: a local image to upload, or an image already in PingOne. Exactly one of the two forms. */
export type IconInput = { filePath: string } | { id: string; href: string };

/** An OIDC WORKER application (the console's "Worker" app type) and every setting of its configuration tab. */
export interface ApplicationInputs {
  /** The PingOne environment the application lives in. Changing it replaces the application. */
  environmentId: string;
  name: string;
  description?: string;
  icon?: IconInput;
  enabled: boolean;
  grantTypes: GrantType[];
  responseTypes: ResponseType[];
  pkceEnforcement: PkceEnforcement;
  refreshTokenType: RefreshTokenType;
  /** Seconds, 60..2147483647, ≤ refreshTokenRollingDuration. */
  refreshTokenDuration: number;
  /** Seconds, ≤ 2147483647. */
  refreshTokenRollingDuration: number;
  /** Seconds, 0..86400; omitted = PingOne's default. */
  refreshTokenRollingGracePeriodDuration?: number;
  redirectUris: string[];
  allowWildcardInRedirectUris: boolean;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** `accessControl.role.type = ADMIN_USERS_ONLY`. */
  adminOnlyAccess: boolean;
  /** `accessControl.group`; omitted = no group restriction. Group ids. */
  groupMembershipPolicy?: { type: GroupMembershipPolicyType; groupIds: string[] };
  /** Adopt this existing application (verified to be an OIDC WORKER app) instead of creating one. */
  adoptApplicationId?: string;
}

export interface ApplicationOutputs extends ApplicationInputs {
  /** The application id, which is also its OAuth client ID. */
  applicationId: string;
  clientId: string;
  /** The uploaded or referenced image, when an icon is set. */
  iconImage?: { id: string; href: string };
  /** True when the application was adopted rather than created by this stack. */
  adopted: boolean;
  /**
   * Output only, recorded by a read that found the application no longer an OIDC Worker: its protocol and type as
   * PingOne holds them (`OPENID_CONNECT WEB_APP`). Present, it is drift: the next update replaces the application.
   */
  notWorker?: string;
}

/** The application's client secret: revealed, and rotated only on demand. */
export interface ApplicationSecretInputs {
  environmentId: string;
  applicationId: string;
  /** Any change of this value rotates the secret. Omitted or unchanged: the current secret is only read. */
  rotationTrigger?: string;
  /** On rotation, keep the previous secret valid this many seconds (60..2592000). Omitted: it dies at once. */
  previousSecretOverlapSeconds?: number;
}

export interface ApplicationSecretOutputs extends ApplicationSecretInputs {
  /** A Pulumi secret (additionalSecretOutputs). */
  secret: string;
  /** Output only, never diffed: the previous secret's expiry after an overlapping rotation. */
  previousExpiresAt?: string;
  /**
   * Output only, recorded by a refresh that found the secret unreadable because the application holds roles the
   * provisioner lacks (the recorded `secret` is then kept). Non-empty, it is drift: the next update removes the
   * application's role assignments and reads the secret again.
   */
  blockingRoleAssignments?: ApplicationRoleAssignmentRecord[];
}

/** A role assignment held by an application itself, as recorded in state. */
export interface ApplicationRoleAssignmentRecord {
  assignmentId: string;
  roleId: string;
  /** PingOne's name of the role, when the role list could be read. */
  roleName?: string;
  scopeType: string;
  scopeId: string;
  /** True when PingOne says the provisioner cannot remove it. */
  readOnly: boolean;
}

export type RoleName =
  | "Environment Admin"
  | "Identity Data Admin"
  | "Organization Admin"
  | "Client Application Developer"
  | "Identity Data Read Only"
  | "Configuration Read Only"
  | "Application Owner"
  | "Help Desk Admin";

/** A role held by a user of `environmentId`. Any change replaces. */
export interface UserRoleAssignmentInputs {
  /** The environment the user lives in. */
  environmentId: string;
  /** Exactly one of userId, username, email identifies the user. */
  userId?: string;
  username?: string;
  email?: string;
  roleName: RoleName;
  scopeType: "ORGANIZATION" | "ENVIRONMENT" | "POPULATION";
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  scopeId?: string;
}

export interface UserRoleAssignmentOutputs extends UserRoleAssignmentInputs {
  assignmentId: string;
  resolvedUserId: string;
  roleId: string;
  resolvedScopeId: string;
  /** The assignment's own scope (may be broader than asked when an existing assignment was adopted). */
  assignedScopeType: "ORGANIZATION" | "ENVIRONMENT" | "POPULATION";
  /** True when an existing equal-or-broader assignment was adopted: destroy then leaves it in place. */
  adopted: boolean;
  readOnly: boolean;
}

/**
 * A group of users in `environmentId` (not in a population). Its members hold the roles it holds. The name is unique
 * among the environment's groups (without regard to case); name and description change in place.
 */
export interface GroupInputs {
  environmentId: string;
  name: string;
  description?: string;
}

export interface GroupOutputs extends GroupInputs {
  groupId: string;
}

/** A role held by a group, and so by its members. Any change replaces. */
export interface GroupRoleAssignmentInputs {
  environmentId: string;
  groupId: string;
  roleName: RoleName;
  scopeType: "ORGANIZATION" | "ENVIRONMENT" | "POPULATION";
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  scopeId?: string;
}

export interface GroupRoleAssignmentOutputs extends GroupRoleAssignmentInputs {
  assignmentId: string;
  roleId: string;
  resolvedScopeId: string;
  /** The assignment's own scope (broader than asked when the group already held the role more broadly). */
  assignedScopeType: "ORGANIZATION" | "ENVIRONMENT" | "POPULATION";
  assignedScopeId: string;
  /** True when a broader assignment the group already held was taken as this one: destroy then leaves it. */
  adopted: boolean;
  readOnly: boolean;
}

/** A user's direct membership of a group. Exactly one of userId, username, email names the user. */
export interface GroupMembershipInputs {
  environmentId: string;
  groupId: string;
  userId?: string;
  username?: string;
  email?: string;
}

export interface GroupMembershipOutputs extends GroupMembershipInputs {
  resolvedUserId: string;
  /** The user's username, so naming the same user by username later is no change. */
  resolvedUsername?: string;
}

/** The scopes an application may request from one resource (the console's Resources tab). One grant per resource. */
export interface ResourceGrantInputs {
  environmentId: string;
  applicationId: string;
  /** Resource name; default "openid" (the built-in OPENID_CONNECT resource). */
  resourceName?: string;
  /** Scope names, e.g. ["openid", "profile", "email"]; compared as a set. */
  scopes: string[];
  /**
   * True: the application should hold this grant only, so the other grants a refresh finds on it (`otherGrants`)
   * are removed by the next update. Omitted or false: they are reported, never touched.
   */
  removeOtherGrants?: boolean;
}

export interface ResourceGrantOutputs extends ResourceGrantInputs {
  grantId: string;
  resourceId: string;
  scopeIds: string[];
  /** Output only, recorded by a refresh: the application's grants besides this one. */
  otherGrants?: OtherGrantRecord[];
}

/** A grant on the application that this resource does not manage, as recorded in state. */
export interface OtherGrantRecord {
  grantId: string;
  resourceId: string;
  /** The resource's name, when it could be found. */
  resourceName?: string;
  /** Scope names (a scope's id when its name could not be found), sorted. */
  scopes: string[];
}
