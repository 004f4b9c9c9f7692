import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { childCpuMs } from "./cli";
import { apiSpanMs, countCalls, maskPath, type CallCounts } from "./count";
import { commandArgs, OPERATIONS } from "./operations";
import { baselineRuntimes, providerPluginPath, readProgramStart } from "./program";
import { renderReport, verdicts, type BenchResults, type OpSample } from "./report";
import { formatCount, formatSeconds, renderTable, summarize } from "./stats";
import { parseTimeline, timelineTable } from "./timeline";

describe("parseArgs", () => {
  it("has the documented defaults", () => {
    expect(parseArgs([])).toEqual({
      runs: 3,
      latencyMs: 100,
      chaos: true,
      chaosRate: 0.3,
      trace: false,
      keep: false,
      seed: 1,
      help: false,
    });
  });

  it("reads every option, in both spellings", () => {
    expect(
      parseArgs([
        "--runs",
        "5",
        "--latency-ms=50",
        "--no-chaos",
        "--chaos-rate",
        "0.5",
        "--cli-bin",
        "/x",
        "--trace",
        "--keep",
        "--json=o.json",
        "--seed",
        "7",
        "--profile",
        "p",
      ]),
    ).toEqual({
      runs: 5,
      latencyMs: 50,
      chaos: false,
      chaosRate: 0.5,
      cliBin: "/x",
      trace: true,
      keep: true,
      jsonPath: "o.json",
      seed: 7,
      profileDir: "p",
      help: false,
    });
  });

  it("names the option, the value and what is allowed", () => {
    expect(() => parseArgs(["--runs", "0"])).toThrow('--runs: got "0"; expected an integer from 1 to 20');
    expect(() => parseArgs(["--runs"])).toThrow("--runs: got no value; expected an integer from 1 to 20");
    expect(() => parseArgs(["--chaos-rate", "1.5"])).toThrow(
      '--chaos-rate: got "1.5"; expected a number between 0 and 1, e.g. 0.3',
    );
    expect(() => parseArgs(["--fast"])).toThrow('unknown option "--fast"; run with --help for the list');
    expect(() => parseArgs(["--source"])).toThrow("--source: got no value; expected a directory holding Pulumi.yaml");
  });

  it("reads --source and --report", () => {
    expect(parseArgs(["--source", "/tmp/p", "--report=r.json"])).toMatchObject({
      source: "/tmp/p",
      reportFrom: "r.json",
    });
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
    expect(
      renderTable(
        ["op", "calls"],
        [
          ["first up", "9"],
          ["refresh", "12"],
        ],
      ),
    ).toBe(["op        calls", "--------  -----", "first up      9", "refresh      12"].join("\n"));
    expect(
      renderTable(
        ["a", "b", "n"],
        [
          ["x", "long text", "1"],
          ["yy", "t", "22"],
        ],
        2,
      ),
    ).toBe(["a   b           n", "--  ---------  --", "x   long text   1", "yy  t          22"].join("\n"));
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
    expect(counts).toEqual<CallCounts>({
      total: 7,
      token: 1,
      get: 1,
      post: 2,
      put: 1,
      delete: 1,
      other: 1,
      throttled: 1,
      failed: 2,
    });
  });

  it("measures the span of PingOne requests from the first response back one latency to the last response", () => {
    expect(apiSpanMs([{ at: 1500 }, { at: 1100 }, { at: 1300 }], 100)).toBe(500);
    expect(apiSpanMs([{ at: 42 }], 0)).toBe(0);
    expect(apiSpanMs([], 100)).toBeUndefined();
  });

  it("masks ids in paths", () => {
    expect(
      maskPath("/v1/environments/3f2a9c1e-1111-4222-8333-944455556666/applications/abcdefghijklmnopqrstuv/secret"),
    ).toBe("/v1/environments/{id}/applications/{id}/secret");
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
    expect(commandArgs(byId["noop-preview"], "s")).toEqual([
      "preview",
      "--stack",
      "s",
      "--non-interactive",
      "--color",
      "never",
      "--expect-no-changes",
    ]);
    expect(commandArgs(byId["first-up"], "s")).toEqual([
      "up",
      "--stack",
      "s",
      "--non-interactive",
      "--color",
      "never",
      "--yes",
      "--skip-preview",
    ]);
    expect(commandArgs(byId["destroy"], "s")).toEqual([
      "destroy",
      "--stack",
      "s",
      "--non-interactive",
      "--color",
      "never",
      "--yes",
      "--skip-preview",
    ]);
  });

  it("gives every minimum its reasoning", () => {
    for (const o of OPERATIONS) {
      expect(o.minimum.reasoning.length, o.id).toBeGreaterThan(0);
      expect(o.minimum.criticalPath, o.id).toBeLessThanOrEqual(o.minimum.api + o.minimum.token);
    }
  });
});

