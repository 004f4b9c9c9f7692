import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11 });
});
afterAll(async () => {
  await emu.stop();
});

describe("token endpoint", () => {
  it("issues a bearer token to the provisioner over Basic auth (CLIENT_SECRET_BASIC)", async () => {
    const res = await requestToken(emu, emu.adminEnvironmentId, emu.clientId, emu.clientSecret, "basic");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.expires_in).toBe(3600);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const env = await apiClient(emu, res.body.access_token).get(`/environments/${emu.environmentId}`);
    expect(env.status).toBe(200);
    expect(env.body.organization).toEqual({ id: emu.organizationId });
  });

  it("refuses the provisioner's credentials in the form body: the app is CLIENT_SECRET_BASIC", async () => {
    const res = await requestToken(emu, emu.adminEnvironmentId, emu.clientId, emu.clientSecret, "post");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: "invalid_client",
      error_description:
        "Client authentication failed: the application requires CLIENT_SECRET_BASIC, the request used CLIENT_SECRET_POST",
    });
  });

  it("authenticates a CLIENT_SECRET_POST app with form fields and refuses Basic for it", async () => {
    emu.reset();
    const api = apiClient(emu, await provisionerToken(emu));
    const apps = `/environments/${emu.adminEnvironmentId}/applications`;
    const app = (
      await api.post(
        apps,
        stackOneApp({ grantTypes: ["CLIENT_CREDENTIALS"], responseTypes: [], assignActorRoles: true }),
      )
    ).body;
    const secret = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
    const post = await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "post");
    expect(post.status).toBe(200);
    const basic = await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "basic");
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe("invalid_client");
  });

  it("refuses a wrong secret without echoing any secret", async () => {
    const wrong = `${emu.clientSecret.slice(0, -1)}X`;
    const res = await requestToken(emu, emu.adminEnvironmentId, emu.clientId, wrong);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed: invalid client secret",
    });
    expect(JSON.stringify(res.body)).not.toContain(wrong.slice(0, 20));
    const unknown = await requestToken(emu, emu.adminEnvironmentId, "not-an-app", "x");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe("invalid_client");
    const otherEnv = await requestToken(emu, emu.environmentId, emu.clientId, emu.clientSecret);
    expect(otherEnv.status).toBe(401);
  });

  it("refuses grant types other than client_credentials", async () => {
    const res = await fetch(`${emu.authUrl}/${emu.adminEnvironmentId}/as/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=password",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toBe("unsupported_grant_type");
  });

  it("API calls need a valid bearer token: missing, forged or expired → 401 with PingOne's body", async () => {
    const apps = `/environments/${emu.environmentId}/applications`;
    const none = await fetch(`${emu.apiUrl}${apps}`);
    expect(none.status).toBe(401);
    const body = await none.json();
    expect(body).toMatchObject({
      code: "INVALID_TOKEN",
      message: "The request could not be completed. The access token is missing, invalid or expired.",
    });
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const token = await provisionerToken(emu);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await apiClient(emu, forged).get(apps)).status).toBe(401);

    const short = await startEmulator({ seed: 11, tokenTtlSeconds: 0.3 });
    try {
      const t = await requestToken(short, short.adminEnvironmentId, short.clientId, short.clientSecret);
      expect(t.body.expires_in).toBe(1);
      const client = apiClient(short, t.body.access_token);
      expect((await client.get(apps)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 450));
      const expired = await client.get(apps);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe("INVALID_TOKEN");
    } finally {
      await short.stop();
    }
  });

  it("a token stops working once its app is disabled", async () => {
    emu.reset();
    const api = apiClient(emu, await provisionerToken(emu));
    const apps = `/environments/${emu.adminEnvironmentId}/applications`;
    const body = stackOneApp({ grantTypes: ["CLIENT_CREDENTIALS"], responseTypes: [], assignActorRoles: true });
    const app = (await api.post(apps, body)).body;
    const secret = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
    const worker = apiClient(
      emu,
      (await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "post")).body.access_token,
    );
    expect((await worker.get(`/environments/${emu.environmentId}`)).status).toBe(200);
    await api.put(`${apps}/${app.id}`, { ...body, enabled: false });
    expect((await worker.get(`/environments/${emu.environmentId}`)).status).toBe(401);
    const again = await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "post");
    expect(again.body).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed: the application is disabled",
    });
  });
});
