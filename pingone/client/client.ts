import type { PingOneAccessTokenOptions, PingOneApi, PingOneClientOptions, RoleScope } from "./api";
import { sameName } from "./nameTaken";
import { PingOneApiError } from "./errors";
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  HttpTransport,
  userAgentHeader,
  type TransportConfig,
} from "./http";
import { listAll } from "./paging";
import { checkBaseUrl, describe, regionCodes, regionHosts } from "./regions";
import { resolveRetryPolicy } from "./retry";
import type * as T from "./types";

/**
 * The PingOne Management API over HTTP. Construction validates the options and makes no call.
 *
 * Safe creates. A POST whose response is lost (network error, timeout, 408/5xx) may or may not have created the
 * object; repeating it blindly can leave a duplicate. Each create therefore recognises its lost attempt's object:
 * - applications (names are not unique): the collection is listed before the POST (or the caller passes the list it
 *   just made) and the ids kept (the "before" set); after a failure that may have taken effect, before any re-POST,
 *   it is listed again and a new application (id not in the "before" set) of the same name, type, protocol and
 *   description is the lost attempt's. None means the attempt
 *   never took effect and the POST is repeated; several (another writer creating the same at the same moment) is an
 *   error listing their ids, rather than a guess.
 * - grants: an application holds one grant per resource, so before a re-POST the grants are listed and the one of
 *   this resource is the lost attempt's; no list before the POST.
 * - user and group role assignments: PingOne refuses an equal assignment with 400 UNIQUENESS_VIOLATION, so the
 *   POST is repeated at once; a repeat refused so means the lost attempt took effect, and the assignment of this
 *   role at this scope is returned. No list before the POST, none on the common path. Groups (unique names) and
 *   group memberships (a user joins a group once) are recognised the same way.
 * When the retries run out after such a failure, the look is taken once more before giving up, so a create is never
 * reported as failed while its object exists. (A concurrent writer creating an identical object while a lost POST in
 * fact did not take effect would be adopted; PingOne offers no idempotency key to rule that out.)
 * Rotating the client secret reads the current secret first; after an uncertain failure a changed secret means the
 * rotation happened and is returned, so the rotation is never applied twice (a second one would retire the secret
 * the first had kept valid). Image uploads cannot be looked up (PingOne has no image listing), so an upload is not
 * repeated after a failure that may have taken effect; the error says so (and pingone/core/application.ts deletes
 * every image it does know the id of once no application uses it).
 */
export class PingOneClient implements PingOneApi {
  private http: HttpTransport;

  constructor(given: PingOneClientOptions | PingOneAccessTokenOptions) {
    const { options, bearer } = checkCredentials(given);
    const region = options.regionCode ?? "NA";
    if (!(regionCodes() as string[]).includes(region)) {
      throw new Error(
        `Invalid PingOne client option regionCode: ${describe(region)}; expected one of ${regionCodes().join(", ")}`,
      );
    }
    const hosts = regionHosts(region as T.RegionCode);
    const apiUrl = options.apiUrl === undefined ? hosts.apiUrl : checkBaseUrl("apiUrl", options.apiUrl, true);
    const authUrl = options.authUrl === undefined ? hosts.authUrl : checkBaseUrl("authUrl", options.authUrl, false);
    const transport = checkTransportOptions(options);
    this.http = new HttpTransport({
      apiUrl,
      authUrl,
      environmentId: options.environmentId,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...transport,
      policy: resolveRetryPolicy(options.retry),
      onRequest: options.onRequest,
      bearerToken: bearer,
    });
  }

  // ---------------------------------------------------------------- applications

  listApplications(envId: string): Promise<T.Application[]> {
    return this.list<T.Application>("list applications", ["environments", envId, "applications"], "applications", []);
  }

