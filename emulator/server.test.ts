import { mkdtempSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Exchange, startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

let emu: RunningEmulator;
let api: Api;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  emu = await startEmulator({ seed: 21, pageSize: 3, onExchange: (e) => exchanges.push(e) });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  exchanges.length = 0;
  api = apiClient(emu, await provisionerToken(emu));
  emu.clearRequests();
});

const apps = () => `/environments/${emu.environmentId}/applications`;
/** The same path as the request log shows it (with the /v1 prefix of the API). */
const logged = (path: string) => `/v1${path}`;

describe("seeded world", () => {
  it("is deterministic under the seed: same seed, same ids and secrets; another seed, others", async () => {
    const again = await startEmulator({ seed: 21 });
    const other = await startEmulator({ seed: 22 });
    try {
      const strip = (e: RunningEmulator) => ({ ...e, apiUrl: "", authUrl: "", port: 0 });
      expect(JSON.stringify(strip(again))).toBe(JSON.stringify(strip(emu)));
      expect(other.clientId).not.toBe(emu.clientId);
      expect(other.clientSecret).not.toBe(emu.clientSecret);
    } finally {
      await Promise.all([again.stop(), other.stop()]);
    }
  });

  it("has at least two target environments with two users each and a population each", async () => {
    expect(emu.environmentIds.length).toBeGreaterThanOrEqual(2);
    expect(emu.environmentIds[0]).toBe(emu.environmentId);
    for (const envId of emu.environmentIds) {
      expect(emu.users.filter((u) => u.environmentId === envId).length).toBeGreaterThanOrEqual(2);
      const populations = (await api.get(`/environments/${envId}/populations`)).body._embedded.populations;
      expect(populations).toHaveLength(1);
      expect((await api.get(populations[0]._links.self.href)).body).toEqual(populations[0]);
    }
    expect(emu.clientSecret.length).toBeGreaterThanOrEqual(64);
  });
});

describe("HAL paging", () => {
  it("pages by the default page size and follows _links.next to the end", async () => {
    const seen: string[] = [];
    let res = await api.get("/roles");
    expect(res.body.size).toBe(3);
    expect(res.body.count).toBe(19);
    let pages = 1;
    seen.push(...res.body._embedded.roles.map((r: any) => r.name));
    while (res.body._links.next) {
      res = await api.get(res.body._links.next.href);
      expect(res.status).toBe(200);
      seen.push(...res.body._embedded.roles.map((r: any) => r.name));
      pages += 1;
    }
    expect(pages).toBe(7);
    expect(res.body.size).toBe(1);
    expect(new Set(seen).size).toBe(19);
  });

  it("honours limit, keeps the filter in next links, and rejects a bad limit or cursor", async () => {
    const env = emu.environmentId;
    const first = await api.get(`/environments/${env}/users?limit=2`);
    expect(first.body._links.self.href).toBe(`${emu.apiUrl}/environments/${env}/users?limit=2`);
    expect(first.body._embedded.users.map((u: any) => u.username)).toEqual(["alice", "bob"]);
    const second = await api.get(first.body._links.next.href);
    expect(second.body._embedded.users.map((u: any) => u.username)).toEqual(["carol"]);
    expect(second.body._links.next).toBeUndefined();
    const filtered = await api.get(
      `/environments/${env}/users?filter=${encodeURIComponent('email eq "carol@example.com"')}&limit=1`,
    );
    expect(filtered.body._embedded.users.map((u: any) => u.username)).toEqual(["carol"]);
    expect(filtered.body._links.next).toBeUndefined();
    for (const q of ["limit=0", "limit=1001", "limit=abc"]) {
      const bad = await api.get(`/environments/${env}/users?${q}`);
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].target).toBe("limit");
    }
    const badCursor = await api.get(`/environments/${env}/users?cursor=zzz`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.details[0].target).toBe("cursor");
  });
});

