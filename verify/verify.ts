/**
 * `verify`: the StackOne connection checked before StackOne tries it. Pure checks over the project's client and
 * core: the token and authorization endpoints as StackOne calls them (no user password needed), the application
 * and the sign-in user through the Management API with the provisioner's credentials, and — against the local
 * emulator, or given the user's password — the whole connection as StackOne runs it.
 */
import { createHash, randomBytes } from "crypto";
import { ADMIN_ROLES, AdminRole, planWorkerApp, WorkerAppPlan } from "../components/workerAppPlan";
import {
  isLoopbackHost,
  PingOneApiError,
  PingOneClient,
  PingOneOAuthClient,
  regionHosts,
  type Application,
  type RetryOptions,
  type RoleAssignment,
  type User,
  type UserTokens,
} from "../pingone/client";
import { applicationToOutputs, describeError, diffApplication } from "../pingone/core";
import { CHECKS, CheckId } from "./symptoms";
import type { CheckResult, CheckStatus, RoleCoverage, VerifyReport, VerifyTarget } from "./target";

/** Fields of the application that are the stack's own choice, not the guide's settings. */
const COSMETIC_FIELDS = ["name", "description", "icon", "adoptApplicationId"];

class Results {
  readonly list: CheckResult[] = [];
  add(id: CheckId, status: CheckStatus, detail: string, withFix = status === "fail"): CheckResult {
    const c = CHECKS[id];
    const result: CheckResult = { id: c.id, title: c.title, status, detail, prevents: c.prevents };
    if (withFix) result.fix = c.fix;
    this.list.push(result);
    return result;
  }
  skip(id: CheckId, why: string): void {
    this.add(id, "skip", why, false);
  }
}

/** The guide's plan for this target: the application's settings, the scopes, the redirect URI, the admin role. */
export function expectedPlan(target: VerifyTarget): WorkerAppPlan {
  const s = target.settings ?? {};
  return planWorkerApp(
    {
      ...s,
      environmentId: target.environmentId,
      ...("username" in target.signIn
        ? { signInUsername: target.signIn.username }
        : { signInUserId: target.signIn.userId }),
    },
    "verify",
  );
}

/** The auth base URL of the target's region (or its override): where StackOne signs in. */
export function authBaseUrl(target: VerifyTarget): string {
  return (target.provisioner.authUrl ?? regionHosts(target.provisioner.regionCode ?? "NA").authUrl).replace(/\/+$/, "");
}

function describeAuthError(error: { error: string; description?: string }): string {
  return `${error.error}${error.description ? `: ${error.description}` : ""}`;
}

/** The guide's three roles, each with the scope that covers the environment, and what it gives StackOne. */
interface RoleFinding {
  roleName: string;
  scope: { type: string; id: string };
  via: string;
  coverage: "full" | "identity-only";
}

/**
 * The sign-in user's assignments of the guide's roles at a scope covering the environment: Environment Admin at
 * the environment or the organization, Identity Data Admin at the environment, Organization Admin at the
 * organization — directly or through a group.
 */
export function coveringRoles(
  assignments: { assignment: RoleAssignment; via: string }[],
  roleNames: Record<string, string>,
  environmentId: string,
  organizationId: string,
): RoleFinding[] {
  const guide = Object.values(ADMIN_ROLES).map((r) => r.roleName as string);
  const out: RoleFinding[] = [];
  for (const { assignment, via } of assignments) {
    const name = roleNames[assignment.role.id];
    if (name === undefined || !guide.includes(name)) continue;
    const { type, id } = assignment.scope;
    const coversEnv =
      (type === "ENVIRONMENT" && id === environmentId) || (type === "ORGANIZATION" && id === organizationId);
    // (PingOne assigns Organization Admin only at ORGANIZATION and Identity Data Admin never there: the scope decides.)
    if (!coversEnv) continue;
    out.push({
      roleName: name,
      scope: { type, id },
      via,
      coverage: name === ADMIN_ROLES.IdentityDataAdmin.roleName ? "identity-only" : "full",
    });
  }
  return out;
}

