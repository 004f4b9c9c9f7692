/**
 * The console guide for StackOne's PingOne connector, as plain data: its default values, its rules, and the one
 * function that turns a handful of settings into the inputs of the four PingOne resources. No Pulumi in here, so
 * every rule is testable in milliseconds and shared by the stack configuration (../config.ts).
 *
 * Vocabulary: the console guide's (`adminRole: "EnvironmentAdmin"`, refresh token durations in days) on the way in,
 * PingOne's API (`roleName: "Environment Admin"`, seconds) on the way out. The mapping lives here and nowhere else.
 */
import type {
  ApplicationInputs,
  ApplicationSecretInputs,
  GroupInputs,
  GroupMembershipInputs,
  GroupRoleAssignmentInputs,
  ResourceGrantInputs,
} from "../pingone/core/model";
import { checkCredentialSetting } from "../pingone/core/credentials";
import {
  applicationNameViolation,
  descriptionViolation,
  groupNameViolation,
  redirectUriUserinfoViolation,
  usernameViolation,
  withoutUserinfo,
  type RuleViolation,
} from "../pingone/core/rules";
import {
  ADMIN_ROLES,
  type AdminRole,
  ARGUMENT_WORDING,
  crossFieldProblems,
  DEFAULT_REFRESH_TOKEN_DURATION_DAYS,
  DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS,
  GROUP_POLICIES,
  allowsHttpRedirect,
  isUuid,
  MAX_GRACE_PERIOD_SECONDS,
  MAX_KEEP_PREVIOUS_SECONDS,
  MAX_REFRESH_TOKEN_DAYS,
  MIN_KEEP_PREVIOUS_SECONDS,
  oauthEndpoints,
  OPENID_RESOURCE_NAME,
  OPENID_RESOURCE_SCOPES,
  PKCE_ENFORCEMENTS,
  SECONDS_PER_DAY,
  show,
  STACKONE_REDIRECT_URI,
  type GroupMembershipPolicyType,
  type PkceEnforcement,
  type RegionCode,
} from "../pingone/guide";

// ---------------------------------------------------------------------------------------------------------------
// The guide's values: the shared ones are ../pingone/guide.ts's, re-exported; the component's own follow.
// ---------------------------------------------------------------------------------------------------------------

// Re-exported for the modules that read the guide through the component (the schema generator, verify).
export { DEFAULT_REFRESH_TOKEN_DURATION_DAYS, DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS };
export { GROUP_POLICIES, PKCE_ENFORCEMENTS, STACKONE_REDIRECT_URI, show };
export { DEFAULT_REGION_CODE, REGION_CODES } from "../pingone/guide";

export const DEFAULT_APP_NAME = "StackOne Integration";
/** The scopes of the built-in `openid` resource StackOne requests by default. */
export const DEFAULT_SCOPES: readonly string[] = ["openid", "profile", "email"];
export { MAX_APPLICATION_NAME_LENGTH, MAX_USERNAME_LENGTH } from "../pingone/core/rules";
export const DEFAULT_PKCE_ENFORCEMENT: PkceEnforcement = "OPTIONAL";
/** A new application is enabled: a disabled one fails StackOne's sign-in. */
export const DEFAULT_ENABLED = true;

export { ADMIN_ROLES, type AdminRole };
export const ADMIN_ROLE_NAMES = Object.keys(ADMIN_ROLES) as AdminRole[];
export const DEFAULT_ADMIN_ROLE: AdminRole = "EnvironmentAdmin";

// ---------------------------------------------------------------------------------------------------------------
// Rules. Each returns undefined when the value is fine, else the problem: the value given and what is allowed,
// without the field's name (the caller prefixes its own: an argument name or a `stackone:` config key).
// ---------------------------------------------------------------------------------------------------------------

export function uuidProblem(value: unknown, what: string): string | undefined {
  if (isUuid(value)) return undefined;
  return `${show(value)} is not a PingOne id; expected ${what}: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00`;
}

export function textProblem(value: unknown, what: string): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return undefined;
  return `${show(value)} is ${typeof value === "string" ? "empty" : "not text"}; expected ${what}`;
}

/** A shared rule's violation (pingone/core/rules.ts) in this module's words: the value, the problem, what is allowed. */
function violation(value: unknown, found: RuleViolation | undefined, shown: string = show(value)): string | undefined {
  return found === undefined ? undefined : `${shown} ${found.problem}; expected ${found.allowed}`;
}

