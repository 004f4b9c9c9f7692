import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, imageBytesUrl, provisionerToken, stackOneApp } from "./testing";

let emu: RunningEmulator;
let api: Api;
let appPath: string;
let openid: { id: string; scopes: Record<string, string> };
let pingApi: { id: string; scopes: Record<string, string> };

beforeAll(async () => {
  emu = await startEmulator({ seed: 9 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  const env = `/environments/${emu.environmentId}`;
  const app = (await api.post(`${env}/applications`, stackOneApp())).body;
  appPath = `${env}/applications/${app.id}`;
  const resources = (await api.get(`${env}/resources`)).body._embedded.resources;
  const load = async (name: string) => {
    const r = resources.find((x: any) => x.name === name);
    const scopes = (await api.get(`${env}/resources/${r.id}/scopes`)).body._embedded.scopes;
    return { id: r.id, scopes: Object.fromEntries(scopes.map((s: any) => [s.name, s.id])) };
  };
  openid = await load("openid");
  pingApi = await load("PingOne API");
});

describe("resources and scopes", () => {
  it("each target environment has the openid resource with its five scopes and the PingOne API resource", async () => {
    for (const envId of emu.environmentIds) {
      const resources = (await api.get(`/environments/${envId}/resources`)).body._embedded.resources;
      expect(resources.map((r: any) => [r.name, r.type])).toEqual([
        ["openid", "OPENID_CONNECT"],
        ["PingOne API", "PINGONE_API"],
      ]);
      const scopes = (await api.get(`/environments/${envId}/resources/${resources[0].id}/scopes`)).body._embedded
        .scopes;
      expect(scopes.map((s: any) => s.name)).toEqual(["openid", "profile", "email", "address", "phone"]);
      expect((await api.get(scopes[1]._links.self.href)).body).toEqual(scopes[1]);
      expect((await api.get(resources[1]._links.self.href)).body).toEqual(resources[1]);
    }
    expect(Object.keys(pingApi.scopes).length).toBeGreaterThanOrEqual(2);
  });
});

describe("application resource grants", () => {
  it("creates (201), reads, lists, replaces (PUT) and deletes (204) a grant", async () => {
    const created = await api.post(`${appPath}/grants`, {
      resource: { id: openid.id },
      scopes: [{ id: openid.scopes.openid }, { id: openid.scopes.profile }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resource: { id: openid.id },
      scopes: [{ id: openid.scopes.openid }, { id: openid.scopes.profile }],
      application: { id: appPath.split("/").pop() },
    });
    expect(created.body._links.self.href).toBe(`${emu.apiUrl}${appPath}/grants/${created.body.id}`);
    const path = `${appPath}/grants/${created.body.id}`;
    expect((await api.get(path)).body).toEqual(created.body);
    expect((await api.get(`${appPath}/grants`)).body._embedded.grants).toEqual([created.body]);
    const replaced = await api.put(path, { resource: { id: openid.id }, scopes: [{ id: openid.scopes.email }] });
    expect(replaced.status).toBe(200);
    expect(replaced.body.scopes).toEqual([{ id: openid.scopes.email }]);
    expect((await api.del(path)).status).toBe(204);
    expect((await api.get(path)).status).toBe(404);
  });

  it("refuses a scope that is not one of the resource's scopes", async () => {
    const foreign = await api.post(`${appPath}/grants`, {
      resource: { id: openid.id },
      scopes: [{ id: pingApi.scopes["p1:read:user"] }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe("INVALID_DATA");
    expect(foreign.body.details[0]).toMatchObject({ code: "INVALID_VALUE", target: "scopes" });
    expect(foreign.body.details[0].innerError.referencedValues).toEqual([pingApi.scopes["p1:read:user"]]);
    const unknown = await api.post(`${appPath}/grants`, {
      resource: { id: openid.id },
      scopes: [{ id: "00000000-0000-4000-8000-000000000000" }],
    });
    expect(unknown.status).toBe(400);
    const empty = await api.post(`${appPath}/grants`, { resource: { id: openid.id }, scopes: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].target).toBe("scopes");
    const noResource = await api.post(`${appPath}/grants`, {
      resource: { id: "nope" },
      scopes: [{ id: openid.scopes.openid }],
    });
    expect(noResource.status).toBe(400);
    expect(noResource.body.details[0].target).toBe("resource.id");
  });

  it("keeps one grant per resource per app", async () => {
    const body = { resource: { id: openid.id }, scopes: [{ id: openid.scopes.openid }] };
    const first = await api.post(`${appPath}/grants`, body);
    expect(first.status).toBe(201);
    const second = await api.post(`${appPath}/grants`, body);
    expect(second.status).toBe(400);
    expect(second.body.details[0]).toMatchObject({ code: "UNIQUENESS_VIOLATION", target: "resource" });
    expect(
      (
        await api.post(`${appPath}/grants`, {
          resource: { id: pingApi.id },
          scopes: [{ id: pingApi.scopes["p1:read:user"] }],
        })
      ).status,
    ).toBe(201);
    // Replacing the existing grant with its own resource is fine.
    expect((await api.put(`${appPath}/grants/${first.body.id}`, body)).status).toBe(200);
  });

  it("deleting the app deletes its grants", async () => {
    await api.post(`${appPath}/grants`, { resource: { id: openid.id }, scopes: [{ id: openid.scopes.openid }] });
    expect((await api.del(appPath)).status).toBe(204);
    expect((await api.get(`${appPath}/grants`)).status).toBe(404);
  });
});

describe("images", () => {
  // A 1x1 PNG.
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e30000000049454e44ae426082",
    "hex",
  );
  const upload = (body: Buffer, type: string) =>
    api.raw("POST", `/environments/${emu.environmentId}/images`, { headers: { "Content-Type": type }, body });

  it("uploads raw PNG bytes → 201 with id and a PingOne-shaped targets.original.href; the emulator serves the bytes", async () => {
    const res = await upload(png, "image/png");
    expect(res.status).toBe(201);
    const href: string = res.body.targets.original.href;
    const [, fileId] = /_([0-9a-f-]{36})_original\.png$/.exec(href) ?? [];
    expect(fileId).not.toBe(res.body.id);
    expect(res.body.targets.original).toEqual({
      id: res.body.id,
      type: "png",
      width: 1,
      height: 1,
      href: `https://uploads.pingone.com/environments/${emu.environmentId}/images/${res.body.id}_${fileId}_original.png`,
    });
    expect(res.body.environment).toEqual({ id: emu.environmentId });
    const served = await fetch(imageBytesUrl(emu, href));
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const self = await api.get(res.body._links.self.href);
    expect(self.body).toEqual(res.body);
    expect((await api.del(res.body._links.self.href)).status).toBe(204);
    expect((await api.get(res.body._links.self.href)).status).toBe(404);
  });

  it("refuses other content types, mismatched bytes and images over 1 MB", async () => {
    const svg = await upload(Buffer.from("<svg/>"), "image/svg+xml");
    expect(svg.status).toBe(400);
    expect(svg.body.details[0]).toMatchObject({ target: "Content-Type" });
    const liar = await upload(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), "image/png");
    expect(liar.status).toBe(400);
    expect(liar.body.details[0].message).toBe("The bytes are not a PNG image (Content-Type image/png)");
    const big = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
    const tooBig = await upload(big, "image/png");
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details[0].message).toBe(`Images may be at most 1048576 bytes (1 MB); got ${big.length} bytes`);
    const huge = await upload(Buffer.alloc(5 * 1024 * 1024), "image/png");
    expect(huge.status).toBe(400);
    expect(huge.body.details[0]).toEqual({
      code: "INVALID_VALUE",
      target: "body",
      message: "The body could not be read: the request body is 5242880 bytes; at most 4194304 bytes are accepted",
    });
  });
});
