/**
 * bin/program.js refuses to run the program with a Node.js SDK generated from another version of its schema than
 * the repository's (tools/gen records the schema's SHA-256 in sdk/nodejs/<package>/generated-from.json), naming the
 * command that regenerates it; with the repository's own, the check passes.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "program-sdk-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("bin/program.js and the generated SDK's schema", () => {
  it("the checked-in SDK names the repository's schema and its SHA-256", () => {
    const from = JSON.parse(fs.readFileSync(path.join(ROOT, "sdk/nodejs/pingone/generated-from.json"), "utf8")) as {
      schema: string;
      sha256: string;
    };
    expect(from).toEqual({
      schema: "pingone/provider/schema.json",
      sha256: createHash("sha256")
        .update(fs.readFileSync(path.join(ROOT, "pingone/provider/schema.json")))
        .digest("hex"),
    });
  });

  it("stops, naming npm run gen, when the schema changed after the SDK was generated", () => {
    const root = path.join(tmp, "project");
    fs.mkdirSync(path.join(root, "bin"), { recursive: true });
    for (const f of ["bin/program.js"]) fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
    fs.cpSync(
      path.join(ROOT, "sdk/nodejs/pingone/generated-from.json"),
      path.join(root, "sdk/nodejs/pingone/generated-from.json"),
      { recursive: true },
    );
    fs.mkdirSync(path.join(root, "pingone/provider"), { recursive: true });
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "pingone/provider/schema.json"), "utf8")) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(
      path.join(root, "pingone/provider/schema.json"),
      JSON.stringify({ ...schema, description: "Edited." }),
    );
    let stderr = "";
    try {
      execFileSync(process.execPath, ["-e", `require(${JSON.stringify(path.join(root, "bin/program.js"))})`], {
        cwd: root,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (err) {
      stderr = (err as { stderr: string }).stderr;
    }
    expect(stderr).toContain(
      "Error: the pingone SDK (sdk/nodejs/pingone) was generated from another version of pingone/provider/schema.json: run `npm run gen` (needs Go), then the command again",
    );
  });
});
