/**
 * A role held by a PingOne user: the role by name, the user by id, username or email, the scope by type (with
 * defaults). An equal-or-broader assignment the user already holds is adopted, and then never deleted.
 */
import type { PingOneApi } from "../client/api";
import type { RoleAssignment, User } from "../client/types";
import type { UserRoleAssignmentInputs, UserRoleAssignmentOutputs } from "./model";
import { ValidationFailure, validateInputs } from "./common";
import type { FieldDiff } from "./application";
import {
  checkRoleScope,
  checkUser,
  declaredRoleScope,
  deleteAssignment,
  duplicateRefusal,
  findCoveringAssignment,
  grantFailure,
  lookUpUser,
  resolveRoleScope,
  roleScopeChanges,
  sameUser,
  USER_KEYS,
  roleAssignmentOutputs,
  resolvedUser,
} from "./roles";

/** The extra recorded state of an assignment beyond the model's outputs. */
export interface UserRoleAssignmentState extends UserRoleAssignmentOutputs {
  /** The assignment's own scope id (differs from resolvedScopeId when a broader assignment was adopted). */
  assignedScopeId: string;
  /** The user's username, so naming the same user by username later is no change. */
  resolvedUsername?: string;
}

export function validateUserRoleAssignmentInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  return validateInputs(inputs, [], checkUser, checkRoleScope);
}

/**
 * Every real change replaces (PingOne has no update for role assignments); the old one goes first. Naming the same
 * user another way (the resolved user's id instead of the username, say) or spelling out the default scope id is
 * not a change.
 */
export function diffUserRoleAssignment(
  olds: UserRoleAssignmentState | UserRoleAssignmentOutputs,
  news: UserRoleAssignmentInputs,
): FieldDiff {
  const changes = roleScopeChanges(olds, news, ["environmentId"]);
  if (!sameUser(olds as UserRoleAssignmentState, news)) {
    for (const k of USER_KEYS) if (olds[k] !== news[k] && !changes.includes(k)) changes.push(k);
  }
  // The order the changes are listed in: environment, user, role, scope.
  const order = ["environmentId", ...USER_KEYS, "roleName", "scopeType", "scopeId"];
  changes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { changes: [...changes], replaces: [...changes] };
}

function toOutputs(
  inputs: UserRoleAssignmentInputs,
  user: { id: string; username?: string },
  resolvedScopeId: string,
  assignment: RoleAssignment,
  adopted: boolean,
): UserRoleAssignmentState {
  return { ...roleAssignmentOutputs(inputs, assignment, resolvedScopeId, adopted), ...resolvedUser(inputs, user) };
}

/**
 * Grants the role, or adopts an equal-or-broader assignment the user already holds (`adopted: true`). The role's
 * live `applicableTo` is re-checked before anything is written.
 */
export async function createUserRoleAssignment(
  api: PingOneApi,
  inputs: UserRoleAssignmentInputs,
): Promise<UserRoleAssignmentState> {
  const env = inputs.environmentId;
  const user: User = await lookUpUser(api, inputs);
  const { role, wanted, organizationId } = await resolveRoleScope(api, inputs);
  const whom = `user ${user.username}`;

  const existing = await api.listUserRoleAssignments(env, user.id);
  const covering = await findCoveringAssignment(existing, role.id, wanted, env, organizationId);
  if (covering) return toOutputs(inputs, user, wanted.id, covering, true);

  try {
    const created = await api.createUserRoleAssignment(env, user.id, role.id, wanted);
    return toOutputs(inputs, user, wanted.id, created, false);
  } catch (err) {
    if (duplicateRefusal(err)) {
      const again = await findCoveringAssignment(
        await api.listUserRoleAssignments(env, user.id),
        role.id,
        wanted,
        env,
        organizationId,
      );
      if (again) return toOutputs(inputs, user, wanted.id, again, true);
    }
    throw grantFailure(err, role, wanted, whom);
  }
}

/** Reads the assignment; undefined when it is gone. */
export async function readUserRoleAssignment(
  api: PingOneApi,
  id: string,
  previous: UserRoleAssignmentState,
): Promise<UserRoleAssignmentState | undefined> {
  const live = await api.getUserRoleAssignment(previous.environmentId, previous.resolvedUserId, id);
  if (!live) return undefined;
  return toOutputs(
    previous,
    { id: previous.resolvedUserId, username: previous.resolvedUsername },
    previous.resolvedScopeId,
    live,
    previous.adopted === true,
  );
}

/**
 * Removes the assignment this stack created. An adopted one is left in place. A read-only one (as recorded in
 * state, or as PingOne answers with 403 when it turned read-only since) cannot be removed: a clear error. 404 is done.
 */
export async function deleteUserRoleAssignment(
  api: PingOneApi,
  id: string,
  state: UserRoleAssignmentState,
): Promise<void> {
  await deleteAssignment(id, state, `user ${state.resolvedUserId}`, () =>
    api.deleteUserRoleAssignment(state.environmentId, state.resolvedUserId, id),
  );
}

/**
 * Reads an existing assignment of a user for `pulumi import`. The inputs recorded are the ones a program would
 * declare: the user by username, the role by name, the scope type, and the scope id only where it is not the
 * default (the environment for ENVIRONMENT, the environment's organization for ORGANIZATION). An imported
 * assignment is owned: destroy deletes it. Undefined when the user or the assignment does not exist.
 */
export async function importUserRoleAssignment(
  api: PingOneApi,
  environmentId: string,
  userId: string,
  assignmentId: string,
): Promise<UserRoleAssignmentState | undefined> {
  const user = await api.getUser(environmentId, userId);
  if (!user) return undefined;
  const live = await api.getUserRoleAssignment(environmentId, userId, assignmentId);
  if (!live) return undefined;
  const declared = await declaredRoleScope(api, environmentId, assignmentId, live);
  const inputs: UserRoleAssignmentInputs = { environmentId, username: user.username, ...declared };
  return toOutputs(inputs, user, live.scope.id, live, false);
}
