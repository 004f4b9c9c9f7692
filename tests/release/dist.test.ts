/**
 * `npm run dist` (scripts/dist.sh) into a temporary directory: exactly the expected artifacts under their tools' names,
 * and each one usable by itself, outside the repository —
 * - each plugin tarball holds an executable `pulumi-resource-<name>` that runs node on its compiled entry, its run-time
 *   packages and no dev dependency, and, unpacked alone, starts and prints its port (the stackone plugin's Construct
 *   module loads too);
 * - each npm tarball's package.json has the package's name, version and an entry it contains, with compiled JS and
 *   declarations only; installed with `npm install <tgz>…` into an empty project, the packages load and
 *   `pingone.WorkerApp` is a class;
 * - each Python SDK has an sdist and a wheel that installs and imports in a fresh virtualenv.
 * Needs npm, tar, python3 with venv, and the network (npm and PyPI); without python3 the suite says so and skips,
 * unless STACKONE_REQUIRE_DIST=1 (CI, .ci/run) makes that a failure.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const python = spawnSync("python3", ["-c", "import venv, ensurepip"], { encoding: "utf8" }).status === 0;
const required = process.env.STACKONE_REQUIRE_DIST === "1";
if (!python && !required) {
  // oxlint-disable-next-line no-console
  console.warn(
    "tests/release/dist.test.ts: skipped, no python3 with venv (set STACKONE_REQUIRE_DIST=1 to fail instead)",
  );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dist-test-"));
const out = path.join(tmp, "release");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const version = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { version: string }).version;
const pkgJson = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as { name: string; version: string };
const arch = process.arch === "x64" ? "amd64" : process.arch;
const PLUGINS: Record<string, { schema: string; main: string }> = {
  pingone: { schema: "pingone/provider/schema.json", main: "dist/pingone/provider/main.js" },
  stackone: { schema: "stackone/schema.json", main: "dist/stackone/provider/main.js" },
};
const NPM = ["sdk/nodejs/pingone", "stackone/nodejs"].map((dir) => ({ dir, ...pkgJson(dir) }));
const PYTHON = fs
  .readdirSync(path.join(ROOT, "sdk/python"))
  .map((dir) =>
    /name = "(.+)"[\s\S]*?version = "(.+)"/.exec(
      fs.readFileSync(path.join(ROOT, "sdk/python", dir, "pyproject.toml"), "utf8"),
    )!,
  )
  .map(([, name, v]) => ({ name, version: v }));

const tarList = (file: string) =>
  execFileSync("tar", ["tzvf", file], { encoding: "utf8", maxBuffer: 64 << 20 })
    .trim()
    .split("\n");
const tarFiles = (file: string) =>
  execFileSync("tar", ["tzf", file], { encoding: "utf8", maxBuffer: 64 << 20 })
    .trim()
    .split("\n");

/** Starts a plugin's launcher and resolves with the first line it prints (a plugin prints its port), then stops it. */
function firstLine(launcher: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(launcher, [], { cwd: path.dirname(launcher), env: { PATH: process.env.PATH } });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => (child.kill(), reject(new Error(`${launcher} printed no port in 30 s; stderr: ${stderr}`))),
      30_000,
    );
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("\n")) {
        clearTimeout(timer);
        child.kill();
        resolve(stdout.split("\n")[0]);
      }
    });
    child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`${launcher} exited ${code}: ${stderr}`))));
  });
}

