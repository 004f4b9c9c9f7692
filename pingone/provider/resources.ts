/**
 * The resource types of the `pingone` package as thin adapters over the core: what `Check`, `Diff`, `Create`,
 * `Read` (refresh and import), `Update` and `Delete` do for each, in the core's plain values. The gRPC service
 * (`server.ts`) turns the engine's requests into these calls and their results back into the engine's shapes.
 */
import type { PingOneApi } from "../client/api";
import { ApplicationNameTakenError } from "../client/nameTaken";
import type { ValidationFailure } from "../core/common";
import { containsUnknown, show, UNKNOWN_VALUE } from "../core/common";
import {
  applicationOutputsToInputs,
  createApplication,
  deleteApplication,
  diffApplication,
  notWorkerWarning,
  readApplication,
  updateApplication,
  validateApplicationInputs,
  type FieldDiff,
} from "../core/application";
import {
  createApplicationSecret,
  diffApplicationSecret,
  readApplicationSecret,
  updateApplicationSecret,
  validateApplicationSecretInputs,
} from "../core/applicationSecret";
import {
  createResourceGrant,
  deleteResourceGrant,
  diffResourceGrant,
  importResourceGrant,
  readResourceGrant,
  updateResourceGrant,
  validateResourceGrantInputs,
} from "../core/resourceGrant";
import {
  createUserRoleAssignment,
  deleteUserRoleAssignment,
  diffUserRoleAssignment,
  importUserRoleAssignment,
  readUserRoleAssignment,
  validateUserRoleAssignmentInputs,
  type UserRoleAssignmentState,
} from "../core/userRoleAssignment";
import { createGroup, deleteGroup, diffGroup, GroupNameTakenError, readGroup, updateGroup, validateGroupInputs } from "../core/group";
import {
  createGroupRoleAssignment,
  deleteGroupRoleAssignment,
  diffGroupRoleAssignment,
  importGroupRoleAssignment,
  readGroupRoleAssignment,
  validateGroupRoleAssignmentInputs,
} from "../core/groupRoleAssignment";
import {
  createGroupMembership,
  deleteGroupMembership,
  diffGroupMembership,
  importGroupMembership,
  membershipId,
  readGroupMembership,
  validateGroupMembershipInputs,
} from "../core/groupMembership";
import { readIconFile } from "../core/icon";
import { computedOutputs, secretOutputs } from "./shape";
import type {
  ApplicationInputs,
  ApplicationOutputs,
  ApplicationSecretInputs,
  ApplicationSecretOutputs,
  GroupInputs,
  GroupMembershipInputs,
  GroupMembershipOutputs,
  GroupOutputs,
  GroupRoleAssignmentInputs,
  GroupRoleAssignmentOutputs,
  ResourceGrantInputs,
  ResourceGrantOutputs,
  UserRoleAssignmentInputs,
} from "../core/model";

export type Props = Record<string, unknown>;

/** What `Read` returns: the resource's id, its outputs, and the inputs a program would declare for it. */
export interface ReadResult {
  id: string;
  outputs: Props;
  inputs: Props;
}

/** Tells the user something about the resource being read (a warning in the engine's log, under its URN). */
export type Warn = (message: string) => void;

