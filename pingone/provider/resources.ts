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
import {
  createGroup,
  deleteGroup,
  diffGroup,
  GroupNameTakenError,
  readGroup,
  updateGroup,
  validateGroupInputs,
} from "../core/group";
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
    throw new Error(
      `${typeToken(type.name)}: the import id was ${JSON.stringify(id)}; expected ${type.importIdFormat}`,
    );
  }
  return parts;
}

/**
 * The environment and object id of a `Read` with no state, for a type whose import id is
 * `<environmentId>/<objectId>`: `pulumi import` gives that id; `refresh --import-pending-creates <urn> <id>` gives the
 * bare id, with the environment among the interrupted create's `inputs`.
 */
function importTarget(
  type: ResourceType,
  id: string,
  inputs: Props | undefined,
): [environmentId: string, objectId: string] {
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

/**
 * One resource type in its core module's own types (`In`: its inputs, `Out`: its outputs), for {@link resourceType}.
 * What a type leaves out is the same for every type: no name properties; an old object deleted after its
 * replacement is created; a preview of a create with every computed output (the schema's) unknown; a preview of an
 * update as the recorded outputs overlaid with the new inputs; no update (every change replaces).
 */
interface TypeSpec<In, Out> {
  name: string;
  importIdFormat: string;
  deleteBeforeReplace?: boolean;
  nameProperties?: readonly string[];
  check(news: Props): ValidationFailure[];
  diff(olds: Out, news: In): FieldDiff;
  create(api: PingOneApi, inputs: In, urn: string): Promise<{ id: string; outputs: Out }>;
  previewUpdate?(olds: Props, news: Props): Props;
  read(
    this: ResourceType,
    api: PingOneApi,
    id: string,
    state: Props,
    inputs?: Props,
    warn?: Warn,
  ): Promise<ReadResult | undefined>;
  update?(api: PingOneApi, id: string, olds: Out, news: In, urn: string): Promise<Out>;
  delete(api: PingOneApi, id: string, state: Out): Promise<void>;
}

/** The engine's plain values as the core's types, and back: the one place the adapters cast. */
const asCore = <T>(props: Props): T => props as unknown as T;
const asProps = (value: object): Props => value as unknown as Props;

/** A resource type from its spec, with the defaults {@link TypeSpec} names. */
function resourceType<In, Out extends object>(spec: TypeSpec<In, Out>): ResourceType {
  const type: ResourceType = {
    name: spec.name,
    secretOutputs: secretOutputs(spec.name),
    ...(spec.nameProperties !== undefined ? { nameProperties: spec.nameProperties } : {}),
    importIdFormat: spec.importIdFormat,
    deleteBeforeReplace: spec.deleteBeforeReplace ?? false,
    check: (news) => spec.check(news),
    diff: (olds, news) => spec.diff(asCore<Out>(olds), asCore<In>(news)),
    async create(api, inputs, urn) {
      const { id, outputs } = await spec.create(api, asCore<In>(inputs), urn);
      return { id, outputs: asProps(outputs) };
    },
    previewCreate: (inputs) => withUnknown(inputs, computedOutputs(spec.name)),
    previewUpdate: (olds, news) => (spec.previewUpdate ? spec.previewUpdate(olds, news) : { ...olds, ...news }),
    read(api, id, state, inputs, warn) {
      return spec.read.call(type, api, id, state, inputs, warn);
    },
    async update(api, id, olds, news, urn) {
      // Every change of a type without an update replaces it (see its diff): an update is never asked for.
      if (!spec.update) throw new Error(`${typeToken(spec.name)} is never updated in place: every change replaces it`);
      return asProps(await spec.update(api, id, asCore<Out>(olds), asCore<In>(news), urn));
    },
    delete: (api, id, state) => spec.delete(api, id, asCore<Out>(state)),
  };
  return type;
}

/**
 * `read` of a type whose import id names its object by three ids (`<environmentId>/<a>/<b>`): an import reads the
 * object by them, a refresh from the recorded state; either way with the inputs a program would declare for it.
 */
function readByThreeIds<Out extends object>(steps: {
  importObject(api: PingOneApi, environmentId: string, a: string, b: string): Promise<Out | undefined>;
  /** The resource's id once imported. */
  importedId(environmentId: string, a: string, b: string): string;
  refresh(api: PingOneApi, id: string, state: Out, warn?: Warn): Promise<Out | undefined>;
  inputsOf(out: Out): Props;
}): TypeSpec<unknown, Out>["read"] {
  return async function (this: ResourceType, api, id, state, _inputs, warn) {
    if (isImport(state)) {
      const [environmentId, a, b] = importIdParts(this, id, 3);
      const out = await steps.importObject(api, environmentId, a, b);
      if (!out) return undefined;
      return { id: steps.importedId(environmentId, a, b), outputs: asProps(out), inputs: steps.inputsOf(out) };
    }
    const out = await steps.refresh(api, id, asCore<Out>(state), warn);
    if (!out) return undefined;
    return { id, outputs: asProps(out), inputs: steps.inputsOf(out) };
  };
}

export const application = resourceType<ApplicationInputs, ApplicationOutputs>({
  name: "Application",
  nameProperties: ["name"],
  importIdFormat: "<environmentId>/<applicationId>",
  check: validateApplicationInputs,
  diff(olds, inputs) {
    let sha: string | undefined;
    const icon = inputs.icon;
    if (
      icon &&
      typeof icon === "object" &&
      "filePath" in icon &&
      typeof icon.filePath === "string" &&
      !containsUnknown(icon)
    ) {
      const file = readIconFile(icon.filePath);
      if (!("error" in file)) sha = file.sha256;
    }
    return diffApplication(olds, inputs, sha);
  },
  async create(api, inputs, urn) {
    try {
      const out = await createApplication(api, inputs, urn);
      return { id: out.applicationId, outputs: out };
    } catch (err) {
      if (!(err instanceof ApplicationNameTakenError)) throw err;
      const id = err.existing[0].id;
      throw new Error(
        `${err.message}. Give this application another name, or take that one over: the adoptApplicationId input ` +
          `(${id}), or \`pulumi import pingone:index:Application <name> ${err.environmentId}/${id}\` for a resource declared on its own.`,
      );
    }
  },
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
    const out = await readApplication(api, appId, asCore<ApplicationOutputs>(previous));
    if (!out) return undefined;
    if (out.notWorker !== undefined) warn?.(notWorkerWarning(out));
    return { id: appId, outputs: asProps(out), inputs: asProps(applicationOutputsToInputs(out)) };
  },
  update: (api, id, olds, news, urn) => updateApplication(api, id, olds, news, urn),
  async delete(api, id, state) {
    // With the state, the icon image this project uploaded for the application is deleted too.
    await deleteApplication(api, state.environmentId, id, state);
  },
});

