import type { PingOneClientOptions, TokenStore } from "./api";
import { PingOneApiError, parseErrorBody } from "./errors";
import {
  classify,
  freshMemory,
  sleep,
  type Answer,
  type CallRules,
  type NetworkError,
  type RetryAction,
  type RetryContext,
  type RetryPolicy,
} from "./retry";
import { parseTokenResponse, renewalTime, tokenCacheKey, tokenEndpoint, tokenRequest } from "./token";

export type OnRequest = NonNullable<PingOneClientOptions["onRequest"]>;

/** Timeout of each HTTP attempt unless the options say otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** The `User-Agent` prefix unless the options say otherwise. */
export const DEFAULT_USER_AGENT = "stackone-pingone";

/** The `User-Agent` header: the prefix and the Node.js version. */
export function userAgentHeader(prefix: string): string {
  return `${prefix} (node ${process.version})`;
}

export interface TransportConfig {
  apiUrl: string;
  authUrl: string;
  environmentId: string;
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST";
  policy: RetryPolicy;
  requestTimeoutMs: number;
  userAgent: string;
  tokenStore?: TokenStore;
  onRequest?: OnRequest;
  /**
   * An access token obtained elsewhere (a signed-in user's, by authorization code): used as is, never requested
   * or renewed. `clientId`/`clientSecret` are then unused.
   */
  bearerToken?: string;
}

/** One request to an OAuth endpoint (authorize, token, sign-on): answered with whatever status came back. */
export interface ExchangeSpec {
  operation: string;
  method: "GET" | "POST";
  url: string;
  /** A form body (application/x-www-form-urlencoded) and extra headers (e.g. Basic). */
  form?: { body: string; headers: Record<string, string> };
  /** Values to scrub from any message besides the transport's own secret (e.g. a password in the form). */
  secrets?: string[];
}

export interface ExchangeResult {
  status: number;
  /** The Location header of a redirect (never followed). */
  location?: string;
  contentType: string;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
}

/** One logical API call; the transport turns it into one or more HTTP attempts. */
export interface CallSpec {
  /** Human name used in errors and `onRequest`, e.g. "create application". */
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Absolute URL. */
  url: string;
  json?: unknown;
  raw?: { bytes: Uint8Array; contentType: string };
  /** 404 handling: "return" hands the 404 back to the caller (reads, deletes); default "throw". */
  notFound?: "return" | "throw";
  /**
   * The id whose absence a 404 would mean: the object itself for reads, updates and deletes; the parent for lists
   * and creates under it. A 404 while one of these was created by this client moments ago is retried (eventual
   * consistency); a parent's id is not listed for its children, or every child 404 would wait out the window.
   */
  relatedIds?: string[];
  /**
   * For a POST that creates something: looks for the object an earlier attempt may have created although its
   * response was lost. Runs before every re-POST that follows an uncertain failure; a found object ends the call.
   */
  reconcile?: () => Promise<unknown>;
  /**
   * When `reconcile` runs after an uncertain failure. "retry" (default): before every re-POST. "duplicate": the POST
   * is repeated at once, and `reconcile` runs only when PingOne refuses a repeat as a duplicate (400 with detail
   * `UNIQUENESS_VIOLATION`): where PingOne refuses duplicates, that refusal after a lost attempt means the attempt
   * took effect. Either way `reconcile` runs once more when the retries run out after an uncertain failure.
   */
  reconcileOn?: "retry" | "duplicate";
  /** For a POST that cannot be reconciled: never repeat it after a failure that may have taken effect. */
  noUncertainRetry?: boolean;
  /** With `noUncertainRetry`: what the error says about the attempt that may have taken effect. */
  uncertainNote?: string;
}

export interface CallResult {
  status: number;
  body: unknown;
  /** True when the result came from `reconcile` rather than from the POST's own response. */
  reconciled?: boolean;
}

/** One HTTP request as the loop sends it, with the rules its answers are read by. */
interface Request extends CallRules {
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  accept: string;
  /** Headers besides accept, user-agent and the bearer token. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Sent with a bearer token, asked for before each attempt. */
  bearer: boolean;
  /** For the 404-after-create window (`CallSpec.relatedIds`). */
  relatedIds?: string[];
  /** Values to scrub from any message besides the transport's own secrets. */
  secrets?: string[];
}

/** One attempt's answer with what the caller reads of it. */
interface Reply extends Answer {
  text: string;
  location?: string;
  contentType: string;
}

/** A request without `reconcile` (the token request, an OAuth endpoint) ends with the answer it accepted. */
type Answered = { reply: Reply };
/** A request ends with the answer it accepted, or with the object a lost create made. */
type Ending = Answered | { found: unknown };

const FORM = "application/x-www-form-urlencoded";