  async createApplication(
    envId: string,
    body: T.ApplicationOidcBody,
    options: { existing?: T.Application[] } = {},
  ): Promise<T.Application> {
    const op = "create application";
    const url = this.url(op, ["environments", envId, "applications"]);
    const payload = writableBody(op, body, true);
    const before = idsOf(options.existing ?? (await this.listApplications(envId)));
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url,
      json: payload,
      // The lost attempt's application is a new one holding exactly what was sent: name, type, protocol and
      // description (which the caller makes its own, see pingone/core/ownership.ts).
      reconcile: async () =>
        single(
          op,
          (await this.listApplications(envId)).filter(
            (a) =>
              !before.includes(a.id) &&
              sameName(a.name, body.name) &&
              a.type === body.type &&
              a.protocol === body.protocol &&
              (a.description ?? "") === (body.description ?? ""),
          ),
          `applications named ${JSON.stringify(body.name)}`,
        ),
    });
    const app = expectObject<T.Application>(op, result.body);
    this.http.rememberCreated(app.id);
    return app;
  }

  listApplicationRoleAssignments(envId: string, appId: string): Promise<T.RoleAssignment[]> {
    const segments = ["environments", envId, "applications", appId, "roleAssignments"];
    return this.list<T.RoleAssignment>("list application role assignments", segments, "roleAssignments", [appId]);
  }

  async deleteApplicationRoleAssignment(envId: string, appId: string, assignmentId: string): Promise<void> {
    const segments = ["environments", envId, "applications", appId, "roleAssignments", assignmentId];
    await this.remove("delete application role assignment", segments, assignmentId, [assignmentId]);
  }

  getApplication(envId: string, appId: string): Promise<T.Application | undefined> {
    return this.getOne<T.Application>("get application", ["environments", envId, "applications", appId], [appId]);
  }

  async updateApplication(envId: string, appId: string, body: T.ApplicationOidcBody): Promise<T.Application> {
    const op = "update application";
    const url = this.url(op, ["environments", envId, "applications", appId]);
    return this.put<T.Application>(op, url, writableBody(op, body, false), [appId]);
  }

  async deleteApplication(envId: string, appId: string): Promise<void> {
    await this.remove("delete application", ["environments", envId, "applications", appId], appId, [appId]);
  }

  // ---------------------------------------------------------------- client secret

  async getApplicationSecret(envId: string, appId: string): Promise<T.ApplicationSecret> {
    const op = "get application secret";
    const result = await this.http.call({
      operation: op,
      method: "GET",
      url: this.url(op, ["environments", envId, "applications", appId, "secret"]),
      relatedIds: [appId],
    });
    return expectSecret(op, result.body);
  }

  async rotateApplicationSecret(
    envId: string,
    appId: string,
    previousExpiresAt?: string,
    current?: string,
  ): Promise<T.ApplicationSecret> {
    const op = "rotate application secret";
    const url = this.url(op, ["environments", envId, "applications", appId, "secret"]);
    if (previousExpiresAt !== undefined) {
      if (typeof previousExpiresAt !== "string" || Number.isNaN(Date.parse(previousExpiresAt))) {
        throw new Error(
          `Invalid argument previousExpiresAt for PingOne ${op}: ${describe(previousExpiresAt)}; expected an RFC 3339 date-time`,
        );
      }
    }
    const before = current ?? (await this.getApplicationSecret(envId, appId)).secret;
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url,
      json: previousExpiresAt === undefined ? {} : { previous: { expiresAt: previousExpiresAt } },
      relatedIds: [appId],
      reconcile: async () => {
        const now = await this.getApplicationSecret(envId, appId);
        return now.secret !== before ? now : undefined;
      },
    });
    return expectSecret(op, result.body);
  }

  async deletePreviousApplicationSecret(envId: string, appId: string): Promise<void> {
    const segments = ["environments", envId, "applications", appId, "secret"];
    await this.remove("delete previous application secret", segments, undefined, [appId]);
  }

  // ---------------------------------------------------------------- images

  async uploadImage(
    envId: string,
    bytes: Uint8Array,
    contentType: "image/png" | "image/jpeg" | "image/gif",
  ): Promise<T.Image> {
    const op = "upload image";
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw new Error(`Invalid argument bytes for PingOne ${op}: expected non-empty image bytes`);
    }
    if (contentType !== "image/png" && contentType !== "image/jpeg" && contentType !== "image/gif") {
      throw new Error(
        `Invalid argument contentType for PingOne ${op}: ${describe(contentType)}; expected image/png, image/jpeg or image/gif`,
      );
    }
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url: this.url(op, ["environments", envId, "images"]),
      raw: { bytes, contentType },
      noUncertainRetry: true,
      uncertainNote:
        "(not repeated: the upload may have taken effect; PingOne cannot list images, so an image it made cannot be " +
        "found — no application refers to it)",
    });
    return expectObject<T.Image>(op, result.body);
  }

  async deleteImage(envId: string, imageId: string): Promise<void> {
    await this.remove("delete image", ["environments", envId, "images", imageId], undefined, []);
  }

  // ---------------------------------------------------------------- roles, users, environments

  listRoles(): Promise<T.Role[]> {
    return this.list<T.Role>("list roles", ["roles"], "roles", []);
  }

  async findUserByUsername(envId: string, username: string): Promise<T.User | undefined> {
    const users = await this.filtered<T.User>("find user by username", envId, "users", "username", username);
    return (
      users.find((u) => u.username === username) ??
      users.find((u) => typeof u.username === "string" && u.username.toLowerCase() === username.toLowerCase())
    );
  }

  async findUsersByEmail(envId: string, email: string): Promise<T.User[]> {
    const users = await this.filtered<T.User>("find users by email", envId, "users", "email", email);
    return users.filter((u) => typeof u.email === "string" && u.email.toLowerCase() === email.toLowerCase());
  }

  async getUser(envId: string, userId: string): Promise<T.User | undefined> {
    return this.getOne<T.User>("get user", ["environments", envId, "users", userId], [userId]);
  }

  async getEnvironment(envId: string): Promise<T.Environment | undefined> {
    return this.getOne<T.Environment>("get environment", ["environments", envId], [envId]);
  }

  // A user's role assignments and a group's are one API under two parents (kinds "user" and "group" below).

  listUserRoleAssignments(envId: string, userId: string): Promise<T.RoleAssignment[]> {
    return this.listRoleAssignments("user", envId, userId);
  }

  createUserRoleAssignment(envId: string, userId: string, roleId: string, scope: RoleScope): Promise<T.RoleAssignment> {
    return this.createRoleAssignment("user", envId, userId, roleId, scope);
  }

  getUserRoleAssignment(envId: string, userId: string, assignmentId: string): Promise<T.RoleAssignment | undefined> {
    return this.getRoleAssignment("user", envId, userId, assignmentId);
  }

  deleteUserRoleAssignment(envId: string, userId: string, assignmentId: string): Promise<void> {
    return this.deleteRoleAssignment("user", envId, userId, assignmentId);
  }

  listGroupRoleAssignments(envId: string, groupId: string): Promise<T.RoleAssignment[]> {
    return this.listRoleAssignments("group", envId, groupId);
  }

  createGroupRoleAssignment(
    envId: string,
    groupId: string,
    roleId: string,
    scope: RoleScope,
  ): Promise<T.RoleAssignment> {
    return this.createRoleAssignment("group", envId, groupId, roleId, scope);
  }

  getGroupRoleAssignment(envId: string, groupId: string, assignmentId: string): Promise<T.RoleAssignment | undefined> {
    return this.getRoleAssignment("group", envId, groupId, assignmentId);
  }

  deleteGroupRoleAssignment(envId: string, groupId: string, assignmentId: string): Promise<void> {
    return this.deleteRoleAssignment("group", envId, groupId, assignmentId);
  }

  private listRoleAssignments(kind: Principal, envId: string, principalId: string): Promise<T.RoleAssignment[]> {
    const op = `list ${kind} role assignments`;
    return this.list<T.RoleAssignment>(op, assignmentsPath(kind, envId, principalId), "roleAssignments", [principalId]);
  }

  /**
   * A role assignment of a user or a group. PingOne refuses a second equal assignment (400 UNIQUENESS_VIOLATION):
   * a repeat refused so after a lost attempt means that attempt took effect, and its assignment is the one of this
   * role at this scope.
   */
  private async createRoleAssignment(
    kind: Principal,
    envId: string,
    principalId: string,
    roleId: string,
    scope: RoleScope,
  ): Promise<T.RoleAssignment> {
    const op = `create ${kind} role assignment`;
    requireId(op, "roleId", roleId);
    if (scope === null || typeof scope !== "object") {
      throw new Error(`Invalid argument scope for PingOne ${op}: expected {id, type}, got ${describe(scope)}`);
    }
    requireId(op, "scope.id", scope.id);
    const scopeTypes = ["ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"];
    if (!scopeTypes.includes(scope.type)) {
      throw new Error(
        `Invalid argument scope.type for PingOne ${op}: ${describe(scope.type)}; expected one of ${scopeTypes.join(", ")}`,
      );
    }
    const url = this.url(op, assignmentsPath(kind, envId, principalId));
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url,
      json: { role: { id: roleId }, scope: { id: scope.id, type: scope.type } },
      relatedIds: [principalId],
      reconcileOn: "duplicate",
      reconcile: async () =>
        single(
          op,
          (await this.listRoleAssignments(kind, envId, principalId)).filter(
            (ra) => ra.role?.id === roleId && ra.scope?.id === scope.id && ra.scope?.type === scope.type,
          ),
          `assignments of role ${roleId} at ${scope.type} ${scope.id}`,
        ),
    });
    const assignment = expectObject<T.RoleAssignment>(op, result.body);
    this.http.rememberCreated(assignment.id);
    return assignment;
  }

  private getRoleAssignment(kind: Principal, envId: string, principalId: string, id: string) {
    const segments = [...assignmentsPath(kind, envId, principalId), id];
    return this.getOne<T.RoleAssignment>(`get ${kind} role assignment`, segments, [id]);
  }

  private async deleteRoleAssignment(kind: Principal, envId: string, principalId: string, id: string): Promise<void> {
    await this.remove(`delete ${kind} role assignment`, [...assignmentsPath(kind, envId, principalId), id], id, [id]);
  }

  listUserGroupMemberships(envId: string, userId: string): Promise<T.GroupMembership[]> {
    const segments = ["environments", envId, "users", userId, "memberOfGroups"];
    return this.list<T.GroupMembership>("list user group memberships", segments, "groupMemberships", [userId]);
  }

  // ---------------------------------------------------------------- groups and memberships

  async findGroupByName(envId: string, name: string): Promise<T.Group | undefined> {
    const groups = await this.filtered<T.Group>("find group by name", envId, "groups", "name", name);
    // Group names are unique per environment, compared without case (the filter's `eq` too).
    return groups.find((g) => sameName(g.name, name, true));
  }

  async createGroup(envId: string, body: T.GroupBody): Promise<T.Group> {
    const op = "create group";
    const payload = groupBody(op, body);
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url: this.url(op, ["environments", envId, "groups"]),
      json: payload,
      relatedIds: [],
      // Group names are unique per environment: a repeat refused as a duplicate after a lost attempt means the
      // attempt took effect, or that someone else took the name meanwhile; the group of that name is the attempt's
      // only when it holds exactly the description sent (which the caller makes its own, see pingone/core/ownership.ts).
      reconcileOn: "duplicate",
      reconcile: async () => {
        const found = await this.findGroupByName(envId, payload.name);
        return found && (found.description ?? "") === (payload.description ?? "") ? found : undefined;
      },
    });
    const group = expectObject<T.Group>(op, result.body);
    this.http.rememberCreated(group.id);
    return group;
  }

  getGroup(envId: string, groupId: string): Promise<T.Group | undefined> {
    return this.getOne<T.Group>("get group", ["environments", envId, "groups", groupId], [groupId]);
  }

  async updateGroup(envId: string, groupId: string, body: T.GroupBody): Promise<T.Group> {
    const op = "update group";
    const url = this.url(op, ["environments", envId, "groups", groupId]);
    return this.put<T.Group>(op, url, groupBody(op, body), [groupId]);
  }

  async deleteGroup(envId: string, groupId: string): Promise<void> {
    await this.remove("delete group", ["environments", envId, "groups", groupId], groupId, [groupId]);
  }

  async addUserToGroup(envId: string, userId: string, groupId: string): Promise<T.GroupMembership> {
    const op = "add user to group";
    requireId(op, "groupId", groupId);
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url: this.url(op, ["environments", envId, "users", userId, "memberOfGroups"]),
      json: { id: groupId },
      relatedIds: [userId, groupId],
      // A user belongs to a group once: a repeat refused as a duplicate after a lost attempt means it took effect.
      reconcileOn: "duplicate",
      reconcile: () => this.getUserGroupMembership(envId, userId, groupId),
    });
    return expectObject<T.GroupMembership>(op, result.body);
  }

  getUserGroupMembership(envId: string, userId: string, groupId: string): Promise<T.GroupMembership | undefined> {
    const segments = ["environments", envId, "users", userId, "memberOfGroups", groupId];
    return this.getOne<T.GroupMembership>("get user group membership", segments, [userId, groupId]);
  }

  async removeUserFromGroup(envId: string, userId: string, groupId: string): Promise<void> {
    const segments = ["environments", envId, "users", userId, "memberOfGroups", groupId];
    await this.remove("remove user from group", segments, undefined, [userId, groupId]);
  }

  // ---------------------------------------------------------------- resources and scopes

  listResources(envId: string): Promise<T.Resource[]> {
    return this.list<T.Resource>("list resources", ["environments", envId, "resources"], "resources", []);
  }

  listResourceScopes(envId: string, resourceId: string): Promise<T.ResourceScope[]> {
    const segments = ["environments", envId, "resources", resourceId, "scopes"];
    return this.list<T.ResourceScope>("list resource scopes", segments, "scopes", []);
  }

  // ---------------------------------------------------------------- application resource grants

  listApplicationGrants(envId: string, appId: string): Promise<T.ApplicationResourceGrant[]> {
    const segments = ["environments", envId, "applications", appId, "grants"];
    return this.list<T.ApplicationResourceGrant>("list application grants", segments, "grants", [appId]);
  }

  async createApplicationGrant(
    envId: string,
    appId: string,
    resource: T.IdRef,
    scopes: T.IdRef[],
  ): Promise<T.ApplicationResourceGrant> {
    const op = "create application grant";
    const payload = grantBody(op, resource, scopes);
    const url = this.url(op, ["environments", envId, "applications", appId, "grants"]);
    const result = await this.http.call({
      operation: op,
      method: "POST",
      url,
      json: payload,
      relatedIds: [appId],
      // An application holds one grant per resource: after a lost attempt, the grant of this resource is its grant.
      reconcile: async () =>
        single(
          op,
          (await this.listApplicationGrants(envId, appId)).filter((g) => g.resource?.id === resource.id),
          `grants of resource ${resource.id}`,
        ),
    });
    const grant = expectObject<T.ApplicationResourceGrant>(op, result.body);
    this.http.rememberCreated(grant.id);
    return grant;
  }

  getApplicationGrant(envId: string, appId: string, grantId: string): Promise<T.ApplicationResourceGrant | undefined> {
    const segments = ["environments", envId, "applications", appId, "grants", grantId];
    return this.getOne<T.ApplicationResourceGrant>("get application grant", segments, [grantId]);
  }

  async updateApplicationGrant(
    envId: string,
    appId: string,
    grantId: string,
    resource: T.IdRef,
    scopes: T.IdRef[],
  ): Promise<T.ApplicationResourceGrant> {
    const op = "update application grant";
    const payload = grantBody(op, resource, scopes);
    const url = this.url(op, ["environments", envId, "applications", appId, "grants", grantId]);
    return this.put<T.ApplicationResourceGrant>(op, url, payload, [grantId]);
  }

  async deleteApplicationGrant(envId: string, appId: string, grantId: string): Promise<void> {
    const segments = ["environments", envId, "applications", appId, "grants", grantId];
    await this.remove("delete application grant", segments, grantId, [grantId]);
  }

  // ---------------------------------------------------------------- helpers

  /** `${apiUrl}/a/b/c` with every id checked and encoded; the ids' names come from their position. */
  private url(op: string, segments: string[], query?: string): string {
    const names = [
      "environments",
      "applications",
      "users",
      "roleAssignments",
      "resources",
      "scopes",
      "grants",
      "secret",
      "images",
      "roles",
      "groups",
      "memberOfGroups",
    ];
    const parts = segments.map((segment, i) => {
      if (i % 2 === 0 && names.includes(segment)) return segment;
      requireId(op, idName(segments[i - 1]), segment);
      return encodeURIComponent(segment);
    });
    return `${this.http.apiUrl()}/${parts.join("/")}${query ? `?${query}` : ""}`;
  }

  /** Every page of a collection (the URL is checked before anything is sent). */
  private list<T>(op: string, segments: string[], embedded: string, relatedIds: string[], query?: string) {
    return listAll<T>(this.http, op, this.url(op, segments, query), embedded, relatedIds);
  }

  /** The users or groups of an environment whose `attribute` equals `value`, by a SCIM filter (`eq` ignores case). */
  private filtered<T>(op: string, envId: string, collection: "users" | "groups", attribute: string, value: string) {
    requireText(op, attribute, value);
    const filter = `filter=${encodeURIComponent(`${attribute} eq ${scimString(value)}`)}`;
    return this.list<T>(op, ["environments", envId, collection], collection, [], filter);
  }

  private async getOne<T extends { id: string }>(
    op: string,
    segments: string[],
    relatedIds: string[],
  ): Promise<T | undefined> {
    const result = await this.http.call({
      operation: op,
      method: "GET",
      url: this.url(op, segments),
      notFound: "return",
      relatedIds,
    });
    return result.status === 404 ? undefined : expectObject<T>(op, result.body);
  }

  /** PUT: a full replacement; the answer is the object as PingOne now holds it. */
  private async put<T>(op: string, url: string, json: unknown, relatedIds: string[]): Promise<T> {
    const result = await this.http.call({ operation: op, method: "PUT", url, json, relatedIds });
    return expectObject<T>(op, result.body);
  }

  private async remove(op: string, segments: string[], id: string | undefined, relatedIds: string[]): Promise<void> {
    await this.http.call({
      operation: op,
      method: "DELETE",
      url: this.url(op, segments),
      notFound: "return",
      relatedIds,
    });
    if (id !== undefined) this.http.forgetCreated(id);
  }
}

