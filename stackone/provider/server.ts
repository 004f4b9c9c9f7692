/**
 * The `stackone` component provider plugin: Pulumi's gRPC `ResourceProvider` service for one component,
 * `stackone:pingone:WorkerApp`, which programs in languages other than TypeScript (YAML, Python, Go, …) create
 * through the engine's `Construct`. The engine starts the plugin, reads the port it prints, and calls:
 * - `Handshake`, `GetPluginInfo`, `GetSchema` (stackone/schema.json);
 * - `CheckConfig` / `DiffConfig` / `Configure`: the plugin takes no configuration (the component's PingOne resources
 *   take theirs from the pingone provider), so a `stackone:*` setting given to it is refused by name;
 * - `Construct`, which builds the TypeScript component in this process (construct.ts, loaded lazily);
 * - `Cancel`.
 * It serves them on the project's own small gRPC server (pingone/provider/rpc.ts) and loads nothing else before
 * printing its port: the engine waits for that port.
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { providerRequests, schemaHandlers, serveProvider, type Handlers } from "../../pingone/provider/providerService";
import { RpcError, type Call, type Callback, type RpcServer } from "../../pingone/provider/rpc";
import type * as ConstructModule from "./construct";
import schema from "../schema.json";

export const PROVIDER_VERSION = schema.version;
const PACKAGE = schema.name;

/**
 * Keys the engine itself puts in a provider's configuration (the plugin's version, where it is downloaded from, …):
 * not settings of this provider, so not refused.
 */
const ENGINE_CONFIG_KEYS = new Set(["version", "pluginDownloadURL", "pluginChecksums", "parameterization"]);

/** The request message of each method the plugin serves. */
export const REQUESTS = providerRequests({ Construct: providerProto.ConstructRequest });

let constructModule: typeof ConstructModule | undefined;
/** The component and the SDK's runtime: loaded once, at the first Construct or right after Configure. */
function constructor(): typeof ConstructModule {
  // oxlint-disable-next-line typescript/no-require-imports
  constructModule ??= require("./construct") as typeof ConstructModule;
  return constructModule;
}

/** The refusal of each `stackone:*` key given to the provider: it takes none. */
export function configFailures(keys: readonly string[]): { property: string; reason: string }[] {
  return keys
    .filter((key) => !ENGINE_CONFIG_KEYS.has(key) && !key.startsWith("__"))
    .map((key) => ({
      property: key,
      reason:
        `${PACKAGE}:${key} is not a setting: the ${PACKAGE} provider takes no configuration. Give the component's ` +
        `settings as its arguments (e.g. ${key} on stackone:pingone:WorkerApp), and PingOne's credentials as pingone:* ` +
        "config or an explicit pingone provider passed in the component's providers",
    }));
}

export interface StackOneProviderOptions {
  /** The engine's address (the plugin's last argument); also taken from `Handshake`. */
  engineAddress?: string;
}

export class StackOneProviderServer {
  private engineAddress: string | undefined;
  /** The callbacks of Constructs in flight: a failure outside any of them (an unhandled rejection) fails them all. */
  private readonly inFlight = new Set<(err: RpcError) => void>();

  constructor(options: StackOneProviderOptions = {}) {
    this.engineAddress = options.engineAddress;
  }

  /**
   * A component's outputs can fail after its constructor returned (an argument that was an output, checked once it
   * resolves): such a rejection may be nobody's promise. Node would end the process on it; instead every Construct
   * in flight fails with its message, and the plugin goes on serving. False when none was in flight.
   */
  failInFlight(err: unknown): boolean {
    const error = new RpcError(err instanceof Error ? err.message : String(err));
    const failed = [...this.inFlight];
    for (const fail of failed) fail(error);
    return failed.length > 0;
  }

  service(): Handlers {
    return {
      ...schemaHandlers(schema, true, (engineAddress) => {
        this.engineAddress = engineAddress || this.engineAddress;
      }),
      checkConfig: (call: Call<providerProto.CheckRequest>, cb: Callback<providerProto.CheckResponse>) => {
        const news = call.request.getNews();
        const res = new providerProto.CheckResponse().setInputs(news);
        const keys = news === undefined ? [] : [...news.getFieldsMap().keys()];
        for (const f of configFailures(keys))
          res.addFailures(new providerProto.CheckFailure().setProperty(f.property).setReason(f.reason));
        cb(null, res);
      },
      diffConfig: (_call: Call<providerProto.DiffRequest>, cb: Callback<providerProto.DiffResponse>) =>
        cb(null, new providerProto.DiffResponse().setChanges(providerProto.DiffResponse.DiffChanges.DIFF_NONE)),
      configure: (_call: Call<providerProto.ConfigureRequest>, cb: Callback<providerProto.ConfigureResponse>) => {
        cb(
          null,
          new providerProto.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(true).setAcceptoutputs(true),
        );
        // A Construct follows: load the component and the SDK's runtime in the wait for it, not in it.
        setImmediate(() => constructor());
      },
      construct: (call: Call<providerProto.ConstructRequest>, cb: Callback<providerProto.ConstructResponse>) => {
        const fail = (err: RpcError) => {
          this.inFlight.delete(fail);
          cb(err);
        };
        this.inFlight.add(fail);
        const address = this.engineAddress;
        if (address === undefined) {
          fail(new RpcError("the stackone provider was started without the engine's address (its last argument)"));
          return;
        }
        constructor()
          .construct(call.request, address)
          .then(
            (res) => {
              this.inFlight.delete(fail);
              cb(null, res);
            },
            (err: unknown) => fail(new RpcError(err instanceof Error && err.message ? err.message : String(err))),
          );
      },
      cancel: (_call: Call<Empty>, cb: Callback<Empty>) => cb(null, new Empty()),
    };
  }

  /** Serves on 127.0.0.1 (`port` 0: any free port); resolves with the port. */
  listen(port = 0): Promise<RpcServer> {
    return serveProvider("the stackone provider", REQUESTS, this.service(), port);
  }
}