/** One resource type of the package. */
export interface ResourceType {
  /** `Application`, …: the type token is `pingone:index:<name>`. */
  readonly name: string;
  /** Output properties that are secret (wrapped as secrets for the engine): the schema's. */
  readonly secretOutputs: readonly string[];
  /** The id `pulumi import` takes, as shown in messages and docs. */
  readonly importIdFormat: string;
  /** Input properties whose change removes the old object before the new one is created. */
  readonly deleteBeforeReplace: boolean;
  /** Input properties holding a name: normalised (Unicode NFC) by Check, before they are compared, stored or sent. */
  readonly nameProperties?: readonly string[];
  check(news: Props): ValidationFailure[];
  diff(olds: Props, news: Props): FieldDiff;
  /** `urn` is the resource's URN: the owner marker of what the create makes comes from it (core/ownership.ts). */
  create(api: PingOneApi, inputs: Props, urn: string): Promise<{ id: string; outputs: Props }>;
  /** What a preview of a create shows: the inputs, and every computed output (the schema's) unknown. */
  previewCreate(inputs: Props): Props;
  /** What a preview of an update shows: the recorded outputs overlaid with the new inputs, changed computeds unknown. */
  previewUpdate(olds: Props, news: Props): Props;
  /**
   * Refresh: `state` is what the stack recorded. Import: `state` is empty and `id` is `importIdFormat`, or (for
   * `pulumi refresh --import-pending-creates`) the bare id with `inputs` from the interrupted create.
   */
  read(api: PingOneApi, id: string, state: Props, inputs?: Props, warn?: Warn): Promise<ReadResult | undefined>;
  update(api: PingOneApi, id: string, olds: Props, news: Props, urn: string): Promise<Props>;
  delete(api: PingOneApi, id: string, state: Props): Promise<void>;
}

/**
 * The longest import id taken, in characters. Its parts are PingOne ids (36-character UUIDs), so the longest real one,
 * three ids and two slashes, is 110; the bound keeps a pasted document from being echoed whole into an error.
 */
export const MAX_IMPORT_ID_LENGTH = 256;

/** An error when `id` is longer than any import id can be: its length and beginning, never the whole of it. */
function checkImportIdLength(type: ResourceType, id: string): void {
  const length = Array.from(id).length;
  if (length > MAX_IMPORT_ID_LENGTH) {
    throw new Error(
      `${typeToken(type.name)}: the import id is ${length} characters long, beginning ${show(Array.from(id).slice(0, 40).join(""))}; ` +
        `an import id is at most ${MAX_IMPORT_ID_LENGTH} characters: ${type.importIdFormat}, each a PingOne id (36 characters)`,
    );
  }
}

/** `a/b/c` split into exactly `count` non-empty parts, or an error naming the format. */
export function importIdParts(type: ResourceType, id: string, count: number): string[] {
  checkImportIdLength(type, id);
  const parts = id.split("/");
  if (parts.length !== count || parts.some((p) => p.trim() === "")) {
    throw new Error(`${typeToken(type.name)}: the import id was ${JSON.stringify(id)}; expected ${type.importIdFormat}`);
  }
  return parts;
}

/**
 * The environment and object id of a `Read` with no state, for a type whose import id is
 * `<environmentId>/<objectId>`: `pulumi import` gives that id; `refresh --import-pending-creates <urn> <id>` gives the
 * bare id, with the environment among the interrupted create's `inputs`.
 */
function importTarget(type: ResourceType, id: string, inputs: Props | undefined): [environmentId: string, objectId: string] {
  checkImportIdLength(type, id);
  const pendingEnv = !id.includes("/") && typeof inputs?.environmentId === "string" ? inputs.environmentId : undefined;
  if (pendingEnv !== undefined) return [pendingEnv, id];
  const [environmentId, objectId] = importIdParts(type, id, 2);
  return [environmentId, objectId];
}

/** The recorded state holds outputs; an empty one means `pulumi import` (or `refresh --import-pending-creates`). */
function isImport(state: Props): boolean {
  return state.environmentId === undefined;
}

function withUnknown(props: Props, keys: readonly string[]): Props {
  const out: Props = { ...props };
  for (const k of keys) out[k] = UNKNOWN_VALUE;
  return out;
}

