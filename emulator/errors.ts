/** PingOne's error bodies (spec: components/schemas/P1Error) and the messages PingOne uses. */
import { randomUUID } from "crypto";

export interface ErrorDetail {
  code: string;
  target?: string;
  message: string;
  innerError?: Record<string, unknown>;
}

export interface P1Error {
  id: string;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export const MESSAGES = {
  INVALID_DATA: "The request could not be completed. One or more validation errors were in the request.",
  ACCESS_FAILED: "The request could not be completed. You do not have access to this resource.",
  NOT_FOUND: "The request could not be completed. The requested resource was not found.",
  INVALID_TOKEN: "The request could not be completed. The access token is missing, invalid or expired.",
  METHOD_NOT_ALLOWED: "The request could not be completed. The requested method is not allowed for this resource.",
  INVALID_REQUEST: "The request could not be completed. The request body could not be parsed.",
  REQUEST_LIMITED: "The request could not be completed. Too many requests were made.",
  UNEXPECTED_ERROR: "The request could not be completed. An unexpected error occurred.",
  SERVICE_UNAVAILABLE: "The request could not be completed. The service is temporarily unavailable.",
} as const;

/** A PingOne API error: thrown by rules and handlers, turned into a response by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  body(): P1Error {
    const body: P1Error = { id: randomUUID(), code: this.code, message: this.message };
    if (this.details && this.details.length > 0) body.details = this.details;
    return body;
  }
}

export function invalidData(details: ErrorDetail[]): ApiError {
  return new ApiError(400, "INVALID_DATA", MESSAGES.INVALID_DATA, details);
}

export function invalidValue(target: string, message: string, innerError?: Record<string, unknown>): ApiError {
  const detail: ErrorDetail = { code: "INVALID_VALUE", target, message };
  if (innerError) detail.innerError = innerError;
  return invalidData([detail]);
}

export function notFound(): ApiError {
  return new ApiError(404, "NOT_FOUND", MESSAGES.NOT_FOUND);
}

export function accessFailed(details?: ErrorDetail[]): ApiError {
  return new ApiError(403, "ACCESS_FAILED", MESSAGES.ACCESS_FAILED, details);
}

export function insufficientPermissions(target: string, message: string): ApiError {
  return accessFailed([{ code: "INSUFFICIENT_PERMISSIONS", target, message }]);
}

/** JSON.stringify of a client-supplied value for an error message, shortened. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
