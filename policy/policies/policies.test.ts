import { describe, expect, it } from "vitest";
import {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  unknownCheckingProxy,
  UnknownValueError,
} from "@pulumi/policy";
import { STACKONE_REDIRECT_URI as STACKONE_CALLBACK_URI } from "../../pingone/guide";
import { RESOURCE_TYPES } from "../rules";
import {
  adminOnlyAccess,
  appHoldsNoRoles,
  grantTypes,
  openidGrant,
  policies,
  redirectUris,
  refreshTokenDurations,
  responseTypes,
  signInUserRole,
  tokenEndpointAuth,
  workerApplication,
} from "./index";

class NotApplicable extends Error {}

interface Outcome {
  violations: string[];
  notApplicable?: string;
}

/** Runs one policy's validateResource the way the policy SDK's server does: inputs behind the unknown-checking proxy. */
async function run(
  policy: ResourceValidationPolicy,
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): Promise<Outcome> {
  const violations: string[] = [];
  const args = {
    type,
    props: unknownCheckingProxy(props),
    urn: `urn:pulumi:dev::stackone-pingone::${type}::app`,
    name: "app",
    opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: () => undefined,
    getConfig: () => config,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as ResourceValidationArgs;
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  try {
    for (const validate of validations) {
      await validate(args, (message: string) => {
        violations.push(message);
      });
    }
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.message };
    throw e;
  }
  return { violations };
}

const provider = "exports.handler = __f0;\nfunction __f0() { return {}; }";

/** The Application's inputs as the StackOne component produces them: the integration guide's values. */
const compliantApp = (): Record<string, unknown> => ({
  __provider: provider,
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  name: "StackOne Integration",
  enabled: true,
  grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
  responseTypes: ["CODE"],
  pkceEnforcement: "OPTIONAL",
  refreshTokenType: "JSON_WEB_TOKEN",
  refreshTokenDuration: 2_592_000,
  refreshTokenRollingDuration: 15_552_000,
  redirectUris: [STACKONE_CALLBACK_URI],
  allowWildcardInRedirectUris: false,
  tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
  adminOnlyAccess: true,
});

const compliantRole = (): Record<string, unknown> => ({
  __provider: provider,
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  username: "alice",
  roleName: "Environment Admin",
  scopeType: "ENVIRONMENT",
});

const compliantGrant = (): Record<string, unknown> => ({
  __provider: provider,
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  applicationId: "9b7c8a20-5b1e-4c77-8d2f-3e4a5b6c7d8e",
  scopes: ["openid", "profile", "email"],
});

const compliantSecret = (): Record<string, unknown> => ({
  __provider: provider,
  environmentId: "4a1d6b3e-0c1f-4f55-9a8e-0d2b7c1f5e01",
  applicationId: "9b7c8a20-5b1e-4c77-8d2f-3e4a5b6c7d8e",
});

const APP = RESOURCE_TYPES.Application;

describe("the policy pack", () => {
  it("holds ten uniquely named policies, none of them weakened below the pack's mandatory default", () => {
    expect(policies.map((p) => p.name)).toEqual([
      "pingone-worker-application",
      "pingone-grant-types",
      "pingone-response-types",
      "pingone-redirect-uris",
      "pingone-token-endpoint-auth",
      "pingone-admin-only-access",
      "pingone-refresh-token-durations",
      "pingone-app-holds-no-roles",
      "pingone-sign-in-user-role",
      "pingone-openid-grant",
    ]);
    expect(policies.filter((p) => p.enforcementLevel !== undefined)).toEqual([]);
  });

  it("lets the compliant stack through: no policy reports anything on any of its four resources", async () => {
    const stack: [string, Record<string, unknown>][] = [
      [RESOURCE_TYPES.Application, compliantApp()],
      [RESOURCE_TYPES.ApplicationSecret, compliantSecret()],
      [RESOURCE_TYPES.UserRoleAssignment, compliantRole()],
      [RESOURCE_TYPES.ResourceGrant, compliantGrant()],
    ];
    for (const policy of policies) {
      for (const [type, props] of stack) {
        expect((await run(policy, type, props)).violations, `${policy.name} on ${type}`).toEqual([]);
      }
    }
  });

  it("applies each Application policy to the Application only", async () => {
    for (const policy of [
      workerApplication,
      grantTypes,
      responseTypes,
      redirectUris,
      tokenEndpointAuth,
      adminOnlyAccess,
      refreshTokenDurations,
    ]) {
      expect(await run(policy, RESOURCE_TYPES.UserRoleAssignment, compliantRole())).toEqual({
        violations: [],
        notApplicable: "applies only to the PingOne Application resource (pingone:index:Application)",
      });
    }
  });

  it("cannot judge a value that is unknown during preview, and says which one", async () => {
    const app = compliantApp();
    // The SDK's marker for an unknown string in a preview.
    app.tokenEndpointAuthMethod = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    await expect(run(tokenEndpointAuth, APP, app)).rejects.toThrow(UnknownValueError);
    await expect(run(tokenEndpointAuth, APP, app)).rejects.toThrow(
      "string value at .tokenEndpointAuthMethod can't be known during preview",
    );
  });
});

