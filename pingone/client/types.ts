/**
 * PingOne Management API objects, as this project reads and writes them.
 * Field names are PingOne's own (see ../shared/pingone/pingone-management.yml).
 */

import type { GroupMembershipPolicyType, PkceEnforcement, RegionCode } from "../guide";

/** The guide's (../guide.ts), where every layer reads them. */
export type { GroupMembershipPolicyType, PkceEnforcement, RegionCode };

export type GrantType =
  | "AUTHORIZATION_CODE"
  | "IMPLICIT"
  | "REFRESH_TOKEN"
  | "CLIENT_CREDENTIALS"
  | "DEVICE_CODE"
  | "TOKEN_EXCHANGE"
  | "CIBA";
export type ResponseType = "TOKEN" | "ID_TOKEN" | "CODE";
export type RefreshTokenType = "JSON_WEB_TOKEN" | "OPAQUE_TOKEN";
export type TokenEndpointAuthMethod =
  | "NONE"
  | "CLIENT_SECRET_BASIC"
  | "CLIENT_SECRET_POST"
  | "PRIVATE_KEY_JWT"
  | "CLIENT_SECRET_JWT";
export type ApplicationType =
  | "WEB_APP"
  | "NATIVE_APP"
  | "SINGLE_PAGE_APP"
  | "WORKER"
  | "SERVICE"
  | "CUSTOM_APP"
  | "PORTAL_LINK_APP"
  | "PING_ONE_ADMIN_CONSOLE"
  | "PING_ONE_PORTAL"
  | "PING_ONE_SELF_SERVICE"
  | "TEMPLATE_APP";
export type ApplicationProtocol = "OPENID_CONNECT" | "SAML" | "EXTERNAL_LINK" | "WS_FED";
export type RoleScopeType = "ORGANIZATION" | "ENVIRONMENT" | "POPULATION" | "APPLICATION";

export interface IdRef {
  id: string;
}

export interface ApplicationAccessControl {
  role?: { type: "ADMIN_USERS_ONLY" };
  group?: { type: GroupMembershipPolicyType; groups: IdRef[] };
}

/** The writable body of an OIDC application (POST and PUT). */
export interface ApplicationOidcBody {
  name: string;
  description?: string;
  type: ApplicationType;
  protocol: ApplicationProtocol;
  enabled: boolean;
  icon?: { id: string; href: string };
  accessControl?: ApplicationAccessControl;
  grantTypes?: GrantType[];
  responseTypes?: ResponseType[];
  pkceEnforcement?: PkceEnforcement;
  redirectUris?: string[];
  allowWildcardInRedirectUris?: boolean;
  postLogoutRedirectUris?: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  refreshTokenType?: RefreshTokenType;
  refreshTokenDuration?: number;
  refreshTokenRollingDuration?: number;
  refreshTokenRollingGracePeriodDuration?: number;
  /** POST only; PingOne ignores it on PUT. */
  assignActorRoles?: boolean;
  // Fields this project does not own, typed as the spec describes them so a read-modify-write sends them back
  // unchanged (spec: ApplicationOIDC).
  hiddenFromAppPortal?: boolean;
  loginPageUrl?: string;
  homePageUrl?: string;
  initiateLoginUri?: string;
  targetLinkUri?: string;
  additionalRefreshTokenReplayProtectionEnabled?: boolean;
  corsSettings?: { behavior: "ALLOW_NO_ORIGINS" | "ALLOW_SPECIFIC_ORIGINS"; origins?: string[] };
  devicePathId?: string;
  deviceCustomVerificationUri?: string;
  /** Seconds, 1..3600 (default 600). */
  deviceTimeout?: number;
  /** Seconds, 1..60 (default 5). */
  devicePollingInterval?: number;
  idpSignoff?: boolean;
  includeX5t?: boolean;
  jwks?: string;
  jwksUrl?: string;
  mobile?: Record<string, unknown>;
  kerberos?: { key: IdRef };
  opSessionCheckEnabled?: boolean;
  parRequirement?: "REQUIRED" | "OPTIONAL";
  /** PAR timeout in seconds: an integer 1..600 (default 60), not a string. */
  parTimeout?: number;
  requestScopesForMultipleResourcesEnabled?: boolean;
  requireSignedRequestObject?: boolean;
  supportUnsignedRequestObject?: boolean;
  signing?: { keyRotationPolicy: IdRef };
  /** The spec allows only PING_FED_CONNECTION_INTEGRATION; typed loosely so an unknown value read back is kept. */
  tags?: string[];
  template?: { configuration: Record<string, string>; integration: IdRef; version: IdRef };
  /** Any other field PingOne returns that this project does not own; kept on PUT. */
  [extra: string]: unknown;
}

/** An application as PingOne returns it. */
export interface Application extends ApplicationOidcBody {
  id: string;
  environment: IdRef;
  createdAt?: string;
  updatedAt?: string;
  _links?: Record<string, { href: string }>;
}

export interface ApplicationSecret {
  environment?: IdRef;
  secret: string;
  previous?: { secret: string; expiresAt: string; lastUsed?: string };
}

export interface Image {
  id: string;
  targets?: { original?: { href: string; type?: string; width?: number; height?: number } };
  [extra: string]: unknown;
}

export interface Role {
  id: string;
  name: string;
  description?: string;
  applicableTo: RoleScopeType[];
  permissions?: { id: string; classifier?: string; description?: string }[];
}

export interface User {
  id: string;
  username: string;
  email?: string;
  environment: IdRef;
  [extra: string]: unknown;
}

export interface Environment {
  id: string;
  name?: string;
  organization: IdRef;
  region?: string;
  type?: string;
  [extra: string]: unknown;
}

export interface RoleAssignment {
  id: string;
  role: IdRef;
  scope: { id: string; type: RoleScopeType };
  environment?: IdRef;
  readOnly?: boolean;
  createdAt?: string;
}

/** A group (spec: Group). Its name is unique among the environment's groups, without regard to case. */
export interface Group {
  id: string;
  name: string;
  description?: string;
  environment?: IdRef;
  population?: IdRef;
  /** Users added to the group explicitly (not through a filter). */
  directMemberCounts?: { users?: number };
  [extra: string]: unknown;
}

/** What this project writes to a group: PUT is a full replacement, so an omitted description is removed. */
export interface GroupBody {
  name: string;
  description?: string;
}

/** A group the user belongs to (spec: GroupMembership): `id` is the group's id. */
export interface GroupMembership {
  id: string;
  name?: string;
  /** DIRECT, or INDIRECT through a nested group. */
  type?: "DIRECT" | "INDIRECT";
  environment?: IdRef;
  [extra: string]: unknown;
}

export interface Resource {
  id: string;
  name: string;
  type: "OPENID_CONNECT" | "PINGONE_API" | "CUSTOM";
  description?: string;
  audience?: string;
  [extra: string]: unknown;
}

export interface ResourceScope {
  id: string;
  name: string;
  description?: string;
  resource?: IdRef;
  [extra: string]: unknown;
}

export interface ApplicationResourceGrant {
  id: string;
  resource: IdRef;
  scopes: IdRef[];
  application?: IdRef;
  environment?: IdRef;
  createdAt?: string;
  updatedAt?: string;
}

/** PingOne's error body (spec: components/schemas/P1Error). */
export interface PingOneErrorBody {
  id?: string;
  code?: string;
  message?: string;
  details?: { code?: string; target?: string; message?: string; innerError?: Record<string, unknown> }[];
}
