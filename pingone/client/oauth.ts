/**
 * The OAuth endpoints of one PingOne environment, as an application (client) uses them: the authorization
 * endpoint (never followed past its redirect) and the token endpoint (authorization_code, refresh_token), with the
 * client's credentials sent as its token endpoint auth method says. Same regions, base-URL rules, timeouts, retries,
 * request events and secret scrubbing as `PingOneClient`; the HTTP goes through the same transport.
 */
import type { PingOneClientOptions } from "./api";
import { PingOneApiError } from "./errors";
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_USER_AGENT, ExchangeResult, HttpTransport, userAgentHeader } from "./http";
import { checkBaseUrl, describe, regionCodes, regionHosts } from "./regions";
import { resolveRetryPolicy } from "./retry";
import { authorizeEndpoint, parseTokenResponse, tokenEndpoint, tokenForm } from "./token";
import type { RegionCode } from "./types";

export interface OAuthClientOptions extends Pick<
  PingOneClientOptions,
  "regionCode" | "authUrl" | "retry" | "requestTimeoutMs" | "userAgent" | "onRequest"
> {
  /** The environment the application lives in (the endpoints' `{envId}`). */
  environmentId: string;
  /** The application's client id (its application id). */
  clientId: string;
  clientSecret: string;
}

export interface AuthorizationRequest {
  redirectUri: string;
  /** Space-separated scopes, e.g. "openid profile email". */
  scope: string;
  responseType?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
}

/** What the authorization endpoint answered. */
export interface AuthorizationOutcome {
  status: number;
  /** Where it redirects (not followed). */
  location?: string;
  /** OAuth's error: from a direct answer's body, or from the redirect's query (`error`, `error_description`). */
  error?: { error: string; description?: string; redirected: boolean };
}

export interface UserTokens {
  accessToken: string;
  expiresInSeconds: number;
  idToken?: string;
  refreshToken?: string;
  scope?: string;
}

export type ClientAuthMethod = "CLIENT_SECRET_POST" | "CLIENT_SECRET_BASIC";

export class PingOneOAuthClient {
  private http: HttpTransport;
  private authUrl: string;
  private environmentId: string;
  private clientId: string;
  private clientSecret: string;

  constructor(options: OAuthClientOptions) {
    if (options === null || typeof options !== "object")
      throw new Error(`Invalid PingOne OAuth client options: expected an object, got ${describe(options)}`);
    for (const field of ["environmentId", "clientId"] as const) {
      const value = options[field];
      if (typeof value !== "string" || value.trim() === "")
        throw new Error(
          `Invalid PingOne OAuth client option ${field}: expected a non-empty string, got ${describe(value)}`,
        );
    }
    if (typeof options.clientSecret !== "string" || options.clientSecret === "")
      throw new Error("Invalid PingOne OAuth client option clientSecret: expected a non-empty string");
    const region = options.regionCode ?? "NA";
    if (!(regionCodes() as string[]).includes(region))
      throw new Error(
        `Invalid PingOne OAuth client option regionCode: ${describe(region)}; expected one of ${regionCodes().join(", ")}`,
      );
    this.authUrl =
      options.authUrl === undefined
        ? regionHosts(region as RegionCode).authUrl
        : checkBaseUrl("authUrl", options.authUrl, false);
    this.environmentId = options.environmentId;
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.http = new HttpTransport({
      apiUrl: `${this.authUrl}/v1`,
      authUrl: this.authUrl,
      environmentId: options.environmentId,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      policy: resolveRetryPolicy(options.retry),
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      userAgent: userAgentHeader(options.userAgent ?? DEFAULT_USER_AGENT),
      onRequest: options.onRequest,
    });
  }

  /** `${authUrl}/${envId}/as/authorize?…` for this client. */
  authorizationUrl(request: AuthorizationRequest): string {
    const q = new URLSearchParams();
    q.set("response_type", request.responseType ?? "code");
    q.set("client_id", this.clientId);
    q.set("redirect_uri", request.redirectUri);
    q.set("scope", request.scope);
    if (request.state !== undefined) q.set("state", request.state);
    if (request.nonce !== undefined) q.set("nonce", request.nonce);
    if (request.codeChallenge !== undefined) q.set("code_challenge", request.codeChallenge);
    if (request.codeChallengeMethod !== undefined) q.set("code_challenge_method", request.codeChallengeMethod);
    return `${authorizeEndpoint(this.authUrl, this.environmentId)}?${q.toString()}`;
  }

