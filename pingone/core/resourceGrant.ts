/**
 * The scopes an application may request from one resource. One grant per resource: an existing grant for the
 * resource is taken over (and then owned: destroy deletes it).
 */
import type { PingOneApi } from "../client/api";
import type { ApplicationResourceGrant, Resource, ResourceScope } from "../client/types";
import type { OtherGrantRecord, ResourceGrantInputs, ResourceGrantOutputs } from "./model";
import {
  Failures,
  ValidationFailure,
  changedKeys,
  containsUnknown,
  describeError,
  errorStatus,
  isUnknown,
  normalizeSet,
  preferOrder,
  sameSet,
  show,
  isBoolean,
  isNonBlankText,
} from "./common";
import type { FieldDiff } from "./application";

export const DEFAULT_RESOURCE_NAME = "openid";

export function validateResourceGrantInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  f.id("applicationId", inputs.applicationId, "application");
  if (inputs.resourceName !== undefined) {
    f.field(
      "resourceName",
      inputs.resourceName,
      isNonBlankText,
      `a resource name is required (omit it for "${DEFAULT_RESOURCE_NAME}")`,
    );
  }
  if (!isUnknown(inputs.scopes)) {
    if (!Array.isArray(inputs.scopes) || inputs.scopes.length === 0) {
      f.add(
        "scopes",
        `scopes was ${show(inputs.scopes)}; a list of at least one scope name is required, e.g. ["openid", "profile"]`,
      );
    } else {
      inputs.scopes.forEach((s: unknown, i: number) => {
        if (!isUnknown(s)) f.field(`scopes[${i}]`, s, isNonBlankText, "a non-empty scope name is required");
      });
    }
  }
  if (inputs.removeOtherGrants !== undefined) {
    f.field("removeOtherGrants", inputs.removeOtherGrants, isBoolean, "true or false is allowed");
  }
  return f.list;
}

/**
 * environmentId, applicationId, resourceName replace (the default name counts as given); scopes compare as a set.
 * With removeOtherGrants, the other grants a refresh recorded (`otherGrants`) are drift: the update removes them.
 */
export function diffResourceGrant(olds: ResourceGrantOutputs, news: ResourceGrantInputs): FieldDiff {
  const replaces: string[] = changedKeys(olds, news, ["environmentId", "applicationId"]);
  const changes: string[] = [...replaces];
  const oldName = olds.resourceName ?? DEFAULT_RESOURCE_NAME;
  const newName = news.resourceName ?? DEFAULT_RESOURCE_NAME;
  if (isUnknown(newName) || oldName !== newName) {
    changes.push("resourceName");
    replaces.push("resourceName");
  }
  if (containsUnknown(news.scopes) || !sameSet(olds.scopes, news.scopes)) changes.push("scopes");
  if (isUnknown(news.removeOtherGrants) || (olds.removeOtherGrants ?? false) !== (news.removeOtherGrants ?? false))
    changes.push("removeOtherGrants");
  if (news.removeOtherGrants === true && olds.otherGrants?.length) {
    changes.push("otherGrants");
    return { changes, replaces, removedOutputs: ["otherGrants"] };
  }
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
  if (inputs.removeOtherGrants !== undefined) out.removeOtherGrants = inputs.removeOtherGrants;
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
  const existing = (await api.listApplicationGrants(env, inputs.applicationId)).find(
    (g) => g.resource.id === resource.id,
  );
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
 * Reads the grant from the application's grant list (one request, as a read of the one grant would be); undefined
 * when it, or the application, is gone. While the grant's resource and scope ids are those in state, the names in
 * state still hold and the resource's scopes are not listed: this model keys scopes by id and never renames one, so
 * an unchanged id means an unchanged name. The application's other grants are recorded as `otherGrants` (their
 * resource and scope names looked up) and `warn` is told about them.
 */
export async function readResourceGrant(
  api: PingOneApi,
  id: string,
  previous: ResourceGrantOutputs,
  warn: (message: string) => void = () => undefined,
): Promise<ResourceGrantOutputs | undefined> {
  const env = previous.environmentId;
  let grants: ApplicationResourceGrant[];
  try {
    grants = await api.listApplicationGrants(env, previous.applicationId);
  } catch (err) {
    if (errorStatus(err) === 404) return undefined;
    throw grantError("read", previous, err);
  }
  const grant = grants.find((g) => g.id === id);
  if (!grant) return undefined;
  const others = grants.filter((g) => g.id !== id);
  const scopesOf = new Map<string, Promise<ResourceScope[]>>();
  const scopes = (resourceId: string) => {
    if (!scopesOf.has(resourceId)) scopesOf.set(resourceId, api.listResourceScopes(env, resourceId));
    return scopesOf.get(resourceId)!;
  };
  const liveIds = grant.scopes.map((s) => s.id);
  let out: ResourceGrantOutputs;
  if (grant.resource.id === previous.resourceId && sameSet(liveIds, previous.scopeIds ?? [])) {
    out = {
      environmentId: previous.environmentId,
      applicationId: previous.applicationId,
      scopes: previous.scopes,
      grantId: grant.id,
      resourceId: grant.resource.id,
      scopeIds: normalizeSet(liveIds),
    };
    if (previous.resourceName !== undefined) out.resourceName = previous.resourceName;
    if (previous.removeOtherGrants !== undefined) out.removeOtherGrants = previous.removeOtherGrants;
  } else {
    out = toOutputs(previous, grant, await scopes(grant.resource.id));
  }
  if (others.length > 0) {
    out.otherGrants = await describeOtherGrants(api, env, others, scopes);
    warn(otherGrantsWarning(out, grant.resource.id));
  }
  return out;
}

