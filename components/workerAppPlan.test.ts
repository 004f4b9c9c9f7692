import { describe, expect, it } from "vitest";
import { oauthEndpoints } from "../pingone/guide";
import {
  ADMIN_ROLES,
  planWorkerApp,
  WorkerAppSettingsError,
  type WorkerAppPlan,
  type WorkerAppSettings,
} from "./workerAppPlan";

const ENV = "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";
const USER = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
const GROUP = "11111111-2222-4333-8444-555555555555";

/** The problems `planWorkerApp` reports for `settings` (the test fails when it plans). */
function problems(settings: WorkerAppSettings): readonly string[] {
  try {
    planWorkerApp(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerAppSettingsError);
    expect((error as Error).message).toBe(
      `Invalid arguments for StackOneWorkerApp:\n${(error as WorkerAppSettingsError).problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    return (error as WorkerAppSettingsError).problems;
  }
  throw new Error("expected the settings to be rejected");
}

describe("planWorkerApp", () => {
  it("plans the console guide from an environment and a username", () => {
    const expected: WorkerAppPlan = {
      application: {
        environmentId: ENV,
        name: "StackOne Integration",
        enabled: true,
        grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        responseTypes: ["CODE"],
        pkceEnforcement: "OPTIONAL",
        refreshTokenType: "JSON_WEB_TOKEN",
        refreshTokenDuration: 2_592_000,
        refreshTokenRollingDuration: 15_552_000,
        redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
        allowWildcardInRedirectUris: false,
        tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
        adminOnlyAccess: true,
      },
      secret: { environmentId: ENV },
      openidGrant: {
        environmentId: ENV,
        resourceName: "openid",
        scopes: ["openid", "profile", "email"],
        removeOtherGrants: true,
      },
      signInGroup: {
        environmentId: ENV,
        name: "StackOne Integration sign-in users",
        description:
          'Its members hold the admin role that StackOne\'s PingOne connection (application "StackOne Integration") needs: ' +
          "PingOne authorises StackOne's calls by the roles of the user who signed in. Managed by Pulumi; destroying the stack deletes this group.",
      },
      signInGroupRole: { environmentId: ENV, roleName: "Environment Admin", scopeType: "ENVIRONMENT" },
      signInMembership: { environmentId: ENV, username: "alice" },
      adminRole: "EnvironmentAdmin",
      authorizationUrl: `https://auth.pingone.com/${ENV}/as/authorize`,
      tokenUrl: `https://auth.pingone.com/${ENV}/as/token`,
    };
    expect(planWorkerApp({ environmentId: ENV, signInUsername: "alice" })).toStrictEqual(expected);
  });

  it("maps the guide's three admin roles onto PingOne's role names and scopes, in one table", () => {
    expect(ADMIN_ROLES).toEqual({
      EnvironmentAdmin: { roleName: "Environment Admin", scopeType: "ENVIRONMENT" },
      IdentityDataAdmin: { roleName: "Identity Data Admin", scopeType: "ENVIRONMENT" },
      OrganizationAdmin: { roleName: "Organization Admin", scopeType: "ORGANIZATION" },
    });
    const plan = planWorkerApp({ environmentId: ENV, signInUserId: USER, adminRole: "OrganizationAdmin" });
    expect(plan.signInGroupRole).toStrictEqual({
      environmentId: ENV,
      roleName: "Organization Admin",
      scopeType: "ORGANIZATION",
    });
    expect(plan.signInMembership).toStrictEqual({ environmentId: ENV, userId: USER });
  });

  it("names the sign-in group after the application unless signInGroupName is given, and checks either name", () => {
    expect(
      planWorkerApp({ environmentId: ENV, signInUsername: "alice", appName: "StackOne EU" }).signInGroup.name,
    ).toBe("StackOne EU sign-in users");
    expect(
      planWorkerApp({ environmentId: ENV, signInUsername: "alice", signInGroupName: "StackOne admins" }).signInGroup
        .name,
    ).toBe("StackOne admins");
    expect(() => planWorkerApp({ environmentId: ENV, signInUsername: "alice", signInGroupName: "\u200B" })).toThrow(
      'signInGroupName: "\\u200B" has no visible character; expected a name of 1 to 256 characters with at least one visible character and no control characters',
    );
    expect(() => planWorkerApp({ environmentId: ENV, signInUsername: "alice", appName: "x".repeat(250) })).toThrow(
      /signInGroupName: not given, so the group is named after appName: "x+\.\.\. is 264 characters long; expected a name of 1 to 256 characters .*; give signInGroupName, or a shorter appName/,
    );
  });

  it("copies lists instead of sharing them, and never mutates the settings", () => {
    const settings = Object.freeze({
      environmentId: ENV,
      signInUsername: "alice",
      scopes: Object.freeze(["openid"]) as string[],
      groups: Object.freeze([GROUP]) as string[],
      secretRotation: Object.freeze({ trigger: "t" }),
    });
    const plan = planWorkerApp(settings);
    plan.openidGrant.scopes.push("email");
    plan.application.groupMembershipPolicy!.groupIds.push("x");
    expect(settings.scopes).toEqual(["openid"]);
    expect(settings.groups).toEqual([GROUP]);
    expect(plan.application.groupMembershipPolicy!.type).toBe("ANY_GROUP");
  });

  it("treats an empty group list as no restriction", () => {
    expect(planWorkerApp({ environmentId: ENV, signInUsername: "alice", groups: [] }).application).not.toHaveProperty(
      "groupMembershipPolicy",
    );
  });
});

