/**
 * Mocks tests of the StackOneWorkerApp component: the exact type, name, parent and inputs of every child, for the
 * guide's defaults and for each option, and the component's outputs with their secretness.
 *
 * The component is compiled with tsc and loaded through Node's own `require`, and `@pulumi/pulumi` comes through
 * that same `require`, so the mocks and the component share one SDK (as the program and the SDK do under the CLI).
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type * as PulumiModule from "@pulumi/pulumi";
import type * as ComponentModule from "./stackoneWorkerApp";

const ROOT = path.resolve(__dirname, "..");
const BUILD = path.join(ROOT, ".work", "test-build", "components-mocks");

const ENV = "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";
const USER = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
const GROUP_A = "11111111-2222-4333-8444-555555555555";
const GROUP_B = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const ADOPT = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
const STACKONE_CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom: boolean | undefined;
}

let pulumi: typeof PulumiModule;
let StackOneWorkerApp: typeof ComponentModule.StackOneWorkerApp;
const registrations: Registration[] = [];
/** `protect` of every registration request, by resource name. */
const protectedNames = new Map<string, boolean>();

/** The state each mocked PingOne resource returns: its inputs plus computed outputs derived from its name. */
function mockState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "pingone:index:Application": {
      const id = (inputs.adoptApplicationId as string | undefined) ?? `app-id-of-${name}`;
      return {
        id,
        state: { ...inputs, applicationId: id, clientId: id, adopted: inputs.adoptApplicationId !== undefined },
      };
    }
    case "pingone:index:ApplicationSecret":
      return { id: `secret-id-of-${name}`, state: { ...inputs, secret: `secret-value-of-${name}` } };
    case "pingone:index:ResourceGrant":
      return {
        id: `grant-id-of-${name}`,
        state: { ...inputs, grantId: `grant-id-of-${name}`, resourceId: "openid-resource-id", scopeIds: [] },
      };
    case "pingone:index:Group":
      return { id: `group-id-of-${name}`, state: { ...inputs, groupId: `group-id-of-${name}` } };
    case "pingone:index:GroupRoleAssignment":
      return {
        id: `assignment-id-of-${name}`,
        state: {
          ...inputs,
          assignmentId: `assignment-id-of-${name}`,
          roleId: `role-id-of-${String(inputs.roleName)}`,
          resolvedScopeId: inputs.scopeType === "ORGANIZATION" ? "organization-id" : inputs.environmentId,
          assignedScopeType: inputs.scopeType,
          adopted: false,
          readOnly: false,
        },
      };
    case "pingone:index:GroupMembership": {
      const user = (inputs.userId as string | undefined) ?? `user-id-of-${String(inputs.username)}`;
      return {
        id: `${String(inputs.environmentId)}/${user}/${String(inputs.groupId)}`,
        state: { ...inputs, resolvedUserId: user },
      };
    }
    default:
      return { id: `${name}-id`, state: inputs };
  }
}

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      path.join(ROOT, "components", "stackoneWorkerApp.ts"),
      ...["--outDir", BUILD, "--rootDir", ROOT, "--target", "ES2020", "--module", "commonjs"],
      ...["--moduleResolution", "node", "--esModuleInterop", "--skipLibCheck", "--noCheck", "--types", "node"],
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  const load = createRequire(path.join(BUILD, "components", "stackoneWorkerApp.js"));
  pulumi = load("@pulumi/pulumi") as typeof PulumiModule;
  // The mocks hand `newResource` no resource options: read `protect` off the registration request the engine gets.
  const mocks = load("@pulumi/pulumi/runtime/mocks") as {
    MockMonitor: {
      prototype: { registerResource(req: { getName(): string; getProtect(): boolean }, cb: unknown): unknown };
    };
  };
  const register = mocks.MockMonitor.prototype.registerResource;
  mocks.MockMonitor.prototype.registerResource = function (req, cb) {
    protectedNames.set(req.getName(), req.getProtect());
    return register.call(this, req, cb);
  };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom });
        return mockState(args.type, args.name, args.inputs);
      },
      call(args) {
        throw new Error(`unexpected call of ${args.token}`);
      },
    },
    "stackone-pingone",
    "test",
    false,
  );
  ({ StackOneWorkerApp } = load("./stackoneWorkerApp.js") as typeof ComponentModule);
}, 120_000);

