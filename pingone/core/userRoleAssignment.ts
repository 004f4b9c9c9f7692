/**
 * A role held by a PingOne user: the role by name, the user by id, username or email, the scope by type (with
 * defaults). An equal-or-broader assignment the user already holds is adopted, and then never deleted.
 */
import type { PingOneApi } from "../client/api";
import type { Role, RoleAssignment, RoleScopeType, User } from "../client/types";
import type { RoleName, UserRoleAssignmentInputs, UserRoleAssignmentOutputs } from "./model";
import {
  inEnvironment,
  Failures,
  ValidationFailure,
  describeError,
  errorDetailCodes,
  errorMessages,
  isUnknown,
  show,
  zod,
} from "./common";
import type { FieldDiff } from "./application";
import { usernameViolation } from "./rules";

export const ROLE_NAMES: readonly RoleName[] = [
  "Environment Admin",
  "Identity Data Admin",
  "Organization Admin",
  "Client Application Developer",
  "Identity Data Read Only",
  "Configuration Read Only",
  "Application Owner",
  "Help Desk Admin",
];
export const SCOPE_TYPES = ["ORGANIZATION", "ENVIRONMENT", "POPULATION"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

/**
 * The scopes at which the built-in admin roles can be assigned, known without asking PingOne. Other roles are
 * checked against the live role's `applicableTo` at create time.
 */
export function staticApplicableScopes(role: string): readonly ScopeType[] | undefined {
  switch (role) {
    case "Organization Admin":
      return ["ORGANIZATION"];
    case "Environment Admin":
      return ["ORGANIZATION", "ENVIRONMENT"];
    case "Identity Data Admin":
      return ["ENVIRONMENT", "POPULATION"];
    case "Client Application Developer":
      return ["ORGANIZATION", "ENVIRONMENT"];
    default:
      return undefined;
  }
}

/** The extra recorded state of an assignment beyond the model's outputs. */
export interface UserRoleAssignmentState extends UserRoleAssignmentOutputs {
  /** The assignment's own scope id (differs from resolvedScopeId when a broader assignment was adopted). */
  assignedScopeId: string;
  /** The user's username, so naming the same user by username later is no change. */
  resolvedUsername?: string;
}

export const USER_KEYS = ["userId", "username", "email"] as const;

export function validateUserRoleAssignmentInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const z = zod();
  const f = new Failures();
  const nonEmpty = z.string().trim().min(1);
  f.id("environmentId", inputs.environmentId, "environment");

  const given = USER_KEYS.filter((k) => inputs[k] !== undefined);
  if (given.length === 0) {
    f.add("userId", "none of userId, username, email was given; exactly one of them is required to identify the user");
  } else if (given.length > 1) {
    f.add(
      given[1],
      `${given.map((k) => `${k} was ${show(inputs[k])}`).join(", ")}; exactly one of userId, username, email is allowed`,
    );
  }
  for (const k of given) {
    if (k === "email") f.field("email", inputs.email, z.string().trim().regex(/^[^@\s]+@[^@\s]+$/), "an email address is required");
    else if (k === "username") {
      const problem = isUnknown(inputs.username) ? undefined : usernameViolation(inputs.username);
      if (problem !== undefined) f.add("username", `username was ${show(inputs.username)}; it ${problem.problem}; expected ${problem.allowed}`);
    } else f.field(k, inputs[k], nonEmpty, "a non-empty string is required");
  }

  const roleOk = f.oneOf("roleName", inputs.roleName, ROLE_NAMES);
  const scopeOk = f.oneOf("scopeType", inputs.scopeType, SCOPE_TYPES);
  if (roleOk && scopeOk) {
    const allowed = staticApplicableScopes(inputs.roleName as string);
    if (allowed && !allowed.includes(inputs.scopeType as ScopeType)) {
      f.add(
        "scopeType",
        `scopeType was ${show(inputs.scopeType)}; the role "${inputs.roleName}" can be assigned only at ${allowed.join(", ")} scope`,
      );
    }
  }
  if (inputs.scopeId !== undefined) {
    f.field("scopeId", inputs.scopeId, nonEmpty, "a PingOne organization, environment or population id is allowed");
  } else if (inputs.scopeType === "POPULATION") {
    f.add("scopeId", "scopeId was undefined; a population id is required when scopeType is POPULATION");
  }
  return f.list;
}

