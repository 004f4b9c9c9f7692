/**
 * The plugin's gRPC server: unary calls of one service over Node's own HTTP/2 (cleartext, as the engine dials a
 * plugin), framed as gRPC frames them. The engine makes only unary calls of a resource provider, so this is all of
 * gRPC the plugin needs; `@grpc/grpc-js` would cost about 40 ms to load, on the critical path of every command (the
 * engine waits for the plugin's port before its first resource: docs/performance.md).
 *
 * What it does, per the gRPC over HTTP/2 protocol: a POST to `/<service>/<Method>` with `content-type:
 * application/grpc…` carries one length-prefixed message (1 byte compressed flag, 4 bytes big-endian length, the
 * message); the answer is `:status 200`, `content-type: application/grpc+proto`, one such message, and the trailers
 * `grpc-status: 0`. A failure is a trailers-only answer with `grpc-status` and a percent-encoded `grpc-message`, bounded
 * to {@link MAX_GRPC_MESSAGE_BYTES} (a longer message is cut in its middle, saying so). An
 * unknown method answers UNIMPLEMENTED (12), a malformed request INTERNAL (13), a compressed one UNIMPLEMENTED (no
 * compression is ever negotiated: the server announces none).
 */
import * as http2 from "node:http2";

/** gRPC status codes used here. */
export const RpcStatus = { OK: 0, UNKNOWN: 2, UNIMPLEMENTED: 12, INTERNAL: 13 } as const;

/** A failed call: the message is what the engine shows. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly code: number = RpcStatus.UNKNOWN,
  ) {
    super(message);
  }
}

export interface Call<Req> {
  request: Req;
}
export type Callback<Res> = (err: RpcError | null, res?: Res) => void;

/** A protobuf message class, as the SDK's generated stubs define them. */
interface MessageClass<T> {
  deserializeBinary(bytes: Uint8Array): T;
}
interface Serializable {
  serializeBinary(): Uint8Array;
}

/** One unary method: how its request is read, and its handler. */
export interface UnaryMethod {
  request: MessageClass<unknown>;
  handler: (call: Call<never>, callback: Callback<Serializable>) => void;
}

/** The gRPC framing of one message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt8(0, 0);
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** The one message of a unary request's body, or a reason it is not one. */
export function unframe(body: Buffer): Uint8Array | { problem: string; code: number } {
  if (body.length < 5)
    return { problem: `the request holds ${body.length} bytes, not a gRPC message`, code: RpcStatus.INTERNAL };
  if (body.readUInt8(0) !== 0)
    return {
      problem: "compressed messages are not accepted (no compression was negotiated)",
      code: RpcStatus.UNIMPLEMENTED,
    };
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length) {
    return {
      problem: `the request frames ${length} bytes but holds ${body.length - 5}: a unary call carries exactly one message`,
      code: RpcStatus.INTERNAL,
    };
  }
  return body.subarray(5);
}

/** `grpc-message`: percent-encoded outside printable ASCII, and `%` itself (the gRPC protocol's rule). */
export function encodeGrpcMessage(message: string): string {
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The most bytes of a `grpc-message` header, percent-encoded. The trailers of a failed call travel in one HTTP/2
 * HEADERS frame, which the engine's gRPC client refuses above its frame size (`RST_STREAM … FRAME_SIZE_ERROR`, and the
 * user sees that instead of the error): 8 KiB leaves room for the other headers in the 16 KiB every peer accepts.
 */
export const MAX_GRPC_MESSAGE_BYTES = 8_192;

/** True when `message` does not fit the `grpc-message` header whole. */
export function exceedsGrpcMessage(message: string, maxBytes = MAX_GRPC_MESSAGE_BYTES): boolean {
  return encodeGrpcMessage(message).length > maxBytes;
}

/**
 * `message` fitting the header, percent-encoded: whole when it fits; else its beginning (what failed, PingOne's code
 * and message) and its end (the details), whole characters only, around a note saying how much was cut and where the
 * full text is (the engine's diagnostics: the provider server sends it there first).
 */
