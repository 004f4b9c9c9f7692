/** The PingOne Management API routes the emulator serves: path patterns → handlers over the world. */
import { accessFailed, invalidValue, notFound, shown } from "./errors";
import { hal } from "./hal";
import { seededUuid } from "./ids";
import { validateApplication } from "./rules/applications";
import {
  checkPopulationDeletable,
  makeDefault,
  productDescription,
  validateBillOfMaterials,
  validateGroup,
  validateMembership,
  validatePopulation,
  validateUserEnabled,
} from "./rules/directory";
import { validateGrant } from "./rules/grants";
import {
  assignmentsOf,
  checkDeletable,
  checkNewAssignment,
  mayGrant,
  reachesEnvironment,
  validateAssignmentBody,
} from "./rules/roles";
import { compileFilter, FilterGrammar } from "./rules/scim";
import { checkSecretAccess, parseRotation } from "./rules/secrets";
import { describeImage } from "./rules/images";
import { ENVIRONMENT_CONFIG_ROUTES } from "./environmentConfig";
import {
  newId,
  newSecret,
  PrincipalKind,
  StoredApplication,
  StoredEnvironment,
  StoredGrant,
  StoredGroup,
  StoredGroupMembership,
  StoredImage,
  StoredPopulation,
  StoredRoleAssignment,
  StoredUser,
  World,
} from "./state";

