/**
 * The authorization endpoint, `GET|POST {authUrl}/{envId}/as/authorize`, and the emulator's sign-on page, with the
 * checks PingOne applies: the client exists and is enabled, the redirect URI is registered (exactly, or as a pattern
 * with allowWildcardInRedirectUris), the response type is allowed, the scopes are granted (plus `openid`), PKCE as
 * pkceEnforcement requires, and at sign-in Admin Only Access and the group membership policy. Errors about the
 * client or the redirect URI are answered directly; every other error goes back to the redirect URI (RFC 6749
 * §4.1.2.1) with `state`.
 */
import { shown } from "../errors";
import { effectiveUserRoles, groupDirectory, GroupPolicy, satisfiesGroupPolicy } from "../rules/groupMembership";
import { ADMIN_ACCESS_ROLES, isAdminUser } from "../rules/userAccess";
import type { StoredApplication, World } from "../state";
import { findApp, OAuthContext, OAuthReply, oauthError, userEnabled, withQuery } from "./context";
import { passwordMatches } from "./passwords";
import { AuthorizationRequest, CODE_TTL_MS, FLOW_TTL_MS, randomToken } from "./store";

/** `response_type` values and the application `responseTypes` each needs. */
const RESPONSE_TYPE_VALUES: Record<string, string> = { code: "CODE", token: "TOKEN", id_token: "ID_TOKEN" };
const PKCE_METHODS = ["plain", "S256"];
/** RFC 7636 §4.2: 43..128 characters of the unreserved set. */
const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether `given` is one of the registered redirect URIs: exactly, or as a pattern when wildcards are allowed. */
export function redirectUriMatches(registered: string[], given: string, allowWildcard: boolean): boolean {
  return registered.some((uri) => {
    if (uri === given) return true;
    if (!allowWildcard || !uri.includes("*")) return false;
    const pattern = uri
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^?#]*");
    return new RegExp(`^${pattern}$`).test(given);
  });
}

/** The scope names an application has been granted, over all its resource grants. */
export function grantedScopeNames(world: World, app: StoredApplication): string[] {
  const ids = world.grants.filter((g) => g.applicationId === app.id).flatMap((g) => g.scopeIds);
  return world.scopes.filter((s) => ids.includes(s.id)).map((s) => s.name);
}

export function signOnPath(envId: string, flowId: string): string {
  return `/${encodeURIComponent(envId)}/signon/?flowId=${encodeURIComponent(flowId)}`;
}

function redirectError(
  request: { redirectUri: string; state?: string },
  error: string,
  description: string,
): OAuthReply {
  return {
    status: 302,
    headers: {
      Location: withQuery(request.redirectUri, { error, error_description: description, state: request.state }),
      "Cache-Control": "no-store",
    },
  };
}

