/**
 * Validation and normalisation of OIDC application bodies (POST and PUT), as PingOne applies them.
 *
 * Every property of the spec's `Application` and `ApplicationOIDC` schemas (spec:L1073-1568) is described once in
 * `OIDC_FIELDS` with its type and range; a body is checked against that table, stored as given (unknown fields are
 * dropped, as PingOne ignores them), then the rules that span several fields are applied and `OIDC_DEFAULTS` fill
 * what the body left out.
 */
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
export const GRANT_TYPES = [
  "AUTHORIZATION_CODE",
  "IMPLICIT",
  "REFRESH_TOKEN",
  "CLIENT_CREDENTIALS",
  "DEVICE_CODE",
  "TOKEN_EXCHANGE",
  "CIBA",
];
export const RESPONSE_TYPES = ["TOKEN", "ID_TOKEN", "CODE"];
export const PKCE_ENFORCEMENTS = ["OPTIONAL", "REQUIRED", "S256_REQUIRED"];
export const REFRESH_TOKEN_TYPES = ["JSON_WEB_TOKEN", "OPAQUE_TOKEN"];
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  "NONE",
  "CLIENT_SECRET_BASIC",
  "CLIENT_SECRET_POST",
  "PRIVATE_KEY_JWT",
  "CLIENT_SECRET_JWT",
];
export const GROUP_POLICY_TYPES = ["ANY_GROUP", "ALL_GROUPS"];
export const PAR_REQUIREMENTS = ["REQUIRED", "OPTIONAL"];
export const CORS_BEHAVIORS = ["ALLOW_NO_ORIGINS", "ALLOW_SPECIFIC_ORIGINS"];
export const APPLICATION_TAGS = ["PING_FED_CONNECTION_INTEGRATION"];
/** Only OIDC apps of these types are created by this emulator (the types PingOne creates as OIDC through the API). */
const CREATABLE_TYPES = ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "WORKER", "SERVICE", "CUSTOM_APP"];
/**
 * The types `signing` may be set on: the spec names WEB_APP, NATIVE_APP, SINGLE_PAGE_APP and CUSTOM_APP; Ping's
 * Terraform provider, tested against PingOne, also allows WORKER (TF resource_application.go validateSigning).
 */
const SIGNING_TYPES = ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "CUSTOM_APP", "WORKER"];

export const INT32_MAX = 2147483647;
export const DEFAULT_REFRESH_TOKEN_DURATION = 2592000;
export const WILDCARD_MESSAGE =
  "Wildcards are not allowed in redirect URIs. Set allowWildcardInRedirectUris to true to use wildcards in redirect URIs.";

/**
 * What PingOne stores for a field the body leaves out, for every OIDC application. Each value is the spec's
 * `default` for the field (spec:L99, L1327, L1356, L1362, L1488, L1496, L1528); `pkceEnforcement` OPTIONAL is
 * PingOne's documented default. `refreshTokenDuration` is defaulted separately (REFRESH_TOKEN apps only).
 */
export const OIDC_DEFAULTS: Readonly<Record<string, unknown>> = {
  pkceEnforcement: "OPTIONAL",
  parRequirement: "OPTIONAL",
  parTimeout: 60,
  additionalRefreshTokenReplayProtectionEnabled: true,
  devicePollingInterval: 5,
  deviceTimeout: 600,
  opSessionCheckEnabled: false,
  requestScopesForMultipleResourcesEnabled: false,
};

/** A field's JSON type and range, as the spec describes it. */
type Rule =
  | { t: "string"; nonEmpty?: boolean; pattern?: RegExp; patternText?: string }
  | { t: "boolean" }
  | { t: "integer"; min: number; max: number }
  | { t: "enum"; values: readonly string[] }
  | { t: "array"; items: Rule; minItems?: number; maxItems?: number }
  | { t: "object"; props: Record<string, Rule>; required?: string[] }
  /** An object whose values are all strings (`additionalProperties: {type: string}`). */
  | { t: "stringMap" };

const str: Rule = { t: "string" };
const nonEmpty: Rule = { t: "string", nonEmpty: true };
const bool: Rule = { t: "boolean" };
const int = (min: number, max: number): Rule => ({ t: "integer", min, max });
const oneOf = (values: readonly string[]): Rule => ({ t: "enum", values });
const idRef: Rule = { t: "object", props: { id: nonEmpty }, required: ["id"] };

