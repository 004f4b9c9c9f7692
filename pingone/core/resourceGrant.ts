/**
 * The scopes an application may request from one resource. One grant per resource: an existing grant for the
 * resource is taken over (and then owned: destroy deletes it).
 */
import type { PingOneApi } from "../client/api";
import type { ApplicationResourceGrant, Resource, ResourceScope } from "../client/types";
import type { ResourceGrantInputs, ResourceGrantOutputs } from "./model";
import { Failures, ValidationFailure, containsUnknown, describeError, isUnknown, normalizeSet, preferOrder, sameSet, show, zod } from "./common";
import type { FieldDiff } from "./application";

export const DEFAULT_RESOURCE_NAME = "openid";

export function validateResourceGrantInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const z = zod();
  const f = new Failures();
  const nonEmpty = z.string().trim().min(1);
  f.id("environmentId", inputs.environmentId, "environment");
  f.id("applicationId", inputs.applicationId, "application");
  if (inputs.resourceName !== undefined) {
    f.field("resourceName", inputs.resourceName, nonEmpty, `a resource name is required (omit it for "${DEFAULT_RESOURCE_NAME}")`);
  }
  if (!isUnknown(inputs.scopes)) {
    if (!Array.isArray(inputs.scopes) || inputs.scopes.length === 0) {
      f.add("scopes", `scopes was ${show(inputs.scopes)}; a list of at least one scope name is required, e.g. ["openid", "profile"]`);
    } else {
      inputs.scopes.forEach((s: unknown, i: number) => {
        if (!isUnknown(s)) f.field(`scopes[${i}]`, s, nonEmpty, "a non-empty scope name is required");
      });
    }
  }
  return f.list;
}

/** environmentId, applicationId, resourceName replace (the default name counts as given); scopes compare as a set. */
export function diffResourceGrant(olds: ResourceGrantOutputs, news: ResourceGrantInputs): FieldDiff {
  const changes: string[] = [];
  const replaces: string[] = [];
  for (const key of ["environmentId", "applicationId"] as const) {
    if (isUnknown(news[key]) || olds[key] !== news[key]) {
      changes.push(key);
      replaces.push(key);
    }
  }
  const oldName = olds.resourceName ?? DEFAULT_RESOURCE_NAME;
  const newName = news.resourceName ?? DEFAULT_RESOURCE_NAME;
  if (isUnknown(newName) || oldName !== newName) {
    changes.push("resourceName");
    replaces.push("resourceName");
  }
  if (containsUnknown(news.scopes) || !sameSet(olds.scopes, news.scopes)) changes.push("scopes");
  return { changes, replaces };
}

async function resolveResource(api: PingOneApi, env: string, name: string): Promise<Resource> {
  const resources = await api.listResources(env);
  const resource = resources.find((r) => r.name === name);
  if (!resource) {
    throw new Error(
      `resourceName was ${JSON.stringify(name)}; environment ${env} has no resource of that name. Resources: ${resources
        .map((r) => r.name)
        .sort()
        .join(", ")}`,
    );
  }
  return resource;
}

async function resolveScopes(
  api: PingOneApi,
  env: string,
  resource: Resource,
  names: string[],
): Promise<{ all: ResourceScope[]; ids: string[] }> {
  const all = await api.listResourceScopes(env, resource.id);
  const wanted = normalizeSet(names);
  const unknown = wanted.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) {
    throw new Error(
      `scopes has ${unknown.map((n) => JSON.stringify(n)).join(", ")}, unknown to resource "${resource.name}"; its scopes: ${all
        .map((s) => s.name)
        .sort()
        .join(", ")}`,
    );
  }
  return { all, ids: wanted.map((n) => all.find((s) => s.name === n)!.id) };
}

function toOutputs(
  inputs: ResourceGrantInputs,
  grant: ApplicationResourceGrant,
  scopes: ResourceScope[],
): ResourceGrantOutputs {
  const liveIds = grant.scopes.map((s) => s.id);
  const names = liveIds.map((id) => scopes.find((s) => s.id === id)?.name ?? id);
  const out: ResourceGrantOutputs = {
    environmentId: inputs.environmentId,
    applicationId: inputs.applicationId,
    scopes: preferOrder(names, inputs.scopes),
    grantId: grant.id,
    resourceId: grant.resource.id,
    scopeIds: normalizeSet(liveIds),
  };
  if (inputs.resourceName !== undefined) out.resourceName = inputs.resourceName;
  return out;
}

