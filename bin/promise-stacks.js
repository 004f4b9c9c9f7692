// Loaded by bin/program.js before the program: keeps the Pulumi SDK from formatting a stack trace nobody reads for
// every promise of its runtime.
//
// The SDK's runtime (@pulumi/pulumi 3.248, runtime/debuggable.js) tags each promise it makes — four for every output
// property a resource declares, more for each registration and RPC — with `new Error().stack`, read at once. The
// language host's runner has installed source-map-support, so every such read maps each frame through the source
// maps: in this program's no-op preview about 0.1 s of CPU, on the critical path between the Stack's registration and
// the resources' (docs/performance.md). The SDK reads that property only to print leaked promises when
// PULUMI_DEBUG_PROMISE_LEAKS is set; otherwise nothing ever does. So, with that variable unset, the SDK's own function
// still runs, unchanged, for every promise, only with Error.stackTraceLimit at 0 for its duration, and the property
// is an Error's first line, with no frames. Resources' source positions are untouched (the SDK takes them with a
// limit of its own), and so is every error the program or the SDK throws (the limit is back before other code runs).
"use strict";

const MARK = Symbol.for("stackone-pingone.quietPromiseStacks");

/** Installs the wrapper on the SDK's runtime in this process (once); returns whether it is installed. */
function install(debuggable = require("@pulumi/pulumi/runtime/debuggable")) {
  const original = debuggable.debuggablePromise;
  if (typeof original !== "function") return false;
  if (original[MARK]) return true;
  const quiet = function debuggablePromise(promise, ctx) {
    if (debuggable.debugPromiseLeaks) return original(promise, ctx);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(promise, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  quiet[MARK] = true;
  // The SDK's modules call it through the module object (`debuggable_1.debuggablePromise(…)`), so this reaches all.
  debuggable.debuggablePromise = quiet;
  return true;
}

module.exports = { install };