/** Whose role assignments: a user's or a group's. */
type Principal = "user" | "group";

/** Where a user's or a group's role assignments live. */
function assignmentsPath(kind: Principal, envId: string, principalId: string): string[] {
  return ["environments", envId, kind === "user" ? "users" : "groups", principalId, "roleAssignments"];
}

/**
 * The options checked up to the credentials: the provisioner's own (environment, client id, secret), or a given
 * access token (a signed-in user's), with which there are no client credentials to check.
 */
function checkCredentials(given: PingOneClientOptions | PingOneAccessTokenOptions): {
  options: PingOneClientOptions;
  bearer: string | undefined;
} {
  if (given === null || typeof given !== "object") {
    throw new Error(`Invalid PingOne client options: expected an object, got ${describe(given)}`);
  }
  const bearer = "accessToken" in given ? given.accessToken : undefined;
  if ("accessToken" in given && (typeof bearer !== "string" || bearer.trim() === "")) {
    throw new Error("Invalid PingOne client option accessToken: expected a non-empty access token");
  }
  const options: PingOneClientOptions =
    bearer !== undefined
      ? { ...(given as PingOneAccessTokenOptions), environmentId: "-", clientId: "-", clientSecret: "-" }
      : (given as PingOneClientOptions);
  for (const field of ["environmentId", "clientId"] as const) {
    const value = options[field];
    if (typeof value !== "string" || value.trim() === "") {
      throw new Error(`Invalid PingOne client option ${field}: expected a non-empty string, got ${describe(value)}`);
    }
  }
  if (typeof options.clientSecret !== "string" || options.clientSecret === "") {
    // The value itself is never echoed: it may be a real secret with a typo.
    throw new Error(
      `Invalid PingOne client option clientSecret: expected a non-empty string, got ${
        typeof options.clientSecret === "string" ? "an empty string" : `a value of type ${typeof options.clientSecret}`
      }`,
    );
  }
  return { options, bearer };
}

