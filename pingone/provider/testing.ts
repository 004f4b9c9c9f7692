/**
 * Drives the `pingone` provider plugin the way the Pulumi engine does, without the CLI: the compiled plugin
 * (`main.js`) started as its own process, its port read from stdout, and the engine's gRPC calls made on it —
 * CheckConfig, Configure, then Check, Diff, Create, Read, Update, Delete — with values through the engine's
 * protobuf encoding. What is exercised is what runs under `pulumi up`.
 */
import { execFileSync, spawn, type ChildProcess } from "child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerProtoTypes from "@pulumi/pulumi/proto/provider_pb";
import type { Exchange, RunningEmulator } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import type { ApplicationInputs } from "../core/model";

/** The repository root (where package.json and node_modules live). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const COMPILED_DIR = path.join(REPO_ROOT, ".work", "providers-dist");

// Node's own require, so the protobuf classes are the ones the compiled plugin's modules share (no test transform).
const nodeRequire = createRequire(path.join(REPO_ROOT, "package.json"));
const grpc = nodeRequire("@grpc/grpc-js") as typeof grpcTypes;
const proto = nodeRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerProtoTypes;
const service = nodeRequire("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: new (
    address: string,
    creds: grpcTypes.ChannelCredentials,
  ) => grpcTypes.Client & Record<string, unknown>;
};
const { Struct } = nodeRequire(
  "google-protobuf/google/protobuf/struct_pb",
) as typeof import("google-protobuf/google/protobuf/struct_pb");
const { Empty } = nodeRequire(
  "google-protobuf/google/protobuf/empty_pb",
) as typeof import("google-protobuf/google/protobuf/empty_pb");

/**
 * Compiles what `npm run build` compiles (the plugins, the stack program and the tools) into `.work/providers-dist`,
 * apart from dist/, which other suites and the launchers use at the same time, and writes it even when a type error is
 * left (the type-check reports those); returns the plugin's entry. Several test files may call this at once: a lock
 * directory makes one compile while the others wait, and a fresh output is reused.
 */
export function compileProvider(): string {
  const entry = path.join(COMPILED_DIR, "pingone", "provider", "main.js");
  const lock = path.join(REPO_ROOT, ".work", "providers-dist.lock");
  mkdirSync(path.join(REPO_ROOT, ".work"), { recursive: true });
  const startedAt = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is compiling: wait for it (a stale lock older than 3 minutes is broken).
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* lock vanished: retry */
      }
      if (Date.now() - startedAt > 240_000) throw new Error(`Timed out waiting for ${lock}`);
      execFileSync(process.execPath, ["-e", "setTimeout(() => {}, 250)"]);
    }
  }
  try {
    const sources = ["pingone", "components", "stackone", "start.ts", "index.ts", "config.ts"].map((p) =>
      newestSource(path.join(REPO_ROOT, p)),
    );
    const fresh =
      existsSync(entry) &&
      existsSync(path.join(COMPILED_DIR, "index.js")) &&
      statSync(entry).mtimeMs > Math.max(...sources);
    if (!fresh) {
      try {
        execFileSync(
          process.execPath,
          [
            path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"),
            "-p",
            "tsconfig.build.json",
            "--outDir",
            COMPILED_DIR,
            "--sourceMap",
            "false",
            "--noEmitOnError",
            "false",
          ],
          {
            cwd: REPO_ROOT,
            stdio: "pipe",
          },
        );
      } catch (err) {
        // Type errors elsewhere still emit JavaScript; only a missing output is fatal.
        if (!existsSync(entry)) throw err;
      }
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return entry;
}

/** The newest modification time of a source file (`.ts`, `.json`) at or under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if ((entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) || entry.name.endsWith(".json")) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

type Props = Record<string, unknown>;

/** A Struct from plain values (undefined dropped), and back. */
export function toStruct(
  value: object,
): providerProtoTypes.CheckRequest["getNews"] extends () => infer S ? NonNullable<S> : never {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as never) as never;
}
export function fromStruct(value: { toJavaScript(): unknown } | undefined): Props {
  return (value?.toJavaScript() ?? {}) as Props;
}

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
/** A value with the engine's secrets unwrapped (and the paths of the secret ones collected). */
export function unwrapSecrets(value: unknown, found: string[] = [], at = ""): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, found, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    const obj = value as Props;
    if (obj["4dabf18193072939515e22adb298388d"] === SECRET_SIG["4dabf18193072939515e22adb298388d"]) {
      found.push(at);
      return unwrapSecrets(obj.value, found, at);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v, found, at ? `${at}.${k}` : k)]));
  }
  return value;
}

