/**
 * The provider as state carries it (`__provider`): the provider module loads in a fresh module and serves the four
 * types, holds only the provider's own modules, is cached by the hash of its sources, and no credential, token or
 * client secret is ever inside the string — not from the environment, not from stack config, not from a token
 * already cached in the process. Everything goes through the compiled code and Node's require.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { createRequire } from "module";
import { tmpdir } from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { REPO_ROOT, loadSerializedProvider } from "./engine";
import { ProviderModule, compiledResources, engineResource, providerModule, stackConfig, guideApplicationInputs } from "./harness";
import { TYPE_KEY } from "./typeKey";

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

describe("the provider module (__provider)", () => {
  it("loads in a fresh module and answers check for each of the four types", async () => {
    const provider = loadSerializedProvider(providerModule(mod));
    expect(typeof provider.create).toBe("function");
    for (const [type, firstFailure] of [
      ["Application", "environmentId"],
      ["ApplicationSecret", "environmentId"],
      ["ResourceGrant", "environmentId"],
      ["UserRoleAssignment", "environmentId"],
    ]) {
      const res = await provider.check!({}, { [TYPE_KEY]: type });
      expect(res.failures?.[0]?.property, type).toBe(firstFailure);
    }
  });

  it("holds the provider's own modules, requires only zod and Node built-ins, and never @pulumi/pulumi", () => {
    const text = providerModule(mod);
    const ids = [...text.matchAll(/^"([^"]+)": \[/gm)].map((m) => m[1]);
    expect(ids).toEqual([
      "pingone/client/client",
      "pingone/client/errors",
      "pingone/client/http",
      "pingone/client/paging",
      "pingone/client/regions",
      "pingone/client/retry",
      "pingone/client/token",
      "pingone/core/application",
      "pingone/core/applicationSecret",
      "pingone/core/common",
      "pingone/core/credentials",
      "pingone/core/icon",
      "pingone/core/resourceGrant",
      "pingone/core/userRoleAssignment",
      "pingone/resources/application",
      "pingone/resources/applicationSecret",
      "pingone/resources/hosted",
      "pingone/resources/provider",
      "pingone/resources/resourceGrant",
      "pingone/resources/typeKey",
      "pingone/resources/userRoleAssignment",
    ]);
    const packages = new Set([...text.matchAll(/\brequire\("([^".][^"]*)"\)/g)].map((m) => m[1]));
    expect([...packages].sort()).toEqual(["crypto", "fs", "zod"]);
    // Built from the same sources, the text is the same: state does not churn between commands or machines.
    const again = (mod as unknown as { buildProviderModule(o: { entry: string }): string }).buildProviderModule({
      entry: path.join(REPO_ROOT, "pingone", "resources", "hosted.ts"),
    });
    expect(again).toBe(text);
  });

  it("is refused, naming the module and the package, when a provider module would load another package", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "provider-module-"));
    try {
      mkdirSync(path.join(dir, "pingone", "resources"), { recursive: true });
      writeFileSync(path.join(dir, "pingone", "resources", "hosted.ts"), 'import { helper } from "./helper";\nexport const handler = () => helper;\n');
      writeFileSync(path.join(dir, "pingone", "resources", "helper.ts"), 'import * as pulumi from "@pulumi/pulumi";\nexport const helper = pulumi.log;\n');
      const build = (mod as unknown as { buildProviderModule(o: { entry: string }): string }).buildProviderModule;
      expect(() => build({ entry: path.join(dir, "pingone", "resources", "hosted.ts") })).toThrow(
          'provider module: pingone/resources/helper requires "@pulumi/pulumi"; the provider host may load only Node built-ins and zod (import other packages, @pulumi/pulumi included, as types only)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is cached on disk by the hash of the sources: a hit reads the cache, a changed source builds anew", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "provider-module-"));
    try {
      cpSync(path.join(REPO_ROOT, "pingone"), path.join(dir, "pingone"), { recursive: true, filter: (src) => !src.endsWith(".test.ts") });
      const cacheDir = path.join(dir, "cache");
      const fromSources = (mod as unknown as { providerModuleFromSources(o: { root: string; cacheDir: string }): string }).providerModuleFromSources;
      const first = fromSources({ root: dir, cacheDir });
      expect(first).toBe(providerModule(mod));
      const cached = readdirSync(cacheDir);
      expect(cached).toHaveLength(1);
      expect(cached[0]).toMatch(/^provider-module-[0-9a-f]{32}\.js$/);
      // A hit returns the cached file as it is.
      writeFileSync(path.join(cacheDir, cached[0]), `${first}// marker\n`);
      expect(fromSources({ root: dir, cacheDir })).toBe(`${first}// marker\n`);
      // Any source file changed: a new key, a fresh build with the change in it.
      const tokenFile = path.join(dir, "pingone", "client", "token.ts");
      writeFileSync(tokenFile, `${readFileSync(tokenFile, "utf8")}\nexport const CHANGED_FOR_TEST = 42;\n`);
      const rebuilt = fromSources({ root: dir, cacheDir });
      expect(rebuilt).toContain("exports.CHANGED_FOR_TEST = 42;");
      expect(rebuilt).not.toContain("// marker");
      expect(readdirSync(cacheDir)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
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

    // The strings exactly as the resource classes send them, captured through mocks.
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
