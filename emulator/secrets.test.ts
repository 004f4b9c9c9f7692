import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

let emu: RunningEmulator;
let api: Api;
let apps: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 5 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  apps = `/environments/${emu.environmentId}/applications`;
});

/** A client-credentials app in the target environment, so its secret can be checked at the token endpoint. */
async function clientApp(overrides: Record<string, unknown> = {}) {
  const res = await api.post(
    apps,
    stackOneApp({ grantTypes: ["CLIENT_CREDENTIALS"], responseTypes: [], ...overrides }),
  );
  expect(res.status).toBe(201);
  return res.body;
}

const tokenStatus = async (appId: string, secret: string) =>
  (await requestToken(emu, emu.environmentId, appId, secret, "post")).status;
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe("client secret", () => {
  it("reveals the secret with the environment, no previous", async () => {
    const app = await clientApp();
    const res = await api.get(`${apps}/${app.id}/secret`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["_links", "environment", "secret"]);
    expect(res.body.environment).toEqual({ id: emu.environmentId });
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{64,}$/);
  });

  it("rotates with {}: the old secret dies at once", async () => {
    const app = await clientApp();
    const old = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
    const rotated = await api.post(`${apps}/${app.id}/secret`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(old);
    expect(rotated.body.previous).toBeUndefined();
    expect((await api.get(`${apps}/${app.id}/secret`)).body.secret).toBe(rotated.body.secret);
    expect(await tokenStatus(app.id, old)).toBe(401);
    expect(await tokenStatus(app.id, rotated.body.secret)).toBe(200);
  });

  it("rotates keeping the previous secret valid until expiresAt; DELETE drops it", async () => {
    const app = await clientApp();
    const old = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
    const expiresAt = inMinutes(60);
    const rotated = await api.post(`${apps}/${app.id}/secret`, { previous: { expiresAt } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.previous).toEqual({ secret: old, expiresAt });
    expect(await tokenStatus(app.id, old)).toBe(200);
    expect(await tokenStatus(app.id, rotated.body.secret)).toBe(200);
    const read = await api.get(`${apps}/${app.id}/secret`);
    expect(read.body.previous.secret).toBe(old);
    expect(typeof read.body.previous.lastUsed).toBe("string");
    const del = await api.del(`${apps}/${app.id}/secret`);
    expect(del.status).toBe(204);
    expect((await api.get(`${apps}/${app.id}/secret`)).body.previous).toBeUndefined();
    expect(await tokenStatus(app.id, old)).toBe(401);
  });

  it.each([
    ["less than a minute ahead", () => inMinutes(0.5)],
    ["more than 30 days ahead", () => inMinutes(30 * 24 * 60 + 5)],
    ["in the past", () => inMinutes(-10)],
    ["not a date", () => "next tuesday"],
  ])("refuses previous.expiresAt %s with 400", async (_label, when) => {
    const app = await clientApp();
    const res = await api.post(`${apps}/${app.id}/secret`, { previous: { expiresAt: when() } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("INVALID_DATA");
    expect(res.body.details[0].target).toBe("previous.expiresAt");
  });

  it("403 when the actor lacks a role the app holds (reading and rotating)", async () => {
    // Default assignActorRoles: the app gets the provisioner's Environment Admin at organization scope.
    const app = await clientApp({ assignActorRoles: true });
    expect((await api.get(`${apps}/${app.id}/secret`)).status).toBe(200);
    const roles = (await api.get("/roles")).body._embedded.roles;
    const ida = roles.find((r: any) => r.name === "Identity Data Admin");
    const granted = await api.post(`${apps}/${app.id}/roleAssignments`, {
      role: { id: ida.id },
      scope: { id: emu.environmentId, type: "ENVIRONMENT" },
    });
    expect(granted.status).toBe(201);
    const expected = {
      code: "ACCESS_FAILED",
      message: "The request could not be completed. You do not have access to this resource.",
      details: [
        {
          code: "INSUFFICIENT_PERMISSIONS",
          target: "secret",
          message: "Actor does not have permissions to access worker application client secrets",
        },
      ],
    };
    const read = await api.get(`${apps}/${app.id}/secret`);
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject(expected);
    const rotate = await api.post(`${apps}/${app.id}/secret`, {});
    expect(rotate.status).toBe(403);
    expect(rotate.body).toMatchObject(expected);
    // Once the app no longer holds a role the actor lacks, the secret is readable again.
    expect((await api.del(`${apps}/${app.id}/roleAssignments/${granted.body.id}`)).status).toBe(204);
    expect((await api.get(`${apps}/${app.id}/secret`)).status).toBe(200);
  });

  it("404 for the secret of an unknown app", async () => {
    const res = await api.get(`${apps}/00000000-0000-4000-8000-000000000000/secret`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("NOT_FOUND");
  });
});