/** The application's name: PingOne's rule (pingone/core/rules.ts). */
export function applicationNameProblem(value: unknown): string | undefined {
  return violation(value, applicationNameViolation(value));
}

/** The application's description: the providers' rule (pingone/core/rules.ts). */
export function descriptionProblem(value: unknown): string | undefined {
  return violation(value, descriptionViolation(value));
}

/** The sign-in group's name: PingOne's rule (pingone/core/rules.ts), also applied by the group's provider. */
export function groupNameProblem(value: unknown): string | undefined {
  return violation(value, groupNameViolation(value));
}

/** The name of the group that gives the sign-in user the admin role, unless `signInGroupName` says otherwise. */
export function defaultSignInGroupName(appName: string): string {
  return `${appName} sign-in users`;
}

/** The sign-in user's username: PingOne's rule (pingone/core/rules.ts), also applied by the role assignment's provider. */
export function usernameProblem(value: unknown): string | undefined {
  return violation(value, usernameViolation(value));
}

/**
 * https (http only for a loopback host, for local tests); no wildcard, no fragment, no trailing slash, no whitespace,
 * no user information. Every problem of the value is named at once, so one fix is all a user makes.
 */
export function redirectUriProblem(value: unknown): string | undefined {
  const allowed =
    `an absolute https URL without wildcards, fragment or trailing slash, matched exactly by PingOne ` +
    `(StackOne's is ${STACKONE_REDIRECT_URI})`;
  if (typeof value !== "string") return `${show(value)} is not a URL; expected ${allowed}`;
  const userinfo = redirectUriUserinfoViolation(value);
  const shown = show(withoutUserinfo(value));
  const problems: string[] = [];
  let httpOnlyForLoopback = false;
  if (userinfo !== undefined) problems.push(userinfo.problem);
  if (value.includes("*")) problems.push("contains a wildcard");
  let url: URL | undefined;
  try {
    // A wildcard is its own problem: parse without it, so that the rest can be checked too.
    url = new URL(value.replace(/\*/g, "wildcard"));
  } catch {
    problems.push("is not an absolute URL");
  }
  if (
    url !== undefined &&
    url.protocol !== "https:" &&
    !(url.protocol === "http:" && allowsHttpRedirect(url.hostname))
  ) {
    problems.push(`uses ${url.protocol.replace(/:$/, "")}`);
    httpOnlyForLoopback = true;
  }
  if ((url !== undefined && url.hash !== "") || value.includes("#")) problems.push("has a fragment");
  if (value.endsWith("/")) problems.push('ends with "/"');
  if (/\s/.test(value)) problems.push("contains whitespace");
  if (problems.length === 0) return undefined;
  if (userinfo !== undefined && problems.length === 1)
    return `${shown} ${userinfo.problem}; expected ${userinfo.allowed}`;
  const listed =
    problems.length === 1 ? problems[0] : `${problems.slice(0, -1).join(", ")} and ${problems[problems.length - 1]}`;
  return (
    `${shown} ${listed}; expected ${allowed}${userinfo !== undefined ? ", without user information" : ""}` +
    (httpOnlyForLoopback ? " (http only for localhost or 127.0.0.1)" : "")
  );
}

export function scopesProblem(value: unknown): string | undefined {
  const allowed = `a list of scopes of the openid resource (${OPENID_RESOURCE_SCOPES.join(", ")}) that includes "openid"`;
  if (!Array.isArray(value) || value.length === 0) return `${show(value)} is not a non-empty list; expected ${allowed}`;
  const unknown = value.filter((scope) => typeof scope !== "string" || !OPENID_RESOURCE_SCOPES.includes(scope));
  if (unknown.length > 0) return `${show(value)} includes ${unknown.map(show).join(", ")}; expected ${allowed}`;
  const duplicates = value.filter((scope, i) => value.indexOf(scope) !== i);
  if (duplicates.length > 0)
    return `${show(value)} repeats ${[...new Set(duplicates)].map(show).join(", ")}; expected each scope once`;
  if (!value.includes("openid")) return `${show(value)} lacks "openid"; expected ${allowed}`;
  return undefined;
}

export function wholeNumberProblem(value: unknown, min: number, max: number, unit: string): string | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    return `${show(value)} is not allowed; expected a whole number of ${unit} from ${min} to ${max}`;
  }
  return undefined;
}

export function refreshTokenDaysProblem(value: unknown): string | undefined {
  return wholeNumberProblem(value, 1, MAX_REFRESH_TOKEN_DAYS, "days");
}