export const application: ResourceType = {
  name: "Application",
  secretOutputs: secretOutputs("Application"),
  nameProperties: ["name"],
  importIdFormat: "<environmentId>/<applicationId>",
  deleteBeforeReplace: false,
  check: (news) => validateApplicationInputs(news),
  diff(olds, news) {
    const inputs = news as unknown as ApplicationInputs;
    let sha: string | undefined;
    const icon = inputs.icon;
    if (icon && typeof icon === "object" && "filePath" in icon && typeof icon.filePath === "string" && !containsUnknown(icon)) {
      const file = readIconFile(icon.filePath);
      if (!("error" in file)) sha = file.sha256;
    }
    return diffApplication(olds as unknown as ApplicationOutputs, inputs, sha);
  },
  async create(api, inputs, urn) {
    try {
      const out = await createApplication(api, inputs as unknown as ApplicationInputs, urn);
      return { id: out.applicationId, outputs: out as unknown as Props };
    } catch (err) {
      if (!(err instanceof ApplicationNameTakenError)) throw err;
      const id = err.existing[0].id;
      throw new Error(
        `${err.message}. Give this application another name, or take that one over: the adoptApplicationId input ` +
          `(${id}), or \`pulumi import pingone:index:Application <name> ${err.environmentId}/${id}\` for a resource declared on its own.`,
      );
    }
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("Application")),
  previewUpdate(olds, news) {
    const out = { ...olds, ...news };
    if (JSON.stringify(olds.icon) !== JSON.stringify(news.icon)) out.iconImage = UNKNOWN_VALUE;
    return out;
  },
  async read(api, id, state, inputs, warn) {
    let previous = state;
    let appId = id;
    if (isImport(state)) {
      const [environmentId, applicationId] = importTarget(this, id, inputs);
      previous = { environmentId, ...(inputs?.icon !== undefined ? { icon: inputs.icon } : {}) };
      appId = applicationId;
    }
    const out = await readApplication(api, appId, previous as unknown as ApplicationOutputs);
    if (!out) return undefined;
    if (out.notWorker !== undefined) warn?.(notWorkerWarning(out));
    return { id: appId, outputs: out as unknown as Props, inputs: applicationOutputsToInputs(out) as unknown as Props };
  },
  async update(api, id, olds, news, urn) {
    return (await updateApplication(api, id, olds as unknown as ApplicationOutputs, news as unknown as ApplicationInputs, urn)) as unknown as Props;
  },
  async delete(api, id, state) {
    // With the state, the icon image this project uploaded for the application is deleted too.
    await deleteApplication(api, state.environmentId as string, id, state as unknown as Partial<ApplicationOutputs>);
  },
};

function secretInputsOf(out: ApplicationSecretOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, applicationId: out.applicationId };
  if (out.rotationTrigger !== undefined) inputs.rotationTrigger = out.rotationTrigger;
  if (out.previousSecretOverlapSeconds !== undefined) inputs.previousSecretOverlapSeconds = out.previousSecretOverlapSeconds;
  return inputs;
}

export const applicationSecret: ResourceType = {
  name: "ApplicationSecret",
  secretOutputs: secretOutputs("ApplicationSecret"),
  importIdFormat: "<environmentId>/<applicationId>",
  deleteBeforeReplace: false,
  check: (news) => validateApplicationSecretInputs(news),
  diff: (olds, news) => diffApplicationSecret(olds as unknown as ApplicationSecretOutputs, news as unknown as ApplicationSecretInputs),
  async create(api, inputs) {
    const out = await createApplicationSecret(api, inputs as unknown as ApplicationSecretInputs);
    return { id: `${out.environmentId}/${out.applicationId}`, outputs: out as unknown as Props };
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("ApplicationSecret")),
  previewUpdate(olds, news) {
    const out = { ...olds, ...news };
    if (olds.rotationTrigger !== news.rotationTrigger && news.rotationTrigger !== undefined) {
      out.secret = UNKNOWN_VALUE;
      if (news.previousSecretOverlapSeconds !== undefined) out.previousExpiresAt = UNKNOWN_VALUE;
    }
    // The update removes the application's roles; the secret it reads then may be a new one.
    if (Array.isArray(olds.blockingRoleAssignments) && olds.blockingRoleAssignments.length > 0) {
      delete out.blockingRoleAssignments;
      out.secret = UNKNOWN_VALUE;
    }
    return out;
  },
  async read(api, id, state, _inputs, warn) {
    let previous = state;
    if (isImport(state)) {
      const [environmentId, applicationId] = importIdParts(this, id, 2);
      previous = { environmentId, applicationId };
    }
    const out = await readApplicationSecret(api, previous as unknown as ApplicationSecretOutputs, warn);
    if (!out) return undefined;
    return { id: `${out.environmentId}/${out.applicationId}`, outputs: out as unknown as Props, inputs: secretInputsOf(out) };
  },
  async update(api, _id, olds, news) {
    return (await updateApplicationSecret(
      api,
      olds as unknown as ApplicationSecretOutputs,
      news as unknown as ApplicationSecretInputs,
    )) as unknown as Props;
  },
  /** The secret belongs to the application: nothing to delete. */
  async delete() {
    return;
  },
};

