/**
 * The facts of PingOne's console guide for a StackOne connection, and the rules shared by every layer, each written
 * once: StackOne's callback, the regions and their hosts, the OAuth endpoints, the durations and their bounds, and the
 * rules across settings (exactly one sign-in user; a refresh duration no longer than the rolling one; a group policy
 * only with groups; keeping the previous secret only with a rotation).
 *
 * Imported by the stack configuration (config.ts), the component (components/), the policy pack (policy/), the core
 * (pingone/core/) and the client (pingone/client/). It imports nothing, so every layer may import it; it lives under
 * pingone/ because both plugins are packaged from there.
 */

// ---------------------------------------------------------------------------------------------------------------
// StackOne's callback and the scopes it asks for
// ---------------------------------------------------------------------------------------------------------------

/** StackOne's callback for PingOne connections. PingOne compares redirect URIs exactly: no trailing slash. */
export const STACKONE_REDIRECT_URI = "https://api.stackone.com/connect/oauth2/pingone/callback";

/** PingOne's built-in resource the guide grants scopes of, and every scope it has. */
export const OPENID_RESOURCE_NAME = "openid";
export const OPENID_RESOURCE_SCOPES: readonly string[] = ["openid", "profile", "email", "address", "phone"];

// ---------------------------------------------------------------------------------------------------------------
// The role of the user who signs in during the StackOne connection
// ---------------------------------------------------------------------------------------------------------------

/** The three admin roles the guide offers for the user who signs in during the StackOne connection. */
export type AdminRole = "EnvironmentAdmin" | "IdentityDataAdmin" | "OrganizationAdmin";

/** The one mapping from the guide's admin roles to PingOne's role names and scopes. */
export const ADMIN_ROLES: Readonly<
  Record<
    AdminRole,
    {
      readonly roleName: "Environment Admin" | "Identity Data Admin" | "Organization Admin";
      readonly scopeType: "ENVIRONMENT" | "ORGANIZATION";
    }
  >
> = {
  EnvironmentAdmin: { roleName: "Environment Admin", scopeType: "ENVIRONMENT" },
  IdentityDataAdmin: { roleName: "Identity Data Admin", scopeType: "ENVIRONMENT" },
  OrganizationAdmin: { roleName: "Organization Admin", scopeType: "ORGANIZATION" },
};

// ---------------------------------------------------------------------------------------------------------------
// PingOne's vocabulary, as the guide uses it
// ---------------------------------------------------------------------------------------------------------------

export type RegionCode = "NA" | "EU" | "AP" | "AU" | "CA" | "SG";
export type GroupMembershipPolicyType = "ANY_GROUP" | "ALL_GROUPS";
export type PkceEnforcement = "OPTIONAL" | "REQUIRED" | "S256_REQUIRED";

export const PKCE_ENFORCEMENTS: readonly PkceEnforcement[] = ["OPTIONAL", "REQUIRED", "S256_REQUIRED"];
export const GROUP_POLICIES: readonly GroupMembershipPolicyType[] = ["ANY_GROUP", "ALL_GROUPS"];

/** A PingOne id: a UUID, 8-4-4-4-12 hex digits in any case. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Regions, their hosts and the OAuth endpoints
// ---------------------------------------------------------------------------------------------------------------

/** Host suffix of each PingOne region, in the order PingOne's documentation lists them: `auth.pingone.<suffix>`. */
export const REGION_SUFFIXES: Readonly<Record<RegionCode, string>> = {
  NA: "com",
  EU: "eu",
  AP: "asia",
  AU: "com.au",
  CA: "ca",
  SG: "sg",
};
export const REGION_CODES: readonly RegionCode[] = Object.keys(REGION_SUFFIXES) as RegionCode[];
export const DEFAULT_REGION_CODE: RegionCode = "NA";

/** True for the region codes PingOne serves, as PingOne writes them (upper case). */
export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(REGION_SUFFIXES, value);
}

/** The region's API base URL (ending in `/v1`) and auth base URL. Undefined for a code PingOne does not serve. */
export function regionBaseUrls(code: string): { apiUrl: string; authUrl: string } | undefined {
  if (!isRegionCode(code)) return undefined;
  const suffix = REGION_SUFFIXES[code];
  return { apiUrl: `https://api.pingone.${suffix}/v1`, authUrl: `https://auth.pingone.${suffix}` };
}

/** The authorization endpoint of an environment, under an auth base URL without a trailing slash. */
export function authorizeEndpoint(authUrl: string, environmentId: string): string {
  return `${authUrl}/${encodeURIComponent(environmentId)}/as/authorize`;
}

/** The token endpoint of an environment, under an auth base URL without a trailing slash. */
export function tokenEndpoint(authUrl: string, environmentId: string): string {
  return `${authUrl}/${encodeURIComponent(environmentId)}/as/token`;
}

/**
 * The authorization and token endpoints of `environmentId`: under `authUrl` (custom domain, local emulator; trailing
 * slashes dropped) when given, else under the region's auth host. The region code may be in any case.
 */