describe("pingone-worker-application", () => {
  it("fires on a non-Worker type and a non-OIDC protocol", async () => {
    expect(await run(workerApplication, APP, { ...compliantApp(), type: "SINGLE_PAGE_APP", protocol: "SAML" })).toEqual(
      {
        violations: [
          'type is "SINGLE_PAGE_APP"; the StackOne application must be a "WORKER" application',
          'protocol is "SAML"; the StackOne application must use "OPENID_CONNECT"',
        ],
      },
    );
  });

  it("passes an application declaring WORKER / OPENID_CONNECT", async () => {
    expect(
      await run(workerApplication, APP, { ...compliantApp(), type: "WORKER", protocol: "OPENID_CONNECT" }),
    ).toEqual({
      violations: [],
    });
  });
});

describe("pingone-grant-types", () => {
  it("fires when a grant type is added", async () => {
    expect(
      await run(grantTypes, APP, {
        ...compliantApp(),
        grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "IMPLICIT"],
      }),
    ).toEqual({
      violations: [
        'grantTypes is ["AUTHORIZATION_CODE","REFRESH_TOKEN","IMPLICIT"]; it must be exactly ' +
          '["AUTHORIZATION_CODE","REFRESH_TOKEN"] (no other grant type)',
      ],
    });
  });

  it("finds the Application by the shape of its inputs under the SDK's default dynamic token", async () => {
    expect(
      await run(grantTypes, "pulumi-nodejs:dynamic:Resource", {
        ...compliantApp(),
        grantTypes: ["CLIENT_CREDENTIALS"],
      }),
    ).toEqual({
      violations: [
        'grantTypes is ["CLIENT_CREDENTIALS"]; it must be exactly ["AUTHORIZATION_CODE","REFRESH_TOKEN"] (no other grant type)',
      ],
    });
  });
});

describe("pingone-response-types", () => {
  it("fires when TOKEN is added", async () => {
    expect(await run(responseTypes, APP, { ...compliantApp(), responseTypes: ["CODE", "TOKEN"] })).toEqual({
      violations: ['responseTypes is ["CODE","TOKEN"]; it must be exactly ["CODE"]'],
    });
  });
});

describe("pingone-redirect-uris", () => {
  it("fires on a wildcard URI with wildcards allowed", async () => {
    expect(
      await run(redirectUris, APP, {
        ...compliantApp(),
        redirectUris: ["https://api.stackone.com/connect/oauth2/*/callback"],
        allowWildcardInRedirectUris: true,
      }),
    ).toEqual({
      violations: [
        'redirectUris contains the wildcard URI "https://api.stackone.com/connect/oauth2/*/callback"; wildcards are not allowed',
        `redirectUris is missing ["${STACKONE_CALLBACK_URI}"]; it must be exactly ["${STACKONE_CALLBACK_URI}"]`,
        "allowWildcardInRedirectUris is true; it must be false",
      ],
    });
  });

  it("takes the allowed list from the policy config", async () => {
    const config = { allowedRedirectUris: ["https://stackone.internal.example/callback"] };
    expect(await run(redirectUris, APP, compliantApp(), config)).toEqual({
      violations: [
        `redirectUris contains "${STACKONE_CALLBACK_URI}", which is not allowed; allowed: ["https://stackone.internal.example/callback"]`,
        'redirectUris is missing ["https://stackone.internal.example/callback"]; it must be exactly ' +
          '["https://stackone.internal.example/callback"]',
      ],
    });
    expect(
      await run(
        redirectUris,
        APP,
        { ...compliantApp(), redirectUris: ["https://stackone.internal.example/callback"] },
        config,
      ),
    ).toEqual({ violations: [] });
  });

  it("refuses a malformed config with a message naming the key", async () => {
    await expect(run(redirectUris, APP, compliantApp(), { allowedRedirectUris: "https://x" })).rejects.toThrow(
      'policy config allowedRedirectUris is "https://x"; it must be a non-empty list of URIs',
    );
  });
});