function grantInputsOf(out: ResourceGrantOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, applicationId: out.applicationId, scopes: out.scopes };
  if (out.resourceName !== undefined) inputs.resourceName = out.resourceName;
  if (out.removeOtherGrants !== undefined) inputs.removeOtherGrants = out.removeOtherGrants;
  return inputs;
}

export const resourceGrant: ResourceType = {
  name: "ResourceGrant",
  secretOutputs: secretOutputs("ResourceGrant"),
  importIdFormat: "<environmentId>/<applicationId>/<grantId>",
  deleteBeforeReplace: false,
  check: (news) => validateResourceGrantInputs(news),
  diff: (olds, news) => diffResourceGrant(olds as unknown as ResourceGrantOutputs, news as unknown as ResourceGrantInputs),
  async create(api, inputs) {
    const out = await createResourceGrant(api, inputs as unknown as ResourceGrantInputs);
    return { id: out.grantId, outputs: out as unknown as Props };
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("ResourceGrant")),
  previewUpdate(olds, news) {
    const out = { ...olds, ...news };
    if (JSON.stringify(olds.scopes) !== JSON.stringify(news.scopes)) out.scopeIds = UNKNOWN_VALUE;
    if (news.removeOtherGrants === true) delete out.otherGrants;
    return out;
  },
  async read(api, id, state, _inputs, warn) {
    if (isImport(state)) {
      const [environmentId, applicationId, grantId] = importIdParts(this, id, 3);
      const out = await importResourceGrant(api, environmentId, applicationId, grantId);
      if (!out) return undefined;
      return { id: grantId, outputs: out as unknown as Props, inputs: grantInputsOf(out) };
    }
    const out = await readResourceGrant(api, id, state as unknown as ResourceGrantOutputs, warn);
    if (!out) return undefined;
    return { id, outputs: out as unknown as Props, inputs: grantInputsOf(out) };
  },
  async update(api, id, olds, news) {
    return (await updateResourceGrant(api, id, olds as unknown as ResourceGrantOutputs, news as unknown as ResourceGrantInputs)) as unknown as Props;
  },
  async delete(api, id, state) {
    await deleteResourceGrant(api, id, state as unknown as ResourceGrantOutputs);
  },
};

function assignmentInputsOf(out: UserRoleAssignmentState): Props {
  const inputs: Props = { environmentId: out.environmentId, roleName: out.roleName, scopeType: out.scopeType };
  for (const k of ["userId", "username", "email", "scopeId"] as const) if (out[k] !== undefined) inputs[k] = out[k];
  return inputs;
}

