/**
 * Validates HTTP exchanges under `/v1` against PingOne's OpenAPI description (../shared/pingone/pingone-management.yml):
 * request path, query and JSON body, response status and JSON body. Built once per process, validators compiled
 * lazily (only the operations an exchange touches).
 */
import fs from "node:fs";
import path from "node:path";
import OpenAPIBackend from "openapi-backend";
import { dereference } from "openapi-backend/refparser";
import type { Operation, Request } from "openapi-backend";
import YAML from "yaml";
import type { Exchange } from "../../emulator/types";

export interface ContractViolation {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. /environments/{environmentID}/applications, or the raw path when none matched. */
  path: string;
  part: "request" | "response";
  /** The offending field, e.g. `body.redirectUris[0]`, `query.limit`, `status`. */
  field: string;
  message: string;
}

export function formatViolation(v: ContractViolation): string {
  return `${v.operationId} ${v.method} ${v.path}: ${v.part} ${v.field} ${v.message}`;
}

/** Where the spec lives: `PINGONE_OPENAPI_SPEC`, else `../shared/pingone/` beside the repository. */
export function specPath(): string {
  return process.env.PINGONE_OPENAPI_SPEC ?? path.resolve(__dirname, "../../../shared/pingone/pingone-management.yml");
}

/** Set (to anything but "" or "0") where the description must be present: `.ci/run` sets it, so validation never silently turns off there. */
export const CONTRACT_REQUIRED_ENV = "PINGONE_CONTRACT_REQUIRED";

/**
 * Whether exchanges are validated in this run: the description is present. Without it, the suites that use the
 * validated emulator still run every assertion of their own; only the validation is skipped.
 */
export function contractAvailable(): boolean {
  return fs.existsSync(specPath());
}

/** The one line a run prints when the description is missing, or the error when it is required. */
export function contractMissingMessage(): string {
  return (
    `PingOne OpenAPI description not found at ${specPath()}: the exchanges of the emulator suites are not validated ` +
    `against PingOne's contract (every other assertion runs). To validate them, set PINGONE_OPENAPI_SPEC to a copy of ` +
    `pingone-management.yml (patrickcping/pingone-go-sdk-v2, management/generate/pingone-management.yml) or place ` +
    `../shared beside the repository.`
  );
}

export function contractRequired(): boolean {
  const value = process.env[CONTRACT_REQUIRED_ENV];
  return value !== undefined && value !== "" && value !== "0";
}

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Known, deliberate departures from the spec, each as narrow as possible. The spec is PingOne's published
 * description; where it disagrees with PingOne's documented behaviour, the documented behaviour wins.
 */
function isExempt(
  operationId: string,
  method: string,
  part: "request" | "response",
  status: number,
  error: AjvError,
): boolean {
  // The spec marks `enabled` as required on applications, but Ping documents that it may be omitted on create
  // (the app is then created disabled) — see REFERENCE.md §2. Only the request side of createApplication and
  // updateApplication is relaxed; responses must still carry `enabled`.
  if (
    part === "request" &&
    (operationId === "createApplication" || operationId === "updateApplication") &&
    error.keyword === "required" &&
    error.params.missingProperty === "enabled"
  ) {
    return true;
  }
  // HAL `next` links are opaque and followed verbatim; PingOne's carry `limit` and `cursor` (REFERENCE.md §4, §6)
  // even on collections whose operation declares neither. Only those two names, only on GET.
  if (
    part === "request" &&
    method === "GET" &&
    error.keyword === "additionalProperties" &&
    error.instancePath === "/query" &&
    (error.params.additionalProperty === "limit" || error.params.additionalProperty === "cursor")
  ) {
    return true;
  }
  void status;
  return false;
}

export class ContractValidator {
  private api: OpenAPIBackend;

  constructor(api: OpenAPIBackend) {
    this.api = api;
  }

