/** Populations, groups, group memberships, group role assignments, users' enabled flag and SCIM filters. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

const INVALID_DATA = "The request could not be completed. One or more validation errors were in the request.";

let emu: RunningEmulator;
let api: Api;
let env: string;
let roles: Record<string, { id: string }>;

beforeAll(async () => {
  emu = await startEmulator({ seed: 23 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  env = `/environments/${emu.environmentId}`;
  roles = Object.fromEntries((await api.get("/roles")).body._embedded.roles.map((r: any) => [r.name, r]));
});

const user = (name: string) => emu.users.find((u) => u.username === name)!;
const defaultPopulation = () => emu.populations.find((p) => p.environmentId === emu.environmentId && p.default)!;
const filter = (path: string, f: string) => api.get(`${path}?filter=${encodeURIComponent(f)}`);

function refusal(code: string, target: string, message: string) {
  return { id: expect.any(String), code: "INVALID_DATA", message: INVALID_DATA, details: [{ code, target, message }] };
}

/** Another worker app acting as an administrator holding exactly the given roles. */
async function actorHolding(held: [string, { type: string; id: string }][]): Promise<Api> {
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
  for (const [name, scope] of held)
    expect((await api.post(`${apps}/${app.id}/roleAssignments`, { role: { id: roles[name].id }, scope })).status).toBe(
      201,
    );
  return apiClient(emu, (await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "basic")).body.access_token);
}

describe("seeded directory", () => {
  it("each target environment has one default population holding its users, and an empty Administrators group", async () => {
    for (const envId of emu.environmentIds) {
      const pops = (await api.get(`/environments/${envId}/populations`)).body._embedded.populations;
      const users = emu.users.filter((u) => u.environmentId === envId);
      expect(pops.map((p: any) => [p.name, p.default, p.userCount])).toEqual([["Default", true, users.length]]);
      expect(emu.populations.filter((p) => p.environmentId === envId)).toEqual([
        { id: pops[0].id, name: "Default", environmentId: envId, default: true },
      ]);
      for (const u of users)
        expect((await api.get(`/environments/${envId}/users/${u.id}`)).body.population).toEqual({ id: pops[0].id });
      const groups = (await api.get(`/environments/${envId}/groups`)).body._embedded.groups;
      expect(groups.map((g: any) => [g.id, g.name, g.directMemberCounts])).toEqual([
        [emu.groups.find((g) => g.environmentId === envId)!.id, "Administrators", { users: 0 }],
      ]);
    }
  });
});

