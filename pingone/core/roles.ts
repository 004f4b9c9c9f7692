/**
 * What the role assignments of users and groups share: the built-in role names and their scopes, the checks of a
 * role/scope pair and of the user named by exactly one of userId, username, email, finding the user and the role
 * in PingOne, the scope an assignment means, and PingOne's refusals to grant.
 */
import type { PingOneApi } from "../client/api";
import type { Role, RoleAssignment, RoleScopeType, User } from "../client/types";
import type { RoleName } from "./model";
import {
  Failures,
  changedKeys,
  describeError,
  errorDetailCodes,
  errorMessages,
  inEnvironment,
  isNonBlankText,
  isTextMatching,
  isUnknown,
  show,
} from "./common";
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

/** The inputs that say which role, at which scope. */
export interface RoleScopeInputs {
  environmentId: string;
  roleName: RoleName;
  scopeType: ScopeType;
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  scopeId?: string;
}

/** Checks roleName, scopeType (the pair included, offline for the built-in admin roles) and scopeId. */
export function checkRoleScope(f: Failures, inputs: Record<string, unknown>): void {
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
    f.field(
      "scopeId",
      inputs.scopeId,
      isNonBlankText,
      "a PingOne organization, environment or population id is allowed",
    );
  } else if (inputs.scopeType === "POPULATION") {
    f.add("scopeId", "scopeId was undefined; a population id is required when scopeType is POPULATION");
  }
}

/** The ways of naming a user; exactly one is given. */
export const USER_KEYS = ["userId", "username", "email"] as const;
export interface UserInputs {
  environmentId: string;
  userId?: string;
  username?: string;
  email?: string;
}

/** Checks that exactly one of userId, username, email names the user, and that it is well formed. */
export function checkUser(f: Failures, inputs: Record<string, unknown>): void {
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
    if (k === "email")
      f.field("email", inputs.email, isTextMatching(/^[^@\s]+@[^@\s]+$/), "an email address is required");
    else if (k === "username") f.text("username", inputs.username, usernameViolation);
    else f.field(k, inputs[k], isNonBlankText, "a non-empty string is required");
  }
}

/** What a resource records of the user it resolved. */
export interface ResolvedUser {
  userId?: string;
  username?: string;
  email?: string;
  resolvedUserId: string;
  resolvedUsername?: string;
}

/**
 * What a resource records of the user it resolved: the way its inputs named the user (userId, username or email, as
 * given), the user's id, and the username, so naming the same user another way later is no change ({@link sameUser}).
 */
export function resolvedUser(inputs: UserInputs, user: { id: string; username?: string }): ResolvedUser {
  const out: ResolvedUser = { resolvedUserId: user.id };
  for (const k of USER_KEYS) if (inputs[k] !== undefined) out[k] = inputs[k];
  if (user.username !== undefined) out.resolvedUsername = user.username;
  return out;
}

/**
 * What a role-assignment resource (a user's, a group's) records: the role and scope it declares, as given, and the
 * assignment it made or adopted.
 */
export function roleAssignmentOutputs(
  inputs: { environmentId: string; roleName: RoleName; scopeType: ScopeType; scopeId?: string },
  assignment: RoleAssignment,
  resolvedScopeId: string,
  adopted: boolean,
) {
  return {
    environmentId: inputs.environmentId,
    roleName: inputs.roleName,
    scopeType: inputs.scopeType,
    ...(inputs.scopeId !== undefined ? { scopeId: inputs.scopeId } : {}),
    assignmentId: assignment.id,
    roleId: assignment.role.id,
    resolvedScopeId,
    assignedScopeType: assignment.scope.type as ScopeType,
    assignedScopeId: assignment.scope.id,
    adopted,
    readOnly: assignment.readOnly === true,
  };
}

/**
 * True when the new inputs name the user recorded: naming the same user another way (the resolved user's id
 * instead of the username, say) is no change. Unknown values are a change.
 */
export function sameUser(olds: ResolvedUser, news: UserInputs): boolean {
  if (USER_KEYS.some((k) => isUnknown(news[k]))) return false;
  if (news.userId !== undefined) return news.userId === olds.resolvedUserId;
  if (news.username !== undefined) return news.username === (olds.username ?? olds.resolvedUsername);
  if (news.email !== undefined) return news.email === olds.email;
  return false;
}

/** Finds the user named by exactly one of userId, username, email. */
export async function resolveUser(api: PingOneApi, inputs: UserInputs): Promise<User> {
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
        users.length === 0
          ? "no user has it"
          : `${users.length} users have it (${users.map((u) => u.username).join(", ")})`;
      throw new Error(
        `email was ${JSON.stringify(inputs.email)}; exactly one user of environment ${env} must have that email, but ${found}. Use username or userId instead`,
      );
    }
    return users[0];
  }
  throw new Error("none of userId, username, email was given; exactly one of them is required to identify the user");
}

