/**
 * A role held by a group. An equal assignment the group already holds is this resource's own: a group's roles
 * belong to whoever manages the group, and it is what a create whose response was lost (or whose process was
 * killed) leaves behind. A broader assignment the group already holds covers the role and is kept on destroy.
 */
import type { PingOneApi } from "../client/api";
import type { RoleAssignment } from "../client/types";
import type { GroupRoleAssignmentInputs, GroupRoleAssignmentOutputs } from "./model";
import type { FieldDiff } from "./application";
import { ValidationFailure, validateInputs } from "./common";
import {
  checkRoleScope,
  declaredRoleScope,
  deleteAssignment,
  duplicateRefusal,
  exactAssignment,
  findCoveringAssignment,
  grantFailure,
  lacksRoleRefusal,
  resolveRoleScope,
  roleScopeChanges,
  roleAssignmentOutputs,
} from "./roles";

export function validateGroupRoleAssignmentInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  return validateInputs(inputs, [["groupId", "group"]], checkRoleScope);
}

/** Every real change replaces (PingOne has no update for role assignments); spelling out the default scope id is none. */
export function diffGroupRoleAssignment(olds: GroupRoleAssignmentOutputs, news: GroupRoleAssignmentInputs): FieldDiff {
  const changes = roleScopeChanges(olds, news, ["environmentId", "groupId"]);
  return { changes: [...changes], replaces: [...changes] };
}

function toOutputs(
  inputs: GroupRoleAssignmentInputs,
  resolvedScopeId: string,
  assignment: RoleAssignment,
  adopted: boolean,
): GroupRoleAssignmentOutputs {
  return { groupId: inputs.groupId, ...roleAssignmentOutputs(inputs, assignment, resolvedScopeId, adopted) };
}

/**
 * Grants the role to the group. No list first: PingOne refuses an equal or covered assignment as a duplicate, and
 * only then are the group's assignments read to find the one that is there. Refused because the provisioner lacks
 * the role (Organization Admin, typically), an assignment an administrator gave the group by hand is taken as
 * covering it (`adopted`: left for the group's deletion), so `up` goes on once someone with the role has granted it.
 */
export async function createGroupRoleAssignment(
  api: PingOneApi,
  inputs: GroupRoleAssignmentInputs,
): Promise<GroupRoleAssignmentOutputs> {
  const env = inputs.environmentId;
  const { role, wanted, organizationId } = await resolveRoleScope(api, inputs);
  const whom = `group ${inputs.groupId}`;
  try {
    return toOutputs(
      inputs,
      wanted.id,
      await api.createGroupRoleAssignment(env, inputs.groupId, role.id, wanted),
      false,
    );
  } catch (err) {
    const duplicate = duplicateRefusal(err);
    if (duplicate || lacksRoleRefusal(err)) {
      const held = await api.listGroupRoleAssignments(env, inputs.groupId);
      const exact = exactAssignment(held, role.id, wanted);
      if (exact && duplicate) return toOutputs(inputs, wanted.id, exact, false);
      const covering = await findCoveringAssignment(held, role.id, wanted, env, organizationId);
      if (covering) return toOutputs(inputs, wanted.id, covering, true);
    }
    throw grantFailure(err, role, wanted, whom);
  }
}

/** Refresh; undefined when the assignment (or its group) is gone. */
export async function readGroupRoleAssignment(
  api: PingOneApi,
  id: string,
  previous: GroupRoleAssignmentOutputs,
): Promise<GroupRoleAssignmentOutputs | undefined> {
  const live = await api.getGroupRoleAssignment(previous.environmentId, previous.groupId, id);
  if (!live) return undefined;
  return toOutputs(previous, previous.resolvedScopeId, live, previous.adopted === true);
}

/**
 * Removes the assignment unless it was a broader one the group already held. A read-only one cannot be removed by
 * the provisioner: a clear error. 404 (the assignment or its group gone) is done.
 */
export async function deleteGroupRoleAssignment(
  api: PingOneApi,
  id: string,
  state: GroupRoleAssignmentOutputs,
): Promise<void> {
  await deleteAssignment(id, state, `group ${state.groupId}`, () =>
    api.deleteGroupRoleAssignment(state.environmentId, state.groupId, id),
  );
}

/** Reads a group's assignment for `pulumi import`, with the inputs a program would declare. Owned: destroy deletes it. */
export async function importGroupRoleAssignment(
  api: PingOneApi,
  environmentId: string,
  groupId: string,
  assignmentId: string,
): Promise<GroupRoleAssignmentOutputs | undefined> {
  const live = await api.getGroupRoleAssignment(environmentId, groupId, assignmentId);
  if (!live) return undefined;
  const declared = await declaredRoleScope(api, environmentId, assignmentId, live);
  const inputs: GroupRoleAssignmentInputs = { environmentId, groupId, ...declared };
  return toOutputs(inputs, live.scope.id, live, false);
}
