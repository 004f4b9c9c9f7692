/**
 * The entry point of the `pingone` resource provider plugin (`bin/pulumi-resource-pingone` runs it): serves the
 * provider on a free loopback port and prints the port on stdout, as the engine expects. The engine passes its own
 * address as the last argument. The plugin exits when the engine closes it (SIGTERM/SIGINT, its graceful shutdown),
 * and on its own within about a second when the engine is gone without a word (the CLI killed: SIGKILL, a cancelled
 * CI job, an out-of-memory kill) — otherwise it would live on under PID 1, holding its port, for good.
 */
import * as fs from "node:fs";
import { PingOneProviderServer } from "./server";

/** How often the parent is checked, in ms. */
const PARENT_POLL_MS = 1_000;

/**
 * Calls `gone` once when the engine that started the plugin is gone. Two signs, either enough:
 * - the engine holds the write end of the plugin's stdin (a pipe it never writes to): the pipe's end means the
 *   engine process has exited, whoever its parent was;
 * - the plugin's parent process changes (it was re-parented to PID 1 or a subreaper). The launcher `exec`s node, so
 *   the parent is the engine itself.
 * Neither fires while the engine lives, so its graceful shutdown (closing the connection, then SIGINT/SIGTERM) is
 * unchanged. A plugin started with no stdin pipe (a test's `stdio: "ignore"`) relies on the parent check alone.
 */
function watchEngine(gone: (why: string) => void, stdinFd = 0, pollMs = PARENT_POLL_MS): () => void {
  let fired = false;
  const fire = (why: string) => {
    if (fired) return;
    fired = true;
    stop();
    gone(why);
  };
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) fire(`its parent process ${parent} is gone`);
  }, pollMs);
  timer.unref();
  let stdinWatched = false;
  try {
    stdinWatched = fs.fstatSync(stdinFd).isFIFO();
  } catch {
    stdinWatched = false;
  }
  const onEnd = () => fire("the engine closed its stdin pipe");
  if (stdinWatched) {
    process.stdin.on("end", onEnd);
    process.stdin.on("error", onEnd);
    process.stdin.resume();
    // The pipe must not keep the plugin alive by itself: the server does while it serves.
    (process.stdin as unknown as { unref?: () => void }).unref?.();
  }
  function stop() {
    clearInterval(timer);
    if (stdinWatched) {
      process.stdin.off("end", onEnd);
      process.stdin.off("error", onEnd);
    }
  }
  return stop;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const engineAddress = args[args.length - 1];
  const provider = new PingOneProviderServer({ engineAddress });
  const server = await provider.listen(0);
  // The handlers are in place before the engine learns the port: it may close the plugin at once.
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.stdout.write(`${server.port}\n`);
  // No one is left to answer: an operation in flight could not be recorded anyway. stderr may be a broken pipe too.
  watchEngine(() => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-pingone: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
