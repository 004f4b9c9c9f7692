/**
 * Management API calls made with a signed-in user's token are authorised by the user's roles (the 403 trap), and
 * the read-only configuration families that show the difference between the roles.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STACKONE_REDIRECT_URI } from "../components/workerAppPlan";
import { MESSAGES } from "./errors";
import { effectiveUserRoles, satisfiesGroupPolicy } from "./rules/groupMembership";
import { EmulatorServer } from "./server";
import type { EmulatorInfo } from "./types";
import {
  Api,
  apiClient,
  authorizeUrl,
  createSignInApp,
  noRedirect,
  provisionerToken,
  roleId,
  signIn,
  submitSignOn,
  tokenRequest,
} from "./testing";

let server: EmulatorServer;
let info: Required<EmulatorInfo>;
let api: Api;
let env: string;
let otherEnv: string;
let alice: EmulatorInfo["users"][number];

beforeAll(async () => {
  server = new EmulatorServer({ seed: 31 });
  await server.listen();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  server.reset();
  info = server.info();
  api = apiClient(info, await provisionerToken(info));
  env = info.environmentId;
  otherEnv = info.environmentIds[1];
  alice = info.users.find((u) => u.username === "alice")!;
});

async function grant(name: string, scope: { id: string; type: string }): Promise<string> {
  const res = await api.post(`/environments/${env}/users/${alice.id}/roleAssignments`, {
    role: { id: await roleId(api, name) },
    scope,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Alice signs in to a fresh StackOne app and exchanges the code: her access token. */
async function aliceToken(): Promise<Api> {
  const app = await createSignInApp(api, env);
  const { location } = await signIn(
    info,
    env,
    { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid profile email" },
    "alice",
    alice.password,
  );
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`sign-in refused: ${location}`);
  const res = await tokenRequest(
    info,
    env,
    { grant_type: "authorization_code", code, redirect_uri: STACKONE_REDIRECT_URI },
    { id: app.id, secret: app.secret, auth: "post" },
  );
  expect(res.status).toBe(200);
  return apiClient(info, res.body.access_token);
}

/** One GET of every family, in `envId`. */
async function paths(envId: string): Promise<Record<string, string>> {
  const first = async (collection: string) =>
    (await api.get(`/environments/${envId}/${collection}`)).body._embedded[collection][0].id;
  const user = info.users.find((u) => u.environmentId === envId)!;
  return {
    users: `/environments/${envId}/users`,
    user: `/environments/${envId}/users/${user.id}`,
    userRoleAssignments: `/environments/${envId}/users/${user.id}/roleAssignments`,
    populations: `/environments/${envId}/populations`,
    applications: `/environments/${envId}/applications`,
    signOnPolicies: `/environments/${envId}/signOnPolicies`,
    signOnPolicy: `/environments/${envId}/signOnPolicies/${await first("signOnPolicies")}`,
    passwordPolicies: `/environments/${envId}/passwordPolicies`,
    passwordPolicy: `/environments/${envId}/passwordPolicies/${await first("passwordPolicies")}`,
    identityProviders: `/environments/${envId}/identityProviders`,
    identityProvider: `/environments/${envId}/identityProviders/${await first("identityProviders")}`,
    certificates: `/environments/${envId}/certificates`,
    certificate: `/environments/${envId}/certificates/${await first("certificates")}`,
    resources: `/environments/${envId}/resources`,
    environment: `/environments/${envId}`,
  };
}

async function statuses(client: Api, envId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, path] of Object.entries(await paths(envId))) out[name] = (await client.get(path)).status;
  return out;
}

const all = (status: number, names: string[]) => Object.fromEntries(names.map((n) => [n, status]));
const FAMILIES = [
  "users",
  "user",
  "userRoleAssignments",
  "populations",
  "applications",
  "signOnPolicies",
  "signOnPolicy",
  "passwordPolicies",
  "passwordPolicy",
  "identityProviders",
  "identityProvider",
  "certificates",
  "certificate",
  "resources",
  "environment",
];
const IDENTITY = ["users", "user", "userRoleAssignments", "populations", "applications"];

