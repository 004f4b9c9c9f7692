/**
 * The guardrails of the StackOne PingOne integration as pure functions: each takes plain values (a resource's
 * inputs, the policy's configuration) and returns the violations it finds, one message each, empty when the
 * resource complies. No Pulumi, no network: the policy pack (`policy/policies/*`) only extracts the inputs and
 * reports what these functions return.
 *
 * Every message names the input, the value given and what is allowed. None of the checked inputs is a secret.
 */

import {
  ADMIN_ROLES,
  DEFAULT_REFRESH_TOKEN_DURATION_DAYS,
  DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS,
  exceedsRollingDuration,
  MAX_REFRESH_TOKEN_SECONDS,
  MIN_REFRESH_TOKEN_SECONDS,
  OPENID_RESOURCE_SCOPES,
  SECONDS_PER_DAY,
  STACKONE_REDIRECT_URI,
} from "../pingone/guide";
import { PACKAGE_NAME, RESOURCE_TYPE_NAMES, typeToken, type ResourceTypeName } from "../pingone/tokens";

/** Type tokens of the `pingone` package's resources (`pingone:index:<Type>`). */
export const RESOURCE_TYPES = Object.fromEntries(RESOURCE_TYPE_NAMES.map((n) => [n, typeToken(n)])) as Record<
  ResourceTypeName,
  string
>;

export type PingOneKind = ResourceTypeName;

/** The input every dynamic resource carries: its serialized provider. */
const DYNAMIC_PROVIDER_INPUT = "__provider";

/**
 * A resource that could be one of ours under another token: any other type of the `pingone` package, or a Node
 * dynamic resource (which carries its provider as an input) — judged by the shape of its inputs.
 */
function mayBeOurs(type: string, props: object): boolean {
  return (
    type.startsWith(`${PACKAGE_NAME}:`) ||
    (type.startsWith("pulumi-nodejs:dynamic") && has(props, DYNAMIC_PROVIDER_INPUT))
  );
}

function has(props: object, key: string): boolean {
  // `in` never reads the value, so it is safe on the policy SDK's unknown-checking proxy during preview.
  return key in props;
}

/**
 * Which of this project's PingOne resources a resource is, or undefined when it is none of them.
 *
 * The type token decides when it is one of ours. A resource of the package under another token (a module or type
 * spelled differently) or a dynamic resource is recognised by the shape of its inputs, so that a renamed or
 * re-registered resource cannot slip past the guardrails.
 */
export function classifyResource(type: string, props: object): PingOneKind | undefined {
  for (const [kind, token] of Object.entries(RESOURCE_TYPES) as [PingOneKind, string][]) {
    if (type === token) return kind;
  }
  if (!mayBeOurs(type, props)) return undefined;
  if (has(props, "grantTypes") && has(props, "redirectUris") && has(props, "tokenEndpointAuthMethod")) {
    return "Application";
  }
  if (has(props, "roleName") && has(props, "scopeType") && has(props, "groupId")) return "GroupRoleAssignment";
  if (has(props, "roleName") && has(props, "scopeType") && !has(props, "applicationId")) return "UserRoleAssignment";
  if (has(props, "applicationId") && has(props, "scopes")) return "ResourceGrant";
  if (
    has(props, "applicationId") &&
    has(props, "environmentId") &&
    !has(props, "roleName") &&
    !has(props, "roleId") &&
    !has(props, "scopes")
  ) {
    return "ApplicationSecret";
  }
  return undefined;
}

/**
 * True for a resource that would give an application roles of its own: an application role assignment, whatever
 * provider declares it (`…:ApplicationRoleAssignment`, `…/applicationRoleAssignment:…`), or a resource of the package
 * (or a dynamic one) that pairs an application with a role.
 */
export function isApplicationRoleGrant(type: string, props: object): boolean {
  const name = type.toLowerCase();
  if (name.includes("applicationroleassignment") || name.includes("application_role_assignment")) return true;
  return mayBeOurs(type, props) && has(props, "applicationId") && (has(props, "roleName") || has(props, "roleId"));
}