/** The provisioner's own token request: retried like an API call, a POST that is safe to repeat, never renewed. */
const TOKEN_RULES = {
  method: "POST",
  endpoint: "api",
  renewable: false,
  notFound: "throw",
  reconcile: "none",
  repeatUncertain: true,
  bearer: false,
} as const;

/** An OAuth endpoint: every final answer handed back; a POST never repeated once it may have taken effect. */
const OAUTH_RULES = {
  endpoint: "oauth",
  renewable: false,
  notFound: "return",
  reconcile: "none",
  repeatUncertain: false,
  bearer: false,
} as const;

/** An API call as the loop sends it: a bearer token, a JSON or raw body, the rules its spec asks for. */
function apiRequest(spec: CallSpec, renewable: boolean): Request {
  const headers: Record<string, string> = {};
  let body: string | Uint8Array | undefined;
  if (spec.raw !== undefined) {
    headers["content-type"] = spec.raw.contentType;
    body = spec.raw.bytes;
  } else if (spec.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(spec.json);
  }
  return {
    operation: spec.operation,
    method: spec.method,
    url: spec.url,
    accept: "application/json",
    headers,
    body,
    bearer: true,
    relatedIds: spec.relatedIds,
    endpoint: "api",
    renewable,
    notFound: spec.notFound ?? "throw",
    reconcile: reconcileRule(spec),
    repeatUncertain: spec.noUncertainRetry !== true,
    uncertainNote: spec.uncertainNote,
  };
}

/** When a create's `reconcile` runs (`CallSpec.reconcileOn`). */
function reconcileRule(spec: CallSpec): CallRules["reconcile"] {
  if (spec.reconcile === undefined) return "none";
  return spec.reconcileOn === "duplicate" ? "onDuplicate" : "beforeRepeat";
}

/** `reconcile`, with its own failure swallowed: it must not replace the error that made the call give up. */
async function lastLook(reconcile: (() => Promise<unknown>) | undefined): Promise<unknown> {
  if (reconcile === undefined) return undefined;
  try {
    return await reconcile();
  } catch {
    return undefined;
  }
}

/**
 * The one place where HTTP happens: token, headers, timeouts, retries, error mapping. Every request (API call, the
 * provisioner's token request, OAuth endpoint) goes through one loop, `run`: send, classify the answer (`classify`
 * in retry.ts, where the rules are written), act.
 *
 * Retry rules, per call:
 * - 408/429/500/502/503/504 and network errors: up to `maxAttempts` attempts, waits from `Retry-After` or
 *   exponential backoff with full jitter, each wait ≤ `maxDelayMs`, their sum ≤ `maxTotalMs`.
 * - 401: the token is renewed once (never the refused one again) and the request repeated once.
 * - 403 "The actor attempting to perform the request is not authorized." (role propagation) and a 404 on an object
 *   this client created less than `propagationTimeoutMs` ago: retried with backoff until that window closes.
 * - anything else (400, other 403/404, 405, 409…): thrown at once.
 */
export class HttpTransport {
  private config: TransportConfig;
  /** In-memory token when no `tokenStore` is given. */
  private token: { accessToken: string; expiresAt: number } | undefined;
  /** Ids this client created, with the time of creation (ms since epoch), for the 404-after-create window. */
  private created: Record<string, number>;
  /** The token in use, for scrubbing it out of any message. */
  private lastToken: string | undefined;
  /** Token requests in flight when the `tokenStore` has no `pending` of its own (a plain object, empty at rest). */
  private pending: Record<string, Promise<string> | undefined>;

  constructor(config: TransportConfig) {
    this.config = config;
    this.token = undefined;
    this.created = {};
    this.lastToken = undefined;
    this.pending = {};
  }

  apiUrl(): string {
    return this.config.apiUrl;
  }

  /** Notes that `id` was just created, so a 404 on it is retried for a while. */
  rememberCreated(id: string): void {
    const now = Date.now();
    for (const key of Object.keys(this.created)) {
      if (now - this.created[key] > this.config.policy.propagationTimeoutMs) delete this.created[key];
    }
    this.created[id] = now;
  }

  /** After a successful delete: a later 404 on `id` is final. */
  forgetCreated(id: string): void {
    delete this.created[id];
  }

  /** The latest time until which a 404 on one of `ids` is treated as propagation, or undefined. */
  private propagationWindowEnd(ids: string[] | undefined): number | undefined {
    let end: number | undefined;
    for (const id of ids ?? []) {
      const at = this.created[id];
      if (at !== undefined) {
        const candidate = at + this.config.policy.propagationTimeoutMs;
        if (end === undefined || candidate > end) end = candidate;
      }
    }
    return end;
  }

