import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { childCpuMs } from "./cli";
import { apiSpanMs, countCalls, maskPath, type CallCounts } from "./count";
import { commandArgs, OPERATIONS } from "./operations";
import { readStartup } from "./program";
import { renderReport, verdicts, type BenchResults, type OpSample } from "./report";
import { formatCount, formatSeconds, renderTable, summarize } from "./stats";

describe("parseArgs", () => {
  it("has the documented defaults", () => {
    expect(parseArgs([])).toEqual({ runs: 3, latencyMs: 100, chaos: true, chaosRate: 0.3, trace: false, keep: false, seed: 1, help: false });
  });

  it("reads every option, in both spellings", () => {
    expect(parseArgs(["--runs", "5", "--latency-ms=50", "--no-chaos", "--chaos-rate", "0.5", "--cli-bin", "/x", "--trace", "--keep", "--json=o.json", "--seed", "7", "--profile", "p"])).toEqual({
      runs: 5, latencyMs: 50, chaos: false, chaosRate: 0.5, cliBin: "/x", trace: true, keep: true, jsonPath: "o.json", seed: 7, profileDir: "p", help: false,
    });
  });

  it("names the option, the value and what is allowed", () => {
    expect(() => parseArgs(["--runs", "0"])).toThrow('--runs: got "0"; expected an integer from 1 to 20');
    expect(() => parseArgs(["--runs"])).toThrow("--runs: got no value; expected an integer from 1 to 20");
    expect(() => parseArgs(["--chaos-rate", "1.5"])).toThrow('--chaos-rate: got "1.5"; expected a number between 0 and 1, e.g. 0.3');
    expect(() => parseArgs(["--fast"])).toThrow('unknown option "--fast"; run with --help for the list');
    expect(() => parseArgs(["--source"])).toThrow("--source: got no value; expected a directory holding Pulumi.yaml");
  });

  it("reads --source and --report", () => {
    expect(parseArgs(["--source", "/tmp/p", "--report=r.json"])).toMatchObject({ source: "/tmp/p", reportFrom: "r.json" });
  });
});

describe("stats", () => {
  it("takes the median, min and max", () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(() => summarize([])).toThrow("summarize: no values");
  });

  it("formats seconds with a spread, counts with a range", () => {
    expect(formatSeconds(summarize([1234, 1500, 990]))).toBe("1.23 (0.99–1.50)");
    expect(formatSeconds(summarize([1234]))).toBe("1.23");
    expect(formatCount([5, 5, 5])).toBe("5");
    expect(formatCount([6, 5, 5])).toBe("5–6");
  });

  it("renders an aligned table", () => {
    expect(renderTable(["op", "calls"], [["first up", "9"], ["refresh", "12"]])).toBe(
      ["op        calls", "--------  -----", "first up      9", "refresh      12"].join("\n"),
    );
  });
});

describe("countCalls", () => {
  it("separates token calls, counts API calls by method, 429s and other failures", () => {
    const counts = countCalls([
      { method: "POST", path: "/a1b2/as/token", status: 200 },
      { method: "POST", path: "/v1/environments/e/applications", status: 429 },
      { method: "POST", path: "/v1/environments/e/applications", status: 201 },
      { method: "GET", path: "/v1/environments/e/applications/x/secret", status: 200 },
      { method: "PUT", path: "/v1/environments/e/applications/x", status: 400 },
      { method: "DELETE", path: "/v1/environments/e/applications/x", status: 204 },
      { method: "PATCH", path: "/v1/environments/e/applications/x", status: 405 },
      { method: "GET", path: "/__emulator/requests", status: 200 },
    ]);
    expect(counts).toEqual<CallCounts>({ total: 7, token: 1, get: 1, post: 2, put: 1, delete: 1, other: 1, throttled: 1, failed: 2 });
  });

  it("measures the span of PingOne requests from the first response back one latency to the last response", () => {
    expect(apiSpanMs([{ at: 1500 }, { at: 1100 }, { at: 1300 }], 100)).toBe(500);
    expect(apiSpanMs([{ at: 42 }], 0)).toBe(0);
    expect(apiSpanMs([], 100)).toBeUndefined();
  });

  it("masks ids in paths", () => {
    expect(maskPath("/v1/environments/3f2a9c1e-1111-4222-8333-944455556666/applications/abcdefghijklmnopqrstuv/secret")).toBe(
      "/v1/environments/{id}/applications/{id}/secret",
    );
  });
});

describe("childCpuMs", () => {
  it("reads the children's line of bash's times", () => {
    expect(childCpuMs("0m0.004s 0m0.002s\n0m1.921s 0m0.221s\n")).toBe(2142);
    expect(childCpuMs("0m0.004s 0m0.002s\n1m2.500s 0m0.500s\n")).toBe(63000);
    expect(childCpuMs("")).toBeNaN();
  });
});

describe("operations", () => {
  it("builds non-interactive commands; changing ones skip the separate preview", () => {
    const byId = Object.fromEntries(OPERATIONS.map((o) => [o.id, o]));
    expect(commandArgs(byId["noop-preview"], "s")).toEqual(["preview", "--stack", "s", "--non-interactive", "--color", "never", "--expect-no-changes"]);
    expect(commandArgs(byId["first-up"], "s")).toEqual(["up", "--stack", "s", "--non-interactive", "--color", "never", "--yes", "--skip-preview"]);
    expect(commandArgs(byId["destroy"], "s")).toEqual(["destroy", "--stack", "s", "--non-interactive", "--color", "never", "--yes", "--skip-preview"]);
  });

  it("gives every minimum its reasoning", () => {
    for (const o of OPERATIONS) {
      expect(o.minimum.reasoning.length, o.id).toBeGreaterThan(0);
      expect(o.minimum.criticalPath, o.id).toBeLessThanOrEqual(o.minimum.api + o.minimum.token);
    }
  });
});

