/** Validation and normalisation of OIDC application bodies (POST and PUT), as PingOne applies them. */
import { ErrorDetail, invalidData, shown } from "../errors";

export const APPLICATION_TYPES = [
  "WEB_APP",
  "NATIVE_APP",
  "SINGLE_PAGE_APP",
  "WORKER",
  "SERVICE",
  "CUSTOM_APP",
  "PORTAL_LINK_APP",
  "PING_ONE_ADMIN_CONSOLE",
  "PING_ONE_PORTAL",
  "PING_ONE_SELF_SERVICE",
  "TEMPLATE_APP",
];
export const PROTOCOLS = ["OPENID_CONNECT", "SAML", "EXTERNAL_LINK", "WS_FED"];
export const GRANT_TYPES = ["AUTHORIZATION_CODE", "IMPLICIT", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "DEVICE_CODE", "TOKEN_EXCHANGE", "CIBA"];
export const RESPONSE_TYPES = ["TOKEN", "ID_TOKEN", "CODE"];
export const PKCE_ENFORCEMENTS = ["OPTIONAL", "REQUIRED", "S256_REQUIRED"];
export const REFRESH_TOKEN_TYPES = ["JSON_WEB_TOKEN", "OPAQUE_TOKEN"];
export const TOKEN_ENDPOINT_AUTH_METHODS = ["NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "PRIVATE_KEY_JWT", "CLIENT_SECRET_JWT"];
export const GROUP_POLICY_TYPES = ["ANY_GROUP", "ALL_GROUPS"];
/** Only OIDC apps of these types are created by this emulator (the types PingOne creates as OIDC through the API). */
const CREATABLE_TYPES = ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "WORKER", "SERVICE", "CUSTOM_APP"];

export const INT32_MAX = 2147483647;
export const DEFAULT_REFRESH_TOKEN_DURATION = 2592000;
export const WILDCARD_MESSAGE =
  "Wildcards are not allowed in redirect URIs. Set allowWildcardInRedirectUris to true to use wildcards in redirect URIs.";

/** Optional fields copied through as given when of the right JSON type. */
const PASSTHROUGH: Record<string, "string" | "boolean" | "string[]"> = {
  description: "string",
  loginPageUrl: "string",
  hiddenFromAppPortal: "boolean",
  homePageUrl: "string",
  targetLinkUri: "string",
  initiateLoginUri: "string",
  additionalRefreshTokenReplayProtectionEnabled: "boolean",
  requestScopesForMultipleResourcesEnabled: "boolean",
  requireSignedRequestObject: "boolean",
  supportUnsignedRequestObject: "boolean",
  parRequirement: "string",
  parTimeout: "string",
  tags: "string[]",
};

type Body = Record<string, unknown>;

class Checker {
  readonly details: ErrorDetail[] = [];

  fail(target: string, message: string, innerError?: Record<string, unknown>): void {
    const d: ErrorDetail = { code: "INVALID_VALUE", target, message };
    if (innerError) d.innerError = innerError;
    this.details.push(d);
  }

  required(body: Body, field: string): boolean {
    if (body[field] === undefined || body[field] === null || body[field] === "") {
      this.fail(field, `${field} is required`);
      return false;
    }
    return true;
  }

  enumValue(target: string, value: unknown, allowed: string[]): boolean {
    if (typeof value === "string" && allowed.includes(value)) return true;
    this.fail(target, `${target} must be one of ${allowed.join(", ")}; got ${shown(value)}`, { allowedValues: allowed });
    return false;
  }

  enumArray(target: string, value: unknown, allowed: string[]): string[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(target, `${target} must be an array of ${allowed.join(", ")}; got ${shown(value)}`, { allowedValues: allowed });
      return undefined;
    }
    const bad = value.filter((v) => typeof v !== "string" || !allowed.includes(v));
    if (bad.length > 0) {
      this.fail(target, `${target} must contain only ${allowed.join(", ")}; got ${shown(bad)}`, { allowedValues: allowed });
      return undefined;
    }
    return [...new Set(value as string[])];
  }

  integer(target: string, value: unknown, min: number, max: number): number | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(target, `${target} must be an integer between ${min} and ${max}; got ${shown(value)}`, {
        rangeMinimumValue: min,
        rangeMaximumValue: max,
      });
      return undefined;
    }
    return value;
  }

  stringArray(target: string, value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
      this.fail(target, `${target} must be an array of non-empty strings; got ${shown(value)}`);
      return undefined;
    }
    return [...value] as string[];
  }
}

export interface ValidatedApplication {
  /** The stored writable fields. */
  body: Body;
  /** POST only: whether to copy the creating actor's roles onto the app (default true). */
  assignActorRoles: boolean;
}

