/** Client secret reveal and rotation rules. */
import { insufficientPermissions, invalidValue, shown } from "../errors";
import type { StoredRoleAssignment, World } from "../state";
import { assignmentsOf, holds } from "./roles";

const MINUTE_MS = 60_000;
const THIRTY_DAYS_MS = 30 * 24 * 60 * MINUTE_MS;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reading or rotating a secret needs the actor to hold every role the application holds. */
export function checkSecretAccess(world: World, actorRoles: StoredRoleAssignment[], appId: string): void {
  const missing = assignmentsOf(world, "application", appId).filter(
    (ra) => !holds(world, actorRoles, ra.roleId, ra.scope),
  );
  if (missing.length > 0)
    throw insufficientPermissions(
      "secret",
      "Actor does not have permissions to access worker application client secrets",
    );
}

/** The body of a rotation: `{}` (old secret dies now) or `{"previous":{"expiresAt"}}` 1 minute..30 days ahead. */
export function parseRotation(raw: unknown, now: number): { previousExpiresAt?: string } {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw invalidValue("body", `The body must be {} or {"previous":{"expiresAt":"<RFC3339>"}}; got ${shown(raw)}`);
  const previous = (raw as Record<string, unknown>).previous;
  if (previous === undefined || previous === null) return {};
  const expiresAt = typeof previous === "object" ? (previous as Record<string, unknown>).expiresAt : undefined;
  const when = typeof expiresAt === "string" && RFC3339.test(expiresAt) ? Date.parse(expiresAt) : NaN;
  if (Number.isNaN(when))
    throw invalidValue(
      "previous.expiresAt",
      `previous.expiresAt must be an RFC 3339 date-time; got ${shown(expiresAt)}`,
    );
  if (when < now + MINUTE_MS || when > now + THIRTY_DAYS_MS)
    throw invalidValue(
      "previous.expiresAt",
      `previous.expiresAt must be between 1 minute and 30 days from now; got ${expiresAt}`,
    );
  return { previousExpiresAt: new Date(when).toISOString() };
}