function guideRolesText(environmentId: string, organizationId: string): string {
  return (Object.keys(ADMIN_ROLES) as AdminRole[])
    .map(
      (k) =>
        `${ADMIN_ROLES[k].roleName} at ${ADMIN_ROLES[k].scopeType} ${ADMIN_ROLES[k].scopeType === "ORGANIZATION" ? organizationId : environmentId}`,
    )
    .join(", ");
}

export interface VerifyOptions {
  /**
   * The simulated connection (sign in, code exchange, the user's API call, refresh): "auto" (default) runs it when
   * the auth URL is loopback (the local emulator, whose sign-on page can be driven); "never" skips it.
   */
  simulate?: "auto" | "never";
  /** Per-request timeout and retries for every call verify makes (tests shorten them). */
  requestTimeoutMs?: number;
  retry?: RetryOptions;
}

/** Everything the checks share: the guide's plan for the target, where StackOne signs in, and the two clients. */
interface VerifyContext {
  target: VerifyTarget;
  plan: WorkerAppPlan;
  env: string;
  redirectUri: string;
  scope: string;
  authUrl: string;
  /** The provisioner's client, for the Management API. */
  admin: PingOneClient;
  /** The application's client, for the token and authorization endpoints. */
  oauth: PingOneOAuthClient;
}

/** Runs every check; never throws for a failed check (only for an invalid target). The report holds no secret. */
export async function runVerify(target: VerifyTarget, options: VerifyOptions = {}): Promise<VerifyReport> {
  const ctx = verifyContext(target, options);
  const r = new Results();
  await checkTokenEndpoint(ctx, r);
  await checkAuthorizeEndpoint(ctx, r);
  const app = await checkApplication(ctx, r);
  await checkApplicationConfiguration(ctx, r, app);
  const user = await checkSignInUser(ctx, r);
  const coverage = await checkSignInUserRole(ctx, r, user);
  const simulated = await checkConnection(ctx, r, options, user);
  return verifyReport(ctx, r, coverage, simulated);
}

/** The guide's plan for the target, where StackOne signs in, and the clients verify calls PingOne with. */
function verifyContext(target: VerifyTarget, options: VerifyOptions): VerifyContext {
  const plan = expectedPlan(target);
  const env = target.environmentId;
  const authUrl = authBaseUrl(target);
  const common = {
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  };
  const admin = new PingOneClient({
    ...target.provisioner,
    ...common,
    ...(options.retry ? { retry: { ...target.provisioner.retry, ...options.retry } } : {}),
  });
  const oauth = new PingOneOAuthClient({
    environmentId: env,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    authUrl,
    ...common,
  });
  const redirectUri = plan.application.redirectUris[0];
  return { target, plan, env, redirectUri, scope: plan.openidGrant.scopes.join(" "), authUrl, admin, oauth };
}

/** 1. The token endpoint: a dummy code with the client's credentials in the body must be invalid_grant. */
async function checkTokenEndpoint({ oauth, redirectUri }: VerifyContext, r: Results): Promise<void> {
  try {
    const res = await oauth.token(
      [
        ["grant_type", "authorization_code"],
        ["code", `verify-${randomBytes(8).toString("hex")}`],
        ["redirect_uri", redirectUri],
      ],
      "CLIENT_SECRET_POST",
      "probe token endpoint",
    );
    const body = (res.body ?? {}) as { error?: string; error_description?: string };
    const said = body.error
      ? describeAuthError({ error: body.error, description: body.error_description })
      : `HTTP ${res.status}`;
    if (body.error === "invalid_grant")
      r.add(
        "tokenEndpoint",
        "pass",
        "a dummy code with the client's credentials in the form body is invalid_grant: the client authenticated",
      );
    else if (body.error === "invalid_client")
      r.add(
        "tokenEndpoint",
        "fail",
        `PingOne refused the client's credentials sent in the form body (${said}): the client secret is wrong, the application is disabled, or its Token Endpoint Authentication Method is not Client Secret Post`,
      );
    else if (body.error === "unauthorized_client")
      r.add(
        "tokenEndpoint",
        "fail",
        `the client authenticated, but may not use the authorization code grant (${said}): give the application the Authorization Code grant type`,
      );
    else r.add("tokenEndpoint", "fail", `expected invalid_grant for a dummy code; PingOne answered ${said}`);
  } catch (err) {
    r.add("tokenEndpoint", "fail", `the token endpoint did not answer: ${describeError(err)}`);
  }
}