/**
 * Validates a POST or PUT body and returns what PingOne stores. PUT is a full replacement: the result holds only
 * what the body gives plus PingOne's defaults, so omitted optional fields are cleared.
 */
export function validateApplication(raw: unknown, method: "POST" | "PUT"): ValidatedApplication {
  const c = new Checker();
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    c.fail("body", `The request body must be a JSON object describing an application; got ${shown(raw)}`);
    throw invalidData(c.details);
  }
  const body = raw as Body;
  const out: Body = {};

  if (c.required(body, "name")) {
    if (typeof body.name !== "string" || body.name.trim() === "") c.fail("name", `name must be a non-empty string; got ${shown(body.name)}`);
    else out.name = body.name;
  }
  if (c.required(body, "type") && c.enumValue("type", body.type, APPLICATION_TYPES)) {
    if (!CREATABLE_TYPES.includes(body.type as string))
      c.fail("type", `Applications of type ${body.type} cannot be created or updated through this API; use one of ${CREATABLE_TYPES.join(", ")}`, {
        allowedValues: CREATABLE_TYPES,
      });
    else out.type = body.type;
  }
  if (c.required(body, "protocol") && c.enumValue("protocol", body.protocol, PROTOCOLS)) {
    if (body.protocol !== "OPENID_CONNECT")
      c.fail("protocol", `protocol ${body.protocol} is not supported by the emulator; only OPENID_CONNECT applications are emulated`, {
        allowedValues: ["OPENID_CONNECT"],
      });
    else out.protocol = body.protocol;
  }
  if (c.required(body, "tokenEndpointAuthMethod") && c.enumValue("tokenEndpointAuthMethod", body.tokenEndpointAuthMethod, TOKEN_ENDPOINT_AUTH_METHODS))
    out.tokenEndpointAuthMethod = body.tokenEndpointAuthMethod;

  // `enabled`: a POST (or PUT) without it leaves the application disabled.
  if (body.enabled === undefined || body.enabled === null) out.enabled = false;
  else if (typeof body.enabled !== "boolean") c.fail("enabled", `enabled must be true or false; got ${shown(body.enabled)}`);
  else out.enabled = body.enabled;

  for (const [field, kind] of Object.entries(PASSTHROUGH)) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    const ok =
      kind === "string[]" ? Array.isArray(v) && v.every((x) => typeof x === "string") : typeof v === kind;
    if (!ok) c.fail(field, `${field} must be ${kind === "string[]" ? "an array of strings" : `a ${kind}`}; got ${shown(v)}`);
    else out[field] = Array.isArray(v) ? [...v] : v;
  }

  if (body.icon !== undefined && body.icon !== null) {
    const icon = body.icon as Body;
    if (typeof icon !== "object" || typeof icon.id !== "string" || typeof icon.href !== "string" || !icon.id || !icon.href)
      c.fail("icon", `icon must be an object with non-empty id and href; got ${shown(body.icon)}`);
    else out.icon = { id: icon.id, href: icon.href };
  }

  // Access control. WORKER apps are always admin-only: PingOne reads them back with ADMIN_USERS_ONLY.
  const accessControl: Body = {};
  if (body.accessControl !== undefined && body.accessControl !== null) {
    const ac = body.accessControl as Body;
    if (typeof ac !== "object" || Array.isArray(ac)) c.fail("accessControl", `accessControl must be an object; got ${shown(ac)}`);
    else {
      if (ac.role !== undefined && ac.role !== null) {
        const role = ac.role as Body;
        if (c.enumValue("accessControl.role.type", role && role.type, ["ADMIN_USERS_ONLY"])) accessControl.role = { type: "ADMIN_USERS_ONLY" };
      }
      if (ac.group !== undefined && ac.group !== null) {
        const group = ac.group as Body;
        const typeOk = c.enumValue("accessControl.group.type", group && group.type, GROUP_POLICY_TYPES);
        const groups = group && group.groups;
        const groupsOk =
          Array.isArray(groups) && groups.length > 0 && groups.every((g) => g && typeof g === "object" && typeof g.id === "string" && g.id);
        if (!groupsOk) c.fail("accessControl.group.groups", `accessControl.group.groups must be a non-empty array of {id}; got ${shown(groups)}`);
        if (typeOk && groupsOk) accessControl.group = { type: group.type, groups: (groups as Body[]).map((g) => ({ id: g.id })) };
      }
    }
  }
  if (out.type === "WORKER" && !accessControl.role) accessControl.role = { type: "ADMIN_USERS_ONLY" };
  if (Object.keys(accessControl).length > 0) out.accessControl = accessControl;

  let grantTypes: string[] | undefined;
  if (body.grantTypes !== undefined && body.grantTypes !== null) {
    grantTypes = c.enumArray("grantTypes", body.grantTypes, GRANT_TYPES);
    if (grantTypes) out.grantTypes = grantTypes;
  }
  if (body.responseTypes !== undefined && body.responseTypes !== null) {
    const responseTypes = c.enumArray("responseTypes", body.responseTypes, RESPONSE_TYPES);
    if (responseTypes) {
      if (responseTypes.includes("CODE") && (responseTypes.includes("TOKEN") || responseTypes.includes("ID_TOKEN")))
        c.fail("responseTypes", `responseTypes CODE cannot be combined with TOKEN or ID_TOKEN; got ${shown(responseTypes)}`);
      else out.responseTypes = responseTypes;
    }
  }
  if (body.pkceEnforcement !== undefined && body.pkceEnforcement !== null) {
    if (c.enumValue("pkceEnforcement", body.pkceEnforcement, PKCE_ENFORCEMENTS)) out.pkceEnforcement = body.pkceEnforcement;
  } else out.pkceEnforcement = "OPTIONAL";
  if (body.refreshTokenType !== undefined && body.refreshTokenType !== null) {
    if (c.enumValue("refreshTokenType", body.refreshTokenType, REFRESH_TOKEN_TYPES)) out.refreshTokenType = body.refreshTokenType;
  }

  // Redirect URIs: a `*` needs allowWildcardInRedirectUris.
  if (body.allowWildcardInRedirectUris !== undefined && body.allowWildcardInRedirectUris !== null) {
    if (typeof body.allowWildcardInRedirectUris !== "boolean")
      c.fail("allowWildcardInRedirectUris", `allowWildcardInRedirectUris must be true or false; got ${shown(body.allowWildcardInRedirectUris)}`);
    else out.allowWildcardInRedirectUris = body.allowWildcardInRedirectUris;
  }
  let wildcardRejected = false;
  for (const field of ["redirectUris", "postLogoutRedirectUris"]) {
    if (body[field] === undefined || body[field] === null) continue;
    const uris = c.stringArray(field, body[field]);
    if (!uris) continue;
    if (field === "redirectUris" && uris.some((u) => u.includes("*")) && out.allowWildcardInRedirectUris !== true) {
      wildcardRejected = true;
      continue;
    }
    out[field] = uris;
  }

  // Refresh tokens: duration 60..2^31-1 (default 2592000 for apps with REFRESH_TOKEN), rolling 60..2^31-1,
  // grace 0..86400, duration ≤ rolling.
  const usesRefresh = (grantTypes ?? []).includes("REFRESH_TOKEN");
  const num = (field: string, min: number, max: number) =>
    body[field] === undefined || body[field] === null ? undefined : c.integer(field, body[field], min, max);
  const duration = num("refreshTokenDuration", 60, INT32_MAX);
  const rolling = num("refreshTokenRollingDuration", 60, INT32_MAX);
  const grace = num("refreshTokenRollingGracePeriodDuration", 0, 86400);
  const effDuration = duration ?? (usesRefresh ? DEFAULT_REFRESH_TOKEN_DURATION : undefined);
  // No rolling default: "If a value is not provided, the refresh token is valid forever" (spec).
  const effRolling = rolling;
  if (effDuration !== undefined && effRolling !== undefined && effDuration > effRolling)
    c.fail(
      "refreshTokenDuration",
      `refreshTokenDuration (${effDuration}) must be less than or equal to refreshTokenRollingDuration (${effRolling})`,
      { maximumValue: effRolling },
    );
  if (effDuration !== undefined) out.refreshTokenDuration = effDuration;
  if (effRolling !== undefined) out.refreshTokenRollingDuration = effRolling;
  if (grace !== undefined) out.refreshTokenRollingGracePeriodDuration = grace;

  // Administrator-defined client ids and secrets need a feature flag PingOne enables per environment (spec); the
  // value is never echoed back.
  for (const field of ["clientId", "clientSecret"]) {
    if (body[field] !== undefined && body[field] !== null)
      c.fail(field, `${field} may not be set: importing an application with its own client id and secret needs a feature flag this environment does not have`);
  }

  let assignActorRoles = true;
  if (method === "POST" && body.assignActorRoles !== undefined && body.assignActorRoles !== null) {
    if (typeof body.assignActorRoles !== "boolean")
      c.fail("assignActorRoles", `assignActorRoles must be true or false; got ${shown(body.assignActorRoles)}`);
    else assignActorRoles = body.assignActorRoles;
  }

  if (wildcardRejected)
    c.details.unshift({ code: "INVALID_VALUE", target: "redirectUris", message: WILDCARD_MESSAGE });
  if (c.details.length > 0) {
    const err = invalidData(c.details);
    // PingOne puts the wildcard message first in the error's top-level message too.
    if (wildcardRejected) Object.defineProperty(err, "message", { value: WILDCARD_MESSAGE });
    throw err;
  }
  return { body: out, assignActorRoles };
}
