/**
 * The start-up of Pulumi's dynamic-provider host, alone: the engine's command for it (`pulumi-resource-pulumi-nodejs`
 * beside the CLI) spawned in the project's directory, timed until it prints the port it listens on, which is when
 * the engine can send its first request. The engine starts the host only when the program registers its first
 * dynamic resource, and a no-change preview cannot finish before the host has answered `check` and `diff`, so this
 * time sits on every such preview's critical path: the empty program plus this is the least any program built on
 * Node dynamic providers can take on this machine.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The engine passes its own gRPC address; the host only dials it for logging, so an unused port serves. */
const ENGINE_ADDRESS = "127.0.0.1:1";

/** Milliseconds from spawning the host to its port on stdout; the host is then killed with its children. */
export function hostStartupMs(cliBin: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<number> {
  const shim = path.join(cliBin, "pulumi-resource-pulumi-nodejs");
  if (!fs.existsSync(shim)) return Promise.reject(new Error(`no dynamic-provider host beside the CLI: ${shim}`));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(shim, [ENGINE_ADDRESS], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let settled = false;
    const finish = (result: { ms: number } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      child.once("close", () => ("ms" in result ? resolve(result.ms) : reject(result.error)));
      if (child.exitCode !== null || child.signalCode !== null) child.emit("close");
    };
    const timer = setTimeout(() => finish({ error: new Error(`dynamic-provider host printed no port within ${timeoutMs} ms: ${err.trim()}`) }), timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/^\d+\s*$/m.test(out)) finish({ ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("error", (error) => finish({ error }));
    child.once("exit", (code) => finish({ error: new Error(`dynamic-provider host exited with ${code} before printing a port: ${err.trim()}`) }));
  });
}