describe("oauthEndpoints", () => {
  it("uses each region's auth host", () => {
    const hosts = Object.fromEntries(
      (["NA", "EU", "AP", "AU", "CA", "SG"] as const).map((code) => [code, oauthEndpoints("env", code).tokenUrl]),
    );
    expect(hosts).toEqual({
      NA: "https://auth.pingone.com/env/as/token",
      EU: "https://auth.pingone.eu/env/as/token",
      AP: "https://auth.pingone.asia/env/as/token",
      AU: "https://auth.pingone.com.au/env/as/token",
      CA: "https://auth.pingone.ca/env/as/token",
      SG: "https://auth.pingone.sg/env/as/token",
    });
  });

  it("prefers an auth URL override, trailing slashes dropped", () => {
    expect(oauthEndpoints("env", "EU", "https://login.example.com/")).toEqual({
      authorizationUrl: "https://login.example.com/env/as/authorize",
      tokenUrl: "https://login.example.com/env/as/token",
    });
  });
});

describe("planWorkerApp rejects, naming the argument, the value and what is allowed", () => {
  const base = { environmentId: ENV, signInUsername: "alice" };

  it("a missing sign-in user", () => {
    expect(problems({ environmentId: ENV })).toEqual([
      "signInUsername, signInUserId: neither is given; expected exactly one, naming the user who signs in during the StackOne connection",
    ]);
  });

  it("a grace period outside 0..86400 seconds", () => {
    expect(problems({ ...base, refreshTokenRollingGracePeriodSeconds: 86_401 })).toEqual([
      "refreshTokenRollingGracePeriodSeconds: 86401 is not allowed; expected a whole number of seconds from 0 to 86400",
    ]);
  });

  it("a PKCE enforcement PingOne does not know", () => {
    expect(problems({ ...base, pkceEnforcement: "S512_REQUIRED" as never })).toEqual([
      'pkceEnforcement: "S512_REQUIRED" is not allowed; expected one of OPTIONAL, REQUIRED, S256_REQUIRED',
    ]);
  });

  it("an enabled flag that is not a boolean", () => {
    expect(problems({ ...base, enabled: "yes" as never })).toEqual([
      'enabled: "yes" is not allowed; expected true or false',
    ]);
  });

  it("a rotation without trigger, or keeping the previous secret outside 60..2592000 seconds", () => {
    expect(problems({ ...base, secretRotation: { trigger: "", keepPreviousForSeconds: 59 } })).toEqual([
      'secretRotation.trigger: "" is empty; expected any text; changing it rotates the client secret',
      "secretRotation.keepPreviousForSeconds: 59 is not allowed; expected a whole number of seconds from 60 to 2592000",
    ]);
    expect(problems({ ...base, secretRotation: { trigger: "t", keepPreviousForSeconds: 2_592_001 } })).toEqual([
      "secretRotation.keepPreviousForSeconds: 2592001 is not allowed; expected a whole number of seconds from 60 to 2592000",
    ]);
  });

  it("a group policy without groups", () => {
    expect(problems({ ...base, groups: [], groupPolicy: "ALL_GROUPS" })).toEqual([
      'groupPolicy: "ALL_GROUPS" is given without groups; expected groups as well, or no groupPolicy',
    ]);
  });

  it("an unknown region or a plain-http auth URL off loopback", () => {
    expect(problems({ ...base, regionCode: "US" as never, authUrl: "http://auth.example.com" })).toEqual([
      'regionCode: "US" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
      'authUrl: "http://auth.example.com" uses plain http; expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)',
    ]);
  });

  it("a rolling duration shorter than the duration", () => {
    expect(problems({ ...base, refreshTokenDurationDays: 10, refreshTokenRollingDurationDays: 9 })).toEqual([
      "refreshTokenDurationDays: 10 exceeds refreshTokenRollingDurationDays (9); expected a duration no longer than the rolling duration",
    ]);
  });
});
