/**
 * Icon images against the emulator over loopback HTTP: every image this project uploads is deleted once no
 * application uses it, and an upload whose response is lost is never repeated. The emulator's state file is the
 * ground truth for which images exist (PingOne itself cannot list them).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join, relative } from "path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startValidatedEmulator, type ValidatedEmulator } from "../../tests/contract/validated-emulator";
import { PingOneClient } from "../client/client";
import { createApplication, deleteApplication, updateApplication } from "./application";
import type { ApplicationInputs } from "./model";

const URN = "urn:pulumi:dev::stackone-pingone::pingone:index:Application::app";

let em: ValidatedEmulator;
let dir: string;
let stateFile: string;
/** Icon files live inside the project directory (the working directory): the only place icons are read from. */
let icons: string;

const PNG_A = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PNG_B = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

beforeAll(async () => {
  dir = mkdtempSync(join(process.cwd(), ".work", "icon-test-"));
  stateFile = join(dir, "emulator.json");
  icons = relative(process.cwd(), dir);
  writeFileSync(join(dir, "a.png"), PNG_A);
  writeFileSync(join(dir, "b.png"), PNG_B);
  em = await startValidatedEmulator({ seed: 11, stateFile });
});
afterAll(async () => {
  await em?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => em.reset());
afterEach(() => em.expectNoContractViolations());

mkdirSync(join(process.cwd(), ".work"), { recursive: true });

function client(): PingOneClient {
  return new PingOneClient({
    environmentId: em.adminEnvironmentId,
    clientId: em.clientId,
    clientSecret: em.clientSecret,
    apiUrl: em.apiUrl,
    authUrl: em.authUrl,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, propagationTimeoutMs: 50 },
  });
}

function inputs(icon?: string): ApplicationInputs {
  return {
    environmentId: em.environmentId,
    name: "StackOne Integration",
    ...(icon !== undefined ? { icon: { filePath: join(icons, icon) } } : {}),
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2592000,
    refreshTokenRollingDuration: 15552000,
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
  };
}

/** The images that exist, by id, as the emulator persisted its world. */
function imagesInWorld(): string[] {
  const world = JSON.parse(readFileSync(stateFile, "utf8")) as { images: { id: string }[] };
  return world.images.map((i) => i.id);
}
/** The applications of the target environment, with the id of the icon each refers to. */
function appsInWorld(): { id: string; icon?: string }[] {
  const world = JSON.parse(readFileSync(stateFile, "utf8")) as {
    applications: { id: string; environmentId: string; body: { icon?: { id: string } } }[];
  };
  return world.applications
    .filter((a) => a.environmentId === em.environmentId)
    .map((a) => ({ id: a.id, ...(a.body.icon ? { icon: a.body.icon.id } : {}) }));
}
const calls = (pattern: RegExp) =>
  em
    .requests()
    .filter((r) => pattern.test(r.path))
    .map((r) => `${r.method} ${r.status}${r.fault ? ` ${r.fault}` : ""}`);
