import { describe, expect, it } from "vitest";
import type { PingOneApi } from "../client/api";
import {
  createApplicationSecret,
  diffApplicationSecret,
  readApplicationSecret,
  updateApplicationSecret,
  validateApplicationSecretInputs,
} from "./applicationSecret";
import type { ApplicationSecretOutputs } from "./model";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";

function fakeApi(calls: unknown[], opts: { missing?: boolean } = {}): PingOneApi {
  let secret = "s".repeat(64);
  return {
    async getApplicationSecret(envId: string, appId: string) {
      calls.push(["get", envId, appId]);
      if (opts.missing) throw Object.assign(new Error("PingOne read application secret failed: 404 NOT_FOUND"), { status: 404 });
      return { secret };
    },
    async rotateApplicationSecret(envId: string, appId: string, previousExpiresAt?: string) {
      calls.push(["rotate", envId, appId, previousExpiresAt]);
      const old = secret;
      secret = "r".repeat(64);
      return previousExpiresAt ? { secret, previous: { secret: old, expiresAt: previousExpiresAt } } : { secret };
    },
  } as unknown as PingOneApi;
}

describe("validateApplicationSecretInputs", () => {
  it("bounds the overlap to 60..2592000 seconds", () => {
    expect(validateApplicationSecretInputs({ environmentId: ENV, applicationId: APP, previousSecretOverlapSeconds: 59 })).toEqual([
      {
        property: "previousSecretOverlapSeconds",
        reason:
          "previousSecretOverlapSeconds was 59; an integer number of seconds from 60 (1 minute) to 2592000 (30 days) is allowed",
      },
    ]);
    expect(validateApplicationSecretInputs({ environmentId: ENV, applicationId: APP, previousSecretOverlapSeconds: 2592000 })).toEqual([]);
    expect(validateApplicationSecretInputs({ environmentId: ENV, applicationId: "", rotationTrigger: 3 })).toEqual([
      { property: "applicationId", reason: 'applicationId was ""; a PingOne application id (UUID, 8-4-4-4-12 hex digits) is required' },
      { property: "rotationTrigger", reason: "rotationTrigger was 3; a string is allowed (change it to rotate the secret)" },
    ]);
  });
});

describe("diffApplicationSecret", () => {
  const olds: ApplicationSecretOutputs = {
    environmentId: ENV,
    applicationId: APP,
    rotationTrigger: "1",
    secret: "x",
    previousExpiresAt: "2020-01-01T00:00:00.000Z",
  };
  it("never compares the secret or the previous secret's expiry", () => {
    expect(diffApplicationSecret(olds, { environmentId: ENV, applicationId: APP, rotationTrigger: "1" })).toEqual({ changes: [], replaces: [] });
  });
  it("a new trigger updates; a new application replaces", () => {
    expect(diffApplicationSecret(olds, { environmentId: ENV, applicationId: APP, rotationTrigger: "2" })).toEqual({
      changes: ["rotationTrigger"],
      replaces: [],
    });
    expect(diffApplicationSecret(olds, { environmentId: ENV, applicationId: "other", rotationTrigger: "1" })).toEqual({
      changes: ["applicationId"],
      replaces: ["applicationId"],
    });
  });
});

describe("operations", () => {
  it("create reveals without rotating", async () => {
    const calls: unknown[] = [];
    expect(await createApplicationSecret(fakeApi(calls), { environmentId: ENV, applicationId: APP, rotationTrigger: "1" })).toEqual({
      environmentId: ENV,
      applicationId: APP,
      rotationTrigger: "1",
      secret: "s".repeat(64),
    });
    expect(calls).toEqual([["get", ENV, APP]]);
  });

  it("update rotates only on a new trigger, with the overlap as an absolute expiry", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls);
    const olds = { environmentId: ENV, applicationId: APP, rotationTrigger: "1", secret: "s".repeat(64) };
    const same = await updateApplicationSecret(api, olds, { environmentId: ENV, applicationId: APP, rotationTrigger: "1", previousSecretOverlapSeconds: 60 });
    expect(same.secret).toBe("s".repeat(64));
    const now = Date.parse("2026-06-01T00:00:00.000Z");
    const rotated = await updateApplicationSecret(
      api,
      olds,
      { environmentId: ENV, applicationId: APP, rotationTrigger: "2", previousSecretOverlapSeconds: 3600 },
      () => now,
    );
    expect(rotated).toEqual({
      environmentId: ENV,
      applicationId: APP,
      rotationTrigger: "2",
      previousSecretOverlapSeconds: 3600,
      secret: "r".repeat(64),
      previousExpiresAt: "2026-06-01T01:00:00.000Z",
    });
    expect(calls).toEqual([
      ["get", ENV, APP],
      ["rotate", ENV, APP, "2026-06-01T01:00:00.000Z"],
    ]);
  });

  it("an overlap under 90 s is sent as 90 s, clear of PingOne's one-minute floor", async () => {
    const calls: unknown[] = [];
    const now = Date.parse("2026-06-01T00:00:00.000Z");
    await updateApplicationSecret(
      fakeApi(calls),
      { environmentId: ENV, applicationId: APP, secret: "x" },
      { environmentId: ENV, applicationId: APP, rotationTrigger: "1", previousSecretOverlapSeconds: 60 },
      () => now,
    );
    expect(calls).toEqual([["rotate", ENV, APP, "2026-06-01T00:01:30.000Z"]]);
  });

  it("removing the trigger does not rotate", async () => {
    const calls: unknown[] = [];
    await updateApplicationSecret(fakeApi(calls), { environmentId: ENV, applicationId: APP, rotationTrigger: "1", secret: "x" }, { environmentId: ENV, applicationId: APP });
    expect(calls).toEqual([["get", ENV, APP]]);
  });

  it("read reports a missing application as gone", async () => {
    expect(await readApplicationSecret(fakeApi([], { missing: true }), { environmentId: ENV, applicationId: APP, secret: "x" })).toBeUndefined();
  });
});