/** 2. The authorization endpoint: StackOne's request must be sent on to the sign-on flow, not refused. */
async function checkAuthorizeEndpoint({ oauth, redirectUri, scope }: VerifyContext, r: Results): Promise<void> {
  try {
    const out = await oauth.authorize({ redirectUri, scope, state: "verify" });
    if (out.error) {
      const hint =
        out.error.error === "invalid_scope"
          ? ` — grant the scopes ${scope} on the application's Resources tab`
          : /redirect/i.test(out.error.description ?? "")
            ? ` — the application's Redirect URIs must contain ${redirectUri} exactly`
            : "";
      r.add(
        "authorizeEndpoint",
        "fail",
        `PingOne ${out.error.redirected ? "sent the request back to StackOne with" : "answered"} ${describeAuthError(out.error)}${hint}`,
      );
    } else if (out.status >= 300 && out.status < 400 && out.location) {
      r.add(
        "authorizeEndpoint",
        "pass",
        `redirects to the sign-on flow (client, redirect URI ${redirectUri}, response type code, scopes ${scope})`,
      );
    } else
      r.add(
        "authorizeEndpoint",
        "fail",
        `expected a redirect to the sign-on flow; PingOne answered HTTP ${out.status}`,
      );
  } catch (err) {
    r.add("authorizeEndpoint", "fail", `the authorization endpoint did not answer: ${describeError(err)}`);
  }
}

/** 3. The application, through the Management API: an enabled OIDC Worker app. */
async function checkApplication({ admin, env, target }: VerifyContext, r: Results): Promise<Application | undefined> {
  let app: Application | undefined;
  try {
    app = await admin.getApplication(env, target.clientId);
    if (!app) r.add("application", "fail", `no application with client ID ${target.clientId} in environment ${env}`);
    else {
      const problems: string[] = [];
      if (app.protocol !== "OPENID_CONNECT" || app.type !== "WORKER")
        problems.push(`it is ${app.protocol} ${app.type}, not OPENID_CONNECT WORKER`);
      if (app.enabled !== true) problems.push("it is disabled");
      if (problems.length > 0)
        r.add("application", "fail", `application "${app.name}" (${app.id}): ${problems.join("; ")}`);
      else r.add("application", "pass", `application "${app.name}" (${app.id}) is an enabled OIDC Worker app`);
    }
  } catch (err) {
    r.add("application", "fail", `could not read the application: ${describeError(err)}`);
  }
  return app;
}

/** 4–5. The application's settings are the guide's, and the application itself holds no roles. */
async function checkApplicationConfiguration(ctx: VerifyContext, r: Results, app?: Application): Promise<void> {
  if (!app) {
    r.skip("applicationSettings", "no application to compare");
    r.skip("applicationRoles", "no application to look at");
    return;
  }
  checkApplicationSettings(ctx, r, app);
  await checkApplicationRoles(ctx, r, app);
}

/** 4. The application's settings against the guide's plan, the stack's cosmetic choices left out. */
function checkApplicationSettings({ env, plan, target }: VerifyContext, r: Results, app: Application): void {
  const live = applicationToOutputs(app, env, {}, { adopted: false });
  const ignored = [...COSMETIC_FIELDS, ...(target.settings?.groups === undefined ? ["groupMembershipPolicy"] : [])];
  const changes = diffApplication(live, plan.application).changes.filter((f) => !ignored.includes(f));
  if (changes.length === 0)
    r.add(
      "applicationSettings",
      "pass",
      "response type, grant types, PKCE, refresh tokens, redirect URI, auth method and admin-only access are the guide's",
    );
  else {
    const show = (v: unknown) => (v === undefined ? "unset" : JSON.stringify(v));
    const fields = changes.map(
      (f) =>
        `${f} is ${show((live as unknown as Record<string, unknown>)[f])}, expected ${show((plan.application as unknown as Record<string, unknown>)[f])}`,
    );
    r.add("applicationSettings", "fail", fields.join("; "));
  }
}

