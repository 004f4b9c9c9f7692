/**
 * The Application resource's life against the emulator, driven as the engine drives it: the compiled plugin as its
 * own process, configured with the emulator's credentials, over gRPC.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import type { ApplicationOidcBody } from "../client/types";
import type { ApplicationInputs } from "../core/model";
import { ownerMarker } from "../core/ownership";
import {
  ExchangeLog,
  engineResource,
  reload,
  providerConfig,
  stopPlugins,
  adminClient,
  guideApplicationInputs,
} from "./testing";

const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";
let emu: RunningEmulator;
let config: Record<string, string>;
let admin: PingOneClient;
const log = new ExchangeLog();
let iconPath: string;
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 16, 0, 0, 0, 16, 8, 6,
  0, 0, 0, 0x1f, 0xf3, 0xff, 0x61,
]);

beforeAll(async () => {
  emu = await startEmulator({ seed: 101, onExchange: log.onExchange });
  config = providerConfig(emu);
  admin = adminClient(emu);
  // Icons are read only inside the project directory, which the plugin runs in (as the engine starts it).
  mkdirSync(join(process.cwd(), ".work"), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), ".work", "app-icon-"));
  iconPath = join(dir, "icon.png");
  writeFileSync(iconPath, PNG);
}, 240_000);

afterAll(async () => {
  await stopPlugins();
  await emu?.stop();
});

beforeEach(() => {
  emu.reset();
  log.clear();
});

function minimal(overrides: Partial<ApplicationInputs> = {}): ApplicationInputs {
  return {
    ...guideApplicationInputs(emu.environmentId),
    ...overrides,
  };
}

function full(): ApplicationInputs {
  return {
    ...minimal(),
    name: "StackOne Integration (full)",
    description: "Lets StackOne read PingOne on behalf of the signed-in admin",
    icon: { filePath: iconPath },
    pkceEnforcement: "S256_REQUIRED",
    refreshTokenDuration: 3600,
    refreshTokenRollingDuration: 7200,
    refreshTokenRollingGracePeriodDuration: 30,
    redirectUris: [CALLBACK, "http://localhost:8080/callback"],
    groupMembershipPolicy: { type: "ANY_GROUP", groupIds: ["g-1", "g-2"] },
  };
}

/** What PingOne fills in on every OIDC application it stores; an update (read-modify-write) sends it back as it is. */
const SERVER_DEFAULTS = {
  parRequirement: "OPTIONAL",
  parTimeout: 60,
  additionalRefreshTokenReplayProtectionEnabled: true,
  devicePollingInterval: 5,
  deviceTimeout: 600,
  opSessionCheckEnabled: false,
  requestScopesForMultipleResourcesEnabled: false,
};

const appsPath = () => `/v1/environments/${emu.environmentId}/applications`;
/** The owner marker of the resource `engineResource("Application", …)` drives (name "res"). */
const MARKER = ownerMarker("urn:pulumi:test::test::pingone:index:Application::res");

