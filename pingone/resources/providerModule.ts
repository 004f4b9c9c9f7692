/**
 * The provider module: the text every PingOne resource carries as its `__provider` input, which Pulumi's
 * dynamic-provider host loads (`require-from-string`, then `.handler()`) to get the provider object.
 *
 * `pulumi.dynamic.Resource` would produce that text with Pulumi's closure serializer, walking the provider object's
 * functions and everything they capture. In a program that costs more than everything else it does: loading the
 * serializer (and the npm packages it pulls in), then inspecting each function through the V8 inspector — about two
 * seconds of CPU on every `preview` and `up` here (see docs/performance.md). This module builds the same kind of
 * text directly from the provider's source files instead: the entry (`hosted.ts`) and every local module it imports,
 * each compiled to CommonJS and wrapped in a function, behind a small `require` of its own. Packages stay real
 * `require` calls that the host resolves from the project's `node_modules`, as the closure serializer emits them
 * too; only zod and Node's built-ins are allowed, so the host never loads a second copy of `@pulumi/pulumi`.
 *
 * The text is source code only: no value of the program (a credential, a token, stack config) can be captured into
 * it, because nothing is captured — the provider reads its credentials in the host process at run time.
 *
 * Running from TypeScript sources (the Pulumi program, under ts-node; vitest), each `.ts` file is transpiled with
 * the project's `typescript`, comments removed. That takes a few hundred milliseconds, so the text is cached in
 * `node_modules/.cache/stackone-pingone/`, keyed by a hash of every source file under `pingone/` and the TypeScript
 * version: a cache hit costs reading those files. Running from compiled JavaScript (`dist/`), the `.js` files are
 * taken as they are, and nothing is cached.
 */
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "fs";
import { builtinModules } from "module";
import * as path from "path";
// Type-only, but it makes every compilation that includes this module emit the entry too.
import type * as Hosted from "./hosted";

/** What the entry module gives the dynamic-provider host. */
export type ProviderEntry = typeof Hosted;

/** Packages the provider module may `require` from `node_modules` at run time, besides Node's built-ins. */
export const PROVIDER_PACKAGES: readonly string[] = ["zod"];

/** One bundled source file. */
interface BundledModule {
  /** Path from the bundle's root, POSIX separators, no extension: `pingone/resources/hosted`. */
  id: string;
  code: string;
  /** Each local `require` specifier of the code → the id of the module it names. */
  deps: Record<string, string>;
}

export interface ProviderModuleOptions {
  /** The entry file; default `hosted.ts` (or `.js`) beside this module. */
  entry?: string;
}

let cached: string | undefined;

/** The provider module text of this process's sources, built once per process (and cached on disk, see above). */
export function providerModuleText(): string {
  if (cached === undefined) {
    cached = path.extname(__filename) === ".ts" ? providerModuleFromSources({ root: path.resolve(__dirname, "..", "..") }) : buildProviderModule();
  }
  return cached;
}

export interface SourceBuildOptions {
  /** The directory holding `pingone/` (its `pingone/resources/hosted.ts` is the entry). */
  root: string;
  /** Default `<root>/node_modules/.cache/stackone-pingone`. */
  cacheDir?: string;
}

/**
 * The text for the `.ts` sources under `root`, from the on-disk cache when no source file under `pingone/` changed
 * since it was built; otherwise built and cached (atomically, so concurrent commands never read half a file).
 */
export function providerModuleFromSources(options: SourceBuildOptions): string {
  const root = options.root;
  // This module is under pingone/ too, so a change to how the text is built changes the key as well.
  const hash = createHash("sha256").update(`typescript ${typescriptVersion()}\n`);
  for (const file of sourceFiles(path.join(root, "pingone"))) {
    hash.update(`${moduleId(root, file)}\n${readFileSync(file, "utf8")}\n`);
  }
  const dir = options.cacheDir ?? path.join(root, "node_modules", ".cache", "stackone-pingone");
  const file = path.join(dir, `provider-module-${hash.digest("hex").slice(0, 32)}.js`);
  try {
    return readFileSync(file, "utf8");
  } catch {
    // Not built for these sources yet.
  }
  const text = buildProviderModule({ entry: path.join(root, "pingone", "resources", "hosted.ts") });
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    // A read-only checkout: build every time.
  }
  return text;
}