function grantError(action: string, inputs: ResourceGrantInputs, err: unknown): Error {
  return new Error(
    `Cannot ${action} the grant of resource "${inputs.resourceName ?? DEFAULT_RESOURCE_NAME}" to application ${inputs.applicationId}: ${describeError(err)}`,
  );
}

/** Creates the grant, or takes over the application's existing grant for that resource and sets its scopes. */
export async function createResourceGrant(api: PingOneApi, inputs: ResourceGrantInputs): Promise<ResourceGrantOutputs> {
  const env = inputs.environmentId;
  const resource = await resolveResource(api, env, inputs.resourceName ?? DEFAULT_RESOURCE_NAME);
  const { all, ids } = await resolveScopes(api, env, resource, inputs.scopes);
  const scopeRefs = ids.map((id) => ({ id }));
  const existing = (await api.listApplicationGrants(env, inputs.applicationId)).find((g) => g.resource.id === resource.id);
  try {
    const grant = existing
      ? await api.updateApplicationGrant(env, inputs.applicationId, existing.id, { id: resource.id }, scopeRefs)
      : await api.createApplicationGrant(env, inputs.applicationId, { id: resource.id }, scopeRefs);
    return toOutputs(inputs, grant, all);
  } catch (err) {
    throw grantError(existing ? "update" : "create", inputs, err);
  }
}

/**
 * Reads the grant (scope ids mapped back to names); undefined when it is gone. While the grant's resource and scope
 * ids are those in state, the names in state still hold and the resource's scopes are not listed: this model keys
 * scopes by id and never renames one, so an unchanged id means an unchanged name.
 */
export async function readResourceGrant(
  api: PingOneApi,
  id: string,
  previous: ResourceGrantOutputs,
): Promise<ResourceGrantOutputs | undefined> {
  const grant = await api.getApplicationGrant(previous.environmentId, previous.applicationId, id);
  if (!grant) return undefined;
  const liveIds = grant.scopes.map((s) => s.id);
  if (grant.resource.id === previous.resourceId && sameSet(liveIds, previous.scopeIds ?? [])) {
    const out: ResourceGrantOutputs = {
      environmentId: previous.environmentId,
      applicationId: previous.applicationId,
      scopes: previous.scopes,
      grantId: grant.id,
      resourceId: grant.resource.id,
      scopeIds: normalizeSet(liveIds),
    };
    if (previous.resourceName !== undefined) out.resourceName = previous.resourceName;
    return out;
  }
  const scopes = await api.listResourceScopes(previous.environmentId, grant.resource.id);
  return toOutputs(previous, grant, scopes);
}

/** Sets the grant's scopes with a PUT. */
export async function updateResourceGrant(
  api: PingOneApi,
  id: string,
  olds: ResourceGrantOutputs,
  news: ResourceGrantInputs,
): Promise<ResourceGrantOutputs> {
  const env = news.environmentId;
  const resource = { id: olds.resourceId, name: news.resourceName ?? DEFAULT_RESOURCE_NAME, type: "CUSTOM" } as Resource;
  const { all, ids } = await resolveScopes(api, env, resource, news.scopes);
  try {
    const grant = await api.updateApplicationGrant(env, news.applicationId, id, { id: olds.resourceId }, ids.map((i) => ({ id: i })));
    return toOutputs(news, grant, all);
  } catch (err) {
    throw grantError("update", news, err);
  }
}

/** Deletes the grant; 404 is done. */
export async function deleteResourceGrant(api: PingOneApi, id: string, state: ResourceGrantOutputs): Promise<void> {
  try {
    await api.deleteApplicationGrant(state.environmentId, state.applicationId, id);
  } catch (err) {
    throw grantError("delete", state, err);
  }
}

/**
 * Reads an existing grant for `pulumi import`: the resource's name and the scopes' names are looked up, so the
 * recorded inputs are the ones a program would declare. Undefined when the grant does not exist.
 */
export async function importResourceGrant(
  api: PingOneApi,
  environmentId: string,
  applicationId: string,
  grantId: string,
): Promise<ResourceGrantOutputs | undefined> {
  const grant = await api.getApplicationGrant(environmentId, applicationId, grantId);
  if (!grant) return undefined;
  const resource = (await api.listResources(environmentId)).find((r) => r.id === grant.resource.id);
  const scopes = await api.listResourceScopes(environmentId, grant.resource.id);
  const inputs: ResourceGrantInputs = { environmentId, applicationId, scopes: [] };
  if (resource && resource.name !== DEFAULT_RESOURCE_NAME) inputs.resourceName = resource.name;
  else if (!resource) inputs.resourceName = grant.resource.id;
  return toOutputs(inputs, grant, scopes);
}
