import { describe, expect, it } from "vitest";
import type { PingOneApi } from "../client/api";
import { PingOneApiError } from "../client/errors";
import type { RoleAssignment } from "../client/types";
import { createGroupRoleAssignment, validateGroupRoleAssignmentInputs } from "./groupRoleAssignment";

const ENV = "11111111-1111-4111-8111-111111111111";
const ORG = "99999999-9999-4999-8999-999999999999";
const GROUP = "77777777-7777-4777-8777-777777777777";
const ROLES = [
  { id: "r-org", name: "Organization Admin", applicableTo: ["ORGANIZATION"] },
  { id: "r-env", name: "Environment Admin", applicableTo: ["ORGANIZATION", "ENVIRONMENT"] },
];

const lacksRole = () =>
  new PingOneApiError({
    operation: "create group role assignment",
    status: 403,
    code: "ACCESS_FAILED",
    message: "The request could not be completed. You do not have access to this resource.",
    details: [{ code: "INSUFFICIENT_PERMISSIONS", message: "Must have role at the same or broader scope" }],
  });

function fakeApi(calls: unknown[], held: RoleAssignment[], createError: Error): PingOneApi {
  return {
    async listRoles() {
      calls.push(["listRoles"]);
      return ROLES;
    },
    async getEnvironment(envId: string) {
      calls.push(["getEnvironment", envId]);
      return { id: envId, organization: { id: ORG } };
    },
    async createGroupRoleAssignment(envId: string, groupId: string, roleId: string, scope: unknown) {
      calls.push(["createGroupRoleAssignment", envId, groupId, roleId, scope]);
      throw createError;
    },
    async listGroupRoleAssignments(envId: string, groupId: string) {
      calls.push(["listGroupRoleAssignments", envId, groupId]);
      return held;
    },
  } as unknown as PingOneApi;
}

const orgAdmin = {
  environmentId: ENV,
  groupId: GROUP,
  roleName: "Organization Admin" as const,
  scopeType: "ORGANIZATION" as const,
};

describe("createGroupRoleAssignment", () => {
  it("refused for lack of the role, takes an assignment an administrator gave the group by hand as covering it (kept on destroy)", async () => {
    const calls: unknown[] = [];
    const byHand = { id: "ra-hand", role: { id: "r-org" }, scope: { id: ORG, type: "ORGANIZATION" as const } };
    const out = await createGroupRoleAssignment(fakeApi(calls, [byHand], lacksRole()), orgAdmin);
    expect(out).toEqual({
      ...orgAdmin,
      assignmentId: "ra-hand",
      roleId: "r-org",
      resolvedScopeId: ORG,
      assignedScopeType: "ORGANIZATION",
      assignedScopeId: ORG,
      adopted: true,
      readOnly: false,
    });
    expect(calls).toEqual([
      ["listRoles"],
      ["getEnvironment", ENV],
      ["createGroupRoleAssignment", ENV, GROUP, "r-org", { type: "ORGANIZATION", id: ORG }],
      ["listGroupRoleAssignments", ENV, GROUP],
    ]);
  });

  it("refused for lack of the role with nothing there, says what to do", async () => {
    await expect(createGroupRoleAssignment(fakeApi([], [], lacksRole()), orgAdmin)).rejects.toThrow(
      `PingOne refused to grant "Organization Admin" to group ${GROUP}: the provisioner's own worker app must hold Organization Admin to grant it (PingOne create group role assignment failed: 403 ACCESS_FAILED`,
    );
  });

  it("checks the group id, the role and the scope pair before any call", () => {
    expect(
      validateGroupRoleAssignmentInputs({
        environmentId: ENV,
        groupId: "g",
        roleName: "Organization Admin",
        scopeType: "ENVIRONMENT",
      }),
    ).toEqual([
      { property: "groupId", reason: 'groupId was "g"; a PingOne group id (UUID, 8-4-4-4-12 hex digits) is required' },
      {
        property: "scopeType",
        reason: 'scopeType was "ENVIRONMENT"; the role "Organization Admin" can be assigned only at ORGANIZATION scope',
      },
    ]);
  });
});
