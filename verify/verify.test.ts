/**
 * verify against the real emulator over loopback: the app and the sign-in user's role provisioned through the
 * project's client and core (not Pulumi), then each way StackOne's connection breaks, changed out of band.
 */
import { createServer } from "http";
import type { AddressInfo } from "net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planWorkerApp, STACKONE_REDIRECT_URI, WorkerAppPlan } from "../components/workerAppPlan";
import { apiClient, provisionerToken, signIn, tokenRequest } from "../emulator/testing";
import { startEmulator, type RunningEmulator } from "../emulator";
import { PingOneClient, type PingOneClientOptions } from "../pingone/client";
import {
  createApplication,
  createApplicationSecret,
  createResourceGrant,
  createUserRoleAssignment,
  buildUpdateBody,
} from "../pingone/core";
import { formatReport, runVerify, type VerifyReport, type VerifyTarget } from "./index";

/** The plan's admin role, given to the user directly: verify accepts a role held directly or through a group. */
const roleOf = (p: WorkerAppPlan) => ({ roleName: p.signInGroupRole.roleName, scopeType: p.signInGroupRole.scopeType });

let emu: RunningEmulator;
let provisioner: PingOneClientOptions;
let client: PingOneClient;
let plan: WorkerAppPlan;
let target: VerifyTarget;
let appId: string;
let assignmentId: string;
let alice: RunningEmulator["users"][number];

beforeAll(async () => {
  emu = await startEmulator({ seed: 41 });
});
afterAll(async () => {
  await emu.stop();
});

/** The guide's connection, provisioned through the core: the app, its openid grant, its secret, alice's role. */
async function provision(adminRole: "EnvironmentAdmin" | "IdentityDataAdmin" = "EnvironmentAdmin"): Promise<void> {
  plan = planWorkerApp({ environmentId: emu.environmentId, signInUsername: "alice", adminRole });
  const app = await createApplication(
    client,
    plan.application,
    "urn:pulumi:verify::stackone-pingone::pingone:index:Application::app",
  );
  appId = app.applicationId;
  await createResourceGrant(client, { ...plan.openidGrant, applicationId: appId });
  const secret = await createApplicationSecret(client, { ...plan.secret, applicationId: appId });
  const role = await createUserRoleAssignment(client, {
    environmentId: emu.environmentId,
    username: "alice",
    ...roleOf(plan),
  });
  assignmentId = role.assignmentId;
  target = {
    environmentId: emu.environmentId,
    clientId: app.clientId,
    clientSecret: secret.secret,
    signIn: { username: "alice" },
    provisioner,
  };
}

beforeEach(async () => {
  emu.reset();
  alice = emu.users.find((u) => u.username === "alice")!;
  provisioner = {
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
  };
  client = new PingOneClient(provisioner);
  await provision();
});

