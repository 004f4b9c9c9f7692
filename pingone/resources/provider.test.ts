/**
 * The token store the providers of one process share: providers whose first calls start at the same moment make one
 * token request between them, through the compiled and serialized providers as the engine's host loads them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { ProviderModule, compiledResources, engineResource, stackConfig, guideApplicationInputs } from "./harness";

let emu: RunningEmulator;
let mod: ProviderModule;
let config: Record<string, string>;

type Bags = { __pingoneProviderTokens?: Record<string, unknown>; __pingoneProviderTokenRequests?: Record<string, Record<string, unknown>> };
const g = globalThis as unknown as Bags;

beforeAll(async () => {
  mod = compiledResources();
  emu = await startEmulator({ seed: 505 });
  config = stackConfig(emu);
}, 240_000);

afterAll(async () => {
  await emu?.stop();
});

beforeEach(() => {
  emu.reset();
  // No token left from another suite in this process: the first calls below must find the store empty.
  delete g.__pingoneProviderTokens;
  delete g.__pingoneProviderTokenRequests;
});

const tokenRequests = () => emu.requests().filter((r) => r.path === `/${emu.adminEnvironmentId}/as/token`);

describe("shared token store", () => {
  it("three providers starting together make one token request, and leave nothing in flight behind", async () => {
    const [app, role, other] = await Promise.all([
      engineResource(mod, "ApplicationProvider", config),
      engineResource(mod, "UserRoleAssignmentProvider", config),
      engineResource(mod, "UserRoleAssignmentProvider", config),
    ]);
    emu.clearRequests();
    const results = await Promise.all([
      app.up({
        ...guideApplicationInputs(emu.environmentId),
      }),
      role.up({ environmentId: emu.environmentId, username: "alice", roleName: "Environment Admin", scopeType: "ENVIRONMENT" }),
      other.up({ environmentId: emu.environmentId, username: "bob", roleName: "Environment Admin", scopeType: "ENVIRONMENT" }),
    ]);
    expect(results).toEqual(["created", "created", "created"]);
    expect(tokenRequests()).toEqual([{ method: "POST", path: `/${emu.adminEnvironmentId}/as/token`, status: 200 }]);
    expect(emu.requests().filter((r) => r.path.startsWith("/v1/")).every((r) => r.status < 300)).toBe(true);
    // The in-flight record is a plain object, empty at rest: nothing unserializable stays on globalThis.
    expect(Object.values(g.__pingoneProviderTokenRequests ?? {})).toEqual([{}]);
    expect(Object.keys(g.__pingoneProviderTokens ?? {})).toHaveLength(1);
  });
});
