import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { describe, expect, it } from "vitest";
import type { PingOneApi } from "../client/api";
import type { Application } from "../client/types";
import {
  applicationToOutputs,
  buildCreateBody,
  buildUpdateBody,
  createApplication,
  diffApplication,
  notWorkerKind,
  notWorkerWarning,
  pingOneRedirectUriProblem as redirectUriProblem,
  validateApplicationInputs,
} from "./application";
const validateInDir = validateApplicationInputs;
import { UNKNOWN_VALUE } from "./common";
import { ownerMarker } from "./ownership";
import type { ApplicationInputs, ApplicationOutputs } from "./model";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";
const URN = "urn:pulumi:dev::stackone-pingone::pingone:index:Application::app";
const MARKER = ownerMarker(URN);

function inputs(overrides: Partial<ApplicationInputs> = {}): ApplicationInputs {
  return {
    environmentId: ENV,
    name: "StackOne Integration",
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2592000,
    refreshTokenRollingDuration: 15552000,
    redirectUris: [CALLBACK],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
    ...overrides,
  };
}

function outputs(overrides: Partial<ApplicationOutputs> = {}): ApplicationOutputs {
  return { ...inputs(), applicationId: APP, clientId: APP, adopted: false, ...overrides };
}

const asRecord = (i: unknown) => i as Record<string, unknown>;

