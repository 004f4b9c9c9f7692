/**
 * What both plugins of this project (`pingone`, and the `stackone` component plugin) serve alike of Pulumi's gRPC
 * `ResourceProvider` service: the requests every provider answers — `Handshake`, `GetPluginInfo`, `GetSchema`, the
 * provider's own configuration (`CheckConfig`, `DiffConfig`, `Configure`) and `Cancel` — and the start of the server,
 * each declared request paired with its handler, on the project's own gRPC server (rpc.ts).
 */
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { serveUnary, type Call, type Callback, type RpcServer, type UnaryMethod } from "./rpc";

/** A plugin's handlers by method name, first letter lower-case (`checkConfig` serves `CheckConfig`). */
export type Handlers = Record<string, (call: Call<any>, cb: Callback<any>) => void>;

/**
 * The request message of each method a plugin serves: the ones every provider answers, with `own`, the plugin's
 * resource or component methods, between its configuration and `Cancel`.
 */
export function providerRequests<Own extends Record<string, UnaryMethod["request"]>>(own: Own) {
  return {
    Handshake: providerProto.ProviderHandshakeRequest,
    GetPluginInfo: Empty,
    GetSchema: providerProto.GetSchemaRequest,
    CheckConfig: providerProto.CheckRequest,
    DiffConfig: providerProto.DiffRequest,
    Configure: providerProto.ConfigureRequest,
    ...own,
    Cancel: Empty,
  } as const;
}

/**
 * The handlers a plugin answers from its schema alone: `Handshake` (secrets and resources accepted, outputs as
 * `acceptOutputs`; the engine's address to `onEngine`), `GetPluginInfo` (the schema's version) and `GetSchema`.
 */
export function schemaHandlers(
  schema: { version: string },
  acceptOutputs: boolean,
  onEngine: (engineAddress: string) => void,
): Handlers {
  return {
    handshake: (
      call: Call<providerProto.ProviderHandshakeRequest>,
      cb: Callback<providerProto.ProviderHandshakeResponse>,
    ) => {
      onEngine(call.request.getEngineAddress());
      cb(
        null,
        new providerProto.ProviderHandshakeResponse()
          .setAcceptSecrets(true)
          .setAcceptResources(true)
          .setAcceptOutputs(acceptOutputs),
      );
    },
    getPluginInfo: (_call: Call<Empty>, cb: Callback<pluginProto.PluginInfo>) =>
      cb(null, new pluginProto.PluginInfo().setVersion(schema.version)),
    getSchema: (_call: Call<providerProto.GetSchemaRequest>, cb: Callback<providerProto.GetSchemaResponse>) =>
      cb(null, new providerProto.GetSchemaResponse().setSchema(JSON.stringify(schema))),
  };
}

/**
 * Serves `requests` with `handlers` on 127.0.0.1 (`port` 0: any free port); resolves with the port. `who` names the
 * plugin in its errors; `wrap`, when given, stands between each handler and the server.
 */
export function serveProvider(
  who: string,
  requests: Record<string, UnaryMethod["request"]>,
  handlers: Handlers,
  port: number,
  wrap: (handler: Handlers[string]) => Handlers[string] = (handler) => handler,
): Promise<RpcServer> {
  const methods: Record<string, UnaryMethod> = {};
  for (const [name, request] of Object.entries(requests)) {
    const handler = handlers[name.charAt(0).toLowerCase() + name.slice(1)];
    if (!handler) throw new Error(`${who} declares ${name} but implements no handler for it`);
    methods[name] = { request, handler: wrap(handler) as UnaryMethod["handler"] };
  }
  return serveUnary("pulumirpc.ResourceProvider", methods, "127.0.0.1", port, who);
}
