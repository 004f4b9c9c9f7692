/**
 * Management API calls made with a signed-in user's access token (authorization code, refresh) are authorised by
 * that user's role assignments, not by the application's: PingOne's "403 trap" (REFERENCE §1; docs: administrator
 * permissions). Application tokens (client credentials) keep the rules in ./roles.ts.
 */
import { accessFailed } from "../errors";
import type { StoredRoleAssignment, World } from "../state";
import { reachesEnvironment, roleName } from "./roles";

/** The families of Management API objects whose access the roles below grant. */
export type ApiFamily =
  | "users"
  | "groups"
  | "populations"
  | "applications"
  | "mfaDevices"
  | "signOnPolicies"
  | "passwordPolicies"
  | "identityProviders"
  | "certificates"
  | "resources"
  | "environment"
  | "environments"
  | "roles";

/**
 * What each role lets its holder reach, within the environments its scope covers. `all`: every family. The four
 * "admin" roles of the spec's EnumApplicationAccessControlType; Identity Data Admin manages identity data only.
 */
export const USER_ROLE_ACCESS: Readonly<Record<string, "all" | readonly ApiFamily[]>> = {
  "Organization Admin": "all",
  "Environment Admin": "all",
  "Identity Data Admin": ["users", "groups", "populations", "applications", "mfaDevices"],
  "Client Application Developer": ["applications", "resources"],
};

/** Roles that make a user an administrator for Admin Only Access (spec: EnumApplicationAccessControlType). */
export const ADMIN_ACCESS_ROLES: readonly string[] = [
  "Organization Admin",
  "Environment Admin",
  "Identity Data Admin",
  "Client Application Developer",
];

/** The family a route's path template belongs to, e.g. /v1/environments/{envId}/users/{userId} → users. */
export function familyOf(pathTemplate: string): ApiFamily {
  if (pathTemplate.startsWith("/v1/roles")) return "roles";
  if (pathTemplate === "/v1/environments") return "environments";
  const rest = pathTemplate.replace(/^\/v1\/environments\/\{envId\}\/?/, "");
  if (rest === "") return "environment";
  const [collection, , sub] = rest.split("/");
  switch (collection) {
    case "users":
      return sub === "devices" ? "mfaDevices" : "users";
    case "groups":
    case "populations":
    case "applications":
    case "signOnPolicies":
    case "passwordPolicies":
    case "identityProviders":
    case "certificates":
    case "resources":
      return collection;
    case "images":
      return "applications"; // application icons
    default:
      return "environment";
  }
}

function grants(roleAccess: "all" | readonly ApiFamily[] | undefined, family: ApiFamily): boolean {
  return roleAccess === "all" || (roleAccess !== undefined && roleAccess.includes(family));
}

/** Whether a user holding `roles` may call a route of `family` in environment `envId` (undefined: a global route). */
export function userMayAccess(
  world: World,
  roles: StoredRoleAssignment[],
  family: ApiFamily,
  envId: string | undefined,
): boolean {
  return roles.some((held) => {
    const access = USER_ROLE_ACCESS[roleName(world, held.roleId)];
    if (access === undefined) return false;
    // Global routes: any administrator may read the roles, and list the environments (those the roles reach).
    if (envId === undefined) return family === "roles" || family === "environments";
    return grants(access, family) && reachesEnvironment(world, [held], envId);
  });
}

/** Throws PingOne's 403 when a signed-in user's roles do not cover the call. */
export function checkUserAccess(
  world: World,
  roles: StoredRoleAssignment[],
  pathTemplate: string,
  envId: string | undefined,
): void {
  if (!userMayAccess(world, roles, familyOf(pathTemplate), envId)) throw accessFailed();
}

/** Whether a user is an administrator in the sense of Admin Only Access: holds one of the four admin roles anywhere. */
export function isAdminUser(world: World, roles: StoredRoleAssignment[]): boolean {
  return roles.some((held) => ADMIN_ACCESS_ROLES.includes(roleName(world, held.roleId)));
}
