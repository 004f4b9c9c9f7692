/**
 * Roles and role assignments: the built-in roles, which scopes each applies to, which scope contains which,
 * and who may grant what.
 */
import { ApiError, insufficientPermissions, invalidData, invalidValue, shown } from "../errors";
import type { PrincipalKind, StoredRoleAssignment, World } from "../state";

export type RoleScopeType = "ORGANIZATION" | "ENVIRONMENT" | "POPULATION" | "APPLICATION";
export const SCOPE_TYPES: RoleScopeType[] = ["ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"];

export interface BuiltInRole {
  name: string;
  description: string;
  applicableTo: RoleScopeType[];
  permissions: string[];
}

/** Every role name of the spec's EnumRoleName, with the scopes PingOne lets each be assigned at. */
export const BUILT_IN_ROLES: BuiltInRole[] = [
  {
    name: "Organization Admin",
    description: "Manages the organization: environments, licences and organization-level roles.",
    applicableTo: ["ORGANIZATION"],
    permissions: [
      "orgmgt:read:organization",
      "orgmgt:update:organization",
      "orgmgt:create:environment",
      "orgmgt:delete:environment",
    ],
  },
  {
    name: "Environment Admin",
    description: "Manages environments: applications, resources, identity data and roles.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: [
      "orgmgt:read:environment",
      "orgmgt:update:environment",
      "base:create:application",
      "base:update:application",
      "base:delete:application",
      "base:read:applicationSecret",
    ],
  },
  {
    name: "Identity Data Admin",
    description: "Manages users, groups and populations.",
    applicableTo: ["ENVIRONMENT", "POPULATION"],
    permissions: ["identity:read:user", "identity:create:user", "identity:update:user", "identity:delete:user"],
  },
  {
    name: "Client Application Developer",
    description: "Manages applications and their configuration.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: [
      "base:read:application",
      "base:create:application",
      "base:update:application",
      "base:delete:application",
    ],
  },
  {
    name: "Identity Data Read Only",
    description: "Reads users, groups and populations.",
    applicableTo: ["ENVIRONMENT", "POPULATION"],
    permissions: ["identity:read:user"],
  },
  {
    name: "Configuration Read Only",
    description: "Reads environment configuration.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: ["base:read:application", "orgmgt:read:environment"],
  },
  {
    name: "Application Owner",
    description: "Manages one application.",
    applicableTo: ["ENVIRONMENT", "APPLICATION"],
    permissions: ["base:read:application", "base:update:application"],
  },
  {
    name: "Help Desk Admin",
    description: "Helps users with their accounts.",
    applicableTo: ["ENVIRONMENT", "POPULATION"],
    permissions: ["identity:read:user", "identity:update:userPassword"],
  },
  {
    name: "Custom Roles Admin",
    description: "Manages custom administrator roles.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: ["base:create:customRole"],
  },
  {
    name: "Authorize Gateway Policy Evaluator",
    description: "Evaluates PingOne Authorize policies from a gateway.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["authorize:evaluate:policy"],
  },
  {
    name: "Advanced Identity Cloud Super Admin",
    description: "Administers PingOne Advanced Identity Cloud tenants.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: ["aic:admin:tenant"],
  },
  {
    name: "Advanced Identity Cloud Tenant Admin",
    description: "Administers a PingOne Advanced Identity Cloud tenant.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["aic:admin:tenant"],
  },
  {
    name: "DaVinci Admin",
    description: "Administers DaVinci.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: ["davinci:admin:environment"],
  },
  {
    name: "DaVinci Admin Read Only",
    description: "Reads DaVinci configuration.",
    applicableTo: ["ORGANIZATION", "ENVIRONMENT"],
    permissions: ["davinci:read:environment"],
  },
  {
    name: "PingFederate Administrator",
    description: "Administers PingFederate.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["pingfederate:admin"],
  },
  {
    name: "PingFederate Auditor",
    description: "Reads PingFederate configuration.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["pingfederate:audit"],
  },
  {
    name: "PingFederate Crypto Administrator",
    description: "Manages PingFederate keys and certificates.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["pingfederate:crypto"],
  },
  {
    name: "PingFederate Expression Administrator",
    description: "Manages PingFederate expressions.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["pingfederate:expression"],
  },
  {
    name: "PingFederate User Administrator",
    description: "Manages PingFederate administrative users.",
    applicableTo: ["ENVIRONMENT"],
    permissions: ["pingfederate:user"],
  },
];

/** Roles a holder of each role may grant besides itself (Ping's "can assign" table). */
const CAN_ASSIGN: Record<string, "all-but-organization-admin" | string[]> = {
  "Environment Admin": "all-but-organization-admin",
  "Organization Admin": ["Environment Admin", "Organization Admin"],
};

export interface Scope {
  id: string;
  type: RoleScopeType;
}

/** The environment a scope lies in (undefined for ORGANIZATION or an unknown object). */
function environmentOf(world: World, scope: Scope): string | undefined {
  switch (scope.type) {
    case "ENVIRONMENT":
      return scope.id;
    case "POPULATION":
      return world.populations.find((p) => p.id === scope.id)?.environmentId;
    case "APPLICATION":
      return world.applications.find((a) => a.id === scope.id)?.environmentId;
    default:
      return undefined;
  }
}

/** Whether `held` is the same as or broader than `target`: organization ⊃ its environments ⊃ their populations and applications. */
export function covers(world: World, held: Scope, target: Scope): boolean {
  if (held.type === target.type && held.id === target.id) return true;
  if (held.type === "ORGANIZATION") return held.id === world.organization.id;
  if (held.type === "ENVIRONMENT") return target.type !== "ORGANIZATION" && environmentOf(world, target) === held.id;
  return false;
}