export function boundedGrpcMessage(message: string, maxBytes = MAX_GRPC_MESSAGE_BYTES): string {
  const encoded = encodeGrpcMessage(message);
  if (encoded.length <= maxBytes) return encoded;
  const chars = Array.from(message);
  const note = (cut: number) =>
    ` … [${cut} of ${chars.length} characters cut here; the whole message is in the diagnostics above] … `;
  const budget = maxBytes - encodeGrpcMessage(note(chars.length)).length;
  const take = (from: string[], bytes: number) => {
    let out = "";
    let used = 0;
    for (const c of from) {
      const size = encodeGrpcMessage(c).length;
      if (used + size > bytes) break;
      out += c;
      used += size;
    }
    return out;
  };
  const head = take(chars, Math.floor((budget * 3) / 4));
  const tail = Array.from(take([...chars].reverse(), budget - encodeGrpcMessage(head).length))
    .reverse()
    .join("");
  const cut = chars.length - Array.from(head).length - Array.from(tail).length;
  return encodeGrpcMessage(head + note(cut) + tail);
}

export interface RpcServer {
  port: number;
  /** Stops accepting calls; `done` runs once the open sessions have closed. */
  close(done: () => void): void;
}

/**
 * Serves `methods` (by method name, as in the path) of `service` on `host:port` (0: any free port). `who` names the
 * server in the answer to a method it does not serve.
 */
export function serveUnary(
  service: string,
  methods: Record<string, UnaryMethod>,
  host: string,
  port: number,
  who = "the pingone provider",
): Promise<RpcServer> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    // A peer that goes away mid-call is not an error of the plugin's.
    session.on("error", () => undefined);
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => undefined);
    const fail = (code: number, message: string) => {
      if (stream.destroyed || stream.headersSent) return;
      stream.respond(
        {
          ":status": 200,
          "content-type": "application/grpc+proto",
          "grpc-status": String(code),
          "grpc-message": boundedGrpcMessage(message),
        },
        { endStream: true },
      );
    };
    const path = String(headers[":path"] ?? "");
    const prefix = `/${service}/`;
    const method = path.startsWith(prefix) ? methods[path.slice(prefix.length)] : undefined;
    if (headers[":method"] !== "POST" || !String(headers["content-type"] ?? "").startsWith("application/grpc")) {
      stream.resume();
      fail(
        RpcStatus.INTERNAL,
        `expected a gRPC call (POST, content-type application/grpc); got ${String(headers[":method"])} ${path}`,
      );
      return;
    }
    if (!method) {
      stream.resume();
      fail(RpcStatus.UNIMPLEMENTED, `${who} does not implement ${path}`);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const message = unframe(Buffer.concat(chunks));
      if (!(message instanceof Uint8Array)) {
        fail(message.code, message.problem);
        return;
      }
      let request: unknown;
      try {
        request = method.request.deserializeBinary(message);
      } catch (err) {
        fail(
          RpcStatus.INTERNAL,
          `the request to ${path} is not a valid message: ${err instanceof Error ? err.message : String(err)}`,
        );
        return;
      }
      let answered = false;
      const callback: Callback<Serializable> = (err, res) => {
        if (answered) return;
        answered = true;
        if (err || !res) {
          fail(err?.code ?? RpcStatus.UNKNOWN, err?.message ?? `${path} returned nothing`);
          return;
        }
        if (stream.destroyed) return;
        stream.respond({ ":status": 200, "content-type": "application/grpc+proto" }, { waitForTrailers: true });
        stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(RpcStatus.OK) }));
        stream.end(frame(res.serializeBinary()));
      };
      try {
        method.handler({ request } as Call<never>, callback);
      } catch (err) {
        callback(new RpcError(err instanceof Error ? err.message : String(err)));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null ? address.port : port,
        close(done) {
          server.close(() => done());
          for (const session of sessions) session.close();
        },
      });
    });
  });
}
