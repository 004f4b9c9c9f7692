/**
 * The directory: populations, groups, users' group memberships and their enabled flag, and environments' bills of
 * materials — body validation and PingOne's uniqueness and deletion rules.
 */
import { ApiError, ErrorDetail, invalidData, invalidValue, MESSAGES, shown } from "../errors";
import type { StoredGroup, StoredPopulation, World } from "../state";

type Body = Record<string, unknown>;

const absent = (v: unknown) => v === undefined || v === null;

function asObject(raw: unknown, what: string): Body {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw invalidValue("body", `The request body must be a JSON object describing ${what}; got ${shown(raw)}`);
  return raw as Body;
}

function uniqueness(target: string, message: string): ApiError {
  return new ApiError(400, "INVALID_DATA", MESSAGES.INVALID_DATA, [{ code: "UNIQUENESS_VIOLATION", target, message }]);
}

function constraint(target: string, message: string): ApiError {
  return new ApiError(400, "INVALID_DATA", MESSAGES.INVALID_DATA, [{ code: "CONSTRAINT_VIOLATION", target, message }]);
}

/** Checks the optional fields of a body: each `kind` is the spec's JSON type. */
function optional(
  body: Body,
  fields: Record<string, "string" | "boolean" | "string[]" | "object" | "idRef">,
  details: ErrorDetail[],
): Body {
  const out: Body = {};
  for (const [field, kind] of Object.entries(fields)) {
    const v = body[field];
    if (absent(v)) continue;
    const ok =
      kind === "string[]"
        ? Array.isArray(v) && v.every((x) => typeof x === "string")
        : kind === "object"
          ? typeof v === "object" && !Array.isArray(v)
          : kind === "idRef"
            ? typeof v === "object" && !Array.isArray(v) && typeof (v as Body).id === "string" && (v as Body).id !== ""
            : typeof v === kind;
    const expected = {
      "string[]": "an array of strings",
      object: "an object",
      idRef: "an object with a non-empty id",
      string: "a string",
      boolean: "true or false",
    }[kind];
    if (!ok)
      details.push({ code: "INVALID_VALUE", target: field, message: `${field} must be ${expected}; got ${shown(v)}` });
    else
      out[field] =
        kind === "idRef"
          ? { id: (v as Body).id }
          : kind === "string[]"
            ? [...(v as string[])]
            : kind === "object"
              ? { ...(v as Body) }
              : v;
  }
  return out;
}

function requiredName(body: Body, details: ErrorDetail[]): string | undefined {
  if (absent(body.name) || body.name === "") {
    details.push({ code: "INVALID_VALUE", target: "name", message: "name is required" });
    return undefined;
  }
  if (typeof body.name !== "string" || body.name.trim() === "") {
    details.push({
      code: "INVALID_VALUE",
      target: "name",
      message: `name must be a non-empty string; got ${shown(body.name)}`,
    });
    return undefined;
  }
  return body.name;
}

// ---------- populations ----------

export interface ValidatedPopulation {
  name: string;
  default: boolean;
  body: Body;
}

/**
 * A population body (POST or PUT, a full replacement): `name` required and unique within the environment (spec
 * Population.name); `default` a boolean (omitted = false).
 */
export function validatePopulation(
  world: World,
  envId: string,
  raw: unknown,
  replacing?: StoredPopulation,
): ValidatedPopulation {
  const body = asObject(raw, "a population");
  const details: ErrorDetail[] = [];
  const name = requiredName(body, details);
  const rest = optional(
    body,
    {
      description: "string",
      alternativeIdentifiers: "string[]",
      preferredLanguage: "string",
      passwordPolicy: "idRef",
      theme: "idRef",
    },
    details,
  );
  if (!absent(body.default) && typeof body.default !== "boolean")
    details.push({
      code: "INVALID_VALUE",
      target: "default",
      message: `default must be true or false; got ${shown(body.default)}`,
    });
  if (details.length > 0) throw invalidData(details);
  const clash = world.populations.find(
    (p) => p.environmentId === envId && p.id !== replacing?.id && p.name.toLowerCase() === name!.toLowerCase(),
  );
  if (clash)
    throw uniqueness("name", `A population named ${shown(name)} already exists in this environment (${clash.id})`);
  return { name: name!, default: body.default === true, body: rest };
}

/** Makes `population` its environment's only default (PingOne switches the default rather than refusing). */
export function makeDefault(world: World, population: StoredPopulation): void {
  for (const p of world.populations)
    if (p.environmentId === population.environmentId) p.default = p.id === population.id;
}

/** "A population can only be deleted if it does not have any associated users and it is not the default population." */
export function checkPopulationDeletable(world: World, population: StoredPopulation): void {
  if (population.default)
    throw constraint(
      "population",
      `Population ${population.id} is the environment's default population and cannot be deleted; make another population the default first`,
    );
  const users = world.users.filter((u) => u.populationId === population.id).length;
  if (users > 0)
    throw constraint(
      "population",
      `Population ${population.id} has ${users} user(s) and cannot be deleted; move or delete them first`,
    );
}

