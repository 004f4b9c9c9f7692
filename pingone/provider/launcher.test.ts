/**
 * The plugin's launcher (bin/pulumi-resource-pingone) never serves stale code: in a copy of the files it needs, an
 * edit of the schema alone — no TypeScript touched — is compiled before the plugin starts, and GetSchema serves the
 * edited schema; the next start finds the build current and compiles nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { COMPILED_DIR, compileProvider, PluginProcess, stopPlugins } from "./testing";

const REPO_ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-launcher-"));
afterAll(async () => {
  await stopPlugins();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A copy of what the launcher needs, its build (dist/) newer than every source. */
function copyProject(): string {
  const root = path.join(tmp, "project");
  for (const entry of ["bin/pulumi-resource-pingone", "pingone", "tsconfig.json"]) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), {
      recursive: true,
      filter: (src) => !src.endsWith(".test.ts"),
    });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  compileProvider();
  fs.cpSync(path.join(COMPILED_DIR, "pingone"), path.join(root, "dist", "pingone"), { recursive: true });
  const later = new Date(Date.now() + 1000);
  fs.utimesSync(path.join(root, "dist", "pingone", "provider", "main.js"), later, later);
  return root;
}

async function served(root: string): Promise<{ description: unknown; stderr: string }> {
  const plugin = await PluginProcess.start({}, undefined, path.join(root, "bin", "pulumi-resource-pingone"));
  const schema = await plugin.getSchema();
  await plugin.stop();
  return { description: schema.description, stderr: plugin.stderr };
}

describe("bin/pulumi-resource-pingone", () => {
  it("serves an edited schema.json at once, compiling first, and compiles nothing when the build is current", async () => {
    const root = copyProject();
    const schemaFile = path.join(root, "pingone", "provider", "schema.json");
    const original = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as Record<string, unknown>;

    const before = await served(root);
    expect(before).toEqual({ description: original.description, stderr: "" });

    fs.writeFileSync(
      schemaFile,
      `${JSON.stringify({ ...original, description: "Edited, and nothing else." }, null, 2)}\n`,
    );
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(schemaFile, later, later);
    const after = await served(root);
    expect(after.description).toBe("Edited, and nothing else.");
    expect(after.stderr).toContain(
      "pulumi-resource-pingone: compiling the provider (pingone/provider/tsconfig.build.json)",
    );

    const again = await served(root);
    expect(again).toEqual({ description: "Edited, and nothing else.", stderr: "" });
  }, 180_000);
});
