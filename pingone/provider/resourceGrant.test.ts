/** The ResourceGrant resource against the emulator, through the compiled plugin driven over gRPC as the engine drives it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import { otherGrantsWarning } from "../core/resourceGrant";
import type { ResourceGrantOutputs } from "../core/model";
import {
  ExchangeLog,
  FakeEngine,
  engineResource,
  reload,
  providerConfig,
  stopPlugins,
  adminClient,
  createWorkerAppOutOfBand,
} from "./testing";

let emu: RunningEmulator;
let config: Record<string, string>;
let admin: PingOneClient;
const log = new ExchangeLog();
let appId: string;
let openid: { id: string; scopes: Record<string, string> };

beforeAll(async () => {
  emu = await startEmulator({ seed: 404, onExchange: log.onExchange });
  config = providerConfig(emu);
  admin = adminClient(emu);
  const resource = (await admin.listResources(emu.environmentId)).find((r) => r.name === "openid")!;
  const scopes = await admin.listResourceScopes(emu.environmentId, resource.id);
  openid = { id: resource.id, scopes: Object.fromEntries(scopes.map((s) => [s.name, s.id])) };
}, 240_000);

afterAll(async () => {
  await stopPlugins();
  await emu?.stop();
});

beforeEach(async () => {
  emu.reset();
  appId = await createWorkerAppOutOfBand(admin, emu.environmentId);
  log.clear();
});

const grantsPath = () => `/v1/environments/${emu.environmentId}/applications/${appId}/grants`;

describe("ResourceGrant provider", () => {
  it("creates the openid grant, updates scopes in place with a PUT, ignores reordering, deletes on destroy", async () => {
    const grant = await engineResource("ResourceGrant", config);
    expect(
      await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid", "profile"] }),
    ).toBe("created");
    // One list of the grants (to take over an existing one), none more before the POST.
    expect(log.calls()).toEqual([
      `GET /v1/environments/${emu.environmentId}/resources`,
      `GET /v1/environments/${emu.environmentId}/resources/${openid.id}/scopes`,
      `GET ${grantsPath()}`,
      `POST ${grantsPath()}`,
    ]);
    expect(log.writes()).toEqual([
      {
        method: "POST",
        path: grantsPath(),
        status: 201,
        body: { resource: { id: openid.id }, scopes: [{ id: openid.scopes.openid }, { id: openid.scopes.profile }] },
      },
    ]);
    expect(grant.state).toEqual({
      environmentId: emu.environmentId,
      applicationId: appId,
      scopes: ["openid", "profile"],
      grantId: grant.id,
      resourceId: openid.id,
      scopeIds: [openid.scopes.openid, openid.scopes.profile].sort(),
    });

    log.clear();
    expect(
      await grant.up({
        environmentId: emu.environmentId,
        applicationId: appId,
        resourceName: "openid",
        scopes: ["profile", "openid"],
      }),
    ).toBe("same");
    expect(log.writes()).toEqual([]);

    expect(
      await grant.up({
        environmentId: emu.environmentId,
        applicationId: appId,
        scopes: ["openid", "profile", "email"],
      }),
    ).toBe("updated");
    expect(log.writes()).toEqual([
      {
        method: "PUT",
        path: `${grantsPath()}/${grant.id}`,
        status: 200,
        body: {
          resource: { id: openid.id },
          scopes: ["email", "openid", "profile"].map((n) => ({ id: openid.scopes[n] })),
        },
      },
    ]);

    // Full (every openid scope, resource named) → Minimal (openid only, default resource) → Full: PUTs in place.
    const all = ["openid", "profile", "email", "address", "phone"];
    const fullInputs = { environmentId: emu.environmentId, applicationId: appId, resourceName: "openid", scopes: all };
    const minimalInputs = { environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] };
    const id = grant.id;
    for (const [step, wanted] of [
      [fullInputs, all],
      [minimalInputs, ["openid"]],
      [fullInputs, all],
    ] as const) {
      log.clear();
      expect(await grant.up(step)).toBe("updated");
      expect(grant.id).toBe(id);
      expect(log.writes()).toEqual([
        {
          method: "PUT",
          path: `${grantsPath()}/${id}`,
          status: 200,
          body: { resource: { id: openid.id }, scopes: [...wanted].sort().map((n) => ({ id: openid.scopes[n] })) },
        },
      ]);
      expect(grant.state.scopes).toEqual(wanted);
    }

    log.clear();
    await grant.destroy();
    expect(log.writes()).toEqual([{ method: "DELETE", path: `${grantsPath()}/${id}`, status: 204, body: undefined }]);
    expect(await admin.listApplicationGrants(emu.environmentId, appId)).toEqual([]);
  });

  it("takes over the application's existing grant for the resource", async () => {
    const existing = await admin.createApplicationGrant(emu.environmentId, appId, { id: openid.id }, [
      { id: openid.scopes.email },
    ]);
    const grant = await engineResource("ResourceGrant", config);
    log.clear();
    await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] });
    expect(grant.id).toBe(existing.id);
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT ${grantsPath()}/${existing.id}`]);
    expect((await admin.listApplicationGrants(emu.environmentId, appId)).map((g) => g.scopes)).toEqual([
      [{ id: openid.scopes.openid }],
    ]);
  });

  it("refresh with nothing changed reads the application's grant list alone; its scope names come from state", async () => {
    let grant = await engineResource("ResourceGrant", config);
    await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["profile", "openid"] });
    const before = grant.state;
    grant = await reload(grant, config);
    log.clear();
    expect(await grant.refresh()).toBe("present");
    expect(log.calls()).toEqual([`GET ${grantsPath()}`]);
    expect(grant.state).toEqual(before);
  });

  it("reports out-of-band scope edits as drift and an out-of-band deletion as gone", async () => {
    let grant = await engineResource("ResourceGrant", config);
    await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] });
    await admin.updateApplicationGrant(emu.environmentId, appId, grant.id!, { id: openid.id }, [
      { id: openid.scopes.openid },
      { id: openid.scopes.phone },
    ]);
    grant = await reload(grant, config);
    log.clear();
    expect(await grant.refresh()).toBe("present");
    expect(log.calls()).toEqual([
      `GET ${grantsPath()}`,
      `GET /v1/environments/${emu.environmentId}/resources/${openid.id}/scopes`,
    ]);
    expect(grant.state.scopes).toEqual(["openid", "phone"]);
    expect(grant.inputs?.scopes).toEqual(["openid", "phone"]);
    expect(await grant.preview({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] })).toEqual(
      {
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      },
    );
    await admin.deleteApplicationGrant(emu.environmentId, appId, grant.id!);
    grant = await reload(grant, config);
    expect(await grant.refresh()).toBe("gone");
  });

  it("destroy after an out-of-band deletion (no refresh) is done, not an error", async () => {
    let grant = await engineResource("ResourceGrant", config);
    await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] });
    await admin.deleteApplicationGrant(emu.environmentId, appId, grant.id!);
    grant = await reload(grant, config);
    log.clear();
    await grant.destroy();
    expect(log.writes().map((w) => [w.method, w.status])).toEqual([["DELETE", 404]]);
  });

  it("a new resource replaces", async () => {
    const grant = await engineResource("ResourceGrant", config);
    await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] });
    expect(
      await grant.preview({
        environmentId: emu.environmentId,
        applicationId: appId,
        resourceName: "PingOne API",
        scopes: ["p1:read:user"],
      }),
    ).toEqual({
      changes: true,
      replaces: ["resourceName"],
      deleteBeforeReplace: false,
    });
  });

  it("an unknown scope is refused with the resource's scopes listed, before anything is written", async () => {
    const grant = await engineResource("ResourceGrant", config);
    await expect(
      grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid", "offline_access"] }),
    ).rejects.toThrow(
      'scopes has "offline_access", unknown to resource "openid"; its scopes: address, email, openid, phone, profile',
    );
    expect(log.writes()).toEqual([]);
  });

  it("a PingOne error reaches the engine with its message (application missing)", async () => {
    const grant = await engineResource("ResourceGrant", config);
    await admin.deleteApplication(emu.environmentId, appId);
    let message = "";
    try {
      await grant.up({ environmentId: emu.environmentId, applicationId: appId, scopes: ["openid"] });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^PingOne .+ failed: 404 NOT_FOUND/);
    expect(message).not.toContain(emu.clientSecret);
  });

  it("refuses an empty scope list before any request", async () => {
    const grant = await engineResource("ResourceGrant", config);
    emu.clearRequests();
    expect(await grant.check({ environmentId: emu.environmentId, applicationId: appId, scopes: [] })).toEqual([
      {
        property: "scopes",
        reason: 'scopes was []; a list of at least one scope name is required, e.g. ["openid", "profile"]',
      },
    ]);
    expect(emu.requests()).toEqual([]);
  });
});

describe("ResourceGrant provider: grants the stack does not manage", () => {
  it("refresh records another grant and warns under the resource's URN; preview names otherGrants; up deletes it", async () => {
    const engine = await FakeEngine.start();
    try {
      const inputs = {
        environmentId: emu.environmentId,
        applicationId: appId,
        scopes: ["openid"],
        removeOtherGrants: true,
      };
      let grant = await engineResource("ResourceGrant", config, engine.address);
      await grant.up(inputs);
      const before = grant.state;
      const p1 = (await admin.listResources(emu.environmentId)).find((r) => r.name === "PingOne API")!;
      const p1Scope = (await admin.listResourceScopes(emu.environmentId, p1.id)).find(
        (s) => s.name === "p1:read:user",
      )!;
      const stray = await admin.createApplicationGrant(emu.environmentId, appId, { id: p1.id }, [{ id: p1Scope.id }]);
      grant = await reload(grant, config, engine.address);
      log.clear();
      expect(await grant.refresh()).toBe("present");
      const otherGrants = [
        { grantId: stray.id, resourceId: p1.id, resourceName: "PingOne API", scopes: ["p1:read:user"] },
      ];
      expect(grant.state).toEqual({ ...before, otherGrants });
      expect(grant.inputs).toEqual(inputs);
      expect(log.calls().sort()).toEqual(
        [
          `GET ${grantsPath()}`,
          `GET /v1/environments/${emu.environmentId}/resources`,
          `GET /v1/environments/${emu.environmentId}/resources/${p1.id}/scopes`,
        ].sort(),
      );
      expect(engine.warnings()).toEqual([
        `${grant.urn}: ${otherGrantsWarning(grant.state as unknown as ResourceGrantOutputs, openid.id)}`,
      ]);
      expect(await grant.previewDetailed(inputs)).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        detailedDiff: { otherGrants: "DELETE" },
      });
      log.clear();
      expect(await grant.up(inputs)).toBe("updated");
      expect(log.calls()).toEqual([`DELETE ${grantsPath()}/${stray.id}`]);
      expect(grant.state).toEqual(before);
      expect((await admin.listApplicationGrants(emu.environmentId, appId)).map((g) => g.id)).toEqual([grant.id]);
      expect(await grant.preview(inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    } finally {
      await engine.stop();
    }
  });
});
