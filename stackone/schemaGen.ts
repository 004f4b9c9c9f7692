/**
 * Writes the `stackone` package's schema (stackone/schema.json) from the component's own TypeScript: every argument
 * of `StackOneWorkerAppArgs` and every `Output` of `StackOneWorkerApp`, with their names, optionality and doc
 * comments as written in components/stackoneWorkerApp.ts; the allowed values of each enum and the defaults from the
 * constants the component applies (components/workerAppPlan.ts); the secret outputs from the constructor's
 * `this.<output> = secret(...)`. So an argument, its doc, its default and its allowed values are written once, in
 * the component; `npm run schema:stackone` rewrites the schema and `stackone/schema.test.ts` fails while the
 * committed file differs from what this produces.
 *
 * It reads the source's syntax only (no type-checker): an argument or output of a type it does not know fails the
 * generation, naming it, rather than being guessed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import {
  ADMIN_ROLE_NAMES,
  DEFAULT_ADMIN_ROLE,
  DEFAULT_APP_NAME,
  DEFAULT_ENABLED,
  DEFAULT_PKCE_ENFORCEMENT,
  DEFAULT_REFRESH_TOKEN_DURATION_DAYS,
  DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS,
  DEFAULT_REGION_CODE,
  GROUP_POLICIES,
  PKCE_ENFORCEMENTS,
  REGION_CODES,
  STACKONE_REDIRECT_URI,
} from "../components/workerAppPlan";
import { COMPONENT_TYPE, PACKAGE_NAME, typeToken } from "../components/tokens";

/** The project's root: the nearest folder up holding package.json (this module runs from the sources and from dist/). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}
const ROOT = projectRoot();
export const COMPONENT_SOURCE = path.join(ROOT, "components", "stackoneWorkerApp.ts");
export const SCHEMA_FILE = path.join(ROOT, "stackone", "schema.json");

/**
 * The defaults the component applies to an omitted argument, as the schema declares them (the SDKs fill them in).
 * Only scalar defaults: a schema default must be a boolean, number or string, so `scopes`' default list is in its
 * doc only, and `groupPolicy`'s (ANY_GROUP) too, because the component refuses a policy given without groups.
 * `stackone/schema.test.ts` checks that each one is what the component does when the argument is omitted.
 */
export const SCHEMA_DEFAULTS: Readonly<Record<string, string | number | boolean>> = {
  appName: DEFAULT_APP_NAME,
  enabled: DEFAULT_ENABLED,
  redirectUri: STACKONE_REDIRECT_URI,
  pkceEnforcement: DEFAULT_PKCE_ENFORCEMENT,
  refreshTokenDurationDays: DEFAULT_REFRESH_TOKEN_DURATION_DAYS,
  refreshTokenRollingDurationDays: DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS,
  adminRole: DEFAULT_ADMIN_ROLE,
  regionCode: DEFAULT_REGION_CODE,
  protect: false,
};

/** The enums of the component's arguments and outputs: their allowed values are the component's constants. */
const ENUMS: Readonly<Record<string, { description: string; values: readonly string[] }>> = {
  PkceEnforcement: {
    description: "PKCE enforcement of the application's authorization code flow.",
    values: PKCE_ENFORCEMENTS,
  },
  GroupMembershipPolicyType: {
    description: "With `groups`: whether a user must be a member of any (ANY_GROUP) or all (ALL_GROUPS) of them.",
    values: GROUP_POLICIES,
  },
  AdminRole: {
    description:
      "The admin role of the user who signs in during the StackOne connection: Environment Admin or Identity Data Admin " +
      "at environment scope, Organization Admin at organization scope.",
    values: ADMIN_ROLE_NAMES,
  },
  RegionCode: { description: "A PingOne region.", values: REGION_CODES },
};

/** Object types of arguments and outputs: interfaces of the component's module, by their TypeScript name → schema name. */
const OBJECTS: Readonly<Record<string, string>> = {
  SecretRotationArgs: "SecretRotation",
  StackOneConnection: "StackOneConnection",
};

/** Output types that are plain strings to every other language (TypeScript narrows them further). */
const STRING_ALIASES = new Set(["RoleName", 'GroupRoleAssignmentOutputs["assignedScopeType"]']);

type PropertySpec = Record<string, unknown>;
interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** The type's text without `pulumi.Input<…>` / `pulumi.Output<…>` around it. */
function unwrap(text: string): string {
  let t = text.trim();
  for (;;) {
    const m = /^pulumi\.(?:Input|Output)<([\s\S]*)>$/.exec(t);
    if (m === null) return t;
    t = m[1].trim();
  }
}

function docOf(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
    .join("\n")
    .trim();
  // One paragraph per doc: the source wraps lines at its own width.
  return text.replace(/\s*\n\s*/g, " ");
}

export interface SchemaSource {
  args: ts.InterfaceDeclaration;
  component: ts.ClassDeclaration;
  interfaces: Map<string, ts.InterfaceDeclaration>;
}

function readSource(file = COMPONENT_SOURCE): SchemaSource {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  let component: ts.ClassDeclaration | undefined;
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isClassDeclaration(statement) && statement.name?.text === "StackOneWorkerApp") component = statement;
  }
  const args = interfaces.get("StackOneWorkerAppArgs");
  if (args === undefined || component === undefined)
    throw new Error(`${file} declares no StackOneWorkerAppArgs or StackOneWorkerApp`);
  return { args, component, interfaces };
}

/**
 * One enum value of the schema. A SCREAMING_SNAKE value gets its name spelled out (ALL_GROUPS: AllGroups), else the
 * SDK generators split it at each capital (Go `GroupMembershipPolicyType_AL_L_GROUPS`, Python `AL_L_GROUPS`).
 */