describe("a signed-in user's token is authorised by the user's roles", () => {
  it("no admin role: 403 on every call, with PingOne's body", async () => {
    const raId = await grant("Environment Admin", { id: env, type: "ENVIRONMENT" });
    const alices = await aliceToken();
    expect((await alices.get(`/environments/${env}/users`)).status).toBe(200);
    expect((await api.del(`/environments/${env}/users/${alice.id}/roleAssignments/${raId}`)).status).toBe(204);
    expect(await statuses(alices, env)).toEqual(all(403, FAMILIES));
    expect((await alices.get("/roles")).status).toBe(403);
    const res = await alices.get(`/environments/${env}/users`);
    expect(Object.keys(res.body).sort()).toEqual(["code", "id", "message"]);
    expect(res.body).toMatchObject({ code: "ACCESS_FAILED", message: MESSAGES.ACCESS_FAILED });
  });

  it("a user whose only role is Client Application Developer signs in (an admin) but lists no users: 403", async () => {
    await grant("Client Application Developer", { id: env, type: "ENVIRONMENT" });
    const alices = await aliceToken();
    expect((await alices.get(`/environments/${env}/applications`)).status).toBe(200);
    expect((await alices.get(`/environments/${env}/users`)).status).toBe(403);
  });

  it("Identity Data Admin (environment): users, populations, applications; 403 on sign-on and password policies, IdPs and certificates", async () => {
    await grant("Identity Data Admin", { id: env, type: "ENVIRONMENT" });
    const alices = await aliceToken();
    expect(await statuses(alices, env)).toEqual({ ...all(403, FAMILIES), ...all(200, IDENTITY) });
    expect(await statuses(alices, otherEnv)).toEqual(all(403, FAMILIES));
    expect((await alices.get("/roles")).status).toBe(200);
    const environments = await alices.get("/environments");
    expect(environments.status).toBe(200);
    expect(environments.body._embedded.environments.map((e: any) => e.id)).toEqual([env]);
  });

  it("Environment Admin (environment): everything in its environment, nothing in another", async () => {
    await grant("Environment Admin", { id: env, type: "ENVIRONMENT" });
    const alices = await aliceToken();
    expect(await statuses(alices, env)).toEqual(all(200, FAMILIES));
    expect(await statuses(alices, otherEnv)).toEqual(all(403, FAMILIES));
  });

  it("Organization Admin (organization): everything in every environment of the organization", async () => {
    // The provisioner cannot grant Organization Admin (it holds Environment Admin): the assignment is seeded.
    server.world.roleAssignments.push({
      id: "0f0f0f0f-0000-4000-8000-000000000001",
      environmentId: env,
      principal: { kind: "user", id: alice.id },
      roleId: await roleId(api, "Organization Admin"),
      scope: { id: info.organizationId, type: "ORGANIZATION" },
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    const alices = await aliceToken();
    expect(await statuses(alices, env)).toEqual(all(200, FAMILIES));
    expect(await statuses(alices, otherEnv)).toEqual(all(200, FAMILIES));
  });

  it("application tokens keep the application's rules: the provisioner (Environment Admin, organization) reads every family", async () => {
    expect(await statuses(api, env)).toEqual(all(200, FAMILIES));
  });
});

describe("roles through groups and the group membership policy", () => {
  /** Alice joins the seeded Administrators group of her environment (through the API, as a console user would). */
  async function joinGroup(): Promise<string> {
    const group = info.groups.find((g) => g.environmentId === env)!;
    const res = await api.post(`/environments/${env}/users/${alice.id}/memberOfGroups`, { id: group.id });
    expect(res.status).toBe(201);
    return group.id;
  }

  it("a role held by the user's group lets the user sign in and call the API with it", async () => {
    const group = await joinGroup();
    const ra = await api.post(`/environments/${env}/groups/${group}/roleAssignments`, {
      role: { id: await roleId(api, "Identity Data Admin") },
      scope: { id: env, type: "ENVIRONMENT" },
    });
    expect(ra.status).toBe(201);
    const alices = await aliceToken();
    expect((await alices.get(`/environments/${env}/users`)).status).toBe(200);
    expect((await alices.get(`/environments/${env}/certificates`)).status).toBe(403);
    // Leaving the group takes the role away at once.
    expect((await api.del(`/environments/${env}/users/${alice.id}/memberOfGroups/${group}`)).status).toBe(204);
    expect((await alices.get(`/environments/${env}/users`)).status).toBe(403);
  });

  it("a member of the required group passes the app's group membership policy; a non-member is refused", async () => {
    await grant("Environment Admin", { id: env, type: "ENVIRONMENT" });
    const group = info.groups.find((g) => g.environmentId === env)!.id;
    const app = await createSignInApp(api, env, {
      accessControl: { role: { type: "ADMIN_USERS_ONLY" }, group: { type: "ALL_GROUPS", groups: [{ id: group }] } },
    });
    const request = { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid" };
    const refused = await signIn(info, env, request, "alice", alice.password);
    expect(refused.location.searchParams.get("error")).toBe("access_denied");
    await joinGroup();
    const admitted = await signIn(info, env, request, "alice", alice.password);
    expect([...admitted.location.searchParams.keys()]).toEqual(["code"]);
  });

  it("a disabled user cannot sign in, and the token a user holds stops working once the user is disabled", async () => {
    await grant("Environment Admin", { id: env, type: "ENVIRONMENT" });
    const alices = await aliceToken();
    expect((await api.put(`/environments/${env}/users/${alice.id}/enabled`, { enabled: false })).status).toBe(200);
    expect((await alices.get(`/environments/${env}/users`)).status).toBe(401);
    const app = await createSignInApp(api, env);
    const start = await noRedirect(
      authorizeUrl(info, env, { clientId: app.id, redirectUri: STACKONE_REDIRECT_URI, scope: "openid" }),
    );
    const page = await submitSignOn(start.location!, "alice", alice.password);
    expect(page.status).toBe(401);
    expect(page.body).toContain('<p role="alert" class="error">This account is disabled.</p>');
  });

  it("a user's roles include those of the groups the user belongs to", () => {
    const world = server.world;
    const ra = {
      id: "g-ra",
      environmentId: env,
      principal: { kind: "group" as const, id: "group-1" },
      roleId: "r",
      scope: { id: env, type: "ENVIRONMENT" as const },
      createdAt: "",
    };
    const directory = {
      groupIdsOf: () => ["group-1"],
      roleAssignmentsOf: (_w: unknown, id: string) => (id === "group-1" ? [ra] : []),
    };
    expect(effectiveUserRoles(world, alice.id, directory)).toEqual([ra]);
    expect(effectiveUserRoles(world, alice.id)).toEqual([]);
  });

  it("ANY_GROUP needs one listed group, ALL_GROUPS every one; no policy lets anyone in", () => {
    const policy = (type: "ANY_GROUP" | "ALL_GROUPS") => ({ type, groups: [{ id: "a" }, { id: "b" }] });
    expect(satisfiesGroupPolicy(policy("ANY_GROUP"), ["b"])).toBe(true);
    expect(satisfiesGroupPolicy(policy("ANY_GROUP"), ["c"])).toBe(false);
    expect(satisfiesGroupPolicy(policy("ALL_GROUPS"), ["a"])).toBe(false);
    expect(satisfiesGroupPolicy(policy("ALL_GROUPS"), ["b", "a"])).toBe(true);
    expect(satisfiesGroupPolicy(undefined, [])).toBe(true);
  });
});

describe("redirect URI patterns", () => {
  it("a stored pattern matches only while allowWildcardInRedirectUris is true", async () => {
    const app = await createSignInApp(api, env, {
      redirectUris: ["https://*.example.com/callback"],
      allowWildcardInRedirectUris: true,
    });
    const url = authorizeUrl(info, env, {
      clientId: app.id,
      redirectUri: "https://tenant.example.com/callback",
      scope: "openid",
    });
    expect((await noRedirect(url)).status).toBe(302);
    // The API refuses to store a pattern without the flag; a world changed by hand (a state file) can hold one.
    server.world.applications.find((a) => a.id === app.id)!.body.allowWildcardInRedirectUris = false;
    const refused = await noRedirect(url);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_request");
  });
});

describe("sign-on policies, password policies, identity providers, certificates", () => {
  it("are listed per environment and read one by one; an unknown id is 404", async () => {
    const names = async (collection: string) =>
      (await api.get(`/environments/${env}/${collection}`)).body._embedded[collection].map((o: any) => o.name);
    expect(await names("signOnPolicies")).toEqual(["Single_Factor", "Multi_Factor"]);
    expect(await names("passwordPolicies")).toEqual(["Standard", "Basic"]);
    expect(await names("identityProviders")).toEqual(["Corporate SAML"]);
    expect(await names("certificates")).toEqual(["Signing certificate"]);
    const list = (await api.get(`/environments/${env}/signOnPolicies`)).body;
    expect(list.count).toBe(2);
    const one = await api.get(`/environments/${env}/signOnPolicies/${list._embedded.signOnPolicies[0].id}`);
    expect(one.body).toEqual({
      _links: {
        self: { href: `${info.apiUrl}/environments/${env}/signOnPolicies/${list._embedded.signOnPolicies[0].id}` },
        environment: { href: `${info.apiUrl}/environments/${env}` },
      },
      id: list._embedded.signOnPolicies[0].id,
      environment: { id: env },
      name: "Single_Factor",
      description: "A sign-on policy that requires a username and password.",
      default: true,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    });
    const otherEnvs = (await api.get(`/environments/${otherEnv}/signOnPolicies`)).body._embedded.signOnPolicies.map(
      (p: any) => p.id,
    );
    expect(otherEnvs).not.toContain(one.body.id);
    expect((await api.get(`/environments/${otherEnv}/signOnPolicies/${one.body.id}`)).status).toBe(404);
    expect((await api.post(`/environments/${env}/signOnPolicies`, { name: "x" })).status).toBe(405);
  });
});