const statusOf = (report: VerifyReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
const check = (report: VerifyReport, id: string) => report.checks.find((c) => c.id === id)!;
const ALL = [
  "token-endpoint",
  "authorize-endpoint",
  "application",
  "application-settings",
  "application-roles",
  "sign-in-user",
  "sign-in-user-role",
  "connection-sign-in",
  "connection-token",
  "connection-api-call",
  "connection-refresh",
];
const allPass = Object.fromEntries(ALL.map((id) => [id, "pass"]));

/** Changes the live application out of band (as someone in the console would) through the client. */
async function editApp(change: Record<string, unknown>): Promise<void> {
  const live = (await client.getApplication(emu.environmentId, appId))!;
  const body = { ...buildUpdateBody(live, plan.application), ...change };
  await client.updateApplication(emu.environmentId, appId, body as never);
}

describe("verify", () => {
  it("passes on the guide's connection, including the simulated sign-in, code exchange, user's API call and refresh", async () => {
    const report = await runVerify(target);
    expect(statusOf(report)).toEqual(allPass);
    expect(report).toMatchObject({ ok: true, coverage: "full", simulated: true, signIn: { username: "alice" } });
    expect(check(report, "sign-in-user-role").detail).toBe(
      `user alice holds Environment Admin at ENVIRONMENT ${emu.environmentId} (directly): full coverage: every StackOne API call in the environment`,
    );
    const text = formatReport(report);
    expect(text.split("\n")[1]).toBe(
      "PASS  Token endpoint accepts the client (Client Secret Post): a dummy code with the client's credentials in the form body is invalid_grant: the client authenticated. Prevents: StackOne's connection fails right after sign-in with invalid_client.",
    );
    for (const secret of [target.clientSecret, emu.clientSecret, alice.password]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(report)).not.toContain(secret);
    }
  });

  it("the 403 trap: without the user's role, Management API calls answer 403 and verify names the missing role", async () => {
    // A token alice obtained while she held the role stops working the moment it is removed.
    const { location } = await signIn(
      emu,
      emu.environmentId,
      { clientId: target.clientId, redirectUri: STACKONE_REDIRECT_URI, scope: "openid" },
      "alice",
      alice.password,
    );
    const tokens = await tokenRequest(
      emu,
      emu.environmentId,
      {
        grant_type: "authorization_code",
        code: location.searchParams.get("code")!,
        redirect_uri: STACKONE_REDIRECT_URI,
      },
      { id: target.clientId, secret: target.clientSecret, auth: "post" },
    );
    await client.deleteUserRoleAssignment(emu.environmentId, alice.id, assignmentId);
    const users = await apiClient(emu, tokens.body.access_token).get(`/environments/${emu.environmentId}/users`);
    expect(users.status).toBe(403);
    expect(users.body.code).toBe("ACCESS_FAILED");

    const report = await runVerify(target);
    expect(report.ok).toBe(false);
    expect(report.coverage).toBe("none");
    expect(check(report, "sign-in-user-role")).toMatchObject({
      status: "fail",
      detail: `user alice holds none of Environment Admin at ENVIRONMENT ${emu.environmentId}, Identity Data Admin at ENVIRONMENT ${emu.environmentId}, Organization Admin at ORGANIZATION ${emu.organizationId}: missing role "Environment Admin" at ENVIRONMENT scope — every StackOne API call will answer 403`,
      prevents: "the 403 trap: the connection succeeds, then every StackOne API call answers 403",
    });
    expect(check(report, "connection-sign-in").detail).toMatch(
      /^PingOne sent the user back to StackOne with access_denied: The user is not an administrator/,
    );
    expect(statusOf(report)).toMatchObject({
      "connection-token": "skip",
      "connection-api-call": "skip",
      "connection-refresh": "skip",
    });
  });

  it("a sign-in user who is an admin but holds none of the guide's roles signs in, then StackOne's calls answer 403", async () => {
    await client.deleteUserRoleAssignment(emu.environmentId, alice.id, assignmentId);
    const roles = await client.listRoles();
    await client.createUserRoleAssignment(
      emu.environmentId,
      alice.id,
      roles.find((r) => r.name === "Client Application Developer")!.id,
      { id: emu.environmentId, type: "ENVIRONMENT" },
    );
    const report = await runVerify(target);
    expect(statusOf(report)).toMatchObject({
      "sign-in-user-role": "fail",
      "connection-sign-in": "pass",
      "connection-token": "pass",
      "connection-api-call": "fail",
    });
    expect(check(report, "connection-api-call").detail).toMatch(
      new RegExp(
        `^the 403 trap: PingOne authorises by alice's roles, and they do not reach users in environment ${emu.environmentId} \\(PingOne find user by username failed: 403 ACCESS_FAILED`,
      ),
    );
  });

  it("a disabled application: the app check, the token endpoint and the authorization endpoint fail", async () => {
    await editApp({ enabled: false });
    const report = await runVerify(target);
    expect(check(report, "application")).toMatchObject({
      status: "fail",
      detail: `application "StackOne Integration" (${appId}): it is disabled`,
    });
    expect(check(report, "token-endpoint").detail).toBe(
      "PingOne refused the client's credentials sent in the form body (invalid_client: Client authentication failed: the application is disabled): the client secret is wrong, the application is disabled, or its Token Endpoint Authentication Method is not Client Secret Post",
    );
    expect(check(report, "authorize-endpoint").detail).toBe(
      `PingOne answered unauthorized_client: The application ${appId} is disabled`,
    );
    expect(check(report, "application-settings").detail).toBe("enabled is false, expected true");
  });

  it("CLIENT_SECRET_BASIC instead of Client Secret Post: invalid_client at the token endpoint", async () => {
    await editApp({ tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC" });
    const report = await runVerify(target);
    expect(check(report, "token-endpoint")).toMatchObject({
      status: "fail",
      detail:
        "PingOne refused the client's credentials sent in the form body (invalid_client: Client authentication failed: the application requires CLIENT_SECRET_BASIC, the request used CLIENT_SECRET_POST): the client secret is wrong, the application is disabled, or its Token Endpoint Authentication Method is not Client Secret Post",
      fix: "Copy the client secret again from the application's Configuration tab, and set Token Endpoint Authentication Method to Client Secret Post",
    });
    expect(check(report, "application-settings").detail).toBe(
      'tokenEndpointAuthMethod is "CLIENT_SECRET_BASIC", expected "CLIENT_SECRET_POST"',
    );
    expect(check(report, "connection-token").status).toBe("fail");
  });

  it("a changed redirect URI: the authorization endpoint refuses StackOne's request", async () => {
    await editApp({ redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback/"] });
    const report = await runVerify(target);
    expect(check(report, "authorize-endpoint")).toMatchObject({
      status: "fail",
      detail: `PingOne answered invalid_request: redirect_uri "${STACKONE_REDIRECT_URI}" does not match any redirect URI of the application (registered: ${STACKONE_REDIRECT_URI}/); PingOne compares them exactly — the application's Redirect URIs must contain ${STACKONE_REDIRECT_URI} exactly`,
    });
    expect(check(report, "application-settings").detail).toBe(
      `redirectUris is ["${STACKONE_REDIRECT_URI}/"], expected ["${STACKONE_REDIRECT_URI}"]`,
    );
    expect(check(report, "connection-sign-in").status).toBe("fail");
  });

  it("Identity Data Admin instead: verify passes and reports identity-only coverage", async () => {
    await client.deleteUserRoleAssignment(emu.environmentId, alice.id, assignmentId);
    const ida = planWorkerApp({
      environmentId: emu.environmentId,
      signInUsername: "alice",
      adminRole: "IdentityDataAdmin",
    });
    await createUserRoleAssignment(client, { environmentId: emu.environmentId, username: "alice", ...roleOf(ida) });
    const report = await runVerify(target);
    expect(statusOf(report)).toEqual(allPass);
    expect(report.coverage).toBe("identity-only");
    expect(check(report, "sign-in-user-role").detail).toBe(
      `user alice holds Identity Data Admin at ENVIRONMENT ${emu.environmentId} (directly): identity-only coverage: users, groups, populations and applications; StackOne calls on sign-on policies, password policies, identity providers or certificates answer 403`,
    );
    expect(formatReport(report)).toContain("role coverage: identity-only (users, groups, populations, applications)");
  });

  it("a role held through a group counts: verify passes and says so", async () => {
    await client.deleteUserRoleAssignment(emu.environmentId, alice.id, assignmentId);
    const api = apiClient(emu, await provisionerToken(emu));
    const group = emu.groups!.find((g) => g.environmentId === emu.environmentId)!;
    expect(
      (await api.post(`/environments/${emu.environmentId}/users/${alice.id}/memberOfGroups`, { id: group.id })).status,
    ).toBe(201);
    const roles = await client.listRoles();
    const ra = await api.post(`/environments/${emu.environmentId}/groups/${group.id}/roleAssignments`, {
      role: { id: roles.find((r) => r.name === "Environment Admin")!.id },
      scope: { id: emu.environmentId, type: "ENVIRONMENT" },
    });
    expect(ra.status).toBe(201);
    const report = await runVerify(target);
    expect(statusOf(report)).toEqual(allPass);
    expect(check(report, "sign-in-user-role").detail).toBe(
      `user alice holds Environment Admin at ENVIRONMENT ${emu.environmentId} (through group ${group.name}): full coverage: every StackOne API call in the environment`,
    );
  });

  it("Identity Data Admin held directly and Environment Admin through a group: full coverage, through the group", async () => {
    await client.deleteUserRoleAssignment(emu.environmentId, alice.id, assignmentId);
    const roles = await client.listRoles();
    const id = (name: string) => roles.find((r) => r.name === name)!.id;
    await client.createUserRoleAssignment(emu.environmentId, alice.id, id("Identity Data Admin"), {
      id: emu.environmentId,
      type: "ENVIRONMENT",
    });
    const group = await client.createGroup(emu.environmentId, { name: "StackOne Integration sign-in users" });
    await client.createGroupRoleAssignment(emu.environmentId, group.id, id("Environment Admin"), {
      id: emu.environmentId,
      type: "ENVIRONMENT",
    });
    await client.addUserToGroup(emu.environmentId, alice.id, group.id);
    const report = await runVerify(target);
    expect(statusOf(report)).toEqual(allPass);
    expect(report.coverage).toBe("full");
    expect(check(report, "sign-in-user-role").detail).toBe(
      `user alice holds Environment Admin at ENVIRONMENT ${emu.environmentId} (through group StackOne Integration sign-in users): full coverage: every StackOne API call in the environment`,
    );
  });

  it("a disabled sign-in user fails the user check and the simulated sign-in", async () => {
    const api = apiClient(emu, await provisionerToken(emu));
    expect(
      (await api.put(`/environments/${emu.environmentId}/users/${alice.id}/enabled`, { enabled: false })).status,
    ).toBe(200);
    const report = await runVerify(target);
    expect(check(report, "sign-in-user")).toMatchObject({
      status: "fail",
      detail: `user alice (${alice.id}) is disabled`,
    });
    expect(check(report, "connection-sign-in").detail).toBe(
      "the sign-on page refused the sign-in: a wrong password, or the account is disabled",
    );
  });

  it("an application that holds roles, and a wrong client id", async () => {
    const api = apiClient(emu, await provisionerToken(emu));
    const roles = await client.listRoles();
    await api.post(`/environments/${emu.environmentId}/applications/${appId}/roleAssignments`, {
      role: { id: roles.find((r) => r.name === "Identity Data Admin")!.id },
      scope: { id: emu.environmentId, type: "ENVIRONMENT" },
    });
    const report = await runVerify(target);
    expect(check(report, "application-roles").detail).toBe(
      `the application holds Identity Data Admin at ENVIRONMENT ${emu.environmentId}`,
    );
    const wrong = await runVerify({ ...target, clientId: "00000000-0000-4000-8000-000000000000" });
    expect(check(wrong, "application").detail).toBe(
      `no application with client ID 00000000-0000-4000-8000-000000000000 in environment ${emu.environmentId}`,
    );
    expect(statusOf(wrong)).toMatchObject({ "application-settings": "skip", "application-roles": "skip" });
  });

  it("a redirect back to StackOne without the request's state fails the simulated sign-in", async () => {
    // A proxy in front of the emulator that drops `state` from every redirect, as a broken sign-on would.
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(`${emu.authUrl}${req.url}`, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length"),
        ) as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
        redirect: "manual",
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== "content-length" && k !== "transfer-encoding") headers[k] = v;
      });
      if (headers.location) {
        const to = new URL(
          headers.location.replace(emu.authUrl, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`),
        );
        to.searchParams.delete("state");
        headers.location = to.toString();
      }
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const report = await runVerify({
        ...target,
        provisioner: { ...provisioner, authUrl: `http://127.0.0.1:${port}` },
      });
      expect(check(report, "connection-sign-in")).toMatchObject({
        status: "fail",
        detail: "the redirect back to StackOne did not carry the request's state",
      });
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("skips the simulated connection when asked, and against a non-loopback auth URL", async () => {
    const report = await runVerify(target, { simulate: "never" });
    expect(report.simulated).toBe(false);
    expect(check(report, "connection-sign-in")).toMatchObject({
      status: "skip",
      detail: "simulated connection skipped: not asked for",
    });
    expect(report.ok).toBe(true);
  });
});