export function canAssign(heldRoleName: string, roleName: string): boolean {
  if (heldRoleName === roleName) return true;
  const table = CAN_ASSIGN[heldRoleName];
  if (table === "all-but-organization-admin") return roleName !== "Organization Admin";
  return Array.isArray(table) && table.includes(roleName);
}

export function roleName(world: World, roleId: string): string {
  return world.roles.find((r) => r.id === roleId)?.name ?? roleId;
}

/** The role assignments of an application, user or group. */
export function assignmentsOf(world: World, kind: PrincipalKind, id: string): StoredRoleAssignment[] {
  return world.roleAssignments.filter((ra) => ra.principal.kind === kind && ra.principal.id === id);
}

/** Whether an actor holding `actorRoles` may grant (or remove) role `roleId` at `scope`. */
export function mayGrant(world: World, actorRoles: StoredRoleAssignment[], roleId: string, scope: Scope): boolean {
  const wanted = roleName(world, roleId);
  return actorRoles.some((held) => canAssign(roleName(world, held.roleId), wanted) && covers(world, held.scope, scope));
}

/** Whether the actor holds `roleId` itself at `scope` or broader. */
export function holds(world: World, actorRoles: StoredRoleAssignment[], roleId: string, scope: Scope): boolean {
  return actorRoles.some((held) => held.roleId === roleId && covers(world, held.scope, scope));
}

/** Whether the actor holds any role that reaches into environment `envId`. */
export function reachesEnvironment(world: World, actorRoles: StoredRoleAssignment[], envId: string): boolean {
  return actorRoles.some((held) => {
    if (held.scope.type === "ORGANIZATION") return held.scope.id === world.organization.id;
    return environmentOf(world, held.scope) === envId;
  });
}

function scopeExists(world: World, scope: Scope): boolean {
  switch (scope.type) {
    case "ORGANIZATION":
      return scope.id === world.organization.id;
    case "ENVIRONMENT":
      return world.environments.some((e) => e.id === scope.id);
    case "POPULATION":
      return world.populations.some((p) => p.id === scope.id);
    case "APPLICATION":
      return world.applications.some((a) => a.id === scope.id);
  }
}

/** Parses and checks a role assignment body; returns the role id and scope or throws PingOne's error. */
export function validateAssignmentBody(world: World, body: unknown): { roleId: string; scope: Scope } {
  const details = [];
  const b = (body && typeof body === "object" && !Array.isArray(body) ? body : {}) as Record<string, any>;
  const roleId = b.role && typeof b.role === "object" ? b.role.id : undefined;
  const scopeId = b.scope && typeof b.scope === "object" ? b.scope.id : undefined;
  const scopeType = b.scope && typeof b.scope === "object" ? b.scope.type : undefined;
  if (typeof roleId !== "string" || roleId === "")
    details.push({
      code: "INVALID_VALUE",
      target: "role.id",
      message: `role.id is required and must be a role id; got ${shown(roleId)}`,
    });
  if (typeof scopeId !== "string" || scopeId === "")
    details.push({ code: "INVALID_VALUE", target: "scope.id", message: `scope.id is required; got ${shown(scopeId)}` });
  if (!SCOPE_TYPES.includes(scopeType))
    details.push({
      code: "INVALID_VALUE",
      target: "scope.type",
      message: `scope.type must be one of ${SCOPE_TYPES.join(", ")}; got ${shown(scopeType)}`,
      innerError: { allowedValues: SCOPE_TYPES },
    });
  if (details.length > 0) throw invalidData(details);
  const role = world.roles.find((r) => r.id === roleId);
  if (!role) throw invalidValue("role", `Role ${shown(roleId)} does not exist`);
  const scope: Scope = { id: scopeId, type: scopeType };
  if (!role.applicableTo.includes(scope.type))
    throw invalidValue(
      "scope",
      `Role '${role.name}' cannot be assigned at scope type ${scope.type}; it applies to ${role.applicableTo.join(", ")}`,
      { allowedValues: role.applicableTo },
    );
  if (!scopeExists(world, scope)) throw invalidValue("scope", `No ${scope.type} with id ${shown(scope.id)} exists`);
  return { roleId: role.id, scope };
}

/** The checks PingOne applies when an actor assigns a role to a user or an application. */
export function checkNewAssignment(
  world: World,
  actorRoles: StoredRoleAssignment[],
  existing: StoredRoleAssignment[],
  roleId: string,
  scope: Scope,
): void {
  if (!mayGrant(world, actorRoles, roleId, scope))
    throw insufficientPermissions("role", "Must have role at the same or broader scope");
  if (existing.some((ra) => ra.roleId === roleId && covers(world, ra.scope, scope)))
    throw new ApiError(
      400,
      "INVALID_DATA",
      "The request could not be completed. One or more validation errors were in the request.",
      [{ code: "UNIQUENESS_VIOLATION", target: "role", message: "May not assign duplicate Role" }],
    );
}

/**
 * Deleting an assignment the actor could not have granted (it reads back `readOnly: true`) is refused with
 * PingOne's message.
 */
export function checkDeletable(world: World, actorRoles: StoredRoleAssignment[], ra: StoredRoleAssignment): void {
  if (!mayGrant(world, actorRoles, ra.roleId, ra.scope))
    throw insufficientPermissions("roleAssignment", `Role assignment ${ra.id} cannot be deleted as it is read only`);
}