describe("validateApplicationInputs", () => {
  it("accepts the StackOne settings", () => {
    expect(validateApplicationInputs(asRecord(inputs()))).toEqual([]);
  });

  it("names the field, the value and what is allowed for every bad enum", () => {
    const failures = validateApplicationInputs(
      asRecord(
        inputs({
          pkceEnforcement: "SOMETIMES" as never,
          refreshTokenType: "JWT" as never,
          tokenEndpointAuthMethod: "BASIC" as never,
          grantTypes: ["AUTHORIZATION_CODE", "PASSWORD" as never],
        }),
      ),
    );
    expect(failures).toEqual([
      {
        property: "grantTypes[1]",
        reason:
          'grantTypes[1] was "PASSWORD"; allowed: AUTHORIZATION_CODE, IMPLICIT, REFRESH_TOKEN, CLIENT_CREDENTIALS, DEVICE_CODE, TOKEN_EXCHANGE, CIBA',
      },
      {
        property: "pkceEnforcement",
        reason: 'pkceEnforcement was "SOMETIMES"; allowed: OPTIONAL, REQUIRED, S256_REQUIRED',
      },
      { property: "refreshTokenType", reason: 'refreshTokenType was "JWT"; allowed: JSON_WEB_TOKEN, OPAQUE_TOKEN' },
      {
        property: "tokenEndpointAuthMethod",
        reason:
          'tokenEndpointAuthMethod was "BASIC"; allowed: NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT, CLIENT_SECRET_JWT',
      },
    ]);
  });

  it("refuses CODE with TOKEN or ID_TOKEN", () => {
    expect(validateApplicationInputs(asRecord(inputs({ responseTypes: ["CODE", "ID_TOKEN"] })))).toEqual([
      {
        property: "responseTypes",
        reason:
          'responseTypes was ["CODE","ID_TOKEN"]; CODE cannot be combined with TOKEN or ID_TOKEN — use ["CODE"] alone, or TOKEN and/or ID_TOKEN',
      },
    ]);
  });

  it("checks refresh token ranges and duration ≤ rolling duration", () => {
    expect(validateApplicationInputs(asRecord(inputs({ refreshTokenDuration: 59 })))).toEqual([
      {
        property: "refreshTokenDuration",
        reason: "refreshTokenDuration was 59; an integer number of seconds from 60 to 2147483647 is allowed",
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ refreshTokenRollingDuration: 2147483648 })))).toEqual([
      {
        property: "refreshTokenRollingDuration",
        reason:
          "refreshTokenRollingDuration was 2147483648; an integer number of seconds from 60 to 2147483647 is allowed",
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ refreshTokenDuration: 15552001 })))).toEqual([
      {
        property: "refreshTokenDuration",
        reason: "refreshTokenDuration was 15552001; it must not exceed refreshTokenRollingDuration (15552000)",
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ refreshTokenRollingGracePeriodDuration: 86401 })))).toEqual([
      {
        property: "refreshTokenRollingGracePeriodDuration",
        reason:
          "refreshTokenRollingGracePeriodDuration was 86401; an integer number of seconds from 0 to 86400 is allowed (omit it for PingOne's default)",
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ refreshTokenDuration: 600.5 })))[0].property).toBe(
      "refreshTokenDuration",
    );
  });

  it("checks redirect URIs: https, custom schemes, http only on loopback, wildcards only when allowed", () => {
    expect(
      validateApplicationInputs(
        asRecord(
          inputs({
            redirectUris: [
              CALLBACK,
              "com.example.app:/callback",
              "http://localhost:3000/cb",
              "http://127.0.0.1/cb",
              "http://example.com/cb",
              "https://*.example.com/cb",
              "/relative",
              "https://example.com/cb#frag",
            ],
          }),
        ),
      ),
    ).toEqual([
      {
        property: "redirectUris[4]",
        reason:
          'redirectUris[4] was "http://example.com/cb"; http is allowed only for localhost and 127.0.0.1; use https',
      },
      {
        property: "redirectUris[5]",
        reason:
          'redirectUris[5] was "https://*.example.com/cb"; wildcards (*) are allowed only when allowWildcardInRedirectUris is true',
      },
      {
        property: "redirectUris[6]",
        reason:
          'redirectUris[6] was "/relative"; it must be an absolute URI: https://…, a custom scheme (com.example.app:/callback), or http://localhost / http://127.0.0.1',
      },
      {
        property: "redirectUris[7]",
        reason: 'redirectUris[7] was "https://example.com/cb#frag"; it must not contain a fragment (#)',
      },
    ]);
    expect(redirectUriProblem("https://*.example.com/cb", true)).toBeUndefined();
    expect(redirectUriProblem("javascript:alert(1)", false)).toBe("the javascript: scheme is not allowed");
  });

  it("requires adminOnlyAccess true (PingOne forces it on WORKER apps)", () => {
    expect(validateApplicationInputs(asRecord(inputs({ adminOnlyAccess: false })))).toEqual([
      {
        property: "adminOnlyAccess",
        reason:
          "adminOnlyAccess was false; PingOne always restricts WORKER applications to administrators (it reads them back with ADMIN_USERS_ONLY), so only true is allowed",
      },
    ]);
  });

  it("checks the group policy shape and the adopt id", () => {
    expect(
      validateApplicationInputs(
        asRecord(
          inputs({
            groupMembershipPolicy: { type: "SOME_GROUP" as never, groupIds: [] },
            adoptApplicationId: "not-a-uuid",
          }),
        ),
      ),
    ).toEqual([
      {
        property: "groupMembershipPolicy.type",
        reason: 'groupMembershipPolicy.type was "SOME_GROUP"; allowed: ANY_GROUP, ALL_GROUPS',
      },
      {
        property: "groupMembershipPolicy.groupIds",
        reason: "groupMembershipPolicy.groupIds was []; a list of at least one non-empty group id is required",
      },
      {
        property: "adoptApplicationId",
        reason: 'adoptApplicationId was "not-a-uuid"; an application id (UUID, 8-4-4-4-12 hex digits) is required',
      },
    ]);
  });

  it("checks the icon file: existence, size, magic bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "icon-"));
    const png = join(dir, "icon.png");
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    const text = join(dir, "icon.txt");
    writeFileSync(text, "not an image");
    const big = join(dir, "big.gif");
    writeFileSync(big, Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(1024 * 1024)]));
    const validateApplicationInputs = (i: Record<string, unknown>) => validateInDir(i, dir);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: png } })))).toEqual([]);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: "icon.png" } })))).toEqual([]);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: join(dir, "missing.png") } })))).toEqual([
      {
        property: "icon.filePath",
        reason: `icon.filePath was ${JSON.stringify(join(dir, "missing.png"))}; no such file`,
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: text } })))).toEqual([
      {
        property: "icon.filePath",
        reason: `icon.filePath was ${JSON.stringify(text)}; the file is not a PNG, JPEG or GIF image`,
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: big } })))).toEqual([
      {
        property: "icon.filePath",
        reason: `icon.filePath was ${JSON.stringify(big)}; the file is 1048582 bytes, at most 1048576 (1 MB) is allowed`,
      },
    ]);
    expect(validateApplicationInputs(asRecord(inputs({ icon: { filePath: png, id: "x" } as never })))[0].property).toBe(
      "icon",
    );
  });

  it("reads an icon only inside the project directory: no way out by .., an absolute path or a symbolic link", () => {
    const root = mkdtempSync(join(tmpdir(), "project-"));
    const outside = mkdtempSync(join(tmpdir(), "elsewhere-"));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    writeFileSync(join(outside, "secret.png"), png);
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "assets", "icon.png"), png);
    symlinkSync(join(outside, "secret.png"), join(root, "assets", "escape.png"));
    symlinkSync(outside, join(root, "linked-dir"));
    symlinkSync(join(root, "assets", "icon.png"), join(root, "inside.png"));
    const check = (filePath: string) => validateApplicationInputs(asRecord(inputs({ icon: { filePath } })), root);
    const refused = (filePath: string, how: string) => [
      {
        property: "icon.filePath",
        reason: `icon.filePath was ${JSON.stringify(filePath)}; it ${how}: only files inside the project directory are read`,
      },
    ];
    expect(check("assets/icon.png")).toEqual([]);
    expect(check("inside.png")).toEqual([]); // a link that stays inside is fine
    expect(check(join(root, "assets", "icon.png"))).toEqual([]);
    expect(check("../../../etc/passwd")).toEqual(refused("../../../etc/passwd", "is outside the project directory"));
    expect(check(join(outside, "secret.png"))).toEqual(
      refused(join(outside, "secret.png"), "is outside the project directory"),
    );
    expect(check("/etc/passwd")).toEqual(refused("/etc/passwd", "is outside the project directory"));
    expect(check("assets/../../x.png")).toEqual(refused("assets/../../x.png", "is outside the project directory"));
    expect(check("assets/escape.png")).toEqual(
      refused("assets/escape.png", "leads (through a symbolic link) outside the project directory"),
    );
    expect(check("linked-dir/secret.png")).toEqual(
      refused("linked-dir/secret.png", "leads (through a symbolic link) outside the project directory"),
    );
    expect(check(".")).toEqual(refused(".", "is outside the project directory"));
    expect(check("assets/\u0000.png")).toEqual([
      {
        property: "icon.filePath",
        reason:
          'icon.filePath was "assets/\\u0000.png"; it contains a control character: only files inside the project directory are read',
      },
    ]);
  });

  it("refuses application names PingOne refuses or shows as nothing: controls, invisible-only, over 256 characters", () => {
    const allowed =
      "expected a name of 1 to 256 characters with at least one visible character and no control characters";
    const nameFailure = (name: unknown) =>
      validateApplicationInputs(asRecord(inputs({ name: name as string }))).filter((f) => f.property === "name");
    expect(nameFailure("StackOne Integration")).toEqual([]);
    expect(nameFailure("Intégration StackOne ✓")).toEqual([]);
    expect(nameFailure("x".repeat(256))).toEqual([]);
    expect(nameFailure("Stack\u0007One")).toEqual([
      { property: "name", reason: `name was "Stack\\u0007One"; it contains the control character U+0007; ${allowed}` },
    ]);
    expect(nameFailure("Stack\nOne")).toEqual([
      { property: "name", reason: `name was "Stack\\nOne"; it contains the control character U+000A; ${allowed}` },
    ]);
    expect(nameFailure("\u200b\u200d\u2060")).toEqual([
      { property: "name", reason: `name was "\\u200B\\u200D\\u2060"; it has no visible character; ${allowed}` },
    ]);
    expect(nameFailure(" \u3164 ")).toEqual([
      { property: "name", reason: `name was " \\u3164 "; it has no visible character; ${allowed}` },
    ]);
    expect(nameFailure("")).toEqual([{ property: "name", reason: `name was ""; it is empty; ${allowed}` }]);
    expect(nameFailure("x".repeat(257))).toEqual([
      { property: "name", reason: `name was "${"x".repeat(196)}...; it is 257 characters long; ${allowed}` },
    ]);
  });

  it("refuses a redirect URI carrying user information, without showing it", () => {
    expect(
      validateApplicationInputs(asRecord(inputs({ redirectUris: ["https://user:hunter2@api.stackone.com/cb"] }))),
    ).toEqual([
      {
        property: "redirectUris[0]",
        reason:
          'redirectUris[0] was "https://***@api.stackone.com/cb"; it carries user information (user:password@ before the host); ' +
          "expected a redirect URI without user information",
      },
    ]);
    expect(redirectUriProblem("com.example.app://me@callback", false)).toBe(
      "it carries user information (user:password@ before the host); expected a redirect URI without user information",
    );
    expect(redirectUriProblem("https://api.stackone.com/cb?next=a@b", false)).toBeUndefined();
  });

  it("does not judge values unknown during preview", () => {
    expect(
      validateApplicationInputs(
        asRecord(inputs({ environmentId: UNKNOWN_VALUE, redirectUris: [UNKNOWN_VALUE], name: UNKNOWN_VALUE })),
      ),
    ).toEqual([]);
  });
});

