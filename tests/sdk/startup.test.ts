/**
 * The generated Node.js SDK keeps the program's start-up: loading it and every class and function it exports, in a
 * fresh Node process, loads none of the parts of @pulumi/pulumi a program never needs (the Automation API, the
 * closure serializer, dynamic providers, the provider server — what `@pulumi/pulumi`'s index would load), because
 * the generator points the SDK's imports at its own pulumi.ts / pulumiRuntime.ts (tools/gen/lite.go).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SDK = path.join(ROOT, "sdk", "nodejs", "pingone");

/** The modules of @pulumi/pulumi a fresh process holds after running `code`, relative to the package. */
function pulumiModulesAfter(code: string): string[] {
  const script = `${code};
const prefix = require("path").dirname(require.resolve("@pulumi/pulumi/package.json")) + "/";
console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
}

const HEAVY = /^(automation|runtime\/closure|dynamic|provider)\/|^(index|runtime\/index|runtime\/mocks)\.js$/;

describe("the generated Node.js SDK's start-up", () => {
  it("no generated module imports @pulumi/pulumi's index or its runtime index", () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "bin" && entry.name !== "node_modules") visit(p);
        } else if (
          p.endsWith(".ts") &&
          /^import .* from ["']@pulumi\/pulumi(\/runtime)?["'];$/m.test(fs.readFileSync(p, "utf8"))
        ) {
          offenders.push(path.relative(ROOT, p));
        }
      }
    };
    visit(SDK);
    expect(offenders).toEqual([]);
  });

  it("loading the SDK and every export loads none of the Automation API, closure serializer, dynamic providers, provider server", () => {
    const loaded = pulumiModulesAfter(
      `const sdk = require("@stackone/pulumi-pingone"); for (const k of Object.keys(sdk)) void sdk[k];`,
    );
    expect(loaded).toContain("resource.js");
    expect(loaded).toContain("runtime/invoke.js");
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it("the check can fail: @pulumi/pulumi's own index loads them", () => {
    const loaded = pulumiModulesAfter(`require("@pulumi/pulumi")`);
    expect(loaded).toEqual(
      expect.arrayContaining([
        "index.js",
        "automation/index.js",
        "runtime/closure/serializeClosure.js",
        "runtime/mocks.js",
      ]),
    );
  });
});
