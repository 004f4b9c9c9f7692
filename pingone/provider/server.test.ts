/**
 * The plugin as the engine drives it, over gRPC against its own process: schema, provider configuration
 * (CheckConfig, Configure, the PINGONE_* fallback), detailed diffs, previews with unknowns, secret outputs, and
 * `pulumi import` through Read for each of the four types.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import type { PingOneClient } from "../client/client";
import { UNKNOWN_VALUE } from "../core/common";
import {
  adminClient,
  configuredPlugin,
  createWorkerAppOutOfBand,
  EngineResource,
  ExchangeLog,
  FakeEngine,
  guideApplicationInputs,
  PluginProcess,
  providerConfig,
  stopPlugins,
} from "./testing";

let emu: RunningEmulator;
let admin: PingOneClient;
const log = new ExchangeLog();

beforeAll(async () => {
  emu = await startEmulator({ seed: 77, onExchange: log.onExchange });
  admin = adminClient(emu);
}, 240_000);

afterAll(async () => {
  await stopPlugins();
  await emu?.stop();
});

beforeEach(() => {
  emu.reset();
  log.clear();
});

describe("provider configuration", () => {
  it("CheckConfig names the key and the value of a bad region, URL or auth method, and judges no missing key", async () => {
    const plugin = await PluginProcess.start();
    expect(
      await plugin.checkConfig({ regionCode: "MARS", apiUrl: "not a url", tokenEndpointAuthMethod: "NONE" }),
    ).toEqual([
      {
        property: "regionCode",
        reason: 'pingone:regionCode: "MARS" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
      },
      { property: "apiUrl", reason: 'pingone:apiUrl: "not a url" is not a URL' },
      {
        property: "tokenEndpointAuthMethod",
        reason:
          'pingone:tokenEndpointAuthMethod: "NONE" is not allowed; expected CLIENT_SECRET_BASIC or CLIENT_SECRET_POST',
      },
    ]);
    expect(await plugin.checkConfig({ clientId: "my-app", clientSecret: "bad\nsecret" })).toEqual([
      {
        property: "clientId",
        reason:
          'pingone:clientId: "my-app" is not a PingOne id; expected the client id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00',
      },
      {
        property: "clientSecret",
        reason:
          "pingone:clientSecret: contains the control character U+000A (the value is not shown); expected the client secret of your provisioning Worker app as PingOne shows it",
      },
    ]);
    expect(await plugin.checkConfig({})).toEqual([]);
    expect(await plugin.checkConfig({ ...providerConfig(emu), regionCode: "EU" })).toEqual([]);
    expect(await plugin.checkConfig({ ...providerConfig(emu), regionCode: "eu" })).toEqual([]); // any case, as the program
  });

  it("CheckConfig judges a value taken from the environment under its variable", async () => {
    const plugin = await PluginProcess.start({ PINGONE_REGION_CODE: "XX" });
    expect(await plugin.checkConfig({})).toEqual([
      {
        property: "regionCode",
        reason:
          'PINGONE_REGION_CODE (environment variable): "XX" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
      },
    ]);
  });

  it("Configure without credentials fails with one error listing every missing key and variable", async () => {
    const plugin = await PluginProcess.start();
    await expect(plugin.configure({ clientId: "x" })).rejects.toThrow(
      "PingOne provider credentials are missing: pingone:clientSecret (or PINGONE_CLIENT_SECRET), pingone:environmentId (or PINGONE_ENVIRONMENT_ID). " +
        "Set them with `pulumi config set <key>` (`--secret` for pingone:clientSecret) or as environment variables.",
    );
    expect(log.all).toEqual([]);
  });

  it("Configure refuses a client secret that arrived in plain text, naming the fix; a secret one is taken", async () => {
    const plugin = await PluginProcess.start();
    await expect(plugin.configure(providerConfig(emu), { plainSecret: true })).rejects.toThrow(
      "Invalid PingOne provider settings (1):\n  - pingone:clientSecret: is set in plain text (the value is not shown): Pulumi would keep it " +
        "unencrypted in the stack file, the state, its history and backups; store it encrypted with " +
        "`pulumi config set --secret pingone:clientSecret <value>` (or set PINGONE_CLIENT_SECRET instead)",
    );
    await expect(plugin.configure(providerConfig(emu), { plainSecret: true, name: "tenant-b" })).rejects.toThrow(
      'pingone:clientSecret: the clientSecret input of the pingone provider "tenant-b" is not a secret (the value is not shown): ' +
        "Pulumi would keep it unencrypted in the state; pass it as a secret (`pulumi.secret(…)`, `config.requireSecret(…)`, " +
        "`fn::secret` in Pulumi YAML, or a secret config value)",
    );
    expect(log.all).toEqual([]);
    expect((await plugin.configure(providerConfig(emu))).getAcceptsecrets()).toBe(true);
  });

  it("Configure says it accepts secrets and supports previews; credentials come from PINGONE_* when the config has none", async () => {
    const plugin = await PluginProcess.start({
      PINGONE_CLIENT_ID: emu.clientId,
      PINGONE_CLIENT_SECRET: emu.clientSecret,
      PINGONE_ENVIRONMENT_ID: emu.adminEnvironmentId,
      PINGONE_API_URL: emu.apiUrl,
      PINGONE_AUTH_URL: emu.authUrl,
    });
    const res = await plugin.configure({});
    expect({ secrets: res.getAcceptsecrets(), preview: res.getSupportspreview() }).toEqual({
      secrets: true,
      preview: true,
    });
    const app = new EngineResource(plugin, "Application");
    expect(await app.up(guideApplicationInputs(emu.environmentId))).toBe("created");
    expect((await admin.getApplication(emu.environmentId, app.id!))?.name).toBe("StackOne Integration");
  });

  it("answers getProviderInfo with its version, and names the one function it serves for any other", async () => {
    const plugin = await PluginProcess.start();
    expect(await plugin.invoke("pingone:index:getProviderInfo")).toEqual({ version: "0.1.0" });
    await expect(plugin.invoke("pingone:index:getNothing")).rejects.toThrow(
      'the pingone provider has no function "pingone:index:getNothing"; it serves pingone:index:getProviderInfo',
    );
  });

  it("serves the package's schema", async () => {
    const plugin = await PluginProcess.start();
    const schema = await plugin.getSchema();
    expect(schema.name).toBe("pingone");
    expect(Object.keys(schema.resources as object).sort()).toEqual([
      "pingone:index:Application",
      "pingone:index:ApplicationSecret",
      "pingone:index:Group",
      "pingone:index:GroupMembership",
      "pingone:index:GroupRoleAssignment",
      "pingone:index:ResourceGrant",
      "pingone:index:UserRoleAssignment",
    ]);
  });
});

describe("diffs and previews", () => {
  it("a detailed diff names each changed property and whether it replaces", async () => {
    const app = await engineResource();
    await app.up(guideApplicationInputs(emu.environmentId));
    expect(await app.previewDetailed({ ...guideApplicationInputs(emu.environmentId), description: "new" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: { description: "ADD" },
    });
    expect(
      await app.previewDetailed({ ...guideApplicationInputs(emu.environmentId), refreshTokenDuration: 3600 }),
    ).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: { refreshTokenDuration: "UPDATE" },
    });
    expect(await app.previewDetailed({ ...guideApplicationInputs(emu.environmentIds[1]) })).toEqual({
      changes: true,
      replaces: ["environmentId"],
      deleteBeforeReplace: false,
      detailedDiff: { environmentId: "UPDATE_REPLACE" },
    });
    expect(await app.previewDetailed(guideApplicationInputs(emu.environmentId))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: {},
    });
  });

  it("a role assignment's change replaces, the old one deleted first", async () => {
    const user = emu.users.find((u) => u.environmentId === emu.environmentId)!;
    const ra = new EngineResource(await configuredPlugin(providerConfig(emu)), "UserRoleAssignment");
    await ra.up({
      environmentId: emu.environmentId,
      username: user.username,
      roleName: "Environment Admin",
      scopeType: "ENVIRONMENT",
    });
    expect(
      await ra.previewDetailed({
        environmentId: emu.environmentId,
        username: user.username,
        roleName: "Identity Data Admin",
        scopeType: "ENVIRONMENT",
      }),
    ).toEqual({
      changes: true,
      replaces: ["roleName"],
      deleteBeforeReplace: true,
      detailedDiff: { roleName: "UPDATE_REPLACE" },
    });
  });

  it("a previewed create with unknown inputs shows the inputs and every computed output unknown, and calls no API", async () => {
    const app = await engineResource();
    const inputs = { ...guideApplicationInputs(emu.environmentId), name: UNKNOWN_VALUE };
    expect(await app.check(inputs)).toEqual([]);
    const preview = await app.previewCreate(inputs);
    expect(preview).toEqual({
      id: "",
      outputs: {
        ...inputs,
        applicationId: UNKNOWN_VALUE,
        clientId: UNKNOWN_VALUE,
        iconImage: UNKNOWN_VALUE,
        adopted: UNKNOWN_VALUE,
        notWorker: UNKNOWN_VALUE,
      },
    });
    expect(log.all).toEqual([]);
  });

  it("the client secret is returned to the engine as a secret, from create and from read", async () => {
    const appId = await createWorkerAppOutOfBand(admin, emu.environmentId);
    const secret = new EngineResource(await configuredPlugin(providerConfig(emu)), "ApplicationSecret");
    await secret.up({ environmentId: emu.environmentId, applicationId: appId });
    expect(secret.secretOutputs).toEqual(["secret"]);
    expect(secret.state.secret).toBe((await admin.getApplicationSecret(emu.environmentId, appId)).secret);
    await secret.refresh();
    expect(secret.secretOutputs).toEqual(["secret"]);
  });

  it("a PingOne failure reaches the engine as the operation's error, with PingOne's status and message", async () => {
    const app = await engineResource();
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(app.up(guideApplicationInputs(missing))).rejects.toThrow(/404/);
    expect(app.id).toBeUndefined();
  });
});

describe("import (Read with an id and no state)", () => {
  it("imports an application made out of band; its inputs are what a program declares, so the next diff is empty", async () => {
    const appId = await createWorkerAppOutOfBand(admin, emu.environmentId);
    const app = await engineResource();
    expect(await app.import(`${emu.environmentId}/${appId}`)).toBe("imported");
    expect(app.id).toBe(appId);
    expect(app.inputs).toEqual({
      environmentId: emu.environmentId,
      name: "StackOne Integration",
      enabled: true,
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      refreshTokenType: app.state.refreshTokenType,
      refreshTokenDuration: app.state.refreshTokenDuration,
      refreshTokenRollingDuration: app.state.refreshTokenRollingDuration,
      redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
      allowWildcardInRedirectUris: false,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      adminOnlyAccess: app.state.adminOnlyAccess,
    });
    expect((await app.previewDetailed(app.inputs!)).changes).toBe(false);
    log.clear();
    // Owned from then on: an update converges it, destroy deletes it.
    expect(await app.up(guideApplicationInputs(emu.environmentId))).toBe("updated");
    await app.destroy();
    expect(await admin.getApplication(emu.environmentId, appId)).toBeUndefined();
  });

  it("imports the secret, the grant and a role assignment by their documented ids", async () => {
    const appId = await createWorkerAppOutOfBand(admin, emu.environmentId);
    const plugin = await configuredPlugin(providerConfig(emu));
    const secret = new EngineResource(plugin, "ApplicationSecret");
    expect(await secret.import(`${emu.environmentId}/${appId}`)).toBe("imported");
    expect(secret.inputs).toEqual({ environmentId: emu.environmentId, applicationId: appId });
    expect(secret.secretOutputs).toEqual(["secret"]);

    const resources = await admin.listResources(emu.environmentId);
    const openid = resources.find((r) => r.name === "openid")!;
    const scopes = await admin.listResourceScopes(emu.environmentId, openid.id);
    const profile = scopes.find((s) => s.name === "profile")!;
    const grantMade = await admin.createApplicationGrant(emu.environmentId, appId, { id: openid.id }, [
      { id: profile.id },
    ]);
    const grant = new EngineResource(plugin, "ResourceGrant");
    expect(await grant.import(`${emu.environmentId}/${appId}/${grantMade.id}`)).toBe("imported");
    expect(grant.id).toBe(grantMade.id);
    expect(grant.inputs).toEqual({ environmentId: emu.environmentId, applicationId: appId, scopes: ["profile"] });
    expect((await grant.previewDetailed(grant.inputs!)).changes).toBe(false);

    const user = emu.users.find((u) => u.environmentId === emu.environmentId)!;
    const role = (await admin.listRoles()).find((r) => r.name === "Identity Data Admin")!;
    const made = await admin.createUserRoleAssignment(emu.environmentId, user.id, role.id, {
      id: emu.environmentId,
      type: "ENVIRONMENT",
    });
    const ra = new EngineResource(plugin, "UserRoleAssignment");
    expect(await ra.import(`${emu.environmentId}/${user.id}/${made.id}`)).toBe("imported");
    expect(ra.id).toBe(made.id);
    expect(ra.inputs).toEqual({
      environmentId: emu.environmentId,
      username: user.username,
      roleName: "Identity Data Admin",
      scopeType: "ENVIRONMENT",
    });
    expect((await ra.previewDetailed(ra.inputs!)).changes).toBe(false);
    expect(ra.state.adopted).toBe(false);
    await ra.destroy();
    expect(await admin.listUserRoleAssignments(emu.environmentId, user.id)).toEqual([]);
  });

  it("a malformed import id is refused naming the expected form; a missing object is reported missing", async () => {
    const app = await engineResource();
    await expect(app.import("just-an-id")).rejects.toThrow(
      'pingone:index:Application: the import id was "just-an-id"; expected <environmentId>/<applicationId>',
    );
    expect(await app.import(`${emu.environmentId}/00000000-0000-4000-8000-000000000000`)).toBe("missing");
  });

  it("an error too long for the gRPC trailer reaches the engine cut, saying so, and whole in its diagnostics under the resource", async () => {
    const engine = await FakeEngine.start();
    try {
      const plugin = await PluginProcess.start({}, engine.address);
      const type = `pingone:index:${"X".repeat(20_000)}`;
      const urn = `urn:pulumi:test::test::${type}::r`;
      const full =
        `the pingone provider has no resource type ${JSON.stringify(type)}; it serves pingone:index:Application, pingone:index:ApplicationSecret, ` +
        "pingone:index:ResourceGrant, pingone:index:UserRoleAssignment, pingone:index:Group, pingone:index:GroupRoleAssignment, pingone:index:GroupMembership";
      const err = (await plugin
        .call("check", new (require("@pulumi/pulumi/proto/provider_pb").CheckRequest)().setUrn(urn).setType(type))
        .catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/characters cut here; the whole message is in the diagnostics above\] … /);
      expect(err.message.length).toBeLessThan(8_300);
      expect(engine.logs).toEqual([{ severity: "ERROR", message: full, urn }]);
    } finally {
      await engine.stop();
    }
  });

  it("an import id longer than any can be is refused by its length and beginning, not echoed (70,000 characters)", async () => {
    const app = await engineResource();
    const id = `${emu.environmentId}/${"a".repeat(70_000)}`;
    await expect(app.import(id)).rejects.toThrow(
      `pingone:index:Application: the import id is 70037 characters long, beginning "${emu.environmentId}/aaa"; ` +
        "an import id is at most 256 characters: <environmentId>/<applicationId>, each a PingOne id (36 characters)",
    );
    const exactly = `${emu.environmentId}/${"b".repeat(256 - 37)}`;
    expect(await app.import(exactly)).toBe("missing");
  });
});

async function engineResource(): Promise<EngineResource> {
  return new EngineResource(await configuredPlugin(providerConfig(emu)), "Application");
}