describe("payloads", () => {
  it("POST body: every owned field, WORKER + OPENID_CONNECT, assignActorRoles false", () => {
    expect(
      buildCreateBody(
        inputs({ description: "d", groupMembershipPolicy: { type: "ANY_GROUP", groupIds: ["g2", "g1"] } }),
        undefined,
        MARKER,
      ),
    ).toEqual({
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      description: `d\n\n${MARKER}`,
      accessControl: {
        role: { type: "ADMIN_USERS_ONLY" },
        group: { type: "ANY_GROUP", groups: [{ id: "g1" }, { id: "g2" }] },
      },
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      redirectUris: [CALLBACK],
      allowWildcardInRedirectUris: false,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
      assignActorRoles: false,
    });
  });

  it("PUT body keeps server-managed fields, drops read-only ones, clears owned optional fields left out", () => {
    const live: Application = {
      id: APP,
      environment: { id: ENV },
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-02T00:00:00Z",
      _links: { self: { href: "x" } },
      name: "old",
      description: "old description",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: false,
      tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      refreshTokenRollingGracePeriodDuration: 30,
      accessControl: { role: { type: "ADMIN_USERS_ONLY" }, group: { type: "ALL_GROUPS", groups: [{ id: "g" }] } },
      hiddenFromAppPortal: true,
      tags: ["x"],
    };
    expect(buildUpdateBody(live, inputs())).toEqual({
      hiddenFromAppPortal: true,
      tags: ["x"],
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      redirectUris: [CALLBACK],
      allowWildcardInRedirectUris: false,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
    });
  });
});