/** Every non-test `.ts` file under `dir`, sorted: all a provider module built from `dir` can contain. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) files.push(full);
  }
  return files.sort();
}

function typescriptVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Builds the provider module text from `entry` and the local modules it imports, in a stable order. */
export function buildProviderModule(options: ProviderModuleOptions = {}): string {
  const ext = path.extname(__filename) === ".ts" ? ".ts" : ".js";
  const entry = options.entry ?? path.join(__dirname, `hosted${ext}`);
  const entryExt = path.extname(entry);
  // The bundle's root: two levels above the entry (`<root>/pingone/resources/hosted.ts`).
  const root = path.resolve(path.dirname(entry), "..", "..");
  const modules = new Map<string, BundledModule>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const id = moduleId(root, file);
    if (modules.has(id)) continue;
    const code = compiledSource(file);
    const deps: Record<string, string> = {};
    for (const spec of requiredSpecifiers(code)) {
      if (spec.startsWith("./") || spec.startsWith("../")) {
        const target = resolveLocal(path.dirname(file), spec, entryExt, id);
        deps[spec] = moduleId(root, target);
        pending.push(target);
      } else if (!isAllowedPackage(spec)) {
        throw new Error(
          `provider module: ${id} requires "${spec}"; the provider host may load only Node built-ins and ${PROVIDER_PACKAGES.join(", ")} ` +
            `(import other packages, @pulumi/pulumi included, as types only)`,
        );
      }
    }
    modules.set(id, { id, code, deps });
  }
  return render(moduleId(root, entry), [...modules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

function moduleId(root: string, file: string): string {
  const rel = path.relative(root, file);
  if (!rel.startsWith(`pingone${path.sep}`)) throw new Error(`provider module: ${file} is outside ${path.join(root, "pingone")}`);
  return rel.split(path.sep).join("/").replace(/\.(ts|js)$/, "");
}

function isAllowedPackage(spec: string): boolean {
  if (spec.startsWith("node:") || builtinModules.includes(spec)) return true;
  return PROVIDER_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`));
}

function resolveLocal(dir: string, spec: string, ext: string, from: string): string {
  const base = path.resolve(dir, spec);
  for (const candidate of [`${base}${ext}`, path.join(base, `index${ext}`)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`provider module: ${from} requires "${spec}", which is neither ${base}${ext} nor ${path.join(base, `index${ext}`)}`);
}

/** The string literals passed to `require(...)` in compiled code, in order of appearance. */
function requiredSpecifiers(code: string): string[] {
  const specs: string[] = [];
  const re = /\brequire\((["'])([^"'\n]+)\1\)/g;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) specs.push(m[2]);
  return specs;
}

/** A file as CommonJS JavaScript. */
function compiledSource(file: string): string {
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".ts")) return text.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  return ts.transpileModule(text, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      esModuleInterop: true,
      removeComments: true,
      sourceMap: false,
      inlineSourceMap: false,
    },
  }).outputText;
}

/**
 * The module text. `exports.handler` is what the dynamic-provider host calls; each module runs once, on first
 * `require`, with its own `exports`/`module`, as under Node.
 */
function render(entryId: string, modules: BundledModule[]): string {
  const lines = [
    "\"use strict\";",
    "// stackone-pingone PingOne provider module, built by pingone/resources/providerModule.ts",
    "const definitions = {",
  ];
  for (const m of modules) {
    lines.push(`${JSON.stringify(m.id)}: [${JSON.stringify(m.deps)}, function (exports, require, module) {`);
    lines.push(m.code.trimEnd());
    lines.push("}],");
  }
  lines.push(
    "};",
    "const loaded = {};",
    "function load(id) {",
    "  if (Object.prototype.hasOwnProperty.call(loaded, id)) return loaded[id].exports;",
    "  const [deps, factory] = definitions[id];",
    "  const module = { exports: {} };",
    "  loaded[id] = module;",
    "  const local = (spec) => (Object.prototype.hasOwnProperty.call(deps, spec) ? load(deps[spec]) : require(spec));",
    "  factory.call(module.exports, module.exports, local, module);",
    "  return module.exports;",
    "}",
    `exports.handler = () => load(${JSON.stringify(entryId)}).handler();`,
    "",
  );
  return lines.join("\n");
}
