/**
 * The reference pages of docs/reference/, generated from the package schemas (the one description of every
 * argument, output, default, allowed value, secret and import id): a page per resource of `pingone`, one for its
 * provider's configuration, one for the `stackone` component, and an index. `npm run docs:reference` writes them;
 * `--check` (and tests/sdk/referenceDocs.test.ts) fails while a committed page differs from what this makes.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository: scripts/ (run from source) or dist/scripts/ (compiled) is below it. */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    // The checkout, not the build beside it: dist/ holds a copy of pingone/provider/schema.json too, but no package.json.
    if (
      fs.existsSync(path.join(dir, "package.json")) &&
      fs.existsSync(path.join(dir, "pingone", "provider", "schema.json"))
    )
      return dir;
  }
  throw new Error(`referenceDocs: no repository above ${__dirname}`);
}
const ROOT = repositoryRoot();
export const REFERENCE_DIR = path.join(ROOT, "docs", "reference");
/** The packages documented, in order: their schemas, as the SDKs' generator reads them. */
export const SCHEMAS = ["pingone/provider/schema.json", "stackone/schema.json"];

interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
  additionalProperties?: Property;
  description?: string;
  default?: unknown;
  secret?: boolean;
  replaceOnChanges?: boolean;
}
interface TypeSpec {
  type: string;
  description?: string;
  properties?: Record<string, Property>;
  required?: string[];
  enum?: { value: unknown; name?: string; description?: string }[];
}
interface ResourceSpec {
  description?: string;
  isComponent?: boolean;
  inputProperties?: Record<string, Property>;
  requiredInputs?: string[];
  properties?: Record<string, Property>;
  required?: string[];
}
interface Schema {
  name: string;
  displayName?: string;
  version: string;
  description?: string;
  language?: Record<string, { packageName?: string; importBasePath?: string }>;
  provider?: ResourceSpec;
  resources: Record<string, ResourceSpec>;
  types?: Record<string, TypeSpec>;
}

/** Text for a table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** A property's type in words; object types link to their section, enums list their allowed values. */
function typeOf(schema: Schema, p: Property): string {
  if (p.$ref !== undefined) {
    const token = refName(p.$ref);
    const t = schema.types?.[token];
    if (t?.enum !== undefined) return `${t.type}, one of ${t.enum.map((e) => `\`${String(e.value)}\``).join(", ")}`;
    const name = token.slice(token.lastIndexOf(":") + 1);
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (p.type === "array") return `list of ${typeOf(schema, p.items ?? {})}`;
  if (p.type === "object") return `map of ${typeOf(schema, p.additionalProperties ?? { type: "string" })}`;
  return p.type ?? "any";
}

/** The object types a set of properties refers to, and those they refer to, in first-seen order. */
function objectTypes(schema: Schema, props: Property[], seen: string[] = []): string[] {
  for (const p of props) {
    const ref = p.$ref ?? p.items?.$ref ?? p.additionalProperties?.$ref;
    if (ref === undefined) continue;
    const token = refName(ref);
    const t = schema.types?.[token];
    if (t?.properties === undefined || seen.includes(token)) continue;
    seen.push(token);
    objectTypes(schema, Object.values(t.properties), seen);
  }
  return seen;
}

/** The description without its `## Import` section, and that section. */
function splitImport(description: string): { text: string; importSection?: string } {
  const at = description.indexOf("\n## Import");
  if (at < 0) return { text: description.trim() };
  return { text: description.slice(0, at).trim(), importSection: description.slice(at + "\n## Import".length).trim() };
}

/** An example of an import command: the schema's own, its placeholders filled with example ids. */
function importExample(section: string): string | undefined {
  const command = /pulumi import \S+ <name> (\S+)/.exec(section);
  if (command === null) return undefined;
  let n = 0;
  const ids = [
    "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f",
    "0f8e2d4c-6b1a-4c3e-9d7f-2a4b6c8d0e1f",
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  ];
  const id = command[1].replace(/<[A-Za-z]+>/g, () => ids[n++ % ids.length]);
  return command[0].replace("<name>", "imported").replace(command[1], id);
}

