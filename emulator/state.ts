/**
 * The emulator's world: every object PingOne would hold, as plain JSON (so it can be written to a state file),
 * seeded deterministically from a number.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "fs";
import { seededSecret, seededUuid } from "./ids";
import { OIDC_DEFAULTS } from "./rules/applications";
import { BUILT_IN_ROLES, RoleScopeType } from "./rules/roles";

export const STATE_VERSION = 2;
/** Timestamp of every seeded object, so a seed always yields byte-identical state. */
export const SEEDED_AT = "2026-01-01T00:00:00.000Z";

export interface StoredEnvironment {
  id: string;
  name: string;
  description: string;
  type: "PRODUCTION" | "SANDBOX";
  /** The region code PingOne's clients read (spec EnumRegionCode). */
  region: "NA";
  licenseId: string;
  billOfMaterials: StoredBillOfMaterials;
  createdAt: string;
}

export interface StoredBillOfMaterials {
  products: {
    id: string;
    type: string;
    console?: { href: string };
    tags?: string[];
    bookmarks?: { name: string; href: string }[];
  }[];
  createdAt: string;
  updatedAt: string;
}

/** What a new environment's bill of materials holds: the PingOne base services. */
export function seededBillOfMaterials(seed: number, envId: string): StoredBillOfMaterials {
  return {
    products: [{ id: seededUuid(seed, `bom:${envId}:PING_ONE_BASE`), type: "PING_ONE_BASE" }],
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
}

export interface StoredPopulation {
  id: string;
  environmentId: string;
  name: string;
  /** The environment's default population: new users join it. At most one per environment. */
  default: boolean;
  /** The other writable fields (description, alternativeIdentifiers, preferredLanguage, passwordPolicy, theme). */
  body: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface StoredGroup {
  id: string;
  environmentId: string;
  /** Set for a population group; an environment group has none. */
  populationId?: string;
  name: string;
  /** The other writable fields (description, userFilter, externalId, customData). */
  body: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** A user's direct membership of a group (POST /users/{userId}/memberOfGroups). */
export interface StoredGroupMembership {
  environmentId: string;
  userId: string;
  groupId: string;
  createdAt: string;
}

export interface StoredRole {
  id: string;
  name: string;
  description: string;
  applicableTo: RoleScopeType[];
  permissions: { id: string; classifier: string; description: string }[];
}

export interface StoredUser {
  id: string;
  environmentId: string;
  populationId: string;
  username: string;
  email: string;
  given: string;
  family: string;
  enabled: boolean;
  createdAt: string;
}

export interface StoredResource {
  id: string;
  environmentId: string;
  name: string;
  type: "OPENID_CONNECT" | "PINGONE_API" | "CUSTOM";
  description: string;
  /** PINGONE_API and CUSTOM resources only: the built-in `openid` resource has no audience. */
  audience?: string;
  /** PINGONE_API and CUSTOM resources only. */
  accessTokenValiditySeconds?: number;
  createdAt: string;
}

export interface StoredScope {
  id: string;
  environmentId: string;
  resourceId: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface StoredSecret {
  secret: string;
  previous?: { secret: string; expiresAt: string; lastUsed?: string };
}

export interface StoredApplication {
  id: string;
  environmentId: string;
  createdAt: string;
  updatedAt: string;
  /** The writable OIDC fields as PingOne stores them (already validated and defaulted). */
  body: Record<string, unknown>;
  secret: StoredSecret;
}

/** Who can hold a role assignment. */
export type PrincipalKind = "user" | "application" | "group";

export interface StoredRoleAssignment {
  id: string;
  environmentId: string;
  principal: { kind: PrincipalKind; id: string };
  roleId: string;
  scope: { id: string; type: RoleScopeType };
  createdAt: string;
}

export interface StoredGrant {
  id: string;
  environmentId: string;
  applicationId: string;
  resourceId: string;
  scopeIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredImage {
  id: string;
  environmentId: string;
  format: "png" | "jpg" | "gif";
  width?: number;
  height?: number;
  createdAt: string;
  dataBase64: string;
}

export interface World {
  version: number;
  seed: number;
  /** Next value of the id counter: objects created at runtime get ids derived from (seed, counter). */
  counter: number;
  organization: { id: string; name: string };
  adminEnvironmentId: string;
  targetEnvironmentIds: string[];
  provisioner: { clientId: string; clientSecret: string };
  environments: StoredEnvironment[];
  populations: StoredPopulation[];
  groups: StoredGroup[];
  groupMemberships: StoredGroupMembership[];
  roles: StoredRole[];
  users: StoredUser[];
  resources: StoredResource[];
  scopes: StoredScope[];
  applications: StoredApplication[];
  roleAssignments: StoredRoleAssignment[];
  grants: StoredGrant[];
  images: StoredImage[];
}

/** A fresh id for an object created at runtime (deterministic under the seed, never reused). */
export function newId(world: World, kind: string): string {
  const id = seededUuid(world.seed, `${kind}:runtime:${world.counter}`);
  world.counter += 1;
  return id;
}

export function newSecret(world: World, appId: string): string {
  const secret = seededSecret(world.seed, `app:${appId}:${world.counter}`);
  world.counter += 1;
  return secret;
}

const OIDC_SCOPES: [string, string][] = [
  ["openid", "OpenID Connect scope: the user's identifier."],
  ["profile", "Access to the user's default profile claims."],
  ["email", "Access to the email and email_verified claims."],
  ["address", "Access to the address claim."],
  ["phone", "Access to the phone_number and phone_number_verified claims."],
];

const PINGONE_API_SCOPES: [string, string][] = [
  ["p1:read:user", "Read the signed-in user's own profile."],
  ["p1:update:user", "Update the signed-in user's own profile."],
  ["p1:read:sessions", "Read the signed-in user's sessions."],
  ["p1:delete:sessions", "Delete the signed-in user's sessions."],
];

const SEEDED_USERS: [string, string, string][][] = [
  [
    ["alice", "Alice", "Adams"],
    ["bob", "Bob", "Baker"],
    ["carol", "Carol", "Clark"],
  ],
  [
    ["dave", "Dave", "Davis"],
    ["erin", "Erin", "Evans"],
  ],
];

/** The seeded world: same seed, same ids and secrets. */
export function seedWorld(seed: number): World {
  const id: SeededId = (label) => seededUuid(seed, label);
  const organizationId = id("organization");
  const adminEnvironmentId = id("environment:admin");
  const targetEnvironmentIds = [id("environment:target:0"), id("environment:target:1")];

  const environments = seedEnvironments(seed, adminEnvironmentId, targetEnvironmentIds);
  const populations = seedPopulations(id, environments);
  const groups = seedGroups(id, targetEnvironmentIds);
  const roles = seedRoles(id);
  const users = seedUsers(id, targetEnvironmentIds, populations);
  const { resources, scopes } = seedResources(id, environments);
  const provisioner = seedProvisioner(seed, adminEnvironmentId);
  const roleAssignments = [seedProvisionerRole(id, provisioner.id, adminEnvironmentId, organizationId, roles)];

  return {
    version: STATE_VERSION,
    seed,
    counter: 0,
    organization: { id: organizationId, name: "Emulated Organization" },
    adminEnvironmentId,
    targetEnvironmentIds,
    provisioner: { clientId: provisioner.id, clientSecret: provisioner.secret.secret },
    environments,
    populations,
    groups,
    groupMemberships: [],
    roles,
    users,
    resources,
    scopes,
    applications: [provisioner],
    roleAssignments,
    grants: [],
    images: [],
  };
}

/** The id of a seeded object: derived from the seed and the object's label. */
type SeededId = (label: string) => string;

/** The Administrators environment (the provisioner's) and the target environments, all on one licence. */
function seedEnvironments(seed: number, adminEnvironmentId: string, targetIds: string[]): StoredEnvironment[] {
  const licenseId = seededUuid(seed, "license");
  return [
    {
      id: adminEnvironmentId,
      name: "Administrators",
      description: "Administrative environment holding the provisioner worker application.",
      type: "PRODUCTION",
      region: "NA",
      licenseId,
      billOfMaterials: seededBillOfMaterials(seed, adminEnvironmentId),
      createdAt: SEEDED_AT,
    },
    ...targetIds.map((envId, i) => ({
      id: envId,
      name: i === 0 ? "Development" : "Staging",
      description: `Target environment ${i + 1}.`,
      type: "SANDBOX" as const,
      region: "NA" as const,
      licenseId,
      billOfMaterials: seededBillOfMaterials(seed, envId),
      createdAt: SEEDED_AT,
    })),
  ];
}

/** Each environment's default population. */
function seedPopulations(id: SeededId, environments: StoredEnvironment[]): StoredPopulation[] {
  return environments.map((env) => ({
    id: id(`population:${env.id}`),
    environmentId: env.id,
    name: "Default",
    default: true,
    body: { description: "The environment's default population." },
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  }));
}

/**
 * One environment group per target environment, without members or roles: where admin roles go (Ping's guidance
 * prefers roles on groups).
 */
function seedGroups(id: SeededId, targetEnvironmentIds: string[]): StoredGroup[] {
  return targetEnvironmentIds.map((envId) => ({
    id: id(`group:${envId}:administrators`),
    environmentId: envId,
    name: "Administrators",
    body: { description: "Administrators of this environment." },
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  }));
}

/** PingOne's built-in roles. */
function seedRoles(id: SeededId): StoredRole[] {
  return BUILT_IN_ROLES.map((role) => ({
    id: id(`role:${role.name}`),
    name: role.name,
    description: role.description,
    applicableTo: [...role.applicableTo],
    permissions: role.permissions.map((p) => ({ id: p, classifier: p, description: p })),
  }));
}

/** The users of each target environment, enabled, in its default population. */
function seedUsers(id: SeededId, targetEnvironmentIds: string[], populations: StoredPopulation[]): StoredUser[] {
  const users: StoredUser[] = [];
  targetEnvironmentIds.forEach((envId, e) => {
    for (const [username, given, family] of SEEDED_USERS[e]) {
      users.push({
        id: id(`user:${envId}:${username}`),
        environmentId: envId,
        populationId: populations.find((p) => p.environmentId === envId)!.id,
        username,
        email: `${username}@example.com`,
        given,
        family,
        enabled: true,
        createdAt: SEEDED_AT,
      });
    }
  });
  return users;
}

/** Every environment's two built-in resources (`openid` and the PingOne API) and their scopes. */
function seedResources(id: SeededId, environments: StoredEnvironment[]): Pick<World, "resources" | "scopes"> {
  const resources: StoredResource[] = [];
  const scopes: StoredScope[] = [];
  for (const env of environments) {
    const openidId = id(`resource:${env.id}:openid`);
    const apiId = id(`resource:${env.id}:pingone-api`);
    resources.push(
      {
        id: openidId,
        environmentId: env.id,
        name: "openid",
        type: "OPENID_CONNECT",
        description: "OpenID Connect built-in resource.",
        createdAt: SEEDED_AT,
      },
      {
        id: apiId,
        environmentId: env.id,
        name: "PingOne API",
        type: "PINGONE_API",
        description: "PingOne platform API built-in resource.",
        audience: "https://api.pingone.com",
        accessTokenValiditySeconds: 3600,
        createdAt: SEEDED_AT,
      },
    );
    scopes.push(...seedScopes(id, env.id, openidId, OIDC_SCOPES), ...seedScopes(id, env.id, apiId, PINGONE_API_SCOPES));
  }
  return { resources, scopes };
}

/** The scopes of one resource, by name and description. */
function seedScopes(id: SeededId, environmentId: string, resourceId: string, named: [string, string][]): StoredScope[] {
  return named.map(([name, description]) => {
    return {
      id: id(`scope:${resourceId}:${name}`),
      environmentId,
      resourceId,
      name,
      description,
      createdAt: SEEDED_AT,
    };
  });
}

/** The provisioner: a client-credentials Worker application in the Administrators environment. */
function seedProvisioner(seed: number, adminEnvironmentId: string): StoredApplication {
  return {
    id: seededUuid(seed, "application:provisioner"),
    environmentId: adminEnvironmentId,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
    body: {
      name: "Provisioner",
      description: "Worker application used to provision PingOne configuration.",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
      grantTypes: ["CLIENT_CREDENTIALS"],
      tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      ...OIDC_DEFAULTS,
    },
    secret: { secret: seededSecret(seed, "application:provisioner") },
  };
}

/** The provisioner's Environment Admin role at organization scope: it may manage every environment. */
function seedProvisionerRole(
  id: SeededId,
  provisionerId: string,
  adminEnvironmentId: string,
  organizationId: string,
  roles: StoredRole[],
): StoredRoleAssignment {
  return {
    id: id("role-assignment:provisioner"),
    environmentId: adminEnvironmentId,
    principal: { kind: "application", id: provisionerId },
    roleId: roles.find((r) => r.name === "Environment Admin")!.id,
    scope: { id: organizationId, type: "ORGANIZATION" },
    createdAt: SEEDED_AT,
  };
}

/** Loads a world written by `saveWorld`; throws with the path and the reason when the file is not one. */
export function loadWorld(path: string): World {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`Emulator state file ${path} could not be read as JSON: ${(err as Error).message}`);
  }
  const world = migrate(parsed as Partial<World>);
  if (!world || typeof world !== "object" || world.version !== STATE_VERSION || typeof world.seed !== "number") {
    throw new Error(
      `Emulator state file ${path} is not an emulator state file of version ${STATE_VERSION} (delete it to start from a fresh seeded world)`,
    );
  }
  return world as World;
}

/**
 * A version-1 state file brought to version 2: region codes, populations with their default flag, users enabled,
 * no groups or memberships yet. Anything else is returned as found.
 */
function migrate(world: Partial<World>): Partial<World> {
  if (!world || typeof world !== "object" || (world as { version?: unknown }).version !== 1) return world;
  const v1 = world as unknown as Record<string, any>;
  return {
    ...world,
    version: 2,
    environments: (v1.environments ?? []).map((e: any) => ({
      ...e,
      region: "NA",
      billOfMaterials: seededBillOfMaterials(v1.seed, e.id),
    })),
    resources: (v1.resources ?? []).map((r: any) =>
      r.type === "OPENID_CONNECT" ? { ...r, audience: undefined } : { accessTokenValiditySeconds: 3600, ...r },
    ),
    populations: (v1.populations ?? []).map((p: any) => ({ body: {}, updatedAt: p.createdAt, ...p, default: true })),
    users: (v1.users ?? []).map((u: any) => ({ enabled: true, ...u })),
    groups: [],
    groupMemberships: [],
  };
}

/** Writes the world atomically: a temporary file beside the target, then a rename. */
export function saveWorld(path: string, world: World): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(world), { mode: 0o600 });
  renameSync(tmp, path);
}

export function loadOrSeed(path: string | undefined, seed: number): World {
  if (path && existsSync(path)) return loadWorld(path);
  const world = seedWorld(seed);
  if (path) saveWorld(path, world);
  return world;
}
