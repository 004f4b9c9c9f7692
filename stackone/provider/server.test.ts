/**
 * The stackone plugin as the engine meets it: a process of its own, compiled, spoken to over gRPC. Its start to
 * listening (printed; bounded generously only, timing is the benchmark's), its schema, its refusal of configuration,
 * and its answers to requests it does not serve. Construct itself runs through the real engine (tests/e2e/yaml.test.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerProtoTypes from "@pulumi/pulumi/proto/provider_pb";
import {
  COMPILED_DIR,
  compileProvider,
  Empty,
  grpc,
  proto,
  REPO_ROOT as ROOT,
  ResourceProviderClient,
  Struct,
} from "../../pingone/provider/testing";

/** Spawns the compiled plugin; resolves with the process, its port and the milliseconds from spawn to the port. */
async function startPlugin(entry: string): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [entry, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(Number(out.split("\n")[0]));
    });
    child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port: ${stderr}`)));
  });
  return { child, port, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe("the stackone plugin", () => {
  let entry: string;
  let child: ChildProcess;
  let client: grpcTypes.Client & Record<string, unknown>;

  const call = <Res>(method: string, req: unknown): Promise<Res> =>
    new Promise((resolve, reject) => {
      (client[method] as (r: unknown, cb: (err: grpcTypes.ServiceError | null, res: Res) => void) => void).call(
        client,
        req,
        (err, res) =>
          err ? reject(Object.assign(new Error(err.details || err.message), { code: err.code })) : resolve(res),
      );
    });

  beforeAll(async () => {
    compileProvider();
    entry = path.join(COMPILED_DIR, "stackone", "provider", "main.js");
    const plugin = await startPlugin(entry);
    child = plugin.child;
    client = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
  }, 240_000);

  afterAll(() => {
    client?.close();
    child?.kill("SIGTERM");
  });

  it("starts listening quickly: spawn to port printed (5 starts; the figure is printed, the bound is generous)", async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await startPlugin(entry);
      times.push(p.ms);
      p.child.kill("SIGTERM");
      await new Promise((resolve) => p.child.once("exit", resolve));
    }
    const sorted = [...times].sort((a, b) => a - b);
    // oxlint-disable-next-line no-console
    console.log(
      `stackone plugin, spawn to listening: median ${sorted[2].toFixed(0)} ms (${sorted.map((t) => t.toFixed(0)).join(", ")} ms)`,
    );
    expect(sorted[2]).toBeLessThan(5_000);
  }, 60_000);

  it("answers its version and the committed schema", async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "stackone", "schema.json"), "utf8")) as {
      version: string;
    };
    const info = await call<{ getVersion(): string }>("getPluginInfo", new Empty());
    expect(info.getVersion()).toBe(schema.version);
    const res = await call<providerProtoTypes.GetSchemaResponse>("getSchema", new proto.GetSchemaRequest());
    expect(JSON.parse(res.getSchema())).toEqual(schema);
  });

  it("takes no configuration: a stackone:* setting is refused by name, the engine's own keys pass", async () => {
    const check = async (news: Record<string, unknown>) => {
      const req = new proto.CheckRequest()
        .setUrn("urn:pulumi:test::test::pulumi:providers:stackone::default")
        .setType("pulumi:providers:stackone")
        .setNews(Struct.fromJavaScript(news as never))
        .setOlds(Struct.fromJavaScript({}));
      const res = await call<providerProtoTypes.CheckResponse>("checkConfig", req);
      return res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    };
    expect(await check({ version: "0.1.0" })).toEqual([]);
    expect(await check({ version: "0.1.0", environmentId: "6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00" })).toEqual([
      {
        property: "environmentId",
        reason:
          "stackone:environmentId is not a setting: the stackone provider takes no configuration. Give the component's " +
          "settings as its arguments (e.g. environmentId on stackone:pingone:WorkerApp), and PingOne's credentials as " +
          "pingone:* config or an explicit pingone provider passed in the component's providers",
      },
    ]);
    const configured = await call<providerProtoTypes.ConfigureResponse>(
      "configure",
      new proto.ConfigureRequest().setArgs(Struct.fromJavaScript({})),
    );
    expect([configured.getAcceptsecrets(), configured.getAcceptresources(), configured.getAcceptoutputs()]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("constructs its one component only, and serves no custom resource", async () => {
    const req = new proto.ConstructRequest()
      .setType("stackone:pingone:Other")
      .setName("x")
      .setProject("p")
      .setStack("s");
    await expect(call("construct", req)).rejects.toThrow(
      'the stackone provider constructs stackone:pingone:WorkerApp only; it was asked for stackone:pingone:Other "x"',
    );
    await expect(call("create", new proto.CreateRequest())).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      message: "the stackone provider does not implement /pulumirpc.ResourceProvider/Create",
    });
  });
});
