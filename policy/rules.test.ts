import { describe, expect, it } from "vitest";
import {
  checkAdminOnlyAccess,
  checkGrantTypes,
  checkNoActorRoles,
  checkOpenIdGrant,
  checkRedirectUris,
  checkRefreshTokenDurations,
  checkResponseTypes,
  checkSignInUserRole,
  checkTokenEndpointAuthMethod,
  checkWorkerApplication,
  classifyResource,
  DEFAULT_REFRESH_TOKEN_CONFIG,
  isApplicationRoleGrant,
  resolveRedirectUriConfig,
  resolveRefreshTokenConfig,
} from "./rules";
import { STACKONE_REDIRECT_URI as STACKONE_CALLBACK_URI } from "../pingone/guide";

const provider = { __provider: "exports.handler = {}" };
const callback = { allowedRedirectUris: [STACKONE_CALLBACK_URI] };

describe("classifyResource", () => {
  it("recognises each resource by its type token, whatever its inputs", () => {
    expect(classifyResource("pingone:index:Application", {})).toBe("Application");
    expect(classifyResource("pingone:index:ApplicationSecret", {})).toBe("ApplicationSecret");
    expect(classifyResource("pingone:index:UserRoleAssignment", {})).toBe("UserRoleAssignment");
    expect(classifyResource("pingone:index:ResourceGrant", {})).toBe("ResourceGrant");
    expect(classifyResource("pingone:index:GroupRoleAssignment", {})).toBe("GroupRoleAssignment");
    expect(classifyResource("pingone:index:Group", {})).toBe("Group");
    expect(classifyResource("pingone:index:GroupMembership", {})).toBe("GroupMembership");
  });

  it("recognises another type of the pingone package by the shape of its inputs", () => {
    const shape = { grantTypes: [], redirectUris: [], tokenEndpointAuthMethod: "NONE" };
    expect(classifyResource("pingone:index/application:Application", shape)).toBe("Application");
    expect(classifyResource("pingone:apps:WorkerApp", shape)).toBe("Application");
    expect(classifyResource("pingone:apps:Thing", { size: 3 })).toBe(undefined);
  });

  it("recognises a dynamic resource registered under another token by the shape of its inputs", () => {
    const generic = "pulumi-nodejs:dynamic:Resource";
    expect(
      classifyResource(generic, { ...provider, grantTypes: [], redirectUris: [], tokenEndpointAuthMethod: "NONE" }),
    ).toBe("Application");
    expect(classifyResource(generic, { ...provider, roleName: "Environment Admin", scopeType: "ENVIRONMENT" })).toBe(
      "UserRoleAssignment",
    );
    expect(classifyResource(generic, { ...provider, environmentId: "e", applicationId: "a", scopes: [] })).toBe(
      "ResourceGrant",
    );
    expect(classifyResource(generic, { ...provider, environmentId: "e", applicationId: "a" })).toBe(
      "ApplicationSecret",
    );
    expect(classifyResource("pulumi-nodejs:dynamic/other:Thing", { ...provider, roleName: "x", scopeType: "y" })).toBe(
      "UserRoleAssignment",
    );
    expect(classifyResource("pingone:index/other:RoleOfGroup", { roleName: "x", scopeType: "y", groupId: "g" })).toBe(
      "GroupRoleAssignment",
    );
  });

  it("ignores resources that are not dynamic or carry no serialized provider", () => {
    expect(
      classifyResource("pulumi-nodejs:dynamic:Resource", {
        grantTypes: [],
        redirectUris: [],
        tokenEndpointAuthMethod: "x",
      }),
    ).toBe(undefined);
    expect(
      classifyResource("otherpkg:index:Application", {
        ...provider,
        grantTypes: [],
        redirectUris: [],
        tokenEndpointAuthMethod: "x",
      }),
    ).toBe(undefined);
    expect(classifyResource("pulumi-nodejs:dynamic:Resource", { ...provider, size: 3 })).toBe(undefined);
  });
});

