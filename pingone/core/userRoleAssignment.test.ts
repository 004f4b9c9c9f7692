import { describe, expect, it } from "vitest";
import type { PingOneApi } from "../client/api";
import type { RoleAssignment } from "../client/types";
import type { UserRoleAssignmentInputs } from "./model";
import {
  createUserRoleAssignment,
  deleteUserRoleAssignment,
  diffUserRoleAssignment,
  validateUserRoleAssignmentInputs,
  UserRoleAssignmentState,
} from "./userRoleAssignment";

const ENV = "11111111-1111-4111-8111-111111111111";
const ORG = "99999999-9999-4999-8999-999999999999";
const USER = "55555555-5555-4555-8555-555555555555";
const ROLES = [
  { id: "r-org", name: "Organization Admin", applicableTo: ["ORGANIZATION"] },
  { id: "r-env", name: "Environment Admin", applicableTo: ["ORGANIZATION", "ENVIRONMENT"] },
  { id: "r-ida", name: "Identity Data Admin", applicableTo: ["ENVIRONMENT", "POPULATION"] },
];

function fakeApi(calls: unknown[], existing: RoleAssignment[], createError?: Error, deleteError?: Error): PingOneApi {
  return {
    async findUserByUsername(envId: string, username: string) {
      calls.push(["findUserByUsername", envId, username]);
      return username === "alice" ? { id: USER, username, environment: { id: envId } } : undefined;
    },
    async findUsersByEmail(envId: string, email: string) {
      calls.push(["findUsersByEmail", envId, email]);
      return [
        { id: "u1", username: "a", environment: { id: envId } },
        { id: "u2", username: "b", environment: { id: envId } },
      ];
    },
    async listRoles() {
      calls.push(["listRoles"]);
      return ROLES;
    },
    async getEnvironment(envId: string) {
      calls.push(["getEnvironment", envId]);
      return { id: envId, organization: { id: ORG } };
    },
    async listUserRoleAssignments(envId: string, userId: string) {
      calls.push(["listUserRoleAssignments", envId, userId]);
      return existing;
    },
    async createUserRoleAssignment(envId: string, userId: string, roleId: string, scope: { id: string; type: string }) {
      calls.push(["createUserRoleAssignment", envId, userId, roleId, scope]);
      if (createError) throw createError;
      return { id: "ra-new", role: { id: roleId }, scope, readOnly: false };
    },
    async getUserRoleAssignment(envId: string, userId: string, id: string) {
      calls.push(["getUserRoleAssignment", envId, userId, id]);
      return existing.find((a) => a.id === id);
    },
    async deleteUserRoleAssignment(envId: string, userId: string, id: string) {
      calls.push(["deleteUserRoleAssignment", envId, userId, id]);
      if (deleteError) throw deleteError;
    },
  } as unknown as PingOneApi;
}

const base: UserRoleAssignmentInputs = {
  environmentId: ENV,
  username: "alice",
  roleName: "Environment Admin",
  scopeType: "ENVIRONMENT",
};

describe("validateUserRoleAssignmentInputs", () => {
  it("refuses a role/scope pair the built-in role forbids, offline", () => {
    expect(
      validateUserRoleAssignmentInputs({ ...base, roleName: "Identity Data Admin", scopeType: "ORGANIZATION" }),
    ).toEqual([
      {
        property: "scopeType",
        reason:
          'scopeType was "ORGANIZATION"; the role "Identity Data Admin" can be assigned only at ENVIRONMENT, POPULATION scope',
      },
    ]);
    expect(
      validateUserRoleAssignmentInputs({ ...base, roleName: "Organization Admin", scopeType: "ENVIRONMENT" }),
    ).toEqual([
      {
        property: "scopeType",
        reason: 'scopeType was "ENVIRONMENT"; the role "Organization Admin" can be assigned only at ORGANIZATION scope',
      },
    ]);
  });

  it("requires exactly one of userId, username, email", () => {
    expect(validateUserRoleAssignmentInputs({ ...base, username: undefined })).toEqual([
      {
        property: "userId",
        reason: "none of userId, username, email was given; exactly one of them is required to identify the user",
      },
    ]);
    expect(validateUserRoleAssignmentInputs({ ...base, email: "a@example.com" })).toEqual([
      {
        property: "email",
        reason: 'username was "alice", email was "a@example.com"; exactly one of userId, username, email is allowed',
      },
    ]);
  });

  it("holds a username to the same rule as the stack configuration: no padding, controls, invisibles, or over 128", () => {
    const allowed =
      "expected a PingOne username: 1 to 128 letters, marks, numbers, symbols, punctuation or spaces, without leading or trailing spaces";
    const check = (username: string) => validateUserRoleAssignmentInputs({ ...base, username });
    expect(check("alice")).toEqual([]);
    expect(check("alice ")).toEqual([
      { property: "username", reason: `username was "alice "; it has leading or trailing spaces; ${allowed}` },
    ]);
    expect(check("ali\u0000ce")).toEqual([
      {
        property: "username",
        reason: `username was "ali\\u0000ce"; it contains the control character U+0000; ${allowed}`,
      },
    ]);
    expect(check("\u2063")).toEqual([
      {
        property: "username",
        reason: `username was "\\u2063"; it contains the invisible character U+2063; ${allowed}`,
      },
    ]);
    expect(check("a".repeat(129))[0].reason).toBe(
      `username was "${"a".repeat(129)}"; it is 129 characters long; ${allowed}`,
    );
  });

  it("names the allowed roles and scope types, and needs a population id", () => {
    expect(validateUserRoleAssignmentInputs({ ...base, roleName: "Admin", scopeType: "POPULATION" })).toEqual([
      {
        property: "roleName",
        reason:
          'roleName was "Admin"; allowed: Environment Admin, Identity Data Admin, Organization Admin, Client Application Developer, Identity Data Read Only, Configuration Read Only, Application Owner, Help Desk Admin',
      },
      {
        property: "scopeId",
        reason: "scopeId was undefined; a population id is required when scopeType is POPULATION",
      },
    ]);
  });
});

