/**
 * The Group, GroupRoleAssignment and GroupMembership resources against the emulator, through the compiled plugin
 * driven over gRPC as the engine drives it: exact requests, exact state, and what an interrupted create leaves.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator, SeededUser } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import { ownerMarker } from "../core/ownership";
import { ExchangeLog, adminClient, engineResource, providerConfig, reload, stopPlugins } from "./testing";

let emu: RunningEmulator;
let config: Record<string, string>;
let admin: PingOneClient;
const log = new ExchangeLog();
let alice: SeededUser;
let bob: SeededUser;
let roleIds: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ seed: 404, onExchange: log.onExchange });
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

const groupsPath = () => `/v1/environments/${emu.environmentId}/groups`;
/** The owner marker of the group `engineResource("Group", …)` drives (name "res"), and of another stack's. */
const MARKER = ownerMarker("urn:pulumi:test::test::pingone:index:Group::res");
const THEIR_MARKER = ownerMarker("urn:pulumi:other::test::pingone:index:Group::res");
const DESCRIPTION = "Members sign in to StackOne's PingOne connection.";
const membershipsPath = (userId: string) => `/v1/environments/${emu.environmentId}/users/${userId}/memberOfGroups`;
const groupInputs = (overrides: Record<string, unknown> = {}) => ({
  environmentId: emu.environmentId,
  name: "StackOne Integration sign-in",
  description: "Members sign in to StackOne's PingOne connection.",
  ...overrides,
});