/** Every writable property of an OIDC application (spec: Application + ApplicationOIDC). */
export const OIDC_FIELDS: Record<string, Rule> = {
  description: str,
  hiddenFromAppPortal: bool,
  icon: { t: "object", props: { id: nonEmpty, href: nonEmpty }, required: ["id", "href"] },
  loginPageUrl: str,
  accessControl: {
    t: "object",
    props: {
      role: { t: "object", props: { type: oneOf(["ADMIN_USERS_ONLY"]) }, required: ["type"] },
      group: {
        t: "object",
        props: { type: oneOf(GROUP_POLICY_TYPES), groups: { t: "array", items: idRef, minItems: 1 } },
        required: ["type", "groups"],
      },
    },
  },
  additionalRefreshTokenReplayProtectionEnabled: bool,
  allowWildcardInRedirectUris: bool,
  corsSettings: {
    t: "object",
    props: { behavior: oneOf(CORS_BEHAVIORS), origins: { t: "array", items: nonEmpty, maxItems: 20 } },
    required: ["behavior"],
  },
  devicePathId: { t: "string", pattern: /^[a-zA-Z0-9_-]{1,50}$/, patternText: "1 to 50 letters, digits, _ or -" },
  deviceCustomVerificationUri: str,
  deviceTimeout: int(1, 3600),
  devicePollingInterval: int(1, 60),
  idpSignoff: bool,
  includeX5t: bool,
  jwks: nonEmpty,
  jwksUrl: { t: "string", pattern: /^https:\/\/\S+$/, patternText: "an https:// URL" },
  mobile: {
    t: "object",
    props: {
      bundleId: str,
      packageName: str,
      huaweiAppId: str,
      huaweiPackageName: str,
      passcodeGracePeriod: int(1, 10),
      passcodeRefreshDuration: {
        t: "object",
        props: { duration: int(30, 60), timeUnit: oneOf(["SECONDS"]) },
        required: ["duration", "timeUnit"],
      },
      integrityDetection: {
        t: "object",
        props: {
          excludedPlatforms: { t: "array", items: oneOf(["IOS", "GOOGLE"]), maxItems: 1 },
          mode: oneOf(["ENABLED", "DISABLED"]),
          cacheDuration: { t: "object", props: { amount: int(1, 2880), units: oneOf(["MINUTES", "HOURS"]) } },
          googlePlay: {
            t: "object",
            props: {
              decryptionKey: nonEmpty,
              serviceAccountCredentials: nonEmpty,
              verificationKey: nonEmpty,
              verificationType: oneOf(["GOOGLE", "INTERNAL"]),
            },
          },
        },
      },
      push: {
        t: "object",
        props: { numberMatching: { t: "object", props: { type: oneOf(["SELECT_NUMBER", "ENTER_MANUALLY"]) } } },
      },
      uriPrefix: str,
    },
  },
  kerberos: { t: "object", props: { key: idRef }, required: ["key"] },
  grantTypes: { t: "array", items: oneOf(GRANT_TYPES) },
  homePageUrl: str,
  initiateLoginUri: str,
  opSessionCheckEnabled: bool,
  parRequirement: oneOf(PAR_REQUIREMENTS),
  parTimeout: int(1, 600),
  pkceEnforcement: oneOf(PKCE_ENFORCEMENTS),
  postLogoutRedirectUris: { t: "array", items: nonEmpty },
  redirectUris: { t: "array", items: nonEmpty },
  refreshTokenDuration: int(60, INT32_MAX),
  refreshTokenRollingDuration: int(60, INT32_MAX),
  refreshTokenRollingGracePeriodDuration: int(0, 86400),
  refreshTokenType: oneOf(REFRESH_TOKEN_TYPES),
  requestScopesForMultipleResourcesEnabled: bool,
  requireSignedRequestObject: bool,
  responseTypes: { t: "array", items: oneOf(RESPONSE_TYPES) },
  signing: { t: "object", props: { keyRotationPolicy: idRef }, required: ["keyRotationPolicy"] },
  supportUnsignedRequestObject: bool,
  tags: { t: "array", items: oneOf(APPLICATION_TAGS) },
  targetLinkUri: str,
  template: {
    t: "object",
    props: { configuration: { t: "stringMap" }, integration: idRef, version: idRef },
    required: ["configuration", "integration", "version"],
  },
};

type Body = Record<string, unknown>;