function value<T>(output: PulumiModule.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Creates the component and waits until all six children have registered. */
async function build(name: string, args: ComponentModule.StackOneWorkerAppArgs) {
  const app = new StackOneWorkerApp(name, args);
  await Promise.all([value(app.clientSecret), value(app.scopes), value(app.signInUserId), value(app.urn)]);
  const children = registrations.filter((r) => r.name.startsWith(`${name}-`));
  const byName = (suffix: string) => {
    const found = children.filter((r) => r.name === `${name}-${suffix}`);
    expect(found).toHaveLength(1);
    return { type: found[0].type, name: found[0].name, custom: found[0].custom, inputs: found[0].inputs };
  };
  return {
    app,
    names: children.map((r) => r.name).sort(),
    application: byName("app"),
    secret: byName("secret"),
    grant: byName("openid-grant"),
    group: byName("signin-group"),
    admin: byName("signin-group-role"),
    membership: byName("signin-membership"),
  };
}

/** The guide's application inputs, with `overrides` on top. */
function guideApplication(overrides: Record<string, unknown> = {}) {
  return {
    environmentId: ENV,
    name: "StackOne Integration",
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2_592_000,
    refreshTokenRollingDuration: 15_552_000,
    redirectUris: [STACKONE_CALLBACK],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
    ...overrides,
  };
}

const CHILDREN = ["app", "secret", "openid-grant", "signin-group", "signin-group-role", "signin-membership"];

describe("StackOneWorkerApp protect", () => {
  it("protects every child (the application, its secret, its grant, the sign-in group, its role, the membership) when asked, and nothing by default", async () => {
    await build("guarded", { environmentId: ENV, signInUsername: "alice", protect: true });
    await build("plain", { environmentId: ENV, signInUsername: "alice" });
    const flags = (name: string) => Object.fromEntries(CHILDREN.map((c) => [c, protectedNames.get(`${name}-${c}`)]));
    expect(protectedNames.get("guarded")).toBe(false);
    expect(flags("guarded")).toEqual(Object.fromEntries(CHILDREN.map((c) => [c, true])));
    expect(flags("plain")).toEqual(Object.fromEntries(CHILDREN.map((c) => [c, false])));
  });

  it("refuses a protect that is not true or false", () => {
    expect(
      () =>
        new StackOneWorkerApp("bad-protect", { environmentId: ENV, signInUsername: "alice", protect: "yes" as never }),
    ).toThrow(
      'Invalid arguments for StackOneWorkerApp "bad-protect":\n  - protect: "yes" is not allowed; expected true or false',
    );
  });
});

describe("StackOneWorkerApp with the guide's defaults", () => {
  let built: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    built = await build("conn", { environmentId: ENV, signInUsername: "alice" });
  });

  it("creates exactly six children with stable names", () => {
    expect(built.names).toEqual([
      "conn-app",
      "conn-openid-grant",
      "conn-secret",
      "conn-signin-group",
      "conn-signin-group-role",
      "conn-signin-membership",
    ]);
  });

  it("creates the Worker application with every setting of the guide", () => {
    expect(built.application.type).toBe("pingone:index:Application");
    expect(built.application.custom).toBe(true);
    expect(built.application.inputs).toStrictEqual(guideApplication());
  });

  it("reveals the client secret without rotating it", () => {
    expect(built.secret.type).toBe("pingone:index:ApplicationSecret");
    expect(built.secret.inputs).toStrictEqual({ environmentId: ENV, applicationId: "app-id-of-conn-app" });
  });

  it("grants openid, profile and email on the openid resource", () => {
    expect(built.grant.type).toBe("pingone:index:ResourceGrant");
    expect(built.grant.inputs).toStrictEqual({
      environmentId: ENV,
      applicationId: "app-id-of-conn-app",
      resourceName: "openid",
      scopes: ["openid", "profile", "email"],
      removeOtherGrants: true,
    });
  });

  it("makes the sign-in user Environment Admin of the app's environment, through a group of the stack's own", () => {
    expect(built.group.type).toBe("pingone:index:Group");
    expect(built.group.inputs).toStrictEqual({
      environmentId: ENV,
      name: "StackOne Integration sign-in users",
      description:
        'Its members hold the admin role that StackOne\'s PingOne connection (application "StackOne Integration") needs: ' +
        "PingOne authorises StackOne's calls by the roles of the user who signed in. Managed by Pulumi; destroying the stack deletes this group.",
    });
    expect(built.admin.type).toBe("pingone:index:GroupRoleAssignment");
    expect(built.admin.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-conn-signin-group",
      roleName: "Environment Admin",
      scopeType: "ENVIRONMENT",
    });
    expect(built.membership.type).toBe("pingone:index:GroupMembership");
    expect(built.membership.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-conn-signin-group",
      username: "alice",
    });
  });

  it("parents every child to the component", async () => {
    const { app } = built;
    expect(await value(app.urn)).toBe("urn:pulumi:test::stackone-pingone::stackone:pingone:WorkerApp::conn");
    const prefix = "urn:pulumi:test::stackone-pingone::stackone:pingone:WorkerApp$pingone:index:";
    expect(await value(app.application.urn)).toBe(`${prefix}Application::conn-app`);
    expect(await value(app.secret.urn)).toBe(`${prefix}ApplicationSecret::conn-secret`);
    expect(await value(app.openidGrant.urn)).toBe(`${prefix}ResourceGrant::conn-openid-grant`);
    expect(await value(app.signInGroup.urn)).toBe(`${prefix}Group::conn-signin-group`);
    expect(await value(app.signInGroupRole.urn)).toBe(`${prefix}GroupRoleAssignment::conn-signin-group-role`);
    expect(await value(app.signInMembership.urn)).toBe(`${prefix}GroupMembership::conn-signin-membership`);
  });

  it("outputs what StackOne needs, the secret ones as secrets", async () => {
    const { app } = built;
    expect({
      environmentId: await value(app.environmentId),
      clientId: await value(app.clientId),
      clientSecret: await value(app.clientSecret),
      applicationId: await value(app.applicationId),
      signInUserId: await value(app.signInUserId),
      signInGroupId: await value(app.signInGroupId),
      roleAssignmentId: await value(app.roleAssignmentId),
      adminRole: await value(app.adminRole),
      adminRoleName: await value(app.adminRoleName),
      adminScopeType: await value(app.adminScopeType),
      scopes: await value(app.scopes),
      authorizationUrl: await value(app.authorizationUrl),
      tokenUrl: await value(app.tokenUrl),
      stackOneConnection: await value(app.stackOneConnection),
    }).toEqual({
      environmentId: ENV,
      clientId: "app-id-of-conn-app",
      clientSecret: "secret-value-of-conn-secret",
      applicationId: "app-id-of-conn-app",
      signInUserId: "user-id-of-alice",
      signInGroupId: "group-id-of-conn-signin-group",
      roleAssignmentId: "assignment-id-of-conn-signin-group-role",
      adminRole: "EnvironmentAdmin",
      adminRoleName: "Environment Admin",
      adminScopeType: "ENVIRONMENT",
      scopes: ["openid", "profile", "email"],
      authorizationUrl: `https://auth.pingone.com/${ENV}/as/authorize`,
      tokenUrl: `https://auth.pingone.com/${ENV}/as/token`,
      stackOneConnection: {
        environmentId: ENV,
        clientId: "app-id-of-conn-app",
        clientSecret: "secret-value-of-conn-secret",
      },
    });
    expect(await pulumi.isSecret(app.clientSecret)).toBe(true);
    expect(await pulumi.isSecret(app.stackOneConnection)).toBe(true);
    expect(await pulumi.isSecret(app.clientId)).toBe(false);
    expect(await pulumi.isSecret(app.environmentId)).toBe(false);
    expect(await pulumi.isSecret(app.authorizationUrl)).toBe(false);
  });
});