describe("request log and exchanges", () => {
  it("records every API and token request with method, path (no query) and status", async () => {
    await requestToken(emu, emu.adminEnvironmentId, emu.clientId, "wrong");
    await api.get(`${apps()}?limit=1`);
    await api.post(apps(), stackOneApp());
    await api.get(`${apps()}/missing`);
    await fetch(`${emu.authUrl}/__emulator/info`);
    expect(emu.requests()).toEqual([
      { method: "POST", path: `/${emu.adminEnvironmentId}/as/token`, status: 401 },
      { method: "GET", path: logged(apps()), status: 200 },
      { method: "POST", path: logged(apps()), status: 201 },
      { method: "GET", path: logged(`${apps()}/missing`), status: 404 },
    ]);
    const remote = await (await fetch(`${emu.authUrl}/__emulator/requests`)).json();
    expect(remote).toEqual(emu.requests());
    expect((await fetch(`${emu.authUrl}/__emulator/requests`, { method: "DELETE" })).status).toBe(204);
    expect(emu.requests()).toEqual([]);
  });

  it("passes every exchange in full, with parsed JSON bodies, to onExchange", async () => {
    const created = await api.post(apps(), stackOneApp({ name: "Seen" }));
    const e = exchanges.find((x) => x.method === "POST" && x.path === logged(apps()))!;
    expect(e.status).toBe(201);
    expect((e.requestBody as any).name).toBe("Seen");
    expect(e.responseBody).toEqual(created.body);
    expect(e.requestHeaders.authorization).toMatch(/^Bearer /);
    expect(e.responseHeaders["Content-Type"]).toBe("application/json");
    await api.get(`${apps()}?limit=1`);
    expect(exchanges[exchanges.length - 1].query).toBe("limit=1");
  });
});

describe("faults", () => {
  it("status: the next N matching requests get the status with Retry-After, then normal service", async () => {
    emu.injectFault({
      kind: "status",
      status: 429,
      retryAfter: "2",
      next: 2,
      method: "GET",
      pathPattern: "/applications$",
    });
    const a = await api.get(apps());
    const b = await api.get(apps());
    const other = await api.get(`/environments/${emu.environmentId}`);
    const c = await api.get(apps());
    expect([a.status, b.status, other.status, c.status]).toEqual([429, 429, 200, 200]);
    expect(a.headers.get("retry-after")).toBe("2");
    expect(a.body.code).toBe("REQUEST_LIMITED");
    expect(emu.requests().map((r) => [r.status, r.fault])).toEqual([
      [429, "status"],
      [429, "status"],
      [200, undefined],
      [200, undefined],
    ]);
  });

  it.each([500, 502, 503, 504] as const)("status %i with PingOne's error body", async (status) => {
    emu.injectFault({ kind: "status", status, next: 1 });
    const res = await api.get(apps());
    expect(res.status).toBe(status);
    expect(typeof res.body.code).toBe("string");
    expect(typeof res.body.id).toBe("string");
    expect((await api.get(apps())).status).toBe(200);
  });

  it("drop: the socket is destroyed without a response, and the request is logged", async () => {
    emu.injectFault({ kind: "drop", next: 1, method: "POST" });
    await expect(api.post(apps(), stackOneApp())).rejects.toThrow();
    expect((await api.get(apps())).body.count).toBe(0);
    expect(emu.requests()).toEqual([
      { method: "POST", path: logged(apps()), status: 0, fault: "drop" },
      { method: "GET", path: logged(apps()), status: 200 },
    ]);
  });

  it("dropAfterCommit: the create takes effect, the response is lost", async () => {
    emu.injectFault({ kind: "dropAfterCommit", next: 1, method: "POST", pathPattern: "/applications$" });
    await expect(api.post(apps(), stackOneApp({ name: "Lost response" }))).rejects.toThrow();
    const list = await api.get(apps());
    expect(list.body._embedded.applications.map((a: any) => a.name)).toEqual(["Lost response"]);
    expect(emu.requests()[0]).toEqual({ method: "POST", path: logged(apps()), status: 201, fault: "dropAfterCommit" });
  });

  it("malformed: the request takes effect, the answer is a 200 with the given text as its JSON body", async () => {
    emu.injectFault({
      kind: "malformed",
      body: '{"_embedded":{"applic',
      next: 1,
      method: "POST",
      pathPattern: "/applications$",
    });
    const res = await fetch(`${emu.apiUrl}${apps()}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await provisionerToken(emu)}`, "Content-Type": "application/json" },
      body: JSON.stringify(stackOneApp({ name: "Malformed answer" })),
    });
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([
      200,
      "application/json",
      '{"_embedded":{"applic',
    ]);
    expect((await api.get(apps())).body._embedded.applications.map((a: any) => a.name)).toEqual(["Malformed answer"]);
    expect(
      emu
        .requests()
        .filter((r) => r.path.endsWith("/applications"))
        .map((r) => [r.method, r.status, r.fault]),
    ).toEqual([
      ["POST", 200, "malformed"],
      ["GET", 200, undefined],
    ]);
    expect(() => emu.injectFault({ kind: "malformed" } as never)).toThrow(
      "Invalid fault: malformed fault: body must be a string of at most 1000000 characters; got undefined",
    );
  });

  it("latency delays the response and is marked in the log", async () => {
    emu.injectFault({ kind: "latency", ms: 150, next: 1 });
    const started = Date.now();
    expect((await api.get(apps())).status).toBe(200);
    // Lower bound only: a loaded machine may be slower, never faster.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(emu.requests()[0].fault).toBe("latency");
  });

  it("rate: a deterministic fraction under the seed, the same on every run", async () => {
    const run = async () => {
      emu.reset();
      const client = apiClient(emu, await provisionerToken(emu));
      emu.clearRequests();
      emu.injectFault({ kind: "status", status: 503, rate: 0.5, pathPattern: "^/v1/" });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await client.get(apps())).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(2);
    expect(failed).toBeLessThan(18);
  });

  it("faults never touch the control paths; clearFaults and the control endpoints manage them", async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${emu.authUrl}/__emulator/${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      });
    expect((await control("POST", "faults", { kind: "status", status: 500 })).status).toBe(204);
    expect((await control("GET", "info")).status).toBe(200);
    expect((await api.get(apps())).status).toBe(500);
    expect((await control("DELETE", "faults")).status).toBe(204);
    expect((await api.get(apps())).status).toBe(200);
    const bad = await control("POST", "faults", { kind: "status", status: 418 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toBe(
      "status fault: status must be one of 429, 500, 502, 503, 504; got 418",
    );
    emu.injectFault({ kind: "drop" });
    emu.clearFaults();
    expect((await api.get(apps())).status).toBe(200);
    expect(() => emu.injectFault({ kind: "latency", ms: -1 })).toThrow(
      "Invalid fault: latency fault: ms must be a number 0..600000; got -1",
    );
  });
});