export function groupIdsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `${show(value)} is not a list; expected a list of PingOne group ids (UUIDs)`;
  const bad = value.filter((id) => !isUuid(id));
  if (bad.length > 0) return `${show(value)} includes ${bad.map(show).join(", ")}; expected PingOne group ids (UUIDs)`;
  const duplicates = value.filter((id, i) => value.indexOf(id) !== i);
  if (duplicates.length > 0)
    return `${show(value)} repeats ${[...new Set(duplicates)].map(show).join(", ")}; expected each group once`;
  return undefined;
}

export function oneOfProblem<T>(value: unknown, allowed: readonly T[]): string | undefined {
  if (allowed.includes(value as T)) return undefined;
  return `${show(value)} is not allowed; expected one of ${allowed.join(", ")}`;
}

/**
 * An auth base URL such as https://auth.pingone.eu (custom domain, or the local emulator over loopback http): the
 * provider's rule for `pingone:authUrl` (pingone/core/credentials.ts), so the outputs and the provider agree.
 */
export function authUrlProblem(value: unknown): string | undefined {
  const checked = checkCredentialSetting("authUrl", value);
  return "problem" in checked ? checked.problem : undefined;
}

/** A PingOne region code, in any case: the provider's rule for `pingone:regionCode` (pingone/core/credentials.ts). */
export function regionCodeProblem(value: unknown): string | undefined {
  const checked = checkCredentialSetting("regionCode", value);
  return "problem" in checked ? checked.problem : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------------------------

/** The component's arguments once resolved: plain values, optional ones falling back to the guide's defaults. */
export interface WorkerAppSettings {
  environmentId: string;
  appName?: string;
  description?: string;
  iconPath?: string;
  enabled?: boolean;
  redirectUri?: string;
  pkceEnforcement?: PkceEnforcement;
  refreshTokenDurationDays?: number;
  refreshTokenRollingDurationDays?: number;
  refreshTokenRollingGracePeriodSeconds?: number;
  groups?: string[];
  groupPolicy?: GroupMembershipPolicyType;
  scopes?: string[];
  adminRole?: AdminRole;
  signInUsername?: string;
  signInUserId?: string;
  /** The group that gives the sign-in user the admin role; default "<appName> sign-in users". */
  signInGroupName?: string;
  secretRotation?: SecretRotation;
  adoptApplicationId?: string;
  regionCode?: RegionCode;
  authUrl?: string;
  /** Pulumi's `protect` option on the application, its secret, its grant and the sign-in role (the component applies it). */
  protect?: boolean;
}

/** Rotate the client secret: any new `trigger` value generates a new secret on the next update. */
export interface SecretRotation {
  /** Any text; changing it rotates the secret. */
  trigger: string;
  /** Keep the previous secret valid this many seconds after the rotation (60 to 2592000); omitted: it dies at once. */
  keepPreviousForSeconds?: number;
}

/** Everything the component creates, before the application's id is known. */
export interface WorkerAppPlan {
  application: ApplicationInputs;
  secret: Omit<ApplicationSecretInputs, "applicationId">;
  openidGrant: Omit<ResourceGrantInputs, "applicationId">;
  /** The stack's own group: the sign-in user is its member, and it holds the admin role. */
  signInGroup: GroupInputs;
  signInGroupRole: Omit<GroupRoleAssignmentInputs, "groupId">;
  signInMembership: Omit<GroupMembershipInputs, "groupId">;
  adminRole: AdminRole;
  authorizationUrl: string;
  tokenUrl: string;
}

export class WorkerAppSettingsError extends Error {
  constructor(
    readonly owner: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid arguments for ${owner}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "WorkerAppSettingsError";
  }
}

/**
 * Every problem with the settings, each naming the argument, the value and what is allowed, in the order of the
 * arguments: each argument's own, and after the arguments a rule across arguments reads, that rule's (the guide's,
 * ../pingone/guide.ts).
 */
export function workerAppSettingsProblems(s: WorkerAppSettings): string[] {
  const acrossArguments = crossFieldProblems(
    {
      signInUsername: s.signInUsername,
      signInUserId: s.signInUserId,
      refreshTokenDurationDays: s.refreshTokenDurationDays,
      refreshTokenRollingDurationDays: s.refreshTokenRollingDurationDays,
      groups: s.groups,
      groupPolicy: s.groupPolicy,
    },
    ARGUMENT_WORDING,
  );

  const problems: string[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${field}: ${problem}`);
  };
  /** The problems across arguments reported under `field`. */
  const across = (field: string) => {
    for (const { keys, message } of acrossArguments) {
      if (keys[0] === field) problems.push(`${keys.join(", ")}: ${message}`);
    }
  };
  check("environmentId", uuidProblem(s.environmentId, "the id of the PingOne environment that holds the application"));
  if (s.appName !== undefined) check("appName", applicationNameProblem(s.appName));
  if (s.description !== undefined && typeof s.description !== "string") {
    check("description", `${show(s.description)} is not text; expected the application's description`);
  }
  if (s.iconPath !== undefined)
    check("iconPath", textProblem(s.iconPath, "the path of a PNG, JPEG or GIF file of at most 1 MB"));
  if (s.enabled !== undefined && typeof s.enabled !== "boolean") {
    check("enabled", `${show(s.enabled)} is not allowed; expected true or false`);
  }
  if (s.redirectUri !== undefined) check("redirectUri", redirectUriProblem(s.redirectUri));
  if (s.pkceEnforcement !== undefined) check("pkceEnforcement", oneOfProblem(s.pkceEnforcement, PKCE_ENFORCEMENTS));
  if (s.refreshTokenDurationDays !== undefined)
    check("refreshTokenDurationDays", refreshTokenDaysProblem(s.refreshTokenDurationDays));
  if (s.refreshTokenRollingDurationDays !== undefined) {
    check("refreshTokenRollingDurationDays", refreshTokenDaysProblem(s.refreshTokenRollingDurationDays));
  }
  across("refreshTokenDurationDays");
  if (s.refreshTokenRollingGracePeriodSeconds !== undefined) {
    check(
      "refreshTokenRollingGracePeriodSeconds",
      wholeNumberProblem(s.refreshTokenRollingGracePeriodSeconds, 0, MAX_GRACE_PERIOD_SECONDS, "seconds"),
    );
  }
  if (s.groups !== undefined) check("groups", groupIdsProblem(s.groups));
  if (s.groupPolicy !== undefined) check("groupPolicy", oneOfProblem(s.groupPolicy, GROUP_POLICIES));
  across("groupPolicy");
  if (s.scopes !== undefined) check("scopes", scopesProblem(s.scopes));
  if (s.adminRole !== undefined) check("adminRole", oneOfProblem(s.adminRole, ADMIN_ROLE_NAMES));
  // The sign-in user: exactly one way of naming it (the rule across arguments), then that one's own rule.
  across("signInUsername");
  if (s.signInUsername !== undefined && s.signInUserId === undefined) {
    check("signInUsername", usernameProblem(s.signInUsername));
  }
  if (s.signInUserId !== undefined && s.signInUsername === undefined) {
    check(
      "signInUserId",
      uuidProblem(s.signInUserId, "the id of the PingOne user who signs in during the StackOne connection"),
    );
  }
  if (s.signInGroupName !== undefined) check("signInGroupName", groupNameProblem(s.signInGroupName));
  else check("signInGroupName", defaultGroupNameProblem(s.appName));
  if (s.secretRotation !== undefined) {
    for (const [field, problem] of secretRotationProblems(s.secretRotation)) check(field, problem);
  }
  if (s.adoptApplicationId !== undefined) {
    check(
      "adoptApplicationId",
      uuidProblem(s.adoptApplicationId, "the id of an existing OIDC Worker application to adopt"),
    );
  }
  if (s.regionCode !== undefined) check("regionCode", regionCodeProblem(s.regionCode));
  if (s.authUrl !== undefined) check("authUrl", authUrlProblem(s.authUrl));
  if (s.protect !== undefined && typeof s.protect !== "boolean") {
    check("protect", `${show(s.protect)} is not allowed; expected true or false`);
  }
  return problems;
}

/** Without `signInGroupName`, the group is named after a valid `appName`: that name must be a valid group name. */
function defaultGroupNameProblem(appName: unknown): string | undefined {
  if (typeof appName !== "string" || applicationNameProblem(appName) !== undefined) return undefined;
  const problem = groupNameProblem(defaultSignInGroupName(appName));
  if (problem === undefined) return undefined;
  return `not given, so the group is named after appName: ${problem}; give signInGroupName, or a shorter appName`;
}

/** The rotation's problems, each with the argument it is reported under. */
function secretRotationProblems(rotation: unknown): [string, string | undefined][] {
  if (typeof rotation !== "object" || rotation === null) {
    return [["secretRotation", `${show(rotation)} is not allowed; expected { trigger, keepPreviousForSeconds? }`]];
  }
  const r = rotation as Partial<SecretRotation>;
  return [
    ["secretRotation.trigger", textProblem(r.trigger, "any text; changing it rotates the client secret")],
    [
      "secretRotation.keepPreviousForSeconds",
      r.keepPreviousForSeconds === undefined
        ? undefined
        : wholeNumberProblem(r.keepPreviousForSeconds, MIN_KEEP_PREVIOUS_SECONDS, MAX_KEEP_PREVIOUS_SECONDS, "seconds"),
    ],
  ];
}

/**
 * The inputs of every resource the guide creates, from the settings and the guide's defaults. Throws a
 * `WorkerAppSettingsError` listing every problem when a setting is invalid. Never mutates `settings`.
 */
export function planWorkerApp(settings: WorkerAppSettings, owner = "StackOneWorkerApp"): WorkerAppPlan {
  const problems = workerAppSettingsProblems(settings);
  if (problems.length > 0) throw new WorkerAppSettingsError(owner, problems);
  const s = settings;
  const environmentId = s.environmentId;
  const adminRole = s.adminRole ?? DEFAULT_ADMIN_ROLE;
  const role = ADMIN_ROLES[adminRole];

  const application: ApplicationInputs = {
    environmentId,
    name: s.appName ?? DEFAULT_APP_NAME,
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.iconPath !== undefined ? { icon: { filePath: s.iconPath } } : {}),
    enabled: s.enabled ?? DEFAULT_ENABLED,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: s.pkceEnforcement ?? DEFAULT_PKCE_ENFORCEMENT,
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: (s.refreshTokenDurationDays ?? DEFAULT_REFRESH_TOKEN_DURATION_DAYS) * SECONDS_PER_DAY,
    refreshTokenRollingDuration:
      (s.refreshTokenRollingDurationDays ?? DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS) * SECONDS_PER_DAY,
    ...(s.refreshTokenRollingGracePeriodSeconds !== undefined
      ? { refreshTokenRollingGracePeriodDuration: s.refreshTokenRollingGracePeriodSeconds }
      : {}),
    redirectUris: [s.redirectUri ?? STACKONE_REDIRECT_URI],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
    ...(s.groups !== undefined && s.groups.length > 0
      ? { groupMembershipPolicy: { type: s.groupPolicy ?? "ANY_GROUP", groupIds: [...s.groups] } }
      : {}),
    ...(s.adoptApplicationId !== undefined ? { adoptApplicationId: s.adoptApplicationId } : {}),
  };

  const secret: WorkerAppPlan["secret"] = {
    environmentId,
    ...(s.secretRotation !== undefined ? { rotationTrigger: s.secretRotation.trigger } : {}),
    ...(s.secretRotation?.keepPreviousForSeconds !== undefined
      ? { previousSecretOverlapSeconds: s.secretRotation.keepPreviousForSeconds }
      : {}),
  };

  const openidGrant: WorkerAppPlan["openidGrant"] = {
    environmentId,
    resourceName: OPENID_RESOURCE_NAME,
    scopes: [...(s.scopes ?? DEFAULT_SCOPES)],
    // The guide grants the application exactly these scopes: grants this stack does not manage are removed.
    removeOtherGrants: true,
  };

  const signInGroup: GroupInputs = {
    environmentId,
    name: s.signInGroupName ?? defaultSignInGroupName(application.name),
    description:
      `Its members hold the admin role that StackOne's PingOne connection (application "${application.name}") needs: ` +
      "PingOne authorises StackOne's calls by the roles of the user who signed in. Managed by Pulumi; destroying the stack deletes this group.",
  };
  const signInGroupRole: WorkerAppPlan["signInGroupRole"] = {
    environmentId,
    roleName: role.roleName,
    scopeType: role.scopeType,
  };
  const signInMembership: WorkerAppPlan["signInMembership"] = {
    environmentId,
    ...(s.signInUsername !== undefined ? { username: s.signInUsername } : { userId: s.signInUserId as string }),
  };

  return {
    application,
    secret,
    openidGrant,
    signInGroup,
    signInGroupRole,
    signInMembership,
    adminRole,
    ...oauthEndpoints(environmentId, s.regionCode, s.authUrl),
  };
}