const absent = (v: unknown) => v === undefined || v === null;

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

  enumValue(target: string, value: unknown, allowed: readonly string[]): boolean {
    if (typeof value === "string" && allowed.includes(value)) return true;
    this.fail(target, `${target} must be one of ${allowed.join(", ")}; got ${shown(value)}`, {
      allowedValues: [...allowed],
    });
    return false;
  }

  /** The value checked against its rule: a copy holding only the spec's properties, or undefined after a failure. */
  check(target: string, value: unknown, rule: Rule): unknown {
    switch (rule.t) {
      case "string":
        if (typeof value !== "string" || (rule.nonEmpty && value === "")) {
          this.fail(target, `${target} must be a ${rule.nonEmpty ? "non-empty " : ""}string; got ${shown(value)}`);
          return undefined;
        }
        if (rule.pattern && !rule.pattern.test(value)) {
          this.fail(target, `${target} must be ${rule.patternText}; got ${shown(value)}`, {
            pattern: rule.pattern.source,
          });
          return undefined;
        }
        return value;
      case "boolean":
        if (typeof value !== "boolean") {
          this.fail(target, `${target} must be true or false; got ${shown(value)}`);
          return undefined;
        }
        return value;
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value) || value < rule.min || value > rule.max) {
          this.fail(target, `${target} must be an integer between ${rule.min} and ${rule.max}; got ${shown(value)}`, {
            rangeMinimumValue: rule.min,
            rangeMaximumValue: rule.max,
          });
          return undefined;
        }
        return value;
      case "enum":
        return this.enumValue(target, value, rule.values) ? value : undefined;
      case "array":
        return this.array(target, value, rule);
      case "object":
        return this.object(target, value, rule);
      case "stringMap": {
        const ok =
          value !== null &&
          typeof value === "object" &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === "string");
        if (!ok) {
          this.fail(target, `${target} must be an object whose values are strings; got ${shown(value)}`);
          return undefined;
        }
        return { ...(value as Body) };
      }
    }
  }

  private array(target: string, value: unknown, rule: Extract<Rule, { t: "array" }>): unknown[] | undefined {
    const items = rule.items;
    const enumItems = items.t === "enum" ? items.values : undefined;
    if (!Array.isArray(value)) {
      if (enumItems)
        this.fail(target, `${target} must be an array of ${enumItems.join(", ")}; got ${shown(value)}`, {
          allowedValues: [...enumItems],
        });
      else this.fail(target, `${target} must be an array; got ${shown(value)}`);
      return undefined;
    }
    if (enumItems) {
      const bad = value.filter((v) => typeof v !== "string" || !enumItems.includes(v));
      if (bad.length > 0) {
        this.fail(target, `${target} must contain only ${enumItems.join(", ")}; got ${shown(bad)}`, {
          allowedValues: [...enumItems],
        });
        return undefined;
      }
    }
    if (rule.minItems !== undefined && value.length < rule.minItems) {
      this.fail(target, `${target} must hold at least ${rule.minItems} item(s); got ${shown(value)}`);
      return undefined;
    }
    if (rule.maxItems !== undefined && value.length > rule.maxItems) {
      this.fail(target, `${target} may hold at most ${rule.maxItems} item(s); got ${value.length}`, {
        maximumValue: rule.maxItems,
      });
      return undefined;
    }
    if (enumItems) return [...new Set(value as string[])];
    const before = this.details.length;
    const out = value.map((v, i) => this.check(`${target}[${i}]`, v, items));
    return this.details.length === before ? out : undefined;
  }

  private object(target: string, value: unknown, rule: Extract<Rule, { t: "object" }>): Body | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.fail(target, `${target} must be an object; got ${shown(value)}`);
      return undefined;
    }
    const given = value as Body;
    const before = this.details.length;
    const out: Body = {};
    for (const name of rule.required ?? [])
      if (absent(given[name])) this.fail(`${target}.${name}`, `${target}.${name} is required`);
    for (const [name, sub] of Object.entries(rule.props)) {
      if (absent(given[name])) continue;
      const v = this.check(`${target}.${name}`, given[name], sub);
      if (v !== undefined) out[name] = v;
    }
    return this.details.length === before ? out : undefined;
  }
}

export interface ValidatedApplication {
  /** The stored writable fields. */
  body: Body;
  /** POST only: whether to copy the creating actor's roles onto the app (default true). */
  assignActorRoles: boolean;
}