  /**
   * A bearer token for the API: from the store, else from the token request already in flight for the same key
   * (single flight: callers starting together share one request), else from a fresh `client_credentials` grant.
   * `rejected` (after a 401) is the token PingOne refused: it is never handed out again, so the renewal takes a token
   * another caller obtained since (in the store or in flight), else asks for a new one.
   */
  async accessToken(rejected?: string): Promise<string> {
    if (this.config.bearerToken !== undefined) {
      this.lastToken = this.config.bearerToken;
      return this.config.bearerToken;
    }
    const key = tokenCacheKey(this.config.authUrl, this.config.environmentId, this.config.clientId);
    const store = this.config.tokenStore;
    const pending = store?.pending ?? this.pending;
    const cached = store ? store.get(key) : this.token;
    if (
      cached &&
      typeof cached.accessToken === "string" &&
      cached.expiresAt > Date.now() &&
      cached.accessToken !== rejected
    ) {
      this.lastToken = cached.accessToken;
      return cached.accessToken;
    }
    const inFlight = pending[key];
    if (inFlight !== undefined) {
      const shared = await inFlight;
      if (shared !== rejected) {
        this.lastToken = shared;
        return shared;
      }
    }
    if (store) store.delete(key);
    this.token = undefined;
    const request = this.requestToken(key);
    pending[key] = request;
    try {
      const token = await request;
      this.lastToken = token;
      return token;
    } finally {
      if (pending[key] === request) delete pending[key];
    }
  }

  /** One `client_credentials` request; the token goes into the store (or this transport) before it is returned. */
  private async requestToken(key: string): Promise<string> {
    const store = this.config.tokenStore;
    const form = tokenRequest(this.config.tokenEndpointAuthMethod, this.config.clientId, this.config.clientSecret);
    const { reply } = await this.run({
      ...TOKEN_RULES,
      operation: "get access token",
      url: tokenEndpoint(this.config.authUrl, this.config.environmentId),
      accept: "application/json",
      headers: { ...form.headers, "content-type": FORM },
      body: form.body,
    });
    const parsed = parseTokenResponse(parseJson(reply.text));
    if (parsed === undefined) {
      throw new PingOneApiError({
        operation: "get access token",
        status: reply.status,
        summary: `${reply.status} the token endpoint's response has no access_token`,
      });
    }
    const entry = { accessToken: parsed.accessToken, expiresAt: renewalTime(Date.now(), parsed.expiresInSeconds) };
    if (store) store.set(key, entry);
    else this.token = entry;
    return entry.accessToken;
  }

  /** Runs one API call (bearer-authenticated) with the retry rules above. */
  async call(spec: CallSpec): Promise<CallResult> {
    const ending = await this.run(apiRequest(spec, this.config.bearerToken === undefined), spec.reconcile);
    if ("found" in ending) return { status: 200, body: ending.found, reconciled: true };
    return { status: ending.reply.status, body: parseJson(ending.reply.text) };
  }

  /**
   * One request to an OAuth endpoint, redirects not followed, any final HTTP status returned (the caller reads
   * OAuth's `error`). Retried like an API call on 408/429/5xx and network errors — a POST only when it certainly did
   * not take effect (429, connection refused): a code is single-use. Throws `PingOneApiError` (status 0) when no
   * response came at all.
   */
  async exchange(spec: ExchangeSpec): Promise<ExchangeResult> {
    const { reply } = await this.run({
      ...OAUTH_RULES,
      operation: spec.operation,
      method: spec.method,
      url: spec.url,
      accept: "application/json, text/html;q=0.9",
      headers: spec.form === undefined ? {} : { ...spec.form.headers, "content-type": FORM },
      body: spec.form?.body,
      secrets: spec.secrets,
    });
    const parsed = parseJson(reply.text);
    const body = parsed !== undefined ? parsed : reply.text;
    return { status: reply.status, location: reply.location, contentType: reply.contentType, body };
  }

  /**
   * The one retry loop, for API calls, the provisioner's token request and the OAuth endpoints alike: send, classify
   * the answer (`classify` in retry.ts), act — wait and send again, renew the token, reconcile a lost create, or end.
   */
  private run(request: Request): Promise<Answered>;
  private run(request: Request, reconcile: (() => Promise<unknown>) | undefined): Promise<Ending>;
  private async run(request: Request, reconcile?: () => Promise<unknown>): Promise<Ending> {
    let memory = freshMemory();
    let attempt = 0;
    let waitMs = 0;
    let rejectedToken: string | undefined;
    for (;;) {
      if (waitMs > 0) await sleep(waitMs);
      // Before a create is sent again after an attempt that may have taken effect: that attempt's object ends it.
      if (memory.uncertain && request.reconcile === "beforeRepeat" && reconcile !== undefined) {
        const found = await reconcile();
        if (found !== undefined) return { found };
        memory = { ...memory, uncertain: false };
      }
      attempt += 1;
      const token = request.bearer ? await this.accessToken(rejectedToken) : undefined;
      const reply = await this.send(request, token);
      this.report(request, reply.status, attempt, waitMs);
      const verdict = classify(reply, request, memory, this.retryContext(request.relatedIds));
      memory = verdict.memory;
      const action = verdict.action;
      if (action.kind === "accept") return { reply };
      if (action.kind === "reconcile" || action.kind === "fail") {
        return this.conclude(request, reply, attempt, action, reconcile);
      }
      if (action.kind === "renewToken") rejectedToken = token;
      waitMs = action.kind === "renewToken" ? 0 : action.waitMs;
    }
  }