export const userRoleAssignment: ResourceType = {
  name: "UserRoleAssignment",
  secretOutputs: secretOutputs("UserRoleAssignment"),
  importIdFormat: "<environmentId>/<userId>/<roleAssignmentId>",
  // PingOne refuses two equal assignments: the old one goes first.
  deleteBeforeReplace: true,
  check: (news) => validateUserRoleAssignmentInputs(news),
  diff: (olds, news) => diffUserRoleAssignment(olds as unknown as UserRoleAssignmentState, news as unknown as UserRoleAssignmentInputs),
  async create(api, inputs) {
    const out = await createUserRoleAssignment(api, inputs as unknown as UserRoleAssignmentInputs);
    return { id: out.assignmentId, outputs: out as unknown as Props };
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("UserRoleAssignment")),
  previewUpdate: (olds, news) => ({ ...olds, ...news }),
  async read(api, id, state) {
    if (isImport(state)) {
      const [environmentId, userId, assignmentId] = importIdParts(this, id, 3);
      const out = await importUserRoleAssignment(api, environmentId, userId, assignmentId);
      if (!out) return undefined;
      return { id: assignmentId, outputs: out as unknown as Props, inputs: assignmentInputsOf(out) };
    }
    const out = await readUserRoleAssignment(api, id, state as unknown as UserRoleAssignmentState);
    if (!out) return undefined;
    return { id, outputs: out as unknown as Props, inputs: assignmentInputsOf(out) };
  },
  /** Every change replaces (see `diff`); an update is never asked for. */
  async update() {
    throw new Error(`${typeToken("UserRoleAssignment")} is never updated in place: every change replaces it`);
  },
  async delete(api, id, state) {
    await deleteUserRoleAssignment(api, id, state as unknown as UserRoleAssignmentState);
  },
};

function groupInputsOf(out: GroupOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, name: out.name };
  if (out.description !== undefined) inputs.description = out.description;
  return inputs;
}

export const group: ResourceType = {
  name: "Group",
  secretOutputs: secretOutputs("Group"),
  nameProperties: ["name"],
  importIdFormat: "<environmentId>/<groupId>",
  deleteBeforeReplace: false,
  check: (news) => validateGroupInputs(news),
  diff: (olds, news) => diffGroup(olds as unknown as GroupOutputs, news as unknown as GroupInputs),
  async create(api, inputs, urn) {
    try {
      const out = await createGroup(api, inputs as unknown as GroupInputs, urn);
      return { id: out.groupId, outputs: out as unknown as Props };
    } catch (err) {
      if (!(err instanceof GroupNameTakenError)) throw err;
      throw new Error(
        `${err.message}. Give this group another name, or take that one over with ` +
          `\`pulumi import ${typeToken("Group")} <name> ${err.environmentId}/${err.existing.id}\``,
      );
    }
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("Group")),
  previewUpdate: (olds, news) => ({ ...olds, ...news }),
  async read(api, id, state, inputs) {
    let previous = state;
    let groupId = id;
    if (isImport(state)) {
      const [environmentId, gid] = importTarget(this, id, inputs);
      previous = { environmentId };
      groupId = gid;
    }
    const out = await readGroup(api, groupId, previous as unknown as GroupOutputs);
    if (!out) return undefined;
    return { id: groupId, outputs: out as unknown as Props, inputs: groupInputsOf(out) };
  },
  async update(api, id, _olds, news, urn) {
    return (await updateGroup(api, id, news as unknown as GroupInputs, urn)) as unknown as Props;
  },
  async delete(api, id, state) {
    await deleteGroup(api, id, state as unknown as GroupOutputs);
  },
};

function groupAssignmentInputsOf(out: GroupRoleAssignmentOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, groupId: out.groupId, roleName: out.roleName, scopeType: out.scopeType };
  if (out.scopeId !== undefined) inputs.scopeId = out.scopeId;
  return inputs;
}