const PLUGINS = new Set<PluginProcess>();
process.on("exit", () => {
  for (const p of PLUGINS) p.child.kill("SIGKILL");
});

/** The plugin as a process of its own, with a gRPC client on its port. */
export class PluginProcess {
  stderr = "";
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    private readonly client: grpcTypes.Client & Record<string, unknown>,
  ) {}

  /**
   * Starts the compiled plugin with `env` (PINGONE_* of the test process are not passed on unless given), pointed at
   * the engine at `engineAddress` (a `FakeEngine`'s, to see its log; by default an address where none listens); with
   * `launcher`, through that executable instead.
   */
  static async start(
    env: Record<string, string> = {},
    engineAddress = "127.0.0.1:1",
    launcher?: string,
  ): Promise<PluginProcess> {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("PINGONE_")),
    ) as Record<string, string>;
    // The compiled entry with node, or (launcher) an executable as the engine starts it, e.g. a copy of bin/pulumi-resource-pingone.
    const [command, args] = launcher
      ? [launcher, [engineAddress]]
      : [process.execPath, [compileProvider(), engineAddress]];
    const child = spawn(command, args, { env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n")[0];
        if (out.includes("\n")) resolve(Number(line));
      });
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port: ${stderr}`)));
    });
    const client = new service.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const plugin = new PluginProcess(child, port, client);
    // What it printed before its port (a launcher's compile message, say), then everything after.
    plugin.stderr = stderr;
    child.stderr!.on("data", (d: Buffer) => (plugin.stderr += d.toString()));
    PLUGINS.add(plugin);
    return plugin;
  }

  /** One unary call; a gRPC error rejects with the provider's message. */
  call<Res>(method: string, req: unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
      (this.client[method] as (r: unknown, cb: (err: grpcTypes.ServiceError | null, res: Res) => void) => void).call(
        this.client,
        req,
        (err, res) =>
          err ? reject(Object.assign(new Error(err.details || err.message), { code: err.code })) : resolve(res),
      );
    });
  }

  async checkConfig(news: Props): Promise<{ property: string; reason: string }[]> {
    const req = new proto.CheckRequest()
      .setUrn("urn:pulumi:test::test::pulumi:providers:pingone::default")
      .setType("pulumi:providers:pingone")
      .setNews(toStruct(news))
      .setOlds(toStruct({}));
    const res = await this.call<providerProtoTypes.CheckResponse>("checkConfig", req);
    return res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
  }

  /**
   * The engine's `Configure` of the provider `name` (default: the default provider); the `clientSecret` goes as a
   * secret, as the engine sends a `--secret` config value (`plainSecret`: as it sends one set without `--secret`).
   */
  async configure(
    args: Props,
    options: { plainSecret?: boolean; name?: string } = {},
  ): Promise<providerProtoTypes.ConfigureResponse> {
    const sent =
      !options.plainSecret && typeof args.clientSecret === "string"
        ? { ...args, clientSecret: { ...SECRET_SIG, value: args.clientSecret } }
        : args;
    const name = options.name ?? "default_0_1_0";
    const req = new proto.ConfigureRequest()
      .setArgs(toStruct(sent))
      .setAcceptsecrets(true)
      .setAcceptresources(true)
      .setType("pulumi:providers:pingone")
      .setName(name)
      .setUrn(`urn:pulumi:test::test::pulumi:providers:pingone::${name}`);
    return this.call("configure", req);
  }

  /** An engine `Invoke` of `tok` with no arguments; resolves with the returned object. */
  async invoke(tok: string): Promise<Props> {
    const res = await this.call<providerProtoTypes.InvokeResponse>(
      "invoke",
      new proto.InvokeRequest().setTok(tok).setArgs(toStruct({})),
    );
    return fromStruct(res.getReturn());
  }

  async getSchema(): Promise<Props> {
    const res = await this.call<providerProtoTypes.GetSchemaResponse>("getSchema", new proto.GetSchemaRequest());
    return JSON.parse(res.getSchema()) as Props;
  }

  async stop(): Promise<void> {
    this.client.close();
    PLUGINS.delete(this);
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

/** Stops every plugin process the tests of this file started. */
export async function stopPlugins(): Promise<void> {
  await Promise.all([...PLUGINS].map((p) => p.stop()));
}

/** The emulator's provisioner credentials as the provider's configuration (`pingone:*` without the namespace). */
export function providerConfig(emu: RunningEmulator): Record<string, string> {
  return {
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    environmentId: emu.adminEnvironmentId,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  };
}

/** The engine's log service only: what a plugin logs (`Engine.Log`), with severity names and URNs. */
export class FakeEngine {
  private constructor(
    private readonly server: grpcTypes.Server,
    readonly address: string,
    readonly logs: { severity: string; message: string; urn: string }[],
  ) {}

  static async start(): Promise<FakeEngine> {
    const engineService = nodeRequire("@pulumi/pulumi/proto/engine_grpc_pb") as {
      EngineService: grpcTypes.ServiceDefinition;
    };
    const engineProto = nodeRequire(
      "@pulumi/pulumi/proto/engine_pb",
    ) as typeof import("@pulumi/pulumi/proto/engine_pb");
    const names = Object.fromEntries(Object.entries(engineProto.LogSeverity).map(([k, v]) => [v, k]));
    const server = new grpc.Server();
    const logs: FakeEngine["logs"] = [];
    server.addService(engineService.EngineService, {
      log: (
        call: { request: import("@pulumi/pulumi/proto/engine_pb").LogRequest },
        cb: (err: null, res: unknown) => void,
      ) => {
        logs.push({
          severity: names[call.request.getSeverity()],
          message: call.request.getMessage(),
          urn: call.request.getUrn(),
        });
        cb(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    return new FakeEngine(server, `127.0.0.1:${port}`, logs);
  }

  /** The warnings logged, as `urn: message`. */
  warnings(): string[] {
    return this.logs.filter((l) => l.severity === "WARNING").map((l) => `${l.urn}: ${l.message}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