  /** A request the rules stop: the object its lost create made, when a look finds one; else its error. */
  private async conclude(
    request: Request,
    reply: Reply,
    attempts: number,
    action: Extract<RetryAction, { kind: "reconcile" | "fail" }>,
    reconcile: (() => Promise<unknown>) | undefined,
  ): Promise<Ending> {
    const found =
      action.kind === "reconcile" ? await reconcile?.() : action.lastLook ? await lastLook(reconcile) : undefined;
    if (found !== undefined) return { found };
    throw this.failure(request, reply, attempts, action.kind === "fail" ? action.note : undefined);
  }

  /** One HTTP attempt: never throws; a request that brought no response is an answer with status 0. */
  private async send(request: Request, token: string | undefined): Promise<Reply> {
    const headers: Record<string, string> = { accept: request.accept, "user-agent": this.config.userAgent };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    Object.assign(headers, request.headers);
    let status = 0;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body as string | undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
      status = response.status;
      const text = await response.text();
      return {
        status,
        retryAfter: response.headers.get("retry-after"),
        location: response.headers.get("location") ?? undefined,
        contentType: response.headers.get("content-type") ?? "",
        text,
        error: status >= 200 && status < 300 ? undefined : parseErrorBody(parseJson(text), text),
      };
    } catch (err) {
      const networkError = describeNetworkError(err);
      // The status arrived and the body did not: the request was sent.
      if (status !== 0) networkError.neverSent = false;
      return { status: 0, networkError, contentType: "", text: "" };
    }
  }

  /** What `classify` reads besides the answer, as of now. */
  private retryContext(relatedIds: string[] | undefined): RetryContext {
    return {
      policy: this.config.policy,
      now: Date.now(),
      random: Math.random,
      notFoundWindowEnd: this.propagationWindowEnd(relatedIds),
    };
  }

  private report(
    spec: Pick<CallSpec, "operation" | "method" | "url">,
    status: number,
    attempt: number,
    waitedMs: number,
  ): void {
    const onRequest = this.config.onRequest;
    if (onRequest === undefined) return;
    try {
      onRequest({ operation: spec.operation, method: spec.method, url: spec.url, status, attempt, waitedMs });
    } catch {
      // A failing observer must not break the call.
    }
  }

  /** The error a request ends with: PingOne's (or OAuth's) error, or "no response", scrubbed of every secret. */
  private failure(request: Request, reply: Reply, attempts: number, note: string | undefined): PingOneApiError {
    const after = attempts > 1 ? ` after ${attempts} attempts` : "";
    if (reply.networkError !== undefined) {
      return new PingOneApiError({
        operation: request.operation,
        status: 0,
        attempts,
        summary: this.redact(`no response (${reply.networkError.code})${after}`, request.secrets),
        note,
      });
    }
    const error = reply.error ?? {};
    const notes = [attempts > 1 ? `(after ${attempts} attempts)` : "", note ?? ""].filter((n) => n !== "");
    const clean = (s: string | undefined): string | undefined => (s === undefined ? undefined : this.redact(s));
    return new PingOneApiError({
      operation: request.operation,
      status: reply.status,
      attempts,
      errorId: error.id,
      code: clean(error.code),
      message: clean(error.message),
      details: (error.details ?? []).map((d) => ({ ...d, message: clean(d.message), target: clean(d.target) })),
      note: notes.join(" ") || undefined,
    });
  }

  /** Scrubs the client secret and the current token (and `extra`) out of text that may be shown to people. */
  redact(text: string, extra: string[] = []): string {
    let out = text;
    for (const secret of [this.config.clientSecret, this.lastToken, this.config.bearerToken, ...extra]) {
      if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
    }
    return out;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Names a fetch failure by its most specific code. `neverSent` is true only when the connection was refused,
 * i.e. the request certainly never reached the server.
 */
export function describeNetworkError(err: unknown): NetworkError {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e && (e.name === "TimeoutError" || e.name === "AbortError")) return { code: "timeout", neverSent: false };
  const code = e?.cause?.code ?? e?.code ?? e?.cause?.name ?? (e as { name?: string })?.name ?? "network error";
  return { code: String(code), neverSent: code === "ECONNREFUSED" };
}