describe("isApplicationRoleGrant", () => {
  it("flags application role assignments of any provider and dynamic resources pairing an app with a role", () => {
    expect(isApplicationRoleGrant("pingone:index:ApplicationRoleAssignment", {})).toBe(true);
    expect(isApplicationRoleGrant("pingone:index/applicationRoleAssignment:ApplicationRoleAssignment", {})).toBe(true);
    expect(
      isApplicationRoleGrant("pulumi-nodejs:dynamic:Resource", { ...provider, applicationId: "a", roleId: "r" }),
    ).toBe(true);
    expect(
      isApplicationRoleGrant("pulumi-nodejs:dynamic:Resource", { ...provider, applicationId: "a", roleName: "r" }),
    ).toBe(true);
  });

  it("does not flag the user role assignment or the secret", () => {
    expect(
      isApplicationRoleGrant("pingone:index:UserRoleAssignment", { ...provider, roleName: "Environment Admin" }),
    ).toBe(false);
    expect(isApplicationRoleGrant("pingone:index:ApplicationSecret", { ...provider, applicationId: "a" })).toBe(false);
  });
});

describe("application checks", () => {
  it("worker type and protocol: absent or WORKER/OPENID_CONNECT pass, anything else is named", () => {
    expect(checkWorkerApplication({})).toEqual([]);
    expect(checkWorkerApplication({ type: "WORKER", protocol: "OPENID_CONNECT" })).toEqual([]);
    expect(checkWorkerApplication({ type: "WEB_APP", protocol: "SAML" })).toEqual([
      'type is "WEB_APP"; the StackOne application must be a "WORKER" application',
      'protocol is "SAML"; the StackOne application must use "OPENID_CONNECT"',
    ]);
  });

  it("grant types must be exactly AUTHORIZATION_CODE and REFRESH_TOKEN, in any order", () => {
    expect(checkGrantTypes(["REFRESH_TOKEN", "AUTHORIZATION_CODE"])).toEqual([]);
    const message = (given: string) =>
      `grantTypes is ${given}; it must be exactly ["AUTHORIZATION_CODE","REFRESH_TOKEN"] (no other grant type)`;
    expect(checkGrantTypes(["AUTHORIZATION_CODE"])).toEqual([message('["AUTHORIZATION_CODE"]')]);
    expect(checkGrantTypes(["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS"])).toEqual([
      message('["AUTHORIZATION_CODE","REFRESH_TOKEN","CLIENT_CREDENTIALS"]'),
    ]);
    expect(checkGrantTypes(["AUTHORIZATION_CODE", "AUTHORIZATION_CODE"])).toEqual([
      message('["AUTHORIZATION_CODE","AUTHORIZATION_CODE"]'),
    ]);
    expect(checkGrantTypes(undefined)).toEqual([message("undefined")]);
  });

  it("response type must be CODE only", () => {
    expect(checkResponseTypes(["CODE"])).toEqual([]);
    expect(checkResponseTypes(["CODE", "ID_TOKEN"])).toEqual([
      'responseTypes is ["CODE","ID_TOKEN"]; it must be exactly ["CODE"]',
    ]);
  });

  it("token endpoint auth must be CLIENT_SECRET_POST", () => {
    expect(checkTokenEndpointAuthMethod("CLIENT_SECRET_POST")).toEqual([]);
    expect(checkTokenEndpointAuthMethod("CLIENT_SECRET_BASIC")).toEqual([
      'tokenEndpointAuthMethod is "CLIENT_SECRET_BASIC"; StackOne sends the client secret in the token request ' +
        'body, so it must be "CLIENT_SECRET_POST"',
    ]);
  });

  it("admin-only access must be on", () => {
    expect(checkAdminOnlyAccess(true)).toEqual([]);
    expect(checkAdminOnlyAccess(false)).toEqual([
      "adminOnlyAccess is false; it must be true (accessControl.role.type ADMIN_USERS_ONLY), so only " +
        "administrators can sign in to the StackOne connection",
    ]);
  });

  it("assignActorRoles may be absent or false only", () => {
    expect(checkNoActorRoles(undefined)).toEqual([]);
    expect(checkNoActorRoles(false)).toEqual([]);
    expect(checkNoActorRoles(true)).toEqual([
      "assignActorRoles is true; it must be false: the StackOne app holds no roles (roles on the app make its " +
        "client secret unreadable to admins who lack them)",
    ]);
  });
});

