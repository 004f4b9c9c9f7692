import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, RunningEmulator } from "./index";
import { Api, apiClient, provisionerToken, requestToken, stackOneApp } from "./testing";

let emu: RunningEmulator;
let api: Api;
let roles: Record<string, { id: string; applicableTo: string[] }>;

beforeAll(async () => {
  emu = await startEmulator({ seed: 3 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  emu.reset();
  api = apiClient(emu, await provisionerToken(emu));
  roles = Object.fromEntries((await api.get("/roles")).body._embedded.roles.map((r: any) => [r.name, r]));
});

type ScopeType = "ORGANIZATION" | "ENVIRONMENT" | "POPULATION" | "APPLICATION";
const scope = (type: ScopeType, id: string) => ({ type, id });
const envScope = (id = emu.environmentId) => scope("ENVIRONMENT", id);
const orgScope = () => scope("ORGANIZATION", emu.organizationId);
const userRas = (userIndex = 0) => {
  const u = emu.users[userIndex];
  return `/environments/${u.environmentId}/users/${u.id}/roleAssignments`;
};
const assign = (path: string, roleName: string, s: { type: string; id: string }, client = api) =>
  client.post(path, { role: { id: roles[roleName].id }, scope: s });

async function population(envId: string): Promise<string> {
  return (await api.get(`/environments/${envId}/populations`)).body._embedded.populations[0].id;
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
  // Read the secret first: once the app holds a role the provisioner lacks, its secret is out of the provisioner's reach.
  const secret = (await api.get(`${apps}/${app.id}/secret`)).body.secret;
  for (const [name, s] of held) expect((await assign(`${apps}/${app.id}/roleAssignments`, name, s)).status).toBe(201);
  const token = await requestToken(emu, emu.adminEnvironmentId, app.id, secret, "basic");
  return apiClient(emu, token.body.access_token);
}

const UNIQUENESS = {
  code: "INVALID_DATA",
  message: "The request could not be completed. One or more validation errors were in the request.",
  details: [{ code: "UNIQUENESS_VIOLATION", target: "role", message: "May not assign duplicate Role" }],
};
const BROADER = {
  code: "ACCESS_FAILED",
  details: [
    { code: "INSUFFICIENT_PERMISSIONS", target: "role", message: "Must have role at the same or broader scope" },
  ],
};

describe("roles", () => {
  it("lists the built-in roles with the spec's names and applicableTo", async () => {
    const res = await api.get("/roles");
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body._embedded.roles.map((r: any) => [r.name, r.applicableTo]));
    expect(byName).toMatchObject({
      "Organization Admin": ["ORGANIZATION"],
      "Environment Admin": ["ORGANIZATION", "ENVIRONMENT"],
      "Identity Data Admin": ["ENVIRONMENT", "POPULATION"],
      "Client Application Developer": ["ORGANIZATION", "ENVIRONMENT"],
      "Identity Data Read Only": ["ENVIRONMENT", "POPULATION"],
      "Configuration Read Only": ["ORGANIZATION", "ENVIRONMENT"],
      "Application Owner": ["ENVIRONMENT", "APPLICATION"],
      "Help Desk Admin": ["ENVIRONMENT", "POPULATION"],
      "DaVinci Admin": ["ORGANIZATION", "ENVIRONMENT"],
      "DaVinci Admin Read Only": ["ORGANIZATION", "ENVIRONMENT"],
    });
    expect(Object.keys(byName)).toHaveLength(19);
    const one = await api.get(`/roles/${roles["Environment Admin"].id}`);
    expect(one.body.name).toBe("Environment Admin");
  });

  it("GET environment gives organization.id", async () => {
    const res = await api.get(`/environments/${emu.environmentIds[1]}`);
    expect(res.body).toMatchObject({
      id: emu.environmentIds[1],
      organization: { id: emu.organizationId },
      type: "SANDBOX",
      region: "NA",
    });
    expect(res.body.license.id).toMatch(/-/);
  });
});

describe("users", () => {
  it("filters by username and by email (SCIM eq), and reads one user", async () => {
    const bob = emu.users.find((u) => u.username === "bob")!;
    const byName = await api.get(
      `/environments/${bob.environmentId}/users?filter=${encodeURIComponent('username eq "bob"')}`,
    );
    expect(byName.body._embedded.users.map((u: any) => u.id)).toEqual([bob.id]);
    expect(byName.body.count).toBe(1);
    const byEmail = await api.get(
      `/environments/${bob.environmentId}/users?filter=${encodeURIComponent(`email eq "${bob.email}"`)}`,
    );
    expect(byEmail.body._embedded.users.map((u: any) => u.username)).toEqual(["bob"]);
    const none = await api.get(
      `/environments/${bob.environmentId}/users?filter=${encodeURIComponent('username eq "mallory"')}`,
    );
    expect(none.body).toMatchObject({ _embedded: { users: [] }, count: 0, size: 0 });
    const one = await api.get(`/environments/${bob.environmentId}/users/${bob.id}`);
    expect(one.body).toMatchObject({
      id: bob.id,
      username: "bob",
      email: bob.email,
      environment: { id: bob.environmentId },
    });
    const bad = await api.get(
      `/environments/${bob.environmentId}/users?filter=${encodeURIComponent('username co "b"')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ code: "INVALID_FILTER", target: "filter" });
    const otherEnv = await api.get(`/environments/${emu.environmentIds[1]}/users/${bob.id}`);
    expect(otherEnv.status).toBe(404);
  });

  it("seeded users hold no roles", async () => {
    for (let i = 0; i < emu.users.length; i++) expect((await api.get(userRas(i))).body.count).toBe(0);
  });
});

describe("user role assignments", () => {
  it("creates (201), reads, lists and deletes (204) an assignment", async () => {
    const created = await assign(userRas(), "Environment Admin", envScope());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      role: { id: roles["Environment Admin"].id },
      scope: envScope(),
      environment: { id: emu.environmentId },
      readOnly: false,
    });
    expect(created.body._links.self.href).toBe(`${emu.apiUrl}${userRas()}/${created.body.id}`);
    expect((await api.get(`${userRas()}/${created.body.id}`)).body).toEqual(created.body);
    expect((await api.get(userRas())).body._embedded.roleAssignments).toEqual([created.body]);
    expect((await api.del(`${userRas()}/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`${userRas()}/${created.body.id}`)).status).toBe(404);
  });

  it.each([
    ["Organization Admin", "ENVIRONMENT"],
    ["Identity Data Admin", "ORGANIZATION"],
    ["Environment Admin", "POPULATION"],
    ["Application Owner", "ORGANIZATION"],
    ["Application Owner", "POPULATION"],
    ["DaVinci Admin", "POPULATION"],
    ["Help Desk Admin", "APPLICATION"],
  ])("refuses %s at %s scope with details[0].target scope", async (name, type) => {
    const id =
      type === "ORGANIZATION"
        ? emu.organizationId
        : type === "POPULATION"
          ? await population(emu.environmentId)
          : emu.environmentId;
    const res = await assign(userRas(), name, scope(type as ScopeType, id));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("INVALID_DATA");
    expect(res.body.details[0].target).toBe("scope");
    expect(res.body.details[0].innerError.allowedValues).toEqual(roles[name].applicableTo);
  });

  it.each([
    ["Environment Admin", "ORGANIZATION"],
    ["Environment Admin", "ENVIRONMENT"],
    ["Identity Data Admin", "ENVIRONMENT"],
    ["Identity Data Admin", "POPULATION"],
    ["Help Desk Admin", "POPULATION"],
    ["Client Application Developer", "ENVIRONMENT"],
    ["Application Owner", "ENVIRONMENT"],
    ["DaVinci Admin", "ORGANIZATION"],
    ["DaVinci Admin", "ENVIRONMENT"],
    ["DaVinci Admin Read Only", "ORGANIZATION"],
    ["DaVinci Admin Read Only", "ENVIRONMENT"],
  ])("accepts %s at %s scope", async (name, type) => {
    const id =
      type === "ORGANIZATION"
        ? emu.organizationId
        : type === "POPULATION"
          ? await population(emu.environmentId)
          : emu.environmentId;
    expect((await assign(userRas(), name, scope(type as ScopeType, id))).status).toBe(201);
  });

  it("accepts Application Owner at APPLICATION scope", async () => {
    const app = (await api.post(`/environments/${emu.environmentId}/applications`, stackOneApp())).body;
    expect((await assign(userRas(), "Application Owner", scope("APPLICATION", app.id))).status).toBe(201);
  });

  it("refuses a scope id that does not exist", async () => {
    const res = await assign(userRas(), "Environment Admin", envScope("00000000-0000-4000-8000-000000000000"));
    expect(res.status).toBe(400);
    expect(res.body.details[0].target).toBe("scope");
  });

  it("refuses a duplicate, and the same role already held at a broader scope", async () => {
    expect((await assign(userRas(), "Environment Admin", envScope())).status).toBe(201);
    const dup = await assign(userRas(), "Environment Admin", envScope());
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject(UNIQUENESS);
    expect((await assign(userRas(), "Identity Data Admin", envScope())).status).toBe(201);
    const narrower = await assign(
      userRas(),
      "Identity Data Admin",
      scope("POPULATION", await population(emu.environmentId)),
    );
    expect(narrower.status).toBe(400);
    expect(narrower.body).toMatchObject(UNIQUENESS);
    // Broader than what is held is a new assignment, not a duplicate.
    expect((await assign(userRas(), "Environment Admin", orgScope())).status).toBe(201);
    // The same role in another environment is not a duplicate either.
    expect((await assign(userRas(), "Identity Data Admin", envScope(emu.environmentIds[1]))).status).toBe(201);
  });

  it("Environment Admin cannot grant Organization Admin", async () => {
    const res = await assign(userRas(), "Organization Admin", orgScope());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject(BROADER);
  });

  it("the actor must hold a granting role at the same or broader scope", async () => {
    const envAdmin = await actorHolding([["Environment Admin", envScope(emu.environmentIds[1])]]);
    const second = emu.users.find((u) => u.environmentId === emu.environmentIds[1])!;
    const secondRas = `/environments/${second.environmentId}/users/${second.id}/roleAssignments`;
    // Broader than the actor's own scope.
    expect((await assign(secondRas, "Environment Admin", orgScope(), envAdmin)).body).toMatchObject(BROADER);
    // Same scope type, another environment.
    expect(
      (await assign(secondRas, "Environment Admin", envScope(emu.environmentIds[0]), envAdmin)).body,
    ).toMatchObject(BROADER);
    // Within its scope it may grant every role but Organization Admin.
    expect((await assign(secondRas, "Identity Data Admin", envScope(emu.environmentIds[1]), envAdmin)).status).toBe(
      201,
    );
    expect((await assign(secondRas, "Environment Admin", envScope(emu.environmentIds[1]), envAdmin)).status).toBe(201);

    const helpDesk = await actorHolding([["Help Desk Admin", envScope()]]);
    // Help Desk Admin may grant only itself, and not Environment Admin.
    expect((await assign(userRas(1), "Environment Admin", envScope(), helpDesk)).body).toMatchObject(BROADER);
    expect((await assign(userRas(1), "Help Desk Admin", envScope(), helpDesk)).status).toBe(201);
  });

  it("an actor without any role in the environment gets 403", async () => {
    const other = await actorHolding([["Environment Admin", envScope(emu.environmentIds[1])]]);
    const res = await other.get(`/environments/${emu.environmentIds[0]}/applications`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("ACCESS_FAILED");
  });

  it("assignments the actor could not grant read back readOnly and cannot be deleted", async () => {
    const created = (await assign(userRas(), "Environment Admin", envScope())).body;
    const idaActor = await actorHolding([["Identity Data Admin", envScope()]]);
    const seen = await idaActor.get(`${userRas()}/${created.id}`);
    expect(seen.body.readOnly).toBe(true);
    const del = await idaActor.del(`${userRas()}/${created.id}`);
    expect(del.status).toBe(403);
    expect(del.body).toEqual({
      id: expect.any(String),
      code: "ACCESS_FAILED",
      message: "The request could not be completed. You do not have access to this resource.",
      details: [
        {
          code: "INSUFFICIENT_PERMISSIONS",
          target: "roleAssignment",
          message: `Role assignment ${created.id} cannot be deleted as it is read only`,
        },
      ],
    });
    expect((await api.get(`${userRas()}/${created.id}`)).body.readOnly).toBe(false);
    expect((await api.del(`${userRas()}/${created.id}`)).status).toBe(204);
  });
});

describe("application role assignments", () => {
  it("lists, creates and deletes an app's role assignments; the provisioner holds Environment Admin at organization scope", async () => {
    const provisioner = `/environments/${emu.adminEnvironmentId}/applications/${emu.clientId}/roleAssignments`;
    const list = await api.get(provisioner);
    expect(list.body._embedded.roleAssignments.map((ra: any) => [ra.role.id, ra.scope])).toEqual([
      [roles["Environment Admin"].id, orgScope()],
    ]);
    const app = (await api.post(`/environments/${emu.environmentId}/applications`, stackOneApp())).body;
    const path = `/environments/${emu.environmentId}/applications/${app.id}/roleAssignments`;
    const ra = await assign(path, "Client Application Developer", envScope());
    expect(ra.status).toBe(201);
    expect((await assign(path, "Client Application Developer", envScope())).body).toMatchObject(UNIQUENESS);
    expect((await api.del(`${path}/${ra.body.id}`)).status).toBe(204);
    expect((await api.get(path)).body.count).toBe(0);
  });
});