describe("reset and control endpoints", () => {
  it("reset restores the seeded world (same ids and secrets) and clears the log and faults", async () => {
    await api.post(apps(), stackOneApp());
    emu.injectFault({ kind: "status", status: 500 });
    const res = await fetch(`${emu.authUrl}/__emulator/reset`, { method: "POST" });
    expect(res.status).toBe(204);
    expect(emu.requests()).toEqual([]);
    const fresh = apiClient(emu, await provisionerToken(emu));
    const list = await fresh.get(apps());
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(0);
    const info = await (await fetch(`${emu.authUrl}/__emulator/info`)).json();
    expect(info).toEqual({
      apiUrl: emu.apiUrl,
      authUrl: emu.authUrl,
      organizationId: emu.organizationId,
      adminEnvironmentId: emu.adminEnvironmentId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
      environmentId: emu.environmentId,
      environmentIds: emu.environmentIds,
      users: emu.users,
      populations: emu.populations,
      groups: emu.groups,
    });
  });

  it("unknown control paths are 404 and not logged", async () => {
    expect((await fetch(`${emu.authUrl}/__emulator/nope`)).status).toBe(404);
    expect(emu.requests()).toEqual([]);
  });
});

describe("state file", () => {
  it("keeps the world across restarts: apps, secrets and the provisioner credentials", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pingone-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startEmulator({ seed: 31, stateFile });
      const info1 = { clientId: first.clientId, clientSecret: first.clientSecret, environmentId: first.environmentId };
      const client1 = apiClient(first, await provisionerToken(first));
      const created = (await client1.post(`/environments/${first.environmentId}/applications`, stackOneApp())).body;
      const secret = (await client1.get(`/environments/${first.environmentId}/applications/${created.id}/secret`)).body
        .secret;
      await first.stop();
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(stateFile, "utf8")).toContain(created.id);

      // Another seed on the command line does not matter: the file holds the world.
      const second = await startEmulator({ seed: 99, stateFile });
      try {
        expect({
          clientId: second.clientId,
          clientSecret: second.clientSecret,
          environmentId: second.environmentId,
        }).toEqual(info1);
        const client2 = apiClient(second, await provisionerToken(second));
        const read = await client2.get(`/environments/${second.environmentId}/applications/${created.id}`);
        expect(read.status).toBe(200);
        expect(read.body.name).toBe(created.name);
        expect(
          (await client2.get(`/environments/${second.environmentId}/applications/${created.id}/secret`)).body.secret,
        ).toBe(secret);
        // A new object after the restart does not reuse an id.
        const next = (await client2.post(`/environments/${second.environmentId}/applications`, stackOneApp())).body;
        expect(next.id).not.toBe(created.id);
        // Reset re-seeds the file too.
        second.reset();
        expect(readFileSync(stateFile, "utf8")).not.toContain(created.id);
        expect(JSON.parse(readFileSync(stateFile, "utf8")).provisioner.clientSecret).toBe(info1.clientSecret);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps groups, populations, memberships, group role assignments and the enabled flag across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pingone-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startEmulator({ seed: 37, stateFile });
      const c1 = apiClient(first, await provisionerToken(first));
      const env = `/environments/${first.environmentId}`;
      const alice = first.users.find((u) => u.username === "alice")!;
      const pop = (await c1.post(`${env}/populations`, { name: "Contractors" })).body;
      const group = (await c1.post(`${env}/groups`, { name: "StackOne Admins" })).body;
      await c1.post(`${env}/users/${alice.id}/memberOfGroups`, { id: group.id });
      const role = (await c1.get("/roles?limit=100")).body._embedded.roles.find(
        (r: any) => r.name === "Environment Admin",
      );
      const ra = (
        await c1.post(`${env}/groups/${group.id}/roleAssignments`, {
          role: { id: role.id },
          scope: { type: "ENVIRONMENT", id: first.environmentId },
        })
      ).body;
      await c1.put(`${env}/users/${alice.id}/enabled`, { enabled: false });
      const before = {
        pop: (await c1.get(`${env}/populations/${pop.id}`)).body,
        group: (await c1.get(`${env}/groups/${group.id}`)).body,
        memberships: (await c1.get(`${env}/users/${alice.id}/memberOfGroups`)).body,
        ra: (await c1.get(`${env}/groups/${group.id}/roleAssignments/${ra.id}`)).body,
      };
      await first.stop();
      const second = await startEmulator({ stateFile });
      try {
        const c2 = apiClient(second, await provisionerToken(second));
        expect({
          pop: (await c2.get(`${env}/populations/${pop.id}`)).body,
          group: (await c2.get(`${env}/groups/${group.id}`)).body,
          memberships: (await c2.get(`${env}/users/${alice.id}/memberOfGroups`)).body,
          ra: (await c2.get(`${env}/groups/${group.id}/roleAssignments/${ra.id}`)).body,
        }).toEqual(JSON.parse(JSON.stringify(before).split(first.authUrl).join(second.authUrl)));
        expect((await c2.get(`${env}/users/${alice.id}/enabled`)).body.enabled).toBe(false);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("brings a version-1 state file to version 2: region codes, default populations, enabled users, no groups yet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pingone-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const seeded = await startEmulator({ seed: 41, stateFile });
      await seeded.stop();
      const v2 = JSON.parse(readFileSync(stateFile, "utf8"));
      // A version-1 file as the previous emulator wrote it.
      const v1 = {
        ...v2,
        version: 1,
        environments: v2.environments.map(({ billOfMaterials: _b, ...e }: any) => ({ ...e, region: "NORTH_AMERICA" })),
        populations: v2.populations.map((p: any) => ({
          id: p.id,
          environmentId: p.environmentId,
          name: p.name,
          createdAt: p.createdAt,
        })),
        users: v2.users.map(({ enabled: _e, ...u }: any) => u),
        resources: v2.resources.map(({ accessTokenValiditySeconds: _a, ...r }: any) => ({
          audience: "https://auth.pingone.com/x/as",
          ...r,
        })),
        groups: undefined,
        groupMemberships: undefined,
      };
      require("fs").writeFileSync(stateFile, JSON.stringify(v1));
      const migrated = await startEmulator({ stateFile });
      try {
        const c = apiClient(migrated, await provisionerToken(migrated));
        const env = `/environments/${migrated.environmentId}`;
        expect((await c.get(env)).body.region).toBe("NA");
        expect((await c.get(`${env}/populations`)).body._embedded.populations.map((p: any) => p.default)).toEqual([
          true,
        ]);
        expect((await c.get(`${env}/users/${migrated.users[0].id}`)).body.enabled).toBe(true);
        expect((await c.get(`${env}/groups`)).body.count).toBe(0);
        expect((await c.get(`${env}/billOfMaterials`)).body.products.map((p: any) => p.type)).toEqual([
          "PING_ONE_BASE",
        ]);
        const resources = (await c.get(`${env}/resources`)).body._embedded.resources;
        expect(resources.map((r: any) => [r.name, r.audience, r.accessTokenValiditySeconds])).toEqual([
          ["openid", undefined, undefined],
          ["PingOne API", "https://api.pingone.com", 3600],
        ]);
      } finally {
        await migrated.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not emulator state, naming the path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pingone-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      require("fs").writeFileSync(stateFile, '{"hello":1}');
      await expect(startEmulator({ stateFile })).rejects.toThrow(
        `Emulator state file ${stateFile} is not an emulator state file of version 2`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
