/** The ApplicationSecret resource against the emulator, through the compiled plugin driven over gRPC as the engine drives it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import { apiClient, provisionerToken, roleId } from "../../emulator/testing";
import { blockingRolesWarning } from "../core/applicationSecret";
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

beforeAll(async () => {
  emu = await startEmulator({ seed: 202, onExchange: log.onExchange });
  config = providerConfig(emu);
  admin = adminClient(emu);
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

const secretPath = () => `/v1/environments/${emu.environmentId}/applications/${appId}/secret`;

describe("ApplicationSecret provider", () => {
  it("create reveals the current secret without rotating; an unchanged trigger only re-reads", async () => {
    const before = (await admin.getApplicationSecret(emu.environmentId, appId)).secret;
    log.clear();
    const res = await engineResource("ApplicationSecret", config);
    expect(await res.up({ environmentId: emu.environmentId, applicationId: appId, rotationTrigger: "v1" })).toBe(
      "created",
    );
    expect(res.id).toBe(`${emu.environmentId}/${appId}`);
    expect(res.state).toEqual({
      environmentId: emu.environmentId,
      applicationId: appId,
      rotationTrigger: "v1",
      secret: before,
    });
    expect(before.length).toBeGreaterThanOrEqual(64);
    expect(log.calls()).toEqual([`GET ${secretPath()}`]);
    log.clear();
    expect(await res.up({ environmentId: emu.environmentId, applicationId: appId, rotationTrigger: "v1" })).toBe(
      "same",
    );
    expect(log.writes()).toEqual([]);
  });

  it("a new trigger rotates, keeping the previous secret for the overlap; the previous expiry is never diffed", async () => {
    const res = await engineResource("ApplicationSecret", config);
    await res.up({
      environmentId: emu.environmentId,
      applicationId: appId,
      rotationTrigger: "v1",
      previousSecretOverlapSeconds: 3600,
    });
    const first = res.state.secret as string;
    log.clear();
    const startedAt = Date.now();
    expect(
      await res.up({
        environmentId: emu.environmentId,
        applicationId: appId,
        rotationTrigger: "v2",
        previousSecretOverlapSeconds: 3600,
      }),
    ).toBe("updated");
    const writes = log.writes();
    expect(writes.length).toBe(1);
    expect(writes[0].method).toBe("POST");
    expect(writes[0].path).toBe(secretPath());
    const sentExpiry = (writes[0].body as { previous: { expiresAt: string } }).previous.expiresAt;
    expect(Object.keys(writes[0].body as object)).toEqual(["previous"]);
    const ms = Date.parse(sentExpiry) - startedAt;
    expect(ms >= 3600_000 && ms < 3600_000 + 60_000).toBe(true);
    const live = await admin.getApplicationSecret(emu.environmentId, appId);
    expect(res.state.secret).toBe(live.secret);
    expect(res.state.secret).not.toBe(first);
    expect(live.previous?.secret).toBe(first);
    expect(res.state.previousExpiresAt).toBe(live.previous?.expiresAt);

    // The previous expiry is output only: a later preview with the same inputs shows nothing, even once it is past.
    const staleState = { ...res.outputs!, previousExpiresAt: "2000-01-01T00:00:00.000Z" };
    res.outputs = staleState;
    expect(
      await res.preview({
        environmentId: emu.environmentId,
        applicationId: appId,
        rotationTrigger: "v2",
        previousSecretOverlapSeconds: 3600,
      }),
    ).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("Full → Minimal → Full: dropping the trigger only records it; a trigger different from the recorded one rotates", async () => {
    const fullInputs = {
      environmentId: emu.environmentId,
      applicationId: appId,
      rotationTrigger: "v1",
      previousSecretOverlapSeconds: 600,
    };
    const res = await engineResource("ApplicationSecret", config);
    expect(await res.up(fullInputs)).toBe("created");
    const first = res.state.secret;
    log.clear();
    expect(await res.up({ environmentId: emu.environmentId, applicationId: appId })).toBe("updated");
    expect(log.writes()).toEqual([]);
    expect(res.state).toEqual({ environmentId: emu.environmentId, applicationId: appId, secret: first });
    expect(await res.up(fullInputs)).toBe("updated");
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${secretPath()}`]);
    expect(res.state.secret).not.toBe(first);
    expect((await admin.getApplicationSecret(emu.environmentId, appId)).previous?.secret).toBe(first);
    log.clear();
    await res.destroy();
    expect(log.all).toEqual([]);
  });

  it("an update whose process died after PingOne rotated: the rerun completes that rotation and makes none", async () => {
    const res = await engineResource("ApplicationSecret", config);
    await res.up({
      environmentId: emu.environmentId,
      applicationId: appId,
      rotationTrigger: "v1",
      previousSecretOverlapSeconds: 3600,
    });
    const original = res.state.secret as string;
    // The killed run's POST, which PingOne performed; the engine never recorded its answer (the state says v1).
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const performed = await admin.rotateApplicationSecret(emu.environmentId, appId, expiresAt);
    const again = await reload(res, config);
    log.clear();
    expect(
      await again.up({
        environmentId: emu.environmentId,
        applicationId: appId,
        rotationTrigger: "v2",
        previousSecretOverlapSeconds: 3600,
      }),
    ).toBe("updated");
    expect(log.calls()).toEqual([`GET ${secretPath()}`]);
    expect(again.state).toEqual({
      environmentId: emu.environmentId,
      applicationId: appId,
      rotationTrigger: "v2",
      previousSecretOverlapSeconds: 3600,
      secret: performed.secret,
      previousExpiresAt: expiresAt,
    });
    // The original secret (StackOne's) is still PingOne's previous, valid until the first run's expiry.
    expect(await admin.getApplicationSecret(emu.environmentId, appId)).toMatchObject({
      secret: performed.secret,
      previous: { secret: original, expiresAt },
    });
  });

  it("a rotation without overlap posts {} and the old secret dies", async () => {
    const res = await engineResource("ApplicationSecret", config);
    await res.up({ environmentId: emu.environmentId, applicationId: appId });
    log.clear();
    expect(await res.up({ environmentId: emu.environmentId, applicationId: appId, rotationTrigger: "now" })).toBe(
      "updated",
    );
    expect(log.writes()).toEqual([{ method: "POST", path: secretPath(), status: 200, body: {} }]);
    expect((await admin.getApplicationSecret(emu.environmentId, appId)).previous).toBeUndefined();
  });

  it("refresh shows an out-of-band rotation as drift, and an app deleted out of band as gone", async () => {
    let res = await engineResource("ApplicationSecret", config);
    await res.up({ environmentId: emu.environmentId, applicationId: appId });
    const rotated = await admin.rotateApplicationSecret(emu.environmentId, appId);
    res = await reload(res, config);
    expect(await res.refresh()).toBe("present");
    expect(res.state.secret).toBe(rotated.secret);
    await admin.deleteApplication(emu.environmentId, appId);
    res = await reload(res, config);
    expect(await res.refresh()).toBe("gone");
  });

  it("a new application replaces; delete never touches the secret", async () => {
    const res = await engineResource("ApplicationSecret", config);
    await res.up({ environmentId: emu.environmentId, applicationId: appId });
    expect(
      await res.preview({ environmentId: emu.environmentId, applicationId: "33333333-3333-4333-8333-333333333333" }),
    ).toEqual({
      changes: true,
      replaces: ["applicationId"],
      deleteBeforeReplace: false,
    });
    // During a preview of the application's own replacement its id is unknown: check accepts, diff replaces.
    expect(
      await res.preview({ environmentId: emu.environmentId, applicationId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
    ).toEqual({
      changes: true,
      replaces: ["applicationId"],
      deleteBeforeReplace: false,
    });
    const secret = res.state.secret;
    log.clear();
    await res.destroy();
    expect(log.all).toEqual([]);
    expect((await admin.getApplicationSecret(emu.environmentId, appId)).secret).toBe(secret);
  });

  it("refuses an overlap outside 60..2592000 s before any request", async () => {
    const res = await engineResource("ApplicationSecret", config);
    emu.clearRequests();
    log.clear();
    expect(
      await res.check({
        environmentId: emu.environmentId,
        applicationId: appId,
        previousSecretOverlapSeconds: 2592001,
      }),
    ).toEqual([
      {
        property: "previousSecretOverlapSeconds",
        reason:
          "previousSecretOverlapSeconds was 2592001; an integer number of seconds from 60 (1 minute) to 2592000 (30 days) is allowed",
      },
    ]);
    expect(emu.requests()).toEqual([]);
  });
});

describe("ApplicationSecret provider: roles on the application", () => {
  it("refresh keeps the secret, records the role the provisioner lacks and warns under the URN; preview names it; up removes it", async () => {
    const engine = await FakeEngine.start();
    try {
      const env = emu.environmentId;
      const inputs = { environmentId: env, applicationId: appId };
      let res = await engineResource("ApplicationSecret", config, engine.address);
      await res.up(inputs);
      const secret = res.state.secret;
      const outOfBand = apiClient(emu, await provisionerToken(emu));
      const ida = await roleId(outOfBand, "Identity Data Admin");
      const ra = (
        await outOfBand.post(`/environments/${env}/applications/${appId}/roleAssignments`, {
          role: { id: ida },
          scope: { id: env, type: "ENVIRONMENT" },
        })
      ).body;
      res = await reload(res, config, engine.address);
      log.clear();
      expect(await res.refresh()).toBe("present");
      const blocking = [
        {
          assignmentId: ra.id,
          roleId: ida,
          roleName: "Identity Data Admin",
          scopeType: "ENVIRONMENT",
          scopeId: env,
          readOnly: false,
        },
      ];
      expect(res.state).toEqual({ ...inputs, secret, blockingRoleAssignments: blocking });
      expect(res.secretOutputs).toEqual(["secret"]);
      expect(res.inputs).toEqual(inputs);
      const app = `/v1/environments/${env}/applications/${appId}`;
      expect(log.calls()).toEqual([`GET ${app}/secret`, `GET ${app}/roleAssignments`, "GET /v1/roles", `GET ${app}`]);
      expect(engine.warnings()).toEqual([
        `${res.urn}: ${blockingRolesWarning(inputs, "StackOne Integration", blocking)}`,
      ]);
      expect(await res.previewDetailed(inputs)).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        detailedDiff: { blockingRoleAssignments: "DELETE" },
      });
      log.clear();
      expect(await res.up(inputs)).toBe("updated");
      expect(log.calls()).toEqual([
        `GET ${app}/roleAssignments`,
        `DELETE ${app}/roleAssignments/${ra.id}`,
        `GET ${app}/secret`,
      ]);
      expect(res.state).toEqual({ ...inputs, secret });
      expect(await admin.listApplicationRoleAssignments(env, appId)).toEqual([]);
      res = await reload(res, config, engine.address);
      log.clear();
      expect(await res.refresh()).toBe("present");
      expect(log.calls()).toEqual([`GET ${app}/secret`]);
      expect(engine.warnings()).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  });
});