/** The options of the transport itself, checked in this order, with their defaults filled in. */
function checkTransportOptions(
  options: PingOneClientOptions,
): Pick<TransportConfig, "tokenEndpointAuthMethod" | "requestTimeoutMs" | "userAgent" | "tokenStore"> {
  const method = options.tokenEndpointAuthMethod ?? "CLIENT_SECRET_BASIC";
  if (method !== "CLIENT_SECRET_BASIC" && method !== "CLIENT_SECRET_POST") {
    throw new Error(
      `Invalid PingOne client option tokenEndpointAuthMethod: ${describe(method)}; expected CLIENT_SECRET_BASIC or CLIENT_SECRET_POST`,
    );
  }
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1 || timeout > 600_000) {
    throw new Error(
      `Invalid PingOne client option requestTimeoutMs: ${describe(timeout)}; expected a number from 1 to 600000`,
    );
  }
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (typeof userAgent !== "string" || userAgent.trim() === "" || /[\r\n]/.test(userAgent)) {
    throw new Error(`Invalid PingOne client option userAgent: ${describe(userAgent)}; expected a one-line string`);
  }
  const store = options.tokenStore;
  if (
    store !== undefined &&
    (store === null ||
      typeof store.get !== "function" ||
      typeof store.set !== "function" ||
      typeof store.delete !== "function")
  ) {
    throw new Error("Invalid PingOne client option tokenStore: expected an object with get, set and delete methods");
  }
  if (
    store !== undefined &&
    store.pending !== undefined &&
    (store.pending === null || typeof store.pending !== "object")
  ) {
    throw new Error(
      `Invalid PingOne client option tokenStore.pending: expected a plain object of token requests in flight, got ${describe(store.pending)}`,
    );
  }
  if (options.onRequest !== undefined && typeof options.onRequest !== "function") {
    throw new Error(`Invalid PingOne client option onRequest: expected a function, got ${describe(options.onRequest)}`);
  }
  return {
    tokenEndpointAuthMethod: method,
    requestTimeoutMs: timeout,
    userAgent: userAgentHeader(userAgent),
    tokenStore: store,
  };
}