describe("diffApplication", () => {
  it("reordering sets is no change", () => {
    const olds = outputs({
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      redirectUris: ["https://a.example/cb", CALLBACK],
      groupMembershipPolicy: { type: "ANY_GROUP", groupIds: ["a", "b"] },
    });
    const news = inputs({
      grantTypes: ["REFRESH_TOKEN", "AUTHORIZATION_CODE"],
      redirectUris: [CALLBACK, "https://a.example/cb"],
      groupMembershipPolicy: { type: "ANY_GROUP", groupIds: ["b", "a"] },
    });
    expect(diffApplication(olds, news)).toEqual({ changes: [], replaces: [] });
  });

  it("an application recorded as no longer an OIDC Worker is replaced, deleted first, whatever else changed", () => {
    expect(diffApplication(outputs({ notWorker: "OPENID_CONNECT WEB_APP" }), inputs())).toEqual({
      changes: ["notWorker"],
      replaces: ["notWorker"],
      deleteBeforeReplace: true,
      removedOutputs: ["notWorker"],
    });
    expect([
      notWorkerKind({ protocol: "OPENID_CONNECT", type: "WORKER" }),
      notWorkerKind({ protocol: "OPENID_CONNECT", type: "WEB_APP" }),
    ]).toEqual([undefined, "OPENID_CONNECT WEB_APP"]);
    expect(
      notWorkerWarning({ name: "StackOne Integration", applicationId: "app-1", notWorker: "OPENID_CONNECT WEB_APP" }),
    ).toBe(
      'application "StackOne Integration" (app-1) is no longer an OIDC Worker application: PingOne holds it as OPENID_CONNECT WEB_APP. ' +
        "StackOne's connection needs an OPENID_CONNECT WORKER application, and PingOne cannot change an application's type in place: " +
        "`pulumi up` replaces it (deletes it, then creates a Worker application of the same name, with a new client ID and secret, which reach the outputs).",
    );
  });

  it("reports changed owned fields; environmentId replaces", () => {
    expect(diffApplication(outputs(), inputs({ name: "x", refreshTokenDuration: 60 }))).toEqual({
      changes: ["name", "refreshTokenDuration"],
      replaces: [],
    });
    expect(diffApplication(outputs(), inputs({ environmentId: "33333333-3333-4333-8333-333333333333" }))).toEqual({
      changes: ["environmentId"],
      replaces: ["environmentId"],
    });
  });

  it("adoptApplicationId replaces only when it names another application", () => {
    const other = "44444444-4444-4444-8444-444444444444";
    expect(diffApplication(outputs(), inputs({ adoptApplicationId: APP }))).toEqual({ changes: [], replaces: [] });
    expect(diffApplication(outputs({ adoptApplicationId: APP, adopted: true }), inputs())).toEqual({
      changes: [],
      replaces: [],
    });
    expect(diffApplication(outputs(), inputs({ adoptApplicationId: other }))).toEqual({
      changes: ["adoptApplicationId"],
      replaces: ["adoptApplicationId"],
    });
  });

  it("treats unknown values as changes, and an unknown environment as a replacement", () => {
    expect(diffApplication(outputs(), inputs({ environmentId: UNKNOWN_VALUE, name: UNKNOWN_VALUE }))).toEqual({
      changes: ["environmentId", "name"],
      replaces: ["environmentId"],
    });
  });

  it("icon: a changed file behind the same path is a change", () => {
    const olds = {
      ...outputs({ icon: { filePath: "/i.png" }, iconImage: { id: "img", href: "https://x/i.png" } }),
      iconSha256: "aa",
    };
    expect(diffApplication(olds, inputs({ icon: { filePath: "/i.png" } }), "aa").changes).toEqual([]);
    expect(diffApplication(olds, inputs({ icon: { filePath: "/i.png" } }), "bb").changes).toEqual(["icon"]);
    expect(diffApplication(olds, inputs()).changes).toEqual(["icon"]);
  });
});

