/**
 * Loaded into every Node.js process the CLI starts (`NODE_OPTIONS=--require …`) when the benchmark runs with
 * `--profile DIR`: records a V8 CPU profile of the process and writes it to $BENCH_PROFILE_DIR on exit, named after
 * the process's role (program = the language host's `cmd/run`, provider = the dynamic-provider host). Open the
 * files in Chrome DevTools (Performance → Load profile) or any .cpuprofile viewer.
 */
import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const script = process.argv[1] ?? "";
  const role = /dynamic-provider/.test(script) ? "provider" : /cmd[/\\]run/.test(script) ? "program" : path.basename(script) || "node";
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  process.on("exit", () => {
    // The inspector answers synchronously inside an exit handler.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
