/**
 * The transport against a scripted server on 127.0.0.1: behaviour the emulator does not produce on demand
 * (401 on the API, permission propagation, hostile next links, timeouts, refused connections).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PingOneClientOptions } from "./api";
import { PingOneClient } from "./client";
import { PingOneApiError } from "./errors";

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | "hang";

const SECRET = "provisioner-secret-0123456789abcdef";
let server: http.Server;
let base = "";
let seen: Seen[] = [];
let tokens = 0;
let handler: (req: Seen) => Reply = () => ({ status: 500 });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: Seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      let reply: Reply;
      if (entry.path === "/env-admin/as/token") {
        tokens += 1;
        reply = { status: 200, body: { access_token: `token-${tokens}`, token_type: "Bearer", expires_in: 3600 } };
        const custom = handler(entry);
        if (custom !== "hang" && custom.status !== 0) reply = custom;
      } else {
        reply = handler(entry);
      }
      if (reply === "hang") return;
      res.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  tokens = 0;
  handler = () => ({ status: 500 });
});

type Event = Parameters<NonNullable<PingOneClientOptions["onRequest"]>>[0];
function client(extra: Partial<PingOneClientOptions> = {}, events: Event[] = []): PingOneClient {
  return new PingOneClient({
    environmentId: "env-admin",
    clientId: "cid",
    clientSecret: SECRET,
    apiUrl: `${base}/v1`,
    authUrl: base,
    retry: { baseDelayMs: 5, maxDelayMs: 50, propagationTimeoutMs: 5000 },
    onRequest: (e) => events.push(e),
    ...extra,
  });
}
const tokenPassThrough = { status: 0 } as const;
const api = (s: Seen) => !s.path.endsWith("/as/token");
const roles = {
  _links: { self: { href: "x" } },
  _embedded: { roles: [{ id: "r1", name: "Environment Admin", applicableTo: ["ENVIRONMENT"] }] },
};

async function caught(p: Promise<unknown>): Promise<PingOneApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PingOneApiError);
    return e as PingOneApiError;
  }
  throw new Error("expected a PingOneApiError");
}

describe("token", () => {
  it("sends client_secret_basic by default, caches the token and sends a User-Agent", async () => {
    handler = (s) => (api(s) ? { status: 200, body: roles } : tokenPassThrough);
    const c = client();
    await c.listRoles();
    await c.listRoles();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /env-admin/as/token",
      "GET /v1/roles",
      "GET /v1/roles",
    ]);
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from(`cid:${SECRET}`).toString("base64")}`);
    expect(seen[0].body).toBe("grant_type=client_credentials");
    expect(seen[0].headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[1].headers.authorization).toBe("Bearer token-1");
    expect(seen[2].headers.authorization).toBe("Bearer token-1");
    expect(seen[1].headers["user-agent"]).toMatch(/^stackone-pingone \(node v\d+/);
  });

  it("sends client_secret_post in the form body when asked", async () => {
    handler = (s) => (api(s) ? { status: 200, body: roles } : tokenPassThrough);
    await client({ tokenEndpointAuthMethod: "CLIENT_SECRET_POST" }).listRoles();
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].body).toBe(`grant_type=client_credentials&client_id=cid&client_secret=${SECRET}`);
  });

  it("shares tokens through a tokenStore keyed without the secret", async () => {
    handler = (s) => (api(s) ? { status: 200, body: roles } : tokenPassThrough);
    const entries: Record<string, { accessToken: string; expiresAt: number }> = {};
    const store = {
      get: (k: string) => entries[k],
      set: (k: string, v: { accessToken: string; expiresAt: number }) => {
        entries[k] = v;
      },
      delete: (k: string) => {
        delete entries[k];
      },
    };
    await client({ tokenStore: store }).listRoles();
    await client({ tokenStore: store }).listRoles();
    expect(tokens).toBe(1);
    expect(Object.keys(entries)).toEqual([`pingone-token|${base}|env-admin|cid`]);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });

  it("renews once on a 401 and repeats the call once", async () => {
    handler = (s) =>
      !api(s)
        ? tokenPassThrough
        : s.headers.authorization === "Bearer token-1"
          ? { status: 401, body: { code: "UNAUTHORIZED" } }
          : { status: 200, body: roles };
    const result = await client().listRoles();
    expect(result.map((r) => r.id)).toEqual(["r1"]);
    expect(seen.map((s) => `${s.method} ${s.path} ${s.headers.authorization?.slice(0, 5)}`)).toEqual([
      "POST /env-admin/as/token Basic",
      "GET /v1/roles Beare",
      "POST /env-admin/as/token Basic",
      "GET /v1/roles Beare",
    ]);
    expect(seen[3].headers.authorization).toBe("Bearer token-2");
  });

  it("gives up after one renewal when the API keeps answering 401", async () => {
    handler = (s) =>
      api(s)
        ? { status: 401, body: { id: "x", code: "INVALID_TOKEN", message: "The access token is invalid." } }
        : tokenPassThrough;
    const err = await caught(client().listRoles());
    expect(err.message).toBe(
      "PingOne list roles failed: 401 INVALID_TOKEN The access token is invalid. (after 2 attempts)",
    );
    expect(err.status).toBe(401);
    expect(seen.filter(api)).toHaveLength(2);
    expect(tokens).toBe(2);
  });

  it("maps a token endpoint refusal with the OAuth error, never the secret", async () => {
    handler = (s) =>
      api(s)
        ? { status: 200, body: roles }
        : { status: 401, body: { error: "invalid_client", error_description: `bad secret ${SECRET}` } };
    const err = await caught(client().listRoles());
    expect(err.message).toBe("PingOne get access token failed: 401 invalid_client bad secret [redacted]");
    expect(err.operation).toBe("get access token");
    expect(err.code).toBe("invalid_client");
    expect(JSON.stringify(err)).not.toContain(SECRET);
    expect(seen.filter(api)).toHaveLength(0);
  });
});

describe("retries", () => {
  it("honours Retry-After (capped by maxDelayMs) and stops at maxTotalMs", async () => {
    handler = (s) =>
      api(s) ? { status: 429, headers: { "retry-after": "7" }, body: { code: "REQUEST_LIMITED" } } : tokenPassThrough;
    const events: Event[] = [];
    const err = await caught(
      client({ retry: { maxDelayMs: 40, maxTotalMs: 100, baseDelayMs: 5 } }, events).listRoles(),
    );
    expect(events.filter((e) => e.operation === "list roles").map((e) => [e.status, e.attempt, e.waitedMs])).toEqual([
      [429, 1, 0],
      [429, 2, 40],
      [429, 3, 40],
    ]);
    expect(err.message).toBe("PingOne list roles failed: 429 REQUEST_LIMITED (after 3 attempts)");
    expect(err.attempts).toBe(3);
  });

  it("stops at maxAttempts", async () => {
    handler = (s) => (api(s) ? { status: 502 } : tokenPassThrough);
    const err = await caught(client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).listRoles());
    expect(err.status).toBe(502);
    expect(err.message).toBe("PingOne list roles failed: 502 (after 3 attempts)");
    expect(seen.filter(api)).toHaveLength(3);
  });

  it("retries a refused connection and reports it as status 0", async () => {
    const events: Event[] = [];
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = client(
      {
        apiUrl: `http://127.0.0.1:${port}/v1`,
        authUrl: `http://127.0.0.1:${port}`,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      },
      events,
    );
    const err = await caught(c.listRoles());
    expect(err.message).toBe("PingOne get access token failed: no response (ECONNREFUSED) after 3 attempts");
    expect(err.status).toBe(0);
    expect(events.map((e) => [e.operation, e.status, e.attempt])).toEqual([
      ["get access token", 0, 1],
      ["get access token", 0, 2],
      ["get access token", 0, 3],
    ]);
  });

  it("times out a silent server per attempt", async () => {
    handler = (s) => (api(s) ? "hang" : tokenPassThrough);
    // A token already in the store: only the API calls run against the short timeout.
    const token = { accessToken: "stored-token", expiresAt: Date.now() + 3_600_000 };
    const tokenStore = { get: () => token, set: () => undefined, delete: () => undefined };
    const err = await caught(
      client({
        tokenStore,
        requestTimeoutMs: 150,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      }).listRoles(),
    );
    expect(tokens).toBe(0);
    expect(err.message).toBe("PingOne list roles failed: no response (timeout) after 2 attempts");
  });

  it("does not retry 400, 403 or 404 on an unknown object", async () => {
    handler = (s) =>
      !api(s)
        ? tokenPassThrough
        : s.path.endsWith("/roles")
          ? {
              status: 403,
              body: {
                id: "i",
                code: "ACCESS_FAILED",
                message: "The request could not be completed. You do not have access to this resource.",
              },
            }
          : {
              status: 404,
              body: {
                code: "NOT_FOUND",
                message: "The request could not be completed. The requested resource was not found.",
              },
            };
    const err = await caught(client().listRoles());
    expect(err.message).toBe(
      "PingOne list roles failed: 403 ACCESS_FAILED The request could not be completed. You do not have access to this resource.",
    );
    expect(await client().getApplication("env", "app-unknown")).toBeUndefined();
    const err404 = await caught(client().listApplicationGrants("env", "app-unknown"));
    expect(err404.status).toBe(404);
    expect(seen.filter(api).map((s) => s.path)).toEqual([
      "/v1/roles",
      "/v1/environments/env/applications/app-unknown",
      "/v1/environments/env/applications/app-unknown/grants",
    ]);
  });

  it("retries PingOne's permission-propagation 403 until it clears", async () => {
    let n = 0;
    handler = (s) =>
      !api(s)
        ? tokenPassThrough
        : ++n <= 2
          ? {
              status: 403,
              body: {
                code: "ACCESS_FAILED",
                message: "The actor attempting to perform the request is not authorized.",
              },
            }
          : { status: 200, body: roles };
    expect((await client().listRoles()).map((r) => r.name)).toEqual(["Environment Admin"]);
    expect(seen.filter(api)).toHaveLength(3);
  });

  it("gives up on propagation once propagationTimeoutMs has passed", async () => {
    handler = (s) =>
      api(s)
        ? {
            status: 403,
            body: { code: "ACCESS_FAILED", message: "The actor attempting to perform the request is not authorized." },
          }
        : tokenPassThrough;
    const err = await caught(client({ retry: { propagationTimeoutMs: 0, baseDelayMs: 1 } }).listRoles());
    expect(err.message).toBe(
      "PingOne list roles failed: 403 ACCESS_FAILED The actor attempting to perform the request is not authorized.",
    );
    expect(seen.filter(api)).toHaveLength(1);
  });

  it("retries a 404 on an application it created moments ago", async () => {
    let gets = 0;
    const app = {
      id: "app-new",
      name: "A",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      environment: { id: "env" },
    };
    handler = (s) => {
      if (!api(s)) return tokenPassThrough;
      if (s.method === "GET" && s.path === "/v1/environments/env/applications")
        return { status: 200, body: { _embedded: { applications: [] } } };
      if (s.method === "POST") return { status: 201, body: app };
      if (s.method === "GET" && s.path === "/v1/environments/env/applications/app-new") {
        return ++gets <= 2 ? { status: 404, body: { code: "NOT_FOUND" } } : { status: 200, body: app };
      }
      return { status: 500 };
    };
    const c = client();
    const { id, environment, ...body } = app;
    expect(environment).toEqual({ id: "env" });
    const created = await c.createApplication("env", body as never);
    expect(created.id).toBe(id);
    expect(await c.getApplication("env", "app-new")).toEqual(app);
    expect(gets).toBe(3);
    expect(JSON.parse(seen.find((s) => s.method === "POST" && api(s))!.body)).toEqual(body);
  });
});

describe("paging and safety", () => {
  it("refuses a next link to another origin (the token stays home)", async () => {
    handler = (s) =>
      api(s)
        ? {
            status: 200,
            body: { _embedded: { roles: [] }, _links: { next: { href: "https://evil.example/v1/roles?cursor=2" } } },
          }
        : tokenPassThrough;
    const err = await caught(client().listRoles());
    expect(err.message).toBe(
      `PingOne list roles failed: 200 refusing to follow a next link to another origin (https://evil.example, expected ${base})`,
    );
  });

  it("refuses next links that loop", async () => {
    handler = (s) =>
      api(s)
        ? { status: 200, body: { _embedded: { roles: [] }, _links: { next: { href: `${base}/v1/roles` } } } }
        : tokenPassThrough;
    const err = await caught(client().listRoles());
    expect(err.message).toBe(
      `PingOne list roles failed: the collection's next links loop or exceed 10000 pages (at ${base}/v1/roles)`,
    );
  });

  it("never repeats an image upload that may have taken effect", async () => {
    handler = (s) => (api(s) ? { status: 503, body: { code: "SERVICE_UNAVAILABLE" } } : tokenPassThrough);
    const err = await caught(client().uploadImage("env", new Uint8Array([137, 80, 78, 71]), "image/png"));
    expect(err.message).toBe(
      "PingOne upload image failed: 503 SERVICE_UNAVAILABLE (not repeated: the upload may have taken effect; PingOne " +
        "cannot list images, so an image it made cannot be found — no application refers to it)",
    );
    expect(seen.filter(api)).toHaveLength(1);
    expect(seen.filter(api)[0].headers["content-type"]).toBe("image/png");
  });

  it("keeps tokens and the secret out of onRequest events and errors", async () => {
    handler = (s) =>
      api(s)
        ? { status: 400, body: { code: "INVALID_DATA", message: `echo ${s.headers.authorization}` } }
        : tokenPassThrough;
    const events: Event[] = [];
    const err = await caught(client({}, events).listRoles());
    expect(err.message).toBe("PingOne list roles failed: 400 INVALID_DATA echo Bearer [redacted]");
    const all = JSON.stringify(events) + JSON.stringify(err) + err.message + String(err.stack);
    expect(all).not.toContain("token-1");
    expect(all).not.toContain(SECRET);
  });
});
