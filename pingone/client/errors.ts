import type { PingOneErrorBody } from "./types";

export type PingOneErrorDetail = NonNullable<PingOneErrorBody["details"]>[number];

/**
 * The one error every `PingOneClient` operation throws. `status` is the HTTP status (0 when no response arrived);
 * `errorId`, `code`, `pingOneMessage` and `details` are PingOne's error body (for the token endpoint: `code` is the
 * OAuth `error`, e.g. `invalid_client`). The message never contains a secret or a token.
 *
 * PingOne's error `id` is deliberately not exposed as a property named `id`: Pulumi reads an `id` on an error
 * thrown from a provider's `create` as "the resource was created under this id but failed to initialise", records
 * it in the state and reports only `resource init failed`. An error id there would wedge the stack on a create that
 * created nothing.
 */
export class PingOneApiError extends Error {
  readonly status: number;
  readonly operation: string;
  /** PingOne's id of this error (its body's `id`): quote it to Ping support. */
  readonly errorId?: string;
  readonly code?: string;
  readonly pingOneMessage?: string;
  readonly details: PingOneErrorDetail[];
  /** How many HTTP attempts were made before giving up. */
  readonly attempts: number;

  constructor(args: {
    operation: string;
    status: number;
    /** PingOne's error id (the body's `id`). */
    errorId?: string;
    code?: string;
    message?: string;
    details?: PingOneErrorDetail[];
    attempts?: number;
    /** Replaces the standard summary after "PingOne <operation> failed: ". */
    summary?: string;
    /** Appended to the message, e.g. why the call was not repeated. */
    note?: string;
  }) {
    super(formatErrorMessage(args));
    this.name = "PingOneApiError";
    this.status = args.status;
    this.operation = args.operation;
    this.errorId = args.errorId;
    this.code = args.code;
    this.pingOneMessage = args.message;
    this.details = args.details ?? [];
    this.attempts = args.attempts ?? 1;
  }

  /** True when PingOne named this detail code (e.g. `UNIQUENESS_VIOLATION`) in the error. */
  hasDetail(code: string, target?: string): boolean {
    return this.details.some((d) => d.code === code && (target === undefined || d.target === target));
  }
}

/**
 * `PingOne create application failed: 400 INVALID_DATA The request could not be completed… [INVALID_VALUE
 * redirectUris: Wildcards are not allowed…]`
 */
export function formatErrorMessage(args: {
  operation: string;
  status: number;
  code?: string;
  message?: string;
  details?: PingOneErrorDetail[];
  summary?: string;
  note?: string;
}): string {
  const note = args.note ? ` ${args.note}` : "";
  const head = `PingOne ${args.operation} failed: `;
  if (args.summary !== undefined) return head + args.summary + note;
  const parts: string[] = [String(args.status)];
  if (args.code) parts.push(args.code);
  if (args.message) parts.push(args.message);
  let text = head + parts.join(" ");
  const details = (args.details ?? []).map(formatDetail).filter((d) => d !== "");
  if (details.length > 0) text += ` [${details.join("; ")}]`;
  return text + note;
}

function formatDetail(detail: PingOneErrorDetail): string {
  const code = detail.code ?? "";
  const where = detail.target ? `${detail.target}: ` : "";
  const msg = detail.message ?? "";
  return `${code}${code && (where || msg) ? " " : ""}${where}${msg}`.trim();
}

/**
 * Reads PingOne's error body (`{id, code, message, details}`) or the token endpoint's OAuth error
 * (`{error, error_description}`) out of whatever came back; anything else becomes a short text message.
 */
export function parseErrorBody(body: unknown, text: string): PingOneErrorBody {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    if (typeof b.error === "string") {
      return {
        code: b.error,
        message: typeof b.error_description === "string" ? b.error_description : undefined,
      };
    }
    const details = Array.isArray(b.details)
      ? (b.details as unknown[])
          .filter((d): d is Record<string, unknown> => d !== null && typeof d === "object")
          .map((d) => ({
            code: typeof d.code === "string" ? d.code : undefined,
            target: typeof d.target === "string" ? d.target : undefined,
            message: typeof d.message === "string" ? d.message : undefined,
            innerError:
              d.innerError !== null && typeof d.innerError === "object"
                ? (d.innerError as Record<string, unknown>)
                : undefined,
          }))
      : undefined;
    return {
      id: typeof b.id === "string" ? b.id : undefined,
      code: typeof b.code === "string" ? b.code : undefined,
      message: typeof b.message === "string" ? b.message : undefined,
      details,
    };
  }
  const trimmed = text.trim().replace(/\s+/g, " ");
  return { message: trimmed === "" ? undefined : trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed };
}
