/** The local PingOne emulator's public surface: what `startEmulator` returns and what `npm run emulator` prints. */

export interface SeededUser {
  id: string;
  username: string;
  email: string;
  environmentId: string;
  /** The user's sign-in password on the emulator's sign-on page (derived from the seed and the user's id). */
  password: string;
}

export interface SeededPopulation {
  id: string;
  name: string;
  environmentId: string;
  /** The environment's default population (every seeded user belongs to it). */
  default: boolean;
}

export interface SeededGroup {
  id: string;
  name: string;
  environmentId: string;
}

/** Printed as one JSON line by `npm run emulator`. */
export interface EmulatorInfo {
  /** e.g. http://127.0.0.1:PORT/v1 */
  apiUrl: string;
  /** e.g. http://127.0.0.1:PORT (token endpoint: `${authUrl}/${envId}/as/token`) */
  authUrl: string;
  organizationId: string;
  /** Where the provisioner worker app lives. */
  adminEnvironmentId: string;
  /** The provisioner worker app (CLIENT_CREDENTIALS, CLIENT_SECRET_BASIC; holds Environment Admin at organization scope). */
  clientId: string;
  clientSecret: string;
  /** The default target environment. */
  environmentId: string;
  /** Every seeded target environment (the first is `environmentId`); at least two. */
  environmentIds: string[];
  /** Seeded users of the target environments (at least two in each), none holding a role, each with a password. */
  users: SeededUser[];
  /**
   * The populations of the target environments: one default population each, holding their users. Always printed
   * by this emulator; optional for readers of older info lines.
   */
  populations?: SeededPopulation[];
  /** The groups of the target environments: one "Administrators" group each, without members or roles (as `populations`). */
  groups?: SeededGroup[];
}

/** One request as the emulator saw it: in the log, and passed to `onExchange`. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string, e.g. /v1/environments/…/applications */
  path: string;
  status: number;
  /** The injected fault that hit this request, if any (status 0 when the connection was dropped unanswered). */
  fault?: "latency" | "status" | "drop" | "dropAfterCommit" | "malformed";
}

/** A full request/response pair, for contract validation. */
export interface Exchange extends RequestLogEntry {
  query: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  /** Parsed JSON, a raw Buffer for other content types, or undefined when empty. */
  requestBody: unknown;
  responseHeaders: Record<string, string | number | string[] | undefined>;
  responseBody: unknown;
}

/** A fault, applied to requests on the API and token paths (never to the /__emulator control paths). */
export type FaultSpec = (
  | { kind: "latency"; ms: number }
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 504; retryAfter?: string }
  | { kind: "drop" } // destroy the socket without a response
  | { kind: "dropAfterCommit" } // perform the request, then destroy the socket (a lost response)
  | { kind: "malformed"; body: string } // perform the request, then answer 200 with this text as the JSON body
) & {
  /** Apply to the next N matching requests… */
  next?: number;
  /** …or to this fraction (0..1) of them, deterministic under the emulator's seed. */
  rate?: number;
  /** Only requests with this method / whose path matches this regular expression source. */
  method?: string;
  pathPattern?: string;
};

export interface EmulatorOptions {
  /** 0 (default) picks a free port. Always binds 127.0.0.1. */
  port?: number;
  /** Seeds ids, secrets and fault decisions; same seed, same run. */
  seed?: number;
  /** Page size of HAL collections when the request gives no `limit` (default 100). */
  pageSize?: number;
  /** Lifetime of issued access tokens in seconds (default 3600). */
  tokenTtlSeconds?: number;
  onExchange?: (exchange: Exchange) => void;
  /**
   * Persist the whole world (ids, secrets, apps, assignments, grants…) in this JSON file: loaded on start when it
   * exists (else seeded and written), rewritten atomically after every successful mutating request.
   */
  stateFile?: string;
}

export interface RunningEmulator extends EmulatorInfo {
  populations: SeededPopulation[];
  groups: SeededGroup[];
  port: number;
  stop(): Promise<void>;
  /** Back to the seeded state (same ids and secrets), request log and faults cleared. */
  reset(): void;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Moves the emulator's clock forward: token, code and refresh-token lifetimes and secret expiry follow it. */
  advanceClock(seconds: number): void;
}
