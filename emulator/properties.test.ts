/** Properties of application create/read/update over generated valid bodies. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { apiClient, provisionerToken } from "./testing";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 17 });
});
afterAll(async () => {
  await emu.stop();
});

const validBody = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
    description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    type: fc.constantFrom("WORKER", "WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP"),
    enabled: fc.option(fc.boolean(), { nil: undefined }),
    grantTypes: fc.subarray(["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS"], { minLength: 1 }),
    responseTypes: fc.constantFrom(["CODE"], ["TOKEN"], ["ID_TOKEN"], ["TOKEN", "ID_TOKEN"]),
    pkceEnforcement: fc.option(fc.constantFrom("OPTIONAL", "REQUIRED", "S256_REQUIRED"), { nil: undefined }),
    tokenEndpointAuthMethod: fc.constantFrom("NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"),
    redirectUris: fc.array(
      fc.webUrl().filter((u) => !u.includes("*")),
      { maxLength: 3 },
    ),
    refreshTokenRollingDuration: fc.integer({ min: 2592000, max: 2147483647 }),
    refreshTokenDuration: fc.integer({ min: 60, max: 2592000 }),
    refreshTokenRollingGracePeriodDuration: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: undefined }),
  })
  .map((b) => ({ ...b, protocol: "OPENID_CONNECT", assignActorRoles: false }));

describe("application properties", () => {
  it("a valid body is created, reads back as created, and a PUT of the same body changes nothing but updatedAt", async () => {
    const api = apiClient(emu, await provisionerToken(emu));
    const apps = `/environments/${emu.environmentId}/applications`;
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const created = await api.post(apps, body);
        expect(created.status).toBe(201);
        const { assignActorRoles: _ignored, ...sent } = body;
        for (const [k, v] of Object.entries(sent)) if (v !== undefined) expect(created.body[k]).toEqual(v);
        expect(created.body.enabled).toBe(body.enabled ?? false);
        expect(created.body.pkceEnforcement).toBe(body.pkceEnforcement ?? "OPTIONAL");
        expect((await api.get(`${apps}/${created.body.id}`)).body).toEqual(created.body);
        const again = await api.put(`${apps}/${created.body.id}`, body);
        expect(again.status).toBe(200);
        expect({ ...again.body, updatedAt: undefined }).toEqual({ ...created.body, updatedAt: undefined });
        expect((await api.del(`${apps}/${created.body.id}`)).status).toBe(204);
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});