/** GET (query) or POST (form) `/{envId}/as/authorize`. */
export function authorize(ctx: OAuthContext, envId: string, params: URLSearchParams): OAuthReply {
  const clientId = params.get("client_id");
  if (!clientId) return oauthError(400, "invalid_request", "client_id is required: the application's client ID");
  const app = findApp(ctx.world, envId, clientId);
  if (!app)
    return oauthError(
      400,
      "invalid_client",
      `client_id ${shown(clientId)} is not an application of environment ${envId}`,
    );
  const redirectUri = params.get("redirect_uri");
  const registered = (app.body.redirectUris as string[] | undefined) ?? [];
  if (!redirectUri)
    return oauthError(400, "invalid_request", "redirect_uri is required: one of the application's redirect URIs");
  if (!redirectUriMatches(registered, redirectUri, app.body.allowWildcardInRedirectUris === true))
    return oauthError(
      400,
      "invalid_request",
      `redirect_uri ${shown(redirectUri)} does not match any redirect URI of the application (registered: ${registered.length ? registered.join(", ") : "none"}); PingOne compares them exactly`,
    );
  if (app.body.enabled !== true) return oauthError(400, "unauthorized_client", `The application ${app.id} is disabled`);

  const state = params.get("state") ?? undefined;
  const back = { redirectUri, state };
  const responseType = params.get("response_type");
  if (!responseType) return redirectError(back, "invalid_request", "response_type is required");
  const values = responseType.split(" ").filter((v) => v !== "");
  const unknown = values.filter((v) => !(v in RESPONSE_TYPE_VALUES));
  if (unknown.length > 0)
    return redirectError(
      back,
      "unsupported_response_type",
      `response_type ${shown(responseType)} is not supported; allowed: ${Object.keys(RESPONSE_TYPE_VALUES).join(", ")}`,
    );
  const allowed = (app.body.responseTypes as string[] | undefined) ?? [];
  const missing = values.filter((v) => !allowed.includes(RESPONSE_TYPE_VALUES[v]));
  if (missing.length > 0)
    return redirectError(
      back,
      "unauthorized_client",
      `The application does not allow response_type ${missing.join(" ")} (its responseTypes: ${allowed.join(", ") || "none"})`,
    );
  if (values.length !== 1 || values[0] !== "code")
    return redirectError(
      back,
      "unsupported_response_type",
      `response_type ${shown(responseType)} is not emulated; use code`,
    );
  if (!((app.body.grantTypes as string[] | undefined) ?? []).includes("AUTHORIZATION_CODE"))
    return redirectError(
      back,
      "unauthorized_client",
      "The application is not allowed the AUTHORIZATION_CODE grant type",
    );

  const scopes = (params.get("scope") ?? "").split(" ").filter((s) => s !== "");
  const granted = ["openid", ...grantedScopeNames(ctx.world, app)];
  if (scopes.length === 0)
    return redirectError(back, "invalid_scope", `scope is required; allowed: ${[...new Set(granted)].join(" ")}`);
  const refused = scopes.filter((s) => !granted.includes(s));
  if (refused.length > 0)
    return redirectError(
      back,
      "invalid_scope",
      `scope ${refused.join(" ")} is not granted to the application; allowed: ${[...new Set(granted)].join(" ")}`,
    );

  const challenge = params.get("code_challenge") ?? undefined;
  const method = params.get("code_challenge_method") ?? undefined;
  const enforcement = (app.body.pkceEnforcement as string | undefined) ?? "OPTIONAL";
  if (method !== undefined && !PKCE_METHODS.includes(method))
    return redirectError(
      back,
      "invalid_request",
      `code_challenge_method ${shown(method)} is not supported; allowed: ${PKCE_METHODS.join(", ")}`,
    );
  if (method !== undefined && challenge === undefined)
    return redirectError(back, "invalid_request", "code_challenge_method is given without code_challenge");
  if (challenge !== undefined && !PKCE_CHALLENGE.test(challenge))
    return redirectError(
      back,
      "invalid_request",
      "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)",
    );
  if (enforcement !== "OPTIONAL" && challenge === undefined)
    return redirectError(
      back,
      "invalid_request",
      `code_challenge is required: the application's pkceEnforcement is ${enforcement}`,
    );
  if (enforcement === "S256_REQUIRED" && method !== "S256")
    return redirectError(
      back,
      "invalid_request",
      `code_challenge_method must be S256: the application's pkceEnforcement is S256_REQUIRED; got ${shown(method ?? "plain")}`,
    );

  const request: AuthorizationRequest = {
    envId,
    clientId: app.id,
    redirectUri,
    scopes,
    state,
    nonce: params.get("nonce") ?? undefined,
  };
  if (challenge !== undefined) {
    request.codeChallenge = challenge;
    request.codeChallengeMethod = (method ?? "plain") as "plain" | "S256";
  }
  ctx.store.sweep(ctx.now);
  const flowId = randomToken(16);
  ctx.store.flows.set(flowId, { ...request, id: flowId, expiresAt: ctx.now + FLOW_TTL_MS });
  return {
    status: 302,
    headers: { Location: `${ctx.origin}${signOnPath(envId, flowId)}`, "Cache-Control": "no-store" },
  };
}

// ---------- the sign-on page ----------

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

export function signOnPage(envId: string, flowId: string, appName: string, message?: string, username = ""): string {
  const note = message ? `<p role="alert" class="error">${escapeHtml(message)}</p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign on</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00}</style>
</head><body>
<h1>Sign on</h1>
<p>to ${escapeHtml(appName)} (PingOne emulator)</p>
${note}<form method="post" action="/${escapeHtml(encodeURIComponent(envId))}/signon/">
<input type="hidden" name="flowId" value="${escapeHtml(flowId)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${escapeHtml(username)}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign On</button>
</form>
</body></html>
`;
}

