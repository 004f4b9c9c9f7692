/**
 * The application's client secret: revealed without rotating, rotated only when `rotationTrigger` changes.
 * Deleting the resource leaves the application's secret alone.
 */
import type { PingOneApi } from "../client/api";
import type { ApplicationSecret, RoleAssignment } from "../client/types";
import type { ApplicationRoleAssignmentRecord, ApplicationSecretInputs, ApplicationSecretOutputs } from "./model";
import {
  Failures,
  ValidationFailure,
  changedKeys,
  describeError,
  errorDetailCodes,
  errorStatus,
  isIntegerIn,
  isText,
} from "./common";
import type { FieldDiff } from "./application";
import { MAX_KEEP_PREVIOUS_SECONDS, MIN_KEEP_PREVIOUS_SECONDS } from "../guide";

/**
 * PingOne refuses a `previous.expiresAt` less than one minute after it receives the request, so an overlap under
 * 90 s is sent as 90 s: the request's own travel time cannot push it under the floor.
 */
export const MIN_SENT_OVERLAP_MS = 90_000;

export function validateApplicationSecretInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  f.id("applicationId", inputs.applicationId, "application");
  if (inputs.rotationTrigger !== undefined) {
    f.field("rotationTrigger", inputs.rotationTrigger, isText, "a string is allowed (change it to rotate the secret)");
  }
  if (inputs.previousSecretOverlapSeconds !== undefined) {
    f.field(
      "previousSecretOverlapSeconds",
      inputs.previousSecretOverlapSeconds,
      isIntegerIn(MIN_KEEP_PREVIOUS_SECONDS, MAX_KEEP_PREVIOUS_SECONDS),
      `an integer number of seconds from ${MIN_KEEP_PREVIOUS_SECONDS} (1 minute) to ${MAX_KEEP_PREVIOUS_SECONDS} (30 days) is allowed`,
    );
  }
  return f.list;
}

/**
 * environmentId and applicationId replace; a changed rotationTrigger (or overlap setting) updates.
 * `secret` and `previousExpiresAt` are outputs and never compared. Role assignments a refresh recorded as blocking
 * the secret (`blockingRoleAssignments`) are drift: the update removes them.
 */
export function diffApplicationSecret(olds: ApplicationSecretOutputs, news: ApplicationSecretInputs): FieldDiff {
  const replaces: string[] = changedKeys(olds, news, ["environmentId", "applicationId"]);
  const changes: string[] = [
    ...replaces,
    ...changedKeys(olds, news, ["rotationTrigger", "previousSecretOverlapSeconds"]),
  ];
  if (olds.blockingRoleAssignments?.length) {
    changes.push("blockingRoleAssignments");
    return { changes, replaces, removedOutputs: ["blockingRoleAssignments"] };
  }
  return { changes, replaces };
}

/**
 * True when going from `olds` to `news` asks for a new secret: a trigger is given and differs from the recorded
 * one. Removing the trigger only stops rotations; it does not rotate.
 */
export function rotationRequested(olds: ApplicationSecretInputs, news: ApplicationSecretInputs): boolean {
  return news.rotationTrigger !== undefined && news.rotationTrigger !== olds.rotationTrigger;
}

function toOutputs(inputs: ApplicationSecretInputs, secret: ApplicationSecret): ApplicationSecretOutputs {
  const out: ApplicationSecretOutputs = {
    environmentId: inputs.environmentId,
    applicationId: inputs.applicationId,
    secret: secret.secret,
  };
  if (inputs.rotationTrigger !== undefined) out.rotationTrigger = inputs.rotationTrigger;
  if (inputs.previousSecretOverlapSeconds !== undefined)
    out.previousSecretOverlapSeconds = inputs.previousSecretOverlapSeconds;
  if (secret.previous?.expiresAt) out.previousExpiresAt = secret.previous.expiresAt;
  return out;
}

function secretError(action: string, inputs: ApplicationSecretInputs, err: unknown, hint?: string): Error {
  if (hint === undefined && errorStatus(err) === 403) {
    hint =
      "The provisioner must hold every role the application holds to read its secret; create the application with assignActorRoles false.";
  }
  return new Error(
    `Cannot ${action} the client secret of application ${inputs.applicationId} in environment ${inputs.environmentId}: ${describeError(err).replace(/\.$/, "")}.${hint ? ` ${hint}` : ""}`,
  );
}

/**
 * PingOne's refusal to show a secret to an actor lacking a role the application holds: 403 with detail
 * `INSUFFICIENT_PERMISSIONS` (REFERENCE §3).
 */
function isSecretRefusal(err: unknown): boolean {
  return errorStatus(err) === 403 && errorDetailCodes(err).includes("INSUFFICIENT_PERMISSIONS");
}