export interface RouteContext {
  world: World;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
  /** The calling application (from the bearer token). */
  actor: StoredApplication;
  actorRoles: StoredRoleAssignment[];
  /** http://127.0.0.1:PORT */
  origin: string;
  pageSize: number;
  now: number;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult;

export interface RouteSpec {
  /** Path template as in the spec, e.g. /v1/environments/{envId}/applications/{appId} */
  path: string;
  methods: Partial<Record<string, Handler>>;
}

export interface Route extends RouteSpec {
  pattern: RegExp;
  names: string[];
}

// ---------- rendering ----------

const api = (ctx: RouteContext, path: string) => `${ctx.origin}/v1${path}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The fields an object of an environment opens with, as PingOne renders it: its own link (under the environment's
 * `collection`), its id and its environment.
 */
function opening(ctx: RouteContext, collection: string, object: { id: string; environmentId: string }) {
  return {
    _links: { self: { href: api(ctx, `/environments/${object.environmentId}/${collection}/${object.id}`) } },
    id: object.id,
    environment: { id: object.environmentId },
  };
}

function renderEnvironment(ctx: RouteContext, envId: string) {
  const env = findEnvironment(ctx, envId);
  return {
    _links: { self: { href: api(ctx, `/environments/${env.id}`) } },
    id: env.id,
    name: env.name,
    description: env.description,
    type: env.type,
    region: env.region,
    status: "ACTIVE",
    license: { id: env.licenseId },
    organization: { id: ctx.world.organization.id },
    createdAt: env.createdAt,
    updatedAt: env.createdAt,
  };
}

function renderBillOfMaterials(ctx: RouteContext, env: StoredEnvironment) {
  const bom = env.billOfMaterials;
  return {
    _links: { self: { href: api(ctx, `/environments/${env.id}/billOfMaterials`) } },
    products: bom.products.map((p) => ({ ...p, description: productDescription(p.type) })),
    createdAt: bom.createdAt,
    updatedAt: bom.updatedAt,
  };
}

function renderApplication(ctx: RouteContext, app: StoredApplication) {
  const self = api(ctx, `/environments/${app.environmentId}/applications/${app.id}`);
  return {
    _links: {
      self: { href: self },
      environment: { href: api(ctx, `/environments/${app.environmentId}`) },
      secret: { href: `${self}/secret` },
      grants: { href: `${self}/grants` },
      roleAssignments: { href: `${self}/roleAssignments` },
    },
    id: app.id,
    environment: { id: app.environmentId },
    ...app.body,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}

function renderSecret(ctx: RouteContext, app: StoredApplication) {
  const s = app.secret;
  const body: Record<string, unknown> = {
    _links: { self: { href: api(ctx, `/environments/${app.environmentId}/applications/${app.id}/secret`) } },
    environment: { id: app.environmentId },
    secret: s.secret,
  };
  if (s.previous && Date.parse(s.previous.expiresAt) > ctx.now) body.previous = { ...s.previous };
  return body;
}

function renderRoleAssignment(ctx: RouteContext, ra: StoredRoleAssignment) {
  const base = `/environments/${ra.environmentId}/${PRINCIPALS[ra.principal.kind].collection}/${ra.principal.id}/roleAssignments/${ra.id}`;
  return {
    _links: { self: { href: api(ctx, base) }, role: { href: api(ctx, `/roles/${ra.roleId}`) } },
    id: ra.id,
    role: { id: ra.roleId },
    scope: { id: ra.scope.id, type: ra.scope.type },
    environment: { id: ra.environmentId },
    // Read-only for this actor when it could not have granted the assignment itself.
    readOnly: !mayGrant(ctx.world, ctx.actorRoles, ra.roleId, ra.scope),
    createdAt: ra.createdAt,
  };
}

function renderGrant(ctx: RouteContext, g: StoredGrant) {
  return {
    _links: {
      self: { href: api(ctx, `/environments/${g.environmentId}/applications/${g.applicationId}/grants/${g.id}`) },
      application: { href: api(ctx, `/environments/${g.environmentId}/applications/${g.applicationId}`) },
      resource: { href: api(ctx, `/environments/${g.environmentId}/resources/${g.resourceId}`) },
    },
    id: g.id,
    environment: { id: g.environmentId },
    application: { id: g.applicationId },
    resource: { id: g.resourceId },
    scopes: g.scopeIds.map((id) => ({ id })),
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

function renderImage(ctx: RouteContext, img: StoredImage) {
  const href = imageHref(ctx.world, img);
  const original: Record<string, unknown> = { id: img.id, href, type: img.format };
  if (img.width !== undefined) original.width = img.width;
  if (img.height !== undefined) original.height = img.height;
  return {
    ...opening(ctx, "images", img),
    createdAt: img.createdAt,
    targets: { original },
  };
}

function renderRole(ctx: RouteContext, roleId: string) {
  const r = ctx.world.roles.find((x) => x.id === roleId)!;
  return {
    _links: { self: { href: api(ctx, `/roles/${r.id}`) } },
    id: r.id,
    name: r.name,
    description: r.description,
    applicableTo: [...r.applicableTo],
    permissions: r.permissions.map((p) => ({ ...p })),
  };
}

function renderUser(ctx: RouteContext, userId: string) {
  const u = ctx.world.users.find((x) => x.id === userId)!;
  return {
    ...opening(ctx, "users", u),
    population: { id: u.populationId },
    username: u.username,
    email: u.email,
    name: { given: u.given, family: u.family, formatted: `${u.given} ${u.family}` },
    enabled: u.enabled,
    lifecycle: { status: "ACCOUNT_OK" },
    mfaEnabled: false,
    createdAt: u.createdAt,
    updatedAt: u.createdAt,
  };
}

function renderResource(ctx: RouteContext, resourceId: string) {
  const r = ctx.world.resources.find((x) => x.id === resourceId)!;
  return {
    ...opening(ctx, "resources", r),
    name: r.name,
    description: r.description,
    type: r.type,
    ...(r.audience !== undefined ? { audience: r.audience } : {}),
    ...(r.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: r.accessTokenValiditySeconds } : {}),
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
  };
}

function renderScope(ctx: RouteContext, scopeId: string) {
  const s = ctx.world.scopes.find((x) => x.id === scopeId)!;
  return {
    ...opening(ctx, `resources/${s.resourceId}/scopes`, s),
    resource: { id: s.resourceId },
    name: s.name,
    description: s.description,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
  };
}

function renderPopulation(ctx: RouteContext, p: StoredPopulation) {
  return {
    ...opening(ctx, "populations", p),
    name: p.name,
    ...p.body,
    default: p.default,
    userCount: ctx.world.users.filter((u) => u.populationId === p.id).length,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function renderGroup(ctx: RouteContext, g: StoredGroup) {
  return {
    ...opening(ctx, "groups", g),
    name: g.name,
    displayName: g.name,
    ...(g.populationId !== undefined ? { population: { id: g.populationId } } : {}),
    ...g.body,
    directMemberCounts: { users: ctx.world.groupMemberships.filter((m) => m.groupId === g.id).length },
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

function renderMembership(ctx: RouteContext, m: StoredGroupMembership) {
  const g = ctx.world.groups.find((x) => x.id === m.groupId)!;
  return {
    _links: {
      self: { href: api(ctx, `/environments/${m.environmentId}/users/${m.userId}/memberOfGroups/${g.id}`) },
      group: { href: api(ctx, `/environments/${g.environmentId}/groups/${g.id}`) },
    },
    id: g.id,
    environment: { id: m.environmentId },
    name: g.name,
    type: "DIRECT",
  };
}

/**
 * Where PingOne serves an uploaded image: `https://uploads.pingone.com/environments/<envId>/images/<id>_<id>_original.<ext>`
 * (the second id names the stored file). The emulator serves the bytes at `/__emulator/uploads/` + the same path.
 */
export const UPLOADS_ORIGIN = "https://uploads.pingone.com";
export function imageHref(world: World, img: StoredImage): string {
  return `${UPLOADS_ORIGIN}/environments/${img.environmentId}/images/${img.id}_${seededUuid(world.seed, `image-file:${img.id}`)}_original.${img.format}`;
}

// ---------- lookups ----------

/** How a collection's items are rendered into its answer. */
type Render<T> = (ctx: RouteContext, item: T) => unknown;

/** A 200 answer holding one page of the collection `name`: the `items`, each rendered, linked under `path`. */
function listed<T>(ctx: RouteContext, name: string, items: T[], render: Render<T>, path: string): RouteResult {
  const paging = { baseUrl: api(ctx, path), query: ctx.query, defaultLimit: ctx.pageSize };
  return {
    status: 200,
    body: hal(
      name,
      items.map((item) => render(ctx, item)),
      paging,
    ),
  };
}

/**
 * A collection belonging to `parent`, one of the environment's `parents`: at
 * `/environments/{envId}/<parents>/{id}/<segment>`, the segment being the collection's name unless told otherwise.
 */
function listedUnder<T>(
  ctx: RouteContext,
  parent: { id: string; environmentId: string },
  parents: string,
  name: string,
  items: T[],
  render: Render<T>,
  segment = name,
): RouteResult {
  return listed(ctx, name, items, render, `/environments/${parent.environmentId}/${parents}/${parent.id}/${segment}`);
}

/**
 * A collection of the request's environment, `/environments/{envId}/<name>`: the items in that environment, filtered
 * by the request's `filter` where the collection has a `grammar` for one.
 */
function listedInEnvironment<T extends { environmentId: string }>(
  ctx: RouteContext,
  name: string,
  all: T[],
  render: Render<T>,
  grammar?: FilterGrammar<T>,
): RouteResult {
  const envId = ctx.params.envId;
  const items = all.filter((x) => x.environmentId === envId);
  return listed(ctx, name, grammar ? filtered(ctx, items, grammar) : items, render, `/environments/${envId}/${name}`);
}

/** The object looked up, or PingOne's 404 when there is none. */
function orNotFound<T>(found: T | undefined): T {
  if (!found) throw notFound();
  return found;
}

/** The object of the request's environment whose id is the path parameter `param`. */
function inEnvironment<T extends { id: string; environmentId: string }>(ctx: RouteContext, all: T[], param: string): T {
  return orNotFound(all.find((x) => x.id === ctx.params[param] && x.environmentId === ctx.params.envId));
}

function findApp(ctx: RouteContext): StoredApplication {
  return inEnvironment(ctx, ctx.world.applications, "appId");
}

function findEnvironment(ctx: RouteContext, envId: string): StoredEnvironment {
  return orNotFound(ctx.world.environments.find((e) => e.id === envId));
}

function findPopulation(ctx: RouteContext): StoredPopulation {
  return inEnvironment(ctx, ctx.world.populations, "populationId");
}

function findGroup(ctx: RouteContext): StoredGroup {
  return inEnvironment(ctx, ctx.world.groups, "groupId");
}

function findUser(ctx: RouteContext): StoredUser {
  return inEnvironment(ctx, ctx.world.users, "userId");
}

function findResource(ctx: RouteContext) {
  return inEnvironment(ctx, ctx.world.resources, "resourceId");
}

function findImage(ctx: RouteContext): StoredImage {
  return inEnvironment(ctx, ctx.world.images, "imageId");
}

function findGrant(ctx: RouteContext): StoredGrant {
  const app = findApp(ctx);
  return orNotFound(ctx.world.grants.find((x) => x.id === ctx.params.grantId && x.applicationId === app.id));
}

function findAssignment(ctx: RouteContext, kind: PrincipalKind, principalId: string): StoredRoleAssignment {
  const held = (x: StoredRoleAssignment) => x.principal.kind === kind && x.principal.id === principalId;
  return orNotFound(ctx.world.roleAssignments.find((x) => x.id === ctx.params.raId && held(x)));
}

// ---------- SCIM filters ----------

const scalar = <T>(value: (item: T) => string | boolean | undefined) => ({ value });

/** Users: as PingOne's clients filter them (spec readAllUsers), `memberOfGroups[id eq "…"]` included. */
function userGrammar(world: World): FilterGrammar<StoredUser> {
  return {
    attributes: {
      id: scalar((u) => u.id),
      username: scalar((u) => u.username),
      email: scalar((u) => u.email),
      "name.given": scalar((u) => u.given),
      "name.family": scalar((u) => u.family),
      "population.id": scalar((u) => u.populationId),
      enabled: scalar((u) => u.enabled),
      memberOfGroups: {
        each: (u) =>
          world.groupMemberships
            .filter((m) => m.userId === u.id)
            .map((m) => ({ id: m.groupId, name: world.groups.find((g) => g.id === m.groupId)!.name })),
        attributes: ["id", "name"],
      },
    },
    operators: ["eq", "sw"],
    logical: ["and", "or"],
  };
}

/** Environments: "'sw', 'eq' and 'and' are supported" (spec readAllEnvironments). */
const ENVIRONMENT_GRAMMAR: FilterGrammar<StoredEnvironment> = {
  attributes: {
    id: scalar((e) => e.id),
    name: scalar((e) => e.name),
    type: scalar((e) => e.type),
    region: scalar((e) => e.region),
    "license.id": scalar((e) => e.licenseId),
  },
  operators: ["eq", "sw"],
  logical: ["and"],
};

const POPULATION_GRAMMAR: FilterGrammar<StoredPopulation> = {
  attributes: { id: scalar((p) => p.id), name: scalar((p) => p.name) },
  operators: ["eq", "sw"],
  logical: ["and", "or"],
};

const GROUP_GRAMMAR: FilterGrammar<StoredGroup> = {
  attributes: {
    id: scalar((g) => g.id),
    name: scalar((g) => g.name),
    externalId: scalar((g) => g.body.externalId as string | undefined),
    "population.id": scalar((g) => g.populationId),
  },
  operators: ["eq", "sw"],
  logical: ["and", "or"],
};

function filtered<T>(ctx: RouteContext, items: T[], grammar: FilterGrammar<T>): T[] {
  const match = compileFilter(ctx.query.get("filter"), grammar);
  return match ? items.filter(match) : items;
}

// ---------- handlers ----------

function createAssignment(ctx: RouteContext, kind: PrincipalKind, principalId: string, envId: string): RouteResult {
  const { roleId, scope } = validateAssignmentBody(ctx.world, ctx.body);
  checkNewAssignment(ctx.world, ctx.actorRoles, assignmentsOf(ctx.world, kind, principalId), roleId, scope);
  const ra: StoredRoleAssignment = {
    id: newId(ctx.world, "role-assignment"),
    environmentId: envId,
    principal: { kind, id: principalId },
    roleId,
    scope,
    createdAt: iso(ctx.now),
  };
  ctx.world.roleAssignments.push(ra);
  return { status: 201, body: renderRoleAssignment(ctx, ra) };
}

function deleteAssignment(ctx: RouteContext, ra: StoredRoleAssignment): RouteResult {
  checkDeletable(ctx.world, ctx.actorRoles, ra);
  ctx.world.roleAssignments = ctx.world.roleAssignments.filter((x) => x.id !== ra.id);
  return { status: 204 };
}

function createApplication(ctx: RouteContext): RouteResult {
  const envId = ctx.params.envId;
  const { body, assignActorRoles } = validateApplication(ctx.body, "POST");
  const id = newId(ctx.world, "application");
  const app: StoredApplication = {
    id,
    environmentId: envId,
    createdAt: iso(ctx.now),
    updatedAt: iso(ctx.now),
    body,
    secret: { secret: newSecret(ctx.world, id) },
  };
  ctx.world.applications.push(app);
  // assignActorRoles (default true): a new worker app receives copies of the creating actor's roles.
  if (assignActorRoles && body.type === "WORKER") {
    for (const held of ctx.actorRoles) {
      ctx.world.roleAssignments.push({
        id: newId(ctx.world, "role-assignment"),
        environmentId: envId,
        principal: { kind: "application", id },
        roleId: held.roleId,
        scope: { ...held.scope },
        createdAt: iso(ctx.now),
      });
    }
  }
  return { status: 201, body: renderApplication(ctx, app) };
}

function updateApplication(ctx: RouteContext): RouteResult {
  const app = findApp(ctx);
  const { body } = validateApplication(ctx.body, "PUT");
  if (body.type !== app.body.type)
    throw invalidValue(
      "type",
      `type cannot be changed from ${app.body.type} to ${shown(body.type)}; create a new application instead`,
    );
  app.body = body;
  app.updatedAt = iso(Math.max(ctx.now, Date.parse(app.updatedAt) + 1));
  return { status: 200, body: renderApplication(ctx, app) };
}

function deleteApplication(ctx: RouteContext): RouteResult {
  const app = findApp(ctx);
  const w = ctx.world;
  w.applications = w.applications.filter((a) => a.id !== app.id);
  w.grants = w.grants.filter((g) => g.applicationId !== app.id);
  w.roleAssignments = w.roleAssignments.filter(
    (ra) =>
      !(ra.principal.kind === "application" && ra.principal.id === app.id) &&
      !(ra.scope.type === "APPLICATION" && ra.scope.id === app.id),
  );
  return { status: 204 };
}

function rotateSecret(ctx: RouteContext): RouteResult {
  const app = findApp(ctx);
  checkSecretAccess(ctx.world, ctx.actorRoles, app.id);
  const { previousExpiresAt } = parseRotation(ctx.body, ctx.now);
  const old = app.secret.secret;
  app.secret = { secret: newSecret(ctx.world, app.id) };
  if (previousExpiresAt) app.secret.previous = { secret: old, expiresAt: previousExpiresAt };
  app.updatedAt = iso(Math.max(ctx.now, Date.parse(app.updatedAt) + 1));
  return { status: 200, body: renderSecret(ctx, app) };
}

function createGrant(ctx: RouteContext): RouteResult {
  const app = findApp(ctx);
  const { resourceId, scopeIds } = validateGrant(ctx.world, app.environmentId, app.id, ctx.body);
  const g: StoredGrant = {
    id: newId(ctx.world, "grant"),
    environmentId: app.environmentId,
    applicationId: app.id,
    resourceId,
    scopeIds,
    createdAt: iso(ctx.now),
    updatedAt: iso(ctx.now),
  };
  ctx.world.grants.push(g);
  return { status: 201, body: renderGrant(ctx, g) };
}

function updateGrant(ctx: RouteContext): RouteResult {
  const g = findGrant(ctx);
  const { resourceId, scopeIds } = validateGrant(ctx.world, g.environmentId, g.applicationId, ctx.body, g);
  g.resourceId = resourceId;
  g.scopeIds = scopeIds;
  g.updatedAt = iso(Math.max(ctx.now, Date.parse(g.updatedAt) + 1));
  return { status: 200, body: renderGrant(ctx, g) };
}

function createImage(ctx: RouteContext): RouteResult {
  const envId = ctx.params.envId;
  const info = describeImage(ctx.contentType, ctx.body);
  const img: StoredImage = {
    id: newId(ctx.world, "image"),
    environmentId: envId,
    format: info.format,
    width: info.width,
    height: info.height,
    createdAt: iso(ctx.now),
    dataBase64: (ctx.body as Buffer).toString("base64"),
  };
  ctx.world.images.push(img);
  return { status: 201, body: renderImage(ctx, img) };
}

/** Where each kind of principal lives: its collection and path parameter. */
const PRINCIPALS: Record<
  PrincipalKind,
  { collection: string; param: string; find: (c: RouteContext) => { id: string; environmentId: string } }
> = {
  user: { collection: "users", param: "userId", find: (c) => findUser(c) },
  application: { collection: "applications", param: "appId", find: (c) => findApp(c) },
  group: { collection: "groups", param: "groupId", find: (c) => findGroup(c) },
};

/**
 * The role-assignment routes of one kind of principal: applications, users and groups share PingOne's shapes and
 * rules (list, create, read, delete; no update).
 */
function roleAssignmentRoutes(kind: PrincipalKind): RouteSpec[] {
  const { collection, param, find: principal } = PRINCIPALS[kind];
  const base = `/v1/environments/{envId}/${collection}/{${param}}/roleAssignments`;
  return [
    {
      path: base,
      methods: {
        GET: (c) => {
          const p = principal(c);
          const held = assignmentsOf(c.world, kind, p.id);
          return listedUnder(c, p, collection, "roleAssignments", held, renderRoleAssignment);
        },
        POST: (c) => {
          const p = principal(c);
          return createAssignment(c, kind, p.id, p.environmentId);
        },
      },
    },
    {
      path: `${base}/{raId}`,
      methods: {
        GET: (c) => ({ status: 200, body: renderRoleAssignment(c, findAssignment(c, kind, principal(c).id)) }),
        DELETE: (c) => deleteAssignment(c, findAssignment(c, kind, principal(c).id)),
      },
    },
  ];
}

function touched(previous: string, now: number): string {
  return iso(Math.max(now, Date.parse(previous) + 1));
}

/** A directory object (a population, a group) replaced by a validated PUT: its name, its other fields, when. */
function replaced<T extends { name: string; body: Record<string, unknown>; updatedAt: string }>(
  ctx: RouteContext,
  object: T,
  valid: { name: string; body: Record<string, unknown> },
): T {
  object.name = valid.name;
  object.body = valid.body;
  object.updatedAt = touched(object.updatedAt, ctx.now);
  return object;
}

/** The directory: populations, groups, users' memberships and enabled flag. */
const DIRECTORY: RouteSpec[] = [
  {
    path: "/v1/environments/{envId}/populations",
    methods: {
      GET: (c) => listedInEnvironment(c, "populations", c.world.populations, renderPopulation, POPULATION_GRAMMAR),
      POST: (c) => {
        const v = validatePopulation(c.world, c.params.envId, c.body);
        const p: StoredPopulation = {
          id: newId(c.world, "population"),
          environmentId: c.params.envId,
          name: v.name,
          default: false,
          body: v.body,
          createdAt: iso(c.now),
          updatedAt: iso(c.now),
        };
        c.world.populations.push(p);
        if (v.default) makeDefault(c.world, p);
        return { status: 201, body: renderPopulation(c, p) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/populations/{populationId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderPopulation(c, findPopulation(c)) }),
      PUT: (c) => {
        const p = findPopulation(c);
        const v = validatePopulation(c.world, p.environmentId, c.body, p);
        if (v.default) makeDefault(c.world, p);
        else p.default = false;
        return { status: 200, body: renderPopulation(c, replaced(c, p, v)) };
      },
      DELETE: (c) => {
        const p = findPopulation(c);
        checkPopulationDeletable(c.world, p);
        const w = c.world;
        const groupIds = w.groups.filter((g) => g.populationId === p.id).map((g) => g.id);
        w.populations = w.populations.filter((x) => x.id !== p.id);
        w.groups = w.groups.filter((g) => !groupIds.includes(g.id));
        w.roleAssignments = w.roleAssignments.filter(
          (ra) =>
            !(ra.scope.type === "POPULATION" && ra.scope.id === p.id) &&
            !(ra.principal.kind === "group" && groupIds.includes(ra.principal.id)),
        );
        return { status: 204 };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/groups",
    methods: {
      GET: (c) => listedInEnvironment(c, "groups", c.world.groups, renderGroup, GROUP_GRAMMAR),
      POST: (c) => {
        const v = validateGroup(c.world, c.params.envId, c.body);
        const g: StoredGroup = {
          id: newId(c.world, "group"),
          environmentId: c.params.envId,
          ...(v.populationId !== undefined ? { populationId: v.populationId } : {}),
          name: v.name,
          body: v.body,
          createdAt: iso(c.now),
          updatedAt: iso(c.now),
        };
        c.world.groups.push(g);
        return { status: 201, body: renderGroup(c, g) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/groups/{groupId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderGroup(c, findGroup(c)) }),
      PUT: (c) => {
        const g = findGroup(c);
        const v = validateGroup(c.world, g.environmentId, c.body, g);
        return { status: 200, body: renderGroup(c, replaced(c, g, v)) };
      },
      DELETE: (c) => {
        const g = findGroup(c);
        const w = c.world;
        w.groups = w.groups.filter((x) => x.id !== g.id);
        w.groupMemberships = w.groupMemberships.filter((m) => m.groupId !== g.id);
        w.roleAssignments = w.roleAssignments.filter(
          (ra) => !(ra.principal.kind === "group" && ra.principal.id === g.id),
        );
        return { status: 204 };
      },
    },
  },
  ...roleAssignmentRoutes("group"),
  {
    path: "/v1/environments/{envId}/users/{userId}/memberOfGroups",
    methods: {
      GET: (c) => {
        const u = findUser(c);
        const memberships = c.world.groupMemberships.filter((m) => m.userId === u.id);
        return listedUnder(c, u, "users", "groupMemberships", memberships, renderMembership, "memberOfGroups");
      },
      POST: (c) => {
        const u = findUser(c);
        const g = validateMembership(c.world, u, c.body);
        const m: StoredGroupMembership = {
          environmentId: u.environmentId,
          userId: u.id,
          groupId: g.id,
          createdAt: iso(c.now),
        };
        c.world.groupMemberships.push(m);
        return { status: 201, body: renderMembership(c, m) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/users/{userId}/memberOfGroups/{groupId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderMembership(c, findMembership(c)) }),
      DELETE: (c) => {
        const m = findMembership(c);
        c.world.groupMemberships = c.world.groupMemberships.filter((x) => x !== m);
        return { status: 204 };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/users/{userId}/enabled",
    methods: {
      GET: (c) => ({ status: 200, body: renderUserEnabled(c, findUser(c)) }),
      PUT: (c) => {
        const u = findUser(c);
        u.enabled = validateUserEnabled(c.body);
        return { status: 200, body: renderUserEnabled(c, u) };
      },
    },
  },
];

function findMembership(ctx: RouteContext): StoredGroupMembership {
  const u = findUser(ctx);
  return orNotFound(ctx.world.groupMemberships.find((x) => x.userId === u.id && x.groupId === ctx.params.groupId));
}

function renderUserEnabled(ctx: RouteContext, u: StoredUser) {
  return {
    _links: { self: { href: api(ctx, `/environments/${u.environmentId}/users/${u.id}/enabled`) } },
    enabled: u.enabled,
  };
}

const SPECS: RouteSpec[] = [
  {
    path: "/v1/roles",
    methods: { GET: (c) => listed(c, "roles", c.world.roles, (cx, r) => renderRole(cx, r.id), "/roles") },
  },
  {
    path: "/v1/roles/{roleId}",
    methods: {
      GET: (c) => {
        if (!c.world.roles.some((r) => r.id === c.params.roleId)) throw notFound();
        return { status: 200, body: renderRole(c, c.params.roleId) };
      },
    },
  },
  {
    path: "/v1/environments",
    methods: {
      // The environments the actor's roles reach, filtered and paged.
      GET: (c) => {
        const visible = c.world.environments.filter((e) => reachesEnvironment(c.world, c.actorRoles, e.id));
        const matching = filtered(c, visible, ENVIRONMENT_GRAMMAR);
        return listed(c, "environments", matching, (cx, e) => renderEnvironment(cx, e.id), "/environments");
      },
    },
  },
  {
    path: "/v1/environments/{envId}",
    methods: { GET: (c) => ({ status: 200, body: renderEnvironment(c, c.params.envId) }) },
  },
  {
    path: "/v1/environments/{envId}/billOfMaterials",
    methods: {
      GET: (c) => ({ status: 200, body: renderBillOfMaterials(c, findEnvironment(c, c.params.envId)) }),
      PUT: (c) => {
        const env = findEnvironment(c, c.params.envId);
        const products = validateBillOfMaterials(c.body);
        env.billOfMaterials = {
          products: products.map((p) => ({ id: seededUuid(c.world.seed, `bom:${env.id}:${p.type}`), ...p })),
          createdAt: env.billOfMaterials.createdAt,
          updatedAt: touched(env.billOfMaterials.updatedAt, c.now),
        };
        return { status: 200, body: renderBillOfMaterials(c, env) };
      },
    },
  },
  ...DIRECTORY,
  {
    path: "/v1/environments/{envId}/applications",
    methods: {
      GET: (c) => listedInEnvironment(c, "applications", c.world.applications, renderApplication),
      POST: createApplication,
    },
  },
  {
    path: "/v1/environments/{envId}/applications/{appId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderApplication(c, findApp(c)) }),
      PUT: updateApplication,
      DELETE: deleteApplication,
    },
  },
  {
    path: "/v1/environments/{envId}/applications/{appId}/secret",
    methods: {
      GET: (c) => {
        const app = findApp(c);
        checkSecretAccess(c.world, c.actorRoles, app.id);
        return { status: 200, body: renderSecret(c, app) };
      },
      POST: rotateSecret,
      DELETE: (c) => {
        const app = findApp(c);
        checkSecretAccess(c.world, c.actorRoles, app.id);
        delete app.secret.previous;
        return { status: 204 };
      },
    },
  },
  ...roleAssignmentRoutes("application"),
  {
    path: "/v1/environments/{envId}/applications/{appId}/grants",
    methods: {
      GET: (c) => {
        const app = findApp(c);
        const grants = c.world.grants.filter((g) => g.applicationId === app.id);
        return listedUnder(c, app, "applications", "grants", grants, renderGrant);
      },
      POST: createGrant,
    },
  },
  {
    path: "/v1/environments/{envId}/applications/{appId}/grants/{grantId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderGrant(c, findGrant(c)) }),
      PUT: updateGrant,
      DELETE: (c) => {
        const g = findGrant(c);
        c.world.grants = c.world.grants.filter((x) => x.id !== g.id);
        return { status: 204 };
      },
    },
  },
  { path: "/v1/environments/{envId}/images", methods: { POST: createImage } },
  {
    path: "/v1/environments/{envId}/images/{imageId}",
    methods: {
      GET: (c) => ({ status: 200, body: renderImage(c, findImage(c)) }),
      DELETE: (c) => {
        const img = findImage(c);
        c.world.images = c.world.images.filter((i) => i.id !== img.id);
        return { status: 204 };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/users",
    methods: {
      GET: (c) => listedInEnvironment(c, "users", c.world.users, (cx, u) => renderUser(cx, u.id), userGrammar(c.world)),
    },
  },
  {
    path: "/v1/environments/{envId}/users/{userId}",
    methods: { GET: (c) => ({ status: 200, body: renderUser(c, findUser(c).id) }) },
  },
  ...roleAssignmentRoutes("user"),
  {
    path: "/v1/environments/{envId}/resources",
    methods: {
      GET: (c) => listedInEnvironment(c, "resources", c.world.resources, (cx, r) => renderResource(cx, r.id)),
    },
  },
  {
    path: "/v1/environments/{envId}/resources/{resourceId}",
    methods: { GET: (c) => ({ status: 200, body: renderResource(c, findResource(c).id) }) },
  },
  {
    path: "/v1/environments/{envId}/resources/{resourceId}/scopes/{scopeId}",
    methods: {
      GET: (c) => {
        const r = findResource(c);
        const scope = orNotFound(c.world.scopes.find((x) => x.id === c.params.scopeId && x.resourceId === r.id));
        return { status: 200, body: renderScope(c, scope.id) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/resources/{resourceId}/scopes",
    methods: {
      GET: (c) => {
        const r = findResource(c);
        const scopes = c.world.scopes.filter((s) => s.resourceId === r.id);
        return listedUnder(c, r, "resources", "scopes", scopes, (cx, s) => renderScope(cx, s.id));
      },
    },
  },
  ...ENVIRONMENT_CONFIG_ROUTES,
];

export const ROUTES: Route[] = SPECS.map((spec) => {
  const names: string[] = [];
  const source = spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { ...spec, pattern: new RegExp(`^${source}$`), names };
});

/** The route a path matches and its decoded parameters. */
export function matchRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
    } catch {
      return undefined; // a malformed escape is no id PingOne could hold
    }
    return { route, params };
  }
  return undefined;
}

/** Whether the actor may reach the environment a request targets (403 otherwise). */
export function checkEnvironmentAccess(ctx: RouteContext): void {
  const envId = ctx.params.envId;
  if (envId === undefined) return;
  if (!ctx.world.environments.some((e) => e.id === envId)) throw notFound();
  if (!reachesEnvironment(ctx.world, ctx.actorRoles, envId)) throw accessFailed();
}