describe("StackOneWorkerApp options", () => {
  it("makes the user Identity Data Admin of the environment on request, by id", async () => {
    const { admin, membership, app } = await build("ida", {
      environmentId: ENV,
      signInUserId: USER,
      adminRole: "IdentityDataAdmin",
    });
    expect(admin.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-ida-signin-group",
      roleName: "Identity Data Admin",
      scopeType: "ENVIRONMENT",
    });
    expect(membership.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-ida-signin-group",
      userId: USER,
    });
    expect([await value(app.signInUserId), await value(app.adminRole), await value(app.adminScopeType)]).toEqual([
      USER,
      "IdentityDataAdmin",
      "ENVIRONMENT",
    ]);
  });

  it("makes the user Organization Admin of the environment's organization on request", async () => {
    const { admin, membership, app } = await build("org", {
      environmentId: ENV,
      signInUsername: "bob",
      adminRole: "OrganizationAdmin",
    });
    expect(admin.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-org-signin-group",
      roleName: "Organization Admin",
      scopeType: "ORGANIZATION",
    });
    expect(membership.inputs).toStrictEqual({
      environmentId: ENV,
      groupId: "group-id-of-org-signin-group",
      username: "bob",
    });
    expect([await value(app.adminRoleName), await value(app.adminScopeType)]).toEqual([
      "Organization Admin",
      "ORGANIZATION",
    ]);
  });

  it("grants the scopes asked for, in the order given", async () => {
    const { grant, application } = await build("scopes", {
      environmentId: ENV,
      signInUsername: "alice",
      scopes: ["email", "openid", "address", "phone"],
    });
    expect(grant.inputs).toStrictEqual({
      environmentId: ENV,
      applicationId: "app-id-of-scopes-app",
      resourceName: "openid",
      scopes: ["email", "openid", "address", "phone"],
      removeOtherGrants: true,
    });
    expect(application.inputs).toStrictEqual(guideApplication());
  });

  it("restricts access to groups: ANY_GROUP by default, ALL_GROUPS on request", async () => {
    const any = await build("grp-any", { environmentId: ENV, signInUsername: "alice", groups: [GROUP_A, GROUP_B] });
    expect(any.application.inputs).toStrictEqual(
      guideApplication({ groupMembershipPolicy: { type: "ANY_GROUP", groupIds: [GROUP_A, GROUP_B] } }),
    );
    const all = await build("grp-all", {
      environmentId: ENV,
      signInUsername: "alice",
      groups: [GROUP_B],
      groupPolicy: "ALL_GROUPS",
    });
    expect(all.application.inputs).toStrictEqual(
      guideApplication({ groupMembershipPolicy: { type: "ALL_GROUPS", groupIds: [GROUP_B] } }),
    );
  });

  it("names, describes and decorates the application", async () => {
    const { application } = await build("deco", {
      environmentId: ENV,
      signInUsername: "alice",
      appName: "StackOne (HR sync)",
      description: "StackOne reads employees",
      iconPath: "assets/stackone.png",
      enabled: false,
      pkceEnforcement: "S256_REQUIRED",
      redirectUri: "https://api.eu.stackone.com/connect/oauth2/pingone/callback",
    });
    expect(application.inputs).toStrictEqual(
      guideApplication({
        name: "StackOne (HR sync)",
        description: "StackOne reads employees",
        icon: { filePath: "assets/stackone.png" },
        enabled: false,
        pkceEnforcement: "S256_REQUIRED",
        redirectUris: ["https://api.eu.stackone.com/connect/oauth2/pingone/callback"],
      }),
    );
  });

  it("converts refresh token durations from days to seconds and passes the grace period", async () => {
    const { application } = await build("durations", {
      environmentId: ENV,
      signInUsername: "alice",
      refreshTokenDurationDays: 7,
      refreshTokenRollingDurationDays: 7,
      refreshTokenRollingGracePeriodSeconds: 0,
    });
    expect(application.inputs).toStrictEqual(
      guideApplication({
        refreshTokenDuration: 604_800,
        refreshTokenRollingDuration: 604_800,
        refreshTokenRollingGracePeriodDuration: 0,
      }),
    );
  });

  it("rotates the secret on demand, keeping the previous one for the overlap", async () => {
    const { secret } = await build("rotate", {
      environmentId: ENV,
      signInUsername: "alice",
      secretRotation: { trigger: "2026-11-28", keepPreviousForSeconds: 3600 },
    });
    expect(secret.inputs).toStrictEqual({
      environmentId: ENV,
      applicationId: "app-id-of-rotate-app",
      rotationTrigger: "2026-11-28",
      previousSecretOverlapSeconds: 3600,
    });
    const { secret: now } = await build("rotate-now", {
      environmentId: ENV,
      signInUsername: "alice",
      secretRotation: { trigger: "r1" },
    });
    expect(now.inputs).toStrictEqual({
      environmentId: ENV,
      applicationId: "app-id-of-rotate-now-app",
      rotationTrigger: "r1",
    });
  });

  it("adopts an existing application by id", async () => {
    const { application, secret, app } = await build("adopt", {
      environmentId: ENV,
      signInUsername: "alice",
      adoptApplicationId: ADOPT,
    });
    expect(application.inputs).toStrictEqual(guideApplication({ adoptApplicationId: ADOPT }));
    expect(secret.inputs).toStrictEqual({ environmentId: ENV, applicationId: ADOPT });
    expect(await value(app.clientId)).toBe(ADOPT);
  });

  it("computes the OAuth endpoints of the region, or of an auth URL override", async () => {
    const eu = new StackOneWorkerApp("eu", { environmentId: ENV, signInUsername: "alice", regionCode: "EU" });
    expect([await value(eu.authorizationUrl), await value(eu.tokenUrl)]).toEqual([
      `https://auth.pingone.eu/${ENV}/as/authorize`,
      `https://auth.pingone.eu/${ENV}/as/token`,
    ]);
    const local = new StackOneWorkerApp("local", {
      environmentId: ENV,
      signInUsername: "alice",
      regionCode: "AU",
      authUrl: "http://127.0.0.1:4010/",
    });
    expect(await value(local.tokenUrl)).toBe(`http://127.0.0.1:4010/${ENV}/as/token`);
    await value(local.clientSecret);
    await value(eu.clientSecret);
  });

  it("accepts outputs as arguments and never mutates its arguments", async () => {
    const args = {
      environmentId: pulumi.output(ENV),
      signInUsername: "alice",
      scopes: [pulumi.output("openid")],
      groups: [GROUP_A],
    };
    const before = { ...args, scopes: [...args.scopes], groups: [...args.groups] };
    const { grant, application } = await build("inputs", args);
    expect(grant.inputs.scopes).toEqual(["openid"]);
    expect(application.inputs.environmentId).toBe(ENV);
    expect(args).toEqual(before);
    expect(args.groups).toEqual([GROUP_A]);
  });
});