const IMAGES = /\/images(\/|$)/;
const APPS = /\/applications$/;

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("icon images", () => {
  it("a lost upload response: the upload is not repeated (no second image) and no application is created", async () => {
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/images$" });
    const err = await failure(createApplication(client(), inputs("a.png"), URN));
    expect(err.message).toBe(
      `Cannot create application "StackOne Integration" in environment ${em.environmentId}: ` +
        "PingOne upload image failed: no response (UND_ERR_SOCKET) (not repeated: the upload may have taken effect; " +
        "PingOne cannot list images, so an image it made cannot be found — no application refers to it)",
    );
    expect("id" in err).toBe(false);
    expect(calls(IMAGES)).toEqual(["POST 201 dropAfterCommit"]);
    // The applications were listed (the name is free) before the upload; none was POSTed.
    expect(calls(APPS)).toEqual(["GET 200"]);
    // The one image the lost attempt made: unreachable through PingOne's API (no listing), referenced by nothing.
    expect(imagesInWorld()).toHaveLength(1);
    expect(appsInWorld()).toEqual([]);
  });

  it("the create an image was uploaded for fails: the image is deleted again, and the error is the create's", async () => {
    em.injectFault({ kind: "status", status: 503, method: "POST", pathPattern: "/applications$" });
    const err = await failure(createApplication(client(), inputs("a.png"), URN));
    expect(err.message).toBe(
      `Cannot create application "StackOne Integration" in environment ${em.environmentId}: ` +
        "PingOne create application failed: 503 SERVICE_UNAVAILABLE The request could not be completed. " +
        "The service is temporarily unavailable. (after 3 attempts)",
    );
    expect("id" in err).toBe(false);
    expect(calls(IMAGES)).toEqual(["POST 201", "DELETE 204"]);
    expect(imagesInWorld()).toEqual([]);
    expect(appsInWorld()).toEqual([]);
  });

  it("a new icon file replaces the image: the old one is deleted after the update, the unchanged one kept", async () => {
    const api = client();
    const created = await createApplication(api, inputs("a.png"), URN);
    const first = created.iconImage!.id;
    expect(imagesInWorld()).toEqual([first]);

    em.clearRequests();
    const same = await updateApplication(api, created.applicationId, created, inputs("a.png"), URN);
    expect(same.iconImage!.id).toBe(first);
    expect(calls(IMAGES)).toEqual([]); // same file: no upload, nothing deleted

    const changed = await updateApplication(api, created.applicationId, same, inputs("b.png"), URN);
    const second = changed.iconImage!.id;
    expect(second).not.toBe(first);
    expect(calls(IMAGES)).toEqual(["POST 201", "DELETE 204"]);
    expect(imagesInWorld()).toEqual([second]);
    expect(appsInWorld().map((a) => a.icon)).toEqual([second]);

    const dropped = await updateApplication(api, created.applicationId, changed, inputs(), URN);
    expect(dropped.iconImage).toBeUndefined();
    expect(imagesInWorld()).toEqual([]);
  });

  it("an update that fails deletes the image uploaded for it and keeps the one in use", async () => {
    const api = client();
    const created = await createApplication(api, inputs("a.png"), URN);
    em.injectFault({ kind: "status", status: 500, method: "PUT", pathPattern: "/applications/" });
    const err = await failure(updateApplication(api, created.applicationId, created, inputs("b.png"), URN));
    expect(err.message).toBe(
      "PingOne update application failed: 500 UNEXPECTED_ERROR The request could not be completed. " +
        "An unexpected error occurred. (after 3 attempts)",
    );
    expect(imagesInWorld()).toEqual([created.iconImage!.id]);
    expect(appsInWorld().map((a) => a.icon)).toEqual([created.iconImage!.id]);
  });

  it("deleting the application deletes its uploaded icon, also when the delete's response is lost", async () => {
    const api = client();
    const created = await createApplication(api, inputs("a.png"), URN);
    em.injectFault({ kind: "dropAfterCommit", next: 1, method: "DELETE", pathPattern: "/images/" });
    await deleteApplication(api, em.environmentId, created.applicationId, created);
    expect(calls(IMAGES)).toEqual(["POST 201", "DELETE 204 dropAfterCommit", "DELETE 404"]);
    expect(imagesInWorld()).toEqual([]);
    expect(appsInWorld()).toEqual([]);
  });

  it("never deletes an image given by id: it is the user's", async () => {
    const api = client();
    const mine = await api.uploadImage(em.environmentId, new Uint8Array(PNG_A), "image/png");
    const ref = { id: mine.id, href: mine.targets!.original!.href };
    const created = await createApplication(api, { ...inputs(), icon: ref }, URN);
    const updated = await updateApplication(api, created.applicationId, created, inputs("b.png"), URN);
    await deleteApplication(api, em.environmentId, created.applicationId, updated);
    expect(imagesInWorld()).toEqual([mine.id]);
  });
});