/** {@link resolveUser}, its failure naming the lookup and the environment. */
export async function lookUpUser(api: PingOneApi, inputs: UserInputs): Promise<User> {
  try {
    return await resolveUser(api, inputs);
  } catch (err) {
    throw inEnvironment(
      `look up the user ${JSON.stringify(inputs.userId ?? inputs.username ?? inputs.email)}`,
      inputs.environmentId,
      err,
    );
  }
}

/** Finds a built-in role by its exact name. */
export async function resolveRole(api: PingOneApi, roleName: string): Promise<Role> {
  const roles = await api.listRoles();
  const role = roles.find((r) => r.name === roleName);
  if (!role) {
    throw new Error(
      `roleName was ${JSON.stringify(roleName)}; PingOne has no role of that name. Roles: ${roles
        .map((r) => r.name)
        .sort()
        .join(", ")}`,
    );
  }
  return role;
}

/** The role and the scope an assignment's inputs mean, with the environment's organization fetched once, if needed. */
export interface RoleScope {
  role: Role;
  wanted: { type: ScopeType; id: string };
  organizationId: () => Promise<string>;
}

/**
 * Finds the role and the scope id (the default one for ENVIRONMENT and ORGANIZATION), re-checking the pair against
 * the live role's `applicableTo`. The role list and the organization lookup run side by side.
 */
export async function resolveRoleScope(api: PingOneApi, inputs: RoleScopeInputs): Promise<RoleScope> {
  const env = inputs.environmentId;
  let org: Promise<string> | undefined;
  const organizationId = (): Promise<string> =>
    (org ??= api.getEnvironment(env).then((environment) => {
      if (!environment) throw new Error(`environmentId was ${JSON.stringify(env)}; no such environment`);
      return environment.organization.id;
    }));
  const scopeIdOf = async (): Promise<string> => {
    if (inputs.scopeId !== undefined) return inputs.scopeId;
    if (inputs.scopeType === "ENVIRONMENT") return env;
    if (inputs.scopeType === "ORGANIZATION") return organizationId();
    throw new Error("scopeId was undefined; a population id is required when scopeType is POPULATION");
  };
  const [role, scopeId] = await Promise.all([resolveRole(api, inputs.roleName), scopeIdOf()]);
  if (!role.applicableTo.includes(inputs.scopeType)) {
    throw new Error(
      `scopeType was ${JSON.stringify(inputs.scopeType)}; PingOne says the role "${role.name}" can be assigned only at ${role.applicableTo.join(", ")} scope`,
    );
  }
  return { role, wanted: { type: inputs.scopeType, id: scopeId }, organizationId };
}

/**
 * The changed role and scope fields of an assignment (`keys` first: the environment, the principal, …), each of
 * which replaces it. Spelling out the default scope id is no change.
 */
export function roleScopeChanges<K extends string>(
  olds: RoleScopeInputs & { resolvedScopeId: string } & Partial<Record<K, unknown>>,
  news: RoleScopeInputs & Partial<Record<K, unknown>>,
  keys: readonly K[],
): string[] {
  const was = olds as unknown as Record<string, unknown>;
  const is = news as unknown as Record<string, unknown>;
  const changes: string[] = changedKeys(was, is, [...keys, "roleName", "scopeType"]);
  if (isUnknown(news.scopeId) || scopeIdMeant(olds, news) !== olds.resolvedScopeId) changes.push("scopeId");
  return changes;
}

/** The scope id the new inputs mean, as far as it is known offline (undefined when it is not). */
function scopeIdMeant(olds: RoleScopeInputs & { resolvedScopeId: string }, news: RoleScopeInputs): string | undefined {
  if (news.scopeId !== undefined) return news.scopeId;
  if (news.scopeType === "ENVIRONMENT") return news.environmentId;
  // The organization default: the same environment's organization as recorded.
  if (
    news.scopeType === "ORGANIZATION" &&
    olds.scopeType === "ORGANIZATION" &&
    olds.environmentId === news.environmentId
  ) {
    return olds.resolvedScopeId;
  }
  return undefined;
}

/**
 * The role and scope of an existing assignment as a program would declare them, for `pulumi import`: the role by
 * name, the scope type, and the scope id only where it is not the default (the environment for ENVIRONMENT, the
 * environment's organization for ORGANIZATION). Shared by the group's and the user's role assignments.
 */
export async function declaredRoleScope(
  api: PingOneApi,
  environmentId: string,
  assignmentId: string,
  live: RoleAssignment,
): Promise<{ roleName: RoleName; scopeType: ScopeType; scopeId?: string }> {
  const role = (await api.listRoles()).find((r) => r.id === live.role.id);
  if (!role) throw new Error(`Role assignment ${assignmentId} holds role ${live.role.id}, which PingOne does not list`);
  const scopeType = live.scope.type as ScopeType;
  const declared: { roleName: RoleName; scopeType: ScopeType; scopeId?: string } = {
    roleName: role.name as RoleName,
    scopeType,
  };
  if (live.scope.id !== (await defaultScopeIdOf(api, environmentId, scopeType))) declared.scopeId = live.scope.id;
  return declared;
}