describe("StackOneWorkerApp with invalid arguments", () => {
  it("throws every problem, naming each argument, before registering anything", () => {
    expect(
      () =>
        new StackOneWorkerApp("bad", {
          environmentId: "prod",
          signInUsername: "alice",
          signInUserId: USER,
          scopes: ["openid", "p1:read:user"],
          refreshTokenDurationDays: 365,
        }),
    ).toThrow(
      [
        'Invalid arguments for StackOneWorkerApp "bad":',
        '  - environmentId: "prod" is not a PingOne id; expected the id of the PingOne environment that holds the ' +
          "application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
        "  - refreshTokenDurationDays: 365 exceeds refreshTokenRollingDurationDays (180, the default); expected a " +
          "duration no longer than the rolling duration",
        '  - scopes: ["openid","p1:read:user"] includes "p1:read:user"; expected a list of scopes of the openid ' +
          'resource (openid, profile, email, address, phone) that includes "openid"',
        `  - signInUsername, signInUserId: both are given ("alice", "${USER}"); expected exactly one`,
      ].join("\n"),
    );
    expect(registrations.filter((r) => r.name === "bad" || r.name.startsWith("bad-"))).toEqual([]);
  });

  it("throws a RunError, which Pulumi reports without a stack trace", () => {
    let caught: unknown;
    try {
      new StackOneWorkerApp("invalid-role", {
        environmentId: ENV,
        signInUsername: "alice",
        adminRole: "Root" as never,
      });
    } catch (error) {
      caught = error;
    }
    expect(pulumi.RunError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      'Invalid arguments for StackOneWorkerApp "invalid-role":\n' +
        '  - adminRole: "Root" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
    );
  });
});