describe("readStartup", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  function project(pulumiYaml: string, tsconfigs: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-startup-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
    for (const [name, body] of Object.entries(tsconfigs)) fs.writeFileSync(path.join(dir, name), JSON.stringify(body));
    return dir;
  }

  it("follows extends to find noCheck", () => {
    const dir = project("name: p\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\n", {
      "tsconfig.json": { compilerOptions: { strict: true } },
      "tsconfig.pulumi.json": { extends: "./tsconfig.json", compilerOptions: { noCheck: true } },
    });
    expect(readStartup(dir)).toEqual({
      runtimeBlock: "runtime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\n",
      tsconfig: "tsconfig.pulumi.json",
      noCheck: true,
      detail: "Pulumi.yaml runtime.options.tsconfig = tsconfig.pulumi.json, which sets noCheck: transpile only",
    });
  });

  it("reports a program that type-checks on every command", () => {
    const dir = project("name: p\nruntime: nodejs\n", {});
    expect(readStartup(dir)).toMatchObject({ noCheck: false, detail: "Pulumi.yaml names no runtime.options.tsconfig: ts-node type-checks the program on every command" });
  });
});

describe("verdicts", () => {
  const zeroCounts: CallCounts = { total: 0, token: 0, get: 0, post: 0, put: 0, delete: 0, other: 0, throttled: 0, failed: 0 };
  const sample = (op: OpSample["op"], ms: number, counts: Partial<CallCounts> = {}): OpSample => ({ op, ms, cpuMs: ms / 2, ok: true, counts: { ...zeroCounts, ...counts } });

  function results(previewMs: number, firstUp: Partial<CallCounts>, latencyFirstUpMs: number, hostStartupMs?: number[]): BenchResults {
    const refresh = { total: 5, token: 1, get: 4 };
    return {
      date: "2026-01-01T00:00:00.000Z",
      machine: { cpu: "cpu", cores: 2, node: "v20", cli: "v3", sdk: "3", os: "Linux" },
      startup: { tsconfig: "tsconfig.pulumi.json", noCheck: true, detail: "d" },
      latencyMs: 100,
      runs: [
        {
          empty: [sample("noop-preview", 1000), sample("first-up", 1000)],
          floor: [sample("noop-preview", 1400)],
          zero: [sample("noop-preview", previewMs), sample("first-up", 2000, firstUp), sample("refresh", 1500, refresh)],
          latency: [sample("noop-preview", previewMs), sample("first-up", latencyFirstUpMs, firstUp), sample("refresh", 1700, refresh)],
          ...(hostStartupMs ? { hostStartupMs } : {}),
        },
      ],
    };
  }

  it("meets the targets with figures inside them", () => {
    const v = verdicts(results(1200, { total: 10, token: 1, post: 4, get: 5 }, 2600));
    expect(v.map((x) => [x.met, x.detail])).toEqual([
      [true, "0 calls; wall 1.20× the empty program (fastest runs 1.20×), CPU 1.20×; a program with one trivial dynamic resource: 1.40×"],
      [true, "10 calls, minimum 10"],
      [true, "1.04× (fastest runs 1.04×)"],
      [true, "4 GETs, 4 API calls, 1 token calls"],
      [true, "at most 1 per command"],
      [true, "d"],
    ]);
  });

  it("misses them with figures outside", () => {
    const v = verdicts(results(1400, { total: 13, token: 2, post: 4, get: 7 }, 4000));
    expect(v.map((x) => [x.met, x.detail])).toEqual([
      [false, "0 calls; wall 1.40× the empty program (fastest runs 1.40×), CPU 1.40×; a program with one trivial dynamic resource: 1.40×"],
      [false, "13 calls, minimum 10"],
      [false, "1.60× (fastest runs 1.60×)"],
      [true, "4 GETs, 4 API calls, 1 token calls"],
      [false, "at most 2 per command"],
      [true, "d"],
    ]);
  });

  it("puts the dynamic-provider host's own start-up beside the no-op preview, as the floor no program avoids", () => {
    const r = results(1400, { total: 10, token: 1, post: 4, get: 5 }, 2600, [380, 420, 400]);
    expect(verdicts(r)[0]).toEqual({
      target: "no-op preview: 0 PingOne calls, wall ≤ 1.3× the empty program's preview",
      met: false,
      detail:
        "0 calls; wall 1.40× the empty program (fastest runs 1.40×), CPU 1.40×; a program with one trivial dynamic resource: 1.40×; " +
        "the dynamic-provider host alone starts in 0.40 (0.38–0.42) s, so empty + host start = 1.40×",
    });
    expect(renderReport(r)).toContain(
      "dynamic-provider host start-up alone (spawn to listening, 3 times): 0.40 (0.38–0.42) s — on the critical path of\n" +
        "every command that runs a program with dynamic resources: the engine starts the host at the first registration.",
    );
    expect(renderReport(results(1400, { total: 10, token: 1, post: 4, get: 5 }, 2600))).not.toContain("host start-up");
  });
});
