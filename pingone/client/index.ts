export type { PingOneApi, PingOneClientOptions, RetryOptions, RoleScope, TokenStore } from "./api";
export type * from "./types";
export { PingOneClient } from "./client";
export { PingOneApiError } from "./errors";
export { ApplicationNameTakenError, normalizeName, sameName } from "./nameTaken";
export { regionHosts, regionCodes, isLoopbackHost } from "./regions";
export { defaultRetryPolicy, parseRetryAfter, backoffDelay } from "./retry";
export type { PingOneAccessTokenOptions } from "./api";
export { PingOneOAuthClient, authorizationOutcome } from "./oauth";
export type {
  OAuthClientOptions,
  AuthorizationRequest,
  AuthorizationOutcome,
  UserTokens,
  ClientAuthMethod,
} from "./oauth";