export function oauthEndpoints(
  environmentId: string,
  regionCode: RegionCode = DEFAULT_REGION_CODE,
  authUrl?: string,
): { authorizationUrl: string; tokenUrl: string } {
  const region = `https://auth.pingone.${REGION_SUFFIXES[normalRegionCode(regionCode)]}`;
  const base = authUrl !== undefined ? authUrl.replace(/\/+$/, "") : region;
  return { authorizationUrl: authorizeEndpoint(base, environmentId), tokenUrl: tokenEndpoint(base, environmentId) };
}

/** The region code as PingOne writes it (upper case). */
export function normalRegionCode(value: string): RegionCode {
  return value.trim().toUpperCase() as RegionCode;
}

/**
 * The hosts PingOne accepts a plain-http redirect URI for: localhost and 127.0.0.1 only (every other redirect URI
 * uses https or a custom scheme). Narrower than {@link isLoopbackHost}, which judges the base URLs of the API.
 */
export const HTTP_REDIRECT_HOSTS: readonly string[] = ["localhost", "127.0.0.1"];

/** True when PingOne accepts a plain-http redirect URI to `hostname` (as `URL.hostname` gives it, lower case). */
export function allowsHttpRedirect(hostname: string): boolean {
  return HTTP_REDIRECT_HOSTS.includes(hostname);
}

/** True for hosts that never leave the machine: 127.0.0.0/8, localhost, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

// ---------------------------------------------------------------------------------------------------------------
// Durations and their bounds
// ---------------------------------------------------------------------------------------------------------------

export const SECONDS_PER_DAY = 86_400;
/** PingOne stores refresh-token durations as 32-bit seconds. */
export const MAX_REFRESH_TOKEN_SECONDS = 2_147_483_647;
/** PingOne's shortest refresh-token duration. */
export const MIN_REFRESH_TOKEN_SECONDS = 60;
/** 2147483647 s is 24855 whole days. */
export const MAX_REFRESH_TOKEN_DAYS = Math.floor(MAX_REFRESH_TOKEN_SECONDS / SECONDS_PER_DAY);
export const DEFAULT_REFRESH_TOKEN_DURATION_DAYS = 30;
export const DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS = 180;
/** PingOne's rolling duration when an application states none: 180 days. */
export const PINGONE_DEFAULT_ROLLING_DURATION_SECONDS = 15_552_000;
/** The rolling grace period: 0 to 1 day. */
export const MAX_GRACE_PERIOD_SECONDS = 86_400;
/** PingOne keeps a previous secret valid from 1 minute to 30 days after a rotation. */
export const MIN_KEEP_PREVIOUS_SECONDS = 60;
export const MAX_KEEP_PREVIOUS_SECONDS = 2_592_000;
export const MIN_KEEP_PREVIOUS_MINUTES = MIN_KEEP_PREVIOUS_SECONDS / 60;
export const MAX_KEEP_PREVIOUS_MINUTES = MAX_KEEP_PREVIOUS_SECONDS / 60;

/** The rule between the refresh-token durations (in one unit): the duration is no longer than the rolling one. */
export function exceedsRollingDuration(duration: unknown, rolling: unknown): boolean {
  return typeof duration === "number" && typeof rolling === "number" && duration > rolling;
}

// ---------------------------------------------------------------------------------------------------------------
// Showing a value in a message
// ---------------------------------------------------------------------------------------------------------------

/** Characters escaped whenever a value is shown: everything invisible or line-breaking except the plain space. */
const ESCAPED_CHAR =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/**
 * Text made safe to print in a message: every control, format, separator or invisible character (but the plain
 * space) becomes `\uXXXX` (`\u{XXXXX}` beyond the BMP), so no value can hide characters, break a line, or reorder
 * the message (bidi overrides). Meant for JSON text (`JSON.stringify` output), whose own escapes it keeps.
 */