/** 5. The application holds no roles: StackOne acts by the sign-in user's, never the application's. */
async function checkApplicationRoles({ admin, env }: VerifyContext, r: Results, app: Application): Promise<void> {
  try {
    const roles = await admin.listApplicationRoleAssignments(env, app.id);
    if (roles.length === 0) r.add("applicationRoles", "pass", "the application holds no roles");
    else {
      const names = await roleNamesById(admin);
      r.add(
        "applicationRoles",
        "fail",
        `the application holds ${roles.map((ra) => `${names[ra.role.id] ?? ra.role.id} at ${ra.scope.type} ${ra.scope.id}`).join(", ")}`,
      );
    }
  } catch (err) {
    r.add("applicationRoles", "fail", `could not list the application's roles: ${describeError(err)}`);
  }
}

/** 6. The sign-in user exists and is enabled. */
async function checkSignInUser({ admin, env, target }: VerifyContext, r: Results): Promise<User | undefined> {
  let user: User | undefined;
  try {
    user =
      "username" in target.signIn
        ? await admin.findUserByUsername(env, target.signIn.username)
        : await admin.getUser(env, target.signIn.userId);
    const who =
      "username" in target.signIn
        ? `username ${JSON.stringify(target.signIn.username)}`
        : `user id ${target.signIn.userId}`;
    if (!user) r.add("signInUser", "fail", `no user with ${who} in environment ${env}`);
    else if (user.enabled === false) r.add("signInUser", "fail", `user ${user.username} (${user.id}) is disabled`);
    else r.add("signInUser", "pass", `user ${user.username} (${user.id}) exists and is enabled`);
  } catch (err) {
    r.add("signInUser", "fail", `could not look up the user: ${describeError(err)}`);
  }
  return user;
}

/** 7. The role that decides what StackOne may call: one of the guide's, held at a scope covering the environment. */
async function checkSignInUserRole(ctx: VerifyContext, r: Results, user: User | undefined): Promise<RoleCoverage> {
  if (!user) {
    r.skip("signInUserRole", "no sign-in user to look at");
    return "unknown";
  }
  const { admin, env, target } = ctx;
  try {
    const environment = await admin.getEnvironment(env);
    if (!environment) throw new Error(`environment ${env} does not exist`);
    const orgId = environment.organization.id;
    const found = await signInUserRoles(ctx, user, orgId);
    if (found.length === 0) {
      const expected = ADMIN_ROLES[target.settings?.adminRole ?? "EnvironmentAdmin"];
      r.add(
        "signInUserRole",
        "fail",
        `user ${user.username} holds none of ${guideRolesText(env, orgId)}: missing role "${expected.roleName}" at ${expected.scopeType} scope — every StackOne API call will answer 403`,
      );
      return "none";
    }
    const best = found.find((f) => f.coverage === "full") ?? found[0];
    const reach =
      best.coverage === "full"
        ? "full coverage: every StackOne API call in the environment"
        : "identity-only coverage: users, groups, populations and applications; StackOne calls on sign-on policies, password policies, identity providers or certificates answer 403";
    r.add(
      "signInUserRole",
      "pass",
      `user ${user.username} holds ${best.roleName} at ${best.scope.type} ${best.scope.id} (${best.via}): ${reach}`,
    );
    return best.coverage;
  } catch (err) {
    r.add("signInUserRole", "fail", `could not read the user's roles: ${describeError(err)}`);
    return "unknown";
  }
}

/** The guide's roles the user holds over the environment: directly, and (unless that gives full coverage) through its groups. */
async function signInUserRoles({ admin, env }: VerifyContext, user: User, orgId: string): Promise<RoleFinding[]> {
  const names = await roleNamesById(admin);
  const direct = (await admin.listUserRoleAssignments(env, user.id)).map((assignment) => ({
    assignment,
    via: "directly",
  }));
  let found = coveringRoles(direct, names, env, orgId);
  if (!found.some((f) => f.coverage === "full")) {
    // Roles held through a group count too (the stack gives its role that way): a direct identity-only role
    // does not stop the look, so Environment Admin through the stack's group is reported as full coverage.
    const groups = await admin.listUserGroupMemberships(env, user.id);
    for (const g of groups) {
      const held = await admin.listGroupRoleAssignments(env, g.id);
      found = found.concat(
        coveringRoles(
          held.map((assignment) => ({ assignment, via: `through group ${g.name ?? g.id}` })),
          names,
          env,
          orgId,
        ),
      );
    }
  }
  return found;
}

