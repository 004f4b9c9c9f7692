/**
 * The layer rules of CONTRIBUTING.md ("Layers"), checked on every import of the source: each layer may import only
 * what lies below it. The test reads every static `import` and `export … from`, `import x = require(…)`,
 * `require(…)` and dynamic `import(…)` of the TypeScript and JavaScript outside the generated and vendored trees,
 * resolves relative paths, and names each import that crosses a layer the wrong way as
 * `file:line imports X (layer A may not import layer B)`. Tests (`*.test.ts`, `testing.ts`, tests/) are outside the
 * rules: they wire the real pieces together (a component against the emulator through the client).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** Trees that are not the project's hand-written source: generated, built, vendored, scratch. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".work", ".git", "sdk", "docs"]);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Node's HTTP and socket modules: what "HTTP" means in the rules below (`fetch` is checked apart). */
const HTTP_MODULES = new Set(["http", "https", "http2", "net", "tls", "undici"].flatMap((m) => [m, `node:${m}`]));

/** The layer a repository path belongs to, or undefined for a path outside every named layer. */
function projectLayer(rel: string): string | undefined {
  const parts = rel.split("/");
  if (parts[0] === "pingone" && parts.length > 1) {
    return parts.length === 2 ? `pingone/${parts[1].replace(SOURCE, "")}` : `pingone/${parts[1]}`;
  }
  if (parts.length === 1) {
    const base = rel.replace(SOURCE, "");
    return base === "index" || base === "start" ? "program" : base;
  }
  return parts[0];
}

/** The layer an import specifier names: a project layer (relative), the Pulumi SDK, HTTP, or another package. */
function targetLayer(fromFile: string, spec: string): { layer: string; project: boolean } {
  if (spec.startsWith(".")) {
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
    return { layer: projectLayer(rel) ?? rel, project: true };
  }
  if (HTTP_MODULES.has(spec)) return { layer: "HTTP", project: false };
  if (spec === "@pulumi" || spec.startsWith("@pulumi/")) return { layer: "@pulumi/*", project: false };
  // The generated Pulumi SDKs of sdk/nodejs (@stackone/pulumi-pingone): the project's own, and Pulumi.
  if (spec.startsWith("@stackone/pulumi-")) return { layer: "sdk", project: true };
  return { layer: spec, project: false };
}

/** Every project layer but `allowed`: for the layers that import nothing of the project above them. */
const PROJECT_LAYERS = [
  "pingone/guide",
  "emulator",
  "pingone/tokens",
  "pingone/client",
  "pingone/core",
  "pingone/provider",
  "components",
  "config",
  "program",
  "policy",
  "verify",
  "stackone",
  "bench",
  "scripts",
  "tests",
  "examples",
  "sdk",
];

interface LayerRule {
  /** The folder (or file, without its extension) the rule covers, as `projectLayer` names it. */
  layer: string;
  /** The layers it may not import: project layers by name, "@pulumi/*" for the Pulumi SDK, "HTTP". */
  forbidden: readonly string[];
  /** True when a call of the global `fetch` counts as importing HTTP. */
  noFetch?: boolean;
}

function allBut(...allowed: string[]): string[] {
  return PROJECT_LAYERS.filter((l) => !allowed.includes(l));
}

/**
 * The rules, bottom up. A layer not named here (the program, config, the plugins, verify, bench, scripts) may import
 * any layer below it.
 */
const RULES: readonly LayerRule[] = [
  // The guide's facts and shared rules (callback URI, regions, durations, cross-field rules): plain data and functions.
  { layer: "pingone/guide", forbidden: allBut("pingone/guide") },
  // The emulator stands in for PingOne: it knows nothing of the code it tests.
  { layer: "emulator", forbidden: allBut("emulator") },
  // The package's type tokens, shared by the plugin, the SDK's users and the policy pack.
  { layer: "pingone/tokens", forbidden: allBut("pingone/tokens") },
  // The Management API client speaks to PingOne (or the emulator, through its URL only); it needs only the guide.
  { layer: "pingone/client", forbidden: allBut("pingone/client", "pingone/guide") },
  // The pure core: what to send and how to judge an answer, behind the client's PingOneApi interface; no Pulumi, no
  // network of its own.
  {
    layer: "pingone/core",
    forbidden: [...allBut("pingone/core", "pingone/client", "pingone/tokens", "pingone/guide"), "@pulumi/*", "HTTP"],
    noFetch: true,
  },
  // The component declares resources through the generated SDK; PingOne is reached by the plugin only.
  {
    layer: "components",
    forbidden: [...allBut("components", "pingone/core", "pingone/tokens", "pingone/guide", "sdk"), "HTTP"],
    noFetch: true,
  },
  // The policy pack is loaded by the engine's policy runner, apart from the program: rules and tokens only.
  {
    layer: "policy",
    forbidden: [...allBut("policy", "pingone/core", "pingone/tokens", "pingone/guide"), "HTTP"],
    noFetch: true,
  },
];

/**
 * Imports excused from the rules, each with its reason (none today): an entry is a debt to pay, not a way around a rule.
 * Keyed by the importing file and the repository path (or package) it imports.
 */
const ALLOWED: readonly { file: string; imports: string; reason: string }[] = [];