// ---------- groups ----------

export interface ValidatedGroup {
  name: string;
  populationId?: string;
  body: Body;
}

/**
 * A group body (POST or PUT, a full replacement). `name` is required; an environment group's name is unique among
 * the environment's groups, a population group's within its population, and "population groups cannot share a
 * group name with an environment group" (spec Group.name). The population cannot change on PUT.
 */
export function validateGroup(world: World, envId: string, raw: unknown, replacing?: StoredGroup): ValidatedGroup {
  const body = asObject(raw, "a group");
  const details: ErrorDetail[] = [];
  const name = requiredName(body, details);
  const rest = optional(
    body,
    { description: "string", userFilter: "string", externalId: "string", customData: "object" },
    details,
  );
  let populationId: string | undefined;
  if (!absent(body.population)) {
    const pop = body.population as Body;
    if (typeof pop !== "object" || Array.isArray(pop) || typeof pop.id !== "string" || pop.id === "")
      details.push({
        code: "INVALID_VALUE",
        target: "population.id",
        message: `population must be an object with a population id; got ${shown(body.population)}`,
      });
    else populationId = pop.id;
  }
  if (details.length > 0) throw invalidData(details);
  if (populationId !== undefined && !world.populations.some((p) => p.id === populationId && p.environmentId === envId))
    throw invalidValue("population.id", `No population with id ${shown(populationId)} exists in this environment`);
  if (replacing && replacing.populationId !== populationId)
    throw invalidValue(
      "population.id",
      `A group's population cannot be changed (group ${replacing.id} is in ${replacing.populationId ? `population ${replacing.populationId}` : "no population"})`,
    );
  const same = (g: StoredGroup) =>
    g.environmentId === envId && g.id !== replacing?.id && g.name.toLowerCase() === name!.toLowerCase();
  const clash = world.groups.find(
    (g) => same(g) && (g.populationId === populationId || g.populationId === undefined || populationId === undefined),
  );
  if (clash)
    throw uniqueness(
      "name",
      clash.populationId === populationId
        ? `A group named ${shown(name)} already exists ${populationId ? "in this population" : "in this environment"} (${clash.id})`
        : `Population groups cannot share a group name with an environment group: ${shown(name)} is taken by group ${clash.id}`,
    );
  return { name: name!, populationId, body: rest };
}

// ---------- group memberships ----------

/**
 * Adds a user to a group (body `{id}`): the group must exist in the user's environment; a population group takes
 * only users of its population; a user belongs to a group once. "The same user cannot belong to multiple groups
 * with the same group name" (spec Group.name) then holds by the naming rules of `validateGroup`: a user reaches only
 * the environment's groups and its own population's, whose names never clash.
 */
export function validateMembership(world: World, user: World["users"][number], raw: unknown): StoredGroup {
  const body = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Body;
  if (typeof body.id !== "string" || body.id === "")
    throw invalidValue("id", `id (the group's id) is required; got ${shown(body.id)}`);
  const group = world.groups.find((g) => g.id === body.id && g.environmentId === user.environmentId);
  if (!group) throw invalidValue("id", `No group with id ${shown(body.id)} exists in this environment`);
  if (group.populationId !== undefined && group.populationId !== user.populationId)
    throw invalidValue(
      "id",
      `Group ${group.id} belongs to population ${group.populationId}; user ${user.id} is in population ${user.populationId}`,
    );
  if (world.groupMemberships.some((m) => m.userId === user.id && m.groupId === group.id))
    throw uniqueness("id", `User ${user.id} is already a member of group ${group.id}`);
  return group;
}

// ---------- users ----------

/** PUT /users/{userId}/enabled: `{enabled: boolean}`, required. */
export function validateUserEnabled(raw: unknown): boolean {
  const body = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Body;
  if (typeof body.enabled !== "boolean")
    throw invalidValue("enabled", `enabled is required and must be true or false; got ${shown(body.enabled)}`);
  return body.enabled;
}

// ---------- bill of materials ----------

/**
 * The spec's EnumProductType, each with the description PingOne reads back (read-only). PING_DIRECTORY,
 * PING_ONE_MFA and PING_ONE_PROVISIONING are worded as in the spec's example (spec:L12753-12760); the others are Ping's
 * product names.
 */
