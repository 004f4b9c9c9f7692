/**
 * The plugin's life follows its engine's: a stand-in engine (a node process) starts the compiled plugin as the Pulumi
 * engine does — stdin a pipe it holds, stdout read for the port — and is then SIGKILLed. The plugin must exit on its
 * own within seconds instead of living on under PID 1; and while its engine lives it must not exit.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compileProvider } from "./testing";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (!alive(pid)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/** Starts a stand-in engine that starts the plugin with `stdin` ("pipe" as the engine does, or "ignore"); resolves with both pids. */
function startEngine(stdin: "pipe" | "ignore"): Promise<{ engine: number; plugin: number; port: number }> {
  const main = compileProvider();
  const script = `
    const { spawn } = require("node:child_process");
    const plugin = spawn(process.execPath, [${JSON.stringify(main)}, "127.0.0.1:1"], { stdio: [${JSON.stringify(stdin)}, "pipe", "inherit"], detached: true });
    plugin.stdout.once("data", (d) => process.stdout.write(JSON.stringify({ engine: process.pid, plugin: plugin.pid, port: Number(String(d).trim()) }) + "\\n"));
    setInterval(() => undefined, 1000);
  `;
  const engine = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    engine.on("error", reject);
    engine.stdout.once("data", (d: Buffer) =>
      resolve(JSON.parse(d.toString()) as { engine: number; plugin: number; port: number }),
    );
  });
}

describe("the plugin exits when its engine is gone", () => {
  it.each(["pipe", "ignore"] as const)(
    "stdin %s: alive while the engine lives; gone within 3 s of the engine's SIGKILL",
    async (stdin) => {
      const { engine, plugin, port } = await startEngine(stdin);
      expect(port).toBeGreaterThan(0);
      try {
        await new Promise((r) => setTimeout(r, 2_500));
        expect([alive(engine), alive(plugin)]).toEqual([true, true]);
        process.kill(engine, "SIGKILL");
        const ms = await gone(plugin, 3_000);
        expect(ms, `the plugin (pid ${plugin}) still runs 3 s after its engine was killed`).toBeDefined();
      } finally {
        for (const pid of [engine, plugin]) if (alive(pid)) process.kill(pid, "SIGKILL");
      }
    },
    20_000,
  );

  it("the engine's graceful shutdown is unchanged: SIGTERM closes the plugin, exit code 0", async () => {
    const main = compileProvider();
    const plugin = spawn(process.execPath, [main, "127.0.0.1:1"], { stdio: ["pipe", "pipe", "inherit"] });
    await new Promise<void>((resolve) => plugin.stdout.once("data", () => resolve()));
    const exited = new Promise<number | null>((resolve) => plugin.on("exit", (code) => resolve(code)));
    plugin.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 20_000);
});
