/**
 * Debug messages to the engine's log (`Engine.Log` at DEBUG severity): shown by `pulumi up --debug`, and with
 * `-v=9 --logtostderr`. The caller passes messages that hold no secret. Connected lazily, at the first message, to
 * the address the engine passed on the command line or in `Handshake`; without one, messages are dropped.
 */
import * as grpc from "@grpc/grpc-js";
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";

export class EngineLog {
  private client: EngineClient | undefined;

  constructor(private address?: string) {}

  connect(address: string | undefined): void {
    if (address && address !== this.address) {
      this.client?.close();
      this.client = undefined;
      this.address = address;
    }
  }

  debug(message: string, urn?: string): void {
    if (!this.address) return;
    if (!this.client) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
      this.client = new EngineClient(this.address, grpc.credentials.createInsecure());
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
    const req = new LogRequest().setSeverity(LogSeverity.DEBUG).setMessage(message).setUrn(urn ?? "").setEphemeral(false);
    this.client.log(req, () => undefined);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}