  /** Every violation in one exchange; exchanges outside `/v1` (token endpoint, emulator controls) are skipped. */
  check(exchange: Exchange): ContractViolation[] {
    if (!exchange.path.startsWith("/v1/")) return [];
    const method = exchange.method.toLowerCase();
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(exchange.query)) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(exchange.requestHeaders)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    }
    const isJsonBody = /json/i.test(headers["content-type"] ?? "") || headers["content-type"] === undefined;
    const request: Request = {
      method,
      path: exchange.path,
      query,
      headers,
      // Raw uploads (images) are bytes; only JSON bodies are checked against schemas.
      body: isJsonBody ? exchange.requestBody : undefined,
    };
    const operation = this.api.matchOperation(request) as Operation | undefined;
    if (operation === undefined || operation.operationId === undefined) {
      return [
        {
          operationId: "(none)",
          method: exchange.method,
          path: exchange.path,
          part: "request",
          field: "path",
          message: "matches no operation in the spec",
        },
      ];
    }
    const opId = operation.operationId;
    const where = { operationId: opId, method: exchange.method, path: operation.path };
    const violations: ContractViolation[] = [];

    // Request: path parameters, query, JSON body.
    const req = this.api.validateRequest(request, operation);
    for (const e of focus((req.errors ?? []) as AjvError[])) {
      if (isExempt(opId, exchange.method, "request", exchange.status, e)) continue;
      violations.push({ ...where, part: "request", field: fieldName(e, "request"), message: describeError(e) });
    }
    if (isJsonBody && exchange.requestBody !== undefined && operation.requestBody === undefined && method !== "get") {
      violations.push({ ...where, part: "request", field: "body", message: "sent, but the operation takes no body" });
    }

    // Response: status known to the spec, JSON body against its schema.
    const responses = (operation.responses ?? {}) as Record<string, unknown>;
    const status = String(exchange.status);
    const statusKnown =
      status in responses || `${status[0]}XX` in responses || `${status[0]}xx` in responses || "default" in responses;
    if (exchange.status === 0) return violations; // dropped connection: no response to check
    // An injected status fault stands for a gateway or rate limiter in front of PingOne (502/503/504 are not in
    // the operation's list): the client must cope with it, the contract does not describe it.
    if ((exchange as { fault?: string }).fault === "status") return violations;
    if (!statusKnown) {
      violations.push({
        ...where,
        part: "response",
        field: "status",
        message: `${exchange.status} is not among the documented statuses (${Object.keys(responses).join(", ")})`,
      });
      return violations;
    }
    const body = exchange.responseBody;
    if (body !== undefined && !Buffer.isBuffer(body)) {
      const res = this.api.validateResponse(body, operation, exchange.status);
      for (const e of focus((res.errors ?? []) as AjvError[])) {
        if (isExempt(opId, exchange.method, "response", exchange.status, e)) continue;
        violations.push({ ...where, part: "response", field: fieldName(e, "response"), message: describeError(e) });
      }
    }
    return violations;
  }
}

/**
 * Ajv reports every branch of a failed `oneOf`/`anyOf` (e.g. SAML, OIDC, WS-Fed, external-link applications).
 * Keep the branch that came closest so the violation names the real field, plus anything outside
 * those branches.
 */
function focus(errors: AjvError[]): AjvError[] {
  let remaining = errors;
  for (;;) {
    const combinator = remaining.find(
      (e) =>
        (e.keyword === "oneOf" || e.keyword === "anyOf") &&
        remaining.some((o) => o.schemaPath.startsWith(`${e.schemaPath}/`)),
    );
    if (combinator === undefined) return dedupe(remaining);
    const prefix = `${combinator.schemaPath}/`;
    const branches: Record<string, AjvError[]> = {};
    for (const e of remaining) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split("/")[0];
      (branches[branch] ??= []).push(e);
    }
    // A branch failing at the object's own level (a missing required property) is the wrong kind of object; one
    // failing only deeper down (a bad field value) is the intended kind with a mistake in it.
    const score = (list: AjvError[]): number =>
      list.filter((e) => e.instancePath === combinator.instancePath || e.keyword === "const" || e.keyword === "not")
        .length *
        1000 +
      list.length;
    const best = Object.values(branches).sort((a, b) => score(a) - score(b))[0] ?? [];
    remaining = remaining.filter((e) => e !== combinator && !e.schemaPath.startsWith(prefix)).concat(best);
  }
}

function dedupe(errors: AjvError[]): AjvError[] {
  const seen: string[] = [];
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.includes(key)) return false;
    seen.push(key);
    return true;
  });
}

