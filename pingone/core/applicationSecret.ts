/**
 * The application's client secret: revealed without rotating, rotated only when `rotationTrigger` changes.
 * Deleting the resource leaves the application's secret alone.
 */
import type { PingOneApi } from "../client/api";
import type { ApplicationSecret } from "../client/types";
import type { ApplicationSecretInputs, ApplicationSecretOutputs } from "./model";
import { Failures, ValidationFailure, containsUnknown, describeError, errorStatus, isUnknown, zod } from "./common";
import type { FieldDiff } from "./application";

export const MIN_OVERLAP_SECONDS = 60;
export const MAX_OVERLAP_SECONDS = 2592000;
/**
 * PingOne refuses a `previous.expiresAt` less than one minute after it receives the request, so an overlap under
 * 90 s is sent as 90 s: the request's own travel time cannot push it under the floor.
 */
export const MIN_SENT_OVERLAP_MS = 90_000;

export function validateApplicationSecretInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const z = zod();
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  f.id("applicationId", inputs.applicationId, "application");
  if (inputs.rotationTrigger !== undefined) {
    f.field("rotationTrigger", inputs.rotationTrigger, z.string(), "a string is allowed (change it to rotate the secret)");
  }
  if (inputs.previousSecretOverlapSeconds !== undefined) {
    f.field(
      "previousSecretOverlapSeconds",
      inputs.previousSecretOverlapSeconds,
      z.number().int().min(MIN_OVERLAP_SECONDS).max(MAX_OVERLAP_SECONDS),
      `an integer number of seconds from ${MIN_OVERLAP_SECONDS} (1 minute) to ${MAX_OVERLAP_SECONDS} (30 days) is allowed`,
    );
  }
  return f.list;
}

/**
 * environmentId and applicationId replace; a changed rotationTrigger (or overlap setting) updates.
 * `secret` and `previousExpiresAt` are outputs and never compared.
 */
export function diffApplicationSecret(olds: ApplicationSecretOutputs, news: ApplicationSecretInputs): FieldDiff {
  const changes: string[] = [];
  const replaces: string[] = [];
  for (const key of ["environmentId", "applicationId"] as const) {
    if (containsUnknown(news[key]) || olds[key] !== news[key]) {
      changes.push(key);
      replaces.push(key);
    }
  }
  for (const key of ["rotationTrigger", "previousSecretOverlapSeconds"] as const) {
    if (isUnknown(news[key]) || olds[key] !== news[key]) changes.push(key);
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
  if (inputs.previousSecretOverlapSeconds !== undefined) out.previousSecretOverlapSeconds = inputs.previousSecretOverlapSeconds;
  if (secret.previous?.expiresAt) out.previousExpiresAt = secret.previous.expiresAt;
  return out;
}

function secretError(action: string, inputs: ApplicationSecretInputs, err: unknown): Error {
  const status = errorStatus(err);
  let hint = "";
  if (status === 403) {
    hint =
      " The provisioner must hold every role the application holds to read its secret; create the application with assignActorRoles false.";
  }
  return new Error(
    `Cannot ${action} the client secret of application ${inputs.applicationId} in environment ${inputs.environmentId}: ${describeError(err)}.${hint}`,
  );
}

/** Reveals the current secret (no rotation). */
export async function createApplicationSecret(api: PingOneApi, inputs: ApplicationSecretInputs): Promise<ApplicationSecretOutputs> {
  let secret: ApplicationSecret;
  try {
    secret = await api.getApplicationSecret(inputs.environmentId, inputs.applicationId);
  } catch (err) {
    throw secretError("read", inputs, err);
  }
  return toOutputs(inputs, secret);
}

/** Re-reads the current secret (so an out-of-band rotation shows as drift); undefined when the application is gone. */
export async function readApplicationSecret(
  api: PingOneApi,
  previous: ApplicationSecretOutputs,
): Promise<ApplicationSecretOutputs | undefined> {
  let secret: ApplicationSecret;
  try {
    secret = await api.getApplicationSecret(previous.environmentId, previous.applicationId);
  } catch (err) {
    if (errorStatus(err) === 404) return undefined;
    throw secretError("read", previous, err);
  }
  return toOutputs(previous, secret);
}

/**
 * Rotates the secret when `rotationTrigger` changed — keeping the previous one valid for
 * `previousSecretOverlapSeconds` when set — otherwise re-reads it. `now` is injectable for tests.
 */
export async function updateApplicationSecret(
  api: PingOneApi,
  olds: ApplicationSecretOutputs,
  news: ApplicationSecretInputs,
  now: () => number = Date.now,
): Promise<ApplicationSecretOutputs> {
  if (!rotationRequested(olds, news)) return createApplicationSecret(api, news);
  const expiresAt =
    news.previousSecretOverlapSeconds !== undefined
      ? new Date(now() + Math.max(news.previousSecretOverlapSeconds * 1000, MIN_SENT_OVERLAP_MS)).toISOString()
      : undefined;
  let secret: ApplicationSecret;
  try {
    secret = await api.rotateApplicationSecret(news.environmentId, news.applicationId, expiresAt);
  } catch (err) {
    throw secretError("rotate", news, err);
  }
  const out = toOutputs(news, secret);
  if (!out.previousExpiresAt && expiresAt) out.previousExpiresAt = expiresAt;
  return out;
}