function recordOf(ra: RoleAssignment, roleNames: Map<string, string>): ApplicationRoleAssignmentRecord {
  const out: ApplicationRoleAssignmentRecord = {
    assignmentId: ra.id,
    roleId: ra.role.id,
    scopeType: ra.scope.type,
    scopeId: ra.scope.id,
    readOnly: ra.readOnly === true,
  };
  const name = roleNames.get(ra.role.id);
  if (name !== undefined) out.roleName = name;
  return out;
}

function describeAssignment(r: ApplicationRoleAssignmentRecord): string {
  return `${r.roleName ?? `role ${r.roleId}`} at ${r.scopeType} ${r.scopeId} (assignment ${r.assignmentId}${
    r.readOnly
      ? ", read only: the provisioner cannot remove it, an administrator holding that role must, in the console"
      : ""
  })`;
}

function appLabel(previous: ApplicationSecretInputs, applicationName: string | undefined): string {
  return `${applicationName !== undefined ? `${JSON.stringify(applicationName)} ` : ""}(${previous.applicationId})`;
}

function countOf(blocking: readonly unknown[]): string {
  return `${blocking.length} role assignment${blocking.length === 1 ? "" : "s"}`;
}

/** The warning a refresh gives when the application's roles keep its secret from the provisioner. */
export function blockingRolesWarning(
  previous: ApplicationSecretInputs,
  applicationName: string | undefined,
  blocking: ApplicationRoleAssignmentRecord[],
): string {
  const n = blocking.length;
  return (
    `application ${appLabel(previous, applicationName)} holds ${countOf(blocking)}: ${blocking.map(describeAssignment).join("; ")}. ` +
    "It needs none: StackOne signs in with the authorization code flow, whose tokens carry the signed-in user's roles, never the application's. " +
    "PingOne reveals the client secret only to an actor holding every role the application holds, and the provisioner lacks " +
    `${n === 1 ? "it" : "some of them"}, so the secret could not be read: the recorded secret is kept, and a rotation made out of band would go unnoticed. ` +
    "`pulumi up` removes the application's role assignments and reads the secret again."
  );
}

/**
 * After a refused secret read: the application's role assignments (one list; the role names and the application's
 * name only when it holds some). No roles: the refusal has another cause, and the read fails naming PingOne's answer.
 */
async function explainRefusal(
  api: PingOneApi,
  previous: ApplicationSecretInputs,
  refusal: unknown,
): Promise<{ blocking: ApplicationRoleAssignmentRecord[]; applicationName?: string }> {
  const env = previous.environmentId;
  let assignments: RoleAssignment[];
  try {
    assignments = await api.listApplicationRoleAssignments(env, previous.applicationId);
  } catch (err) {
    throw secretError(
      "read",
      previous,
      refusal,
      `Listing the application's role assignments to find out why failed too: ${describeError(err)}.`,
    );
  }
  if (assignments.length === 0) {
    throw secretError(
      "read",
      previous,
      refusal,
      `The application holds no role assignments (listed just now), so its roles are not the cause: the provisioner's own roles do not let it read this application's secret. Give the provisioner a role that manages applications in environment ${env} (Environment Admin, say).`,
    );
  }
  const [roles, app] = await Promise.all([
    api.listRoles().catch(() => []),
    api.getApplication(env, previous.applicationId).catch(() => undefined),
  ]);
  const names = new Map(roles.map((r) => [r.id, r.name]));
  const blocking = assignments
    .map((ra) => recordOf(ra, names))
    .sort(
      (a, b) =>
        (a.roleName ?? a.roleId).localeCompare(b.roleName ?? b.roleId) || a.assignmentId.localeCompare(b.assignmentId),
    );
  return { blocking, applicationName: app?.name };
}

/** Reveals the current secret (no rotation). */
export async function createApplicationSecret(
  api: PingOneApi,
  inputs: ApplicationSecretInputs,
): Promise<ApplicationSecretOutputs> {
  let secret: ApplicationSecret;
  try {
    secret = await api.getApplicationSecret(inputs.environmentId, inputs.applicationId);
  } catch (err) {
    throw secretError("read", inputs, err);
  }
  return toOutputs(inputs, secret);
}

/**
 * Re-reads the current secret (so an out-of-band rotation shows as drift); undefined when the application is gone.
 * One request, unless PingOne refuses it for a role the application holds and the provisioner lacks: then the
 * recorded secret is kept, the application's role assignments are recorded as `blockingRoleAssignments`, and
 * `warn` is told why (the next update removes them). A refusal with any other cause fails the read.
 */