describe("diffUserRoleAssignment", () => {
  it("every change replaces", () => {
    const olds = {
      ...base,
      assignmentId: "a",
      resolvedUserId: USER,
      roleId: "r-env",
      resolvedScopeId: ENV,
      assignedScopeType: "ENVIRONMENT" as const,
      adopted: false,
      readOnly: false,
    };
    expect(diffUserRoleAssignment(olds, base)).toEqual({ changes: [], replaces: [] });
    expect(diffUserRoleAssignment(olds, { ...base, roleName: "Identity Data Admin" })).toEqual({
      changes: ["roleName"],
      replaces: ["roleName"],
    });
  });

  it("the same user named by id, or the default scope id spelled out, is no change", () => {
    const olds = {
      ...base,
      assignmentId: "a",
      resolvedUserId: USER,
      roleId: "r-env",
      resolvedScopeId: ENV,
      assignedScopeType: "ENVIRONMENT" as const,
      adopted: false,
      readOnly: false,
    };
    expect(diffUserRoleAssignment(olds, { ...base, username: undefined, userId: USER })).toEqual({
      changes: [],
      replaces: [],
    });
    expect(diffUserRoleAssignment(olds, { ...base, scopeId: ENV })).toEqual({ changes: [], replaces: [] });
    expect(diffUserRoleAssignment(olds, { ...base, username: "bob" })).toEqual({
      changes: ["username"],
      replaces: ["username"],
    });
    expect(diffUserRoleAssignment(olds, { ...base, username: undefined, email: "alice@example.com" })).toEqual({
      changes: ["username", "email"],
      replaces: ["username", "email"],
    });
    expect(diffUserRoleAssignment(olds, { ...base, scopeId: "other-env" })).toEqual({
      changes: ["scopeId"],
      replaces: ["scopeId"],
    });
    const org = {
      ...olds,
      scopeType: "ORGANIZATION" as const,
      resolvedScopeId: ORG,
      assignedScopeType: "ORGANIZATION" as const,
    };
    expect(diffUserRoleAssignment(org, { ...base, scopeType: "ORGANIZATION", scopeId: ORG })).toEqual({
      changes: [],
      replaces: [],
    });
    expect(diffUserRoleAssignment(org, { ...base, scopeType: "ORGANIZATION" })).toEqual({ changes: [], replaces: [] });
  });
});