/** A fresh plugin process (a new `pulumi` command, in effect), configured with `config`. */
export async function configuredPlugin(config: Props, engineAddress?: string): Promise<PluginProcess> {
  const plugin = await PluginProcess.start({}, engineAddress);
  await plugin.configure(config);
  return plugin;
}

export interface StepRecord {
  op: "check" | "diff" | "create" | "update" | "delete" | "read";
  detail?: unknown;
}

export interface DiffView {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Property → kind (`UPDATE`, `ADD_REPLACE`, …), as `pulumi preview --diff` shows it. */
  detailedDiff: Record<string, string>;
}

const KIND_NAMES = ["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"];

/** One resource's life under the engine: its inputs and recorded state, moved by `up`, `refresh` and `destroy`. */
export class EngineResource {
  id?: string;
  outputs?: Props;
  inputs?: Props;
  /** Paths of the outputs the plugin returned as secrets, at the last create, update or read. */
  secretOutputs: string[] = [];
  readonly steps: StepRecord[] = [];

  constructor(
    readonly plugin: PluginProcess,
    readonly type: string,
    readonly name = "res",
  ) {}

  get urn(): string {
    return `urn:pulumi:test::test::pingone:index:${this.type}::${this.name}`;
  }

  /** check only; returns the failures. */
  async check(news: object): Promise<{ property: string; reason: string }[]> {
    return (await this.checkRaw(news)).failures;
  }

