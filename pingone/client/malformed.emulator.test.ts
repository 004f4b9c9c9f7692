/**
 * A 2xx answer that is not the collection it should be is an error naming the operation — never an empty list: over
 * loopback HTTP against the emulator, whose `malformed` fault answers 200 with a given body in place of the real one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PingOneClient } from "./client";
import type { ApplicationOidcBody } from "./types";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ seed: 11 });
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => emu.reset());

function client(): PingOneClient {
  return new PingOneClient({
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 100, propagationTimeoutMs: 500 },
  });
}

const app: ApplicationOidcBody = {
  name: "StackOne Integration",
  type: "WORKER",
  protocol: "OPENID_CONNECT",
  enabled: true,
  grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
  responseTypes: ["CODE"],
  redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
  tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
};

/** Malformed bodies, each with what the error says of it. */
const BODIES: [label: string, body: string, problem: (name: string) => string][] = [
  ["an empty body", "", () => "the body is not JSON (empty or cut short)"],
  ["null", "null", () => "the body is null, not a collection"],
  [
    "a cut document",
    '{"_links":{"self":{"href":"x"}},"_embedded":{"items":[{"id":"a"',
    () => "the body is not JSON (empty or cut short)",
  ],
  ["an empty object", "{}", (name) => `no _embedded.${name} and no count or size of 0`],
  [
    "another collection",
    '{"_embedded":{"somethingElse":[]},"count":3}',
    (name) => `no _embedded.${name} and no count or size of 0`,
  ],
  [
    "a collection that is no array",
    '{"_embedded":{"NAME":{}},"count":1}',
    (name) => `_embedded.${name} is not an array`,
  ],
  [
    "items without ids",
    '{"_embedded":{"NAME":[{"name":"x"}]},"count":1}',
    (name) => `_embedded.${name}[0] is not an object with an id`,
  ],
  ["an array", "[]", () => "the body is an array, not a collection"],
];

interface ListCase {
  operation: string;
  embedded: string;
  path: string;
  read: (c: PingOneClient, ids: { app: string; user: string; group: string; resource: string }) => Promise<unknown>;
}

/** Every list the provider reads. */
const LISTS: ListCase[] = [
  {
    operation: "list applications",
    embedded: "applications",
    path: "/applications$",
    read: (c) => c.listApplications(emu.environmentId),
  },
  {
    operation: "list application grants",
    embedded: "grants",
    path: "/grants$",
    read: (c, ids) => c.listApplicationGrants(emu.environmentId, ids.app),
  },
  {
    operation: "list application role assignments",
    embedded: "roleAssignments",
    path: "/applications/[^/]+/roleAssignments$",
    read: (c, ids) => c.listApplicationRoleAssignments(emu.environmentId, ids.app),
  },
  { operation: "list roles", embedded: "roles", path: "^/v1/roles$", read: (c) => c.listRoles() },
  {
    operation: "find user by username",
    embedded: "users",
    path: "/users$",
    read: (c) => c.findUserByUsername(emu.environmentId, emu.users[0].username),
  },
  {
    operation: "list user role assignments",
    embedded: "roleAssignments",
    path: "/users/[^/]+/roleAssignments$",
    read: (c, ids) => c.listUserRoleAssignments(emu.environmentId, ids.user),
  },
  {
    operation: "list user group memberships",
    embedded: "groupMemberships",
    path: "/memberOfGroups$",
    read: (c, ids) => c.listUserGroupMemberships(emu.environmentId, ids.user),
  },
  {
    operation: "find group by name",
    embedded: "groups",
    path: "/groups$",
    read: (c) => c.findGroupByName(emu.environmentId, "Administrators"),
  },
  {
    operation: "list group role assignments",
    embedded: "roleAssignments",
    path: "/groups/[^/]+/roleAssignments$",
    read: (c, ids) => c.listGroupRoleAssignments(emu.environmentId, ids.group),
  },
  {
    operation: "list resources",
    embedded: "resources",
    path: "/resources$",
    read: (c) => c.listResources(emu.environmentId),
  },
  {
    operation: "list resource scopes",
    embedded: "scopes",
    path: "/scopes$",
    read: (c, ids) => c.listResourceScopes(emu.environmentId, ids.resource),
  },
];

async function ids(c: PingOneClient) {
  const created = await c.createApplication(emu.environmentId, app);
  const resource = (await c.listResources(emu.environmentId)).find((r) => r.name === "openid");
  const group = await c.findGroupByName(emu.environmentId, "Administrators");
  return {
    app: created.id,
    user: emu.users.find((u) => u.environmentId === emu.environmentId)!.id,
    group: group!.id,
    resource: resource!.id,
  };
}

describe.each(LISTS)("$operation", (list) => {
  it.each(BODIES)("a 200 with %s is an error naming the operation", async (_label, body, problem) => {
    const c = client();
    const known = await ids(c);
    emu.injectFault({
      kind: "malformed",
      body: body.replace("NAME", list.embedded),
      method: "GET",
      pathPattern: list.path,
      next: 1,
    });
    await expect(list.read(c, known)).rejects.toThrow(
      `PingOne ${list.operation} failed: 200 malformed response: ${problem(list.embedded)}; the answer is not read as an empty list`,
    );
  });

  it("a well-formed empty page (count 0, no _embedded, as PingOne's description allows) is an empty list", async () => {
    const c = client();
    const known = await ids(c);
    emu.injectFault({
      kind: "malformed",
      body: '{"_links":{"self":{"href":"x"}},"count":0,"size":0}',
      method: "GET",
      pathPattern: list.path,
      next: 1,
    });
    const read = await list.read(c, known);
    expect(read).toEqual(list.operation.startsWith("find") ? undefined : []);
  });
});

describe("a malformed list makes no change", () => {
  it("create application: a null list answer stops before the POST (no second app of the name)", async () => {
    const c = client();
    await c.createApplication(emu.environmentId, app);
    emu.clearRequests();
    emu.injectFault({ kind: "malformed", body: "null", method: "GET", pathPattern: "/applications$", next: 1 });
    await expect(c.createApplication(emu.environmentId, app)).rejects.toThrow(
      "PingOne list applications failed: 200 malformed response: the body is null, not a collection; the answer is not read as an empty list",
    );
    expect(
      emu
        .requests()
        .filter((r) => r.path.endsWith("/applications"))
        .map((r) => [r.method, r.fault]),
    ).toEqual([["GET", "malformed"]]);
    expect((await c.listApplications(emu.environmentId)).map((a) => a.name)).toEqual(["StackOne Integration"]);
  });
});