  /** GET the authorization endpoint, as a browser sent there by the application would; the redirect is not followed. */
  async authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const res = await this.http.exchange({
      operation: "authorize",
      method: "GET",
      url: this.authorizationUrl(request),
    });
    return authorizationOutcome(res, request.redirectUri);
  }

  /** A page of the sign-on flow the authorization endpoint redirected to (GET, or POST of a form); never followed. */
  page(url: string, form?: Record<string, string>, secrets: string[] = []): Promise<ExchangeResult> {
    const target = new URL(url);
    if (target.origin !== new URL(this.authUrl).origin)
      throw new Error(
        `Refusing to send the sign-on form to ${target.origin}: it is not the auth URL's origin (${new URL(this.authUrl).origin})`,
      );
    return this.http.exchange({
      operation: "sign on",
      method: form ? "POST" : "GET",
      url,
      form: form ? { body: new URLSearchParams(form).toString(), headers: {} } : undefined,
      secrets,
    });
  }

  /** POST the token endpoint with `params` and the client's credentials sent by `auth`; any answer is returned. */
  token(params: [string, string][], auth: ClientAuthMethod, operation = "token request"): Promise<ExchangeResult> {
    const secrets = params
      .filter(([k]) => k === "code" || k === "refresh_token" || k === "code_verifier")
      .map(([, v]) => v);
    return this.http.exchange({
      operation,
      method: "POST",
      url: tokenEndpoint(this.authUrl, this.environmentId),
      form: tokenForm(auth, this.clientId, this.clientSecret, params),
      secrets,
    });
  }

  /** `grant_type=authorization_code`. Throws PingOneApiError with OAuth's `error` as `code` unless PingOne answers 200. */
  async exchangeCode(
    code: string,
    redirectUri: string,
    auth: ClientAuthMethod,
    codeVerifier?: string,
  ): Promise<UserTokens> {
    const params: [string, string][] = [
      ["grant_type", "authorization_code"],
      ["code", code],
      ["redirect_uri", redirectUri],
    ];
    if (codeVerifier !== undefined) params.push(["code_verifier", codeVerifier]);
    return this.tokens("exchange authorization code", await this.token(params, auth, "exchange authorization code"), [
      code,
      codeVerifier ?? "",
    ]);
  }

  /** `grant_type=refresh_token`. Throws PingOneApiError with OAuth's `error` as `code` unless PingOne answers 200. */
  async refresh(refreshToken: string, auth: ClientAuthMethod): Promise<UserTokens> {
    const res = await this.token(
      [
        ["grant_type", "refresh_token"],
        ["refresh_token", refreshToken],
      ],
      auth,
      "refresh token",
    );
    return this.tokens("refresh token", res, [refreshToken]);
  }

  private tokens(operation: string, res: ExchangeResult, secrets: string[]): UserTokens {
    const parsed = res.status === 200 ? parseTokenResponse(res.body) : undefined;
    if (parsed === undefined) {
      const b = (res.body ?? {}) as { error?: unknown; error_description?: unknown };
      const error = typeof b.error === "string" ? b.error : undefined;
      const description =
        typeof b.error_description === "string" ? this.http.redact(b.error_description, secrets) : undefined;
      throw new PingOneApiError({
        operation,
        status: res.status,
        code: error,
        message: description,
        summary: error === undefined ? `${res.status} the token endpoint's response has no access_token` : undefined,
      });
    }
    const b = res.body as Record<string, unknown>;
    return {
      accessToken: parsed.accessToken,
      expiresInSeconds: parsed.expiresInSeconds,
      idToken: typeof b.id_token === "string" ? b.id_token : undefined,
      refreshToken: typeof b.refresh_token === "string" ? b.refresh_token : undefined,
      scope: typeof b.scope === "string" ? b.scope : undefined,
    };
  }
}

/** Reads OAuth's error from the authorization endpoint's answer: a direct body, or the redirect URI's query. */
export function authorizationOutcome(res: ExchangeResult, redirectUri: string): AuthorizationOutcome {
  const out: AuthorizationOutcome = { status: res.status, location: res.location };
  if (res.status >= 300 && res.status < 400 && res.location) {
    let to: URL | undefined;
    try {
      to = new URL(res.location, redirectUri);
    } catch {
      to = undefined;
    }
    // An error sent back to the application, or to an error page of PingOne's own: either way the flow stopped.
    const back = to !== undefined && `${to.origin}${to.pathname}` === redirectUri.replace(/\?.*$/, "");
    const error = to?.searchParams.get("error");
    if (error)
      out.error = { error, description: to?.searchParams.get("error_description") ?? undefined, redirected: back };
    return out;
  }
  const b = (res.body ?? {}) as { error?: unknown; error_description?: unknown; code?: unknown; message?: unknown };
  if (typeof b.error === "string")
    out.error = {
      error: b.error,
      description: typeof b.error_description === "string" ? b.error_description : undefined,
      redirected: false,
    };
  else if (res.status >= 400)
    out.error = {
      error: typeof b.code === "string" ? b.code : String(res.status),
      description:
        typeof b.message === "string" ? b.message : typeof res.body === "string" ? res.body.slice(0, 200) : undefined,
      redirected: false,
    };
  return out;
}
