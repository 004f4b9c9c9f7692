/** The PingOne Management API routes the emulator serves: path patterns → handlers over the world. */
import { ApiError, accessFailed, insufficientPermissions, invalidValue, notFound, shown } from "./errors";
import { hal } from "./hal";
import { validateApplication } from "./rules/applications";
import { validateGrant } from "./rules/grants";
import { assignmentsOf, checkNewAssignment, mayGrant, reachesEnvironment, validateAssignmentBody } from "./rules/roles";
import { checkSecretAccess, parseRotation } from "./rules/secrets";
import { describeImage } from "./rules/images";
import {
  newId,
  newSecret,
  StoredApplication,
  StoredGrant,
  StoredImage,
  StoredRoleAssignment,
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

type Handler = (ctx: RouteContext) => RouteResult;

interface RouteSpec {
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

function renderEnvironment(ctx: RouteContext, envId: string) {
  const env = ctx.world.environments.find((e) => e.id === envId)!;
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
  const base =
    ra.principal.kind === "user"
      ? `/environments/${ra.environmentId}/users/${ra.principal.id}/roleAssignments/${ra.id}`
      : `/environments/${ra.environmentId}/applications/${ra.principal.id}/roleAssignments/${ra.id}`;
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
  const href = `${ctx.origin}/__emulator/images/${img.id}.${img.format}`;
  const original: Record<string, unknown> = { id: img.id, href, type: img.format };
  if (img.width !== undefined) original.width = img.width;
  if (img.height !== undefined) original.height = img.height;
  return {
    _links: { self: { href: api(ctx, `/environments/${img.environmentId}/images/${img.id}`) } },
    id: img.id,
    environment: { id: img.environmentId },
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
    _links: { self: { href: api(ctx, `/environments/${u.environmentId}/users/${u.id}`) } },
    id: u.id,
    environment: { id: u.environmentId },
    population: { id: u.populationId },
    username: u.username,
    email: u.email,
    name: { given: u.given, family: u.family, formatted: `${u.given} ${u.family}` },
    enabled: true,
    lifecycle: { status: "ACCOUNT_OK" },
    mfaEnabled: false,
    createdAt: u.createdAt,
    updatedAt: u.createdAt,
  };
}

function renderResource(ctx: RouteContext, resourceId: string) {
  const r = ctx.world.resources.find((x) => x.id === resourceId)!;
  return {
    _links: { self: { href: api(ctx, `/environments/${r.environmentId}/resources/${r.id}`) } },
    id: r.id,
    environment: { id: r.environmentId },
    name: r.name,
    description: r.description,
    type: r.type,
    audience: r.audience,
    accessTokenValiditySeconds: 3600,
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
  };
}

function renderScope(ctx: RouteContext, scopeId: string) {
  const s = ctx.world.scopes.find((x) => x.id === scopeId)!;
  return {
    _links: { self: { href: api(ctx, `/environments/${s.environmentId}/resources/${s.resourceId}/scopes/${s.id}`) } },
    id: s.id,
    environment: { id: s.environmentId },
    resource: { id: s.resourceId },
    name: s.name,
    description: s.description,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
  };
}

function renderPopulation(ctx: RouteContext, populationId: string) {
  const p = ctx.world.populations.find((x) => x.id === populationId)!;
  return {
    _links: { self: { href: api(ctx, `/environments/${p.environmentId}/populations/${p.id}`) } },
    id: p.id,
    environment: { id: p.environmentId },
    name: p.name,
    default: true,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
  };
}

// ---------- lookups ----------

function page(ctx: RouteContext, name: string, items: unknown[], path: string) {
  return hal(name, items, { baseUrl: api(ctx, path), query: ctx.query, defaultLimit: ctx.pageSize });
}

function findApp(ctx: RouteContext): StoredApplication {
  const { envId, appId } = ctx.params;
  const app = ctx.world.applications.find((a) => a.id === appId && a.environmentId === envId);
  if (!app) throw notFound();
  return app;
}

function findUser(ctx: RouteContext) {
  const { envId, userId } = ctx.params;
  const user = ctx.world.users.find((u) => u.id === userId && u.environmentId === envId);
  if (!user) throw notFound();
  return user;
}

function findResource(ctx: RouteContext) {
  const { envId, resourceId } = ctx.params;
  const r = ctx.world.resources.find((x) => x.id === resourceId && x.environmentId === envId);
  if (!r) throw notFound();
  return r;
}

function findImage(ctx: RouteContext): StoredImage {
  const img = ctx.world.images.find((i) => i.id === ctx.params.imageId && i.environmentId === ctx.params.envId);
  if (!img) throw notFound();
  return img;
}

function findGrant(ctx: RouteContext): StoredGrant {
  const app = findApp(ctx);
  const g = ctx.world.grants.find((x) => x.id === ctx.params.grantId && x.applicationId === app.id);
  if (!g) throw notFound();
  return g;
}

function findAssignment(ctx: RouteContext, kind: "user" | "application", principalId: string): StoredRoleAssignment {
  const ra = ctx.world.roleAssignments.find(
    (x) => x.id === ctx.params.raId && x.principal.kind === kind && x.principal.id === principalId,
  );
  if (!ra) throw notFound();
  return ra;
}

// ---------- users filter (SCIM subset) ----------

const FILTER = /^\s*(username|email|id)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

function userFilter(raw: string | null): ((u: World["users"][number]) => boolean) | undefined {
  if (raw === null) return undefined;
  const m = FILTER.exec(raw);
  if (!m)
    throw new ApiError(400, "INVALID_DATA", "The request could not be completed. One or more validation errors were in the request.", [
      {
        code: "INVALID_FILTER",
        target: "filter",
        message: `Unsupported filter ${shown(raw)}; the emulator supports: username eq "…", email eq "…", id eq "…"`,
      },
    ]);
  const attr = m[1].toLowerCase();
  const value = m[2].replace(/\\(.)/g, "$1").toLowerCase();
  return (u) => (attr === "username" ? u.username : attr === "email" ? u.email : u.id).toLowerCase() === value;
}

// ---------- handlers ----------

function createAssignment(ctx: RouteContext, kind: "user" | "application", principalId: string, envId: string): RouteResult {
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
  if (!mayGrant(ctx.world, ctx.actorRoles, ra.roleId, ra.scope))
    throw insufficientPermissions("roleAssignment", "Must have role at the same or broader scope (this role assignment is read-only for the actor)");
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
    throw invalidValue("type", `type cannot be changed from ${app.body.type} to ${shown(body.type)}; create a new application instead`);
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
    (ra) => !(ra.principal.kind === "application" && ra.principal.id === app.id) && !(ra.scope.type === "APPLICATION" && ra.scope.id === app.id),
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


/**
 * The role-assignment routes of one kind of principal: applications and users share PingOne's shapes and rules
 * (list, create, read, delete; no update).
 */
function roleAssignmentRoutes(kind: "user" | "application"): RouteSpec[] {
  const collection = kind === "user" ? "users" : "applications";
  const base = `/v1/environments/{envId}/${collection}/${kind === "user" ? "{userId}" : "{appId}"}/roleAssignments`;
  const principal = (c: RouteContext): { id: string; environmentId: string } => (kind === "user" ? findUser(c) : findApp(c));
  return [
    {
      path: base,
      methods: {
        GET: (c) => {
          const p = principal(c);
          return {
            status: 200,
            body: page(
              c,
              "roleAssignments",
              assignmentsOf(c.world, kind, p.id).map((ra) => renderRoleAssignment(c, ra)),
              `/environments/${p.environmentId}/${collection}/${p.id}/roleAssignments`,
            ),
          };
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

const SPECS: RouteSpec[] = [
  { path: "/v1/roles", methods: { GET: (c) => ({ status: 200, body: page(c, "roles", c.world.roles.map((r) => renderRole(c, r.id)), "/roles") }) } },
  {
    path: "/v1/roles/{roleId}",
    methods: {
      GET: (c) => {
        if (!c.world.roles.some((r) => r.id === c.params.roleId)) throw notFound();
        return { status: 200, body: renderRole(c, c.params.roleId) };
      },
    },
  },
  { path: "/v1/environments/{envId}", methods: { GET: (c) => ({ status: 200, body: renderEnvironment(c, c.params.envId) }) } },
  {
    path: "/v1/environments/{envId}/populations",
    methods: {
      GET: (c) => ({
        status: 200,
        body: page(
          c,
          "populations",
          c.world.populations.filter((p) => p.environmentId === c.params.envId).map((p) => renderPopulation(c, p.id)),
          `/environments/${c.params.envId}/populations`,
        ),
      }),
    },
  },
  {
    path: "/v1/environments/{envId}/populations/{populationId}",
    methods: {
      GET: (c) => {
        const p = c.world.populations.find((x) => x.id === c.params.populationId && x.environmentId === c.params.envId);
        if (!p) throw notFound();
        return { status: 200, body: renderPopulation(c, p.id) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/applications",
    methods: {
      GET: (c) => ({
        status: 200,
        body: page(
          c,
          "applications",
          c.world.applications.filter((a) => a.environmentId === c.params.envId).map((a) => renderApplication(c, a)),
          `/environments/${c.params.envId}/applications`,
        ),
      }),
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
        return {
          status: 200,
          body: page(
            c,
            "grants",
            c.world.grants.filter((g) => g.applicationId === app.id).map((g) => renderGrant(c, g)),
            `/environments/${app.environmentId}/applications/${app.id}/grants`,
          ),
        };
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
      GET: (c) => {
        const match = userFilter(c.query.get("filter"));
        const users = c.world.users.filter((u) => u.environmentId === c.params.envId && (!match || match(u)));
        return { status: 200, body: page(c, "users", users.map((u) => renderUser(c, u.id)), `/environments/${c.params.envId}/users`) };
      },
    },
  },
  { path: "/v1/environments/{envId}/users/{userId}", methods: { GET: (c) => ({ status: 200, body: renderUser(c, findUser(c).id) }) } },
  ...roleAssignmentRoutes("user"),
  {
    path: "/v1/environments/{envId}/resources",
    methods: {
      GET: (c) => ({
        status: 200,
        body: page(
          c,
          "resources",
          c.world.resources.filter((r) => r.environmentId === c.params.envId).map((r) => renderResource(c, r.id)),
          `/environments/${c.params.envId}/resources`,
        ),
      }),
    },
  },
  { path: "/v1/environments/{envId}/resources/{resourceId}", methods: { GET: (c) => ({ status: 200, body: renderResource(c, findResource(c).id) }) } },
  {
    path: "/v1/environments/{envId}/resources/{resourceId}/scopes/{scopeId}",
    methods: {
      GET: (c) => {
        const r = findResource(c);
        const scope = c.world.scopes.find((x) => x.id === c.params.scopeId && x.resourceId === r.id);
        if (!scope) throw notFound();
        return { status: 200, body: renderScope(c, scope.id) };
      },
    },
  },
  {
    path: "/v1/environments/{envId}/resources/{resourceId}/scopes",
    methods: {
      GET: (c) => {
        const r = findResource(c);
        return {
          status: 200,
          body: page(
            c,
            "scopes",
            c.world.scopes.filter((s) => s.resourceId === r.id).map((s) => renderScope(c, s.id)),
            `/environments/${r.environmentId}/resources/${r.id}/scopes`,
          ),
        };
      },
    },
  },
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
