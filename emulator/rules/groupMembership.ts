/**
 * What sign-in and role coverage need to know about groups: which groups a user belongs to, and which roles a group
 * holds. Kept behind this small interface so the rules that use it (an application's group membership policy, roles
 * held through a group) do not depend on how the world stores groups.
 */
import type { StoredRoleAssignment, World } from "../state";

export interface GroupDirectory {
  /** Ids of the groups `userId` is a member of. */
  groupIdsOf(world: World, userId: string): string[];
  /** The role assignments a group holds. */
  roleAssignmentsOf(world: World, groupId: string): StoredRoleAssignment[];
}

/** The world's groups: memberships in `world.groupMemberships`, a group's roles as assignments held by the group. */
export const groupDirectory: GroupDirectory = {
  groupIdsOf: (world, userId) =>
    (world.groupMemberships ?? []).filter((m) => m.userId === userId).map((m) => m.groupId),
  roleAssignmentsOf: (world, groupId) =>
    world.roleAssignments.filter((ra) => ra.principal.kind === "group" && ra.principal.id === groupId),
};

/** The application's `accessControl.group` policy, as stored on the application body. */
export interface GroupPolicy {
  type: "ANY_GROUP" | "ALL_GROUPS";
  groups: { id: string }[];
}

/**
 * Whether a user satisfies an application's group membership policy: ANY_GROUP = at least one of the listed groups,
 * ALL_GROUPS = every one of them (spec: EnumApplicationAccessControlGroupType). No policy = anyone.
 */
export function satisfiesGroupPolicy(policy: GroupPolicy | undefined, memberOf: string[]): boolean {
  if (!policy || !Array.isArray(policy.groups) || policy.groups.length === 0) return true;
  const listed = policy.groups.map((g) => g.id);
  return policy.type === "ALL_GROUPS"
    ? listed.every((id) => memberOf.includes(id))
    : listed.some((id) => memberOf.includes(id));
}

/** A user's role assignments: held directly, and held by the groups the user belongs to. */
export function effectiveUserRoles(
  world: World,
  userId: string,
  directory: GroupDirectory = groupDirectory,
): StoredRoleAssignment[] {
  const direct = world.roleAssignments.filter((ra) => ra.principal.kind === "user" && ra.principal.id === userId);
  const viaGroups = directory
    .groupIdsOf(world, userId)
    .flatMap((groupId) => directory.roleAssignmentsOf(world, groupId));
  return [...direct, ...viaGroups];
}
