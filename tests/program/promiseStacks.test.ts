/**
 * quietPromiseStacks (pulumiInternals.ts, run by bin/program.js): the SDK's promise tags lose their stack trace, and
 * nothing else changes. Run against the SDK's real runtime module, loaded through Node's own require (as the language
 * host loads it), not vitest's transform.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { quietPromiseStacks } from "../../pulumiInternals";

const nodeRequire = createRequire(path.join(__dirname, "..", "..", "package.json"));

interface Debuggable {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
  debugPromiseLeaks: boolean;
}
type Tagged = Promise<unknown> & { _debugCtx?: unknown; _debugStackTrace?: string };

const debuggable = nodeRequire("@pulumi/pulumi/runtime/debuggable") as Debuggable;
const sdkOriginal = debuggable.debuggablePromise;
const install = (d: Debuggable): boolean => quietPromiseStacks(d);

afterEach(() => {
  debuggable.debuggablePromise = sdkOriginal;
  debuggable.debugPromiseLeaks = false;
});

describe("quietPromiseStacks", () => {
  it("has something to do: the SDK's own debuggablePromise formats the caller's stack at once", () => {
    const p: Tagged = Promise.resolve(1);
    debuggable.debuggablePromise(p, "ctx");
    expect(p._debugStackTrace).toMatch(/\n\s+at /);
  });

  it("still runs the SDK's function (context tagged, value and failure passed on) and leaves a stack of no frames", async () => {
    expect(install(debuggable)).toBe(true);
    expect(debuggable.debuggablePromise).not.toBe(sdkOriginal);
    const input: Tagged = Promise.resolve(42);
    const out = debuggable.debuggablePromise(input, "resolveURN(x)");
    expect(input._debugCtx).toBe("resolveURN(x)");
    expect(input._debugStackTrace).toMatch(/^Error/);
    expect(input._debugStackTrace).not.toMatch(/\n\s+at /);
    await expect(out).resolves.toBe(42);
    const failing = Promise.reject(new Error("no"));
    await expect(debuggable.debuggablePromise(failing, "f")).rejects.toMatchObject({ message: "no", promise: failing });
  });

  it("puts Error.stackTraceLimit back, also when the SDK's function throws", () => {
    install(debuggable);
    const before = Error.stackTraceLimit;
    debuggable.debuggablePromise(Promise.resolve(), "ok");
    expect(Error.stackTraceLimit).toBe(before);
    expect(() => debuggable.debuggablePromise(undefined as unknown as Promise<void>, "bad")).toThrow();
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("after").stack).toMatch(/\n\s+at /);
  });

  it("keeps the full stack when PULUMI_DEBUG_PROMISE_LEAKS asks the SDK to print leaked promises", () => {
    install(debuggable);
    debuggable.debugPromiseLeaks = true;
    const p: Tagged = Promise.resolve();
    debuggable.debuggablePromise(p, "leak?");
    expect(p._debugStackTrace).toMatch(/\n\s+at /);
  });

  it("installs once", () => {
    expect(install(debuggable)).toBe(true);
    const installed = debuggable.debuggablePromise;
    expect(install(debuggable)).toBe(true);
    expect(debuggable.debuggablePromise).toBe(installed);
  });
});
