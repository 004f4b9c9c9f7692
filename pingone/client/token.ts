/**
 * The provisioner's own access token: `client_credentials` against `${authUrl}/${environmentId}/as/token`.
 * Pure helpers; the HTTP call itself goes through the transport so it shares the retry policy.
 */

/** Cache key: which token endpoint and which worker app. Never contains the secret. */
export function tokenCacheKey(authUrl: string, environmentId: string, clientId: string): string {
  return `pingone-token|${authUrl}|${environmentId}|${clientId}`;
}

/** The endpoints' URLs are the guide's (../guide.ts): one builder for the client and the component's outputs. */
export { authorizeEndpoint, tokenEndpoint } from "../guide";

/** RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined for the Basic header. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** The form body and extra headers of a `client_credentials` token request for the chosen auth method. */
export function tokenRequest(
  method: "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST",
  clientId: string,
  clientSecret: string,
): { body: string; headers: Record<string, string> } {
  return tokenForm(method, clientId, clientSecret, [["grant_type", "client_credentials"]]);
}

/**
 * The form body and extra headers of any token request: `params` first (grant_type, code, …), then the client's
 * credentials where the auth method puts them — the form body (CLIENT_SECRET_POST) or a Basic header
 * (CLIENT_SECRET_BASIC).
 */
export function tokenForm(
  method: "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST",
  clientId: string,
  clientSecret: string,
  params: [string, string][],
): { body: string; headers: Record<string, string> } {
  const fields = params.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`);
  if (method === "CLIENT_SECRET_POST") {
    return {
      body: [...fields, `client_id=${formEncode(clientId)}`, `client_secret=${formEncode(clientSecret)}`].join("&"),
      headers: {},
    };
  }
  const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, "utf8").toString("base64");
  return { body: fields.join("&"), headers: { authorization: `Basic ${basic}` } };
}

/**
 * When a fresh token should be considered due for renewal: a minute before it expires, or after 90 % of its life for
 * short-lived tokens, so a call never starts with a token about to lapse.
 */
export function renewalTime(nowMs: number, expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  const margin = Math.min(60_000, lifetimeMs / 10);
  return nowMs + lifetimeMs - margin;
}

/** Reads `{access_token, expires_in}`; undefined when the body is not a usable token response. */
export function parseTokenResponse(body: unknown): { accessToken: string; expiresInSeconds: number } | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== "string" || b.access_token === "") return undefined;
  const expiresIn = typeof b.expires_in === "number" && b.expires_in > 0 ? b.expires_in : 3600;
  return { accessToken: b.access_token, expiresInSeconds: expiresIn };
}
