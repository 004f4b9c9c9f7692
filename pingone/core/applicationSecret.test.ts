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
import { PingOneApiError } from "../client/errors";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";

/** PingOne's secret endpoints in memory: `secret` is current; a rotation with an expiry keeps the old one as `previous`. */
function fakeApi(
  calls: unknown[],
  opts: { missing?: boolean; secret?: string; previous?: { secret: string; expiresAt: string } } = {},
): PingOneApi {
  let secret = opts.secret ?? "s".repeat(64);
  let previous = opts.previous;
  let rotations = 0;
  return {
    async getApplicationSecret(envId: string, appId: string) {
      calls.push(["get", envId, appId]);
      if (opts.missing)
        throw Object.assign(new Error("PingOne read application secret failed: 404 NOT_FOUND"), { status: 404 });
      return previous ? { secret, previous } : { secret };
    },
    async rotateApplicationSecret(envId: string, appId: string, previousExpiresAt?: string, current?: string) {
      calls.push(["rotate", envId, appId, previousExpiresAt, current]);
      previous = previousExpiresAt ? { secret, expiresAt: previousExpiresAt } : undefined;
      secret = `r${++rotations}`.padEnd(64, "r");
      return previous ? { secret, previous } : { secret };
    },
  } as unknown as PingOneApi;
}

describe("validateApplicationSecretInputs", () => {
  it("bounds the overlap to 60..2592000 seconds", () => {
    expect(
      validateApplicationSecretInputs({ environmentId: ENV, applicationId: APP, previousSecretOverlapSeconds: 59 }),
    ).toEqual([
      {
        property: "previousSecretOverlapSeconds",
        reason:
          "previousSecretOverlapSeconds was 59; an integer number of seconds from 60 (1 minute) to 2592000 (30 days) is allowed",
      },
    ]);
    expect(
      validateApplicationSecretInputs({
        environmentId: ENV,
        applicationId: APP,
        previousSecretOverlapSeconds: 2592000,
      }),
    ).toEqual([]);
    expect(validateApplicationSecretInputs({ environmentId: ENV, applicationId: "", rotationTrigger: 3 })).toEqual([
      {
        property: "applicationId",
        reason: 'applicationId was ""; a PingOne application id (UUID, 8-4-4-4-12 hex digits) is required',
      },
      {
        property: "rotationTrigger",
        reason: "rotationTrigger was 3; a string is allowed (change it to rotate the secret)",
      },
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
    expect(diffApplicationSecret(olds, { environmentId: ENV, applicationId: APP, rotationTrigger: "1" })).toEqual({
      changes: [],
      replaces: [],
    });
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
    expect(
      await createApplicationSecret(fakeApi(calls), { environmentId: ENV, applicationId: APP, rotationTrigger: "1" }),
    ).toEqual({
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
    const same = await updateApplicationSecret(api, olds, {
      environmentId: ENV,
      applicationId: APP,
      rotationTrigger: "1",
      previousSecretOverlapSeconds: 60,
    });
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
      secret: "r1".padEnd(64, "r"),
      previousExpiresAt: "2026-06-01T01:00:00.000Z",
    });
    // The no-op update reads; the rotation reads (is the recorded secret still current?), then POSTs, handing the
    // client the secret it read so that it reads no second time.
    expect(calls).toEqual([
      ["get", ENV, APP],
      ["get", ENV, APP],
      ["rotate", ENV, APP, "2026-06-01T01:00:00.000Z", "s".repeat(64)],
    ]);
  });

  it("a rerun after an interrupted rotation (the recorded secret is now PingOne's previous) completes it without rotating again", async () => {
    // PingOne performed the first run's POST (secret r1, the recorded secret kept as previous for the hour), but the
    // process was killed before the engine recorded it: the state still holds trigger "1" and the original secret.
    const calls: unknown[] = [];
    const original = "s".repeat(64);
    const api = fakeApi(calls, {
      secret: "r1".padEnd(64, "r"),
      previous: { secret: original, expiresAt: "2026-06-01T01:00:00.000Z" },
    });
    const olds = { environmentId: ENV, applicationId: APP, rotationTrigger: "1", secret: original };
    const news = { environmentId: ENV, applicationId: APP, rotationTrigger: "2", previousSecretOverlapSeconds: 3600 };
    const later = Date.parse("2026-06-01T00:05:00.000Z");
    expect(await updateApplicationSecret(api, olds, news, () => later)).toEqual({
      ...news,
      secret: "r1".padEnd(64, "r"),
      // PingOne's own expiry of the original secret (the first run's), not one computed now.
      previousExpiresAt: "2026-06-01T01:00:00.000Z",
    });
    expect(calls).toEqual([["get", ENV, APP]]);
    // The original secret is still PingOne's previous: StackOne's keeps working for the overlap.
    expect(await api.getApplicationSecret(ENV, APP)).toEqual({
      secret: "r1".padEnd(64, "r"),
      previous: { secret: original, expiresAt: "2026-06-01T01:00:00.000Z" },
    });
  });

  it("the same interruption without an overlap: the secret already changed is taken as the rotation, none is made", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls, { secret: "r1".padEnd(64, "r") });
    const out = await updateApplicationSecret(
      api,
      { environmentId: ENV, applicationId: APP, rotationTrigger: "1", secret: "s".repeat(64) },
      { environmentId: ENV, applicationId: APP, rotationTrigger: "2" },
    );
    expect(out).toEqual({ environmentId: ENV, applicationId: APP, rotationTrigger: "2", secret: "r1".padEnd(64, "r") });
    expect(calls).toEqual([["get", ENV, APP]]);
  });

  it("an overlap under 90 s is sent as 90 s, clear of PingOne's one-minute floor", async () => {
    const calls: unknown[] = [];
    const now = Date.parse("2026-06-01T00:00:00.000Z");
    await updateApplicationSecret(
      fakeApi(calls),
      { environmentId: ENV, applicationId: APP, secret: "s".repeat(64) },
      { environmentId: ENV, applicationId: APP, rotationTrigger: "1", previousSecretOverlapSeconds: 60 },
      () => now,
    );
    expect(calls).toEqual([
      ["get", ENV, APP],
      ["rotate", ENV, APP, "2026-06-01T00:01:30.000Z", "s".repeat(64)],
    ]);
  });

  it("removing the trigger does not rotate", async () => {
    const calls: unknown[] = [];
    await updateApplicationSecret(
      fakeApi(calls),
      { environmentId: ENV, applicationId: APP, rotationTrigger: "1", secret: "x" },
      { environmentId: ENV, applicationId: APP },
    );
    expect(calls).toEqual([["get", ENV, APP]]);
  });

  it("read reports a missing application as gone", async () => {
    expect(
      await readApplicationSecret(fakeApi([], { missing: true }), {
        environmentId: ENV,
        applicationId: APP,
        secret: "x",
      }),
    ).toBeUndefined();
  });
});