/** `http(s)://host[:port]` without a path; the host a domain name (a leading `*.` allowed), localhost or IPv4. */
const CORS_ORIGIN =
  /^https?:\/\/(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

/** The rules that span several fields (spec descriptions; TF resource_application.go for the wildcard message). */
function crossFieldRules(c: Checker, out: Body): void {
  const responseTypes = out.responseTypes as string[] | undefined;
  if (
    responseTypes &&
    responseTypes.includes("CODE") &&
    (responseTypes.includes("TOKEN") || responseTypes.includes("ID_TOKEN"))
  ) {
    c.fail(
      "responseTypes",
      `responseTypes CODE cannot be combined with TOKEN or ID_TOKEN; got ${shown(responseTypes)}`,
    );
    delete out.responseTypes;
  }
  if (out.requireSignedRequestObject === true && out.supportUnsignedRequestObject === true)
    c.fail(
      "supportUnsignedRequestObject",
      "supportUnsignedRequestObject and requireSignedRequestObject cannot both be true",
    );

  const cors = out.corsSettings as { behavior: string; origins?: string[] } | undefined;
  if (cors) {
    const origins = cors.origins ?? [];
    if (cors.behavior === "ALLOW_SPECIFIC_ORIGINS" && origins.length === 0)
      c.fail(
        "corsSettings.origins",
        "corsSettings.origins must hold at least one origin when corsSettings.behavior is ALLOW_SPECIFIC_ORIGINS",
      );
    if (cors.behavior === "ALLOW_NO_ORIGINS" && origins.length > 0)
      c.fail(
        "corsSettings.origins",
        `corsSettings.origins must be omitted or empty when corsSettings.behavior is ALLOW_NO_ORIGINS; got ${shown(origins)}`,
      );
    origins.forEach((o, i) => {
      if (!CORS_ORIGIN.test(o))
        c.fail(
          `corsSettings.origins[${i}]`,
          `corsSettings.origins[${i}] must be an http or https origin without a path (host: a domain name, optionally *., localhost or an IPv4 address); got ${shown(o)}`,
        );
    });
  }

  if (!absent(out.jwks) && !absent(out.jwksUrl))
    c.fail("jwksUrl", "jwks and jwksUrl cannot both be set; give one of them");
  if (out.tokenEndpointAuthMethod === "PRIVATE_KEY_JWT" && absent(out.jwks) && absent(out.jwksUrl))
    c.fail("jwks", "jwks or jwksUrl is required when tokenEndpointAuthMethod is PRIVATE_KEY_JWT");
  if (out.signing && !SIGNING_TYPES.includes(out.type as string))
    c.fail(
      "signing",
      `signing applies only to applications of type ${SIGNING_TYPES.join(", ")}; got type ${shown(out.type)}`,
      { allowedValues: SIGNING_TYPES },
    );

  const integrity = (out.mobile as Body | undefined)?.integrityDetection as
    | {
        mode?: string;
        excludedPlatforms?: string[];
        cacheDuration?: { amount?: number; units?: string };
        googlePlay?: Body;
      }
    | undefined;
  if (integrity) {
    const cache = integrity.cacheDuration;
    if (cache?.units === "HOURS" && cache.amount !== undefined && cache.amount > 48)
      c.fail(
        "mobile.integrityDetection.cacheDuration.amount",
        `mobile.integrityDetection.cacheDuration.amount must be at most 48 HOURS; got ${cache.amount}`,
        { rangeMaximumValue: 48 },
      );
    if (integrity.mode === "ENABLED") {
      if (!cache || cache.amount === undefined)
        c.fail(
          "mobile.integrityDetection.cacheDuration",
          "mobile.integrityDetection.cacheDuration is required when mobile.integrityDetection.mode is ENABLED",
        );
      const play = integrity.googlePlay;
      if (!(integrity.excludedPlatforms ?? []).includes("GOOGLE")) {
        if (!play || !play.verificationType)
          c.fail(
            "mobile.integrityDetection.googlePlay",
            "mobile.integrityDetection.googlePlay with verificationType is required unless excludedPlatforms contains GOOGLE",
          );
        else if (play.serviceAccountCredentials && (play.decryptionKey || play.verificationKey))
          c.fail(
            "mobile.integrityDetection.googlePlay",
            "mobile.integrityDetection.googlePlay.serviceAccountCredentials cannot be combined with decryptionKey or verificationKey",
          );
        else if (play.verificationType === "GOOGLE" && !play.serviceAccountCredentials)
          c.fail(
            "mobile.integrityDetection.googlePlay.serviceAccountCredentials",
            "mobile.integrityDetection.googlePlay.serviceAccountCredentials is required when verificationType is GOOGLE",
          );
        else if (play.verificationType === "INTERNAL" && (!play.decryptionKey || !play.verificationKey))
          c.fail(
            "mobile.integrityDetection.googlePlay",
            "mobile.integrityDetection.googlePlay.decryptionKey and verificationKey are required when verificationType is INTERNAL",
          );
      }
    }
  }

  // Refresh tokens: duration defaults to 2592000 for apps with REFRESH_TOKEN and must not exceed the rolling duration
  // (no rolling default: "If a value is not provided, the refresh token is valid forever").
  const usesRefresh = ((out.grantTypes as string[] | undefined) ?? []).includes("REFRESH_TOKEN");
  if (out.refreshTokenDuration === undefined && usesRefresh) out.refreshTokenDuration = DEFAULT_REFRESH_TOKEN_DURATION;
  const duration = out.refreshTokenDuration as number | undefined;
  const rolling = out.refreshTokenRollingDuration as number | undefined;
  if (duration !== undefined && rolling !== undefined && duration > rolling)
    c.fail(
      "refreshTokenDuration",
      `refreshTokenDuration (${duration}) must be less than or equal to refreshTokenRollingDuration (${rolling})`,
      {
        maximumValue: rolling,
      },
    );
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
    if (typeof body.name !== "string" || body.name.trim() === "")
      c.fail("name", `name must be a non-empty string; got ${shown(body.name)}`);
    else out.name = body.name;
  }
  if (c.required(body, "type") && c.enumValue("type", body.type, APPLICATION_TYPES)) {
    if (!CREATABLE_TYPES.includes(body.type as string))
      c.fail(
        "type",
        `Applications of type ${body.type} cannot be created or updated through this API; use one of ${CREATABLE_TYPES.join(", ")}`,
        {
          allowedValues: CREATABLE_TYPES,
        },
      );
    else out.type = body.type;
  }
  if (c.required(body, "protocol") && c.enumValue("protocol", body.protocol, PROTOCOLS)) {
    if (body.protocol !== "OPENID_CONNECT")
      c.fail(
        "protocol",
        `protocol ${body.protocol} is not supported by the emulator; only OPENID_CONNECT applications are emulated`,
        {
          allowedValues: ["OPENID_CONNECT"],
        },
      );
    else out.protocol = body.protocol;
  }
  if (
    c.required(body, "tokenEndpointAuthMethod") &&
    c.enumValue("tokenEndpointAuthMethod", body.tokenEndpointAuthMethod, TOKEN_ENDPOINT_AUTH_METHODS)
  )
    out.tokenEndpointAuthMethod = body.tokenEndpointAuthMethod;

  // `enabled`: a POST (or PUT) without it leaves the application disabled.
  if (absent(body.enabled)) out.enabled = false;
  else if (typeof body.enabled !== "boolean")
    c.fail("enabled", `enabled must be true or false; got ${shown(body.enabled)}`);
  else out.enabled = body.enabled;

  for (const [field, rule] of Object.entries(OIDC_FIELDS)) {
    if (absent(body[field])) continue;
    const v = c.check(field, body[field], rule);
    if (v !== undefined) out[field] = v;
  }

  // WORKER apps are always admin-only: PingOne reads them back with ADMIN_USERS_ONLY.
  if (out.type === "WORKER" && !(out.accessControl as Body | undefined)?.role)
    out.accessControl = { ...((out.accessControl as Body | undefined) ?? {}), role: { type: "ADMIN_USERS_ONLY" } };
  if (out.accessControl && Object.keys(out.accessControl as Body).length === 0) delete out.accessControl;

  // Redirect URIs: a `*` needs allowWildcardInRedirectUris.
  const wildcardRejected =
    ((out.redirectUris as string[] | undefined) ?? []).some((u) => u.includes("*")) &&
    out.allowWildcardInRedirectUris !== true;
  if (wildcardRejected) delete out.redirectUris;

  crossFieldRules(c, out);

  // Administrator-defined client ids and secrets need a feature flag PingOne enables per environment (spec); the
  // value is never echoed back.
  for (const field of ["clientId", "clientSecret"]) {
    if (!absent(body[field]))
      c.fail(
        field,
        `${field} may not be set: importing an application with its own client id and secret needs a feature flag this environment does not have`,
      );
  }

  let assignActorRoles = true;
  if (method === "POST" && !absent(body.assignActorRoles)) {
    if (typeof body.assignActorRoles !== "boolean")
      c.fail("assignActorRoles", `assignActorRoles must be true or false; got ${shown(body.assignActorRoles)}`);
    else assignActorRoles = body.assignActorRoles;
  }

  if (wildcardRejected) c.details.unshift({ code: "INVALID_VALUE", target: "redirectUris", message: WILDCARD_MESSAGE });
  if (c.details.length > 0) {
    const err = invalidData(c.details);
    // PingOne puts the wildcard message first in the error's top-level message too.
    if (wildcardRejected) Object.defineProperty(err, "message", { value: WILDCARD_MESSAGE });
    throw err;
  }
  for (const [field, value] of Object.entries(OIDC_DEFAULTS)) if (out[field] === undefined) out[field] = value;
  return { body: out, assignActorRoles };
}