describe("checkRedirectUris", () => {
  it("passes the exact StackOne callback with wildcards off", () => {
    expect(
      checkRedirectUris({ redirectUris: [STACKONE_CALLBACK_URI], allowWildcardInRedirectUris: false }, callback),
    ).toEqual([]);
  });

  it("names wildcard URIs, URIs outside the list, missing and repeated URIs, and the wildcard flag", () => {
    expect(
      checkRedirectUris(
        {
          redirectUris: ["https://api.stackone.com/*", `${STACKONE_CALLBACK_URI}/`, `${STACKONE_CALLBACK_URI}/`],
          allowWildcardInRedirectUris: true,
        },
        callback,
      ),
    ).toEqual([
      'redirectUris contains the wildcard URI "https://api.stackone.com/*"; wildcards are not allowed',
      `redirectUris contains "${STACKONE_CALLBACK_URI}/", which is not allowed; allowed: ["${STACKONE_CALLBACK_URI}"]`,
      `redirectUris contains "${STACKONE_CALLBACK_URI}/", which is not allowed; allowed: ["${STACKONE_CALLBACK_URI}"]`,
      `redirectUris is missing ["${STACKONE_CALLBACK_URI}"]; it must be exactly ["${STACKONE_CALLBACK_URI}"]`,
      `redirectUris lists a URI more than once: ["https://api.stackone.com/*","${STACKONE_CALLBACK_URI}/","${STACKONE_CALLBACK_URI}/"]`,
      "allowWildcardInRedirectUris is true; it must be false",
    ]);
  });

  it("uses the configured list instead of the default", () => {
    const config = { allowedRedirectUris: ["https://eu.stackone.com/callback", STACKONE_CALLBACK_URI] };
    expect(
      checkRedirectUris(
        {
          redirectUris: [STACKONE_CALLBACK_URI, "https://eu.stackone.com/callback"],
          allowWildcardInRedirectUris: false,
        },
        config,
      ),
    ).toEqual([]);
    expect(
      checkRedirectUris({ redirectUris: [STACKONE_CALLBACK_URI], allowWildcardInRedirectUris: false }, config),
    ).toEqual([
      'redirectUris is missing ["https://eu.stackone.com/callback"]; it must be exactly ' +
        `["https://eu.stackone.com/callback","${STACKONE_CALLBACK_URI}"]`,
    ]);
  });

  it("rejects a value that is not a list of strings", () => {
    expect(checkRedirectUris({ redirectUris: "x", allowWildcardInRedirectUris: false }, callback)).toEqual([
      'redirectUris is "x"; it must be a list of URIs',
    ]);
  });
});

describe("checkRefreshTokenDurations", () => {
  const bounds = DEFAULT_REFRESH_TOKEN_CONFIG;

  it("passes the guide's 30 days / 180 days and anything shorter within bounds", () => {
    expect(
      checkRefreshTokenDurations({ refreshTokenDuration: 2_592_000, refreshTokenRollingDuration: 15_552_000 }, bounds),
    ).toEqual([]);
    expect(
      checkRefreshTokenDurations({ refreshTokenDuration: 3600, refreshTokenRollingDuration: 3600 }, bounds),
    ).toEqual([]);
  });

  it("names a duration longer than rolling and values outside the bounds", () => {
    expect(
      checkRefreshTokenDurations({ refreshTokenDuration: 86_400, refreshTokenRollingDuration: 3600 }, bounds),
    ).toEqual([
      "refreshTokenDuration (86400 seconds) exceeds refreshTokenRollingDuration (3600 seconds); it must be less " +
        "than or equal to it",
    ]);
    expect(
      checkRefreshTokenDurations({ refreshTokenDuration: 5_184_000, refreshTokenRollingDuration: 31_104_000 }, bounds),
    ).toEqual([
      "refreshTokenDuration is 5184000 seconds; allowed: 60..2592000",
      "refreshTokenRollingDuration is 31104000 seconds; allowed: at most 15552000",
    ]);
    expect(checkRefreshTokenDurations({ refreshTokenDuration: 30, refreshTokenRollingDuration: "x" }, bounds)).toEqual([
      "refreshTokenDuration is 30 seconds; allowed: 60..2592000",
      'refreshTokenRollingDuration is "x"; it must be a whole number of seconds',
    ]);
  });
});