describe("populations", () => {
  it("create, read, update (full replacement), delete", async () => {
    const created = await api.post(`${env}/populations`, {
      name: "Contractors",
      description: "External staff",
      preferredLanguage: "en",
    });
    expect(created.status).toBe(201);
    const { createdAt, updatedAt, _links, ...rest } = created.body;
    expect(createdAt).toBe(updatedAt);
    expect(_links.self.href).toBe(`${emu.apiUrl}${env}/populations/${created.body.id}`);
    expect(rest).toEqual({
      id: created.body.id,
      environment: { id: emu.environmentId },
      name: "Contractors",
      description: "External staff",
      preferredLanguage: "en",
      default: false,
      userCount: 0,
    });
    expect((await api.get(`${env}/populations/${created.body.id}`)).body).toEqual(created.body);
    const put = await api.put(`${env}/populations/${created.body.id}`, { name: "Partners" });
    expect(put.status).toBe(200);
    expect([put.body.name, "description" in put.body, "preferredLanguage" in put.body]).toEqual([
      "Partners",
      false,
      false,
    ]);
    expect((await api.del(`${env}/populations/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`${env}/populations/${created.body.id}`)).status).toBe(404);
  });

  it("name is required and unique within the environment (not across environments)", async () => {
    expect((await api.post(`${env}/populations`, { description: "x" })).body).toEqual(
      refusal("INVALID_VALUE", "name", "name is required"),
    );
    const dup = await api.post(`${env}/populations`, { name: "default" });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual(
      refusal(
        "UNIQUENESS_VIOLATION",
        "name",
        `A population named "default" already exists in this environment (${defaultPopulation().id})`,
      ),
    );
    expect((await api.post(`/environments/${emu.environmentIds[1]}/populations`, { name: "Contractors" })).status).toBe(
      201,
    );
    expect((await api.post(`${env}/populations`, { name: "Contractors" })).status).toBe(201);
  });

  it("one default per environment: making another population the default switches it", async () => {
    const other = (await api.post(`${env}/populations`, { name: "New Default", default: true })).body;
    expect(other.default).toBe(true);
    expect((await api.get(`${env}/populations/${defaultPopulation().id}`)).body.default).toBe(false);
    const list = (await api.get(`${env}/populations`)).body._embedded.populations;
    expect(list.filter((p: any) => p.default).map((p: any) => p.id)).toEqual([other.id]);
  });

  it("only an empty population that is not the default can be deleted", async () => {
    const def = defaultPopulation();
    const res = await api.del(`${env}/populations/${def.id}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        "CONSTRAINT_VIOLATION",
        "population",
        `Population ${def.id} is the environment's default population and cannot be deleted; make another population the default first`,
      ),
    );
    await api.post(`${env}/populations`, { name: "Other", default: true });
    const users = emu.users.filter((u) => u.environmentId === emu.environmentId).length;
    expect((await api.del(`${env}/populations/${def.id}`)).body).toEqual(
      refusal(
        "CONSTRAINT_VIOLATION",
        "population",
        `Population ${def.id} has ${users} user(s) and cannot be deleted; move or delete them first`,
      ),
    );
  });

  it("filters by name", async () => {
    await api.post(`${env}/populations`, { name: "Contractors" });
    const res = await filter(`${env}/populations`, 'name sw "contr"');
    expect(res.body._embedded.populations.map((p: any) => p.name)).toEqual(["Contractors"]);
  });
});

describe("groups", () => {
  it("create, read, update (full replacement), delete", async () => {
    const body = {
      name: "StackOne Admins",
      description: "Admins who may connect StackOne",
      externalId: "ext-1",
      userFilter: 'email sw "admin"',
      customData: { team: "it" },
    };
    const created = await api.post(`${env}/groups`, body);
    expect(created.status).toBe(201);
    const { createdAt, updatedAt, _links, ...rest } = created.body;
    expect([createdAt, _links.self.href]).toEqual([updatedAt, `${emu.apiUrl}${env}/groups/${created.body.id}`]);
    expect(rest).toEqual({
      id: created.body.id,
      environment: { id: emu.environmentId },
      displayName: "StackOne Admins",
      directMemberCounts: { users: 0 },
      ...body,
    });
    expect((await api.get(`${env}/groups/${created.body.id}`)).body).toEqual(created.body);
    const put = await api.put(`${env}/groups/${created.body.id}`, { name: "Renamed" });
    expect(
      Object.keys(put.body)
        .filter((k) => k in body)
        .sort(),
    ).toEqual(["name"]);
    expect((await api.del(`${env}/groups/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`${env}/groups/${created.body.id}`)).status).toBe(404);
  });

  it("names: required; unique among environment groups and within a population; population groups do not share an environment group's name", async () => {
    expect((await api.post(`${env}/groups`, {})).body).toEqual(refusal("INVALID_VALUE", "name", "name is required"));
    const admins = emu.groups.find((g) => g.environmentId === emu.environmentId)!;
    expect((await api.post(`${env}/groups`, { name: "administrators" })).body).toEqual(
      refusal(
        "UNIQUENESS_VIOLATION",
        "name",
        `A group named "administrators" already exists in this environment (${admins.id})`,
      ),
    );
    const pop = defaultPopulation().id;
    expect((await api.post(`${env}/groups`, { name: "Administrators", population: { id: pop } })).body).toEqual(
      refusal(
        "UNIQUENESS_VIOLATION",
        "name",
        `Population groups cannot share a group name with an environment group: "Administrators" is taken by group ${admins.id}`,
      ),
    );
    const other = (await api.post(`${env}/populations`, { name: "Other" })).body.id;
    const a = await api.post(`${env}/groups`, { name: "Team", population: { id: pop } });
    expect([a.status, a.body.population]).toEqual([201, { id: pop }]);
    expect((await api.post(`${env}/groups`, { name: "Team", population: { id: other } })).status).toBe(201);
    expect((await api.post(`${env}/groups`, { name: "team", population: { id: pop } })).body).toEqual(
      refusal("UNIQUENESS_VIOLATION", "name", `A group named "team" already exists in this population (${a.body.id})`),
    );
    expect((await api.post(`${env}/groups`, { name: "Team" })).body.details[0].code).toBe("UNIQUENESS_VIOLATION");
  });

  it("the population must exist in the environment and cannot change", async () => {
    const foreign = emu.populations.find((p) => p.environmentId === emu.environmentIds[1])!.id;
    expect((await api.post(`${env}/groups`, { name: "X", population: { id: foreign } })).body).toEqual(
      refusal("INVALID_VALUE", "population.id", `No population with id "${foreign}" exists in this environment`),
    );
    const g = (await api.post(`${env}/groups`, { name: "X" })).body;
    expect(
      (await api.put(`${env}/groups/${g.id}`, { name: "X", population: { id: defaultPopulation().id } })).body,
    ).toEqual(
      refusal(
        "INVALID_VALUE",
        "population.id",
        `A group's population cannot be changed (group ${g.id} is in no population)`,
      ),
    );
  });

  it("filters by name and id", async () => {
    const g = (await api.post(`${env}/groups`, { name: "Training" })).body;
    expect((await filter(`${env}/groups`, 'name eq "training"')).body._embedded.groups.map((x: any) => x.id)).toEqual([
      g.id,
    ]);
    expect((await filter(`${env}/groups`, `(id eq "${g.id}") or (name eq "Administrators")`)).body.count).toBe(2);
  });
});

describe("group memberships", () => {
  const memberships = (u: string) => `/environments/${user(u).environmentId}/users/${user(u).id}/memberOfGroups`;

  it("add, list, read, remove; the group counts its direct members", async () => {
    const admins = emu.groups.find((g) => g.environmentId === emu.environmentId)!;
    const added = await api.post(memberships("alice"), { id: admins.id });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      _links: {
        self: { href: `${emu.apiUrl}${memberships("alice")}/${admins.id}` },
        group: { href: `${emu.apiUrl}${env}/groups/${admins.id}` },
      },
      id: admins.id,
      environment: { id: emu.environmentId },
      name: "Administrators",
      type: "DIRECT",
    });
    expect((await api.get(memberships("alice"))).body._embedded.groupMemberships).toEqual([added.body]);
    expect((await api.get(`${memberships("alice")}/${admins.id}`)).body).toEqual(added.body);
    expect((await api.get(`${env}/groups/${admins.id}`)).body.directMemberCounts).toEqual({ users: 1 });
    expect((await api.del(`${memberships("alice")}/${admins.id}`)).status).toBe(204);
    expect((await api.get(`${memberships("alice")}/${admins.id}`)).status).toBe(404);
    expect((await api.get(memberships("alice"))).body.count).toBe(0);
  });

  it("refuses an unknown group, a repeat, and a population group of another population", async () => {
    const admins = emu.groups.find((g) => g.environmentId === emu.environmentId)!;
    expect((await api.post(memberships("alice"), { id: "nope" })).body).toEqual(
      refusal("INVALID_VALUE", "id", 'No group with id "nope" exists in this environment'),
    );
    await api.post(memberships("alice"), { id: admins.id });
    expect((await api.post(memberships("alice"), { id: admins.id })).body).toEqual(
      refusal("UNIQUENESS_VIOLATION", "id", `User ${user("alice").id} is already a member of group ${admins.id}`),
    );
    const other = (await api.post(`${env}/populations`, { name: "Other" })).body.id;
    const sameName = (await api.post(`${env}/groups`, { name: "Team", population: { id: defaultPopulation().id } }))
      .body;
    const otherTeam = (await api.post(`${env}/groups`, { name: "Team", population: { id: other } })).body;
    expect((await api.post(memberships("alice"), { id: otherTeam.id })).body).toEqual(
      refusal(
        "INVALID_VALUE",
        "id",
        `Group ${otherTeam.id} belongs to population ${other}; user ${user("alice").id} is in population ${defaultPopulation().id}`,
      ),
    );
    expect((await api.post(memberships("alice"), { id: sameName.id })).status).toBe(201);
    const envTeam = await api.post(`${env}/groups`, { name: "Crew" });
    const popCrew = await api.post(`${env}/groups`, { name: "Crew", population: { id: other } });
    expect([envTeam.status, popCrew.status]).toEqual([201, 400]);
  });

  it("deleting a group removes its memberships and role assignments", async () => {
    const g = (await api.post(`${env}/groups`, { name: "Temp" })).body;
    await api.post(memberships("bob"), { id: g.id });
    await api.post(`${env}/groups/${g.id}/roleAssignments`, {
      role: { id: roles["Identity Data Read Only"].id },
      scope: { type: "ENVIRONMENT", id: emu.environmentId },
    });
    expect((await api.del(`${env}/groups/${g.id}`)).status).toBe(204);
    expect((await api.get(memberships("bob"))).body.count).toBe(0);
    expect((await api.get(`${env}/groups/${g.id}/roleAssignments`)).status).toBe(404);
  });

  it("users filter on group membership: memberOfGroups[id eq …]", async () => {
    const admins = emu.groups.find((g) => g.environmentId === emu.environmentId)!;
    await api.post(memberships("carol"), { id: admins.id });
    const usernames = async (f: string) =>
      (await filter(`${env}/users`, f)).body._embedded.users.map((u: any) => u.username);
    expect(await usernames(`memberOfGroups[id eq "${admins.id}"]`)).toEqual(["carol"]);
    expect(await usernames(`memberOfGroups[name eq "administrators"] and name.family eq "clark"`)).toEqual(["carol"]);
    expect(await usernames(`memberOfGroups[id eq "00000000-0000-4000-8000-000000000000"]`)).toEqual([]);
  });
});

