/** Environments (list, filter, region), bills of materials and the built-in resources. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

const INVALID_DATA = "The request could not be completed. One or more validation errors were in the request.";

let emu: RunningEmulator;
let api: Api;

beforeAll(async () => {
  emu = await startEmulator({ seed: 29, pageSize: 2 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
});

const filter = (f: string) => api.get(`/environments?filter=${encodeURIComponent(f)}`);
const ids = (res: { body: any }) => res.body._embedded.environments.map((e: any) => e.id);

describe("GET /environments", () => {
  it("lists every environment the actor reaches, paged as HAL, each with region NA", async () => {
    const first = await api.get("/environments");
    expect(first.status).toBe(200);
    expect([first.body.count, first.body.size]).toEqual([3, 2]);
    expect(first.body._links.next.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/environments\?limit=2&cursor=/);
    const second = await api.get(first.body._links.next.href);
    expect([...ids(first), ...ids(second)]).toEqual([emu.adminEnvironmentId, ...emu.environmentIds]);
    expect(second.body._links.next).toBeUndefined();
    const dev = first.body._embedded.environments[1];
    expect(dev).toEqual({
      _links: { self: { href: `${emu.apiUrl}/environments/${emu.environmentId}` } },
      id: emu.environmentId,
      name: "Development",
      description: "Target environment 1.",
      type: "SANDBOX",
      region: "NA",
      status: "ACTIVE",
      license: { id: expect.any(String) },
      organization: { id: emu.organizationId },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await api.get(`/environments/${emu.environmentId}`)).body).toEqual(dev);
  });

  it("filters with name sw, name eq, id eq and and", async () => {
    expect(ids(await filter('name sw "dev"'))).toEqual([emu.environmentId]);
    expect(ids(await filter('name eq "Staging"'))).toEqual([emu.environmentIds[1]]);
    expect(ids(await filter(`id eq "${emu.adminEnvironmentId}"`))).toEqual([emu.adminEnvironmentId]);
    const license = (await api.get(`/environments/${emu.environmentId}`)).body.license.id;
    expect(ids(await filter(`(name sw "S") and (license.id eq "${license}")`))).toEqual([emu.environmentIds[1]]);
    expect((await filter('name eq "Nowhere"')).body).toMatchObject({
      _embedded: { environments: [] },
      count: 0,
      size: 0,
    });
  });

  it("refuses or, which the spec does not list for environments", async () => {
    const res = await filter('name eq "Development" or name eq "Staging"');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      id: expect.any(String),
      code: "INVALID_DATA",
      message: INVALID_DATA,
      details: [
        {
          code: "INVALID_FILTER",
          target: "filter",
          message:
            'Unsupported filter "name eq \\"Development\\" or name eq \\"Staging\\"": the logical operator "or" is not supported here; supported: attributes id, name, type, region, license.id; operators eq, sw; and and parentheses',
        },
      ],
    });
  });

  it("an actor holding a role in one environment sees only that one", async () => {
    const apps = `/environments/${emu.adminEnvironmentId}/applications`;
    const app = (
      await api.post(
        apps,
        stackOneApp({
          grantTypes: ["CLIENT_CREDENTIALS"],
          responseTypes: [],
          tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
        }),
      )
    ).body;
    const secret = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
    const role = (await api.get("/roles?limit=100")).body._embedded.roles.find(
      (r: any) => r.name === "Identity Data Admin",
    );
    await api.post(`${apps}/${app.id}/roleAssignments`, {
      role: { id: role.id },
      scope: { type: "ENVIRONMENT", id: emu.environmentIds[1] },
    });
    const narrow = apiClient(emu, (await requestToken(emu, emu.adminEnvironmentId, app.id, secret)).body.access_token);
    expect(ids(await narrow.get("/environments"))).toEqual([emu.environmentIds[1]]);
  });
});

describe("bill of materials", () => {
  const bom = () => `/environments/${emu.environmentId}/billOfMaterials`;

  it("reads the seeded PingOne base product, replaces the products on PUT", async () => {
    const seeded = await api.get(bom());
    expect(seeded.status).toBe(200);
    expect(seeded.body).toEqual({
      _links: { self: { href: `${emu.apiUrl}${bom()}` } },
      products: [{ id: expect.any(String), type: "PING_ONE_BASE", description: "PingOne Base" }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const put = await api.put(bom(), {
      products: [
        { type: "PING_ONE_BASE" },
        { type: "PING_ONE_MFA", description: "ignored: read-only" },
        {
          type: "PING_FEDERATE",
          console: { href: "https://pf.example.com" },
          bookmarks: [{ name: "Admin", href: "https://pf.example.com/admin" }],
        },
        { type: "PING_ONE_DAVINCI", tags: ["DAVINCI_MINIMAL"] },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.products).toEqual([
      { id: seeded.body.products[0].id, type: "PING_ONE_BASE", description: "PingOne Base" },
      { id: expect.any(String), type: "PING_ONE_MFA", description: "PingOne MFA" },
      {
        id: expect.any(String),
        type: "PING_FEDERATE",
        description: "PingFederate",
        console: { href: "https://pf.example.com" },
        bookmarks: [{ name: "Admin", href: "https://pf.example.com/admin" }],
      },
      { id: expect.any(String), type: "PING_ONE_DAVINCI", description: "PingOne DaVinci", tags: ["DAVINCI_MINIMAL"] },
    ]);
    expect((await api.get(bom())).body).toEqual(put.body);
  });

  it.each<[unknown, string, string]>([
    [{}, "products", "products is required and must be an array of products; got undefined"],
    [
      { products: [{ type: "PING_ONE_BASE" }, { type: "PING_ONE_BASE" }] },
      "products[1].type",
      "products[1].type PING_ONE_BASE is listed twice",
    ],
    [
      {
        products: [
          {
            type: "PING_ONE_BASE",
            bookmarks: Array.from({ length: 6 }, (_, i) => ({ name: `b${i}`, href: "https://x" })),
          },
        ],
      },
      "products[0].bookmarks",
      `products[0].bookmarks must be at most 5 {name, href} with unique names of at most 50 characters; got ${JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ name: `b${i}`, href: "https://x" }))).slice(0, 117)}...`,
    ],
  ])("refuses %j", async (body, target, message) => {
    const res = await api.put(bom(), body);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ code: res.body.details[0].code, target, message }]);
    expect(res.body.details[0].code).toBe(target.endsWith("].type") ? "UNIQUENESS_VIOLATION" : "INVALID_VALUE");
  });

  it("refuses a product type outside the spec's list", async () => {
    const res = await api.put(bom(), { products: [{ type: "PING_ONE_TOASTER" }] });
    expect(res.body.details).toEqual([
      expect.objectContaining({
        code: "INVALID_VALUE",
        target: "products[0].type",
        message: expect.stringMatching(/^products\[0\]\.type must be one of PING_ONE_MFA, .*; got "PING_ONE_TOASTER"$/),
      }),
    ]);
  });
});

describe("built-in resources", () => {
  it("openid carries no audience and no access token validity; the PingOne API resource does", async () => {
    const list = (await api.get(`/environments/${emu.environmentId}/resources`)).body._embedded.resources;
    const openid = list.find((r: any) => r.name === "openid");
    expect(openid).toEqual({
      _links: { self: { href: `${emu.apiUrl}/environments/${emu.environmentId}/resources/${openid.id}` } },
      id: openid.id,
      environment: { id: emu.environmentId },
      name: "openid",
      description: "OpenID Connect built-in resource.",
      type: "OPENID_CONNECT",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const pingone = list.find((r: any) => r.type === "PINGONE_API");
    expect([pingone.audience, pingone.accessTokenValiditySeconds]).toEqual(["https://api.pingone.com", 3600]);
  });
});