function argumentTable(schema: Schema, props: Record<string, Property>, required: string[]): string[] {
  const rows = [
    "| argument | type | required | default | secret | on change | description |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const [name, p] of Object.entries(props)) {
    rows.push(
      `| \`${name}\` | ${cell(typeOf(schema, p))} | ${required.includes(name) ? "yes" : "no"} | ${p.default === undefined ? "" : `\`${JSON.stringify(p.default)}\``} | ${p.secret ? "**secret**" : ""} | ${p.replaceOnChanges ? "replaces" : ""} | ${cell(p.description ?? "")} |`,
    );
  }
  return rows;
}

function outputTable(schema: Schema, props: Record<string, Property>, required: string[]): string[] {
  const rows = ["| output | type | always set | secret | description |", "|---|---|---|---|---|"];
  for (const [name, p] of Object.entries(props)) {
    rows.push(
      `| \`${name}\` | ${cell(typeOf(schema, p))} | ${required.includes(name) ? "yes" : "no"} | ${p.secret ? "**secret**" : ""} | ${cell(p.description ?? "")} |`,
    );
  }
  return rows;
}

function typeSections(schema: Schema, props: Property[]): string[] {
  const out: string[] = [];
  for (const token of objectTypes(schema, props)) {
    const t = schema.types![token];
    const name = token.slice(token.lastIndexOf(":") + 1);
    out.push("", `### ${name}`, "", `\`${token}\`${t.description ? `: ${t.description}` : ""}`, "");
    out.push("| field | type | required | description |", "|---|---|---|---|");
    for (const [field, p] of Object.entries(t.properties ?? {})) {
      out.push(
        `| \`${field}\` | ${cell(typeOf(schema, p))} | ${(t.required ?? []).includes(field) ? "yes" : "no"} | ${cell([p.description ?? "", p.secret ? "**Secret.**" : ""].filter(Boolean).join(" "))} |`,
      );
    }
  }
  return out;
}

const HEADER =
  "<!-- Generated from the package schemas by scripts/referenceDocs.ts (npm run docs:reference): do not edit. -->";

function resourcePage(schema: Schema, token: string, r: ResourceSpec, schemaFile: string): string {
  const { text, importSection } = splitImport(r.description ?? "");
  const name = token.slice(token.lastIndexOf(":") + 1);
  const lines = [
    HEADER,
    "",
    `# ${schema.name}: ${name}`,
    "",
    `\`${token}\`${r.isComponent ? " — a component resource" : ""}, from [\`${schemaFile}\`](../../../${schemaFile}) (version ${schema.version}).`,
    "",
    text,
  ];
  lines.push("", "## Arguments", "", ...argumentTable(schema, r.inputProperties ?? {}, r.requiredInputs ?? []));
  lines.push("", "## Outputs", "", ...outputTable(schema, r.properties ?? {}, r.required ?? []));
  lines.push("", "## Import", "");
  if (importSection !== undefined) {
    lines.push(importSection);
    const example = importExample(importSection);
    if (example !== undefined) lines.push("", "For example:", "", "```sh", example, "```");
  } else if (r.isComponent) {
    lines.push(
      "A component is not imported: it is made of resources that are. Import those of its children that already exist",
      "with their own types' import ids, or take an application over with the component's `adoptApplicationId`.",
    );
  } else {
    lines.push("Not importable.");
  }
  const types = typeSections(schema, [...Object.values(r.inputProperties ?? {}), ...Object.values(r.properties ?? {})]);
  if (types.length > 0) lines.push("", "## Types", ...types);
  return lines.join("\n") + "\n";
}