/** `/requestBody/redirectUris/0` → `body.redirectUris[0]`; a missing property is named too. */
function fieldName(e: AjvError, part: "request" | "response"): string {
  const segments = e.instancePath.split("/").filter((s) => s !== "");
  let root = part === "response" ? "body" : "request";
  if (part === "request" && segments.length > 0) {
    const head = segments.shift() as string;
    root = head === "requestBody" ? "body" : head === "params" ? "path" : head;
  }
  let out = root;
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, "/").replace(/~0/g, "~")}`;
  if (e.keyword === "required" && typeof e.params.missingProperty === "string") out += `.${e.params.missingProperty}`;
  if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") {
    out += `.${e.params.additionalProperty}`;
  }
  return out;
}

function describeError(e: AjvError): string {
  if (e.keyword === "enum" && Array.isArray(e.params.allowedValues)) {
    return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (e.keyword === "required") return "is required";
  return e.message ?? e.keyword;
}

function checkDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value))
  );
}

function checkUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

interface SchemaObject {
  $ref?: string;
  properties?: Record<string, SchemaObject>;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  [key: string]: unknown;
}
interface SpecDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: SchemaObject }> }> }>
  >;
  components: { schemas: Record<string, SchemaObject> };
}

/**
 * Collections whose `EntityArray` member is a `oneOf` of several object kinds that overlap (every built-in role also
 * matches the loose `CustomAdminRole`; a resource also matches `ResourceApplicationResource`), so `oneOf` fails for
 * valid data. The path says which kind it returns; that kind is used.
 */
const PINNED_ITEMS: Record<string, string> = {
  "/roles": "Role",
  "/environments/{environmentID}/resources": "Resource",
};

/**
 * Collections whose `_embedded` member is not named after the path's last segment: a user's group memberships
 * (`…/memberOfGroups`) are `_embedded.groupMemberships`.
 */
const EMBEDDED_NAMES: Record<string, string> = {
  "/environments/{environmentID}/users/{userID}/memberOfGroups": "groupMemberships",
};

/**
 * Every collection endpoint answers with the shared `EntityArray` schema, whose `_embedded` lists every collection
 * PingOne has (hundreds of schemas, seconds to compile each time). Each list operation is pointed at a copy that
 * keeps only the collection its path returns (`/roles` → `_embedded.roles`). No check is lost: the other
 * `_embedded` members are optional and extra members were never forbidden.
 */
function narrowCollections(doc: SpecDocument): void {
  const schemas = doc.components.schemas;
  const entity = schemas.EntityArray;
  const embedded = entity?.properties?._embedded;
  if (embedded?.properties === undefined) return;
  for (const [template, item] of Object.entries(doc.paths)) {
    const last =
      EMBEDDED_NAMES[template] ??
      template
        .split("/")
        .filter((s) => s !== "")
        .pop();
    if (last === undefined || last.startsWith("{") || embedded.properties[last] === undefined) continue;
    const schema = item.get?.responses?.["200"]?.content?.["application/json"]?.schema;
    if (schema?.$ref !== "#/components/schemas/EntityArray") continue;
    const name = `EntityArray_${template.replace(/[^A-Za-z0-9]+/g, "_")}`;
    const pinned = PINNED_ITEMS[template];
    const member: SchemaObject =
      pinned === undefined
        ? embedded.properties[last]
        : { type: "array", items: { $ref: `#/components/schemas/${pinned}` } };
    schemas[name] = {
      ...entity,
      properties: { ...entity.properties, _embedded: { ...embedded, properties: { [last]: member } } },
    };
    schema.$ref = `#/components/schemas/${name}`;
  }
}

/**
 * Corrections to the published description, each one narrow and explained.
 * - `Environment.region` is `oneOf: [EnumRegionCode, {type: string}]`: every region code is also a string, so a
 *   valid region matches both branches and `oneOf` (exactly one) can never pass for it. The evident intent is
 *   "a region code or another string", i.e. `anyOf`.
 * - Applications are `oneOf` SAML, OIDC, WS-Fed, external link, portal, self-service, admin console, with no
 *   discriminator; the admin-console schema requires nothing, so every OIDC application matches two branches and
 *   `oneOf` fails for all of them. Each branch gets the guard PingOne's own data implies — `protocol` for SAML,
 *   WS_FED, EXTERNAL_LINK and OPENID_CONNECT, and `type` for the three built-in PingOne apps (which are OIDC too) —
 *   so exactly one branch applies and its errors are the ones reported.
 */