describe("readProgramStart", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-startup-"));
    dirs.push(dir);
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    return dir;
  }

  it("reads a precompiled program: typescript false and package.json main", () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
      "package.json": JSON.stringify({ name: "p", main: "bin/program.js" }),
    });
    expect(readProgramStart(dir)).toEqual({
      runtime: "nodejs",
      options: { typescript: false },
      main: "bin/program.js",
      typescript: false,
      detail:
        'Pulumi.yaml runtime nodejs, typescript: false: the language host runs package.json "main" (bin/program.js) as plain JavaScript, no TypeScript compiler loaded',
    });
  });

  it("reads a TypeScript program, with its tsconfig, and one with no options nor main", () => {
    const ts = project({
      "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\n",
      "package.json": "{}",
    });
    expect(readProgramStart(ts)).toMatchObject({
      typescript: true,
      main: undefined,
      detail:
        'Pulumi.yaml runtime nodejs, tsconfig: "tsconfig.pulumi.json": the language host loads ts-node and runs the directory\'s index (package.json names no "main") as TypeScript (tsconfig tsconfig.pulumi.json)',
    });
    const bare = project({ "Pulumi.yaml": "name: p\nruntime: nodejs\n" });
    expect(readProgramStart(bare)).toEqual({
      runtime: "nodejs",
      options: {},
      main: undefined,
      typescript: true,
      detail:
        'Pulumi.yaml runtime nodejs, no options: the language host loads ts-node and runs the directory\'s index (package.json names no "main") as TypeScript',
    });
  });

  it("fails on a directory without Pulumi.yaml", () => {
    const dir = project({});
    expect(() => readProgramStart(dir)).toThrow(`no Pulumi.yaml in ${dir}: the program to benchmark is missing`);
  });

  it("gives the baselines the project's runtime, one TypeScript (transpile only), one JavaScript", () => {
    expect(baselineRuntimes({ runtime: "nodejs", options: { typescript: false, nodeargs: "--no-warnings" } })).toEqual({
      ts: "runtime:\n  name: nodejs\n  options:\n    nodeargs: --no-warnings\n    typescript: true\n    tsconfig: tsconfig.pulumi.json\n",
      js: "runtime:\n  name: nodejs\n  options:\n    nodeargs: --no-warnings\n    typescript: false\n",
    });
  });

  it("finds the plugin's executable from plugins.providers", () => {
    const dir = project({
      "Pulumi.yaml":
        "name: p\nplugins:\n  providers:\n    - name: other\n      path: ./x\n    - name: pingone\n      path: ./bin\n",
      "bin/pulumi-resource-pingone": "#!/bin/sh\n",
    });
    expect(providerPluginPath(dir)).toBe(path.join(dir, "bin", "pulumi-resource-pingone"));
    expect(() => providerPluginPath(dir, "absent")).toThrow(
      `${path.join(dir, "Pulumi.yaml")}: plugins.providers names no absent plugin with a path`,
    );
  });
});

