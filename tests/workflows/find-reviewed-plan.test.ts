/**
 * .github/scripts/find-reviewed-plan.sh, which decides whether the deploy may apply the plan saved on the pull
 * request, run against a stand-in `gh` that answers from fixtures with the real jq filters (jq required).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const script = resolve(__dirname, "../../.github/scripts/find-reviewed-plan.sh");
const jqInstalled = spawnSync("jq", ["--version"]).status === 0;
if (!jqInstalled && process.env.CI === "true") throw new Error("CI=true but jq is not installed");

const REPO = "acme/stackone-pingone";
const MERGE = "1111111111111111111111111111111111111111";
const HEAD = "2222222222222222222222222222222222222222";

/** A `gh` that logs its arguments and answers `api <path>` and `run list --commit <sha>` from fixture files. */
const FAKE_GH = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$*" >> "$FAKE_GH_DIR/calls"
expr=""
args=("$@")
for ((i = 0; i < \${#args[@]}; i++)); do
  if [[ "\${args[i]}" == "--jq" ]]; then expr="\${args[i+1]}"; fi
  if [[ "\${args[i]}" == "--commit" ]]; then commit="\${args[i+1]}"; fi
done
if [[ "$1" == "api" ]]; then file="$FAKE_GH_DIR/api/\${2//\\//_}.json"; else file="$FAKE_GH_DIR/runs/\${commit}.json"; fi
if [[ ! -f "$file" ]]; then echo "gh: Not Found (HTTP 404)" >&2; exit 1; fi
jq -r "$expr" "$file"
`;

describe.skipIf(!jqInstalled)("find-reviewed-plan.sh", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "reviewed-plan-"));
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "api"));
    mkdirSync(join(dir, "runs"));
    writeFileSync(join(dir, "bin/gh"), FAKE_GH);
    chmodSync(join(dir, "bin/gh"), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const api = (path: string, body: unknown) =>
    writeFileSync(join(dir, "api", `${path.replace(/\//g, "_")}.json`), JSON.stringify(body));
  const pulls = (body: unknown) => api(`repos/${REPO}/commits/${MERGE}/pulls`, body);
  const tree = (sha: string, treeSha: string) =>
    api(`repos/${REPO}/commits/${sha}`, { sha, commit: { tree: { sha: treeSha } } });

  function run() {
    writeFileSync(join(dir, "output"), "");
    const result = spawnSync("bash", [script], {
      encoding: "utf8",
      env: {
        PATH: `${join(dir, "bin")}:${process.env.PATH}`,
        FAKE_GH_DIR: dir,
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: MERGE,
        GITHUB_OUTPUT: join(dir, "output"),
      },
    });
    return {
      status: result.status,
      outputs: readFileSync(join(dir, "output"), "utf8"),
      stderr: result.stderr,
    };
  }

  it("finds no plan when no merged pull request leads to the commit", () => {
    pulls([{ number: 7, merged_at: null, head: { sha: HEAD } }]);
    expect(run()).toMatchObject({ status: 0, outputs: `reason=no merged pull request leads to ${MERGE}\n` });
  });

  it("refuses the plan of a pull request whose head has another tree", () => {
    pulls([{ number: 12, merged_at: "2026-11-28T10:00:00Z", head: { sha: HEAD } }]);
    tree(HEAD, "aaaa");
    tree(MERGE, "bbbb");
    expect(run()).toMatchObject({
      status: 0,
      outputs: `pr=12\nreason=pull request #12 was reviewed at ${HEAD}, whose tree differs from ${MERGE}\n`,
    });
  });

  it("finds no plan when the head has no successful pull-request run", () => {
    pulls([{ number: 12, merged_at: "2026-11-28T10:00:00Z", head: { sha: HEAD } }]);
    tree(HEAD, "aaaa");
    tree(MERGE, "aaaa");
    writeFileSync(join(dir, "runs", `${HEAD}.json`), "[]");
    expect(run()).toMatchObject({ status: 0, outputs: `pr=12\nreason=no successful pull-request run for ${HEAD}\n` });
  });

  it("names the run holding the plan when the trees match", () => {
    pulls([
      { number: 9, merged_at: null, head: { sha: "3333333333333333333333333333333333333333" } },
      { number: 12, merged_at: "2026-11-28T10:00:00Z", head: { sha: HEAD } },
    ]);
    tree(HEAD, "aaaa");
    tree(MERGE, "aaaa");
    writeFileSync(join(dir, "runs", `${HEAD}.json`), JSON.stringify([{ databaseId: 987654 }]));
    expect(run()).toMatchObject({ status: 0, outputs: "pr=12\nrun-id=987654\n" });
    const calls = readFileSync(join(dir, "calls"), "utf8").split("\n");
    expect(calls[3]).toBe(
      `run list --repo ${REPO} --workflow pull-request.yml --commit ${HEAD} --status success --limit 1 --json databaseId ` +
        "--jq .[0].databaseId // empty",
    );
  });

  it("fails when GitHub cannot be asked", () => {
    const result = run();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("gh: Not Found (HTTP 404)");
    expect(result.outputs).toBe("");
  });
});

describe.skipIf(jqInstalled)("find-reviewed-plan.sh (no jq)", () => {
  it.skip("skipped: jq is not installed (the stand-in gh applies the script's jq filters with it)", () => {});
});
