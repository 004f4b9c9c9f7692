/**
 * The providers as state carries them (`__provider`): each serializes and loads in a fresh module, and no
 * credential, token or client secret is ever inside the string — not from the environment, not from stack config,
 * not from a token already cached in the process. Everything goes through the compiled code and Node's require.
 */
import { createRequire } from "module";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { REPO_ROOT, loadSerializedProvider, serializeProvider } from "./engine";
import { PROVIDER_CLASSES, ProviderModule, compiledResources, engineResource, stackConfig, guideApplicationInputs } from "./harness";

// Known values in every place a credential could come from, set before the Pulumi SDK is loaded.
const ENV_VALUES = {
  PINGONE_CLIENT_ID: "env-client-id-5b0e6c2f",
  PINGONE_CLIENT_SECRET: "env-client-secret-9d41a7e3c0",
  PINGONE_ENVIRONMENT_ID: "env-environment-id-71c2",
  PINGONE_AUTH_URL: "http://127.0.0.1:1/env-auth-url-3e5a",
};
const CONFIG_VALUES = {
  "pingone:clientId": "cfg-client-id-0a93",
  "pingone:clientSecret": "cfg-client-secret-f27c1d88",
  "pingone:environmentId": "cfg-environment-id-c4e5",
};
const saved = { ...process.env };
Object.assign(process.env, ENV_VALUES, { PULUMI_CONFIG: JSON.stringify(CONFIG_VALUES) });

const nodeRequire = createRequire(path.join(REPO_ROOT, "package.json"));
let emu: RunningEmulator;
let mod: ProviderModule;

beforeAll(async () => {
  mod = compiledResources();
  emu = await startEmulator({ seed: 505 });
}, 240_000);

afterAll(async () => {
  await emu?.stop();
  process.env = saved;
});

function forbidden(): string[] {
  const bag = (globalThis as unknown as { __pingoneProviderTokens?: Record<string, { accessToken: string }> }).__pingoneProviderTokens ?? {};
  return [
    ...Object.values(ENV_VALUES),
    ...Object.values(CONFIG_VALUES),
    emu.clientSecret,
    emu.clientId,
    ...Object.values(bag).map((t) => t.accessToken),
  ];
}

describe("serialized providers", () => {
  it("each provider serializes, loads in a fresh module and answers check", async () => {
    for (const name of PROVIDER_CLASSES) {
      const text = await serializeProvider(new mod[name]());
      const provider = loadSerializedProvider(text);
      expect(typeof provider.create, name).toBe("function");
      const res = await provider.check!({}, {});
      expect(res.failures?.[0]?.property, name).toBe("environmentId");
    }
  });

  it("the four providers of one process share one access token", async () => {
    delete (globalThis as unknown as { __pingoneProviderTokens?: unknown }).__pingoneProviderTokens;
    emu.clearRequests();
    const config = stackConfig(emu);
    const env = emu.environmentId;
    const app = await engineResource(mod, "ApplicationProvider", config);
    await app.up({
      ...guideApplicationInputs(env),
    });
    await (await engineResource(mod, "ApplicationSecretProvider", config)).up({ environmentId: env, applicationId: app.id });
    await (await engineResource(mod, "ResourceGrantProvider", config)).up({ environmentId: env, applicationId: app.id, scopes: ["openid"] });
    await (await engineResource(mod, "UserRoleAssignmentProvider", config)).up({
      environmentId: env,
      username: "alice",
      roleName: "Environment Admin",
      scopeType: "ENVIRONMENT",
    });
    const tokenRequests = emu.requests().filter((r) => r.path.endsWith("/as/token"));
    expect(tokenRequests).toEqual([{ method: "POST", path: `/${emu.adminEnvironmentId}/as/token`, status: 200 }]);
    expect(emu.requests().filter((r) => r.path.startsWith("/v1/")).length).toBeGreaterThan(8);
  });

  it("carry no credential, token or client secret, even after the process has used them", async () => {
    // Use the providers for real first, so a token is cached on globalThis in this process.
    const app = await engineResource(mod, "ResourceGrantProvider", stackConfig(emu));
    await expect(app.up({ environmentId: emu.environmentId, applicationId: "00000000-0000-4000-8000-000000000000", scopes: ["openid"] })).rejects.toThrow(
      /failed: 404/,
    );
    const tokens = Object.values(
      (globalThis as unknown as { __pingoneProviderTokens?: Record<string, { accessToken: string }> }).__pingoneProviderTokens ?? {},
    );
    expect(tokens.length).toBeGreaterThan(0);

    // The strings exactly as pulumi.dynamic.Resource produces them, captured through mocks.
    const pulumi = nodeRequire("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    const env = emu.environmentId;
    const resources = [
      new mod.Application("app", {
        ...guideApplicationInputs(env),
      } as never),
      new mod.ApplicationSecret("secret", { environmentId: env, applicationId: "app-id" } as never),
      new mod.UserRoleAssignment("role", { environmentId: env, username: "alice", roleName: "Environment Admin", scopeType: "ENVIRONMENT" } as never),
      new mod.ResourceGrant("grant", { environmentId: env, applicationId: "app-id", scopes: ["openid"] } as never),
    ] as unknown as { urn: import("@pulumi/pulumi").Output<string> }[];
    await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(registered.map((r) => [r.type, r.name]).sort()).toEqual([
      ["pulumi-nodejs:dynamic/pingone:Application", "app"],
      ["pulumi-nodejs:dynamic/pingone:ApplicationSecret", "secret"],
      ["pulumi-nodejs:dynamic/pingone:ResourceGrant", "grant"],
      ["pulumi-nodejs:dynamic/pingone:UserRoleAssignment", "role"],
    ]);
    for (const r of registered) {
      const text = r.inputs.__provider;
      expect(typeof text, r.name).toBe("string");
      expect((text as string).length).toBeGreaterThan(1000);
      const found = forbidden().filter((value) => (text as string).includes(value));
      expect(found, `${r.type} carries a credential`).toEqual([]);
      // And the string still loads as the host loads it.
      expect(typeof loadSerializedProvider(text as string).create).toBe("function");
    }
  });
});
