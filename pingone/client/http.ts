import type { PingOneClientOptions, TokenStore } from "./api";
import { PingOneApiError, parseErrorBody } from "./errors";
import {
  isPropagationForbidden,
  isRetryableStatus,
  isUncertainStatus,
  nextDelay,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from "./retry";
import { parseTokenResponse, renewalTime, tokenCacheKey, tokenEndpoint, tokenRequest } from "./token";

export type OnRequest = NonNullable<PingOneClientOptions["onRequest"]>;

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

/**
 * The one place where HTTP happens: token, headers, timeouts, retries, error mapping.
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
    if (cached && typeof cached.accessToken === "string" && cached.expiresAt > Date.now() && cached.accessToken !== rejected) {
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
    const request = tokenRequest(this.config.tokenEndpointAuthMethod, this.config.clientId, this.config.clientSecret);
    const result = await this.execute(
      {
        operation: "get access token",
        method: "POST",
        url: tokenEndpoint(this.config.authUrl, this.config.environmentId),
      },
      { body: request.body, contentType: "application/x-www-form-urlencoded", headers: request.headers },
    );
    const parsed = parseTokenResponse(result.body);
    if (parsed === undefined) {
      throw new PingOneApiError({
        operation: "get access token",
        status: result.status,
        summary: `${result.status} the token endpoint's response has no access_token`,
      });
    }
    const entry = { accessToken: parsed.accessToken, expiresAt: renewalTime(Date.now(), parsed.expiresInSeconds) };
    if (store) store.set(key, entry);
    else this.token = entry;
    return entry.accessToken;
  }

  /** Runs one API call (bearer-authenticated) with the retry rules above. */
  call(spec: CallSpec): Promise<CallResult> {
    return this.execute(spec, undefined);
  }

  /**
   * `form` set: an unauthenticated token request (its body is a form). Otherwise an API call with a bearer token.
   */
  private async execute(
    spec: CallSpec,
    form: { body: string; contentType: string; headers: Record<string, string> } | undefined,
  ): Promise<CallResult> {
    const policy = this.config.policy;
    let attempt = 0;
    let transientFailures = 0;
    let waitedTotalMs = 0;
    let waitMs = 0;
    let renewed = false;
    let rejectedToken: string | undefined;
    let sentToken: string | undefined;
    let uncertain = false;
    let propagationRetries = 0;
    let propagationDeadline: number | undefined;

    for (;;) {
      if (waitMs > 0) await sleep(waitMs);
      if (uncertain && spec.reconcile !== undefined && spec.reconcileOn !== "duplicate") {
        const found = await spec.reconcile();
        if (found !== undefined) return { status: 200, body: found, reconciled: true };
        uncertain = false;
      }
      attempt += 1;
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": this.config.userAgent,
      };
      let body: string | Uint8Array | undefined;
      if (form !== undefined) {
        Object.assign(headers, form.headers);
        headers["content-type"] = form.contentType;
        body = form.body;
      } else {
        sentToken = await this.accessToken(rejectedToken);
        headers.authorization = `Bearer ${sentToken}`;
        if (spec.raw !== undefined) {
          headers["content-type"] = spec.raw.contentType;
          body = spec.raw.bytes;
        } else if (spec.json !== undefined) {
          headers["content-type"] = "application/json";
          body = JSON.stringify(spec.json);
        }
      }

      let status = 0;
      let text = "";
      let retryAfter: string | null = null;
      let networkError: { code: string; neverSent: boolean } | undefined;
      try {
        const response = await fetch(spec.url, {
          method: spec.method,
          headers,
          body: body as string | undefined,
          redirect: "manual",
          signal: AbortSignal.timeout(this.config.requestTimeoutMs),
        });
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (err) {
        networkError = describeNetworkError(err);
        if (status !== 0) networkError.neverSent = false;
      }
      this.report(spec, networkError ? 0 : status, attempt, waitMs);
      waitMs = 0;

      if (networkError === undefined && status >= 200 && status < 300) {
        return { status, body: parseJson(text) };
      }

      // Retryable: network errors and the transient statuses.
      if (networkError !== undefined || isRetryableStatus(status)) {
        const mayHaveTakenEffect = networkError !== undefined ? !networkError.neverSent : isUncertainStatus(status);
        if (spec.method === "POST" && mayHaveTakenEffect) {
          if (spec.noUncertainRetry) {
            throw this.failure(
              spec,
              status,
              text,
              attempt,
              networkError,
              ` ${spec.uncertainNote ?? "(not repeated: the request may have taken effect)"}`,
            );
          }
          uncertain = true;
        }
        transientFailures += 1;
        const delay = nextDelay(
          policy,
          transientFailures,
          networkError ? undefined : parseRetryAfterHeader(retryAfter),
          Math.random,
        );
        if (transientFailures >= policy.maxAttempts || waitedTotalMs + delay > policy.maxTotalMs) {
          // Out of retries. A create whose last attempt may have taken effect gets one last look first, so the
          // caller is never told "failed" about an object that exists.
          const found = uncertain ? await this.lastLook(spec) : undefined;
          if (found !== undefined) return { status: 200, body: found, reconciled: true };
          throw this.failure(spec, status, text, attempt, networkError, "");
        }
        waitedTotalMs += delay;
        waitMs = delay;
        continue;
      }

      const parsed = parseJson(text);
      const error = parseErrorBody(parsed, text);

      if (
        uncertain &&
        status === 400 &&
        spec.reconcileOn === "duplicate" &&
        spec.reconcile !== undefined &&
        (error.details ?? []).some((d) => d.code === "UNIQUENESS_VIOLATION")
      ) {
        const found = await spec.reconcile();
        if (found !== undefined) return { status: 200, body: found, reconciled: true };
      }

      if (status === 401 && form === undefined && !renewed && this.config.bearerToken === undefined) {
        renewed = true;
        rejectedToken = sentToken;
        continue;
      }

      const propagationEnd =
        status === 404
          ? this.propagationWindowEnd(spec.relatedIds)
          : isPropagationForbidden(status, [error.message, ...(error.details ?? []).map((d) => d.message)])
            ? (propagationDeadline ??= Date.now() + policy.propagationTimeoutMs)
            : undefined;
      if (propagationEnd !== undefined) {
        propagationRetries += 1;
        const delay = Math.max(1, nextDelay(policy, propagationRetries, undefined, Math.random));
        if (Date.now() + delay <= propagationEnd) {
          waitMs = delay;
          continue;
        }
      }

      if (status === 404 && spec.notFound === "return") return { status, body: parsed };
      throw this.failure(spec, status, text, attempt, undefined, "");
    }
  }

  /**
   * One request to an OAuth endpoint, redirects not followed, any final HTTP status returned (the caller reads
   * OAuth's `error`). Retried like an API call on 408/429/5xx and network errors — a POST only when it certainly did
   * not take effect (429, connection refused): a code is single-use. Throws `PingOneApiError` (status 0) when no
   * response came at all.
   */
  async exchange(spec: ExchangeSpec): Promise<ExchangeResult> {
    const policy = this.config.policy;
    let failures = 0;
    let waitedTotalMs = 0;
    let waitMs = 0;
    let attempt = 0;
    for (;;) {
      if (waitMs > 0) await sleep(waitMs);
      attempt += 1;
      const headers: Record<string, string> = { accept: "application/json, text/html;q=0.9", "user-agent": this.config.userAgent };
      if (spec.form !== undefined) {
        Object.assign(headers, spec.form.headers);
        headers["content-type"] = "application/x-www-form-urlencoded";
      }
      let status = 0;
      let text = "";
      let location: string | undefined;
      let contentType = "";
      let retryAfter: string | null = null;
      let networkError: { code: string; neverSent: boolean } | undefined;
      try {
        const response = await fetch(spec.url, {
          method: spec.method,
          headers,
          body: spec.form?.body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.config.requestTimeoutMs),
        });
        status = response.status;
        location = response.headers.get("location") ?? undefined;
        contentType = response.headers.get("content-type") ?? "";
        retryAfter = response.headers.get("retry-after");
        text = await response.text();
      } catch (err) {
        networkError = describeNetworkError(err);
      }
      this.report({ operation: spec.operation, method: spec.method, url: spec.url }, networkError ? 0 : status, attempt, waitMs);
      waitMs = 0;
      const transient = networkError !== undefined || isRetryableStatus(status);
      const repeatable =
        spec.method === "GET" || (networkError !== undefined ? networkError.neverSent : status === 429);
      if (transient && repeatable) {
        failures += 1;
        const delay = nextDelay(policy, failures, networkError ? undefined : parseRetryAfterHeader(retryAfter), Math.random);
        if (failures < policy.maxAttempts && waitedTotalMs + delay <= policy.maxTotalMs) {
          waitedTotalMs += delay;
          waitMs = delay;
          continue;
        }
      }
      if (networkError !== undefined) {
        throw new PingOneApiError({
          operation: spec.operation,
          status: 0,
          attempts: attempt,
          summary: this.redact(`no response (${networkError.code})${attempt > 1 ? ` after ${attempt} attempts` : ""}`, spec.secrets),
        });
      }
      const parsed = parseJson(text);
      return { status, location, contentType, body: parsed !== undefined ? parsed : text };
    }
  }

  /** `reconcile`, with its own failure swallowed: it must not replace the error that made the call give up. */
  private async lastLook(spec: CallSpec): Promise<unknown> {
    if (spec.reconcile === undefined) return undefined;
    try {
      return await spec.reconcile();
    } catch {
      return undefined;
    }
  }

  private report(spec: Pick<CallSpec, "operation" | "method" | "url">, status: number, attempt: number, waitedMs: number): void {
    const onRequest = this.config.onRequest;
    if (onRequest === undefined) return;
    try {
      onRequest({ operation: spec.operation, method: spec.method, url: spec.url, status, attempt, waitedMs });
    } catch {
      // A failing observer must not break the call.
    }
  }

  private failure(
    spec: CallSpec,
    status: number,
    text: string,
    attempts: number,
    networkError: { code: string } | undefined,
    suffix: string,
  ): PingOneApiError {
    const after = attempts > 1 ? ` after ${attempts} attempts` : "";
    if (networkError !== undefined) {
      return new PingOneApiError({
        operation: spec.operation,
        status: 0,
        attempts,
        summary: this.redact(`no response (${networkError.code})${after}`),
        note: suffix.trim() || undefined,
      });
    }
    const error = parseErrorBody(parseJson(text), text);
    const clean = (s: string | undefined): string | undefined => (s === undefined ? undefined : this.redact(s));
    return new PingOneApiError({
      operation: spec.operation,
      status,
      attempts,
      errorId: error.id,
      code: clean(error.code),
      message: clean(error.message),
      details: (error.details ?? []).map((d) => ({ ...d, message: clean(d.message), target: clean(d.target) })),
      note: [attempts > 1 ? `(after ${attempts} attempts)` : "", suffix.trim()].filter((n) => n !== "").join(" ") || undefined,
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

function parseRetryAfterHeader(value: string | null): number | undefined {
  return parseRetryAfter(value, Date.now());
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
export function describeNetworkError(err: unknown): { code: string; neverSent: boolean } {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e && (e.name === "TimeoutError" || e.name === "AbortError")) return { code: "timeout", neverSent: false };
  const code = e?.cause?.code ?? e?.code ?? e?.cause?.name ?? (e as { name?: string })?.name ?? "network error";
  return { code: String(code), neverSent: code === "ECONNREFUSED" };
}
