/**
 * A user's direct membership of a group. A membership already there is this resource's own: a user joins a group
 * once, and a membership that is there when the create runs is what an interrupted create left (or was made for the
 * group's manager by hand); removing it on destroy is what the group's manager asked for.
 */
import type { PingOneApi } from "../client/api";
import type { User } from "../client/types";
import type { GroupMembershipInputs, GroupMembershipOutputs } from "./model";
import type { FieldDiff } from "./application";
import { ValidationFailure, changedKeys, describeError, validateInputs } from "./common";
import { checkUser, duplicateRefusal, lookUpUser, resolvedUser, sameUser, USER_KEYS } from "./roles";

export function validateGroupMembershipInputs(inputs: Record<string, unknown>): ValidationFailure[] {
  return validateInputs(inputs, [["groupId", "group"]], checkUser);
}

/** The resource's id, which is also its import id. */
export function membershipId(environmentId: string, userId: string, groupId: string): string {
  return `${environmentId}/${userId}/${groupId}`;
}

/** Every real change replaces; naming the same user another way is none. */
export function diffGroupMembership(olds: GroupMembershipOutputs, news: GroupMembershipInputs): FieldDiff {
  const changes: string[] = changedKeys(olds, news, ["environmentId", "groupId"]);
  if (!sameUser(olds, news)) {
    for (const k of USER_KEYS) if (olds[k] !== news[k]) changes.push(k);
  }
  return { changes: [...changes], replaces: [...changes] };
}

function toOutputs(inputs: GroupMembershipInputs, user: { id: string; username?: string }): GroupMembershipOutputs {
  return { environmentId: inputs.environmentId, groupId: inputs.groupId, ...resolvedUser(inputs, user) };
}

export async function createGroupMembership(
  api: PingOneApi,
  inputs: GroupMembershipInputs,
): Promise<GroupMembershipOutputs> {
  const env = inputs.environmentId;
  const user: User = await lookUpUser(api, inputs);
  try {
    await api.addUserToGroup(env, user.id, inputs.groupId);
  } catch (err) {
    if (!duplicateRefusal(err) || !(await api.getUserGroupMembership(env, user.id, inputs.groupId))) {
      throw new Error(
        `Cannot add user ${user.username} to group ${inputs.groupId} in environment ${env}: ${describeError(err)}`,
      );
    }
  }
  return toOutputs(inputs, user);
}

/** Refresh; undefined when the membership (or the user, or the group) is gone. */
export async function readGroupMembership(
  api: PingOneApi,
  previous: GroupMembershipOutputs,
): Promise<GroupMembershipOutputs | undefined> {
  const live = await api.getUserGroupMembership(previous.environmentId, previous.resolvedUserId, previous.groupId);
  if (!live) return undefined;
  return toOutputs(previous, { id: previous.resolvedUserId, username: previous.resolvedUsername });
}

/** Removes the user from the group; 404 (already out, or the group gone) is done. */
export async function deleteGroupMembership(api: PingOneApi, state: GroupMembershipOutputs): Promise<void> {
  try {
    await api.removeUserFromGroup(state.environmentId, state.resolvedUserId, state.groupId);
  } catch (err) {
    throw new Error(
      `Cannot remove user ${state.resolvedUserId} from group ${state.groupId} in environment ${state.environmentId}: ${describeError(err)}`,
    );
  }
}

/** Reads a membership for `pulumi import`: the user by username, as a program would declare it. */
export async function importGroupMembership(
  api: PingOneApi,
  environmentId: string,
  userId: string,
  groupId: string,
): Promise<GroupMembershipOutputs | undefined> {
  const user = await api.getUser(environmentId, userId);
  if (!user) return undefined;
  if (!(await api.getUserGroupMembership(environmentId, userId, groupId))) return undefined;
  return toOutputs({ environmentId, groupId, username: user.username }, user);
}