function idName(collection: string | undefined): string {
  switch (collection) {
    case "environments":
      return "envId";
    case "applications":
      return "appId";
    case "users":
      return "userId";
    case "roleAssignments":
      return "assignmentId";
    case "resources":
      return "resourceId";
    case "grants":
      return "grantId";
    case "groups":
      return "groupId";
    case "images":
      return "imageId";
    default:
      return "id";
  }
}

function requireId(op: string, name: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Invalid argument ${name} for PingOne ${op}: expected a non-empty id, got ${describe(value)}`);
  }
}

function requireText(op: string, name: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Invalid argument ${name} for PingOne ${op}: expected a non-empty string, got ${describe(value)}`);
  }
}

/** A SCIM filter string literal: quoted, with `\` and `"` escaped. */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function idsOf(items: { id: string }[]): string[] {
  return items.map((item) => item.id);
}

/** The one new object a lost create made, or undefined when it made none; several is an error, not a guess. */
function single<T extends { id: string }>(op: string, matches: T[], what: string): T | undefined {
  if (matches.length <= 1) return matches[0];
  throw new PingOneApiError({
    operation: op,
    status: 0,
    summary:
      `the response was lost and ${matches.length} new ${what} appeared meanwhile (ids ${matches.map((m) => m.id).join(", ")}); ` +
      "another writer is creating the same object — resolve by hand and adopt one by id",
  });
}