describe("Application provider", () => {
  it("create → update Full → Minimal → Full → delete, with the exact bodies PingOne receives", async () => {
    const app = await engineResource("Application", config);
    expect(await app.up(minimal())).toBe("created");
    const id = app.id!;
    const post = log.writes().find((w) => w.method === "POST");
    expect(post).toEqual({
      method: "POST",
      path: appsPath(),
      status: 201,
      body: {
        name: "StackOne Integration",
        type: "WORKER",
        protocol: "OPENID_CONNECT",
        enabled: true,
        tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
        // The owner marker: an interrupted create of this resource, and only of this one, recognises the app by it.
        description: MARKER,
        accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
        grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        responseTypes: ["CODE"],
        pkceEnforcement: "OPTIONAL",
        redirectUris: [CALLBACK],
        allowWildcardInRedirectUris: false,
        refreshTokenType: "JSON_WEB_TOKEN",
        refreshTokenDuration: 2592000,
        refreshTokenRollingDuration: 15552000,
        assignActorRoles: false,
      },
    });
    // The create lists the applications before its POST and once after it (a rival of the name made meanwhile).
    expect(log.calls()).toEqual([`GET ${appsPath()}`, `POST ${appsPath()}`, `GET ${appsPath()}`]);
    expect(app.state).toEqual({ ...minimal(), applicationId: id, clientId: id, adopted: false });

    // Minimal → Full: the icon is uploaded, then one PUT of the complete object.
    log.clear();
    expect(await app.up(full())).toBe("updated");
    const writes = log.writes();
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /v1/environments/${emu.environmentId}/images`,
      `PUT ${appsPath()}/${id}`,
    ]);
    expect(Buffer.compare(writes[0].body as Buffer, PNG)).toBe(0);
    const image = app.state.iconImage as { id: string; href: string };
    expect(image.href).toMatch(
      new RegExp(
        `^https://uploads\\.pingone\\.com/environments/${emu.environmentId}/images/${image.id}_[0-9a-f-]+_original\\.png$`,
      ),
    );
    expect(writes[1].body).toEqual({
      ...SERVER_DEFAULTS,
      name: "StackOne Integration (full)",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      description: `Lets StackOne read PingOne on behalf of the signed-in admin\n\n${MARKER}`,
      icon: image,
      accessControl: {
        role: { type: "ADMIN_USERS_ONLY" },
        group: { type: "ANY_GROUP", groups: [{ id: "g-1" }, { id: "g-2" }] },
      },
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "S256_REQUIRED",
      redirectUris: [CALLBACK, "http://localhost:8080/callback"],
      allowWildcardInRedirectUris: false,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 3600,
      refreshTokenRollingDuration: 7200,
      refreshTokenRollingGracePeriodDuration: 30,
    });
    const { iconSha256, ...fullState } = app.state;
    expect(iconSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fullState).toEqual({ ...full(), applicationId: id, clientId: id, iconImage: image, adopted: false });

    // Full again, sets reordered: no change, nothing written.
    log.clear();
    expect(
      await app.up({
        ...full(),
        redirectUris: [...full().redirectUris].reverse(),
        grantTypes: ["REFRESH_TOKEN", "AUTHORIZATION_CODE"],
      }),
    ).toBe("same");
    expect(log.writes()).toEqual([]);

    // Full → Minimal: the optional fields are cleared by the PUT (full replacement).
    log.clear();
    expect(await app.up(minimal())).toBe("updated");
    // The image uploaded for the icon is used by nothing now: deleted after the PUT.
    expect(log.writes()).toEqual(
      [
        {
          method: "PUT",
          path: `${appsPath()}/${id}`,
          status: 200,
          body: { ...(post!.body as object), ...SERVER_DEFAULTS, assignActorRoles: undefined },
        },
        {
          method: "DELETE",
          path: `/v1/environments/${emu.environmentId}/images/${image.id}`,
          status: 204,
          body: undefined,
        },
      ].map((w) => ({ ...w, body: w.body === undefined ? undefined : JSON.parse(JSON.stringify(w.body)) })),
    );
    const live = await admin.getApplication(emu.environmentId, id);
    expect(live?.description).toBe(MARKER);
    expect(live?.icon).toBeUndefined();
    expect(live?.accessControl).toEqual({ role: { type: "ADMIN_USERS_ONLY" } });
    expect(live?.refreshTokenRollingGracePeriodDuration).toBeUndefined();
    expect(app.state).toEqual({ ...minimal(), applicationId: id, clientId: id, adopted: false });

    // Minimal → Full again: the icon is uploaded anew (its image was dropped from the app).
    log.clear();
    expect(await app.up(full())).toBe("updated");
    expect(log.writes().map((w) => w.method)).toEqual(["POST", "PUT"]);
    const second = app.state.iconImage as { id: string };

    log.clear();
    await app.destroy();
    expect(log.writes()).toEqual([
      { method: "DELETE", path: `${appsPath()}/${id}`, status: 204, body: undefined },
      {
        method: "DELETE",
        path: `/v1/environments/${emu.environmentId}/images/${second.id}`,
        status: 204,
        body: undefined,
      },
    ]);
    expect(await admin.getApplication(emu.environmentId, id)).toBeUndefined();
  });

  it("a create whose response is lost leaves exactly one application", async () => {
    const app = await engineResource("Application", config);
    emu.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/applications$" });
    expect(await app.up(minimal())).toBe("created");
    const apps = (await admin.listApplications(emu.environmentId)).filter((a) => a.name === "StackOne Integration");
    expect(apps.map((a) => a.id)).toEqual([app.id]);
    expect(emu.requests().filter((r) => r.method === "POST" && r.path === appsPath())).toEqual([
      { method: "POST", path: appsPath(), status: 201, fault: "dropAfterCommit" },
    ]);
  });

  /** What the create of the guide's application POSTs, with `description`. */
  function guideBody(description?: string): ApplicationOidcBody {
    return {
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      ...(description !== undefined ? { description } : {}),
      accessControl: { role: { type: "ADMIN_USERS_ONLY" as const } },
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      redirectUris: [CALLBACK],
      allowWildcardInRedirectUris: false,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
      assignActorRoles: false,
    } as ApplicationOidcBody;
  }

  it("finds the application its own interrupted create left (it carries the resource's owner marker) and owns it: no second POST", async () => {
    const left = await admin.createApplication(emu.environmentId, guideBody(MARKER));
    const app = await engineResource("Application", config);
    log.clear();
    expect(await app.up(minimal())).toBe("created");
    expect(app.id).toBe(left.id);
    expect(app.state).toEqual({ ...minimal(), applicationId: left.id, clientId: left.id, adopted: false });
    expect(log.writes()).toEqual([]);
    expect(await app.up(minimal())).toBe("same");
  });

  it("its own interrupted create's application, made with settings since changed: owned and converged with one PUT", async () => {
    const left = await admin.createApplication(emu.environmentId, { ...guideBody(MARKER), enabled: false });
    const app = await engineResource("Application", config);
    log.clear();
    expect(await app.up({ ...minimal(), description: "now described" })).toBe("created");
    expect(app.id).toBe(left.id);
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT ${appsPath()}/${left.id}`]);
    expect(log.writes()[0].body).toMatchObject({ enabled: true, description: `now described\n\n${MARKER}` });
    expect(app.state).toEqual({
      ...minimal(),
      description: "now described",
      applicationId: left.id,
      clientId: left.id,
      adopted: false,
    });
  });

  it("another stack's application of the same name and settings, still without its grant, is refused, not owned", async () => {
    // What a second stack's create saw while the first stack's up was still on its way to the grant: the same name
    // and settings, no grant — but the other resource's marker.
    const theirs = await admin.createApplication(
      emu.environmentId,
      guideBody(ownerMarker("urn:pulumi:other::test::pingone:index:Application::res")),
    );
    const app = await engineResource("Application", config);
    log.clear();
    await expect(app.up(minimal())).rejects.toThrow(
      `An application named "StackOne Integration" already exists in environment ${emu.environmentId} (${theirs.id}, created ${theirs.createdAt}); ` +
        "application names are kept unique in an environment, so it was not created again. Give this application another name, " +
        `or take that one over: the adoptApplicationId input (${theirs.id}), or \`pulumi import pingone:index:Application <name> ${emu.environmentId}/${theirs.id}\` for a resource declared on its own.`,
    );
    expect(log.writes()).toEqual([]);
    expect((await admin.listApplications(emu.environmentId)).map((a) => a.id)).toEqual([theirs.id]);
  });

  it("an own leftover beside another's application of the name: the own one is deleted, the create refused", async () => {
    const theirs = await admin.createApplication(emu.environmentId, guideBody());
    const mine = await admin.createApplication(emu.environmentId, guideBody(MARKER));
    const app = await engineResource("Application", config);
    log.clear();
    await expect(app.up(minimal())).rejects.toThrow(
      `An application named "StackOne Integration" already exists in environment ${emu.environmentId} (${theirs.id}, created ${theirs.createdAt}); ` +
        `application names are kept unique in an environment, so it was not created again, and the application ${mine.id} an interrupted create of this resource had made was deleted.`,
    );
    expect(log.writes()).toEqual([
      { method: "DELETE", path: `${appsPath()}/${mine.id}`, status: 204, body: undefined },
    ]);
    expect((await admin.listApplications(emu.environmentId)).map((a) => a.id)).toEqual([theirs.id]);
  });

  it("an own leftover that cannot be deleted now: the error says so, and the next up deletes it", async () => {
    const theirs = await admin.createApplication(emu.environmentId, guideBody());
    const mine = await admin.createApplication(emu.environmentId, guideBody(MARKER));
    const app = await engineResource("Application", config);
    emu.injectFault({ kind: "status", status: 503, method: "DELETE", pathPattern: "/applications/[^/]+$" });
    await expect(app.up(minimal())).rejects.toThrow(
      `(${theirs.id}, created ${theirs.createdAt}); application names are kept unique in an environment, so it was not created again, and ` +
        `the application ${mine.id} an interrupted create of this resource had made was to be deleted, but that failed (PingOne delete application failed: 503 SERVICE_UNAVAILABLE`,
    );
    expect((await admin.listApplications(emu.environmentId)).map((a) => a.id)).toEqual([theirs.id, mine.id]);
    emu.clearFaults();
    await expect(app.up(minimal())).rejects.toThrow(
      `the application ${mine.id} an interrupted create of this resource had made was deleted.`,
    );
    expect((await admin.listApplications(emu.environmentId)).map((a) => a.id)).toEqual([theirs.id]);
  });

  it("a rival of the name created while the POST was held: the create deletes its own application and fails, the rival stays", async () => {
    const app = await engineResource("Application", config);
    let rival: string | undefined;
    // The rival's POST lands while this create's POST is held open by PingOne (the fault delays it).
    emu.injectFault({ kind: "latency", ms: 1_500, method: "POST", pathPattern: "/applications$", next: 1 });
    const up = app.up(minimal());
    await new Promise((r) => setTimeout(r, 500));
    rival = (
      await admin.createApplication(
        emu.environmentId,
        guideBody(ownerMarker("urn:pulumi:other::test::pingone:index:Application::res")),
      )
    ).id;
    const err = await up.then(
      () => undefined,
      (e: Error) => e,
    );
    const apps = await admin.listApplications(emu.environmentId);
    expect(apps.map((a) => a.id)).toEqual([rival]);
    const made = log
      .writes()
      .find(
        (w) =>
          w.method === "POST" && w.path === appsPath() && (w.body as { description?: string }).description === MARKER,
      );
    expect(made?.status).toBe(201);
    const madeId = log
      .writes()
      .find((w) => w.method === "DELETE")
      ?.path.split("/")
      .pop();
    expect(madeId).toBeDefined();
    expect(madeId).not.toBe(rival);
    expect(err?.message).toContain(
      `An application named "StackOne Integration" already exists in environment ${emu.environmentId} (${rival}, created ${apps[0].createdAt}); ` +
        `another writer created it while this create ran; application names are kept unique in an environment, so the application ${madeId} this create made was deleted.`,
    );
  });

  it("refuses a same-named application that is not its own, naming the ways out", async () => {
    const other = await engineResource("Application", config, undefined, "other");
    await other.up(minimal());
    const openid = (await admin.listResources(emu.environmentId)).find((r) => r.name === "openid")!;
    const scope = (await admin.listResourceScopes(emu.environmentId, openid.id))[0];
    await admin.createApplicationGrant(emu.environmentId, other.id!, { id: openid.id }, [{ id: scope.id }]);
    const created = (await admin.getApplication(emu.environmentId, other.id!))!.createdAt;
    const app = await engineResource("Application", config);
    log.clear();
    await expect(app.up(minimal())).rejects.toThrow(
      `An application named "StackOne Integration" already exists in environment ${emu.environmentId} (${other.id}, created ${created}); ` +
        "application names are kept unique in an environment, so it was not created again. Give this application another name, " +
        `or take that one over: the adoptApplicationId input (${other.id}), or \`pulumi import pingone:index:Application <name> ${emu.environmentId}/${other.id}\` for a resource declared on its own.`,
    );
    expect(log.writes()).toEqual([]);
  });

  it("names go on as Unicode NFC: the same name typed precomposed and decomposed is one application, not two that look alike", async () => {
    const nfc = "Café ☕".normalize("NFC");
    const nfd = "Café ☕".normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const first = await engineResource("Application", config);
    expect(await first.up(minimal({ name: nfd }))).toBe("created");
    expect(first.state.name).toBe(nfc);
    expect((await admin.getApplication(emu.environmentId, first.id!))!.name).toBe(nfc);
    // Another resource's create (another owner marker) finds the name taken in its other form: refused.
    const second = await engineResource("Application", config, undefined, "other");
    log.clear();
    await expect(second.up(minimal({ name: nfc }))).rejects.toThrow(
      `An application named "${nfc}" already exists in environment ${emu.environmentId} (${first.id}`,
    );
    expect(log.writes()).toEqual([]);
    expect(await first.diffRaw(minimal({ name: nfc }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: {},
    });
  });

  it("a description longer than 1024 characters is refused by Check, naming the property and the length, before any request", async () => {
    const app = await engineResource("Application", config);
    log.clear();
    expect(await app.check(minimal({ description: "d".repeat(200_000) }))).toEqual([
      {
        property: "description",
        reason: `description was "${"d".repeat(197 - 1)}...; it is 200000 characters long; expected a text of at most 1024 characters`,
      },
    ]);
    expect(await app.check(minimal({ description: "d".repeat(1024) }))).toEqual([]);
    expect(log.calls()).toEqual([]);
  });

  it("an application that is no longer an OIDC Worker: read records it as notWorker; the diff replaces it, deleting it first; up makes a Worker", async () => {
    const web = await admin.createApplication(emu.environmentId, {
      name: "StackOne Integration",
      type: "WEB_APP",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      redirectUris: [CALLBACK],
      assignActorRoles: false,
    });
    const app = await engineResource("Application", config);
    expect(await app.import(`${emu.environmentId}/${web.id}`)).toBe("imported");
    expect(app.state.notWorker).toBe("OPENID_CONNECT WEB_APP");
    expect(app.inputs!.notWorker).toBeUndefined();
    const diff = await app.diffRaw(minimal());
    expect([diff.replaces.includes("notWorker"), diff.deleteBeforeReplace, diff.detailedDiff.notWorker]).toEqual([
      true,
      true,
      "DELETE_REPLACE",
    ]);
    log.clear();
    expect(await app.up(minimal())).toBe("replaced");
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE ${appsPath()}/${web.id}`,
      `POST ${appsPath()}`,
    ]);
    const made = (await admin.getApplication(emu.environmentId, app.id!))!;
    expect([made.type, made.protocol, made.name]).toEqual(["WORKER", "OPENID_CONNECT", "StackOne Integration"]);
    expect(app.state.notWorker).toBeUndefined();
  });

  it("an icon already in PingOne is referenced, not uploaded", async () => {
    const image = await admin.uploadImage(emu.environmentId, new Uint8Array(PNG), "image/png");
    const ref = { id: image.id, href: image.targets!.original!.href };
    const app = await engineResource("Application", config);
    log.clear();
    expect(await app.up({ ...minimal(), icon: ref })).toBe("created");
    expect(log.writes().map((w) => w.method)).toEqual(["POST"]);
    expect((log.writes()[0].body as { icon: unknown }).icon).toEqual(ref);
    expect(app.state).toEqual({
      ...minimal(),
      icon: ref,
      iconImage: ref,
      applicationId: app.id,
      clientId: app.id,
      adopted: false,
    });
    expect(await app.up({ ...minimal(), icon: ref })).toBe("same");
  });

  it("keeps server-managed fields it does not own on update", async () => {
    const app = await engineResource("Application", config);
    await app.up(minimal());
    const live = (await admin.getApplication(emu.environmentId, app.id!))!;
    const { id: _i, environment: _e, createdAt: _c, updatedAt: _u, _links: _l, ...body } = live;
    await admin.updateApplication(emu.environmentId, app.id!, {
      ...body,
      tags: ["PING_FED_CONNECTION_INTEGRATION"],
      hiddenFromAppPortal: true,
    });
    log.clear();
    expect(await app.up({ ...minimal(), name: "Renamed" })).toBe("updated");
    const put = log.writes()[0];
    expect(put.body).toMatchObject({
      tags: ["PING_FED_CONNECTION_INTEGRATION"],
      hiddenFromAppPortal: true,
      name: "Renamed",
    });
    expect(Object.keys(put.body as object)).not.toContain("id");
    expect(Object.keys(put.body as object)).not.toContain("_links");
    expect(Object.keys(put.body as object)).not.toContain("createdAt");
    expect((await admin.getApplication(emu.environmentId, app.id!))?.tags).toEqual(["PING_FED_CONNECTION_INTEGRATION"]);
  });

  it("reports an out-of-band edit as drift on refresh, and the next up puts it back", async () => {
    let app = await engineResource("Application", config);
    await app.up(minimal());
    const live = (await admin.getApplication(emu.environmentId, app.id!))!;
    const { id: _i, environment: _e, createdAt: _c, updatedAt: _u, _links: _l, ...body } = live;
    await admin.updateApplication(emu.environmentId, app.id!, {
      ...body,
      name: "Edited in the console",
      redirectUris: [CALLBACK, "https://evil.example/cb"],
      enabled: false,
    });

    app = await reload(app, config);
    expect(await app.refresh()).toBe("present");
    expect(app.state).toMatchObject({
      name: "Edited in the console",
      enabled: false,
      redirectUris: [CALLBACK, "https://evil.example/cb"],
    });
    expect(app.inputs).toMatchObject({ name: "Edited in the console", enabled: false });
    expect(await app.preview(minimal())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await app.up(minimal())).toBe("updated");
    const back = await admin.getApplication(emu.environmentId, app.id!);
    expect([back?.name, back?.enabled, back?.redirectUris]).toEqual(["StackOne Integration", true, [CALLBACK]]);
  });

  it("reports an out-of-band deletion as gone; the next up creates it again", async () => {
    let app = await engineResource("Application", config);
    await app.up(minimal());
    const oldId = app.id!;
    await admin.deleteApplication(emu.environmentId, oldId);
    app = await reload(app, config);
    expect(await app.refresh()).toBe("gone");
    expect(await app.up(minimal())).toBe("created");
    expect(app.id).not.toBe(oldId);
  });

  it("destroy after an out-of-band deletion (no refresh) is done, not an error", async () => {
    let app = await engineResource("Application", config);
    await app.up(minimal());
    await admin.deleteApplication(emu.environmentId, app.id!);
    app = await reload(app, config);
    log.clear();
    await app.destroy();
    expect(log.writes().map((w) => [w.method, w.status])).toEqual([["DELETE", 404]]);
  });

  it("replaces on a new environment", async () => {
    const app = await engineResource("Application", config);
    await app.up(minimal());
    const oldId = app.id!;
    const other = emu.environmentIds[1];
    expect(await app.preview({ ...minimal(), environmentId: other })).toEqual({
      changes: true,
      replaces: ["environmentId"],
      deleteBeforeReplace: false,
    });
    expect(await app.up({ ...minimal(), environmentId: other })).toBe("replaced");
    expect(app.steps.map((s) => s.op)).toEqual(["check", "diff", "create", "delete"]);
    expect(await admin.getApplication(emu.environmentId, oldId)).toBeUndefined();
    expect((await admin.getApplication(other, app.id!))?.name).toBe("StackOne Integration");
  });

  it("adopts an existing WORKER app, converges it, and destroy deletes it", async () => {
    const existing = await admin.createApplication(emu.environmentId, {
      name: "Made by hand",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: false,
      tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      grantTypes: ["CLIENT_CREDENTIALS"],
      assignActorRoles: false,
    });
    const app = await engineResource("Application", config);
    log.clear();
    expect(await app.up({ ...minimal(), adoptApplicationId: existing.id })).toBe("created");
    expect(app.id).toBe(existing.id);
    expect(log.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PUT ${appsPath()}/${existing.id}`]);
    expect(app.state).toEqual({
      ...minimal(),
      adoptApplicationId: existing.id,
      applicationId: existing.id,
      clientId: existing.id,
      adopted: true,
    });
    const live = await admin.getApplication(emu.environmentId, existing.id);
    expect([live?.name, live?.enabled, live?.grantTypes]).toEqual([
      "StackOne Integration",
      true,
      ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    ]);
    // Dropping adoptApplicationId afterwards changes nothing: the stack owns the app now.
    expect(await app.preview(minimal())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    await app.destroy();
    expect(await admin.getApplication(emu.environmentId, existing.id)).toBeUndefined();
  });

  it("refuses to adopt an application that is not a WORKER, writing nothing", async () => {
    const web = await admin.createApplication(emu.environmentId, {
      name: "Portal",
      type: "WEB_APP",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
      grantTypes: ["AUTHORIZATION_CODE"],
      responseTypes: ["CODE"],
      redirectUris: ["https://portal.example/cb"],
      assignActorRoles: false,
    });
    const app = await engineResource("Application", config);
    log.clear();
    await expect(app.up({ ...minimal(), adoptApplicationId: web.id })).rejects.toThrow(
      `adoptApplicationId was "${web.id}"; that application is OPENID_CONNECT WEB_APP ("Portal"), only an OPENID_CONNECT WORKER application can be adopted`,
    );
    expect(log.writes()).toEqual([]);
  });

  it("refuses bad input in check before any request", async () => {
    const app = await engineResource("Application", config);
    emu.clearRequests();
    log.clear();
    const failures = await app.check({
      ...minimal(),
      responseTypes: ["CODE", "TOKEN"],
      redirectUris: ["http://example.com/cb", "https://*.example.com/cb"],
      refreshTokenDuration: 20000000,
      refreshTokenRollingDuration: 15552000,
      icon: { filePath: join(tmpdir(), "no-such-icon.png") },
      adoptApplicationId: "abc",
      tokenEndpointAuthMethod: "SECRET",
    });
    expect(failures.map((f) => f.property)).toEqual([
      "responseTypes",
      "tokenEndpointAuthMethod",
      "refreshTokenDuration",
      // The engine shows inputs[property]: an element's or a nested field's failure is on its top-level property.
      "redirectUris",
      "redirectUris",
      "icon",
      "adoptApplicationId",
    ]);
    expect(failures[2].reason).toBe(
      "refreshTokenDuration was 20000000; it must not exceed refreshTokenRollingDuration (15552000)",
    );
    expect(failures[4].reason).toBe(
      'redirectUris[1] was "https://*.example.com/cb"; wildcards (*) are allowed only when allowWildcardInRedirectUris is true',
    );
    await expect(app.up({ ...minimal(), name: "" })).rejects.toThrow(
      'check failed: name: name was ""; it is empty; expected a name of 1 to 256 characters with at least one visible character and no control characters',
    );
    expect(emu.requests()).toEqual([]);
    expect(log.all).toEqual([]);
  });
});
