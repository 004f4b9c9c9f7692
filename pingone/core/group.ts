/**
 * A group of users. Its name is unique in the environment, which is how an interrupted create is recognised: a group
 * of exactly the asked name and description with no member and no role is what a create whose response was lost
 * leaves behind (its members and roles are added only after it), and is taken as this resource's own. Any other
 * group of that name is someone else's, and the create is refused with the ways out.
 */
import type { PingOneApi } from "../client/api";
import type { Group, GroupBody } from "../client/types";
import type { GroupInputs, GroupOutputs } from "./model";
import type { FieldDiff } from "./application";
import { Failures, ValidationFailure, describeError, inEnvironment, isText, isUnknown, show } from "./common";
import { duplicateRefusal } from "./roles";
import { descriptionViolation, groupNameViolation } from "./rules";

export function validateGroupInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  const problem = isUnknown(inputs.name) ? undefined : groupNameViolation(inputs.name);
  if (problem !== undefined) f.add("name", `name was ${show(inputs.name)}; it ${problem.problem}; expected ${problem.allowed}`);
  if (inputs.description !== undefined && !isUnknown(inputs.description)) {
    const description = descriptionViolation(inputs.description);
    if (description !== undefined) {
      f.add("description", `description was ${show(inputs.description)}; it ${description.problem}; expected ${description.allowed}`);
    }
  }
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

function bodyOf(inputs: GroupInputs): GroupBody {
  return { name: inputs.name, ...(inputs.description !== undefined && inputs.description !== "" ? { description: inputs.description } : {}) };
}

function toOutputs(inputs: GroupInputs, group: Group): GroupOutputs {
  const out: GroupOutputs = { environmentId: inputs.environmentId, name: group.name, groupId: group.id };
  if (group.description !== undefined && group.description !== "") out.description = group.description;
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
        "it is not one an interrupted create of this resource left behind",
    );
  }
}

export async function createGroup(api: PingOneApi, inputs: GroupInputs): Promise<GroupOutputs> {
  const env = inputs.environmentId;
  try {
    return toOutputs(inputs, await api.createGroup(env, bodyOf(inputs)));
  } catch (err) {
    if (!duplicateRefusal(err)) throw inEnvironment(`create the group ${JSON.stringify(inputs.name)}`, env, err);
  }
  const existing = await api.findGroupByName(env, inputs.name);
  if (!existing) throw new Error(`Cannot create the group ${JSON.stringify(inputs.name)} in environment ${env}: PingOne refused the name as taken, yet lists no group of that name`);
  const differences: string[] = [];
  if (existing.name !== inputs.name) differences.push(`it is named ${JSON.stringify(existing.name)}`);
  if ((existing.description ?? "") !== (inputs.description ?? "")) differences.push("its description differs");
  if (existing.population !== undefined) differences.push(`it belongs to population ${existing.population.id}`);
  const members = existing.directMemberCounts?.users ?? 0;
  if (members > 0) differences.push(`it has ${members} member(s)`);
  if (differences.length === 0) {
    const roles = await api.listGroupRoleAssignments(env, existing.id);
    if (roles.length > 0) differences.push(`it holds ${roles.length} role assignment(s)`);
  }
  if (differences.length > 0) throw new GroupNameTakenError(env, existing, differences.join(", "));
  return toOutputs(inputs, existing);
}

/** Refresh; undefined when the group is gone. */
export async function readGroup(api: PingOneApi, id: string, previous: Pick<GroupOutputs, "environmentId"> & Partial<GroupInputs>): Promise<GroupOutputs | undefined> {
  const live = await api.getGroup(previous.environmentId, id);
  if (!live) return undefined;
  return toOutputs({ environmentId: previous.environmentId, name: live.name, description: previous.description }, live);
}

export async function updateGroup(api: PingOneApi, id: string, news: GroupInputs): Promise<GroupOutputs> {
  try {
    return toOutputs(news, await api.updateGroup(news.environmentId, id, bodyOf(news)));
  } catch (err) {
    throw new Error(`Cannot update group ${id} in environment ${news.environmentId}: ${describeError(err)}`);
  }
}

/** Deletes the group; PingOne removes its memberships and role assignments with it. 404 is done. */
export async function deleteGroup(api: PingOneApi, id: string, state: Pick<GroupOutputs, "environmentId">): Promise<void> {
  try {
    await api.deleteGroup(state.environmentId, id);
  } catch (err) {
    throw new Error(`Cannot delete group ${id} in environment ${state.environmentId}: ${describeError(err)}`);
  }
}
