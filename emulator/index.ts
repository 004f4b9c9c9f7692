/** The local PingOne emulator: `startEmulator` and its public types. */
import { EmulatorServer } from "./server";
import type { EmulatorOptions, RunningEmulator } from "./types";

export * from "./types";

/** Starts an emulator on 127.0.0.1 and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const server = new EmulatorServer(options);
  await server.listen();
  const info = server.info();
  return {
    ...info,
    port: server.port,
    stop: () => server.stop(),
    reset: () => server.reset(),
    requests: () => server.requests(),
    clearRequests: () => server.clearRequests(),
    injectFault: (fault) => server.injectFault(fault),
    clearFaults: () => server.clearFaults(),
    advanceClock: (seconds) => server.advanceClock(seconds),
  };
}
