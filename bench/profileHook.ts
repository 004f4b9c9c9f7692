/**
 * Loaded into every Node.js process the CLI starts (`NODE_OPTIONS=--require …`) when the benchmark runs with
 * `--profile DIR`: records a V8 CPU profile of the process and writes it to $BENCH_PROFILE_DIR on exit, named after
 * the process's role (program = the language host's `cmd/run`, provider = the pingone plugin's
 * `dist/pingone/provider/main.js`). Open the
 * files in Chrome DevTools (Performance → Load profile) or any .cpuprofile viewer.
 */
import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
const script = process.argv[1] ?? "";
// Only the two processes that run project code; helper processes (e.g. `node -e`) are left alone.
const role = /pingone[/\\]provider[/\\]main\.js$/.test(script)
  ? "provider"
  : /cmd[/\\]run/.test(script)
    ? "program"
    : undefined;
if (dir && role) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    // The inspector answers synchronously, so this works inside exit and signal handlers.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  // The engine stops the plugin with a signal rather than letting it exit; the plugin's own handler then exits.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      write();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
}