function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function sameSet(given: readonly unknown[], expected: readonly string[]): boolean {
  return (
    given.length === expected.length &&
    new Set(given).size === given.length &&
    expected.every((item) => given.includes(item))
  );
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? [...value] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Application

export const REQUIRED_GRANT_TYPES = ["AUTHORIZATION_CODE", "REFRESH_TOKEN"] as const;
export const REQUIRED_RESPONSE_TYPES = ["CODE"] as const;
export const REQUIRED_TOKEN_ENDPOINT_AUTH_METHOD = "CLIENT_SECRET_POST";

/**
 * The application is an OIDC Worker. The Application resource always creates type WORKER / protocol
 * OPENID_CONNECT and has no input for either; this catches a resource that declares them otherwise, and an app
 * that asks PingOne to copy the creator's roles onto it (`assignActorRoles`).
 */
export function checkWorkerApplication(props: { type?: unknown; protocol?: unknown }): string[] {
  const violations: string[] = [];
  if (props.type !== undefined && props.type !== "WORKER") {
    violations.push(`type is ${show(props.type)}; the StackOne application must be a "WORKER" application`);
  }
  if (props.protocol !== undefined && props.protocol !== "OPENID_CONNECT") {
    violations.push(`protocol is ${show(props.protocol)}; the StackOne application must use "OPENID_CONNECT"`);
  }
  return violations;
}

export function checkGrantTypes(grantTypes: unknown): string[] {
  const given = asArray(grantTypes);
  if (given && sameSet(given, REQUIRED_GRANT_TYPES)) return [];
  return [`grantTypes is ${show(grantTypes)}; it must be exactly ${show(REQUIRED_GRANT_TYPES)} (no other grant type)`];
}

export function checkResponseTypes(responseTypes: unknown): string[] {
  const given = asArray(responseTypes);
  if (given && sameSet(given, REQUIRED_RESPONSE_TYPES)) return [];
  return [`responseTypes is ${show(responseTypes)}; it must be exactly ${show(REQUIRED_RESPONSE_TYPES)}`];
}

export function checkTokenEndpointAuthMethod(method: unknown): string[] {
  if (method === REQUIRED_TOKEN_ENDPOINT_AUTH_METHOD) return [];
  return [
    `tokenEndpointAuthMethod is ${show(method)}; StackOne sends the client secret in the token request body, ` +
      `so it must be "${REQUIRED_TOKEN_ENDPOINT_AUTH_METHOD}"`,
  ];
}

export function checkAdminOnlyAccess(adminOnlyAccess: unknown): string[] {
  if (adminOnlyAccess === true) return [];
  return [
    `adminOnlyAccess is ${show(adminOnlyAccess)}; it must be true (accessControl.role.type ADMIN_USERS_ONLY), ` +
      `so only administrators can sign in to the StackOne connection`,
  ];
}

/** `assignActorRoles: true` would copy the creator's roles onto the app; absent or false is allowed. */
export function checkNoActorRoles(assignActorRoles: unknown): string[] {
  if (assignActorRoles === undefined || assignActorRoles === false) return [];
  return [
    `assignActorRoles is ${show(assignActorRoles)}; it must be false: the StackOne app holds no roles ` +
      `(roles on the app make its client secret unreadable to admins who lack them)`,
  ];
}

export interface RedirectUriConfig {
  /** The exact redirect URIs the application must have (as a set). */
  allowedRedirectUris: string[];
}

export function checkRedirectUris(
  props: { redirectUris?: unknown; allowWildcardInRedirectUris?: unknown },
  config: RedirectUriConfig,
): string[] {
  const violations: string[] = [];
  const given = asArray(props.redirectUris);
  if (!given || !given.every((uri) => typeof uri === "string")) {
    violations.push(`redirectUris is ${show(props.redirectUris)}; it must be a list of URIs`);
  } else {
    for (const uri of given as string[]) {
      if (uri.includes("*")) {
        violations.push(`redirectUris contains the wildcard URI ${show(uri)}; wildcards are not allowed`);
      } else if (!config.allowedRedirectUris.includes(uri)) {
        violations.push(
          `redirectUris contains ${show(uri)}, which is not allowed; allowed: ${show(config.allowedRedirectUris)}`,
        );
      }
    }
    const missing = config.allowedRedirectUris.filter((uri) => !given.includes(uri));
    if (missing.length > 0) {
      violations.push(
        `redirectUris is missing ${show(missing)}; it must be exactly ${show(config.allowedRedirectUris)}`,
      );
    }
    if (new Set(given).size !== given.length) {
      violations.push(`redirectUris lists a URI more than once: ${show(given)}`);
    }
  }
  if (props.allowWildcardInRedirectUris !== false) {
    violations.push(`allowWildcardInRedirectUris is ${show(props.allowWildcardInRedirectUris)}; it must be false`);
  }
  return violations;
}

export interface RefreshTokenConfig {
  minRefreshTokenDurationSeconds: number;
  maxRefreshTokenDurationSeconds: number;
  maxRefreshTokenRollingDurationSeconds: number;
}

export function checkRefreshTokenDurations(
  props: { refreshTokenDuration?: unknown; refreshTokenRollingDuration?: unknown },
  config: RefreshTokenConfig,
): string[] {
  const violations: string[] = [];
  const duration = props.refreshTokenDuration;
  const rolling = props.refreshTokenRollingDuration;
  const durationOk = Number.isInteger(duration);
  const rollingOk = Number.isInteger(rolling);
  if (!durationOk) {
    violations.push(`refreshTokenDuration is ${show(duration)}; it must be a whole number of seconds`);
  } else if (
    (duration as number) < config.minRefreshTokenDurationSeconds ||
    (duration as number) > config.maxRefreshTokenDurationSeconds
  ) {
    violations.push(
      `refreshTokenDuration is ${duration} seconds; allowed: ${config.minRefreshTokenDurationSeconds}..` +
        `${config.maxRefreshTokenDurationSeconds}`,
    );
  }
  if (!rollingOk) {
    violations.push(`refreshTokenRollingDuration is ${show(rolling)}; it must be a whole number of seconds`);
  } else if ((rolling as number) > config.maxRefreshTokenRollingDurationSeconds) {
    violations.push(
      `refreshTokenRollingDuration is ${rolling} seconds; allowed: at most ` +
        `${config.maxRefreshTokenRollingDurationSeconds}`,
    );
  }
  if (durationOk && rollingOk && exceedsRollingDuration(duration, rolling)) {
    violations.push(
      `refreshTokenDuration (${duration} seconds) exceeds refreshTokenRollingDuration (${rolling} seconds); ` +
        `it must be less than or equal to it`,
    );
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------
// The sign-in user's role

/**
 * The role/scope pairs allowed for the user who signs in during the StackOne connection: the guide's three admin
 * roles, and Environment Admin at organization scope, which holds the same permissions in every environment of the
 * organization (a role given by hand, or imported, that the component never sets up itself).
 */
export const ALLOWED_SIGN_IN_ROLES: ReadonlyArray<{ roleName: string; scopeType: string }> = [
  ADMIN_ROLES.EnvironmentAdmin,
  { roleName: ADMIN_ROLES.EnvironmentAdmin.roleName, scopeType: "ORGANIZATION" },
  ADMIN_ROLES.IdentityDataAdmin,
  ADMIN_ROLES.OrganizationAdmin,
];

export function checkSignInUserRole(props: { roleName?: unknown; scopeType?: unknown }): string[] {
  const allowed = ALLOWED_SIGN_IN_ROLES.some(
    (pair) => pair.roleName === props.roleName && pair.scopeType === props.scopeType,
  );
  if (allowed) return [];
  const list = ALLOWED_SIGN_IN_ROLES.map((pair) => `${pair.roleName} at ${pair.scopeType}`).join(", ");
  return [`the sign-in user's role is ${show(props.roleName)} at scope ${show(props.scopeType)}; allowed: ${list}`];
}

// ---------------------------------------------------------------------------------------------------------------
// The scope grant

export function checkOpenIdGrant(props: { resourceName?: unknown; scopes?: unknown }): string[] {
  const violations: string[] = [];
  if (props.resourceName !== undefined && props.resourceName !== "openid") {
    violations.push(
      `resourceName is ${show(props.resourceName)}; the StackOne app may only be granted scopes of the "openid" ` +
        `resource (admin rights come from the signed-in user's roles, not from scopes)`,
    );
  }
  const scopes = asArray(props.scopes);
  if (!scopes || scopes.length === 0) {
    violations.push(`scopes is ${show(props.scopes)}; it must list at least one of ${show(OPENID_RESOURCE_SCOPES)}`);
  } else {
    const others = scopes.filter((scope) => !(OPENID_RESOURCE_SCOPES as readonly unknown[]).includes(scope));
    if (others.length > 0) {
      violations.push(`scopes contains ${show(others)}; allowed: ${show(OPENID_RESOURCE_SCOPES)}`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/** By default: PingOne's shortest duration, and at most the guide's defaults (30 and 180 days). */
export const DEFAULT_REFRESH_TOKEN_CONFIG: RefreshTokenConfig = {
  minRefreshTokenDurationSeconds: MIN_REFRESH_TOKEN_SECONDS,
  maxRefreshTokenDurationSeconds: DEFAULT_REFRESH_TOKEN_DURATION_DAYS * SECONDS_PER_DAY,
  maxRefreshTokenRollingDurationSeconds: DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS * SECONDS_PER_DAY,
};

/** The redirect URI policy's configuration with defaults applied; throws on a malformed value. */
export function resolveRedirectUriConfig(raw: Record<string, unknown>): RedirectUriConfig {
  const value = raw.allowedRedirectUris;
  if (value === undefined) return { allowedRedirectUris: [STACKONE_REDIRECT_URI] };
  const list = asArray(value);
  if (!list || list.length === 0 || !list.every((uri) => typeof uri === "string" && uri.length > 0)) {
    throw new Error(`policy config allowedRedirectUris is ${show(value)}; it must be a non-empty list of URIs`);
  }
  const wildcard = (list as string[]).find((uri) => uri.includes("*"));
  if (wildcard !== undefined) {
    throw new Error(`policy config allowedRedirectUris contains the wildcard URI ${show(wildcard)}; list exact URIs`);
  }
  return { allowedRedirectUris: list as string[] };
}

/** The refresh token policy's configuration with defaults applied; throws on a malformed value. */
export function resolveRefreshTokenConfig(raw: Record<string, unknown>): RefreshTokenConfig {
  const config = { ...DEFAULT_REFRESH_TOKEN_CONFIG };
  for (const key of Object.keys(DEFAULT_REFRESH_TOKEN_CONFIG) as (keyof RefreshTokenConfig)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const whole = typeof value === "number" && Number.isInteger(value);
    if (!whole || value < MIN_REFRESH_TOKEN_SECONDS || value > MAX_REFRESH_TOKEN_SECONDS) {
      throw new Error(
        `policy config ${key} is ${show(value)}; it must be a whole number of seconds, ` +
          `${MIN_REFRESH_TOKEN_SECONDS}..${MAX_REFRESH_TOKEN_SECONDS}`,
      );
    }
    config[key] = value;
  }
  if (config.minRefreshTokenDurationSeconds > config.maxRefreshTokenDurationSeconds) {
    throw new Error(
      `policy config minRefreshTokenDurationSeconds (${config.minRefreshTokenDurationSeconds}) exceeds ` +
        `maxRefreshTokenDurationSeconds (${config.maxRefreshTokenDurationSeconds})`,
    );
  }
  return config;
}
