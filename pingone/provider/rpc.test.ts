/**
 * The plugin's own gRPC server (rpc.ts) against `@grpc/grpc-js`'s client, and the methods it serves against the
 * protocol's service definition that the SDK ships: the same paths, the same request and response messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as providerService from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  boundedGrpcMessage,
  encodeGrpcMessage,
  MAX_GRPC_MESSAGE_BYTES,
  RpcError,
  serveUnary,
  type RpcServer,
} from "./rpc";
import { PingOneProviderServer, REQUESTS } from "./server";

type Client = grpc.Client &
  Record<string, (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void>;
let server: RpcServer;
let client: Client;

const call = <T>(method: string, req: unknown) =>
  new Promise<{ err: grpc.ServiceError | null; res: T | undefined }>((resolve) =>
    client[method](req, (err, res) => resolve({ err, res: res as T })),
  );

beforeAll(async () => {
  server = await serveUnary(
    "pulumirpc.ResourceProvider",
    {
      GetPluginInfo: {
        request: Empty,
        handler: (_call, cb) => cb(null, new pluginProto.PluginInfo().setVersion("9.9.9")),
      },
      GetSchema: {
        request: providerProto.GetSchemaRequest,
        handler: (c, cb) =>
          cb(
            new RpcError(`version ${(c.request as providerProto.GetSchemaRequest).getVersion()} refused: 100% «sure»`),
          ),
      },
      GetMapping: {
        request: providerProto.GetMappingRequest,
        handler: (c, cb) => cb(new RpcError(`refused ${(c.request as providerProto.GetMappingRequest).getKey()}: end`)),
      },
      Cancel: {
        request: Empty,
        handler: () => {
          throw new Error("thrown, not returned");
        },
      },
    },
    "127.0.0.1",
    0,
  );
  const Ctor = grpc.makeGenericClientConstructor(
    providerService.ResourceProviderService as unknown as grpc.ServiceDefinition,
    "ResourceProvider",
  );
  client = new Ctor(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as Client;
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve) => server?.close(resolve));
});

describe("the plugin's gRPC server", () => {
  it("answers a unary call with the handler's message", async () => {
    const { err, res } = await call<pluginProto.PluginInfo>("getPluginInfo", new Empty());
    expect(err).toBeNull();
    expect(res!.getVersion()).toBe("9.9.9");
  });

  it("passes a handler's error as UNKNOWN with its message intact (non-ASCII and % included)", async () => {
    const { err } = await call("getSchema", new providerProto.GetSchemaRequest().setVersion(3));
    expect([err?.code, err?.details]).toEqual([grpc.status.UNKNOWN, "version 3 refused: 100% «sure»"]);
    expect(encodeGrpcMessage("100% «a»")).toBe("100%25 %C2%ABa%C2%BB");
  });

  it("answers a thrown handler as a failed call, and a method it does not serve as UNIMPLEMENTED", async () => {
    expect((await call("cancel", new Empty())).err?.details).toBe("thrown, not returned");
    const { err } = await call("getMappings", new providerProto.GetMappingsRequest());
    expect([err?.code, err?.details]).toEqual([
      grpc.status.UNIMPLEMENTED,
      "the pingone provider does not implement /pulumirpc.ResourceProvider/GetMappings",
    ]);
  });

  it("serves each method with the request and response messages of the protocol's definition", async () => {
    const definition = providerService.ResourceProviderService as unknown as Record<
      string,
      { path: string; requestType: unknown }
    >;
    const byPath = Object.fromEntries(Object.values(definition).map((d) => [d.path, d.requestType]));
    const provider = new PingOneProviderServer({ env: {} });
    const handlers = provider.service();
    const served = Object.keys(REQUESTS);
    for (const m of served)
      expect(byPath[`/pulumirpc.ResourceProvider/${m}`], m).toBe(REQUESTS[m as keyof typeof REQUESTS]);
    expect(Object.keys(handlers).sort()).toEqual(served.map((m) => m.charAt(0).toLowerCase() + m.slice(1)).sort());
  });

  it("bounds a long error message in the trailer: its beginning and end kept, the cut said, the call still answered", async () => {
    const key = `${"é".repeat(30_000)}☕${"x".repeat(40_000)}`;
    const { err } = await call("getMapping", new providerProto.GetMappingRequest().setKey(key));
    expect(err?.code).toBe(grpc.status.UNKNOWN);
    const shown = err!.details;
    expect(encodeGrpcMessage(shown).length).toBeLessThanOrEqual(MAX_GRPC_MESSAGE_BYTES);
    const [head, tail] = shown.split(
      / … \[\d+ of 70014 characters cut here; the whole message is in the diagnostics above\] … /,
    );
    expect(head).toBe(`refused ${"é".repeat(head.length - 8)}`);
    expect(head.length).toBeGreaterThan(1_000);
    expect(tail).toBe(`${"x".repeat(tail.length - 5)}: end`);
    const cut = Number(/\[(\d+) of/.exec(shown)![1]);
    expect(Array.from(head).length + cut + Array.from(tail).length).toBe(70_014);
  });
});

describe("boundedGrpcMessage", () => {
  it("keeps a message that fits, percent-encoded", () => {
    expect(boundedGrpcMessage("100% «a»", 20)).toBe("100%25 %C2%ABa%C2%BB");
  });

  it("cuts on whole characters (never inside a percent-encoded sequence) and stays within the bound", () => {
    for (const max of [200, 201, 202, 203, 250, 1000]) {
      const msg = "«".repeat(300) + "☕".repeat(300);
      const encoded = boundedGrpcMessage(msg, max);
      expect(encoded.length, String(max)).toBeLessThanOrEqual(max);
      const decoded = decodeURIComponent(encoded);
      expect(decoded).toMatch(
        /^«+ … \[\d+ of 600 characters cut here; the whole message is in the diagnostics above\] … ☕+$/,
      );
    }
  });
});