function html(status: number, page: string): OAuthReply {
  return {
    status,
    body: Buffer.from(page, "utf8"),
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  };
}

const EXPIRED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign on</title></head><body>
<h1>Sign on</h1><p role="alert" class="error">This sign-on is unknown or has expired. Start again from the application.</p>
</body></html>
`;

/** GET `/{envId}/signon/?flowId=…`: the form. */
export function showSignOn(ctx: OAuthContext, envId: string, flowId: string | null): OAuthReply {
  const flow = flowId ? ctx.store.flows.get(flowId) : undefined;
  if (!flow || flow.envId !== envId || flow.expiresAt <= ctx.now) return html(400, EXPIRED_PAGE);
  const app = findApp(ctx.world, envId, flow.clientId);
  return html(200, signOnPage(envId, flow.id, String(app?.body.name ?? flow.clientId)));
}

export const BAD_CREDENTIALS = "Incorrect username or password.";
export const ACCOUNT_DISABLED = "This account is disabled.";

/**
 * POST `/{envId}/signon/` (form: flowId, username, password). Wrong credentials show the form again (401) and the
 * flow goes on. A user refused by the application's access rules goes back to the redirect URI with `access_denied`.
 * Success: back to the redirect URI with a single-use code and `state`.
 */
export function submitSignOn(ctx: OAuthContext, envId: string, form: URLSearchParams): OAuthReply {
  const flowId = form.get("flowId");
  const flow = flowId ? ctx.store.flows.get(flowId) : undefined;
  if (!flow || flow.envId !== envId || flow.expiresAt <= ctx.now) return html(400, EXPIRED_PAGE);
  const app = findApp(ctx.world, envId, flow.clientId);
  if (!app || app.body.enabled !== true) {
    ctx.store.flows.delete(flow.id);
    return redirectError(flow, "unauthorized_client", "The application is disabled or no longer exists");
  }
  const appName = String(app.body.name ?? app.id);
  const username = form.get("username") ?? "";
  const password = form.get("password") ?? "";
  const user = ctx.world.users.find(
    (u) => u.environmentId === envId && u.username.toLowerCase() === username.toLowerCase(),
  );
  if (!user || !passwordMatches(ctx.world.seed, user.id, password))
    return html(401, signOnPage(envId, flow.id, appName, BAD_CREDENTIALS, username));
  if (!userEnabled(user)) return html(401, signOnPage(envId, flow.id, appName, ACCOUNT_DISABLED, username));

  const accessControl = (app.body.accessControl ?? {}) as { role?: { type?: string }; group?: GroupPolicy };
  if (
    accessControl.role?.type === "ADMIN_USERS_ONLY" &&
    !isAdminUser(ctx.world, effectiveUserRoles(ctx.world, user.id))
  ) {
    ctx.store.flows.delete(flow.id);
    return redirectError(
      flow,
      "access_denied",
      `The user is not an administrator: the application allows only users holding ${ADMIN_ACCESS_ROLES.join(", ")}`,
    );
  }
  if (!satisfiesGroupPolicy(accessControl.group, groupDirectory.groupIdsOf(ctx.world, user.id))) {
    ctx.store.flows.delete(flow.id);
    return redirectError(
      flow,
      "access_denied",
      `The user is not a member of ${accessControl.group?.type === "ALL_GROUPS" ? "every" : "any"} group the application requires`,
    );
  }

  ctx.store.flows.delete(flow.id);
  const code = randomToken(32);
  const { id: _id, expiresAt: _expires, ...request } = flow;
  ctx.store.codes.set(code, {
    ...request,
    userId: user.id,
    authTime: ctx.now,
    sessionId: randomToken(16),
    expiresAt: ctx.now + CODE_TTL_MS,
    used: false,
  });
  return {
    status: 302,
    headers: { Location: withQuery(flow.redirectUri, { code, state: flow.state }), "Cache-Control": "no-store" },
  };
}
