/**
 * The provider module inside Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), a
 * separate Node process, spoken to over the engine's gRPC ResourceProvider protocol: Configure with the stack
 * config as the engine sends it, then Check, Create, Diff, Update, Read and Delete of an Application, with
 * `__provider` and `__pingoneType` in the properties as the resource classes send them. This is what `pulumi up`
 * does short of the CLI itself.
 */
import { ChildProcess, spawn } from "child_process";
import { createRequire } from "module";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { REPO_ROOT } from "./engine";
import { ExchangeLog, ProviderModule, compiledResources, providerModule, stackConfig, adminClient, guideApplicationInputs } from "./harness";

const nodeRequire = createRequire(path.join(REPO_ROOT, "package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc = nodeRequire("@grpc/grpc-js") as any;
const provrpc = nodeRequire("@pulumi/pulumi/proto/provider_grpc_pb") as any;
const provproto = nodeRequire("@pulumi/pulumi/proto/provider_pb") as any;
const { Struct } = nodeRequire("google-protobuf/google/protobuf/struct_pb") as any;

const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";
const URN = "urn:pulumi:dev::stackone-pingone::pulumi-nodejs:dynamic/pingone:Application::app";

let emu: RunningEmulator;
let mod: ProviderModule;
let host: ChildProcess;
let client: any;
let providerText: string;
const log = new ExchangeLog();
let hostStderr = "";

function call<T>(method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res)));
  });
}

beforeAll(async () => {
  mod = compiledResources();
  emu = await startEmulator({ seed: 606, onExchange: log.onExchange });
  providerText = providerModule(mod);
  // No PINGONE_* variables: the credentials must come through Configure.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PINGONE_")));
  host = spawn(process.execPath, [nodeRequire.resolve("@pulumi/pulumi/cmd/dynamic-provider"), "127.0.0.1:1"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stderr!.on("data", (d: Buffer) => {
    hostStderr += d.toString();
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    host.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(m[1]);
    });
    host.on("exit", (code) => reject(new Error(`dynamic-provider host exited with ${code}: ${hostStderr}`)));
  });
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const configure = new provproto.ConfigureRequest();
  configure.setArgs(Struct.fromJavaScript(stackConfig(emu)));
  await call("configure", configure);
}, 240_000);

afterAll(async () => {
  client?.close();
  if (host && host.exitCode === null) {
    const exited = new Promise((resolve) => host.once("exit", resolve));
    host.kill();
    await exited;
  }
  await emu?.stop();
});

function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...guideApplicationInputs(emu.environmentId),
    __pingoneType: "Application",
    __provider: providerText,
    ...overrides,
  };
}

async function check(olds: Record<string, unknown>, news: Record<string, unknown>) {
  const req = new provproto.CheckRequest();
  req.setUrn(URN);
  req.setOlds(Struct.fromJavaScript(olds));
  req.setNews(Struct.fromJavaScript(news));
  const res = await call<any>("check", req);
  return {
    inputs: res.getInputs().toJavaScript(),
    failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const req = new provproto.DiffRequest();
  req.setId(id);
  req.setUrn(URN);
  req.setOlds(Struct.fromJavaScript(olds));
  req.setNews(Struct.fromJavaScript(news));
  const res = await call<any>("diff", req);
  return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
}

describe("the provider module in Pulumi's dynamic-provider host", () => {
  it("configures from stack config and runs check → create → diff → update → read → delete", async () => {
    const admin = adminClient(emu);
    const DIFF_NONE = provproto.DiffResponse.DiffChanges.DIFF_NONE;
    const DIFF_SOME = provproto.DiffResponse.DiffChanges.DIFF_SOME;

    // check: bad input is refused with the engine's failure list; a value unknown during preview is accepted.
    const bad = await check({}, inputs({ pkceEnforcement: "SOMETIMES" }));
    expect(bad.failures).toEqual([{ property: "pkceEnforcement", reason: 'pkceEnforcement was "SOMETIMES"; allowed: OPTIONAL, REQUIRED, S256_REQUIRED' }]);
    const preview = await check({}, inputs({ environmentId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }));
    expect(preview.failures).toEqual([]);
    expect(log.all).toEqual([]);

    const checked = await check({}, inputs());
    expect(checked.failures).toEqual([]);
    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(Struct.fromJavaScript(checked.inputs));
    const created = await call<any>("create", create);
    const id: string = created.getId();
    const outs = created.getProperties().toJavaScript();
    expect(outs.__provider).toBe(providerText);
    expect(outs.__pingoneType).toBe("Application");
    expect(outs.clientId).toBe(id);
    expect(outs.adopted).toBe(false);
    expect((await admin.getApplication(emu.environmentId, id))?.name).toBe("StackOne Integration");

    expect(await diff(id, outs, inputs({ redirectUris: [CALLBACK] }))).toEqual({ changes: DIFF_NONE, replaces: [], deleteBeforeReplace: false });
    expect(await diff(id, outs, inputs({ name: "Renamed" }))).toEqual({ changes: DIFF_SOME, replaces: [], deleteBeforeReplace: false });
    expect(await diff(id, outs, inputs({ environmentId: emu.environmentIds[1] }))).toEqual({
      changes: DIFF_SOME,
      replaces: ["environmentId"],
      deleteBeforeReplace: false,
    });

    const update = new provproto.UpdateRequest();
    update.setId(id);
    update.setUrn(URN);
    update.setOlds(Struct.fromJavaScript(outs));
    update.setNews(Struct.fromJavaScript(inputs({ name: "Renamed" })));
    const updated = (await call<any>("update", update)).getProperties().toJavaScript();
    expect(updated.name).toBe("Renamed");
    expect((await admin.getApplication(emu.environmentId, id))?.name).toBe("Renamed");

    // read (refresh) after an out-of-band edit reports the live value.
    const live = (await admin.getApplication(emu.environmentId, id))!;
    const { id: _i, environment: _e, createdAt: _c, updatedAt: _u, _links: _l, ...body } = live;
    await admin.updateApplication(emu.environmentId, id, { ...body, enabled: false });
    const read = new provproto.ReadRequest();
    read.setId(id);
    read.setUrn(URN);
    read.setProperties(Struct.fromJavaScript(updated));
    const refreshed = await call<any>("read", read);
    expect(refreshed.getId()).toBe(id);
    expect(refreshed.getProperties().toJavaScript().enabled).toBe(false);
    expect(refreshed.getInputs().toJavaScript().enabled).toBe(false);

    const del = new provproto.DeleteRequest();
    del.setId(id);
    del.setUrn(URN);
    del.setProperties(Struct.fromJavaScript(updated));
    await call("delete", del);
    expect(await admin.getApplication(emu.environmentId, id)).toBeUndefined();

    // read after deletion: no id, so the engine drops the resource.
    const gone = await call<any>("read", read);
    expect(gone.getId()).toBe("");
    expect(hostStderr).not.toContain(emu.clientSecret);
  });
});