describe("applicationToOutputs", () => {
  it("maps the live app, keeps the recorded order of sets, and defaults left to PingOne stay omitted", () => {
    const live: Application = {
      ...buildCreateBody(inputs({ redirectUris: ["https://b.example/cb", CALLBACK] }), undefined, MARKER),
      id: APP,
      environment: { id: ENV },
      redirectUris: [CALLBACK, "https://b.example/cb"],
      refreshTokenRollingGracePeriodDuration: 0,
    };
    delete live.assignActorRoles;
    expect(
      applicationToOutputs(live, ENV, inputs({ redirectUris: ["https://b.example/cb", CALLBACK] }), { adopted: false }),
    ).toEqual({
      ...inputs({ redirectUris: ["https://b.example/cb", CALLBACK] }),
      applicationId: APP,
      clientId: APP,
      adopted: false,
    });
  });
});

describe("createApplication (adoption)", () => {
  function fakeApi(app: Partial<Application> | undefined, calls: unknown[]): PingOneApi {
    return {
      async getApplication(envId: string, id: string) {
        calls.push(["getApplication", envId, id]);
        return app ? ({ id, environment: { id: envId }, ...app } as Application) : undefined;
      },
      async updateApplication(envId: string, id: string, body: Record<string, unknown>) {
        calls.push(["updateApplication", envId, id, body]);
        return { ...body, id, environment: { id: envId } } as Application;
      },
    } as unknown as PingOneApi;
  }

  it("refuses an application that is not an OIDC WORKER app, without writing", async () => {
    const calls: unknown[] = [];
    const api = fakeApi({ name: "Portal", type: "WEB_APP", protocol: "OPENID_CONNECT" }, calls);
    await expect(createApplication(api, inputs({ adoptApplicationId: APP }), URN)).rejects.toThrow(
      `adoptApplicationId was "${APP}"; that application is OPENID_CONNECT WEB_APP ("Portal"), only an OPENID_CONNECT WORKER application can be adopted`,
    );
    expect(calls).toEqual([["getApplication", ENV, APP]]);
  });

  it("refuses a missing application", async () => {
    await expect(createApplication(fakeApi(undefined, []), inputs({ adoptApplicationId: APP }), URN)).rejects.toThrow(
      `adoptApplicationId was "${APP}"; no application with that id exists in environment ${ENV}`,
    );
  });

  it("converges an adopted WORKER app with a PUT and marks it adopted", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(
      {
        name: "Old",
        type: "WORKER",
        protocol: "OPENID_CONNECT",
        enabled: false,
        tokenEndpointAuthMethod: "NONE",
        tags: ["t"],
      },
      calls,
    );
    const out = await createApplication(api, inputs({ adoptApplicationId: APP }), URN);
    expect(out).toEqual({ ...inputs({ adoptApplicationId: APP }), applicationId: APP, clientId: APP, adopted: true });
    expect(calls[1]).toEqual([
      "updateApplication",
      ENV,
      APP,
      { tags: ["t"], ...buildUpdateBody({} as Application, inputs(), undefined, MARKER) },
    ]);
  });
});

