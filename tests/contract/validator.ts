/**
 * Validates HTTP exchanges under `/v1` against PingOne's OpenAPI description (../shared/pingone/pingone-management.yml):
 * request path, query and JSON body, response status and JSON body. Built once per process, validators compiled
 * lazily (only the operations an exchange touches).
 */
import fs from "node:fs";
import path from "node:path";
import OpenAPIBackend from "openapi-backend";
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
function isExempt(operationId: string, part: "request" | "response", status: number, error: AjvError): boolean {
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
      if (isExempt(opId, "request", exchange.status, e)) continue;
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
        if (isExempt(opId, "response", exchange.status, e)) continue;
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
      (e) => (e.keyword === "oneOf" || e.keyword === "anyOf") && remaining.some((o) => o.schemaPath.startsWith(`${e.schemaPath}/`)),
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
      list.filter((e) => e.instancePath === combinator.instancePath).length * 1000 + list.length;
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
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value));
}

function checkUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

let building: Promise<ContractValidator> | undefined;

/** The process-wide validator (the spec is parsed once, ~2–3 s). */
export function contractValidator(): Promise<ContractValidator> {
  building ??= build();
  return building;
}

async function build(): Promise<ContractValidator> {
  const file = specPath();
  if (!fs.existsSync(file)) {
    throw new Error(`PingOne OpenAPI description not found at ${file} (set PINGONE_OPENAPI_SPEC or place ../shared beside the repository)`);
  }
  // The published file holds a literal TAB inside a description (around line 1704); strict YAML refuses tabs there.
  const definition = YAML.parse(fs.readFileSync(file, "utf8").replace(/\t/g, "  ")) as Record<string, unknown>;
  const api = new OpenAPIBackend({
    definition: definition as never,
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