describe("Group provider", () => {
  it('a name goes on as Unicode NFC: a decomposed "Café ☕" is sent and stored precomposed; a 1025-character description is refused', async () => {
    const nfc = "Café ☕".normalize("NFC");
    const g = await engineResource("Group", config);
    expect(await g.up(groupInputs({ name: "Café ☕".normalize("NFD") }))).toBe("created");
    expect(log.writes().map((w) => (w.body as { name: string }).name)).toEqual([nfc]);
    expect(g.state.name).toBe(nfc);
    expect(await g.check(groupInputs({ description: "x".repeat(1025) }))).toEqual([
      {
        property: "description",
        reason: `description was "${"x".repeat(196)}...; it is 1025 characters long; expected a text of at most 1024 characters`,
      },
    ]);
  });

  it("creates with one POST, renames in place, and deletes on destroy", async () => {
    const g = await engineResource("Group", config);
    expect(await g.up(groupInputs())).toBe("created");
    expect(log.writes()).toEqual([
      {
        method: "POST",
        path: groupsPath(),
        status: 201,
        body: { name: "StackOne Integration sign-in", description: `${DESCRIPTION}\n\n${MARKER}` },
      },
    ]);
    expect(log.calls()).toEqual([`POST ${groupsPath()}`]);
    expect(g.state).toEqual({ ...groupInputs(), groupId: g.id });

    expect(await g.previewDetailed(groupInputs({ name: "Renamed" }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: { name: "UPDATE" },
    });
    log.clear();
    expect(await g.up(groupInputs({ name: "Renamed", description: undefined }))).toBe("updated");
    // The PUT replaces the whole group: the owner marker is written again, and stays out of the state.
    expect(log.writes()).toEqual([
      { method: "PUT", path: `${groupsPath()}/${g.id}`, status: 200, body: { name: "Renamed", description: MARKER } },
    ]);
    expect(g.state).toEqual({ environmentId: emu.environmentId, name: "Renamed", groupId: g.id });

    const again = await reload(g, config);
    log.clear();
    expect(await again.refresh()).toBe("present");
    expect(log.calls()).toEqual([`GET ${groupsPath()}/${g.id}`]);
    await again.destroy();
    expect(log.writes()).toEqual([{ method: "DELETE", path: `${groupsPath()}/${g.id}`, status: 204, body: undefined }]);
    expect(await admin.findGroupByName(emu.environmentId, "Renamed")).toBeUndefined();
  });

  it("takes as its own the group its interrupted create left (it carries the owner marker), members or not", async () => {
    // What a create killed after PingOne made the group leaves: the group, with the resource's marker.
    const left = await admin.createGroup(emu.environmentId, {
      name: groupInputs().name,
      description: `${DESCRIPTION}\n\n${MARKER}`,
    });
    await admin.addUserToGroup(emu.environmentId, bob.id, left.id);
    const g = await engineResource("Group", config);
    log.clear();
    expect(await g.up(groupInputs())).toBe("created");
    expect(g.id).toBe(left.id);
    expect(g.state).toEqual({ ...groupInputs(), groupId: left.id });
    expect(log.calls()).toEqual([`POST ${groupsPath()}`, `GET ${groupsPath()}`]);
    expect(log.writes().map((w) => w.status)).toEqual([400]);
  });

  it("refuses another stack's group of the name, even with the same description and no member or role; and a group made by hand", async () => {
    // What a second stack's create met while the first stack's up was still on its way to the role and membership.
    const theirs = await admin.createGroup(emu.environmentId, {
      name: groupInputs().name,
      description: `${DESCRIPTION}\n\n${THEIR_MARKER}`,
    });
    const g = await engineResource("Group", config);
    await expect(g.up(groupInputs())).rejects.toThrow(
      `A group named "StackOne Integration sign-in" already exists in environment ${emu.environmentId} (group ${theirs.id}, made by another Pulumi resource); ` +
        "it does not carry this resource's owner marker, so it is not one an interrupted create of this resource left behind. " +
        `Give this group another name, or take that one over with \`pulumi import pingone:index:Group <name> ${emu.environmentId}/${theirs.id}\``,
    );
    expect((await admin.getGroup(emu.environmentId, theirs.id))?.description).toBe(`${DESCRIPTION}\n\n${THEIR_MARKER}`);
    await admin.deleteGroup(emu.environmentId, theirs.id);

    const byHand = await admin.createGroup(emu.environmentId, { name: groupInputs().name, description: DESCRIPTION });
    await admin.addUserToGroup(emu.environmentId, bob.id, byHand.id);
    await expect(g.up(groupInputs())).rejects.toThrow(
      `A group named "StackOne Integration sign-in" already exists in environment ${emu.environmentId} (group ${byHand.id}, not made by Pulumi, 1 member(s)); ` +
        "it does not carry this resource's owner marker",
    );
    expect(await admin.getUserGroupMembership(emu.environmentId, bob.id, byHand.id)).toBeDefined();
  });

  it("a create whose response is lost: the repeat is refused as a duplicate, and the group is found by its marker", async () => {
    const g = await engineResource("Group", config);
    emu.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/groups$" });
    log.clear();
    expect(await g.up(groupInputs())).toBe("created");
    expect(log.calls()).toEqual([`POST ${groupsPath()}`, `POST ${groupsPath()}`, `GET ${groupsPath()}`]);
    expect((await admin.findGroupByName(emu.environmentId, groupInputs().name))?.id).toBe(g.id);
  });

  it("refuses a name with a control character before any call, and imports by <environmentId>/<groupId>", async () => {
    const g = await engineResource("Group", config);
    expect(await g.check(groupInputs({ name: "Stack\u0007One" }))).toEqual([
      {
        property: "name",
        reason:
          'name was "Stack\\u0007One"; it contains the control character U+0007; expected a name of 1 to 256 characters with at least one visible character and no control characters',
      },
    ]);
    expect(log.calls()).toEqual([]);
    const made = await admin.createGroup(emu.environmentId, { name: "Made by hand" });
    expect(await g.import(`${emu.environmentId}/${made.id}`)).toBe("imported");
    expect(g.inputs).toEqual({ environmentId: emu.environmentId, name: "Made by hand" });
    expect(await g.preview({ environmentId: emu.environmentId, name: "Made by hand" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});

describe("GroupRoleAssignment provider", () => {
  const assignment = (groupId: string, overrides: Record<string, unknown> = {}) => ({
    environmentId: emu.environmentId,
    groupId,
    roleName: "Environment Admin",
    scopeType: "ENVIRONMENT",
    ...overrides,
  });

  it("grants with no list first, owns the equal assignment a killed create left, and deletes it on destroy", async () => {
    const grp = await admin.createGroup(emu.environmentId, { name: "Admins of a stack" });
    const ra = await engineResource("GroupRoleAssignment", config);
    log.clear();
    expect(await ra.up(assignment(grp.id))).toBe("created");
    expect(log.calls()).toEqual(["GET /v1/roles", `POST ${groupsPath()}/${grp.id}/roleAssignments`]);
    expect(log.writes()[0].body).toEqual({
      role: { id: roleIds["Environment Admin"] },
      scope: { id: emu.environmentId, type: "ENVIRONMENT" },
    });
    expect(ra.state).toEqual({
      ...assignment(grp.id),
      assignmentId: ra.id,
      roleId: roleIds["Environment Admin"],
      resolvedScopeId: emu.environmentId,
      assignedScopeType: "ENVIRONMENT",
      assignedScopeId: emu.environmentId,
      adopted: false,
      readOnly: false,
    });
    const first = ra.id!;

    // The next run after a kill during that POST: PingOne refuses the repeat as a duplicate, and the assignment
    // there is this resource's own — destroy deletes it.
    const rerun = await engineResource("GroupRoleAssignment", config);
    log.clear();
    expect(await rerun.up(assignment(grp.id))).toBe("created");
    expect(rerun.id).toBe(first);
    expect(rerun.state.adopted).toBe(false);
    expect(log.calls()).toEqual([
      "GET /v1/roles",
      `POST ${groupsPath()}/${grp.id}/roleAssignments`,
      `GET ${groupsPath()}/${grp.id}/roleAssignments`,
    ]);
    await rerun.destroy();
    expect(await admin.listGroupRoleAssignments(emu.environmentId, grp.id)).toEqual([]);
  });

  it("counts a broader assignment the group holds as covering, and leaves it on destroy; imports by id", async () => {
    const grp = await admin.createGroup(emu.environmentId, { name: "Org admins" });
    const broad = await admin.createGroupRoleAssignment(emu.environmentId, grp.id, roleIds["Environment Admin"], {
      id: emu.organizationId,
      type: "ORGANIZATION",
    });
    const ra = await engineResource("GroupRoleAssignment", config);
    expect(await ra.up(assignment(grp.id))).toBe("created");
    expect(ra.state).toMatchObject({
      assignmentId: broad.id,
      adopted: true,
      assignedScopeType: "ORGANIZATION",
      resolvedScopeId: emu.environmentId,
    });
    log.clear();
    await ra.destroy();
    expect(log.writes()).toEqual([]);

    const imported = await engineResource("GroupRoleAssignment", config);
    expect(await imported.import(`${emu.environmentId}/${grp.id}/${broad.id}`)).toBe("imported");
    expect(imported.inputs).toEqual({
      environmentId: emu.environmentId,
      groupId: grp.id,
      roleName: "Environment Admin",
      scopeType: "ORGANIZATION",
    });
    expect(imported.state.adopted).toBe(false);
  });

  it("replaces on a role change, the old assignment first", async () => {
    const grp = await admin.createGroup(emu.environmentId, { name: "Changing" });
    const ra = await engineResource("GroupRoleAssignment", config);
    await ra.up(assignment(grp.id));
    const first = ra.id!;
    expect(await ra.preview(assignment(grp.id, { roleName: "Identity Data Admin" }))).toEqual({
      changes: true,
      replaces: ["roleName"],
      deleteBeforeReplace: true,
    });
    log.clear();
    expect(await ra.up(assignment(grp.id, { roleName: "Identity Data Admin" }))).toBe("replaced");
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE ${groupsPath()}/${grp.id}/roleAssignments/${first}`,
      `POST ${groupsPath()}/${grp.id}/roleAssignments`,
    ]);
  });
});

describe("GroupMembership provider", () => {
  const membership = (groupId: string, overrides: Record<string, unknown> = {}) => ({
    environmentId: emu.environmentId,
    groupId,
    username: "alice",
    ...overrides,
  });

  it("adds the user, owns a membership already there, sees it gone on refresh, and removes it on destroy", async () => {
    const grp = await admin.createGroup(emu.environmentId, { name: "Members" });
    const m = await engineResource("GroupMembership", config);
    log.clear();
    expect(await m.up(membership(grp.id))).toBe("created");
    expect(log.calls()).toEqual([
      `GET /v1/environments/${emu.environmentId}/users`,
      `POST ${membershipsPath(alice.id)}`,
    ]);
    expect(log.writes()[0].body).toEqual({ id: grp.id });
    expect(m.id).toBe(`${emu.environmentId}/${alice.id}/${grp.id}`);
    expect(m.state).toEqual({ ...membership(grp.id), resolvedUserId: alice.id, resolvedUsername: "alice" });
    // Naming the same user by id is no change.
    expect(await m.preview(membership(grp.id, { username: undefined, userId: alice.id }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });

    const rerun = await engineResource("GroupMembership", config);
    log.clear();
    expect(await rerun.up(membership(grp.id))).toBe("created");
    expect(log.calls()).toEqual([
      `GET /v1/environments/${emu.environmentId}/users`,
      `POST ${membershipsPath(alice.id)}`,
      `GET ${membershipsPath(alice.id)}/${grp.id}`,
    ]);

    await admin.removeUserFromGroup(emu.environmentId, alice.id, grp.id);
    expect(await rerun.refresh()).toBe("gone");
    expect(await rerun.up(membership(grp.id))).toBe("created");
    log.clear();
    await rerun.destroy();
    expect(log.writes()).toEqual([
      { method: "DELETE", path: `${membershipsPath(alice.id)}/${grp.id}`, status: 204, body: undefined },
    ]);
    expect(await admin.getUserGroupMembership(emu.environmentId, alice.id, grp.id)).toBeUndefined();
  });

  it("moves to another user by adding the new membership before removing the old; imports by id", async () => {
    const grp = await admin.createGroup(emu.environmentId, { name: "Moving" });
    const m = await engineResource("GroupMembership", config);
    await m.up(membership(grp.id));
    expect(await m.preview(membership(grp.id, { username: "bob" }))).toEqual({
      changes: true,
      replaces: ["username"],
      deleteBeforeReplace: false,
    });
    log.clear();
    expect(await m.up(membership(grp.id, { username: "bob" }))).toBe("replaced");
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST ${membershipsPath(bob.id)}`,
      `DELETE ${membershipsPath(alice.id)}/${grp.id}`,
    ]);

    const imported = await engineResource("GroupMembership", config);
    expect(await imported.import(`${emu.environmentId}/${bob.id}/${grp.id}`)).toBe("imported");
    expect(imported.id).toBe(`${emu.environmentId}/${bob.id}/${grp.id}`);
    expect(imported.inputs).toEqual({ environmentId: emu.environmentId, groupId: grp.id, username: "bob" });
    expect(await imported.import(`${emu.environmentId}/${alice.id}/${grp.id}`)).toBe("missing");
  });
});