/**
 * The body sent on POST/PUT: the caller's fields minus the read-only ones PingOne returns (`id`, `environment`,
 * `createdAt`, `updatedAt`, `_links`), and minus `assignActorRoles` on PUT (POST only).
 */
function writableBody(op: string, body: T.ApplicationOidcBody, isCreate: boolean): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new Error(`Invalid argument body for PingOne ${op}: expected an application object, got ${describe(body)}`);
  }
  for (const field of ["name", "type", "protocol", "tokenEndpointAuthMethod"] as const) {
    const value = body[field];
    if (typeof value !== "string" || value.trim() === "") {
      throw new Error(
        `Invalid argument body.${field} for PingOne ${op}: expected a non-empty string, got ${describe(value)}`,
      );
    }
  }
  if (typeof body.enabled !== "boolean") {
    throw new Error(
      `Invalid argument body.enabled for PingOne ${op}: expected true or false, got ${describe(body.enabled)}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (["id", "environment", "createdAt", "updatedAt", "_links"].includes(key)) continue;
    if (!isCreate && key === "assignActorRoles") continue;
    if (body[key] !== undefined) out[key] = body[key];
  }
  return out;
}

function groupBody(op: string, body: T.GroupBody): T.GroupBody {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new Error(`Invalid argument body for PingOne ${op}: expected {name, description?}, got ${describe(body)}`);
  }
  requireText(op, "body.name", body.name);
  if (body.description !== undefined && typeof body.description !== "string") {
    throw new Error(
      `Invalid argument body.description for PingOne ${op}: expected a string, got ${describe(body.description)}`,
    );
  }
  return { name: body.name, ...(body.description !== undefined ? { description: body.description } : {}) };
}

function grantBody(op: string, resource: T.IdRef, scopes: T.IdRef[]): { resource: T.IdRef; scopes: T.IdRef[] } {
  if (resource === null || typeof resource !== "object") {
    throw new Error(`Invalid argument resource for PingOne ${op}: expected {id}, got ${describe(resource)}`);
  }
  requireId(op, "resource.id", resource.id);
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new Error(
      `Invalid argument scopes for PingOne ${op}: expected a non-empty array of {id}, got ${describe(scopes)}`,
    );
  }
  scopes.forEach((s, i) => requireId(op, `scopes[${i}].id`, s?.id));
  return { resource: { id: resource.id }, scopes: scopes.map((s) => ({ id: s.id })) };
}

function expectObject<T>(op: string, body: unknown): T {
  if (
    body === null ||
    typeof body !== "object" ||
    Array.isArray(body) ||
    typeof (body as { id?: unknown }).id !== "string"
  ) {
    throw new PingOneApiError({ operation: op, status: 200, summary: "unexpected response: no object with an id" });
  }
  return body as T;
}

function expectSecret(op: string, body: unknown): T.ApplicationSecret {
  if (body === null || typeof body !== "object" || typeof (body as { secret?: unknown }).secret !== "string") {
    throw new PingOneApiError({ operation: op, status: 200, summary: "unexpected response: no secret in the body" });
  }
  return body as T.ApplicationSecret;
}