/** The other grants with their resources' and scopes' names (ids where a name cannot be found), sorted. */
async function describeOtherGrants(
  api: PingOneApi,
  env: string,
  others: ApplicationResourceGrant[],
  scopes: (resourceId: string) => Promise<ResourceScope[]>,
): Promise<OtherGrantRecord[]> {
  const [resources, scopeLists] = await Promise.all([
    api.listResources(env).catch(() => [] as Resource[]),
    Promise.all(others.map((g) => scopes(g.resource.id).catch(() => [] as ResourceScope[]))),
  ]);
  const records = others.map((g, i) => {
    const record: OtherGrantRecord = {
      grantId: g.id,
      resourceId: g.resource.id,
      scopes: normalizeSet(g.scopes.map((s) => scopeLists[i].find((x) => x.id === s.id)?.name ?? s.id)),
    };
    const name = resources.find((r) => r.id === g.resource.id)?.name;
    if (name !== undefined) record.resourceName = name;
    return record;
  });
  return records.sort(
    (a, b) =>
      (a.resourceName ?? a.resourceId).localeCompare(b.resourceName ?? b.resourceId) ||
      a.grantId.localeCompare(b.grantId),
  );
}

/** The warning a refresh gives when the application holds grants besides this one. */
export function otherGrantsWarning(out: ResourceGrantOutputs, resourceId: string): string {
  const others = out.otherGrants ?? [];
  const name = out.resourceName ?? DEFAULT_RESOURCE_NAME;
  const each = others.map(
    (g) =>
      `${g.resourceName !== undefined ? JSON.stringify(g.resourceName) : `resource ${g.resourceId}`} scopes ${g.scopes.join(", ") || "(none)"} (grant ${g.grantId}${
        g.resourceId === resourceId ? `, a second grant of the "${name}" resource` : ""
      })`,
  );
  const n = others.length;
  const head =
    `application ${out.applicationId} holds ${n} grant${n === 1 ? "" : "s"} besides the "${name}" grant this stack manages (${out.grantId}): ${each.join("; ")}. ` +
    `This stack does not manage ${n === 1 ? "it" : "them"}; ${n === 1 ? "it lets" : "they let"} the application request scopes beyond the stack's. `;
  if (out.removeOtherGrants === true)
    return `${head}\`pulumi up\` removes ${n === 1 ? "it" : "them"} (removeOtherGrants is set).`;
  return (
    head +
    `To remove ${n === 1 ? "it" : "them"}: the PingOne console (Applications → the application → Resources), or DELETE /environments/${out.environmentId}/applications/${out.applicationId}/grants/<grantId> per grant, ` +
    "or set removeOtherGrants on this grant so that `pulumi up` removes them."
  );
}

/**
 * Removes the other grants a refresh recorded when removeOtherGrants is set (each tried; failures reported
 * together), then sets the grant's scopes with a PUT when they changed.
 */
export async function updateResourceGrant(
  api: PingOneApi,
  id: string,
  olds: ResourceGrantOutputs,
  news: ResourceGrantInputs,
): Promise<ResourceGrantOutputs> {
  const env = news.environmentId;
  let otherGrants = olds.otherGrants;
  if (news.removeOtherGrants === true && otherGrants?.length) {
    const failures: string[] = [];
    for (const g of otherGrants) {
      try {
        await api.deleteApplicationGrant(env, news.applicationId, g.grantId);
      } catch (err) {
        failures.push(
          `grant ${g.grantId} of ${g.resourceName !== undefined ? JSON.stringify(g.resourceName) : `resource ${g.resourceId}`}: ${describeError(err)}`,
        );
      }
    }
    if (failures.length > 0) {
      throw new Error(
        `Cannot remove the other grants of application ${news.applicationId} (removeOtherGrants is set): ${failures.join("; ")}`,
      );
    }
    otherGrants = undefined;
  }
  let out: ResourceGrantOutputs;
  if (sameSet(olds.scopes, news.scopes)) {
    out = { ...olds, scopes: preferOrder(olds.scopes, news.scopes) };
    delete out.otherGrants;
    delete out.removeOtherGrants;
    if (news.removeOtherGrants !== undefined) out.removeOtherGrants = news.removeOtherGrants;
  } else {
    const resource = {
      id: olds.resourceId,
      name: news.resourceName ?? DEFAULT_RESOURCE_NAME,
      type: "CUSTOM",
    } as Resource;
    const { all, ids } = await resolveScopes(api, env, resource, news.scopes);
    try {
      const grant = await api.updateApplicationGrant(
        env,
        news.applicationId,
        id,
        { id: olds.resourceId },
        ids.map((i) => ({ id: i })),
      );
      out = toOutputs(news, grant, all);
    } catch (err) {
      throw grantError("update", news, err);
    }
  }
  if (otherGrants?.length) out.otherGrants = otherGrants;
  return out;
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
