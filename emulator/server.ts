/**
 * The emulator's HTTP side: loopback server, routing, bearer-token auth, the token endpoint, fault injection,
 * the request log and the /__emulator control paths. The sign-in side (authorization endpoint, sign-on page, the
 * authorization-code and refresh grants) lives in ./oauth, the user-token rules in ./rules/userAccess.ts.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import type { Socket } from "net";
import { ApiError, MESSAGES } from "./errors";
import { FaultTable, faultProblem } from "./faults";
import { checkEnvironmentAccess, imageHref, matchRoute, RouteContext, RouteResult, UPLOADS_ORIGIN } from "./routes";
import { authorize, showSignOn, submitSignOn } from "./oauth/authorize";
import type { OAuthContext } from "./oauth/context";
import { authorizationCodeGrant, refreshTokenGrant } from "./oauth/grants";
import { userPassword } from "./oauth/passwords";
import { OAuthStore } from "./oauth/store";
import { effectiveUserRoles } from "./rules/groupMembership";
import { assignmentsOf } from "./rules/roles";
import { checkUserAccess } from "./rules/userAccess";
import { loadOrSeed, saveWorld, seedWorld, World } from "./state";
import { issueToken, secretsEqual, verifyToken } from "./tokens";
import type { EmulatorInfo, EmulatorOptions, Exchange, FaultSpec, RequestLogEntry } from "./types";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const TOKEN_PATH = /^\/([^/]+)\/as\/token$/;
const AUTHORIZE_PATH = /^\/([^/]+)\/as\/authorize$/;
const SIGN_ON_PATH = /^\/([^/]+)\/signon\/?$/;
const CONTROL_PREFIX = "/__emulator/";

interface Reply extends RouteResult {
  /** Set when the request changed the world (so it is persisted). */
  mutated?: boolean;
}

interface ParsedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  contentType: string;
  raw: Buffer;
  /** Parsed JSON, the raw Buffer for other content types, undefined when empty. */
  body: unknown;
  /** Set when the body claimed to be JSON but did not parse. */
  bodyError?: string;
}

/** The body, unless it is larger than MAX_BODY_BYTES (then only its size: the rest is read and discarded). */
function readBody(req: IncomingMessage): Promise<{ raw: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve({ raw: size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : Buffer.alloc(0), size }));
    req.on("error", reject);
  });
}

function oauthError(status: number, error: string, description: string): Reply {
  return {
    status,
    body: { error, error_description: description },
    headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
  };
}

