/**
 * The start-up of the project's `pingone` provider plugin, alone: the executable the engine starts for it (Pulumi.yaml
 * `plugins.providers` → `bin/pulumi-resource-pingone`, in the benchmark's copy of the program) spawned as the engine
 * spawns it, with an engine address as its argument, and timed until it prints the port it listens on, which is when
 * the engine can send its first request. The engine starts the plugin when the program registers the first pingone
 * resource (its default provider), and no command that touches a pingone resource can finish before the plugin
 * answers, so this time sits on the critical path of every such command.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The plugin only dials the engine's address to send debug logs, lazily, so an unused port serves. */
const ENGINE_ADDRESS = "127.0.0.1:1";

/** Milliseconds from spawning the plugin to its port on stdout; the plugin is then killed with its children. */
export function pluginStartupMs(
  executable: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<number> {
  if (!fs.existsSync(executable)) return Promise.reject(new Error(`no plugin executable: ${executable}`));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(executable, [ENGINE_ADDRESS], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
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
    const timer = setTimeout(
      () =>
        finish({
          error: new Error(`${path.basename(executable)} printed no port within ${timeoutMs} ms: ${err.trim()}`),
        }),
      timeoutMs,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/^\d+\s*$/m.test(out)) finish({ ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("error", (error) => finish({ error }));
    child.once("exit", (code) =>
      finish({
        error: new Error(`${path.basename(executable)} exited with ${code} before printing a port: ${err.trim()}`),
      }),
    );
  });
}