function providerPage(schema: Schema, r: ResourceSpec, schemaFile: string): string {
  const lines = [
    HEADER,
    "",
    `# ${schema.name}: provider configuration`,
    "",
    `\`pulumi:providers:${schema.name}\`, from [\`${schemaFile}\`](../../../${schemaFile}) (version ${schema.version}).`,
    "",
    r.description ?? "",
  ];
  lines.push(
    "",
    `Set as stack configuration (\`pulumi config set ${schema.name}:<key> <value>\`, \`--secret\` for secrets) for the default provider, or as the arguments of an explicit provider resource.`,
  );
  lines.push("", "## Configuration", "", ...argumentTable(schema, r.inputProperties ?? {}, r.requiredInputs ?? []));
  const types = typeSections(schema, Object.values(r.inputProperties ?? {}));
  if (types.length > 0) lines.push("", "## Types", ...types);
  return lines.join("\n") + "\n";
}

/** Every page, by its path under docs/reference/. */
export function renderReference(): Map<string, string> {
  const pages = new Map<string, string>();
  const index = [
    HEADER,
    "",
    "# Reference",
    "",
    "Generated from the package schemas: every argument with its type, default and allowed values, every output (secrets marked), and each resource's import id.",
    "",
  ];
  for (const schemaFile of SCHEMAS) {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, schemaFile), "utf8")) as Schema;
    const packages = Object.entries(schema.language ?? {}).map(
      ([lang, l]) => `${lang} \`${l.packageName ?? l.importBasePath}\``,
    );
    index.push(
      `## \`${schema.name}\` ${schema.version}`,
      "",
      schema.description ?? "",
      "",
      `Packages: ${packages.join(", ")}.`,
      "",
    );
    if (schema.provider !== undefined && Object.keys(schema.provider.inputProperties ?? {}).length > 0) {
      pages.set(`${schema.name}/Provider.md`, providerPage(schema, schema.provider, schemaFile));
      index.push(`- [provider configuration](${schema.name}/Provider.md) (\`${schema.name}:*\`)`);
    }
    for (const [token, r] of Object.entries(schema.resources)) {
      const name = token.slice(token.lastIndexOf(":") + 1);
      pages.set(`${schema.name}/${name}.md`, resourcePage(schema, token, r, schemaFile));
      index.push(`- [${name}](${schema.name}/${name}.md) \`${token}\`${r.isComponent ? " (component)" : ""}`);
    }
    index.push("");
  }
  pages.set("README.md", index.join("\n").trimEnd() + "\n");
  return pages;
}

/** The files under docs/reference/ that differ from what renderReference makes, missing, or extra. */
export function staleReference(pages = renderReference()): string[] {
  const problems: string[] = [];
  const present = new Set<string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(REFERENCE_DIR, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else present.add(child);
    }
  };
  if (fs.existsSync(REFERENCE_DIR)) walk("");
  for (const [file, text] of pages) {
    if (!present.has(file)) problems.push(`missing: docs/reference/${file}`);
    else if (fs.readFileSync(path.join(REFERENCE_DIR, file), "utf8") !== text)
      problems.push(`changed: docs/reference/${file}`);
  }
  for (const file of present) if (!pages.has(file)) problems.push(`extra: docs/reference/${file}`);
  return problems.sort();
}

if (require.main === module) {
  const pages = renderReference();
  if (process.argv.includes("--check")) {
    const stale = staleReference(pages);
    if (stale.length > 0) {
      console.error(`docs/reference is stale (run npm run docs:reference):\n${stale.join("\n")}`);
      process.exit(1);
    }
  } else {
    fs.rmSync(REFERENCE_DIR, { recursive: true, force: true });
    for (const [file, text] of pages) {
      fs.mkdirSync(path.dirname(path.join(REFERENCE_DIR, file)), { recursive: true });
      fs.writeFileSync(path.join(REFERENCE_DIR, file), text);
    }
    console.log(`docs/reference: ${pages.size} pages`);
  }
}