function enumValue(value: string): { name?: string; value: string } {
  if (!/^[A-Z0-9]+(_[A-Z0-9]+)+$/.test(value)) return { value };
  const name = value
    .split("_")
    .map((w) => w[0] + w.slice(1).toLowerCase())
    .join("");
  return { name, value };
}

/** The schema of `typeText` (a property of `owner`), registering object and enum types in `types`. */
function typeSpec(typeText: string, owner: string, src: SchemaSource, types: Record<string, unknown>): PropertySpec {
  const t = unwrap(typeText);
  if (t === "string" || STRING_ALIASES.has(t)) return { type: "string" };
  if (t === "boolean") return { type: "boolean" };
  // Every number of the component is a whole number (days, seconds): PingOne refuses fractions.
  if (t === "number") return { type: "integer" };
  const array = /^(.*)\[\]$/.exec(t);
  if (array !== null) return { type: "array", items: typeSpec(array[1], owner, src, types) };
  if (t in ENUMS) {
    const token = typeToken(t);
    types[token] = { type: "string", description: ENUMS[t].description, enum: ENUMS[t].values.map(enumValue) };
    return { $ref: `#/types/${token}` };
  }
  if (t in OBJECTS) {
    const token = typeToken(OBJECTS[t]);
    const decl = src.interfaces.get(t);
    if (decl === undefined) throw new Error(`${owner}: the interface ${t} is not declared in ${COMPONENT_SOURCE}`);
    const object = members(decl.members, `${t}`, src, types);
    types[token] = {
      type: "object",
      description: docOf(decl),
      properties: object.properties,
      required: object.required,
    };
    return { $ref: `#/types/${token}` };
  }
  throw new Error(
    `${owner}: the schema generator does not know the type ${JSON.stringify(t)}; add it to stackone/schemaGen.ts`,
  );
}

function members(
  list: ts.NodeArray<ts.TypeElement>,
  owner: string,
  src: SchemaSource,
  types: Record<string, unknown>,
): ObjectSpec {
  const properties: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const m of list) {
    if (!ts.isPropertySignature(m) || m.type === undefined) continue;
    const name = m.name.getText();
    properties[name] = { ...typeSpec(m.type.getText(), `${owner}.${name}`, src, types), description: docOf(m) };
    if (m.questionToken === undefined) required.push(name);
  }
  return { properties, required };
}

/** The names the constructor assigns `secret(...)` to: the component's secret outputs. */
function secretOutputs(component: ts.ClassDeclaration): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      ts.isCallExpression(node.right) &&
      ts.isIdentifier(node.right.expression) &&
      node.right.expression.text === "secret"
    ) {
      found.add(node.left.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(component);
  return found;
}

/** The package's schema, as components/stackoneWorkerApp.ts declares the component. */
export function generateSchema(file = COMPONENT_SOURCE): Record<string, unknown> {
  const src = readSource(file);
  const types: Record<string, unknown> = {};

  const inputs = members(src.args.members, "StackOneWorkerAppArgs", src, types);
  for (const [name, value] of Object.entries(SCHEMA_DEFAULTS)) {
    const property = inputs.properties[name];
    if (property === undefined)
      throw new Error(`SCHEMA_DEFAULTS names ${name}, which is no argument of StackOneWorkerAppArgs`);
    property.default = value;
  }

  const secrets = secretOutputs(src.component);
  const properties: Record<string, PropertySpec> = {};
  for (const m of src.component.members) {
    if (!ts.isPropertyDeclaration(m) || m.type === undefined || !m.type.getText().startsWith("pulumi.Output<"))
      continue;
    const name = m.name.getText();
    properties[name] = {
      ...typeSpec(m.type.getText(), `StackOneWorkerApp.${name}`, src, types),
      description: docOf(m),
      ...(secrets.has(name) ? { secret: true } : {}),
    };
  }
  for (const name of secrets) {
    if (!(name in properties))
      throw new Error(`StackOneWorkerApp assigns secret(...) to ${name}, which is no Output member`);
  }

  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: PACKAGE_NAME,
    displayName: "StackOne for PingOne",
    version: (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version,
    description:
      "The StackOne Worker app of PingOne's console guide as one component (stackone:pingone:WorkerApp), for every " +
      "Pulumi language. Generated from components/stackoneWorkerApp.ts by stackone/schemaGen.ts: do not edit by hand.",
    keywords: ["pulumi", "stackone", "pingone", "category/infrastructure", "kind/component"],
    license: "Apache-2.0",
    publisher: "stackone-pingone",
    // supportPack: the Go SDK is a module of its own (go.mod), like the pingone package's.
    meta: { moduleFormat: "(.*)", supportPack: true },
    language: {
      nodejs: { packageName: "@stackone/pulumi-stackone", respectSchemaVersion: true },
      python: { packageName: "pulumi_stackone", respectSchemaVersion: true, pyproject: { enabled: true } },
      go: {
        importBasePath: "github.com/stackone/stackone-pingone/sdk/go/stackone/stackone",
        modulePath: "github.com/stackone/stackone-pingone/sdk/go/stackone",
        respectSchemaVersion: true,
      },
    },
    provider: {
      description:
        "The stackone provider takes no configuration. The component's PingOne resources use the pingone provider: " +
        "an explicit one passed in the component's `providers`, or the default one, configured by `pingone:*` stack config.",
    },
    types: sorted(types),
    resources: {
      [COMPONENT_TYPE]: {
        isComponent: true,
        description: docOf(src.component),
        inputProperties: inputs.properties,
        requiredInputs: inputs.required,
        properties,
        required: Object.keys(properties),
      },
    },
  };
}

/** The schema file's text: two-space JSON and a final newline. */
export function schemaText(schema: Record<string, unknown> = generateSchema()): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