describe("createApplication (two stacks racing for one name)", () => {
  /**
   * One environment shared by two creates. Each create's POST waits until the other's POST has arrived as well, so
   * both first lists find the name free and both second lists find both applications: the interleaving in which
   * each create sees the other's application, which a real run produces only by chance.
   */
  function sharedWorld(log: string[]) {
    const apps: Application[] = [];
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothPosted = new Promise<void>((r) => (release = r));
    const api = (who: string) =>
      ({
        async listApplications() {
          log.push(`${who} list ${apps.length}`);
          return apps.map((a) => ({ ...a }));
        },
        async createApplication(envId: string, body: Application) {
          const app = {
            ...body,
            id: `app-${who}`,
            environment: { id: envId },
            createdAt: `2026-06-01T00:00:0${apps.length}Z`,
          } as Application;
          delete (app as { assignActorRoles?: boolean }).assignActorRoles;
          apps.push(app);
          log.push(`${who} POST`);
          if (++arrived === 2) release();
          await bothPosted;
          return app;
        },
        async deleteApplication(_envId: string, id: string) {
          log.push(`${who} DELETE ${id}`);
          apps.splice(
            apps.findIndex((a) => a.id === id),
            1,
          );
        },
      }) as unknown as PingOneApi;
    return { apps, api };
  }

  it("each sees the other's application after its POST: each deletes only its own, both fail naming the other, none survives", async () => {
    const log: string[] = [];
    const world = sharedWorld(log);
    const urnOf = (stack: string) => `urn:pulumi:${stack}::stackone-pingone::pingone:index:Application::app`;
    const [a, b] = await Promise.allSettled([
      createApplication(world.api("a"), inputs(), urnOf("a")),
      createApplication(world.api("b"), inputs(), urnOf("b")),
    ]);
    expect(world.apps).toEqual([]);
    expect(log.filter((l) => l.includes("DELETE")).sort()).toEqual(["a DELETE app-a", "b DELETE app-b"]);
    expect(a.status === "rejected" && (a.reason as Error).message).toBe(
      `An application named "StackOne Integration" already exists in environment ${ENV} (app-b, created 2026-06-01T00:00:01Z); ` +
        "another writer created it while this create ran; application names are kept unique in an environment, so the application app-a this create made was deleted",
    );
    expect(b.status === "rejected" && (b.reason as Error).message).toBe(
      `An application named "StackOne Integration" already exists in environment ${ENV} (app-a, created 2026-06-01T00:00:00Z); ` +
        "another writer created it while this create ran; application names are kept unique in an environment, so the application app-b this create made was deleted",
    );
    // The next create of either finds the name free and makes the one application.
    const again = await createApplication(world.api("a"), inputs(), urnOf("a"));
    expect(world.apps.map((x) => [x.id, x.description])).toEqual([[again.applicationId, ownerMarker(urnOf("a"))]]);
  });
});