describe("parseTimeline", () => {
  const start = Date.parse("2026-12-01T10:00:00.000Z");
  const line = (ms: number, msg: string): string =>
    JSON.stringify({ time: new Date(start + ms).toISOString().replace("Z", "123456Z"), level: "INFO", msg, v: 7 });
  const urn = (type: string, name: string): string => `urn:pulumi:s::p::stackone:pingone:WorkerApp$${type}::${name}`;
  const provider = "urn:pulumi:s::p::pulumi:providers:pingone::default";
  const log = [
    line(5, "Pulumi 3.248.0"),
    "not json: a plugin's stray stderr",
    "{not json either",
    line(
      300,
      "langhost[nodejs].Run(pwd=/p,root=/p, program=/p, entryPoint=.,#args=0,proj=p,stack=s,#config=3,dryrun=true) executing",
    ),
    line(650, "ResourceMonitor.RegisterResource received: t=pulumi:pulumi:Stack, name=p-s, custom=false, #props=0"),
    line(700, "ResourceMonitor.RegisterResource received: t=stackone:pingone:WorkerApp, name=stackone, custom=false"),
    line(800, `ProviderRegistry.Check(urn:pulumi:s::p::pulumi:providers:random::default) executing (#olds=0,#news=0)`),
    line(850, `ProviderRegistry.Check(${provider}) executing (#olds=0,#news=0)`),
    line(900, "Provider[0xrandom].GetPluginInfo() success (#version=4.0.0) success"),
    line(990, "Handshake: success [/p/bin/pulumi-resource-pingone]"),
    line(1000, "Provider[0xabc].GetPluginInfo() success (#version=0.1.0) success"),
    line(1001, `Provider[0xabc].CheckConfig(${provider}) executing (#olds=0,#news=0)`),
    line(1002, `Provider[0xabc].CheckConfig(${provider}) success: inputs=#0 failures=#0`),
    line(1003, `Provider[0xabc].DiffConfig(${provider}): executing`),
    line(1010, `Provider[0xabc].Check(${urn("pingone:index:Application", "app")}) executing (#olds=14,#news=14)`),
    line(1020, `Provider[0xrandom].Check(urn:pulumi:s::p::random:index:RandomId::r) executing (#olds=1,#news=1)`),
    line(1100, `Provider[0xabc].Check(${urn("pingone:index:Application", "app")}) success: inputs=#14 failures=#0`),
    line(1150, `Provider[0xabc].Diff(${urn("pingone:index:Application", "app")},id-1): executing (#oldInputs=14)`),
    line(1200, `Provider[0xabc].Diff(${urn("pingone:index:Application", "app")},id-1) success: changes=1 #replaces=[]`),
    line(1250, `Provider[0xrandom].Diff(urn:pulumi:s::p::random:index:RandomId::r,id-2) success: changes=1`),
    JSON.stringify({ time: "yesterday", msg: "Provider[0xabc].Create(urn:x) success" }),
    JSON.stringify({ msg: "no time" }),
    line(
      1300,
      "langhost[nodejs].Run(pwd=/p,root=/p, program=/p, entryPoint=.,...,dryrun=true) success: progerr=, bail=false",
    ),
    line(1320, "*** Update(preview=true) complete ***"),
  ].join("\n");

  it("finds every marker of a command, relative to its spawn, and only the pingone provider's operations", () => {
    expect(parseTimeline(log, start, start + 1350)).toEqual({
      cliStart: 0,
      run: 300,
      stack: 650,
      provider: 850,
      pluginInfo: 1000,
      firstCheck: 1010,
      lastOp: 1200,
      runDone: 1300,
      cliExit: 1350,
    });
  });

  it("leaves out what it cannot find, and never throws", () => {
    expect(parseTimeline("", start, start + 400)).toEqual({ cliStart: 0, cliExit: 400 });
    expect(parseTimeline('garbage\n{}\n[1,2]\nnull\n"text"', start, NaN)).toEqual({ cliStart: 0 });
    // A program whose provider never started: the markers after the registration stay absent.
    const partial = log.split("\n").slice(0, 8).join("\n");
    expect(parseTimeline(partial, start, start + 9000)).toEqual({
      cliStart: 0,
      run: 300,
      stack: 650,
      provider: 850,
      cliExit: 9000,
    });
  });

  it("keeps no log text: only marker names and numbers come out", () => {
    const secret = "s3cr3t-value";
    const withSecret = `${log}\n${line(1210, `Planner decided to create 'x' (inputs=map[clientSecret:{${secret}}])`)}`;
    const parsed = parseTimeline(withSecret, start, start + 1350);
    expect(JSON.stringify(parsed)).not.toContain(secret);
    expect(Object.values(parsed).every((v) => typeof v === "number")).toBe(true);
  });

  it("prints a table of phases, – for a missing marker and the phases next to it", () => {
    const table = timelineTable([
      { label: "no-op preview", sample: { ms: 1350, ok: true, at: parseTimeline(log, start, start + 1350) } },
      {
        label: "first up",
        sample: { ms: 9000, ok: false, at: { cliStart: 0, run: 300, stack: 650, provider: 850, cliExit: 9000 } },
      },
    ]);
    expect(table).toBe(
      [
        "marker                               the time before it: who holds it                         no-op preview (ms)    Δ  first up (ms)    Δ",
        "-----------------------------------  -------------------------------------------------------  ------------------  ---  -------------  ---",
        "CLI start (pulumi spawned)                                                                                     0                   0",
        "language host Run begins             CLI/engine: stack, config, plugins, language host                       300  300            300  300",
        "program registers its Stack          node program: node start, SDK load                                      650  350            650  350",
        "first pingone provider registration  node program: launcher, up to its early pingone request                 850  200            850  200",
        "plugin answered GetPluginInfo        pingone plugin start, beside the program's own modules                 1000  150              –    –",
        "first resource Check                 engine + plugin: CheckConfig, Configure                                1010   10              –    –",
        "last resource operation done         resource RPCs (check, diff, create, …) and PingOne                     1200  190              –    –",
        "language host Run returns            node program: outputs, exit                                            1300  100              –    –",
        "CLI exit                             CLI/engine: last checkpoint, summary, shut-down                        1350   50           9000    –",
      ].join("\n"),
    );
  });
});