function secretInputsOf(out: ApplicationSecretOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, applicationId: out.applicationId };
  if (out.rotationTrigger !== undefined) inputs.rotationTrigger = out.rotationTrigger;
  if (out.previousSecretOverlapSeconds !== undefined)
    inputs.previousSecretOverlapSeconds = out.previousSecretOverlapSeconds;
  return inputs;
}

export const applicationSecret = resourceType<ApplicationSecretInputs, ApplicationSecretOutputs>({
  name: "ApplicationSecret",
  importIdFormat: "<environmentId>/<applicationId>",
  check: validateApplicationSecretInputs,
  diff: diffApplicationSecret,
  async create(api, inputs) {
    const out = await createApplicationSecret(api, inputs);
    return { id: `${out.environmentId}/${out.applicationId}`, outputs: out };
  },
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
    const out = await readApplicationSecret(api, asCore<ApplicationSecretOutputs>(previous), warn);
    if (!out) return undefined;
    return { id: `${out.environmentId}/${out.applicationId}`, outputs: asProps(out), inputs: secretInputsOf(out) };
  },
  update: (api, _id, olds, news) => updateApplicationSecret(api, olds, news),
  /** The secret belongs to the application: nothing to delete. */
  async delete() {
    return;
  },
});

function grantInputsOf(out: ResourceGrantOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, applicationId: out.applicationId, scopes: out.scopes };
  if (out.resourceName !== undefined) inputs.resourceName = out.resourceName;
  if (out.removeOtherGrants !== undefined) inputs.removeOtherGrants = out.removeOtherGrants;
  return inputs;
}

export const resourceGrant = resourceType<ResourceGrantInputs, ResourceGrantOutputs>({
  name: "ResourceGrant",
  importIdFormat: "<environmentId>/<applicationId>/<grantId>",
  check: validateResourceGrantInputs,
  diff: diffResourceGrant,
  async create(api, inputs) {
    const out = await createResourceGrant(api, inputs);
    return { id: out.grantId, outputs: out };
  },
  previewUpdate(olds, news) {
    const out = { ...olds, ...news };
    if (JSON.stringify(olds.scopes) !== JSON.stringify(news.scopes)) out.scopeIds = UNKNOWN_VALUE;
    if (news.removeOtherGrants === true) delete out.otherGrants;
    return out;
  },
  read: readByThreeIds({
    importObject: importResourceGrant,
    importedId: (_environmentId, _applicationId, grantId) => grantId,
    refresh: (api, id, state, warn) => readResourceGrant(api, id, state, warn),
    inputsOf: grantInputsOf,
  }),
  update: (api, id, olds, news) => updateResourceGrant(api, id, olds, news),
  delete: deleteResourceGrant,
});

function assignmentInputsOf(out: UserRoleAssignmentState): Props {
  const inputs: Props = { environmentId: out.environmentId, roleName: out.roleName, scopeType: out.scopeType };
  for (const k of ["userId", "username", "email", "scopeId"] as const) if (out[k] !== undefined) inputs[k] = out[k];
  return inputs;
}

