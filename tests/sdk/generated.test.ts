/**
 * The checked-in SDKs (sdk/<language>/<package>) are exactly what Pulumi's code generators make of the schemas listed
 * in sdk/packages.txt, for the languages each line names: the generator (tools/gen, through scripts/gen-sdks.sh) runs
 * into a temporary directory and every file is compared byte for byte (a package's directory for a language it is not
 * generated for is named as stale). The generator binds each schema first and fails on any diagnostic, so this also
 * proves every listed schema binds cleanly. Needs Go; without it the suite says so and skips, unless
 * STACKONE_REQUIRE_GO=1 (CI) makes that a failure.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = path.join(ROOT, "scripts", "gen-sdks.sh");
const run = promisify(execFile);
// The first build of the generator compiles Pulumi's codegen packages (about 80 s on 2 cores); later ones take ~1 s.
const BUILD_TIMEOUT = 600_000;

function findGo(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat("/usr/local/go/bin")) {
    const candidate = path.join(dir, "go");
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const go = findGo();
const requireGo = process.env.STACKONE_REQUIRE_GO === "1";
if (!go && !requireGo) {
  // oxlint-disable-next-line no-console
  console.warn(
    "tests/sdk/generated.test.ts: skipped, no Go toolchain (needed to build tools/gen; set STACKONE_REQUIRE_GO=1 to fail instead)",
  );
}

/** Every file under dir, as paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else out.push(child);
    }
  };
  visit("");
  return out.sort();
}

/** The files of the repository under rel that git tracks or would track (a generated .gitignore's build output left out). */
function repoFilesUnder(rel: string): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", rel], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return listed
    .split("\0")
    .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)))
    .map((f) => f.slice(rel.length + 1))
    .sort();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-gen-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!go && !requireGo)("the generated SDKs", () => {
  it("a Go toolchain is present (STACKONE_REQUIRE_GO=1)", () => {
    expect(go, "no `go` on PATH or in /usr/local/go/bin: the SDK generator cannot be built").toBeDefined();
  });

  it(
    "are what the generator makes of sdk/packages.txt's schemas, byte for byte (else: npm run gen)",
    async () => {
      const out = path.join(tmp, "sdk");
      await run("bash", [SCRIPT, "-out", out], { cwd: ROOT, timeout: BUILD_TIMEOUT });
      const dirs = ["nodejs", "python", "go"].flatMap((lang) =>
        fs.readdirSync(path.join(out, lang)).map((pkg) => `${lang}/${pkg}`),
      );
      expect(dirs.length).toBeGreaterThan(0);
      const stale: string[] = [];
      for (const dir of dirs) {
        const generated = filesUnder(path.join(out, dir));
        const checkedIn = repoFilesUnder(`sdk/${dir}`);
        for (const f of generated.filter((g) => !checkedIn.includes(g))) stale.push(`missing: sdk/${dir}/${f}`);
        for (const f of checkedIn.filter((c) => !generated.includes(c))) stale.push(`not generated: sdk/${dir}/${f}`);
        for (const f of generated.filter((g) => checkedIn.includes(g))) {
          if (!fs.readFileSync(path.join(out, dir, f)).equals(fs.readFileSync(path.join(ROOT, "sdk", dir, f))))
            stale.push(`differs: sdk/${dir}/${f}`);
        }
      }
      // Every language directory under sdk/ belongs to a listed package.
      for (const lang of ["nodejs", "python", "go"]) {
        for (const pkg of fs.existsSync(path.join(ROOT, "sdk", lang))
          ? fs.readdirSync(path.join(ROOT, "sdk", lang))
          : []) {
          if (!dirs.includes(`${lang}/${pkg}`)) stale.push(`no listed schema: sdk/${lang}/${pkg}`);
        }
      }
      expect(stale, "the SDKs under sdk/ are stale: run `npm run gen` and commit the result").toEqual([]);
    },
    BUILD_TIMEOUT,
  );

  it(
    "writes only the languages a line of the list names, and refuses a language it does not know",
    async () => {
      const root = path.join(tmp, "languages");
      fs.mkdirSync(root, { recursive: true });
      fs.copyFileSync(path.join(ROOT, "stackone/schema.json"), path.join(root, "schema.json"));
      fs.writeFileSync(path.join(root, "packages.txt"), "# one package\nschema.json go python\n");
      await run("bash", [SCRIPT, "-root", root, "-list", "packages.txt", "-out", "out"], {
        cwd: ROOT,
        timeout: BUILD_TIMEOUT,
      });
      expect(fs.readdirSync(path.join(root, "out")).sort()).toEqual(["go", "python"]);
      expect(fs.readdirSync(path.join(root, "out", "python"))).toEqual(["stackone"]);

      fs.writeFileSync(path.join(root, "packages.txt"), "# one package\nschema.json python java\n");
      const failed = await run("bash", [SCRIPT, "-root", root, "-list", "packages.txt", "-out", "refused"], {
        cwd: ROOT,
        timeout: BUILD_TIMEOUT,
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe(
        `gen: ${path.join(root, "packages.txt")}:2: unknown language "java" for schema.json (known: nodejs, python, go)\n`,
      );
      expect(fs.existsSync(path.join(root, "refused"))).toBe(false);
    },
    BUILD_TIMEOUT,
  );

  it(
    "the generator refuses a schema with a diagnostic, naming it, and writes nothing",
    async () => {
      const root = path.join(tmp, "broken");
      fs.mkdirSync(root, { recursive: true });
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "pingone/provider/schema.json"), "utf8"));
      schema.resources["pingone:index:Group"].properties.groupId = { $ref: "#/types/pingone:index:NoSuchType" };
      fs.writeFileSync(path.join(root, "schema.json"), JSON.stringify(schema));
      fs.writeFileSync(path.join(root, "packages.txt"), "schema.json\n");
      const failed = await run("bash", [SCRIPT, "-root", root, "-list", "packages.txt", "-out", "out"], {
        cwd: ROOT,
        timeout: BUILD_TIMEOUT,
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toBe(
        "gen: schema.json: the schema does not bind cleanly (1 diagnostics):\n" +
          "  error: #/resources/pingone:index:Group/properties/groupId/$ref: type pingone:index:NoSuchType not found in package pingone\n",
      );
      expect(fs.existsSync(path.join(root, "out"))).toBe(false);
    },
    BUILD_TIMEOUT,
  );
});