function correctSpec(doc: SpecDocument): void {
  const region = doc.components.schemas.Environment?.properties?.region;
  if (region?.oneOf !== undefined) {
    region.anyOf = region.oneOf;
    delete region.oneOf;
  }
  visitSchemas(doc, (schema) => {
    const branches = schema.oneOf;
    if (branches === undefined || branches.length === 0) return;
    const names = branches.map((b) => (typeof b.$ref === "string" ? b.$ref.replace("#/components/schemas/", "") : ""));
    if (!names.every((n) => applicationGuard(n) !== undefined)) return;
    schema.oneOf = branches.map((b, i) => ({ allOf: [b, applicationGuard(names[i]) as SchemaObject] }));
  });
}

const BUILT_IN_APP_TYPES = ["PING_ONE_PORTAL", "PING_ONE_SELF_SERVICE", "PING_ONE_ADMIN_CONSOLE"];

function applicationGuard(schemaName: string): SchemaObject | undefined {
  const protocol = (p: string): SchemaObject => ({ required: ["protocol"], properties: { protocol: { const: p } } });
  const type = (t: string): SchemaObject => ({ required: ["type"], properties: { type: { const: t } } });
  switch (schemaName) {
    case "ApplicationSAML":
      return protocol("SAML");
    case "ApplicationWSFED":
      return protocol("WS_FED");
    case "ApplicationExternalLink":
      return protocol("EXTERNAL_LINK");
    case "ApplicationOIDC":
      return {
        ...protocol("OPENID_CONNECT"),
        not: { required: ["type"], properties: { type: { enum: BUILT_IN_APP_TYPES } } },
      };
    case "ApplicationPingOnePortal":
      return type("PING_ONE_PORTAL");
    case "ApplicationPingOneSelfService":
      return type("PING_ONE_SELF_SERVICE");
    case "ApplicationPingOneAdminConsole":
      return type("PING_ONE_ADMIN_CONSOLE");
    default:
      return undefined;
  }
}

/** Calls `visit` on every request, response and component schema object (before dereferencing). */
function visitSchemas(doc: SpecDocument, visit: (schema: SchemaObject) => void): void {
  const seen = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (!Array.isArray(node)) visit(node as SchemaObject);
    for (const child of Object.values(node as Record<string, unknown>)) walk(child);
  };
  walk(doc.paths);
  walk(doc.components.schemas);
}

let building: Promise<ContractValidator> | undefined;

/** The process-wide validator (the spec is parsed once, ~2–3 s). */
export function contractValidator(): Promise<ContractValidator> {
  building ??= build();
  return building;
}

async function build(): Promise<ContractValidator> {
  const file = specPath();
  if (!fs.existsSync(file)) throw new Error(contractMissingMessage());
  // The published file holds a literal TAB inside a description (around line 1704); strict YAML refuses tabs there.
  const definition = YAML.parse(fs.readFileSync(file, "utf8").replace(/\t/g, "  ")) as SpecDocument;
  narrowCollections(definition);
  correctSpec(definition);
  // Full dereference (circular references become shared objects, which openapi-backend turns back into local
  // $refs when it compiles); the quick, synchronous dereferencer leaves some cyclic $refs Ajv cannot resolve.
  const dereferenced = (await dereference(definition as never)) as unknown;
  const api = new OpenAPIBackend({
    definition: dereferenced as never,
    apiRoot: "/v1",
    quick: true,
    validate: true,
    ajvOpts: { strict: false, logger: false } as never,
    customizeAjv: (ajv) => {
      ajv.addFormat("date-time", { type: "string", validate: checkDateTime });
      ajv.addFormat("date", { type: "string", validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) });
      ajv.addFormat("uri", { type: "string", validate: checkUri });
      ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
      for (const name of ["binary", "byte", "password", "float", "int32", "int64"]) ajv.addFormat(name, true);
      return ajv;
    },
  });
  await api.init();
  return new ContractValidator(api);
}