/** 8. The connection as StackOne runs it: only where a sign-on can be driven (the emulator). Whether it ran. */
async function checkConnection(
  ctx: VerifyContext,
  r: Results,
  options: VerifyOptions,
  user: User | undefined,
): Promise<boolean> {
  const { target, authUrl } = ctx;
  const loopback = isLoopbackHost(new URL(authUrl).hostname);
  if (options.simulate === "never") skipSimulation(r, "not asked for");
  else if (!loopback)
    skipSimulation(
      r,
      target.signInPassword !== undefined
        ? "PingOne's hosted sign-on page is interactive: sign in through StackOne itself (the checks above need no password)"
        : "needs the local emulator (or sign in through StackOne itself)",
    );
  else {
    await simulate(ctx, r, user?.username);
    return true;
  }
  return false;
}

/** The report of every check, every secret scrubbed from it. */
function verifyReport(
  { target, env }: VerifyContext,
  r: Results,
  coverage: RoleCoverage,
  simulated: boolean,
): VerifyReport {
  const checks = r.list;
  return {
    ok: checks.every((c) => c.status !== "fail"),
    environmentId: env,
    clientId: target.clientId,
    signIn: "username" in target.signIn ? { username: target.signIn.username } : { userId: target.signIn.userId },
    coverage,
    simulated,
    checks: scrub(checks, [target.clientSecret, target.signInPassword, target.provisioner.clientSecret]),
  };
}

function skipSimulation(r: Results, why: string): void {
  for (const id of ["signInFlow", "codeExchange", "userApiCall", "refresh"] as CheckId[])
    r.skip(id, `simulated connection skipped: ${why}`);
}

async function roleNamesById(admin: PingOneClient): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const role of await admin.listRoles()) out[role.id] = role.name;
  return out;
}

/** The emulator publishes its users' passwords at /__emulator/info; a real tenant never would. */
async function emulatorPassword(
  oauth: PingOneOAuthClient,
  authUrl: string,
  username: string,
): Promise<string | undefined> {
  const res = await oauth.page(`${authUrl}/__emulator/info`);
  const users = (res.body as { users?: { username?: string; password?: string }[] } | undefined)?.users ?? [];
  return users.find((u) => u.username?.toLowerCase() === username.toLowerCase())?.password;
}

/** The simulated connection, step by step; a step that fails skips the steps that need what it would have given. */
async function simulate(ctx: VerifyContext, r: Results, username: string | undefined): Promise<void> {
  const skipRest = (from: CheckId[], why: string) => from.forEach((id) => r.skip(id, why));
  if (username === undefined)
    return skipRest(["signInFlow", "codeExchange", "userApiCall", "refresh"], "no sign-in user to sign in as");
  const verifier = randomBytes(32).toString("base64url");
  const code = await simulateSignIn(ctx, r, username, verifier);
  if (code === undefined) return skipRest(["codeExchange", "userApiCall", "refresh"], "no code: the sign-in failed");
  const tokens = await simulateCodeExchange(ctx, r, code, verifier);
  if (tokens === undefined) return skipRest(["userApiCall", "refresh"], "no user token: the code exchange failed");
  await simulateUserApiCall(ctx, r, username, tokens.accessToken);
  await simulateRefresh(ctx, r, tokens.refreshToken);
}