describe("verdicts", () => {
  const zeroCounts: CallCounts = {
    total: 0,
    token: 0,
    get: 0,
    post: 0,
    put: 0,
    delete: 0,
    other: 0,
    throttled: 0,
    failed: 0,
  };
  const sample = (op: OpSample["op"], ms: number, counts: Partial<CallCounts> = {}): OpSample => ({
    op,
    ms,
    cpuMs: ms / 2,
    ok: true,
    counts: { ...zeroCounts, ...counts },
  });
  const refresh = { total: 7, token: 1, get: 6 };
  const destroy = { total: 6, token: 1, delete: 5 };

  interface Times {
    ref: number;
    preview: number;
    latencyPreview: number;
    latencyFirstUp: number;
    latencyRefresh: number;
    latencyDestroy: number;
  }

  function run(t: Times, firstUp: Partial<CallCounts>, pluginStartupMs?: number[]): BenchResults["runs"][number] {
    return {
      empty: [sample("noop-preview", t.ref), sample("first-up", 1100)],
      emptyJs: [sample("noop-preview", t.ref * 0.9)],
      zero: [
        sample("noop-preview", t.preview),
        sample("noop-up", t.preview),
        sample("first-up", 1500, firstUp),
        sample("refresh", 600, refresh),
        sample("destroy", 700, destroy),
      ],
      latency: [
        sample("noop-preview", t.latencyPreview),
        sample("noop-up", t.latencyPreview),
        { ...sample("first-up", t.latencyFirstUp, firstUp), apiSpanMs: 800 },
        { ...sample("refresh", t.latencyRefresh, refresh), apiSpanMs: 200 },
        { ...sample("destroy", t.latencyDestroy, destroy), apiSpanMs: 300 },
      ],
      ...(pluginStartupMs ? { pluginStartupMs } : {}),
    };
  }

  function results(runs: BenchResults["runs"]): BenchResults {
    return {
      date: "2026-01-01T00:00:00.000Z",
      machine: { cpu: "cpu", cores: 2, node: "v20", cli: "v3", sdk: "3", os: "Linux" },
      startup: {
        detail: "d",
        runtime: "nodejs",
        options: { typescript: false },
        main: "bin/program.js",
        typescript: false,
      },
      latencyMs: 100,
      runs,
    };
  }

  const good: Times = {
    ref: 1000,
    preview: 950,
    latencyPreview: 780,
    latencyFirstUp: 1500,
    latencyRefresh: 700,
    latencyDestroy: 1400,
  };
  const bad: Times = {
    ref: 1000,
    preview: 1100,
    latencyPreview: 900,
    latencyFirstUp: 1700,
    latencyRefresh: 850,
    latencyDestroy: 1600,
  };

  it("meets the targets with figures inside them", () => {
    const v = verdicts(results([run(good, { total: 14, token: 1, post: 5, get: 8 })]));
    expect(v.map((x) => [x.met, x.target, x.detail])).toEqual([
      [true, "no-op preview: 0 PingOne calls", "0 calls"],
      [true, "no-op up: 0 PingOne calls", "0 calls"],
      [true, "first up: calls ≤ minimum + 2", "14 calls, minimum 12"],
      [true, "refresh: 6 reads (one per resource) + 1 token", "6 GETs, 6 API calls, 1 token calls"],
      [true, "token reused across resources and calls: ≤ 1 token call per command", "at most 1 per command"],
      [
        true,
        "no-op preview, no added latency: wall ≤ 1.00× the empty TypeScript program's preview",
        "0.95× (0.95 s ÷ 1.00 s); empty JS program 0.90×",
      ],
      [
        true,
        "no-op preview, +100 ms/call: wall ≤ 0.80× the empty TypeScript program's preview",
        "0.78× (0.78 s ÷ 1.00 s); empty JS program 0.90×",
      ],
      [
        true,
        "first up, +100 ms/call: wall ≤ 1.55× the empty TypeScript program's preview",
        "1.50× (1.50 s ÷ 1.00 s); PingOne requests spanned 8.0 × 100 ms (critical path 5)",
      ],
      [
        true,
        "refresh, +100 ms/call: wall ≤ 0.80× the empty TypeScript program's preview",
        "0.70× (0.70 s ÷ 1.00 s); PingOne requests spanned 2.0 × 100 ms (critical path 2)",
      ],
      [
        true,
        "destroy, +100 ms/call: wall ≤ 1.50× the empty TypeScript program's preview",
        "1.40× (1.40 s ÷ 1.00 s); PingOne requests spanned 3.0 × 100 ms (critical path 3)",
      ],
    ]);
  });

  it("judges the YAML example: plugin start, wall against the reference, the same PingOne calls as the TypeScript program", () => {
    const firstUp = { total: 13, token: 1, post: 5, get: 7 };
    const withYaml = (yamlFirstUp: Partial<CallCounts>, previewMs: number, starts: number[]) => {
      const r = run(good, firstUp);
      return {
        ...r,
        yaml: [sample("first-up", 1900, yamlFirstUp), sample("noop-preview", previewMs)],
        stackonePluginStartupMs: starts,
      };
    };
    const met = verdicts(results([withYaml(firstUp, 1400, [130, 120, 140])])).slice(10);
    expect(met.map((x) => [x.met, x.target, x.detail])).toEqual([
      [true, "stackone plugin start-up: spawn to listening ≤ 0.30 s", "0.13 s (median of 3)"],
      [
        true,
        "YAML program no-op preview, +100 ms/call: wall ≤ 1.50× the empty TypeScript program's preview",
        "1.40× (1.40 s ÷ 1.00 s)",
      ],
      [
        true,
        "YAML program first up, +100 ms/call: wall ≤ 2.00× the empty TypeScript program's preview",
        "1.90× (1.90 s ÷ 1.00 s)",
      ],
      [
        true,
        "YAML program: the same PingOne calls as the TypeScript program (first up, no-op preview)",
        "first up 13 calls (GET 7, POST 5, PUT 0, DELETE 0, token 1); no-op preview 0 calls (GET 0, POST 0, PUT 0, DELETE 0, token 0)",
      ],
    ]);
    const missed = verdicts(results([withYaml({ ...firstUp, total: 14, get: 8 }, 1600, [400])])).slice(10);
    expect(missed.map((x) => [x.met, x.detail])).toEqual([
      [false, "0.40 s (median of 1)"],
      [false, "1.60× (1.60 s ÷ 1.00 s)"],
      [true, "1.90× (1.90 s ÷ 1.00 s)"],
      [
        false,
        "first up: YAML 14 calls (GET 8, POST 5, PUT 0, DELETE 0, token 1); TypeScript 13 calls (GET 7, POST 5, PUT 0, DELETE 0, token 1)",
      ],
    ]);
    expect(renderReport(results([withYaml(firstUp, 1400, [130])]))).toContain(
      "stackone plugin start-up alone (spawn to listening, 1 times): 0.13",
    );
    // Without a YAML pass, no YAML verdict.
    expect(verdicts(results([run(good, firstUp)])).length).toBe(10);
  });

  it("misses them with figures outside", () => {
    const r = results([run(bad, { total: 15, token: 2, post: 5, get: 8 })]);
    r.runs[0].zero[1] = sample("noop-up", 900, { total: 1, get: 1 });
    expect(verdicts(r).map((x) => [x.met, x.detail])).toEqual([
      [true, "0 calls"],
      [false, "1 calls"],
      [false, "15 calls, minimum 12"],
      [true, "6 GETs, 6 API calls, 1 token calls"],
      [false, "at most 2 per command"],
      [false, "1.10× (1.10 s ÷ 1.00 s); empty JS program 0.90×"],
      [false, "0.90× (0.90 s ÷ 1.00 s); empty JS program 0.90×"],
      [false, "1.70× (1.70 s ÷ 1.00 s); PingOne requests spanned 8.0 × 100 ms (critical path 5)"],
      [false, "0.85× (0.85 s ÷ 1.00 s); PingOne requests spanned 2.0 × 100 ms (critical path 2)"],
      [false, "1.60× (1.60 s ÷ 1.00 s); PingOne requests spanned 3.0 × 100 ms (critical path 3)"],
    ]);
  });

  it("takes medians over the runs, names the fastest runs, and puts the plugin's start-up beside the no-op preview", () => {
    const r = results([
      run(good, { total: 12, token: 1 }, [150, 140]),
      run({ ...bad, ref: 1200 }, { total: 12, token: 1 }, [160]),
      run({ ...good, ref: 900, preview: 800 }, { total: 12, token: 1 }),
    ]);
    const preview = verdicts(r)[5];
    expect(preview).toEqual({
      target: "no-op preview, no added latency: wall ≤ 1.00× the empty TypeScript program's preview",
      met: true,
      detail: "0.95× (0.95 s ÷ 1.00 s; fastest runs 0.89×); empty JS program 0.90×, empty JS + plugin start-up 1.05×",
    });
    expect(renderReport(r)).toContain(
      "pingone plugin start-up alone (spawn to listening, 3 times): 0.15 (0.14–0.16) s — on the critical path of\n" +
        "every command that registers, reads or deletes a pingone resource: the engine starts the plugin at the first one.",
    );
    expect(renderReport(results([run(good, { total: 12, token: 1 })]))).not.toContain("plugin start-up alone");
  });

  it("warns when other load spread the reference itself, and only then", () => {
    const noisy = results([run(good, { total: 12, token: 1 }), run({ ...good, ref: 1300 }, { total: 12, token: 1 })]);
    expect(renderReport(noisy)).toContain(
      "Targets:\n  note: the reference ranged 1.00–1.30 s over the runs (1.30× apart): other load disturbed it, so\n" +
        "  the ratios of the medians are uncertain; the fastest-run ratios are the least disturbed.\n  [met] no-op preview: 0 PingOne calls",
    );
    const steady = results([run(good, { total: 12, token: 1 }), run({ ...good, ref: 1200 }, { total: 12, token: 1 })]);
    expect(renderReport(steady)).toContain("Targets:\n  [met] no-op preview: 0 PingOne calls");
  });

  it("prints the load average over the run, and warns when it passed the number of cores", () => {
    const busy = { ...results([run(good, { total: 12, token: 1 })]), loadAverage: [1.5, 2.5, 4.25] };
    const report = renderReport(busy);
    expect(report).toContain("@pulumi/pulumi 3\nload average (1 min) during the run: 1.50–4.25 on 2 cores\n");
    expect(report).toContain(
      "Targets:\n  note: the load average reached 4.25 on 2 cores: other work competed for the CPU, and the wall-time\n" +
        "  ratios move with it, either way, from one run to the next; the CPU table is steadier.\n  [met]",
    );
    const quiet = renderReport({ ...results([run(good, { total: 12, token: 1 })]), loadAverage: [0.5] });
    expect(quiet).toContain("load average (1 min) during the run: 0.50 on 2 cores\n");
    expect(quiet).toContain("Targets:\n  [met] no-op preview: 0 PingOne calls");
    expect(renderReport(results([run(good, { total: 12, token: 1 })]))).not.toContain("load average");
  });

  it("misses a wall target with no reference or no successful run, and a failed run misses it", () => {
    const r = results([run(good, { total: 12, token: 1 })]);
    r.runs[0].empty = [];
    expect(verdicts(r)[5]).toMatchObject({ met: false, detail: "no successful empty-program preview" });
    const failed = results([run(good, { total: 12, token: 1 })]);
    failed.runs[0].latency[2] = { ...failed.runs[0].latency[2], ok: false, error: "exit 1" };
    expect(verdicts(failed)[7]).toMatchObject({ met: false, detail: "no successful run" });
  });

  it("renders the timeline of the verbose pass, and reports its failure", () => {
    const r = results([run(good, { total: 12, token: 1 })]);
    r.timeline = {
      noopPreview: { ms: 1234, ok: true, at: { cliStart: 0, run: 300, cliExit: 1234 } },
      firstUp: { ms: 2000, ok: false, at: { cliStart: 0, cliExit: 2000 } },
    };
    const report = renderReport(r);
    expect(report).toContain(
      "Where the time goes: one run each with --logtostderr -v=7, no latency (no-op preview 1.23 s, first up 2.00 s (FAILED);\n" +
        "verbose logging slows them); ms since spawning pulumi, Δ = since the marker above, from the engine's log timestamps:\n" +
        "marker                               the time before it: who holds it",
    );
    expect(report).toContain("\nFailures:\n  timeline, first-up: the verbose command failed");
  });

  it("prints results saved before the native provider (--report): a floor and host start-ups are ignored", () => {
    const old = {
      ...results([]),
      startup: {
        tsconfig: "tsconfig.pulumi.json",
        noCheck: true,
        detail: "Pulumi.yaml runtime.options.tsconfig = tsconfig.pulumi.json, which sets noCheck: transpile only",
      },
      runs: [
        {
          ...run(good, { total: 12, token: 1 }),
          emptyJs: undefined,
          floor: [sample("noop-preview", 1400)],
          hostStartupMs: [700],
        },
      ],
    } as unknown as BenchResults;
    const report = renderReport(old);
    expect(report).toContain(
      "program start-up: Pulumi.yaml runtime.options.tsconfig = tsconfig.pulumi.json, which sets noCheck: transpile only",
    );
    expect(report).toContain(
      "  [met] no-op preview, no added latency: wall ≤ 1.00× the empty TypeScript program's preview — 0.95× (0.95 s ÷ 1.00 s)\n",
    );
    expect(report).not.toContain("dynamic");
  });
});