interface Violation {
  file: string;
  line: number;
  /** The specifier as written. */
  spec: string;
  /** The repository path a relative specifier resolves to, or the package name. */
  target: string;
  layer: string;
  forbiddenLayer: string;
}

function describeViolation(v: Violation): string {
  return `${v.file}:${v.line} imports ${v.spec} (layer ${v.layer} may not import layer ${v.forbiddenLayer})`;
}

/** The project's source files under root, as repository paths with forward slashes. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_DIRS.has(rel) && !rel.endsWith("/bin")) visit(rel);
      } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        out.push(rel);
      }
    }
  };
  visit("");
  return out.sort();
}

function isTest(rel: string): boolean {
  return /\.test\.[cm]?[jt]s$/.test(rel) || /(^|\/)testing\.[cm]?[jt]s$/.test(rel) || rel.startsWith("tests/");
}

/** Each module a file loads, with its line: static and type-only imports, re-exports, require() and import(). */
function importsOf(text: string): { spec: string; line: number }[] {
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (pos: number) => text.slice(0, pos).split("\n").length;
  return info.importedFiles.map((f) => ({ spec: f.fileName, line: lineOf(f.pos) }));
}

/** The lines that call the global fetch (not a method named fetch), comments and strings aside. */
function fetchCalls(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "fetch") {
      lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Every import of the source under root that one of the rules forbids. */
function layerViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    if (isTest(file)) continue;
    const layer = projectLayer(file);
    const rule = RULES.find((r) => r.layer === layer);
    if (rule === undefined) continue;
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const { spec, line } of importsOf(text)) {
      const target = targetLayer(file, spec);
      if (!rule.forbidden.includes(target.layer)) continue;
      const resolved = spec.startsWith(".")
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))
        : spec;
      violations.push({ file, line, spec, target: resolved, layer: rule.layer, forbiddenLayer: target.layer });
    }
    if (rule.noFetch) {
      for (const line of fetchCalls(file, text)) {
        violations.push({
          file,
          line,
          spec: "fetch (the global)",
          target: "fetch",
          layer: rule.layer,
          forbiddenLayer: "HTTP",
        });
      }
    }
  }
  return violations;
}

function allowed(v: Violation): boolean {
  return ALLOWED.some((a) => a.file === v.file && a.imports === v.target);
}

describe("layers: every import points down (CONTRIBUTING.md, Layers)", () => {
  const violations = layerViolations(ROOT);

  it("no source file imports a layer its layer may not import", () => {
    expect(violations.filter((v) => !allowed(v)).map(describeViolation)).toEqual([]);
  });

  it("each import the allow-list excuses still exists (remove an entry once its import is gone)", () => {
    const stale = ALLOWED.filter((a) => !violations.some((v) => v.file === a.file && v.target === a.imports));
    expect(stale.map((a) => `${a.file} no longer imports ${a.imports}`)).toEqual([]);
  });

  it("each rule names a layer that exists", () => {
    const layers = new Set(sourceFiles(ROOT).map(projectLayer));
    expect(RULES.map((r) => r.layer).filter((l) => !layers.has(l))).toEqual([]);
  });
});

describe("layers: the check itself", () => {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
    fs.writeFileSync(path.join(tree, rel), text);
  };

  it("finds every form of import, resolves relative paths, and leaves tests and allowed layers alone", () => {
    write("pingone/guide.ts", "export const A = 1;\n");
    write("pingone/client/types.ts", "export type T = string;\n");
    write("pingone/client/http.ts", 'import * as http from "node:http";\nexport const h = http;\n');
    write(
      "components/plan.ts",
      [
        'import { A } from "../pingone/guide";',
        'import type { T } from "../pingone/client/types";',
        'export { h } from "../pingone/client/http";',
        'const lazy = require("../emulator/server");',
        'const later = import("https");',
        '// import { x } from "../pingone/client/types";',
        'const text = "../pingone/client/types";',
        "export const f = () => fetch(text);",
        "export const g = (o: { fetch(): void }) => o.fetch();",
      ].join("\n"),
    );
    write("components/plan.test.ts", 'import { h } from "../pingone/client/http";\n');
    write(
      "pingone/core/app.ts",
      'import * as pulumi from "@pulumi/pulumi";\nimport type { T } from "../client/types";\n',
    );
    write("emulator/server.ts", 'import { A } from "../pingone/guide";\nimport * as http from "http";\n');

    expect(layerViolations(tree).map(describeViolation)).toEqual([
      "components/plan.ts:2 imports ../pingone/client/types (layer components may not import layer pingone/client)",
      "components/plan.ts:3 imports ../pingone/client/http (layer components may not import layer pingone/client)",
      "components/plan.ts:4 imports ../emulator/server (layer components may not import layer emulator)",
      "components/plan.ts:5 imports https (layer components may not import layer HTTP)",
      "components/plan.ts:8 imports fetch (the global) (layer components may not import layer HTTP)",
      "emulator/server.ts:1 imports ../pingone/guide (layer emulator may not import layer pingone/guide)",
      "pingone/core/app.ts:1 imports @pulumi/pulumi (layer pingone/core may not import layer @pulumi/*)",
    ]);
  });
});