export class EmulatorServer {
  world: World;
  readonly seed: number;
  readonly pageSize: number;
  readonly tokenTtlSeconds: number;
  private readonly stateFile?: string;
  private readonly onExchange?: (exchange: Exchange) => void;
  private log: RequestLogEntry[] = [];
  private readonly faults: FaultTable;
  private readonly oauth = new OAuthStore();
  /** Added to the wall clock: `POST /__emulator/clock` moves the emulator's time forward without waiting. */
  private clockOffsetMs = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  origin = "";
  port = 0;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.seed = options.seed ?? 1;
    this.pageSize = options.pageSize ?? 100;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.stateFile = options.stateFile;
    this.onExchange = options.onExchange;
    if (!Number.isInteger(this.seed)) throw new Error(`seed must be an integer; got ${options.seed}`);
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 1000)
      throw new Error(`pageSize must be an integer between 1 and 1000; got ${options.pageSize}`);
    if (typeof this.tokenTtlSeconds !== "number" || !(this.tokenTtlSeconds > 0))
      throw new Error(`tokenTtlSeconds must be a positive number of seconds; got ${options.tokenTtlSeconds}`);
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`port must be an integer 0..65535; got ${options.port}`);
    this.world = loadOrSeed(this.stateFile, this.seed);
    this.faults = new FaultTable(this.world.seed);
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        process.stderr.write(`pingone-emulator: internal error: ${(err as Error).stack ?? err}\n`);
        if (!res.headersSent) {
          res.writeHead(500, { "Content-Type": "application/json" });
          res.end(JSON.stringify(new ApiError(500, "UNEXPECTED_ERROR", MESSAGES.UNEXPECTED_ERROR).body()));
        } else res.destroy();
      });
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const addr = server.address();
    if (!addr || typeof addr === "string") throw new Error("the emulator's server has no TCP address");
    this.port = addr.port;
    this.origin = `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  info(): Required<EmulatorInfo> {
    const w = this.world;
    return {
      apiUrl: `${this.origin}/v1`,
      authUrl: this.origin,
      organizationId: w.organization.id,
      adminEnvironmentId: w.adminEnvironmentId,
      clientId: w.provisioner.clientId,
      clientSecret: w.provisioner.clientSecret,
      environmentId: w.targetEnvironmentIds[0],
      environmentIds: [...w.targetEnvironmentIds],
      users: w.users
        .filter((u) => w.targetEnvironmentIds.includes(u.environmentId))
        .map((u) => ({
          id: u.id,
          username: u.username,
          email: u.email,
          environmentId: u.environmentId,
          password: userPassword(w.seed, u.id),
        })),
      populations: w.populations
        .filter((p) => w.targetEnvironmentIds.includes(p.environmentId))
        .map((p) => ({ id: p.id, name: p.name, environmentId: p.environmentId, default: p.default })),
      groups: w.groups
        .filter((g) => w.targetEnvironmentIds.includes(g.environmentId))
        .map((g) => ({ id: g.id, name: g.name, environmentId: g.environmentId })),
    };
  }

  reset(): void {
    this.world = seedWorld(this.world.seed);
    this.persist();
    this.log = [];
    this.faults.clear();
    this.oauth.clear();
    this.clockOffsetMs = 0;
  }

  /** The emulator's clock (ms since the epoch): the wall clock plus the offset tests set. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Moves the emulator's clock forward (tokens, codes, refresh-token limits and secret expiry all follow it). */
  advanceClock(seconds: number): void {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0)
      throw new Error(`advanceClock needs a non-negative number of seconds; got ${JSON.stringify(seconds)}`);
    this.clockOffsetMs += seconds * 1000;
  }

  private oauthContext(): OAuthContext {
    return {
      world: this.world,
      store: this.oauth,
      now: this.now(),
      origin: this.origin,
      tokenTtlSeconds: this.tokenTtlSeconds,
    };
  }

  requests(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearRequests(): void {
    this.log = [];
  }

  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private persist(): void {
    if (this.stateFile) saveWorld(this.stateFile, this.world);
  }

  // ---------- request handling ----------

  private async parse(req: IncomingMessage): Promise<ParsedRequest> {
    const url = new URL(req.url ?? "/", this.origin);
    const { raw, size } = await readBody(req);
    const contentType = String(req.headers["content-type"] ?? "");
    const parsed: ParsedRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      contentType,
      raw,
      body: undefined,
    };
    if (size > MAX_BODY_BYTES) {
      parsed.bodyError = `the request body is ${size} bytes; at most ${MAX_BODY_BYTES} bytes are accepted`;
      return parsed;
    }
    if (raw.length === 0) return parsed;
    const isJson = /json/i.test(contentType) || (contentType === "" && /^\s*[{[]/.test(raw.toString("utf8", 0, 64)));
    if (isJson) {
      try {
        parsed.body = JSON.parse(raw.toString("utf8"));
      } catch (err) {
        parsed.bodyError = `not valid JSON (${(err as Error).message})`;
        parsed.body = raw;
      }
    } else parsed.body = raw;
    return parsed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = await this.parse(req);
    if (r.path.startsWith(CONTROL_PREFIX) || r.path === "/__emulator") {
      this.send(res, this.control(r));
      return;
    }

    const { latencyMs, fault } = this.faults.pick(r.method, r.path);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    if (fault?.kind === "drop") {
      this.record(r, { status: 0 }, "drop");
      res.socket?.destroy();
      return;
    }
    let reply: Reply;
    if (fault?.kind === "status") {
      const code =
        fault.status === 429 ? "REQUEST_LIMITED" : fault.status === 500 ? "UNEXPECTED_ERROR" : "SERVICE_UNAVAILABLE";
      const message =
        fault.status === 429
          ? MESSAGES.REQUEST_LIMITED
          : fault.status === 500
            ? MESSAGES.UNEXPECTED_ERROR
            : MESSAGES.SERVICE_UNAVAILABLE;
      reply = { status: fault.status, body: new ApiError(fault.status, code, message).body() };
      if (fault.retryAfter !== undefined) reply.headers = { "Retry-After": fault.retryAfter };
    } else {
      reply = this.dispatch(r);
      if (reply.mutated && reply.status < 400) this.persist();
    }

    if (fault?.kind === "dropAfterCommit") {
      this.record(r, { status: reply.status }, "dropAfterCommit");
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === "malformed") {
      // The request took effect; its answer is replaced by a 200 whose JSON body is the given text, as a broken
      // proxy or a truncated transfer would deliver it.
      reply = { status: 200, body: Buffer.from(fault.body, "utf8"), headers: { "Content-Type": "application/json" } };
    }
    const headers = this.send(res, reply);
    this.record(r, reply, fault?.kind ?? (latencyMs > 0 ? "latency" : undefined), headers);
  }

  private send(res: ServerResponse, reply: RouteResult): Record<string, string> {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload: Buffer | string | undefined;
    if (Buffer.isBuffer(reply.body)) payload = reply.body;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers["Content-Type"] ??= "application/json";
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
    return headers;
  }

  private record(
    r: ParsedRequest,
    reply: RouteResult,
    fault?: FaultSpec["kind"],
    responseHeaders: Record<string, string> = {},
  ): void {
    const entry: RequestLogEntry = { method: r.method, path: r.path, status: reply.status };
    if (fault) entry.fault = fault;
    this.log.push(entry);
    if (!this.onExchange) return;
    const exchange: Exchange = {
      ...entry,
      query: r.query.toString(),
      requestHeaders: { ...r.headers },
      requestBody: r.body,
      responseHeaders,
      responseBody: reply.body,
    };
    try {
      this.onExchange(exchange);
    } catch (err) {
      process.stderr.write(`pingone-emulator: onExchange threw: ${(err as Error).message}\n`);
    }
  }

  private dispatch(r: ParsedRequest): Reply {
    try {
      const token = TOKEN_PATH.exec(r.path);
      if (token) {
        if (r.method !== "POST") return this.methodNotAllowed(["POST"]);
        return this.token(r, decodeURIComponent(token[1]));
      }
      const signIn = this.signIn(r);
      if (signIn) return signIn;
      if (!r.path.startsWith("/v1/")) throw new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
      const match = matchRoute(r.path);
      if (!match) throw new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
      const handler = match.route.methods[r.method];
      if (!handler) return this.methodNotAllowed(Object.keys(match.route.methods));
      const { app: actor, user } = this.authenticate(r);
      if (r.bodyError)
        throw new ApiError(400, "INVALID_REQUEST", MESSAGES.INVALID_REQUEST, [
          { code: "INVALID_VALUE", target: "body", message: `The body could not be read: ${r.bodyError}` },
        ]);
      const ctx: RouteContext = {
        world: this.world,
        params: match.params,
        query: r.query,
        body: r.body,
        contentType: r.contentType,
        actor,
        // A signed-in user's token acts with the user's roles (directly or through groups), never the app's.
        actorRoles: user ? effectiveUserRoles(this.world, user.id) : assignmentsOf(this.world, "application", actor.id),
        origin: this.origin,
        pageSize: this.pageSize,
        now: this.now(),
      };
      if (user) checkUserAccess(this.world, ctx.actorRoles, match.route.path, match.params.envId);
      checkEnvironmentAccess(ctx);
      const result = handler(ctx);
      return { ...result, mutated: r.method !== "GET" };
    } catch (err) {
      if (err instanceof ApiError) {
        const reply: Reply = { status: err.status, body: err.body() };
        if (err.status === 401) reply.headers = { "WWW-Authenticate": 'Bearer realm="PingOne"' };
        return reply;
      }
      // A bug in the emulator: answer as PingOne would (and keep the request in the log), say what happened on stderr.
      process.stderr.write(
        `pingone-emulator: internal error on ${r.method} ${r.path}: ${(err as Error).stack ?? err}\n`,
      );
      return { status: 500, body: new ApiError(500, "UNEXPECTED_ERROR", MESSAGES.UNEXPECTED_ERROR).body() };
    }
  }

  private methodNotAllowed(allowed: string[]): Reply {
    return {
      status: 405,
      body: new ApiError(405, "METHOD_NOT_ALLOWED", MESSAGES.METHOD_NOT_ALLOWED).body(),
      headers: { Allow: allowed.join(", ") },
    };
  }

  private authenticate(r: ParsedRequest) {
    const header = String(r.headers.authorization ?? "");
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const claims = m ? verifyToken(this.world.seed, m[1], this.now()) : undefined;
    const app =
      claims && this.world.applications.find((a) => a.id === claims.client_id && a.environmentId === claims.env);
    if (!app || app.body.enabled !== true) throw new ApiError(401, "INVALID_TOKEN", MESSAGES.INVALID_TOKEN);
    if (claims.sub === undefined) return { app };
    // A signed-in user's token: the user must still exist (and be enabled).
    const user = this.world.users.find((u) => u.id === claims.sub && u.environmentId === claims.env);
    if (!user || user.enabled === false) throw new ApiError(401, "INVALID_TOKEN", MESSAGES.INVALID_TOKEN);
    return { app, user };
  }

  /** The authorization endpoint and the sign-on page; undefined when the path is neither. */
  private signIn(r: ParsedRequest): Reply | undefined {
    const authorizeMatch = AUTHORIZE_PATH.exec(r.path);
    const signOnMatch = authorizeMatch ? null : SIGN_ON_PATH.exec(r.path);
    if (!authorizeMatch && !signOnMatch) return undefined;
    let envId: string;
    try {
      envId = decodeURIComponent((authorizeMatch ?? signOnMatch)![1]);
    } catch {
      throw new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
    }
    if (!this.world.environments.some((e) => e.id === envId)) throw new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
    if (r.method !== "GET" && r.method !== "POST") return this.methodNotAllowed(["GET", "POST"]);
    const form = (): URLSearchParams | Reply =>
      /application\/x-www-form-urlencoded/i.test(r.contentType)
        ? new URLSearchParams(r.raw.toString("utf8"))
        : oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded");
    if (authorizeMatch) {
      const params = r.method === "GET" ? r.query : form();
      return params instanceof URLSearchParams ? authorize(this.oauthContext(), envId, params) : params;
    }
    if (r.method === "GET") return showSignOn(this.oauthContext(), envId, r.query.get("flowId"));
    const params = form();
    return params instanceof URLSearchParams ? submitSignOn(this.oauthContext(), envId, params) : params;
  }

  /** POST {authUrl}/{envId}/as/token with grant_type=client_credentials. */
  private token(r: ParsedRequest, envId: string): Reply {
    if (!this.world.environments.some((e) => e.id === envId)) throw new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
    const form = new URLSearchParams(r.raw.toString("utf8"));
    if (!/application\/x-www-form-urlencoded/i.test(r.contentType))
      return oauthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded");
    const grantType = form.get("grant_type");
    if (!grantType) return oauthError(400, "invalid_request", "grant_type is required");

    let clientId: string | null = null;
    let secret: string | null = null;
    let method: "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST" | "NONE";
    const basic = /^Basic\s+(\S+)$/i.exec(String(r.headers.authorization ?? ""));
    if (basic) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return oauthError(401, "invalid_client", "The Basic authorization header is malformed");
      // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
      const formDecode = (part: string) => {
        try {
          return decodeURIComponent(part.replace(/\+/g, " "));
        } catch {
          return part;
        }
      };
      clientId = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
      method = "CLIENT_SECRET_BASIC";
    } else {
      clientId = form.get("client_id");
      secret = form.get("client_secret");
      method = secret !== null ? "CLIENT_SECRET_POST" : "NONE";
    }
    if (!clientId) return oauthError(401, "invalid_client", "Client authentication failed: no client id was given");
    const app = this.world.applications.find((a) => a.id === clientId && a.environmentId === envId);
    if (!app) return oauthError(401, "invalid_client", "Client authentication failed: unknown client");
    const configured = app.body.tokenEndpointAuthMethod;
    if (method !== configured)
      return oauthError(
        401,
        "invalid_client",
        `Client authentication failed: the application requires ${configured}, the request used ${method}`,
      );
    const now = this.now();
    const s = app.secret;
    let ok = secret !== null && secretsEqual(secret, s.secret);
    let usedPrevious = false;
    if (
      !ok &&
      secret !== null &&
      s.previous &&
      Date.parse(s.previous.expiresAt) > now &&
      secretsEqual(secret, s.previous.secret)
    ) {
      ok = usedPrevious = true;
      s.previous.lastUsed = new Date(now).toISOString();
    }
    if (!ok) return oauthError(401, "invalid_client", "Client authentication failed: invalid client secret");
    if (app.body.enabled !== true)
      return oauthError(401, "invalid_client", "Client authentication failed: the application is disabled");
    if (grantType === "authorization_code" || grantType === "refresh_token") {
      const ctx = { ...this.oauthContext(), now };
      const reply =
        grantType === "authorization_code" ? authorizationCodeGrant(ctx, app, form) : refreshTokenGrant(ctx, app, form);
      return { ...reply, mutated: usedPrevious };
    }
    if (grantType !== "client_credentials")
      return oauthError(
        400,
        "unsupported_grant_type",
        `grant_type ${grantType} is not supported; use client_credentials, authorization_code or refresh_token`,
      );
    if (!((app.body.grantTypes as string[] | undefined) ?? []).includes("CLIENT_CREDENTIALS"))
      return oauthError(400, "unauthorized_client", "The application is not allowed the CLIENT_CREDENTIALS grant type");
    const accessToken = issueToken(this.world.seed, app.id, envId, now, this.tokenTtlSeconds);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: Math.max(1, Math.ceil(this.tokenTtlSeconds)),
      },
      headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
      // Authenticating with the previous secret records its lastUsed time.
      mutated: usedPrevious,
    };
  }

  // ---------- control paths ----------

  private control(r: ParsedRequest): RouteResult {
    const sub = r.path.slice(CONTROL_PREFIX.length);
    const route = `${r.method} ${sub}`;
    switch (route) {
      case "GET info":
        return { status: 200, body: this.info() };
      case "GET requests":
        return { status: 200, body: this.requests() };
      case "DELETE requests":
        this.clearRequests();
        return { status: 204 };
      case "POST faults": {
        const problem = r.bodyError ? `the body could not be read: ${r.bodyError}` : faultProblem(r.body);
        if (problem) return { status: 400, body: { error: problem } };
        this.injectFault(r.body as FaultSpec);
        return { status: 204 };
      }
      case "DELETE faults":
        this.clearFaults();
        return { status: 204 };
      case "POST reset":
        this.reset();
        return { status: 204 };
      case "GET clock":
        return {
          status: 200,
          body: { now: new Date(this.now()).toISOString(), offsetSeconds: this.clockOffsetMs / 1000 },
        };
      case "POST clock": {
        const advance = (r.body as { advanceSeconds?: unknown } | undefined)?.advanceSeconds;
        if (r.bodyError || typeof advance !== "number" || !Number.isFinite(advance) || advance < 0)
          return {
            status: 400,
            body: {
              error: `advanceSeconds must be a non-negative number of seconds; got ${JSON.stringify(advance ?? null)}`,
            },
          };
        this.advanceClock(advance);
        return {
          status: 200,
          body: { now: new Date(this.now()).toISOString(), offsetSeconds: this.clockOffsetMs / 1000 },
        };
      }
    }
    // An image's bytes: by id and format, or at the path of its PingOne href below `uploads/`.
    const byId = /^images\/([^/.]+)\.(png|jpg|gif)$/.exec(sub);
    const img =
      r.method !== "GET"
        ? undefined
        : byId
          ? this.world.images.find((i) => i.id === byId[1] && i.format === byId[2])
          : this.world.images.find((i) => `uploads${imageHref(this.world, i).slice(UPLOADS_ORIGIN.length)}` === sub);
    if (img)
      return {
        status: 200,
        body: Buffer.from(img.dataBase64, "base64"),
        headers: { "Content-Type": `image/${img.format === "jpg" ? "jpeg" : img.format}` },
      };
    return { status: 404, body: { error: `unknown control path ${r.method} ${r.path}` } };
  }
}