describe("pingone-token-endpoint-auth", () => {
  it("fires on CLIENT_SECRET_BASIC", async () => {
    expect(
      await run(tokenEndpointAuth, APP, { ...compliantApp(), tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC" }),
    ).toEqual({
      violations: [
        'tokenEndpointAuthMethod is "CLIENT_SECRET_BASIC"; StackOne sends the client secret in the token request ' +
          'body, so it must be "CLIENT_SECRET_POST"',
      ],
    });
  });
});

describe("pingone-admin-only-access", () => {
  it("fires when admin-only access is off", async () => {
    expect(await run(adminOnlyAccess, APP, { ...compliantApp(), adminOnlyAccess: false })).toEqual({
      violations: [
        "adminOnlyAccess is false; it must be true (accessControl.role.type ADMIN_USERS_ONLY), so only " +
          "administrators can sign in to the StackOne connection",
      ],
    });
  });
});

describe("pingone-refresh-token-durations", () => {
  it("fires when the duration exceeds the rolling duration", async () => {
    expect(
      await run(refreshTokenDurations, APP, {
        ...compliantApp(),
        refreshTokenDuration: 2_592_000,
        refreshTokenRollingDuration: 604_800,
      }),
    ).toEqual({
      violations: [
        "refreshTokenDuration (2592000 seconds) exceeds refreshTokenRollingDuration (604800 seconds); it must be " +
          "less than or equal to it",
      ],
    });
  });

  it("applies configured bounds", async () => {
    expect(
      await run(refreshTokenDurations, APP, compliantApp(), {
        maxRefreshTokenDurationSeconds: 86_400,
        maxRefreshTokenRollingDurationSeconds: 604_800,
      }),
    ).toEqual({
      violations: [
        "refreshTokenDuration is 2592000 seconds; allowed: 60..86400",
        "refreshTokenRollingDuration is 15552000 seconds; allowed: at most 604800",
      ],
    });
  });
});

describe("pingone-app-holds-no-roles", () => {
  it("fires on any application role assignment", async () => {
    const type = "pingone:index:ApplicationRoleAssignment";
    expect(
      await run(appHoldsNoRoles, type, { __provider: provider, applicationId: "app", roleName: "Environment Admin" }),
    ).toEqual({
      violations: [
        `${type} assigns roles to an application; the StackOne app must hold no roles (its admin rights come ` +
          "from the signed-in user, and roles on the app make its client secret unreadable to admins who lack them)",
      ],
    });
  });

  it("fires when the application would copy its creator's roles", async () => {
    expect(await run(appHoldsNoRoles, APP, { ...compliantApp(), assignActorRoles: true })).toEqual({
      violations: [
        "assignActorRoles is true; it must be false: the StackOne app holds no roles (roles on the app make its " +
          "client secret unreadable to admins who lack them)",
      ],
    });
  });

  it("leaves the user role assignment alone", async () => {
    expect(await run(appHoldsNoRoles, RESOURCE_TYPES.UserRoleAssignment, compliantRole())).toEqual({
      violations: [],
      notApplicable: "applies to the PingOne Application resource and to application role assignments",
    });
  });
});

describe("pingone-sign-in-user-role", () => {
  it("fires on Identity Data Admin at ORGANIZATION", async () => {
    expect(
      await run(signInUserRole, RESOURCE_TYPES.UserRoleAssignment, {
        ...compliantRole(),
        roleName: "Identity Data Admin",
        scopeType: "ORGANIZATION",
      }),
    ).toEqual({
      violations: [
        `the sign-in user's role is "Identity Data Admin" at scope "ORGANIZATION"; allowed: Environment Admin at ` +
          "ENVIRONMENT, Environment Admin at ORGANIZATION, Identity Data Admin at ENVIRONMENT, Organization Admin at " +
          "ORGANIZATION",
      ],
    });
  });

  it("checks the role given through the stack's sign-in group the same way", async () => {
    const groupRole = { environmentId: "e", groupId: "g", roleName: "Help Desk Admin", scopeType: "ENVIRONMENT" };
    expect(await run(signInUserRole, RESOURCE_TYPES.GroupRoleAssignment, groupRole)).toEqual({
      violations: [
        `the sign-in user's role is "Help Desk Admin" at scope "ENVIRONMENT"; allowed: Environment Admin at ` +
          "ENVIRONMENT, Environment Admin at ORGANIZATION, Identity Data Admin at ENVIRONMENT, Organization Admin at " +
          "ORGANIZATION",
      ],
    });
    expect(await run(signInUserRole, RESOURCE_TYPES.Group, { environmentId: "e", name: "n" })).toEqual({
      violations: [],
      notApplicable:
        "applies only to the PingOne UserRoleAssignment and GroupRoleAssignment resources (pingone:index:UserRoleAssignment, pingone:index:GroupRoleAssignment)",
    });
  });

  it("passes Organization Admin at ORGANIZATION", async () => {
    expect(
      await run(signInUserRole, RESOURCE_TYPES.UserRoleAssignment, {
        ...compliantRole(),
        roleName: "Organization Admin",
        scopeType: "ORGANIZATION",
      }),
    ).toEqual({ violations: [] });
  });
});

describe("pingone-openid-grant", () => {
  it("fires on a grant of PingOne API scopes", async () => {
    expect(
      await run(openidGrant, RESOURCE_TYPES.ResourceGrant, {
        ...compliantGrant(),
        resourceName: "PingOne API",
        scopes: ["p1:read:user"],
      }),
    ).toEqual({
      violations: [
        'resourceName is "PingOne API"; the StackOne app may only be granted scopes of the "openid" resource ' +
          "(admin rights come from the signed-in user's roles, not from scopes)",
        'scopes contains ["p1:read:user"]; allowed: ["openid","profile","email","address","phone"]',
      ],
    });
  });
});