/** The default scope id of ENVIRONMENT and ORGANIZATION scopes: undefined for POPULATION. */
async function defaultScopeIdOf(
  api: PingOneApi,
  environmentId: string,
  scopeType: ScopeType,
): Promise<string | undefined> {
  if (scopeType === "ENVIRONMENT") return environmentId;
  if (scopeType === "ORGANIZATION") return (await api.getEnvironment(environmentId))?.organization.id;
  return undefined;
}

/** Scope breadth: organization ⊃ environment ⊃ population. */
function breadth(type: RoleScopeType): number {
  return type === "ORGANIZATION" ? 3 : type === "ENVIRONMENT" ? 2 : type === "POPULATION" ? 1 : 0;
}

/** The assignment of `roleId` at exactly the wanted scope. */
export function exactAssignment(
  assignments: RoleAssignment[],
  roleId: string,
  wanted: { type: ScopeType; id: string },
): RoleAssignment | undefined {
  return assignments.find((a) => a.role.id === roleId && a.scope.type === wanted.type && a.scope.id === wanted.id);
}

/**
 * The assignment of `roleId` that already covers the wanted scope: the same scope, else the organization
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
  const exact = exactAssignment(assignments, roleId, wanted);
  if (exact) return exact;
  const broader = assignments
    .filter((a) => a.role.id === roleId && breadth(a.scope.type) > breadth(wanted.type))
    .sort((a, b) => breadth(b.scope.type) - breadth(a.scope.type));
  for (const a of broader) {
    if (a.scope.type === "ORGANIZATION" && a.scope.id === (await organizationId())) return a;
    if (a.scope.type === "ENVIRONMENT" && wanted.type === "POPULATION" && a.scope.id === environmentId) return a;
  }
  return undefined;
}

/** PingOne's refusal of an assignment equal to (or covered by) one the principal already holds. */
export function duplicateRefusal(err: unknown): boolean {
  return (
    errorDetailCodes(err).includes("UNIQUENESS_VIOLATION") || errorMessages(err).some((m) => /duplicate role/i.test(m))
  );
}

/** What a role assignment's delete needs to know of it. */
export interface AssignmentToDelete {
  roleName: string;
  assignedScopeType: string;
  assignedScopeId: string;
  adopted?: boolean;
  readOnly?: boolean;
}

/**
 * Removes an assignment (`whom`: "user …", "group …") unless it was adopted. A read-only one (as recorded, or as
 * PingOne answers with 403 when it turned read-only since) cannot be removed by the provisioner: a clear error.
 */
export async function deleteAssignment(
  id: string,
  state: AssignmentToDelete,
  whom: string,
  remove: () => Promise<void>,
): Promise<void> {
  if (state.adopted) return;
  const readOnly =
    `Role assignment ${id} ("${state.roleName}" at ${state.assignedScopeType} ${state.assignedScopeId} for ${whom}) is read-only in PingOne and cannot be deleted by the provisioner; ` +
    "remove it in the PingOne console, or drop it from the stack state with `pulumi state delete`";
  if (state.readOnly) throw new Error(readOnly);
  try {
    await remove();
  } catch (err) {
    if ((err as { status?: unknown }).status === 403) throw new Error(`${readOnly} (${describeError(err)})`);
    throw new Error(`Cannot delete role assignment ${id} ("${state.roleName}" for ${whom}): ${describeError(err)}`);
  }
}

/** PingOne's refusal to let the provisioner grant a role it does not hold at the same or a broader scope. */
export function lacksRoleRefusal(err: unknown): boolean {
  return errorMessages(err).some((m) => /same or broader scope/i.test(m));
}

/**
 * The error for a failed grant of `role` at `wanted` to `whom` ("user alice", "group …"): when PingOne says the
 * provisioner lacks the role at that scope, what to do about it; else PingOne's own error.
 */
export function grantFailure(err: unknown, role: Role, wanted: { type: ScopeType; id: string }, whom: string): Error {
  const lacksRole = lacksRoleRefusal(err);
  if (lacksRole && role.name === "Organization Admin") {
    return new Error(
      `PingOne refused to grant "Organization Admin" to ${whom}: the provisioner's own worker app must hold Organization Admin to grant it (${describeError(err)}). ` +
        `Grant it in the PingOne console, or give the provisioner Organization Admin, or choose "Environment Admin".`,
    );
  }
  if (lacksRole) {
    return new Error(
      `PingOne refused to grant "${role.name}" at ${wanted.type} ${wanted.id} to ${whom}: the provisioner's own worker app must hold "${role.name}" at the same or a broader scope (${describeError(err)})`,
    );
  }
  return new Error(`Cannot grant "${role.name}" at ${wanted.type} ${wanted.id} to ${whom}: ${describeError(err)}`);
}