describe("group role assignments", () => {
  const groupRas = () =>
    `${env}/groups/${emu.groups.find((g) => g.environmentId === emu.environmentId)!.id}/roleAssignments`;
  const envScope = (id = emu.environmentId) => ({ type: "ENVIRONMENT", id });

  it("create, list, read, delete, with the group and scope in PingOne's shape", async () => {
    const created = await api.post(groupRas(), { role: { id: roles["Environment Admin"].id }, scope: envScope() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      _links: {
        self: { href: `${emu.apiUrl}${groupRas()}/${created.body.id}` },
        role: { href: `${emu.apiUrl}/roles/${roles["Environment Admin"].id}` },
      },
      id: created.body.id,
      role: { id: roles["Environment Admin"].id },
      scope: envScope(),
      environment: { id: emu.environmentId },
      readOnly: false,
      createdAt: expect.any(String),
    });
    expect((await api.get(groupRas())).body._embedded.roleAssignments).toEqual([created.body]);
    expect((await api.get(`${groupRas()}/${created.body.id}`)).body).toEqual(created.body);
    expect((await api.del(`${groupRas()}/${created.body.id}`)).status).toBe(204);
    expect((await api.get(groupRas())).body.count).toBe(0);
  });

  it("the role/scope matrix, duplicates and broader-scope holdings are refused as for users", async () => {
    const bad = await api.post(groupRas(), { role: { id: roles["Organization Admin"].id }, scope: envScope() });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].target).toBe("scope");
    expect(
      (await api.post(groupRas(), { role: { id: roles["Identity Data Admin"].id }, scope: envScope() })).status,
    ).toBe(201);
    for (const scope of [envScope(), { type: "POPULATION", id: defaultPopulation().id }]) {
      expect((await api.post(groupRas(), { role: { id: roles["Identity Data Admin"].id }, scope })).body).toEqual(
        refusal("UNIQUENESS_VIOLATION", "role", "May not assign duplicate Role"),
      );
    }
  });

  it("who may grant what: a role at the same or broader scope that can assign it; read-only assignments cannot be deleted", async () => {
    const helpDesk = await actorHolding([["Help Desk Admin", envScope()]]);
    const refused = await helpDesk.post(groupRas(), { role: { id: roles["Environment Admin"].id }, scope: envScope() });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      id: expect.any(String),
      code: "ACCESS_FAILED",
      message: "The request could not be completed. You do not have access to this resource.",
      details: [
        { code: "INSUFFICIENT_PERMISSIONS", target: "role", message: "Must have role at the same or broader scope" },
      ],
    });
    expect(
      (await helpDesk.post(groupRas(), { role: { id: roles["Help Desk Admin"].id }, scope: envScope() })).status,
    ).toBe(201);
    const envAdmin = (await api.post(groupRas(), { role: { id: roles["Environment Admin"].id }, scope: envScope() }))
      .body;
    expect((await helpDesk.get(`${groupRas()}/${envAdmin.id}`)).body.readOnly).toBe(true);
    expect((await helpDesk.del(`${groupRas()}/${envAdmin.id}`)).body.details).toEqual([
      {
        code: "INSUFFICIENT_PERMISSIONS",
        target: "roleAssignment",
        message: `Role assignment ${envAdmin.id} cannot be deleted as it is read only`,
      },
    ]);
  });
});

