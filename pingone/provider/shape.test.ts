/**
 * The schema as the adapters read it (computed and secret outputs), and the schema's allowed values against the
 * core's checks: each enum of the schema lists exactly the values the core accepts, so the SDKs generated from it
 * offer what the provider takes.
 */
import { describe, expect, it } from "vitest";
import schema from "./schema.json";
import { computedOutputs, secretOutputs } from "./shape";
import { RESOURCE_TYPES } from "./resources";
import { UNKNOWN_VALUE } from "../core/common";
import {
  GRANT_TYPES,
  GROUP_MEMBERSHIP_POLICY_TYPES,
  PKCE_ENFORCEMENTS,
  REFRESH_TOKEN_TYPES,
  RESPONSE_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
} from "../core/application";
import { PROVISIONER_TOKEN_ENDPOINT_AUTH_METHODS, REGION_CODES } from "../core/credentials";
import { ROLE_NAMES, SCOPE_TYPES } from "../core/roles";

const types = schema.types as unknown as Record<string, { enum?: { value: string }[] }>;
const enumValues = (name: string) => types[`pingone:index:${name}`].enum!.map((e) => e.value);

describe("the schema, as the adapters read it", () => {
  it("computed outputs: every output that is no input", () => {
    expect(computedOutputs("Application")).toEqual(["applicationId", "clientId", "iconImage", "adopted", "notWorker"]);
    expect(computedOutputs("ApplicationSecret")).toEqual(["secret", "previousExpiresAt", "blockingRoleAssignments"]);
    expect(computedOutputs("ResourceGrant")).toEqual(["grantId", "resourceId", "scopeIds", "otherGrants"]);
    expect(computedOutputs("UserRoleAssignment")).toEqual([
      "assignmentId",
      "resolvedUserId",
      "resolvedUsername",
      "roleId",
      "resolvedScopeId",
      "assignedScopeType",
      "assignedScopeId",
      "adopted",
      "readOnly",
    ]);
    expect(computedOutputs("Group")).toEqual(["groupId"]);
    expect(computedOutputs("GroupRoleAssignment")).toEqual([
      "assignmentId",
      "roleId",
      "resolvedScopeId",
      "assignedScopeType",
      "assignedScopeId",
      "adopted",
      "readOnly",
    ]);
    expect(computedOutputs("GroupMembership")).toEqual(["resolvedUserId", "resolvedUsername"]);
    expect(() => computedOutputs("NoSuchType")).toThrow(
      "pingone:index:NoSuchType is not a resource of the package's schema",
    );
  });

  it("the preview of a create shows each of them unknown: a user's role shows its username unknown, as a membership does", () => {
    const inputs = { environmentId: "env", username: "alice", roleName: "Environment Admin", scopeType: "ENVIRONMENT" };
    const preview = RESOURCE_TYPES.UserRoleAssignment.previewCreate(inputs);
    expect(preview).toEqual({
      ...inputs,
      ...Object.fromEntries(computedOutputs("UserRoleAssignment").map((k) => [k, UNKNOWN_VALUE])),
    });
    expect(preview.resolvedUsername).toBe(UNKNOWN_VALUE);
    expect(
      RESOURCE_TYPES.GroupMembership.previewCreate({ environmentId: "env", groupId: "g", username: "alice" })
        .resolvedUsername,
    ).toBe(UNKNOWN_VALUE);
  });

  it("secret outputs: the application secret's secret, nothing else", () => {
    expect(Object.fromEntries(Object.values(RESOURCE_TYPES).map((t) => [t.name, t.secretOutputs]))).toEqual({
      Application: [],
      ApplicationSecret: ["secret"],
      ResourceGrant: [],
      UserRoleAssignment: [],
      Group: [],
      GroupRoleAssignment: [],
      GroupMembership: [],
    });
    expect(secretOutputs("ApplicationSecret")).toEqual(["secret"]);
  });
});

describe("the schema's allowed values are the core's", () => {
  it.each([
    ["RegionCode", REGION_CODES],
    ["ProviderTokenEndpointAuthMethod", PROVISIONER_TOKEN_ENDPOINT_AUTH_METHODS],
    ["GrantType", GRANT_TYPES],
    ["ResponseType", RESPONSE_TYPES],
    ["PkceEnforcement", PKCE_ENFORCEMENTS],
    ["RefreshTokenType", REFRESH_TOKEN_TYPES],
    ["TokenEndpointAuthMethod", TOKEN_ENDPOINT_AUTH_METHODS],
    ["GroupMembershipPolicyType", GROUP_MEMBERSHIP_POLICY_TYPES],
    ["RoleName", ROLE_NAMES],
    ["RoleScopeType", SCOPE_TYPES],
  ] as const)("%s", (name, values) => {
    expect(enumValues(name)).toEqual([...values]);
  });
});
