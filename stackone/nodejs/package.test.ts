/**
 * @stackone/pulumi-stackone has every generated SDK's shape and the schema's every property: `pingone.WorkerApp` (the
 * component class itself, `StackOneWorkerApp` its alias) carries every output of stackone/schema.json and
 * `pingone.WorkerAppArgs` every input, required exactly where the schema requires it — read from the package's own
 * entry by the TypeScript checker, so a renamed or dropped member fails here; and package.json's name and version are
 * the schema's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { StackOneWorkerApp } from "../../components/stackoneWorkerApp";
import * as stackone from "./index";

const DIR = __dirname;
const schema = JSON.parse(fs.readFileSync(path.join(DIR, "..", "schema.json"), "utf8")) as {
  name: string;
  version: string;
  language: { nodejs: { packageName: string } };
  resources: Record<
    string,
    { inputProperties: Record<string, unknown>; requiredInputs: string[]; properties: Record<string, unknown> }
  >;
};
const component = schema.resources["stackone:pingone:WorkerApp"];

/** The members of `pingone.<name>` as the package's entry exports them: [name, optional][], sorted. */
let program: ts.Program | undefined;
function membersOf(name: "WorkerApp" | "WorkerAppArgs"): [string, boolean][] {
  const entry = path.join(DIR, "index.ts");
  program ??= ts.createProgram([entry], {
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const pingone = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "pingone");
  if (!pingone) throw new Error("index.ts exports no `pingone`");
  const target = checker.getExportsOfModule(checker.getAliasedSymbol(pingone)).find((s) => s.name === name);
  if (!target) throw new Error(`pingone exports no ${name}`);
  const declared = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(target));
  return checker
    .getPropertiesOfType(declared)
    .map((p): [string, boolean] => [p.name, (p.flags & ts.SymbolFlags.Optional) !== 0])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe("@stackone/pulumi-stackone", () => {
  it("is named and versioned as stackone/schema.json says", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(DIR, "package.json"), "utf8")) as {
      name: string;
      version: string;
      dependencies: Record<string, string>;
    };
    expect([pkg.name, pkg.version]).toEqual([schema.language.nodejs.packageName, schema.version]);
    const pingone = JSON.parse(fs.readFileSync(path.join(DIR, "../../sdk/nodejs/pingone/package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    expect(pkg.dependencies[pingone.name]).toBe(pingone.version);
  });

  it("exports the component class itself as pingone.WorkerApp, with StackOneWorkerApp as its alias", () => {
    expect(stackone.pingone.WorkerApp).toBe(StackOneWorkerApp);
    expect(stackone.StackOneWorkerApp).toBe(StackOneWorkerApp);
    expect(Object.keys(stackone.pingone)).toEqual(["WorkerApp"]);
  });

  it("pingone.WorkerAppArgs has every input of the schema, optional exactly where the schema does not require it", () => {
    const expected = Object.keys(component.inputProperties)
      .sort((a, b) => a.localeCompare(b))
      .map((name): [string, boolean] => [name, !component.requiredInputs.includes(name)]);
    expect(membersOf("WorkerAppArgs")).toEqual(expected);
  });

  it("pingone.WorkerApp has every output of the schema", () => {
    const members = new Set(membersOf("WorkerApp").map(([name]) => name));
    const missing = Object.keys(component.properties).filter((name) => !members.has(name));
    expect(missing).toEqual([]);
  });
});