export const userRoleAssignment = resourceType<UserRoleAssignmentInputs, UserRoleAssignmentState>({
  name: "UserRoleAssignment",
  importIdFormat: "<environmentId>/<userId>/<roleAssignmentId>",
  // PingOne refuses two equal assignments: the old one goes first.
  deleteBeforeReplace: true,
  check: validateUserRoleAssignmentInputs,
  diff: diffUserRoleAssignment,
  async create(api, inputs) {
    const out = await createUserRoleAssignment(api, inputs);
    return { id: out.assignmentId, outputs: out };
  },
  read: readByThreeIds({
    importObject: importUserRoleAssignment,
    importedId: (_environmentId, _userId, assignmentId) => assignmentId,
    refresh: (api, id, state) => readUserRoleAssignment(api, id, state),
    inputsOf: assignmentInputsOf,
  }),
  delete: deleteUserRoleAssignment,
});

function groupInputsOf(out: GroupOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, name: out.name };
  if (out.description !== undefined) inputs.description = out.description;
  return inputs;
}

export const group = resourceType<GroupInputs, GroupOutputs>({
  name: "Group",
  nameProperties: ["name"],
  importIdFormat: "<environmentId>/<groupId>",
  check: validateGroupInputs,
  diff: diffGroup,
  async create(api, inputs, urn) {
    try {
      const out = await createGroup(api, inputs, urn);
      return { id: out.groupId, outputs: out };
    } catch (err) {
      if (!(err instanceof GroupNameTakenError)) throw err;
      throw new Error(
        `${err.message}. Give this group another name, or take that one over with ` +
          `\`pulumi import ${typeToken("Group")} <name> ${err.environmentId}/${err.existing.id}\``,
      );
    }
  },
  async read(api, id, state, inputs) {
    let previous = state;
    let groupId = id;
    if (isImport(state)) {
      const [environmentId, gid] = importTarget(this, id, inputs);
      previous = { environmentId };
      groupId = gid;
    }
    const out = await readGroup(api, groupId, asCore<GroupOutputs>(previous));
    if (!out) return undefined;
    return { id: groupId, outputs: asProps(out), inputs: groupInputsOf(out) };
  },
  update: (api, id, _olds, news, urn) => updateGroup(api, id, news, urn),
  delete: deleteGroup,
});

function groupAssignmentInputsOf(out: GroupRoleAssignmentOutputs): Props {
  const inputs: Props = {
    environmentId: out.environmentId,
    groupId: out.groupId,
    roleName: out.roleName,
    scopeType: out.scopeType,
  };
  if (out.scopeId !== undefined) inputs.scopeId = out.scopeId;
  return inputs;
}

export const groupRoleAssignment = resourceType<GroupRoleAssignmentInputs, GroupRoleAssignmentOutputs>({
  name: "GroupRoleAssignment",
  importIdFormat: "<environmentId>/<groupId>/<roleAssignmentId>",
  // PingOne refuses a role the group already holds at an equal or broader scope: the old one goes first.
  deleteBeforeReplace: true,
  check: validateGroupRoleAssignmentInputs,
  diff: diffGroupRoleAssignment,
  async create(api, inputs) {
    const out = await createGroupRoleAssignment(api, inputs);
    return { id: out.assignmentId, outputs: out };
  },
  read: readByThreeIds({
    importObject: importGroupRoleAssignment,
    importedId: (_environmentId, _groupId, assignmentId) => assignmentId,
    refresh: (api, id, state) => readGroupRoleAssignment(api, id, state),
    inputsOf: groupAssignmentInputsOf,
  }),
  delete: deleteGroupRoleAssignment,
});

function membershipInputsOf(out: GroupMembershipOutputs): Props {
  const inputs: Props = { environmentId: out.environmentId, groupId: out.groupId };
  for (const k of ["userId", "username", "email"] as const) if (out[k] !== undefined) inputs[k] = out[k];
  return inputs;
}

export const groupMembership = resourceType<GroupMembershipInputs, GroupMembershipOutputs>({
  name: "GroupMembership",
  importIdFormat: "<environmentId>/<userId>/<groupId>",
  check: validateGroupMembershipInputs,
  diff: diffGroupMembership,
  async create(api, inputs) {
    const out = await createGroupMembership(api, inputs);
    return { id: membershipId(out.environmentId, out.resolvedUserId, out.groupId), outputs: out };
  },
  read: readByThreeIds({
    importObject: importGroupMembership,
    importedId: (environmentId, userId, groupId) => membershipId(environmentId, userId, groupId),
    refresh: (api, _id, state) => readGroupMembership(api, state),
    inputsOf: membershipInputsOf,
  }),
  delete: (api, _id, state) => deleteGroupMembership(api, state),
});

/** The package's resource types by name. */
export const RESOURCE_TYPES: Record<string, ResourceType> = Object.fromEntries(
  [application, applicationSecret, resourceGrant, userRoleAssignment, group, groupRoleAssignment, groupMembership].map(
    (t) => [t.name, t],
  ),
);

import { typeToken } from "../tokens";

export { typeToken };