export function escapeForDisplay(text: string): string {
  return text.replace(ESCAPED_CHAR, (char) => {
    if (char === " ") return char;
    const cp = char.codePointAt(0) ?? 0;
    return cp > 0xffff
      ? `\\u{${cp.toString(16).toUpperCase()}}`
      : `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/** A value as it appears in a message: strings quoted, invisible characters escaped, long values cut short. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  if (typeof value === "string") text = escapeForDisplay(JSON.stringify(value));
  else if (typeof value === "number" || typeof value === "boolean" || value === null) text = String(value);
  else {
    try {
      text = escapeForDisplay(JSON.stringify(value) ?? typeof value);
    } catch {
      text = `a value of type ${typeof value}`;
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules across settings
// ---------------------------------------------------------------------------------------------------------------

/** The settings the rules across settings read, in the guide's vocabulary; any of them may be missing or invalid. */
export interface CrossFieldSettings {
  signInUsername?: unknown;
  signInUserId?: unknown;
  refreshTokenDurationDays?: unknown;
  refreshTokenRollingDurationDays?: unknown;
  groups?: unknown;
  groupPolicy?: unknown;
  rotateSecret?: unknown;
  keepPreviousSecretMinutes?: unknown;
}

/**
 * How a rule across settings speaks to its audience: the stack configuration's `stackone:` keys, or the component's
 * arguments. The rules are the same; the words are each audience's own.
 */
export interface SettingsWording {
  /** A setting's name as the audience writes it. */
  name(key: string): string;
  /** How a value reached the program: a configuration key is "set", an argument "given". */
  verb: string;
  /** What is expected when both sign-in settings are there. */
  bothSignInUsers: string;
  /** What is expected when neither is. */
  noSignInUser: string;
  /** What is expected of a refresh-token duration longer than the rolling one. */
  durationOverRolling: string;
}

const SIGN_IN_USER = "naming the user who signs in during the StackOne connection";

/** The words of the stack configuration (config.ts). */
export const CONFIG_WORDING: SettingsWording = {
  name: (key) => `stackone:${key}`,
  verb: "set",
  bothSignInUsers: `expected exactly one of them, ${SIGN_IN_USER}`,
  noSignInUser: `expected exactly one of them, ${SIGN_IN_USER}`,
  durationOverRolling: "expected at most the rolling duration",
};

/** The words of the component's arguments (components/workerAppPlan.ts). */
export const ARGUMENT_WORDING: SettingsWording = {
  name: (key) => key,
  verb: "given",
  bothSignInUsers: "expected exactly one",
  noSignInUser: `expected exactly one, ${SIGN_IN_USER}`,
  durationOverRolling: "expected a duration no longer than the rolling duration",
};

/** A problem across settings: what is wrong, and the settings it is reported under (the caller names them its way). */
export interface CrossFieldProblem {
  keys: readonly string[];
  message: string;
}

/**
 * Every problem across settings, in this order: the sign-in user, the refresh-token durations, the group policy, the
 * previous secret's overlap. A missing refresh-token duration counts as the guide's default (and is said to be one).
 * Each message shows the values given and what is allowed, worded for its audience.
 */
export function crossFieldProblems(s: CrossFieldSettings, words: SettingsWording): CrossFieldProblem[] {
  const rules = [signInUserProblem, durationProblem, groupPolicyProblem, keepPreviousProblem];
  return rules.map((rule) => rule(s, words)).filter((p): p is CrossFieldProblem => p !== undefined);
}

/** Exactly one of `signInUsername` and `signInUserId`. */
function signInUserProblem(s: CrossFieldSettings, w: SettingsWording): CrossFieldProblem | undefined {
  const keys = ["signInUsername", "signInUserId"];
  if (s.signInUsername !== undefined && s.signInUserId !== undefined) {
    const given = `${show(s.signInUsername)}, ${show(s.signInUserId)}`;
    return { keys, message: `both are ${w.verb} (${given}); ${w.bothSignInUsers}` };
  }
  if (s.signInUsername === undefined && s.signInUserId === undefined) {
    return { keys, message: `neither is ${w.verb}; ${w.noSignInUser}` };
  }
  return undefined;
}

/** The refresh-token duration no longer than the rolling duration, defaults included. */
function durationProblem(s: CrossFieldSettings, w: SettingsWording): CrossFieldProblem | undefined {
  const duration = s.refreshTokenDurationDays ?? DEFAULT_REFRESH_TOKEN_DURATION_DAYS;
  const rolling = s.refreshTokenRollingDurationDays ?? DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS;
  if (!exceedsRollingDuration(duration, rolling)) return undefined;
  const isDefault = s.refreshTokenRollingDurationDays === undefined ? ", the default" : "";
  return {
    keys: ["refreshTokenDurationDays"],
    message:
      `${String(duration)} exceeds ${w.name("refreshTokenRollingDurationDays")} (${String(rolling)}${isDefault}); ` +
      w.durationOverRolling,
  };
}

/** A group policy only with groups. */
function groupPolicyProblem(s: CrossFieldSettings, w: SettingsWording): CrossFieldProblem | undefined {
  if (s.groupPolicy === undefined) return undefined;
  if (s.groups !== undefined && !(Array.isArray(s.groups) && s.groups.length === 0)) return undefined;
  return {
    keys: ["groupPolicy"],
    message: `${show(s.groupPolicy)} is ${w.verb} without ${w.name("groups")}; expected groups as well, or no groupPolicy`,
  };
}

/** Keeping the previous secret applies to a rotation only. */
function keepPreviousProblem(s: CrossFieldSettings, w: SettingsWording): CrossFieldProblem | undefined {
  if (s.keepPreviousSecretMinutes === undefined || s.rotateSecret !== undefined) return undefined;
  return {
    keys: ["keepPreviousSecretMinutes"],
    message:
      `${show(s.keepPreviousSecretMinutes)} is ${w.verb} without ${w.name("rotateSecret")}; it applies to a rotation only: ` +
      `set ${w.name("rotateSecret")} too`,
  };
}