/**
 * Every real change replaces (PingOne has no update for role assignments); the old one goes first. Naming the same
 * user another way (the resolved user's id instead of the username, say) or spelling out the default scope id is
 * not a change.
 */
export function diffUserRoleAssignment(olds: UserRoleAssignmentState | UserRoleAssignmentOutputs, news: UserRoleAssignmentInputs): FieldDiff {
  const changes: string[] = [];
  for (const k of ["environmentId", "roleName", "scopeType"] as const) {
    if (isUnknown(news[k]) || olds[k] !== news[k]) changes.push(k);
  }
  if (!sameUser(olds, news)) {
    for (const k of USER_KEYS) if (olds[k] !== news[k] && !changes.includes(k)) changes.push(k);
  }
  if (isUnknown(news.scopeId) || effectiveScopeId(olds, news) !== olds.resolvedScopeId) changes.push("scopeId");
  return { changes: [...changes], replaces: [...changes] };
}

function sameUser(olds: UserRoleAssignmentOutputs, news: UserRoleAssignmentInputs): boolean {
  if (USER_KEYS.some((k) => isUnknown(news[k]))) return false;
  if (news.userId !== undefined) return news.userId === olds.resolvedUserId;
  if (news.username !== undefined) {
    return news.username === (olds.username ?? (olds as Partial<UserRoleAssignmentState>).resolvedUsername);
  }
  if (news.email !== undefined) return news.email === olds.email;
  return false;
}

/** The scope id the new inputs mean, as far as it is known offline (undefined when it is not). */
function effectiveScopeId(olds: UserRoleAssignmentOutputs, news: UserRoleAssignmentInputs): string | undefined {
  if (news.scopeId !== undefined) return news.scopeId;
  if (news.scopeType === "ENVIRONMENT") return news.environmentId;
  // The organization default: the same environment's organization as recorded.
  if (news.scopeType === "ORGANIZATION" && olds.scopeType === "ORGANIZATION" && olds.environmentId === news.environmentId) {
    return olds.resolvedScopeId;
  }
  return undefined;
}

/** Finds the user named by exactly one of userId, username, email. */
export async function resolveUser(api: PingOneApi, inputs: UserRoleAssignmentInputs): Promise<User> {
  const env = inputs.environmentId;
  if (inputs.userId !== undefined) {
    const user = await api.getUser(env, inputs.userId);
    if (!user) throw new Error(`userId was ${JSON.stringify(inputs.userId)}; no such user in environment ${env}`);
    return user;
  }
  if (inputs.username !== undefined) {
    const user = await api.findUserByUsername(env, inputs.username);
    if (!user) throw new Error(`username was ${JSON.stringify(inputs.username)}; no such user in environment ${env}`);
    return user;
  }
  if (inputs.email !== undefined) {
    const users = await api.findUsersByEmail(env, inputs.email);
    if (users.length !== 1) {
      const found =
        users.length === 0 ? "no user has it" : `${users.length} users have it (${users.map((u) => u.username).join(", ")})`;
      throw new Error(
        `email was ${JSON.stringify(inputs.email)}; exactly one user of environment ${env} must have that email, but ${found}. Use username or userId instead`,
      );
    }
    return users[0];
  }
  throw new Error("none of userId, username, email was given; exactly one of them is required to identify the user");
}

/** Finds a built-in role by its exact name. */
export async function resolveRole(api: PingOneApi, roleName: string): Promise<Role> {
  const roles = await api.listRoles();
  const role = roles.find((r) => r.name === roleName);
  if (!role) {
    throw new Error(
      `roleName was ${JSON.stringify(roleName)}; PingOne has no role of that name. Roles: ${roles.map((r) => r.name).sort().join(", ")}`,
    );
  }
  return role;
}