describe("checkSignInUserRole", () => {
  it("allows exactly the guide's four role/scope pairs", () => {
    expect(checkSignInUserRole({ roleName: "Environment Admin", scopeType: "ENVIRONMENT" })).toEqual([]);
    expect(checkSignInUserRole({ roleName: "Environment Admin", scopeType: "ORGANIZATION" })).toEqual([]);
    expect(checkSignInUserRole({ roleName: "Identity Data Admin", scopeType: "ENVIRONMENT" })).toEqual([]);
    expect(checkSignInUserRole({ roleName: "Organization Admin", scopeType: "ORGANIZATION" })).toEqual([]);
  });

  it("names the role and scope given and lists the allowed pairs", () => {
    const allowed =
      "allowed: Environment Admin at ENVIRONMENT, Environment Admin at ORGANIZATION, Identity Data Admin at " +
      "ENVIRONMENT, Organization Admin at ORGANIZATION";
    expect(checkSignInUserRole({ roleName: "Identity Data Admin", scopeType: "POPULATION" })).toEqual([
      `the sign-in user's role is "Identity Data Admin" at scope "POPULATION"; ${allowed}`,
    ]);
    expect(checkSignInUserRole({ roleName: "Help Desk Admin", scopeType: "ENVIRONMENT" })).toEqual([
      `the sign-in user's role is "Help Desk Admin" at scope "ENVIRONMENT"; ${allowed}`,
    ]);
  });
});

describe("checkOpenIdGrant", () => {
  it("passes OIDC scopes of the openid resource, named or defaulted", () => {
    expect(checkOpenIdGrant({ scopes: ["openid", "profile", "email"] })).toEqual([]);
    expect(checkOpenIdGrant({ resourceName: "openid", scopes: ["openid"] })).toEqual([]);
  });

  it("names another resource, foreign scopes and an empty list", () => {
    expect(checkOpenIdGrant({ resourceName: "PingOne API", scopes: ["p1:read:user", "openid"] })).toEqual([
      'resourceName is "PingOne API"; the StackOne app may only be granted scopes of the "openid" resource (admin ' +
        "rights come from the signed-in user's roles, not from scopes)",
      'scopes contains ["p1:read:user"]; allowed: ["openid","profile","email","address","phone"]',
    ]);
    expect(checkOpenIdGrant({ scopes: [] })).toEqual([
      'scopes is []; it must list at least one of ["openid","profile","email","address","phone"]',
    ]);
  });
});

describe("policy configuration", () => {
  it("defaults the redirect URIs to the StackOne callback and validates a given list", () => {
    expect(resolveRedirectUriConfig({})).toEqual({ allowedRedirectUris: [STACKONE_CALLBACK_URI] });
    expect(resolveRedirectUriConfig({ allowedRedirectUris: ["https://a.example/cb"] })).toEqual({
      allowedRedirectUris: ["https://a.example/cb"],
    });
    expect(() => resolveRedirectUriConfig({ allowedRedirectUris: [] })).toThrow(
      "policy config allowedRedirectUris is []; it must be a non-empty list of URIs",
    );
    expect(() => resolveRedirectUriConfig({ allowedRedirectUris: ["https://*.example/cb"] })).toThrow(
      'policy config allowedRedirectUris contains the wildcard URI "https://*.example/cb"; list exact URIs',
    );
  });

  it("defaults the duration bounds and validates given ones", () => {
    expect(resolveRefreshTokenConfig({})).toEqual(DEFAULT_REFRESH_TOKEN_CONFIG);
    expect(resolveRefreshTokenConfig({ maxRefreshTokenDurationSeconds: 86_400 })).toEqual({
      ...DEFAULT_REFRESH_TOKEN_CONFIG,
      maxRefreshTokenDurationSeconds: 86_400,
    });
    expect(() => resolveRefreshTokenConfig({ maxRefreshTokenDurationSeconds: 1.5 })).toThrow(
      "policy config maxRefreshTokenDurationSeconds is 1.5; it must be a whole number of seconds, 60..2147483647",
    );
    expect(() => resolveRefreshTokenConfig({ minRefreshTokenDurationSeconds: 3_000_000 })).toThrow(
      "policy config minRefreshTokenDurationSeconds (3000000) exceeds maxRefreshTokenDurationSeconds (2592000)",
    );
  });
});