export async function readApplicationSecret(
  api: PingOneApi,
  previous: ApplicationSecretOutputs,
  warn: (message: string) => void = () => undefined,
): Promise<ApplicationSecretOutputs | undefined> {
  let secret: ApplicationSecret;
  try {
    secret = await api.getApplicationSecret(previous.environmentId, previous.applicationId);
  } catch (err) {
    if (errorStatus(err) === 404) return undefined;
    if (!isSecretRefusal(err)) throw secretError("read", previous, err);
    const { blocking, applicationName } = await explainRefusal(api, previous, err);
    if (previous.secret === undefined) {
      // An import: there is no recorded secret to keep.
      throw secretError(
        "read",
        previous,
        err,
        `Application ${appLabel(previous, applicationName)} holds ${countOf(blocking)}: ${blocking.map(describeAssignment).join("; ")}; PingOne reveals the client secret only to an actor holding every role the application holds. Remove them (the application needs none), then import it again.`,
      );
    }
    warn(blockingRolesWarning(previous, applicationName, blocking));
    const kept: ApplicationSecretOutputs = { ...previous, blockingRoleAssignments: blocking };
    return kept;
  }
  return toOutputs(previous, secret);
}

/**
 * Removes every role assignment the application holds (it needs none), listed afresh: those a refresh recorded and
 * any granted since. Each is tried; the failures are reported together, naming each assignment.
 */
export async function removeApplicationRoles(api: PingOneApi, olds: ApplicationSecretOutputs): Promise<void> {
  const env = olds.environmentId;
  let current: RoleAssignment[];
  try {
    current = await api.listApplicationRoleAssignments(env, olds.applicationId);
  } catch (err) {
    throw new Error(
      `Cannot list the role assignments of application ${olds.applicationId} in environment ${env}: ${describeError(err)}`,
    );
  }
  const recorded = new Map((olds.blockingRoleAssignments ?? []).map((r) => [r.roleId, r.roleName]));
  const failures: string[] = [];
  for (const ra of current) {
    try {
      await api.deleteApplicationRoleAssignment(env, olds.applicationId, ra.id);
    } catch (err) {
      const role = recorded.get(ra.role.id) ?? `role ${ra.role.id}`;
      failures.push(`${role} at ${ra.scope.type} ${ra.scope.id} (assignment ${ra.id}): ${describeError(err)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      `Cannot remove the role assignments of application ${olds.applicationId} in environment ${env}, which it needs none of and which keep its client secret from the provisioner: ${failures.join("; ")}. ` +
        "Remove them in the PingOne console (Applications → the application → Roles) as an administrator who holds those roles, then run `pulumi up` again.",
    );
  }
}

/**
 * Rotates the secret when `rotationTrigger` changed — keeping the previous one valid for
 * `previousSecretOverlapSeconds` when set — otherwise re-reads it. `now` is injectable for tests.
 *
 * Exactly once. The secret is read first (the read the client needs anyway to recognise a lost POST). When it is no
 * longer the secret the stack recorded (`olds.secret`), a rotation has already happened since: this update's own,
 * whose process was killed while PingOne performed the POST (the engine then never recorded it, and runs the update
 * again) — or one made out of band. It is taken as this rotation, and PingOne is not asked for another: a second
 * rotation would make the first one's new secret, which nobody received, the previous one, and retire at once the
 * recorded secret — the one StackOne holds — which the first rotation had kept valid for the overlap. The outputs
 * then carry the live secret and PingOne's own `previous.expiresAt`. (`pulumi up --refresh` records an out-of-band
 * rotation first, so that a changed trigger then rotates again.)
 */
export async function updateApplicationSecret(
  api: PingOneApi,
  olds: ApplicationSecretOutputs,
  news: ApplicationSecretInputs,
  now: () => number = Date.now,
): Promise<ApplicationSecretOutputs> {
  // Roles a refresh found on the application go first: while they stay, PingOne refuses to read or rotate the secret.
  if (olds.blockingRoleAssignments?.length) await removeApplicationRoles(api, olds);
  if (!rotationRequested(olds, news)) return createApplicationSecret(api, news);
  const expiresAt =
    news.previousSecretOverlapSeconds !== undefined
      ? new Date(now() + Math.max(news.previousSecretOverlapSeconds * 1000, MIN_SENT_OVERLAP_MS)).toISOString()
      : undefined;
  let live: ApplicationSecret;
  try {
    live = await api.getApplicationSecret(news.environmentId, news.applicationId);
  } catch (err) {
    throw secretError("read", news, err);
  }
  if (olds.secret !== undefined && live.secret !== olds.secret) return toOutputs(news, live);
  let secret: ApplicationSecret;
  try {
    secret = await api.rotateApplicationSecret(news.environmentId, news.applicationId, expiresAt, live.secret);
  } catch (err) {
    throw secretError("rotate", news, err);
  }
  const out = toOutputs(news, secret);
  if (!out.previousExpiresAt && expiresAt) out.previousExpiresAt = expiresAt;
  return out;
}
