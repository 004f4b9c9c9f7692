/**
 * A group of users. Its name is unique in the environment (PingOne refuses a second one), so of two creates racing
 * for one name at most one succeeds. The group carries the resource's owner marker (`./ownership.ts`) in its
 * description, written by the create's own POST: a group of the name that carries this resource's marker is what its
 * interrupted create left, and is taken as its own; any other group of that name is someone else's — another stack's
 * or a person's, whatever its settings, members or roles — and the create is refused with the ways out.
 */
import type { PingOneApi } from "../client/api";
import type { Group, GroupBody } from "../client/types";
import type { GroupInputs, GroupOutputs } from "./model";
import type { FieldDiff } from "./application";
import { Failures, ValidationFailure, describeError, inEnvironment, isUnknown } from "./common";
import { duplicateRefusal } from "./roles";
import { groupNameViolation } from "./rules";
import { carriesMarker, markedDescription, ownerMarker, splitOwnerMarker } from "./ownership";

export function validateGroupInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  f.text("name", inputs.name, groupNameViolation);
  f.description(inputs.description);
  return f.list;
}

/** The environment replaces the group; name and description change in place (PingOne's PUT). */
export function diffGroup(olds: GroupOutputs, news: GroupInputs): FieldDiff {
  const changes: string[] = [];
  const replaces: string[] = [];
  if (isUnknown(news.environmentId) || olds.environmentId !== news.environmentId) {
    changes.push("environmentId");
    replaces.push("environmentId");
  }
  if (isUnknown(news.name) || olds.name !== news.name) changes.push("name");
  if (isUnknown(news.description) || (olds.description ?? "") !== (news.description ?? "")) changes.push("description");
  return { changes, replaces };
}

/** The POST or PUT body: the name, and the description with the owner marker of the resource `urn`. */
function bodyOf(inputs: GroupInputs, urn: string): GroupBody {
  return { name: inputs.name, description: markedDescription(inputs.description, ownerMarker(urn)) };
}

function toOutputs(inputs: GroupInputs, group: Group): GroupOutputs {
  const out: GroupOutputs = { environmentId: inputs.environmentId, name: group.name, groupId: group.id };
  const description = splitOwnerMarker(group.description).description;
  if (description !== undefined && description !== "") out.description = description;
  else if (inputs.description === "") out.description = "";
  return out;
}

/** Someone else's group holds the name asked for. */
export class GroupNameTakenError extends Error {
  constructor(
    readonly environmentId: string,
    readonly existing: Group,
    why: string,
  ) {
    super(
      `A group named ${JSON.stringify(existing.name)} already exists in environment ${environmentId} (group ${existing.id}, ${why}); ` +
        "it does not carry this resource's owner marker, so it is not one an interrupted create of this resource left behind",
    );
  }
}

/**
 * Creates the group (POST with the owner marker of `urn`). Refused as a duplicate, the group of that name is looked
 * up: this resource's own when it carries the marker (an interrupted create made it), someone else's otherwise.
 */
export async function createGroup(api: PingOneApi, inputs: GroupInputs, urn: string): Promise<GroupOutputs> {
  const env = inputs.environmentId;
  const body = bodyOf(inputs, urn);
  try {
    return toOutputs(inputs, await api.createGroup(env, body));
  } catch (err) {
    if (!duplicateRefusal(err)) throw inEnvironment(`create the group ${JSON.stringify(inputs.name)}`, env, err);
  }
  const existing = await api.findGroupByName(env, inputs.name);
  if (!existing)
    throw new Error(
      `Cannot create the group ${JSON.stringify(inputs.name)} in environment ${env}: PingOne refused the name as taken, yet lists no group of that name`,
    );
  if (!carriesMarker(existing.description, ownerMarker(urn))) {
    const members = existing.directMemberCounts?.users ?? 0;
    const why =
      splitOwnerMarker(existing.description).marker !== undefined
        ? "made by another Pulumi resource"
        : "not made by Pulumi";
    throw new GroupNameTakenError(env, existing, `${why}${members > 0 ? `, ${members} member(s)` : ""}`);
  }
  // This resource's own: converge a name or description changed since (the interrupted create sent the old ones).
  if (existing.name !== body.name || existing.description !== body.description)
    return updateGroup(api, existing.id, inputs, urn);
  return toOutputs(inputs, existing);
}

/** Refresh; undefined when the group is gone. */
export async function readGroup(
  api: PingOneApi,
  id: string,
  previous: Pick<GroupOutputs, "environmentId"> & Partial<GroupInputs>,
): Promise<GroupOutputs | undefined> {
  const live = await api.getGroup(previous.environmentId, id);
  if (!live) return undefined;
  return toOutputs({ environmentId: previous.environmentId, name: live.name, description: previous.description }, live);
}

/** PUT: name and description, the owner marker of `urn` written again (the PUT replaces the whole group). */
export async function updateGroup(api: PingOneApi, id: string, news: GroupInputs, urn: string): Promise<GroupOutputs> {
  try {
    return toOutputs(news, await api.updateGroup(news.environmentId, id, bodyOf(news, urn)));
  } catch (err) {
    throw new Error(`Cannot update group ${id} in environment ${news.environmentId}: ${describeError(err)}`);
  }
}

/** Deletes the group; PingOne removes its memberships and role assignments with it. 404 is done. */
export async function deleteGroup(
  api: PingOneApi,
  id: string,
  state: Pick<GroupOutputs, "environmentId">,
): Promise<void> {
  try {
    await api.deleteGroup(state.environmentId, id);
  } catch (err) {
    throw new Error(`Cannot delete group ${id} in environment ${state.environmentId}: ${describeError(err)}`);
  }
}
