/**
 * The `pingone` resource provider plugin: Pulumi's gRPC `ResourceProvider` service over the resource types of
 * `resources.ts`. The engine starts the plugin, reads the port it prints, and calls:
 * - `Handshake`, `GetPluginInfo`, `GetSchema`;
 * - `CheckConfig` / `DiffConfig` / `Configure` for each provider (the default one, from `pingone:*` stack config, or an
 *   explicit `pingone.Provider`); one plugin process serves one provider;
 * - `Check`, `Diff` (detailed, per property), `Create`, `Read` (refresh and import), `Update`, `Delete`, `Cancel`.
 * Every PingOne request is logged to the engine at debug level (`--debug`, or `-v=9 --logtostderr`): operation,
 * method, path, status, attempt and wait. Never a secret or a token: the client's request events carry neither.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type { PingOneApi } from "../client/api";
import { normalizeName } from "../client/nameTaken";
import type * as ClientModule from "../client/client";
import { describeError } from "../core/common";
import { checkProviderConfig, providerClientOptions, PROVIDER_CONFIG_KEYS } from "./config";
import { GET_PROVIDER_INFO, typeNameOf, typeToken } from "../tokens";
import type * as ResourcesModule from "./resources";
import type { ResourceType } from "./resources";
import { fromStruct, secretKeysOf, toStruct, type Props } from "./struct";
import { EngineLog } from "./log";
import { providerRequests, schemaHandlers, serveProvider, type Handlers } from "./providerService";
import { exceedsGrpcMessage, RpcError, type Call, type Callback, type RpcServer } from "./rpc";
import schema from "./schema.json";

export const PROVIDER_VERSION = schema.version;

/** A provider error for the engine: its message is what the user reads after `error:`. */
function rpcError(err: unknown): RpcError {
  return new RpcError(err instanceof Error && err.message ? err.message : describeError(err));
}

/** The request message of each method the plugin serves (the `ResourceProvider` service of Pulumi's protocol). */
export const REQUESTS = providerRequests({
  Check: providerProto.CheckRequest,
  Diff: providerProto.DiffRequest,
  Create: providerProto.CreateRequest,
  Read: providerProto.ReadRequest,
  Update: providerProto.UpdateRequest,
  Delete: providerProto.DeleteRequest,
  Invoke: providerProto.InvokeRequest,
});

// The resource types (with the core modules behind them) and the PingOne client are loaded at their first use, or
// right after Configure (see configure below), not before the plugin prints its port: the engine's first requests
// (GetPluginInfo, CheckConfig, Configure) need neither, and the plugin's start is on every command's critical path.
let resourcesModule: typeof ResourcesModule | undefined;
function resourceTypes(): typeof ResourcesModule.RESOURCE_TYPES {
  // oxlint-disable-next-line typescript/no-require-imports
  return (resourcesModule ??= require("./resources") as typeof ResourcesModule).RESOURCE_TYPES;
}
let clientModule: typeof ClientModule | undefined;
function clientClass(): typeof ClientModule.PingOneClient {
  // oxlint-disable-next-line typescript/no-require-imports
  return (clientModule ??= require("../client/client") as typeof ClientModule).PingOneClient;
}

/** The name part of a URN (`urn:pulumi:stack::project::type::name`), or undefined. */
function nameOfUrn(urn: string | undefined): string | undefined {
  return urn ? urn.split("::").pop() : undefined;
}

/** The resource type of a request, from its `type` field or its URN (`urn:pulumi:stack::project::type::name`). */
function resourceTypeOf(type: string, urn: string): ResourceType {
  const token = type || urn.split("::")[2]?.split("$").pop() || "";
  const types = resourceTypes();
  const rt = types[typeNameOf(token) ?? ""];
  if (!rt) {
    throw new Error(
      `the pingone provider has no resource type ${JSON.stringify(token)}; it serves ${Object.keys(types).map(typeToken).join(", ")}`,
    );
  }
  return rt;
}

