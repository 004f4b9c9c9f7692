/** The UserRoleAssignment resource against the emulator, through the compiled plugin driven over gRPC as the engine drives it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator, SeededUser } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import type { UserRoleAssignmentInputs } from "../core/model";
import { ExchangeLog, engineResource, reload, providerConfig, stopPlugins, adminClient } from "./testing";

let emu: RunningEmulator;
let config: Record<string, string>;
let admin: PingOneClient;
const log = new ExchangeLog();
let alice: SeededUser;
let bob: SeededUser;
let roleIds: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ seed: 303, onExchange: log.onExchange });
  config = providerConfig(emu);
  admin = adminClient(emu);
  alice = emu.users.find((u) => u.environmentId === emu.environmentId && u.username === "alice")!;
  bob = emu.users.find((u) => u.environmentId === emu.environmentId && u.username === "bob")!;
  roleIds = Object.fromEntries((await admin.listRoles()).map((r) => [r.name, r.id]));
}, 240_000);

afterAll(async () => {
  await stopPlugins();
  await emu?.stop();
});

beforeEach(() => {
  emu.reset();
  log.clear();
});

const rasPath = (userId: string) => `/v1/environments/${emu.environmentId}/users/${userId}/roleAssignments`;

function envAdmin(overrides: Partial<UserRoleAssignmentInputs> = {}): UserRoleAssignmentInputs {
  return {
    environmentId: emu.environmentId,
    username: "alice",
    roleName: "Environment Admin",
    scopeType: "ENVIRONMENT",
    ...overrides,
  };
}

describe("UserRoleAssignment provider", () => {
  it("grants the role by username at the environment, replaces (old one first) on change, and deletes on destroy", async () => {
    const ra = await engineResource("UserRoleAssignment", config);
    expect(await ra.up(envAdmin())).toBe("created");
    // One list of the user's assignments (to adopt an equal or broader one), none more before the POST.
    expect(log.calls()).toEqual([
      `GET /v1/environments/${emu.environmentId}/users`,
      "GET /v1/roles",
      `GET ${rasPath(alice.id)}`,
      `POST ${rasPath(alice.id)}`,
    ]);
    expect(log.writes()).toEqual([
      {
        method: "POST",
        path: rasPath(alice.id),
        status: 201,
        body: { role: { id: roleIds["Environment Admin"] }, scope: { id: emu.environmentId, type: "ENVIRONMENT" } },
      },
    ]);
    expect(ra.state).toEqual({
      ...envAdmin(),
      assignmentId: ra.id,
      resolvedUserId: alice.id,
      roleId: roleIds["Environment Admin"],
      resolvedScopeId: emu.environmentId,
      assignedScopeType: "ENVIRONMENT",
      assignedScopeId: emu.environmentId,
      resolvedUsername: "alice",
      adopted: false,
      readOnly: false,
    });
    const first = ra.id!;

    expect(await ra.preview(envAdmin({ roleName: "Identity Data Admin" }))).toEqual({
      changes: true,
      replaces: ["roleName"],
      deleteBeforeReplace: true,
    });
    log.clear();
    expect(await ra.up(envAdmin({ roleName: "Identity Data Admin" }))).toBe("replaced");
    expect(ra.steps.map((s) => s.op)).toEqual(["check", "diff", "delete", "create"]);
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE ${rasPath(alice.id)}/${first}`,
      `POST ${rasPath(alice.id)}`,
    ]);

    log.clear();
    const second = ra.id!;
    await ra.destroy();
    expect(log.calls()).toEqual([`DELETE ${rasPath(alice.id)}/${second}`]); // readOnly comes from state: no read first
    expect(log.writes()).toEqual([
      { method: "DELETE", path: `${rasPath(alice.id)}/${second}`, status: 204, body: undefined },
    ]);
    expect(await admin.listUserRoleAssignments(emu.environmentId, alice.id)).toEqual([]);
  });

  it("finds the user by email and grants at the organization by default", async () => {
    const ra = await engineResource("UserRoleAssignment", config);
    await ra.up({
      environmentId: emu.environmentId,
      email: bob.email,
      roleName: "Environment Admin",
      scopeType: "ORGANIZATION",
    });
    expect(log.writes()[0].body).toEqual({
      role: { id: roleIds["Environment Admin"] },
      scope: { id: emu.organizationId, type: "ORGANIZATION" },
    });
    expect(ra.state.resolvedUserId).toBe(bob.id);
    expect(ra.state.resolvedScopeId).toBe(emu.organizationId);
  });

  it("adopts an equal-or-broader assignment the user already holds, and leaves it on destroy", async () => {
    const existing = await admin.createUserRoleAssignment(emu.environmentId, bob.id, roleIds["Environment Admin"], {
      id: emu.organizationId,
      type: "ORGANIZATION",
    });
    const ra = await engineResource("UserRoleAssignment", config);
    log.clear();
    expect(await ra.up(envAdmin({ username: "bob" }))).toBe("created");
    expect(log.writes()).toEqual([]);
    expect(ra.id).toBe(existing.id);
    expect(ra.state).toMatchObject({
      adopted: true,
      assignedScopeType: "ORGANIZATION",
      assignedScopeId: emu.organizationId,
      resolvedScopeId: emu.environmentId,
    });
    await ra.destroy();
    expect(log.writes()).toEqual([]);
    expect((await admin.listUserRoleAssignments(emu.environmentId, bob.id)).map((a) => a.id)).toEqual([existing.id]);
  });

  it("Full → Minimal → Full: the same user and scope named another way changes nothing", async () => {
    const fullInputs = {
      environmentId: emu.environmentId,
      userId: alice.id,
      roleName: "Environment Admin" as const,
      scopeType: "ENVIRONMENT" as const,
      scopeId: emu.environmentId,
    };
    const ra = await engineResource("UserRoleAssignment", config);
    expect(await ra.up(fullInputs)).toBe("created");
    log.clear();
    expect(await ra.up(envAdmin())).toBe("same");
    expect(await ra.up(fullInputs)).toBe("same");
    expect(log.writes()).toEqual([]);
    await ra.destroy();
    expect(await admin.listUserRoleAssignments(emu.environmentId, alice.id)).toEqual([]);
  });

  it("grants at a population, and adopts an environment-wide assignment for a population request", async () => {
    const carol = emu.users.find((u) => u.environmentId === emu.environmentId && u.username === "carol")!;
    const populationId = ((await admin.getUser(emu.environmentId, carol.id)) as { population?: { id: string } })
      .population!.id;
    const ra = await engineResource("UserRoleAssignment", config);
    await ra.up({
      environmentId: emu.environmentId,
      username: "carol",
      roleName: "Identity Data Admin",
      scopeType: "POPULATION",
      scopeId: populationId,
    });
    expect(log.writes()[0].body).toEqual({
      role: { id: roleIds["Identity Data Admin"] },
      scope: { id: populationId, type: "POPULATION" },
    });
    expect(ra.state).toMatchObject({ adopted: false, assignedScopeType: "POPULATION", resolvedScopeId: populationId });

    const wide = await admin.createUserRoleAssignment(emu.environmentId, alice.id, roleIds["Identity Data Admin"], {
      id: emu.environmentId,
      type: "ENVIRONMENT",
    });
    const adopted = await engineResource("UserRoleAssignment", config);
    log.clear();
    await adopted.up({
      environmentId: emu.environmentId,
      username: "alice",
      roleName: "Identity Data Admin",
      scopeType: "POPULATION",
      scopeId: populationId,
    });
    expect(log.writes()).toEqual([]);
    expect(adopted.id).toBe(wide.id);
    expect(adopted.state).toMatchObject({
      adopted: true,
      assignedScopeType: "ENVIRONMENT",
      assignedScopeId: emu.environmentId,
    });
  });

  it("explains that granting Organization Admin needs the provisioner to hold it", async () => {
    const ra = await engineResource("UserRoleAssignment", config);
    await expect(ra.up(envAdmin({ roleName: "Organization Admin", scopeType: "ORGANIZATION" }))).rejects.toThrow(
      /^PingOne refused to grant "Organization Admin" to user alice: the provisioner's own worker app must hold Organization Admin to grant it \(.*Must have role at the same or broader scope.*\)\. Grant it in the PingOne console, or give the provisioner Organization Admin, or choose "Environment Admin"\.$/,
    );
    expect(await admin.listUserRoleAssignments(emu.environmentId, alice.id)).toEqual([]);
  });

  it("reports an out-of-band removal as gone; the next up grants it again", async () => {
    let ra = await engineResource("UserRoleAssignment", config);
    await ra.up(envAdmin());
    await admin.deleteUserRoleAssignment(emu.environmentId, alice.id, ra.id!);
    ra = await reload(ra, config);
    expect(await ra.refresh()).toBe("gone");
    expect(await ra.up(envAdmin())).toBe("created");
    expect((await admin.listUserRoleAssignments(emu.environmentId, alice.id)).map((a) => a.id)).toEqual([ra.id]);
  });

  it("destroy after an out-of-band removal (no refresh) is done, not an error", async () => {
    let ra = await engineResource("UserRoleAssignment", config);
    await ra.up(envAdmin());
    await admin.deleteUserRoleAssignment(emu.environmentId, alice.id, ra.id!);
    ra = await reload(ra, config);
    log.clear();
    await ra.destroy();
    expect(log.writes().map((w) => [w.method, w.status])).toEqual([["DELETE", 404]]);
  });

  it("refuses a forbidden role/scope pair and an ambiguous user before any request", async () => {
    const ra = await engineResource("UserRoleAssignment", config);
    emu.clearRequests();
    log.clear();
    expect(await ra.check(envAdmin({ roleName: "Identity Data Admin", scopeType: "ORGANIZATION" }))).toEqual([
      {
        property: "scopeType",
        reason:
          'scopeType was "ORGANIZATION"; the role "Identity Data Admin" can be assigned only at ENVIRONMENT, POPULATION scope',
      },
    ]);
    expect(await ra.check(envAdmin({ userId: alice.id }))).toEqual([
      {
        property: "username",
        reason: `userId was "${alice.id}", username was "alice"; exactly one of userId, username, email is allowed`,
      },
    ]);
    expect(emu.requests()).toEqual([]);
    expect(log.all).toEqual([]);
  });
});