describe("createUserRoleAssignment", () => {
  it("grants at environment scope by default", async () => {
    const calls: unknown[] = [];
    const out = await createUserRoleAssignment(fakeApi(calls, []), base);
    expect(out).toEqual({
      ...base,
      assignmentId: "ra-new",
      resolvedUserId: USER,
      roleId: "r-env",
      resolvedScopeId: ENV,
      assignedScopeType: "ENVIRONMENT",
      assignedScopeId: ENV,
      resolvedUsername: "alice",
      adopted: false,
      readOnly: false,
    });
    expect(calls.at(-1)).toEqual(["createUserRoleAssignment", ENV, USER, "r-env", { id: ENV, type: "ENVIRONMENT" }]);
  });

  it("adopts a broader (organization) assignment instead of failing", async () => {
    const calls: unknown[] = [];
    const existing = [
      { id: "ra-org", role: { id: "r-env" }, scope: { id: ORG, type: "ORGANIZATION" as const }, readOnly: false },
    ];
    const out = await createUserRoleAssignment(fakeApi(calls, existing), base);
    expect(out).toMatchObject({
      assignmentId: "ra-org",
      adopted: true,
      assignedScopeType: "ORGANIZATION",
      assignedScopeId: ORG,
      resolvedScopeId: ENV,
    });
    expect(calls.some((c) => (c as string[])[0] === "createUserRoleAssignment")).toBe(false);
  });

  it("an email matching two users is an error naming them", async () => {
    await expect(
      createUserRoleAssignment(fakeApi([], []), { ...base, username: undefined, email: "x@example.com" }),
    ).rejects.toThrow(
      `email was "x@example.com"; exactly one user of environment ${ENV} must have that email, but 2 users have it (a, b). Use username or userId instead`,
    );
  });

  it("explains PingOne's refusal to grant Organization Admin", async () => {
    const err = Object.assign(new Error("PingOne create user role assignment failed: 403 ACCESS_FAILED"), {
      status: 403,
      details: [{ code: "ACCESS_FAILED", message: "Must have role at the same or broader scope" }],
    });
    await expect(
      createUserRoleAssignment(fakeApi([], [], err), {
        ...base,
        roleName: "Organization Admin",
        scopeType: "ORGANIZATION",
      }),
    ).rejects.toThrow(
      `PingOne refused to grant "Organization Admin" to user alice: the provisioner's own worker app must hold Organization Admin to grant it (PingOne create user role assignment failed: 403 ACCESS_FAILED).`,
    );
  });
});

describe("deleteUserRoleAssignment", () => {
  const state: UserRoleAssignmentState = {
    ...base,
    assignmentId: "ra",
    resolvedUserId: USER,
    roleId: "r-env",
    resolvedScopeId: ENV,
    assignedScopeType: "ENVIRONMENT",
    assignedScopeId: ENV,
    adopted: false,
    readOnly: false,
  };
  it("leaves an adopted assignment in place", async () => {
    const calls: unknown[] = [];
    await deleteUserRoleAssignment(fakeApi(calls, []), "ra", { ...state, adopted: true });
    expect(calls).toEqual([]);
  });
  const readOnlyMessage =
    `Role assignment ra ("Environment Admin" at ENVIRONMENT ${ENV} for user ${USER}) is read-only in PingOne and cannot be deleted by the provisioner; ` +
    "remove it in the PingOne console, or drop it from the stack state with `pulumi state delete`";
  it("deletes with one DELETE: readOnly comes from state, not from a read", async () => {
    const calls: unknown[] = [];
    await deleteUserRoleAssignment(fakeApi(calls, []), "ra", state);
    expect(calls).toEqual([["deleteUserRoleAssignment", ENV, USER, "ra"]]);
  });
  it("refuses to delete an assignment read-only in state with a clear error, before any call", async () => {
    const calls: unknown[] = [];
    await expect(deleteUserRoleAssignment(fakeApi(calls, []), "ra", { ...state, readOnly: true })).rejects.toThrow(
      readOnlyMessage,
    );
    expect(calls).toEqual([]);
  });
  it("maps PingOne's 403 on the DELETE (read-only since) to the same message, with PingOne's answer", async () => {
    const refused = Object.assign(
      new Error(
        "PingOne delete user role assignment failed: 403 ACCESS_FAILED [INSUFFICIENT_PERMISSIONS roleAssignment: Must have role at the same or broader scope]",
      ),
      {
        status: 403,
      },
    );
    const calls: unknown[] = [];
    let message = "";
    try {
      await deleteUserRoleAssignment(fakeApi(calls, [], undefined, refused), "ra", state);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`${readOnlyMessage} (${refused.message})`);
    expect(calls).toEqual([["deleteUserRoleAssignment", ENV, USER, "ra"]]);
  });
  it("any other failure of the DELETE names the assignment and PingOne's answer", async () => {
    const failed = Object.assign(new Error("PingOne delete user role assignment failed: 500 UNEXPECTED_ERROR"), {
      status: 500,
    });
    await expect(deleteUserRoleAssignment(fakeApi([], [], undefined, failed), "ra", state)).rejects.toThrow(
      `Cannot delete role assignment ra ("Environment Admin" for user ${USER}): PingOne delete user role assignment failed: 500 UNEXPECTED_ERROR`,
    );
  });
});
