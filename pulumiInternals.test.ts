/**
 * What pulumiInternals.ts relies on, checked against the installed @pulumi/pulumi, loaded through Node's own require
 * as the program and the plugins load it: each module is there, each function or property it uses exists with the
 * shape relied on. After an SDK upgrade, a failure here names the reliance to re-check before anything runs.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import {
  constructRuntime,
  getStack,
  PULUMI_SDK_VERSION,
  quietPromiseStacks,
  runError,
  SDK_MODULES,
  stackConfiguration,
  type Debuggable,
} from "./pulumiInternals";

const nodeRequire = createRequire(path.join(__dirname, "package.json"));
type Module = Record<string, unknown>;
const sdk = (name: keyof typeof SDK_MODULES): Module => nodeRequire(SDK_MODULES[name]) as Module;
const SDK_DIR = path.dirname(nodeRequire.resolve("@pulumi/pulumi/package.json"));

describe("pulumiInternals: the SDK version it was written for", () => {
  it("is the version installed and the one package.json pins", () => {
    const installed = (nodeRequire("@pulumi/pulumi/package.json") as { version: string }).version;
    const pinned = (
      JSON.parse(fs.readFileSync(path.join(__dirname, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      }
    ).dependencies["@pulumi/pulumi"];
    const recheck =
      `pulumiInternals.ts was written for @pulumi/pulumi ${PULUMI_SDK_VERSION}; re-check each reliance it describes ` +
      "(and the re-exports of tools/gen/nodejs/) against the new version, then set PULUMI_SDK_VERSION to it";
    expect(`installed ${installed}, package.json ${pinned}`, recheck).toBe(
      `installed ${PULUMI_SDK_VERSION}, package.json ${PULUMI_SDK_VERSION}`,
    );
  });
});

describe("pulumiInternals: each reliance on the installed SDK", () => {
  it("every module it loads is there", () => {
    for (const [name, id] of Object.entries(SDK_MODULES)) expect(() => nodeRequire.resolve(id), name).not.toThrow();
  });

  it("the stack's configuration and its secret keys (runtime/config allConfig, setAllConfig, isConfigSecret)", () => {
    const config = sdk("config");
    expect(typeof config.allConfig).toBe("function");
    expect(typeof config.setAllConfig).toBe("function");
    expect(typeof config.isConfigSecret, "runtime/config no longer has isConfigSecret").toBe("function");
    (config.setAllConfig as (c: Record<string, string>, secretKeys?: string[]) => void)(
      { "p:plain": "a", "p:secret": "b" },
      ["p:secret"],
    );
    expect(stackConfiguration()).toEqual({
      config: { "p:plain": "a", "p:secret": "b" },
      secretKeys: new Set(["p:secret"]),
    });
  });

  it("the stack's name and the program's error (runtime/settings getStack, errors RunError)", () => {
    expect(typeof sdk("settings").getStack).toBe("function");
    expect(typeof getStack()).toBe("string");
    const { RunError } = sdk("errors") as { RunError: { isInstance(e: unknown): boolean } };
    const err = runError("the message");
    expect(RunError.isInstance(err)).toBe(true);
    expect(err.message).toBe("the message");
  });

  it("runtime/debuggable: debuggablePromise(promise, ctx) and debugPromiseLeaks, called through the module object", () => {
    const debuggable = sdk("debuggable") as unknown as Debuggable;
    expect(typeof debuggable.debuggablePromise).toBe("function");
    expect(debuggable.debuggablePromise.length).toBe(2);
    expect(typeof debuggable.debugPromiseLeaks).toBe("boolean");
    // Replacing the export reaches a caller only when the caller reads it off the module at each call.
    const callers = fs.readdirSync(path.join(SDK_DIR, "runtime")).filter((f) => f.endsWith(".js"));
    const uses = callers.flatMap((f) =>
      (fs.readFileSync(path.join(SDK_DIR, "runtime", f), "utf8").match(/[\w.$]*debuggablePromise\b/g) ?? []).map(
        (use) => `${f}: ${use}`,
      ),
    );
    expect(uses.some((u) => u.endsWith(": debuggable_1.debuggablePromise"))).toBe(true);
    expect(
      uses.filter((u) => !u.endsWith(": debuggable_1.debuggablePromise") && !u.startsWith("debuggable.js:")),
    ).toEqual([]);
    const original = debuggable.debuggablePromise;
    try {
      expect(quietPromiseStacks(debuggable)).toBe(true);
      expect(debuggable.debuggablePromise).not.toBe(original);
    } finally {
      debuggable.debuggablePromise = original;
    }
  });

  it("what a Construct runs on: each function there, with the number of parameters relied on", () => {
    const settings = sdk("settings");
    const shapes: [Module, string, number][] = [
      [sdk("state"), "withLocalStorage", 1],
      [settings, "resetOptions", 7],
      [settings, "awaitFeatureSupport", 0],
      [settings, "waitForRPCs", 0],
      [sdk("config"), "setAllConfig", 2],
      [sdk("providerServer"), "deserializeInputs", 2],
      [sdk("rpc"), "serializeResourceProperties", 3],
    ];
    for (const [module, name, length] of shapes) {
      expect(typeof module[name], name).toBe("function");
      expect((module[name] as (...args: unknown[]) => unknown).length, `${name}'s parameters`).toBe(length);
    }
  });

  it("what a Construct runs on: a state of its own, inputs deserialized, outputs serialized", async () => {
    const runtime = constructRuntime();
    await expect(runtime.withLocalStorage(async () => "ran")).resolves.toBe("ran");
    const dependencies = new Map() as unknown as Parameters<typeof runtime.deserializeInputs>[1];
    await expect(runtime.deserializeInputs(Struct.fromJavaScript({ name: "a", n: 1 }), dependencies)).resolves.toEqual({
      name: "a",
      n: 1,
    });
    const [properties, deps] = await runtime.serializeResourceProperties("test", { name: "a" });
    expect(properties).toEqual({ name: "a" });
    expect(deps).toBeInstanceOf(Map);
  });
});

describe("the generated Node.js SDKs' pulumi.ts and pulumiRuntime.ts (tools/gen/nodejs/)", () => {
  const reexports = (file: string) =>
    [
      ...fs
        .readFileSync(path.join(__dirname, "tools/gen/nodejs", file), "utf8")
        .matchAll(/^export \* (?:as (\w+) )?from "(@pulumi\/pulumi\/[^"]+)";$/gm),
    ].map(([, as, id]) => ({ as, id }));
  const index = nodeRequire("@pulumi/pulumi") as Module;

  it("re-export modules of the SDK under the names its index gives the same objects", () => {
    const found = reexports("pulumi.ts");
    expect(found.length).toBeGreaterThan(0);
    for (const { as, id } of found) {
      const module = nodeRequire(id) as Module;
      if (as !== undefined) {
        expect(index[as], `${id} as ${as}`).toBe(module);
        continue;
      }
      for (const key of Object.keys(module))
        if (key !== "__esModule") expect(index[key], `${key} of ${id}`).toBe(module[key]);
    }
  });

  it("pulumiRuntime.ts: modules of the SDK's runtime, each name the same object as the index's `runtime`", () => {
    const runtime = index.runtime as Module;
    const found = reexports("pulumiRuntime.ts");
    expect(found.length).toBeGreaterThan(0);
    for (const { id } of found) {
      expect(id).toMatch(/^@pulumi\/pulumi\/runtime\//);
      const module = nodeRequire(id) as Module;
      for (const key of Object.keys(module))
        if (key !== "__esModule") expect(runtime[key], `${key} of ${id}`).toBe(module[key]);
    }
  });
});

describe("the gRPC stubs both plugins import (Pulumi's plugin protocol)", () => {
  it("each loads", () => {
    for (const stub of ["provider_pb", "provider_grpc_pb", "plugin_pb", "engine_pb", "engine_grpc_pb"]) {
      expect(() => nodeRequire(`@pulumi/pulumi/proto/${stub}`), stub).not.toThrow();
    }
  });
});