/** Scope breadth: organization ⊃ environment ⊃ population. */
function breadth(type: RoleScopeType): number {
  return type === "ORGANIZATION" ? 3 : type === "ENVIRONMENT" ? 2 : type === "POPULATION" ? 1 : 0;
}

/**
 * The user's assignment of `roleId` that already covers the wanted scope: the same scope, else the organization
 * (when it is the environment's organization), else the environment (for a population scope). `organizationId`
 * is fetched only when needed.
 */
export async function findCoveringAssignment(
  assignments: RoleAssignment[],
  roleId: string,
  wanted: { type: ScopeType; id: string },
  environmentId: string,
  organizationId: () => Promise<string>,
): Promise<RoleAssignment | undefined> {
  const same = assignments.filter((a) => a.role.id === roleId);
  const exact = same.find((a) => a.scope.type === wanted.type && a.scope.id === wanted.id);
  if (exact) return exact;
  const broader = same
    .filter((a) => breadth(a.scope.type) > breadth(wanted.type))
    .sort((a, b) => breadth(b.scope.type) - breadth(a.scope.type));
  for (const a of broader) {
    if (a.scope.type === "ORGANIZATION" && a.scope.id === (await organizationId())) return a;
    if (a.scope.type === "ENVIRONMENT" && wanted.type === "POPULATION" && a.scope.id === environmentId) return a;
  }
  return undefined;
}

function toOutputs(
  inputs: UserRoleAssignmentInputs,
  user: { id: string; username?: string },
  resolvedScopeId: string,
  assignment: RoleAssignment,
  adopted: boolean,
): UserRoleAssignmentState {
  const out: UserRoleAssignmentState = {
    environmentId: inputs.environmentId,
    roleName: inputs.roleName,
    scopeType: inputs.scopeType,
    assignmentId: assignment.id,
    resolvedUserId: user.id,
    roleId: assignment.role.id,
    resolvedScopeId,
    assignedScopeType: assignment.scope.type as ScopeType,
    assignedScopeId: assignment.scope.id,
    adopted,
    readOnly: assignment.readOnly === true,
  };
  for (const k of [...USER_KEYS, "scopeId"] as const) {
    if (inputs[k] !== undefined) out[k] = inputs[k];
  }
  if (user.username !== undefined) out.resolvedUsername = user.username;
  return out;
}

/** Refusals PingOne gives when the provisioner lacks the role it tries to grant. */
function scopeRefusal(err: unknown): boolean {
  return errorMessages(err).some((m) => /same or broader scope/i.test(m));
}

function duplicateRefusal(err: unknown): boolean {
  return errorDetailCodes(err).includes("UNIQUENESS_VIOLATION") || errorMessages(err).some((m) => /duplicate role/i.test(m));
}

/**
 * Grants the role, or adopts an equal-or-broader assignment the user already holds (`adopted: true`). The role's
 * live `applicableTo` is re-checked before anything is written.
 */
