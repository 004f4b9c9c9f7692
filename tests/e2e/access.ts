/**
 * What PingOne holds for a sign-in user, read back through the client: the roles given to the user directly, and
 * each group the user belongs to with the roles the group holds. The e2e suites assert the stack's sign-in access
 * (the user in the stack's own group, the group holding the admin role) and that nothing else was touched.
 */
import type { PingOneClient } from "../../pingone/client/client";

export interface HeldRole {
  role: string;
  scope: string;
}

export interface SignInAccess {
  /** Roles assigned to the user directly, as `"<role> at <SCOPE>"`. */
  direct: string[];
  /** The user's groups by name, each with its roles as `"<role> at <SCOPE>"`. */
  groups: Record<string, string[]>;
}

export async function signInAccess(api: PingOneClient, env: string, userId: string): Promise<SignInAccess> {
  const roles = new Map((await api.listRoles()).map((r) => [r.id, r.name]));
  const said = (a: { role: { id: string }; scope: { type: string } }) => `${roles.get(a.role.id)} at ${a.scope.type}`;
  const direct = (await api.listUserRoleAssignments(env, userId)).map(said).sort();
  const groups: Record<string, string[]> = {};
  for (const g of await api.listUserGroupMemberships(env, userId)) {
    groups[g.name ?? g.id] = (await api.listGroupRoleAssignments(env, g.id)).map(said).sort();
  }
  return { direct, groups };
}

/** Which of `names` the environment has a group of, sorted. */
export async function groupsNamed(api: PingOneClient, env: string, names: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) if (await api.findGroupByName(env, name)) found.push(name);
  return found.sort();
}
