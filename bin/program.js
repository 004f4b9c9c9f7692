// The stack program as the Pulumi language host runs it (package.json "main"): dist/index.js, compiled from index.ts
// and what it imports (tsconfig.program.json). When a source is newer than that output, or it is missing, it is
// compiled first (transpile only, a few seconds), so editing the TypeScript is all a user does; every other run
// starts from JavaScript without loading a TypeScript compiler (docs/performance.md). The generated Node.js SDKs it
// uses (sdk/nodejs/<package>, built into their bin/) are rebuilt the same way when one of their sources is newer.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "index.js");

/**
 * The newest modification time of the files in and under `roots` that `counts` accepts, not descending into folders
 * named in `skip`; 0 when there are none.
 */
function newestFile(roots, counts, skip = []) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (!skip.includes(path.basename(p))) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (counts(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of roots) visit(p);
  return newest;
}

/** The newest modification time of the program's sources: the entries, its config module, components/ and pingone/. */
function newestSource() {
  const sources = [
    "start.ts",
    "index.ts",
    "config.ts",
    "pulumiInternals.ts",
    "components",
    "pingone",
    "tsconfig.json",
    "tsconfig.program.json",
  ];
  return newestFile(
    sources.map((p) => path.join(root, p)),
    (p) => (p.endsWith(".ts") && !p.endsWith(".test.ts")) || p.endsWith(".json"),
  );
}

function builtAt() {
  try {
    return fs.statSync(entry).mtimeMs;
  } catch {
    return -1;
  }
}

/** The newest modification time of the TypeScript sources and tsconfig.json directly in and under dir. */
function newestIn(dir, skip) {
  return newestFile([dir], (p) => p.endsWith(".ts") || p.endsWith(".json"), skip);
}

// The generated SDKs first: the program's modules require them. Each must have been generated from the schema in the
// repository (tools/gen records the schema's SHA-256 in generated-from.json): an SDK generated from another version
// of it would register what the plugin no longer declares, so the program stops and names the command.
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const sdkRoot = path.join(root, "sdk", "nodejs");
for (const name of fs.existsSync(sdkRoot) ? fs.readdirSync(sdkRoot) : []) {
  const dir = path.join(sdkRoot, name);
  const from = JSON.parse(fs.readFileSync(path.join(dir, "generated-from.json"), "utf8"));
  const schemaFile = path.join(root, from.schema);
  if (fs.existsSync(schemaFile)) {
    const sha256 = require("crypto").createHash("sha256").update(fs.readFileSync(schemaFile)).digest("hex");
    if (sha256 !== from.sha256) {
      throw new Error(
        `the ${name} SDK (sdk/nodejs/${name}) was generated from another version of ${from.schema}: run \`npm run gen\` (needs Go), then the command again`,
      );
    }
  }
  const built = path.join(dir, "bin", "index.js");
  let builtTime = -1;
  try {
    builtTime = fs.statSync(built).mtimeMs;
  } catch {}
  if (builtTime < newestIn(dir, ["bin", "node_modules"])) {
    process.stderr.write(
      `compiling the ${name} SDK (tsc -b sdk/nodejs/${name}): a source is newer than its bin/index.js\n`,
    );
    try {
      execFileSync(process.execPath, [tsc, "-b", dir], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    } catch (err) {
      throw new Error(`could not compile the ${name} SDK (tsc -b sdk/nodejs/${name}): ${err.message}`);
    }
    // tsc -b leaves an output it did not need to rewrite as it was; mark the build done for the next run's check.
    const now = new Date();
    fs.utimesSync(built, now, now);
  }
}

if (builtAt() < newestSource()) {
  process.stderr.write("compiling the program (tsconfig.program.json): a source is newer than dist/index.js\n");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.program.json")], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
  } catch (err) {
    // Transpile-only emit still writes JavaScript for files with errors; only a missing entry is fatal.
    if (builtAt() < 0) throw new Error(`could not compile the program (tsc -p tsconfig.program.json): ${err.message}`);
  }
  // The entry is rewritten only when its own text changes; mark the build done for the next run's check.
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

// The program's first import (start.ts) asks the pingone provider for its version, so that the engine starts
// the plugin while the program's other modules load. The SDK sends that request asynchronously, after a few promise
// steps, and the program's modules load synchronously: required in one go, they would hold the event loop until the
// program had built every resource, and the request would reach the engine only with them, the plugin starting after
// the program instead of beside it. So the start goes first, on its own; the program's modules load once the request
// has left (two turns of the event loop: the SDK's promise steps, then gRPC's write to the engine's socket). The
// exports are the same module object either way: the language host awaits a promise the program exports, and a
// failure to load reaches it the same way as a throw from require (the catch below only keeps Node from calling the
// rejection unhandled before the language host's await; its handler would count it as a second, uncaught, error).
// First of all, the SDK's promise tags lose their stack traces, which nobody reads (pulumiInternals.ts).
require(path.join(root, "dist", "pulumiInternals.js")).quietPromiseStacks();
require(path.join(root, "dist", "start.js"));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const program = nextTurn()
  .then(nextTurn)
  .then(() => require(entry));
program.catch(() => undefined);
module.exports = program;