describe("a secret read PingOne refuses", () => {
  const refusal = () =>
    new PingOneApiError({
      operation: "get application secret",
      status: 403,
      code: "ACCESS_FAILED",
      message: "The request could not be completed. You do not have access to this resource.",
      details: [
        {
          code: "INSUFFICIENT_PERMISSIONS",
          target: "secret",
          message: "Actor does not have permissions to access worker application client secrets",
        },
      ],
    });
  const PINGONE_403 =
    "PingOne get application secret failed: 403 ACCESS_FAILED The request could not be completed. You do not have access to this resource. " +
    "[INSUFFICIENT_PERMISSIONS secret: Actor does not have permissions to access worker application client secrets]";

  function refusingApi(
    calls: unknown[],
    assignments: { id: string; role: { id: string }; scope: { id: string; type: string }; readOnly?: boolean }[],
    err: () => Error = refusal,
  ): PingOneApi {
    return {
      async getApplicationSecret() {
        calls.push(["get"]);
        throw err();
      },
      async listApplicationRoleAssignments() {
        calls.push(["listRoleAssignments"]);
        return assignments;
      },
      async listRoles() {
        calls.push(["listRoles"]);
        return [{ id: "role-oa", name: "Organization Admin" }];
      },
      async getApplication() {
        calls.push(["getApplication"]);
        return { id: APP, name: "Console App" };
      },
      async deleteApplicationRoleAssignment(_env: string, _app: string, id: string) {
        calls.push(["deleteRoleAssignment", id]);
        if (assignments.find((a) => a.id === id)?.readOnly) {
          throw new PingOneApiError({
            operation: "delete application role assignment",
            status: 403,
            code: "ACCESS_FAILED",
            message: "The request could not be completed. You do not have access to this resource.",
            details: [
              {
                code: "INSUFFICIENT_PERMISSIONS",
                target: "roleAssignment",
                message: `Role assignment ${id} cannot be deleted as it is read only`,
              },
            ],
          });
        }
      },
    } as unknown as PingOneApi;
  }

  it("with no roles on the application: fails naming the operation, PingOne's answer and that the app's roles are not the cause", async () => {
    const calls: unknown[] = [];
    const warnings: string[] = [];
    await expect(
      readApplicationSecret(refusingApi(calls, []), { environmentId: ENV, applicationId: APP, secret: "x" }, (m) =>
        warnings.push(m),
      ),
    ).rejects.toThrow(
      `Cannot read the client secret of application ${APP} in environment ${ENV}: ${PINGONE_403}. The application holds no role assignments (listed just now), ` +
        `so its roles are not the cause: the provisioner's own roles do not let it read this application's secret. Give the provisioner a role that manages applications in environment ${ENV} (Environment Admin, say).`,
    );
    expect(calls).toEqual([["get"], ["listRoleAssignments"]]);
    expect(warnings).toEqual([]);
  });

  it("another 403 (no INSUFFICIENT_PERMISSIONS detail) fails at once, without listing anything", async () => {
    const calls: unknown[] = [];
    const other = () =>
      new PingOneApiError({
        operation: "get application secret",
        status: 403,
        code: "ACCESS_FAILED",
        message: "The request could not be completed. You do not have access to this resource.",
      });
    await expect(
      readApplicationSecret(refusingApi(calls, [], other), { environmentId: ENV, applicationId: APP, secret: "x" }),
    ).rejects.toThrow(
      `Cannot read the client secret of application ${APP} in environment ${ENV}: PingOne get application secret failed: 403 ACCESS_FAILED The request could not be completed. You do not have access to this resource. The provisioner must hold every role the application holds to read its secret; create the application with assignActorRoles false.`,
    );
    expect(calls).toEqual([["get"]]);
  });

  it("a read-only assignment: the warning says an administrator must remove it; the update tries every one and names the failure", async () => {
    const calls: unknown[] = [];
    const assignments = [
      { id: "ra-1", role: { id: "role-oa" }, scope: { id: "org-1", type: "ORGANIZATION" }, readOnly: true },
      { id: "ra-2", role: { id: "role-x" }, scope: { id: ENV, type: "ENVIRONMENT" } },
    ];
    const api = refusingApi(calls, assignments);
    const warnings: string[] = [];
    const kept = await readApplicationSecret(api, { environmentId: ENV, applicationId: APP, secret: "recorded" }, (m) =>
      warnings.push(m),
    );
    expect(kept).toEqual({
      environmentId: ENV,
      applicationId: APP,
      secret: "recorded",
      blockingRoleAssignments: [
        {
          assignmentId: "ra-1",
          roleId: "role-oa",
          roleName: "Organization Admin",
          scopeType: "ORGANIZATION",
          scopeId: "org-1",
          readOnly: true,
        },
        { assignmentId: "ra-2", roleId: "role-x", scopeType: "ENVIRONMENT", scopeId: ENV, readOnly: false },
      ],
    });
    expect(warnings[0]).toBe(
      `application "Console App" (${APP}) holds 2 role assignments: Organization Admin at ORGANIZATION org-1 (assignment ra-1, read only: the provisioner cannot remove it, an administrator holding that role must, in the console); ` +
        `role role-x at ENVIRONMENT ${ENV} (assignment ra-2). It needs none: StackOne signs in with the authorization code flow, whose tokens carry the signed-in user's roles, never the application's. ` +
        "PingOne reveals the client secret only to an actor holding every role the application holds, and the provisioner lacks some of them, so the secret could not be read: " +
        "the recorded secret is kept, and a rotation made out of band would go unnoticed. `pulumi up` removes the application's role assignments and reads the secret again.",
    );
    calls.length = 0;
    await expect(updateApplicationSecret(api, kept!, { environmentId: ENV, applicationId: APP })).rejects.toThrow(
      `Cannot remove the role assignments of application ${APP} in environment ${ENV}, which it needs none of and which keep its client secret from the provisioner: ` +
        "Organization Admin at ORGANIZATION org-1 (assignment ra-1): PingOne delete application role assignment failed: 403 ACCESS_FAILED The request could not be completed. You do not have access to this resource. " +
        "[INSUFFICIENT_PERMISSIONS roleAssignment: Role assignment ra-1 cannot be deleted as it is read only]. " +
        "Remove them in the PingOne console (Applications → the application → Roles) as an administrator who holds those roles, then run `pulumi up` again.",
    );
    expect(calls).toEqual([
      ["listRoleAssignments"],
      ["deleteRoleAssignment", "ra-1"],
      ["deleteRoleAssignment", "ra-2"],
    ]);
  });

  it("an import (no recorded secret) cannot keep one: it fails naming the roles", async () => {
    const api = refusingApi(
      [],
      [{ id: "ra-2", role: { id: "role-oa" }, scope: { id: "org-1", type: "ORGANIZATION" } }],
    );
    await expect(
      readApplicationSecret(api, { environmentId: ENV, applicationId: APP } as ApplicationSecretOutputs),
    ).rejects.toThrow(
      `Cannot read the client secret of application ${APP} in environment ${ENV}: ${PINGONE_403}. Application "Console App" (${APP}) holds 1 role assignment: ` +
        "Organization Admin at ORGANIZATION org-1 (assignment ra-2); PingOne reveals the client secret only to an actor holding every role the application holds. " +
        "Remove them (the application needs none), then import it again.",
    );
  });
});