/** The user signs in through the authorization endpoint and the sign-on page; the code PingOne sends back, if any. */
async function simulateSignIn(
  ctx: VerifyContext,
  r: Results,
  username: string,
  verifier: string,
): Promise<string | undefined> {
  const { oauth, target, redirectUri, scope, authUrl } = ctx;
  try {
    const password = target.signInPassword ?? (await emulatorPassword(oauth, authUrl, username));
    if (password === undefined)
      throw new Error(`the emulator publishes no password for ${username}; pass --sign-in-password`);
    const state = randomBytes(8).toString("hex");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const start = await oauth.authorize({
      redirectUri,
      scope,
      state,
      nonce: randomBytes(8).toString("hex"),
      codeChallenge: challenge,
      codeChallengeMethod: "S256",
    });
    if (start.error || !start.location)
      throw new Error(
        `the authorization endpoint answered ${start.error ? describeAuthError(start.error) : `HTTP ${start.status}`}`,
      );
    const signOn = new URL(start.location, authUrl);
    const form = await oauth.page(signOn.toString());
    if (form.status !== 200) throw new Error(`the sign-on page answered HTTP ${form.status}`);
    const done = await oauth.page(
      `${signOn.origin}${signOn.pathname}`,
      { flowId: signOn.searchParams.get("flowId") ?? "", username, password },
      [password],
    );
    if (done.status === 401)
      throw new Error("the sign-on page refused the sign-in: a wrong password, or the account is disabled");
    if (!done.location) throw new Error(`the sign-on page answered HTTP ${done.status} without sending the user back`);
    const back = new URL(done.location);
    const error = back.searchParams.get("error");
    if (error)
      throw new Error(
        `PingOne sent the user back to StackOne with ${describeAuthError({ error, description: back.searchParams.get("error_description") ?? undefined })}`,
      );
    if (back.searchParams.get("state") !== state)
      throw new Error("the redirect back to StackOne did not carry the request's state");
    const code = back.searchParams.get("code") ?? undefined;
    if (!code) throw new Error("the redirect back to StackOne carried no code");
    r.add("signInFlow", "pass", `${username} signed in; PingOne sent a code to ${redirectUri}`);
    return code;
  } catch (err) {
    r.add("signInFlow", "fail", describeError(err));
    return undefined;
  }
}

/** The code exchanged for the user's tokens, as StackOne does it (Client Secret Post, PKCE). */
async function simulateCodeExchange(
  { oauth, redirectUri }: VerifyContext,
  r: Results,
  code: string,
  verifier: string,
): Promise<UserTokens | undefined> {
  try {
    const tokens = await oauth.exchangeCode(code, redirectUri, "CLIENT_SECRET_POST", verifier);
    r.add(
      "codeExchange",
      "pass",
      `the code gave the user's access token${tokens.refreshToken ? " and a refresh token" : " (no refresh token)"}`,
    );
    return tokens;
  } catch (err) {
    r.add("codeExchange", "fail", describeError(err));
    return undefined;
  }
}

/** A Management API call with the user's token: what the 403 trap breaks. */
async function simulateUserApiCall(
  { target }: VerifyContext,
  r: Results,
  username: string,
  accessToken: string,
): Promise<void> {
  try {
    const asUser = new PingOneClient({
      accessToken,
      apiUrl: target.provisioner.apiUrl,
      regionCode: target.provisioner.regionCode,
      retry: { maxAttempts: 2, baseDelayMs: 100 },
    });
    await asUser.findUserByUsername(target.environmentId, username);
    r.add(
      "userApiCall",
      "pass",
      `GET /environments/${target.environmentId}/users with ${username}'s token answered 200`,
    );
  } catch (err) {
    const status = err instanceof PingOneApiError ? err.status : undefined;
    r.add(
      "userApiCall",
      "fail",
      status === 403
        ? `the 403 trap: PingOne authorises by ${username}'s roles, and they do not reach users in environment ${target.environmentId} (${describeError(err)})`
        : describeError(err),
    );
  }
}

/** The refresh token gives new tokens: StackOne keeps the connection without a new sign-in. */
async function simulateRefresh({ oauth }: VerifyContext, r: Results, refreshToken: string | undefined): Promise<void> {
  if (!refreshToken) {
    r.add(
      "refresh",
      "fail",
      "the code exchange gave no refresh token: the application lacks the Refresh Token grant type",
    );
    return;
  }
  try {
    await oauth.refresh(refreshToken, "CLIENT_SECRET_POST");
    r.add("refresh", "pass", "the refresh token gave new tokens");
  } catch (err) {
    r.add("refresh", "fail", describeError(err));
  }
}

/** Every secret removed from every string of the report: verify never prints one, whatever PingOne echoed. */
function scrub(checks: CheckResult[], secrets: (string | undefined)[]): CheckResult[] {
  const clean = (text: string) =>
    secrets.reduce<string>((t, s) => (s && s.length >= 4 ? t.split(s).join("[redacted]") : t), text);
  return checks.map((c) => ({ ...c, detail: clean(c.detail), ...(c.fix !== undefined ? { fix: clean(c.fix) } : {}) }));
}