describe("users/{userId}/enabled", () => {
  it("reads and sets the flag; the user reads back with it", async () => {
    const path = `/environments/${user("bob").environmentId}/users/${user("bob").id}`;
    expect((await api.get(`${path}/enabled`)).body).toEqual({
      _links: { self: { href: `${emu.apiUrl}${path}/enabled` } },
      enabled: true,
    });
    const put = await api.put(`${path}/enabled`, { enabled: false });
    expect([put.status, put.body]).toEqual([
      200,
      { _links: { self: { href: `${emu.apiUrl}${path}/enabled` } }, enabled: false },
    ]);
    expect((await api.get(path)).body.enabled).toBe(false);
    expect(
      (await filter(`/environments/${user("bob").environmentId}/users`, "enabled eq false")).body._embedded.users.map(
        (u: any) => u.username,
      ),
    ).toEqual(["bob"]);
    expect((await api.put(`${path}/enabled`, { enabled: "no" })).body).toEqual(
      refusal("INVALID_VALUE", "enabled", 'enabled is required and must be true or false; got "no"'),
    );
    expect((await api.get(`/environments/${emu.environmentIds[1]}/users/${user("bob").id}/enabled`)).status).toBe(404);
  });
});

describe("SCIM filters on users", () => {
  const users = () => `/environments/${emu.environmentId}/users`;
  const names = async (f: string) => {
    const res = await filter(users(), f);
    expect(res.status).toBe(200);
    return res.body._embedded.users.map((u: any) => u.username);
  };

  it("accepts the forms PingOne's clients build: parentheses, and, or, eq, sw", async () => {
    expect(await names('((username eq "alice"))')).toEqual(["alice"]);
    expect(await names('(username eq "alice") or (username eq "carol")')).toEqual(["alice", "carol"]);
    expect(await names('username sw "a" or email sw "BOB"')).toEqual(["alice", "bob"]);
    expect(await names('(username sw "a" or username sw "b") and email eq "bob@example.com"')).toEqual(["bob"]);
    expect(await names(`population.id eq "${defaultPopulation().id}" and username eq "carol"`)).toEqual(["carol"]);
    expect(await names('USERNAME EQ "Alice"')).toEqual(["alice"]);
    // and binds tighter than or
    expect(await names('username eq "alice" or username eq "bob" and email eq "nobody@example.com"')).toEqual([
      "alice",
    ]);
  });

  it.each([
    ['username co "a"', 'the operator "co" is not supported here'],
    ['nickname eq "a"', 'unknown attribute "nickname"'],
    ['(username eq "a"', 'expected ")", found end of filter'],
    ['username eq "a', "an unterminated string"],
    ["username eq", 'expected a quoted value or true/false after "username eq", found end of filter'],
  ])("refuses %s with INVALID_FILTER naming the problem", async (f, reason) => {
    const res = await filter(users(), f);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      refusal(
        "INVALID_FILTER",
        "filter",
        `Unsupported filter ${JSON.stringify(f)}: ${reason}; supported: attributes id, username, email, name.given, name.family, population.id, enabled, memberOfGroups[id|name]; operators eq, sw; and, or and parentheses`,
      ),
    );
  });
});