export async function createUserRoleAssignment(api: PingOneApi, inputs: UserRoleAssignmentInputs): Promise<UserRoleAssignmentState> {
  const env = inputs.environmentId;
  let user: User;
  try {
    user = await resolveUser(api, inputs);
  } catch (err) {
    throw inEnvironment(`look up the user ${JSON.stringify(inputs.userId ?? inputs.username ?? inputs.email)}`, env, err);
  }
  const role = await resolveRole(api, inputs.roleName);
  if (!role.applicableTo.includes(inputs.scopeType)) {
    throw new Error(
      `scopeType was ${JSON.stringify(inputs.scopeType)}; PingOne says the role "${role.name}" can be assigned only at ${role.applicableTo.join(", ")} scope`,
    );
  }
  let orgId: string | undefined;
  const organizationId = async (): Promise<string> => {
    if (orgId === undefined) {
      const environment = await api.getEnvironment(env);
      if (!environment) throw new Error(`environmentId was ${JSON.stringify(env)}; no such environment`);
      orgId = environment.organization.id;
    }
    return orgId;
  };
  let scopeId: string;
  if (inputs.scopeId !== undefined) scopeId = inputs.scopeId;
  else if (inputs.scopeType === "ENVIRONMENT") scopeId = env;
  else if (inputs.scopeType === "ORGANIZATION") scopeId = await organizationId();
  else throw new Error("scopeId was undefined; a population id is required when scopeType is POPULATION");
  const wanted = { type: inputs.scopeType, id: scopeId };

  const existing = await api.listUserRoleAssignments(env, user.id);
  const covering = await findCoveringAssignment(existing, role.id, wanted, env, organizationId);
  if (covering) return toOutputs(inputs, user, scopeId, covering, true);

  try {
    const created = await api.createUserRoleAssignment(env, user.id, role.id, wanted);
    return toOutputs(inputs, user, scopeId, created, false);
  } catch (err) {
    if (duplicateRefusal(err)) {
      const again = await findCoveringAssignment(await api.listUserRoleAssignments(env, user.id), role.id, wanted, env, organizationId);
      if (again) return toOutputs(inputs, user, scopeId, again, true);
    }
    if (scopeRefusal(err)) {
      if (role.name === "Organization Admin") {
        throw new Error(
          `PingOne refused to grant "Organization Admin" to user ${user.username}: the provisioner's own worker app must hold Organization Admin to grant it (${describeError(err)}). ` +
            `Grant it in the PingOne console, or give the provisioner Organization Admin, or choose "Environment Admin".`,
        );
      }
      throw new Error(
        `PingOne refused to grant "${role.name}" at ${wanted.type} ${wanted.id} to user ${user.username}: the provisioner's own worker app must hold "${role.name}" at the same or a broader scope (${describeError(err)})`,
      );
    }
    throw new Error(`Cannot grant "${role.name}" at ${wanted.type} ${wanted.id} to user ${user.username}: ${describeError(err)}`);
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
export async function deleteUserRoleAssignment(api: PingOneApi, id: string, state: UserRoleAssignmentState): Promise<void> {
  if (state.adopted) return;
  const readOnly = (): Error =>
    new Error(
      `Role assignment ${id} ("${state.roleName}" at ${state.assignedScopeType} ${state.assignedScopeId} for user ${state.resolvedUserId}) is read-only in PingOne and cannot be deleted by the provisioner; ` +
        `remove it in the PingOne console, or drop it from the stack state with \`pulumi state delete\``,
    );
  if (state.readOnly) throw readOnly();
  try {
    await api.deleteUserRoleAssignment(state.environmentId, state.resolvedUserId, id);
  } catch (err) {
    if ((err as { status?: unknown }).status === 403) {
      const e = readOnly();
      e.message += ` (${describeError(err)})`;
      throw e;
    }
    throw new Error(`Cannot delete role assignment ${id} ("${state.roleName}" for user ${state.resolvedUserId}): ${describeError(err)}`);
  }
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
  const role = (await api.listRoles()).find((r) => r.id === live.role.id);
  if (!role) throw new Error(`Role assignment ${assignmentId} holds role ${live.role.id}, which PingOne does not list`);
  const scopeType = live.scope.type as ScopeType;
  const inputs: UserRoleAssignmentInputs = {
    environmentId,
    username: user.username,
    roleName: role.name as UserRoleAssignmentInputs["roleName"],
    scopeType,
  };
  let defaultScopeId: string | undefined;
  if (scopeType === "ENVIRONMENT") defaultScopeId = environmentId;
  else if (scopeType === "ORGANIZATION") defaultScopeId = (await api.getEnvironment(environmentId))?.organization.id;
  if (live.scope.id !== defaultScopeId) inputs.scopeId = live.scope.id;
  return toOutputs(inputs, user, live.scope.id, live, false);
}