/**
 * A check failure as the engine prints it: "property <p> value <inputs[p]> has a problem: <reason>". The engine looks
 * the value up by the property as a top-level key (not as a path), so a failure of a list element or a nested field
 * (`redirectUris[0]`, `a.b`) is reported on its top-level property, whose value the engine can show; the reason
 * names the element itself.
 */
export function checkFailure(f: { property: string; reason: string }): providerProto.CheckFailure {
  const topLevel = /^[^.[]*/.exec(f.property)?.[0] || f.property;
  return new providerProto.CheckFailure().setProperty(topLevel).setReason(f.reason);
}

/** The engine's detailed diff of one property: added, deleted or updated, and whether it forces a replacement. */
function propertyDiff(key: string, oldInputs: Props, news: Props, replace: boolean): providerProto.PropertyDiff {
  const Kind = providerProto.PropertyDiff.Kind;
  const had = oldInputs[key] !== undefined;
  const has = news[key] !== undefined;
  const kind =
    !had && has
      ? replace
        ? Kind.ADD_REPLACE
        : Kind.ADD
      : had && !has
        ? replace
          ? Kind.DELETE_REPLACE
          : Kind.DELETE
        : replace
          ? Kind.UPDATE_REPLACE
          : Kind.UPDATE;
  return new providerProto.PropertyDiff().setKind(kind).setInputdiff(true);
}

/**
 * A diff response from changed and replacing property names. `removedOutputs` (a subset of `changes`) are output
 * properties the update clears: shown as deleted from the recorded outputs, not as an input change.
 */
export function diffResponse(
  changes: string[],
  replaces: string[],
  deleteBeforeReplace: boolean,
  oldInputs: Props,
  news: Props,
  removedOutputs: string[] = [],
): providerProto.DiffResponse {
  const res = new providerProto.DiffResponse();
  res.setChanges(
    changes.length
      ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
      : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  res.setDiffsList(changes);
  res.setReplacesList(replaces);
  res.setDeletebeforereplace(deleteBeforeReplace && replaces.length > 0);
  res.setHasdetaileddiff(true);
  const detailed = res.getDetaileddiffMap();
  for (const key of changes) {
    detailed.set(
      key,
      removedOutputs.includes(key)
        ? new providerProto.PropertyDiff()
            .setKind(
              replaces.includes(key)
                ? providerProto.PropertyDiff.Kind.DELETE_REPLACE
                : providerProto.PropertyDiff.Kind.DELETE,
            )
            .setInputdiff(false)
        : propertyDiff(key, oldInputs, news, replaces.includes(key)),
    );
  }
  return res;
}

export interface ServerOptions {
  env?: Record<string, string | undefined>;
  /** The engine's address, for debug logs (also taken from `Handshake`). */
  engineAddress?: string;
}

/** The provider's state: its configuration and the PingOne client built from it. */
export class PingOneProviderServer {
  private args: Props | undefined;
  private client: PingOneApi | undefined;
  private readonly env: Record<string, string | undefined>;
  private readonly log: EngineLog;
  /** The URN of the resource whose operation is running, for the debug log of its PingOne requests. */
  private readonly current = new AsyncLocalStorage<string>();
  private cancelled = false;

  constructor(options: ServerOptions = {}) {
    this.env = options.env ?? process.env;
    this.log = new EngineLog(options.engineAddress);
  }

  /** The PingOne client, built on first use from the configuration (or `PINGONE_*`). */
  private api(): PingOneApi {
    if (this.cancelled) throw new Error("the pingone provider was cancelled: the engine is shutting down");
    if (!this.client) {
      const options = providerClientOptions(this.args ?? {}, this.env);
      options.onRequest = (e) => {
        const path = e.url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
        this.log.debug(
          `pingone: ${e.operation}: ${e.method} ${path} → ${e.status === 0 ? "no response" : e.status} (attempt ${e.attempt}${e.waitedMs ? `, waited ${e.waitedMs} ms` : ""})`,
          this.current.getStore(),
        );
      };
      const PingOneClient = clientClass();
      this.client = new PingOneClient(options);
    }
    return this.client;
  }

  /** Runs an operation for one resource; its errors reach the engine as the operation's error. */
  private run<Res>(urn: string, callback: Callback<Res>, operation: () => Promise<Res>): void {
    this.current.run(urn, () => {
      operation().then(
        (res) => callback(null, res),
        (err) => callback(rpcError(err)),
      );
    });
  }

  /** The gRPC service implementation, by method name as in the protocol's paths, lower-camel-cased. */
  service(): Handlers {
    return {
      ...schemaHandlers(schema, false, (engineAddress) => this.log.connect(engineAddress)),
      checkConfig: (call: Call<providerProto.CheckRequest>, cb: Callback<providerProto.CheckResponse>) => {
        const news = fromStruct(call.request.getNews());
        const res = new providerProto.CheckResponse().setInputs(call.request.getNews());
        for (const f of checkProviderConfig(news, this.env)) res.addFailures(checkFailure(f));
        cb(null, res);
      },
      diffConfig: (call: Call<providerProto.DiffRequest>, cb: Callback<providerProto.DiffResponse>) => {
        // Credentials and endpoints say how to reach PingOne, not what is in it: a change never replaces anything.
        const olds = fromStruct(call.request.getOldInputs() ?? call.request.getOlds());
        const news = fromStruct(call.request.getNews());
        const changes = PROVIDER_CONFIG_KEYS.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        cb(null, diffResponse(changes, [], false, olds, news));
      },
      configure: (call: Call<providerProto.ConfigureRequest>, cb: Callback<providerProto.ConfigureResponse>) => {
        try {
          const raw = call.request.getArgs();
          const args = fromStruct(raw);
          // Fails now, listing every missing setting, rather than at the first resource; and refuses a client secret
          // that arrived in plain text (which inputs are secrets is known here, not in CheckConfig).
          providerClientOptions(args, this.env, {
            secretKeys: secretKeysOf(raw),
            providerName: call.request.getName() || nameOfUrn(call.request.getUrn()),
          });
          this.args = args;
          this.client = undefined;
          cb(
            null,
            new providerProto.ConfigureResponse()
              .setAcceptsecrets(true)
              .setSupportspreview(true)
              .setAcceptresources(true)
              .setAcceptoutputs(false),
          );
          // Every resource operation needs the resource types, left out of the plugin's start (above). After
          // Configure the engine has nothing for the plugin until the program registers its first resource, which it
          // may still be loading: load them in that wait, not in the first Check.
          setImmediate(() => resourceTypes());
        } catch (err) {
          cb(rpcError(err));
        }
      },
      check: (call: Call<providerProto.CheckRequest>, cb: Callback<providerProto.CheckResponse>) => {
        try {
          const rt = resourceTypeOf(call.request.getType(), call.request.getUrn());
          const news = call.request.getNews();
          // Names go on as Unicode NFC: what is stored, compared and sent is one form of each name.
          for (const key of rt.nameProperties ?? []) {
            const value = news?.getFieldsMap().get(key);
            if (value?.hasStringValue()) value.setStringValue(normalizeName(value.getStringValue()));
          }
          const res = new providerProto.CheckResponse().setInputs(news);
          for (const f of rt.check(fromStruct(call.request.getNews()))) res.addFailures(checkFailure(f));
          cb(null, res);
        } catch (err) {
          cb(rpcError(err));
        }
      },
      diff: (call: Call<providerProto.DiffRequest>, cb: Callback<providerProto.DiffResponse>) => {
        try {
          const req = call.request;
          const rt = resourceTypeOf(req.getType(), req.getUrn());
          const olds = fromStruct(req.getOlds());
          const news = fromStruct(req.getNews());
          const oldInputs = req.hasOldInputs() ? fromStruct(req.getOldInputs()) : olds;
          const d = rt.diff(olds, news);
          cb(
            null,
            diffResponse(
              d.changes,
              d.replaces,
              rt.deleteBeforeReplace || d.deleteBeforeReplace === true,
              oldInputs,
              news,
              d.removedOutputs,
            ),
          );
        } catch (err) {
          cb(rpcError(err));
        }
      },
      create: (call: Call<providerProto.CreateRequest>, cb: Callback<providerProto.CreateResponse>) => {
        const req = call.request;
        this.run(req.getUrn(), cb, async () => {
          const rt = resourceTypeOf(req.getType(), req.getUrn());
          const inputs = fromStruct(req.getProperties());
          if (req.getPreview())
            return new providerProto.CreateResponse()
              .setId("")
              .setProperties(this.outputs(rt, rt.previewCreate(inputs)));
          const { id, outputs } = await rt.create(this.api(), inputs, req.getUrn());
          return new providerProto.CreateResponse().setId(id).setProperties(this.outputs(rt, outputs));
        });
      },
      read: (call: Call<providerProto.ReadRequest>, cb: Callback<providerProto.ReadResponse>) => {
        const req = call.request;
        this.run(req.getUrn(), cb, async () => {
          const rt = resourceTypeOf(req.getType(), req.getUrn());
          const warnings: Promise<void>[] = [];
          const warn = (message: string) => void warnings.push(this.log.warning(message, req.getUrn()));
          const found = await rt.read(
            this.api(),
            req.getId(),
            fromStruct(req.getProperties()),
            fromStruct(req.getInputs()),
            warn,
          );
          await Promise.all(warnings);
          // No id: the object is gone, and the engine drops the resource from the state.
          if (!found) return new providerProto.ReadResponse().setId("");
          return new providerProto.ReadResponse()
            .setId(found.id)
            .setProperties(this.outputs(rt, found.outputs))
            .setInputs(toStruct(found.inputs));
        });
      },
      update: (call: Call<providerProto.UpdateRequest>, cb: Callback<providerProto.UpdateResponse>) => {
        const req = call.request;
        this.run(req.getUrn(), cb, async () => {
          const rt = resourceTypeOf(req.getType(), req.getUrn());
          const olds = fromStruct(req.getOlds());
          const news = fromStruct(req.getNews());
          if (req.getPreview())
            return new providerProto.UpdateResponse().setProperties(this.outputs(rt, rt.previewUpdate(olds, news)));
          const outputs = await rt.update(this.api(), req.getId(), olds, news, req.getUrn());
          return new providerProto.UpdateResponse().setProperties(this.outputs(rt, outputs));
        });
      },
      delete: (call: Call<providerProto.DeleteRequest>, cb: Callback<Empty>) => {
        const req = call.request;
        this.run(req.getUrn(), cb, async () => {
          const rt = resourceTypeOf(req.getType(), req.getUrn());
          await rt.delete(this.api(), req.getId(), fromStruct(req.getProperties()));
          return new Empty();
        });
      },
      invoke: (call: Call<providerProto.InvokeRequest>, cb: Callback<providerProto.InvokeResponse>) => {
        const tok = call.request.getTok();
        if (tok !== GET_PROVIDER_INFO) {
          cb(
            rpcError(
              new Error(`the pingone provider has no function ${JSON.stringify(tok)}; it serves ${GET_PROVIDER_INFO}`),
            ),
          );
          return;
        }
        cb(null, new providerProto.InvokeResponse().setReturn(toStruct({ version: PROVIDER_VERSION })));
      },
      cancel: (_call: Call<Empty>, cb: Callback<Empty>) => {
        this.cancelled = true;
        cb(null, new Empty());
      },
    };
  }

  private outputs(rt: ResourceType, props: Props): Struct {
    return toStruct(props, rt.secretOutputs);
  }

  /** Serves on 127.0.0.1 (`port` 0: any free port); resolves with the port. */
  async listen(port = 0): Promise<RpcServer> {
    // A message too long for the gRPC trailer reaches the engine cut (rpc.ts); its whole text goes to the engine's
    // diagnostics first (under the request's resource, when it names one), so nothing of it is lost.
    const bounded =
      (handler: Handlers[string]): Handlers[string] =>
      (call, cb) =>
        handler(call, (err, res) => {
          if (!err || !exceedsGrpcMessage(err.message)) return cb(err, res);
          const urn = (call.request as { getUrn?: () => string }).getUrn?.() ?? "";
          void this.log.error(err.message, urn).then(() => cb(err, res));
        });
    return serveProvider("the pingone provider", REQUESTS, this.service(), port, bounded);
  }
}
