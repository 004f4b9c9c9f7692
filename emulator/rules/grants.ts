/** Application resource grants: the scopes must belong to the resource, and one grant per resource per app. */
import { ApiError, invalidData, invalidValue, MESSAGES, shown } from "../errors";
import type { StoredGrant, World } from "../state";

export function validateGrant(
  world: World,
  envId: string,
  appId: string,
  raw: unknown,
  replacing?: StoredGrant,
): { resourceId: string; scopeIds: string[] } {
  const body = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<string, any>;
  const resourceId = body.resource && typeof body.resource === "object" ? body.resource.id : undefined;
  const details = [];
  if (typeof resourceId !== "string" || !resourceId)
    details.push({
      code: "INVALID_VALUE",
      target: "resource.id",
      message: `resource.id is required; got ${shown(resourceId)}`,
    });
  if (
    !Array.isArray(body.scopes) ||
    body.scopes.length === 0 ||
    body.scopes.some((s: any) => !s || typeof s.id !== "string" || !s.id)
  )
    details.push({
      code: "INVALID_VALUE",
      target: "scopes",
      message: `scopes must be a non-empty array of {id}; got ${shown(body.scopes)}`,
    });
  if (details.length > 0) throw invalidData(details);

  const resource = world.resources.find((r) => r.id === resourceId && r.environmentId === envId);
  if (!resource)
    throw invalidValue("resource.id", `No resource with id ${shown(resourceId)} exists in environment ${envId}`);
  const scopeIds: string[] = [...new Set((body.scopes as { id: string }[]).map((s) => s.id))];
  const unknown = scopeIds.filter((id) => !world.scopes.some((s) => s.id === id && s.resourceId === resource.id));
  if (unknown.length > 0)
    throw invalidValue(
      "scopes",
      `Scopes ${shown(unknown)} do not belong to resource '${resource.name}' (${resource.id})`,
      {
        referencedValues: unknown,
      },
    );
  const clash = world.grants.find(
    (g) => g.applicationId === appId && g.resourceId === resource.id && g.id !== replacing?.id,
  );
  if (clash)
    throw new ApiError(400, "INVALID_DATA", MESSAGES.INVALID_DATA, [
      {
        code: "UNIQUENESS_VIOLATION",
        target: "resource",
        message: `The application already has a grant (${clash.id}) for resource '${resource.name}'; update it instead`,
      },
    ]);
  return { resourceId: resource.id, scopeIds };
}
