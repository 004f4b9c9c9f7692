/**
 * Messages to the engine's log (`Engine.Log`): debug lines, shown by `pulumi up --debug` and with
 * `-v=9 --logtostderr`, and warnings, which the CLI always shows under the resource of the URN given (drift a
 * refresh found and the next `up` repairs, say). The caller passes messages that hold no secret. Connected lazily,
 * at the first message, to the address the engine passed on the command line or in `Handshake`; without one,
 * messages are dropped.
 */
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
    this.send("DEBUG", message, urn);
  }

  /**
   * A warning the CLI shows under the resource `urn` (`warning: <message>`), whatever the verbosity. Resolves once
   * the engine has it (or could not take it), so an operation can answer after its warnings.
   */
  warning(message: string, urn: string): Promise<void> {
    return new Promise((resolve) => this.send("WARNING", message, urn, () => resolve()));
  }

  /** An error the CLI shows under the resource `urn` (`error: <message>`); resolves as {@link warning} does. */
  error(message: string, urn: string): Promise<void> {
    return new Promise((resolve) => this.send("ERROR", message, urn, () => resolve()));
  }

  private send(
    severity: "DEBUG" | "WARNING" | "ERROR",
    message: string,
    urn?: string,
    done: () => void = () => undefined,
  ): void {
    if (!this.address) return done();
    if (!this.client) {
      // gRPC's client is loaded with the first message, not with the plugin: a command that calls PingOne not at
      // all (a no-op preview) never needs it, and the plugin's start is on every command's critical path.
      // oxlint-disable-next-line typescript/no-require-imports
      const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
      const { EngineClient } =
        // oxlint-disable-next-line typescript/no-require-imports
        require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
      this.client = new EngineClient(this.address, grpc.credentials.createInsecure());
    }
    const { LogRequest, LogSeverity } =
      // oxlint-disable-next-line typescript/no-require-imports
      require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
    const req = new LogRequest()
      .setSeverity(LogSeverity[severity])
      .setMessage(message)
      .setUrn(urn ?? "")
      .setEphemeral(false);
    this.client.log(req, () => done());
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}