describe.skipIf(!python && !required)("npm run dist", () => {
  beforeAll(() => {
    const run = spawnSync("npm", ["run", "-s", "dist", "--", "--out-dir", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 900_000,
    });
    if (run.status !== 0) throw new Error(`npm run dist failed (${run.status}):\n${run.stderr}`);
  }, 900_000);

  it("writes exactly the plugins', npm packages' and Python SDKs' artifacts under their tools' names, with checksums", () => {
    const expected = [
      "SHA256SUMS",
      ...Object.entries(PLUGINS).map(
        ([name, p]) => `pulumi-resource-${name}-v${version(p.schema)}-${process.platform}-${arch}.tar.gz`,
      ),
      ...NPM.map((p) => `${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`),
      ...PYTHON.flatMap((p) => [`${p.name}-${p.version}.tar.gz`, `${p.name}-${p.version}-py3-none-any.whl`]),
    ].sort();
    expect(fs.readdirSync(out).sort()).toEqual(expected);
    const sums = fs
      .readFileSync(path.join(out, "SHA256SUMS"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+\*?/)[1]);
    expect(sums.sort()).toEqual(expected.filter((f) => f !== "SHA256SUMS"));
    expect(NPM.map((p) => p.version)).toEqual([version(PLUGINS.pingone.schema), version(PLUGINS.stackone.schema)]);
  });

  for (const [name, plugin] of Object.entries(PLUGINS)) {
    it(`the ${name} plugin tarball is self-contained: its launcher runs node, no dev dependency, and unpacked alone it starts`, async () => {
      const file = path.join(
        out,
        `pulumi-resource-${name}-v${version(plugin.schema)}-${process.platform}-${arch}.tar.gz`,
      );
      const launcherEntry = tarList(file).find((l) => l.endsWith(` ./pulumi-resource-${name}`));
      expect(launcherEntry).toMatch(/^-rwxr-xr-x/);
      const files = tarFiles(file);
      expect(files).toContain(`./${plugin.main}`);
      // The project's own dev dependencies (@types/node is not among them: protobufjs, under @grpc/grpc-js, depends on it).
      for (const dev of ["typescript", "vitest", "vite", "fast-check", "@pulumi/policy", "openapi-backend", "yaml"]) {
        expect(files.filter((f) => f.startsWith(`./node_modules/${dev}/`))).toEqual([]);
      }
      expect(files.filter((f) => f.startsWith("./dist/") && f.endsWith(".ts"))).toEqual([]);
      const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
      execFileSync("tar", ["xzf", file, "-C", dir]);
      expect(fs.readFileSync(path.join(dir, `pulumi-resource-${name}`), "utf8")).toContain(
        `exec node "$(cd "$(dirname "$0")" && pwd)/${plugin.main}" "$@"`,
      );
      expect(await firstLine(path.join(dir, `pulumi-resource-${name}`))).toMatch(/^\d+$/);
      if (name === "stackone") {
        // Construct's module is loaded on demand: it, the component and the pingone SDK resolve from the tarball alone.
        const loaded = spawnSync(
          "node",
          [
            "-e",
            "require('./dist/stackone/provider/construct.js'); console.log(typeof require('@stackone/pulumi-pingone').Application)",
          ],
          { cwd: dir, encoding: "utf8" },
        );
        expect(loaded.stderr).toBe("");
        expect(loaded.stdout.trim()).toBe("function");
      }
    }, 60_000);
  }

  it("the npm tarballs hold compiled JS and declarations under the packages' names, versions and entries", () => {
    for (const p of NPM) {
      const file = path.join(out, `${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`);
      const files = tarFiles(file);
      const manifest = JSON.parse(
        execFileSync("tar", ["xzf", file, "-O", "package/package.json"], { encoding: "utf8" }),
      ) as { name: string; version: string; main: string; types: string };
      expect([manifest.name, manifest.version]).toEqual([p.name, p.version]);
      expect(files).toContain(`package/${manifest.main}`);
      expect(files).toContain(`package/${manifest.types}`);
      expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
      expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    }
  });

  it("the npm tarballs install into an empty project outside the repository and load", () => {
    const project = fs.mkdtempSync(path.join(tmp, "npm-project-"));
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "outside", version: "1.0.0", private: true }),
    );
    const tgz = NPM.map((p) => path.join(out, `${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`));
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tgz], {
      cwd: project,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(install.status, install.stderr).toBe(0);
    const loaded = spawnSync(
      "node",
      [
        "-e",
        "const s = require('@stackone/pulumi-stackone'); const p = require('@stackone/pulumi-pingone'); console.log([typeof s.pingone.WorkerApp, s.pingone.WorkerApp === s.StackOneWorkerApp, typeof p.Application].join(' '))",
      ],
      { cwd: project, encoding: "utf8" },
    );
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout.trim()).toBe("function true function");
  }, 300_000);

  it("each Python SDK's wheel installs and imports in a fresh virtualenv, and its sdist holds the same package", () => {
    const venv = path.join(tmp, "venv");
    execFileSync("python3", ["-m", "venv", venv]);
    for (const p of PYTHON) {
      const sdist = tarFiles(path.join(out, `${p.name}-${p.version}.tar.gz`));
      expect(sdist).toContain(`${p.name}-${p.version}/pyproject.toml`);
      expect(sdist).toContain(`${p.name}-${p.version}/${p.name}/__init__.py`);
      const install = spawnSync(
        path.join(venv, "bin", "pip"),
        [
          "install",
          "--quiet",
          "--disable-pip-version-check",
          path.join(out, `${p.name}-${p.version}-py3-none-any.whl`),
        ],
        { encoding: "utf8", timeout: 600_000 },
      );
      expect(install.status, install.stderr).toBe(0);
      const imported = spawnSync(
        path.join(venv, "bin", "python"),
        ["-c", `import importlib.metadata as m, ${p.name}; print(m.version("${p.name}"), ${p.name}.__name__)`],
        { cwd: tmp, encoding: "utf8" },
      );
      expect(imported.stderr).toBe("");
      expect(imported.stdout.trim()).toBe(`${p.version} ${p.name}`);
    }
  }, 600_000);
});