export const PRODUCTS: Record<string, string> = {
  PING_ONE_MFA: "PingOne MFA",
  PING_ONE_DAVINCI: "PingOne DaVinci",
  PING_ONE_ORCHESTRATE: "PingOne Orchestrate",
  PING_ONE_RISK: "PingOne Risk",
  PING_ONE_FRAUD: "PingOne Fraud",
  PING_ONE_PROVISIONING: "PingOne Provisioning",
  PING_DATA_SYNC: "PingDataSync",
  PING_DATA_GOVERNANCE: "PingDataGovernance",
  PING_ONE_FOR_ENTERPRISE: "PingOne for Enterprise",
  PING_ID_SDK: "PingID SDK",
  PING_ONE_FOR_SAAS: "PingOne for SaaS",
  PING_ONE_VERIFY: "PingOne Verify",
  PING_ONE_CREDENTIALS: "PingOne Credentials",
  PING_ONE_AUTHORIZE: "PingOne Authorize",
  PING_ONE_BASE: "PingOne Base",
  PING_FEDERATE: "PingFederate",
  PING_ACCESS: "PingAccess",
  PING_DIRECTORY: "PingOne Directory",
  PING_AUTHORIZE: "PingAuthorize",
  PING_ID: "PingID",
  PING_ONE_ID: "PingOne ID",
  PING_INTELLIGENCE: "PingIntelligence",
  PING_CENTRAL: "PingCentral",
};
export const PRODUCT_TYPES = Object.keys(PRODUCTS);

/** A product's description as PingOne reads it back. */
export function productDescription(type: string): string {
  return PRODUCTS[type];
}

export interface ProductInput {
  type: string;
  console?: { href: string };
  tags?: string[];
  bookmarks?: { name: string; href: string }[];
}

/**
 * A bill of materials body (PUT): `products` required, each with a `type` of the spec's EnumProductType (once
 * each), an optional `console.href`, `tags` (DAVINCI_MINIMAL) and at most five bookmarks with unique names of at
 * most 50 characters (spec BillOfMaterials).
 */
export function validateBillOfMaterials(raw: unknown): ProductInput[] {
  const body = asObject(raw, "a bill of materials");
  const details: ErrorDetail[] = [];
  if (!Array.isArray(body.products)) {
    throw invalidValue(
      "products",
      `products is required and must be an array of products; got ${shown(body.products)}`,
    );
  }
  const out: ProductInput[] = [];
  const seen = new Set<string>();
  body.products.forEach((p: unknown, i: number) => {
    const t = `products[${i}]`;
    const product = (p && typeof p === "object" && !Array.isArray(p) ? p : undefined) as Body | undefined;
    if (!product)
      return void details.push({
        code: "INVALID_VALUE",
        target: t,
        message: `${t} must be an object; got ${shown(p)}`,
      });
    if (typeof product.type !== "string" || !PRODUCT_TYPES.includes(product.type))
      return void details.push({
        code: "INVALID_VALUE",
        target: `${t}.type`,
        message: `${t}.type must be one of ${PRODUCT_TYPES.join(", ")}; got ${shown(product.type)}`,
        innerError: { allowedValues: PRODUCT_TYPES },
      });
    if (seen.has(product.type))
      return void details.push({
        code: "UNIQUENESS_VIOLATION",
        target: `${t}.type`,
        message: `${t}.type ${product.type} is listed twice`,
      });
    seen.add(product.type);
    const item: ProductInput = { type: product.type };
    if (!absent(product.console)) {
      const c = product.console as Body;
      if (typeof c !== "object" || typeof c.href !== "string" || c.href === "")
        details.push({
          code: "INVALID_VALUE",
          target: `${t}.console.href`,
          message: `${t}.console must be an object with an href; got ${shown(product.console)}`,
        });
      else item.console = { href: c.href };
    }
    if (!absent(product.tags)) {
      if (!Array.isArray(product.tags) || product.tags.some((x) => x !== "DAVINCI_MINIMAL"))
        details.push({
          code: "INVALID_VALUE",
          target: `${t}.tags`,
          message: `${t}.tags must contain only DAVINCI_MINIMAL; got ${shown(product.tags)}`,
          innerError: { allowedValues: ["DAVINCI_MINIMAL"] },
        });
      else item.tags = [...(product.tags as string[])];
    }
    if (!absent(product.bookmarks)) {
      const marks = product.bookmarks as Body[];
      const names = Array.isArray(marks) ? marks.map((b) => (b && typeof b === "object" ? b.name : undefined)) : [];
      const valid =
        Array.isArray(marks) &&
        marks.every(
          (b) =>
            b &&
            typeof b === "object" &&
            typeof b.name === "string" &&
            b.name !== "" &&
            b.name.length <= 50 &&
            typeof b.href === "string" &&
            b.href !== "",
        );
      if (!valid || marks.length > 5 || new Set(names).size !== names.length)
        details.push({
          code: "INVALID_VALUE",
          target: `${t}.bookmarks`,
          message: `${t}.bookmarks must be at most 5 {name, href} with unique names of at most 50 characters; got ${shown(product.bookmarks)}`,
        });
      else item.bookmarks = marks.map((b) => ({ name: b.name as string, href: b.href as string }));
    }
    out.push(item);
  });
  if (details.length > 0) throw invalidData(details);
  return out;
}