  private async checkRaw(news: object): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new proto.CheckRequest()
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setOlds(toStruct(this.inputs ?? {}))
      .setNews(toStruct(news));
    const res = await this.plugin.call<providerProtoTypes.CheckResponse>("check", req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** The engine's Diff of the recorded state against `news` (checked inputs). */
  async diffRaw(news: object): Promise<DiffView> {
    const req = new proto.DiffRequest()
      .setId(this.id!)
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setOlds(toStruct(this.outputs!))
      .setOldInputs(toStruct(this.inputs ?? {}))
      .setNews(toStruct(news));
    const res = await this.plugin.call<providerProtoTypes.DiffResponse>("diff", req);
    const detailedDiff: Record<string, string> = {};
    res
      .getDetaileddiffMap()
      .forEach((v: providerProtoTypes.PropertyDiff, k: string) => (detailedDiff[k] = KIND_NAMES[v.getKind()]));
    return {
      changes: res.getChanges() === proto.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      detailedDiff,
    };
  }

  /** What the engine does for `pulumi up` with these inputs. Throws on check failures. */
  async up(news: object): Promise<"created" | "updated" | "replaced" | "same"> {
    this.steps.length = 0;
    const checked = await this.checkRaw(news);
    this.steps.push({ op: "check", detail: checked.failures });
    if (checked.failures.length) {
      throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = checked.inputs;
    if (this.id === undefined) {
      await this.create(inputs);
      return "created";
    }
    const diff = await this.diffRaw(inputs);
    this.steps.push({
      op: "diff",
      detail: { changes: diff.changes, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace },
    });
    if (diff.replaces.length > 0) {
      const oldId = this.id;
      const oldOutputs = this.outputs!;
      if (diff.deleteBeforeReplace) {
        await this.deleteRaw(oldId, oldOutputs);
        await this.create(inputs);
      } else {
        await this.create(inputs);
        await this.deleteRaw(oldId, oldOutputs);
      }
      return "replaced";
    }
    if (diff.changes) {
      const req = new proto.UpdateRequest()
        .setId(this.id)
        .setUrn(this.urn)
        .setName(this.name)
        .setType(`pingone:index:${this.type}`)
        .setOlds(toStruct(this.outputs!))
        .setOldInputs(toStruct(this.inputs ?? {}))
        .setNews(toStruct(inputs));
      const res = await this.plugin.call<providerProtoTypes.UpdateResponse>("update", req);
      this.steps.push({ op: "update" });
      this.record(fromStruct(res.getProperties()));
      this.inputs = inputs;
      return "updated";
    }
    return "same";
  }

  /** What the engine does for the diff of a preview (no writes): Check, then Diff. */
  async preview(news: object): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const d = await this.previewDetailed(news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  async previewDetailed(news: object): Promise<DiffView> {
    const checked = await this.checkRaw(news);
    if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    return this.diffRaw(checked.inputs);
  }

  /** A Create in preview mode: the outputs a preview shows. */
  async previewCreate(news: object): Promise<{ id: string; outputs: Props }> {
    const req = new proto.CreateRequest()
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setProperties(toStruct(news))
      .setPreview(true);
    const res = await this.plugin.call<providerProtoTypes.CreateResponse>("create", req);
    return { id: res.getId(), outputs: unwrapSecrets(fromStruct(res.getProperties())) as Props };
  }

  private record(raw: Props): void {
    const found: string[] = [];
    this.outputs = unwrapSecrets(raw, found) as Props;
    this.secretOutputs = found;
  }

  private async create(inputs: Props): Promise<void> {
    const req = new proto.CreateRequest()
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setProperties(toStruct(inputs));
    const res = await this.plugin.call<providerProtoTypes.CreateResponse>("create", req);
    this.steps.push({ op: "create", detail: res.getId() });
    this.id = res.getId();
    this.record(fromStruct(res.getProperties()));
    this.inputs = inputs;
  }

  private async deleteRaw(id: string, outputs: Props): Promise<void> {
    const req = new proto.DeleteRequest()
      .setId(id)
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setProperties(toStruct(outputs))
      .setOldInputs(toStruct(this.inputs ?? {}));
    await this.plugin.call("delete", req);
    this.steps.push({ op: "delete", detail: id });
  }

  /** `pulumi refresh`: returns "gone" when the provider reports no id. */
  async refresh(): Promise<"gone" | "present"> {
    const req = new proto.ReadRequest()
      .setId(this.id!)
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setProperties(toStruct(this.outputs!))
      .setInputs(toStruct(this.inputs ?? {}));
    const res = await this.plugin.call<providerProtoTypes.ReadResponse>("read", req);
    this.steps.push({ op: "read" });
    if (!res.getId()) {
      this.id = undefined;
      this.outputs = undefined;
      this.inputs = undefined;
      return "gone";
    }
    this.record(fromStruct(res.getProperties()));
    this.inputs = fromStruct(res.getInputs());
    return "present";
  }

  /** `pulumi import <type> <name> <importId>`: a Read with the id and no state. */
  async import(importId: string): Promise<"imported" | "missing"> {
    const req = new proto.ReadRequest()
      .setId(importId)
      .setUrn(this.urn)
      .setName(this.name)
      .setType(`pingone:index:${this.type}`)
      .setProperties(toStruct({}))
      .setInputs(toStruct({}));
    const res = await this.plugin.call<providerProtoTypes.ReadResponse>("read", req);
    this.steps.push({ op: "read" });
    if (!res.getId()) return "missing";
    this.id = res.getId();
    this.record(fromStruct(res.getProperties()));
    this.inputs = fromStruct(res.getInputs());
    return "imported";
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    if (this.id === undefined) return;
    await this.deleteRaw(this.id, this.outputs!);
    this.id = undefined;
    this.outputs = undefined;
    this.inputs = undefined;
  }

  /** The recorded outputs. */
  get state(): Props {
    return this.outputs ?? {};
  }
}

/** A fresh engine-side resource of `type` on a freshly started, configured plugin (a new `pulumi` process). */
/** A resource of `type` named `name` (its URN: `urn:pulumi:test::test::pingone:index:<type>::<name>`). */
export async function engineResource(
  type: string,
  config: Props,
  engineAddress?: string,
  name?: string,
): Promise<EngineResource> {
  return new EngineResource(await configuredPlugin(config, engineAddress), type, name);
}

/** Moves a recorded resource to a freshly started plugin, as the next `pulumi` command would. */
export async function reload(res: EngineResource, config: Props, engineAddress?: string): Promise<EngineResource> {
  const next = await engineResource(res.type, config, engineAddress);
  next.id = res.id;
  next.outputs = res.outputs;
  next.inputs = res.inputs;
  await res.plugin.stop();
  return next;
}

export { Empty, Struct, grpc, proto };
/** The engine's client of a plugin's ResourceProvider service, from the same modules the compiled plugin loads. */
export const ResourceProviderClient = service.ResourceProviderClient;

/** Collects the emulator's exchanges; `writes()` returns the non-GET API requests with their bodies. */
export class ExchangeLog {
  readonly all: Exchange[] = [];
  readonly onExchange = (e: Exchange): void => {
    this.all.push(e);
  };
  clear(): void {
    this.all.length = 0;
  }
  /** API requests (token endpoint excluded) as `METHOD path`. */
  calls(): string[] {
    return this.all.filter((e) => e.path.startsWith("/v1/")).map((e) => `${e.method} ${e.path}`);
  }
  writes(): { method: string; path: string; body: unknown; status: number }[] {
    return this.all
      .filter((e) => e.path.startsWith("/v1/") && e.method !== "GET")
      .map((e) => ({ method: e.method, path: e.path, body: e.requestBody, status: e.status }));
  }
}

/** The console guide's Worker application as `Application` inputs, in `environmentId`. */
export function guideApplicationInputs(environmentId: string): ApplicationInputs {
  return {
    environmentId,
    name: "StackOne Integration",
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2592000,
    refreshTokenRollingDuration: 15552000,
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
  };
}

/** A client acting as an admin clicking in the console: the emulator's provisioner, no propagation retries. */
export function adminClient(emu: RunningEmulator): PingOneClient {
  return new PingOneClient({
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
    retry: { propagationTimeoutMs: 0 },
  });
}

/** Creates a Worker application out of band (as in the console), for the resources that hang off one. */
export async function createWorkerAppOutOfBand(admin: PingOneClient, environmentId: string): Promise<string> {
  const app = await admin.createApplication(environmentId, {
    name: "StackOne Integration",
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: true,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    assignActorRoles: false,
  });
  return app.id;
}