export const groupRoleAssignment: ResourceType = {
  name: "GroupRoleAssignment",
  secretOutputs: secretOutputs("GroupRoleAssignment"),
  importIdFormat: "<environmentId>/<groupId>/<roleAssignmentId>",
  // PingOne refuses a role the group already holds at an equal or broader scope: the old one goes first.
  deleteBeforeReplace: true,
  check: (news) => validateGroupRoleAssignmentInputs(news),
  diff: (olds, news) => diffGroupRoleAssignment(olds as unknown as GroupRoleAssignmentOutputs, news as unknown as GroupRoleAssignmentInputs),
  async create(api, inputs) {
    const out = await createGroupRoleAssignment(api, inputs as unknown as GroupRoleAssignmentInputs);
    return { id: out.assignmentId, outputs: out as unknown as Props };
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("GroupRoleAssignment")),
  previewUpdate: (olds, news) => ({ ...olds, ...news }),
  async read(api, id, state) {
    if (isImport(state)) {
      const [environmentId, groupId, assignmentId] = importIdParts(this, id, 3);
      const out = await importGroupRoleAssignment(api, environmentId, groupId, assignmentId);
      if (!out) return undefined;
      return { id: assignmentId, outputs: out as unknown as Props, inputs: groupAssignmentInputsOf(out) };
    }
    const out = await readGroupRoleAssignment(api, id, state as unknown as GroupRoleAssignmentOutputs);
    if (!out) return undefined;
    return { id, outputs: out as unknown as Props, inputs: groupAssignmentInputsOf(out) };
  },
  /** Every change replaces (see `diff`); an update is never asked for. */
  async update() {
    throw new Error(`${typeToken("GroupRoleAssignment")} is never updated in place: every change replaces it`);
  },
  async delete(api, id, state) {
    await deleteGroupRoleAssignment(api, id, state as unknown as GroupRoleAssignmentOutputs);
  },
};

function membershipInputsOf(out: GroupMembershipOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, groupId: out.groupId };
  for (const k of ["userId", "username", "email"] as const) if (out[k] !== undefined) inputs[k] = out[k];
  return inputs;
}

export const groupMembership: ResourceType = {
  name: "GroupMembership",
  secretOutputs: secretOutputs("GroupMembership"),
  importIdFormat: "<environmentId>/<userId>/<groupId>",
  deleteBeforeReplace: false,
  check: (news) => validateGroupMembershipInputs(news),
  diff: (olds, news) => diffGroupMembership(olds as unknown as GroupMembershipOutputs, news as unknown as GroupMembershipInputs),
  async create(api, inputs) {
    const out = await createGroupMembership(api, inputs as unknown as GroupMembershipInputs);
    return { id: membershipId(out.environmentId, out.resolvedUserId, out.groupId), outputs: out as unknown as Props };
  },
  previewCreate: (inputs) => withUnknown(inputs, computedOutputs("GroupMembership")),
  previewUpdate: (olds, news) => ({ ...olds, ...news }),
  async read(api, id, state) {
    if (isImport(state)) {
      const [environmentId, userId, groupId] = importIdParts(this, id, 3);
      const out = await importGroupMembership(api, environmentId, userId, groupId);
      if (!out) return undefined;
      return { id: membershipId(environmentId, userId, groupId), outputs: out as unknown as Props, inputs: membershipInputsOf(out) };
    }
    const out = await readGroupMembership(api, state as unknown as GroupMembershipOutputs);
    if (!out) return undefined;
    return { id, outputs: out as unknown as Props, inputs: membershipInputsOf(out) };
  },
  /** Every change replaces (see `diff`); an update is never asked for. */
  async update() {
    throw new Error(`${typeToken("GroupMembership")} is never updated in place: every change replaces it`);
  },
  async delete(api, _id, state) {
    await deleteGroupMembership(api, state as unknown as GroupMembershipOutputs);
  },
};

/** The package's resource types by name. */
export const RESOURCE_TYPES: Record<string, ResourceType> = Object.fromEntries(
  [application, applicationSecret, resourceGrant, userRoleAssignment, group, groupRoleAssignment, groupMembership].map((t) => [t.name, t]),
);

import { typeToken } from "../tokens";

export { typeToken };
