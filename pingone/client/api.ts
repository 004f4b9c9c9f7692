import type {
  Application,
  ApplicationOidcBody,
  ApplicationResourceGrant,
  ApplicationSecret,
  Environment,
  Group,
  GroupBody,
  GroupMembership,
  IdRef,
  Image,
  RegionCode,
  Resource,
  ResourceScope,
  Role,
  RoleAssignment,
  User,
} from "./types";

/**
 * Every PingOne Management API operation this project uses. `PingOneClient` (./client.ts) implements it over HTTP;
 * the core and the Pulumi resources depend only on this interface.
 *
 * Conventions: `get*` returns `undefined` on 404 (the object is gone); every other failure throws `PingOneApiError`.
 * `delete*` treats 404 as done. Lists follow `_links.next` to the end.
 */
export interface PingOneApi {
  // Applications
  listApplications(envId: string): Promise<Application[]>;
  /** POST; sends `assignActorRoles` as given. Safe against lost responses: never leaves a duplicate behind. */
  /**
   * A safe create (see the client): the applications listed before the POST tell a lost attempt's application from
   * the others; `existing` is a list the caller has just made, which saves listing again.
   */
  createApplication(
    envId: string,
    body: ApplicationOidcBody,
    options?: { existing?: Application[] },
  ): Promise<Application>;
  getApplication(envId: string, appId: string): Promise<Application | undefined>;
  /** PUT: full replacement with `body`. */
  updateApplication(envId: string, appId: string, body: ApplicationOidcBody): Promise<Application>;
  deleteApplication(envId: string, appId: string): Promise<void>;

  /** The roles the application itself holds (they apply to its client-credentials tokens only). */
  listApplicationRoleAssignments(envId: string, appId: string): Promise<RoleAssignment[]>;
  /** DELETE one of them; 404 is done. */
  deleteApplicationRoleAssignment(envId: string, appId: string, assignmentId: string): Promise<void>;

  // Client secret
  getApplicationSecret(envId: string, appId: string): Promise<ApplicationSecret>;
  /**
   * POST `{}` (old secret dies at once) or `{previous:{expiresAt}}` (old one stays valid until then). `current` is
   * the secret the caller has just read (saves the read the client makes to tell a lost rotation from none).
   */
  rotateApplicationSecret(
    envId: string,
    appId: string,
    previousExpiresAt?: string,
    current?: string,
  ): Promise<ApplicationSecret>;
  deletePreviousApplicationSecret(envId: string, appId: string): Promise<void>;

  // Images
  /**
   * POST raw bytes. PingOne cannot list images, so an upload whose response is lost cannot be recognised: it is
   * never repeated after a failure that may have taken effect, and the error says so.
   */
  uploadImage(envId: string, bytes: Uint8Array, contentType: "image/png" | "image/jpeg" | "image/gif"): Promise<Image>;
  /** DELETE; 404 is done. */
  deleteImage(envId: string, imageId: string): Promise<void>;

  // Roles, users, environment, role assignments
  listRoles(): Promise<Role[]>;
  findUserByUsername(envId: string, username: string): Promise<User | undefined>;
  /** Email is not unique in PingOne: returns every match. */
  findUsersByEmail(envId: string, email: string): Promise<User[]>;
  getUser(envId: string, userId: string): Promise<User | undefined>;
  getEnvironment(envId: string): Promise<Environment | undefined>;
  listUserRoleAssignments(envId: string, userId: string): Promise<RoleAssignment[]>;
  createUserRoleAssignment(envId: string, userId: string, roleId: string, scope: RoleScope): Promise<RoleAssignment>;
  getUserRoleAssignment(envId: string, userId: string, assignmentId: string): Promise<RoleAssignment | undefined>;
  deleteUserRoleAssignment(envId: string, userId: string, assignmentId: string): Promise<void>;
  /** The groups the user belongs to, directly or through nested groups. */
  listUserGroupMemberships(envId: string, userId: string): Promise<GroupMembership[]>;
  /** The roles a group holds; its members hold them too. */
  listGroupRoleAssignments(envId: string, groupId: string): Promise<RoleAssignment[]>;
  createGroupRoleAssignment(envId: string, groupId: string, roleId: string, scope: RoleScope): Promise<RoleAssignment>;
  getGroupRoleAssignment(envId: string, groupId: string, assignmentId: string): Promise<RoleAssignment | undefined>;
  deleteGroupRoleAssignment(envId: string, groupId: string, assignmentId: string): Promise<void>;

  // Groups and memberships
  /** The environment's group of that name (names are unique, without regard to case), if any. */
  findGroupByName(envId: string, name: string): Promise<Group | undefined>;
  createGroup(envId: string, body: GroupBody): Promise<Group>;
  getGroup(envId: string, groupId: string): Promise<Group | undefined>;
  /** PUT: full replacement with `body`. */
  updateGroup(envId: string, groupId: string, body: GroupBody): Promise<Group>;
  deleteGroup(envId: string, groupId: string): Promise<void>;
  addUserToGroup(envId: string, userId: string, groupId: string): Promise<GroupMembership>;
  /** The user's direct membership of the group, if any. */
  getUserGroupMembership(envId: string, userId: string, groupId: string): Promise<GroupMembership | undefined>;
  removeUserFromGroup(envId: string, userId: string, groupId: string): Promise<void>;

  // Resources and scopes
  listResources(envId: string): Promise<Resource[]>;
  listResourceScopes(envId: string, resourceId: string): Promise<ResourceScope[]>;

  // Application resource grants
  listApplicationGrants(envId: string, appId: string): Promise<ApplicationResourceGrant[]>;
  createApplicationGrant(
    envId: string,
    appId: string,
    resource: IdRef,
    scopes: IdRef[],
  ): Promise<ApplicationResourceGrant>;
  getApplicationGrant(envId: string, appId: string, grantId: string): Promise<ApplicationResourceGrant | undefined>;
  updateApplicationGrant(
    envId: string,
    appId: string,
    grantId: string,
    resource: IdRef,
    scopes: IdRef[],
  ): Promise<ApplicationResourceGrant>;
  deleteApplicationGrant(envId: string, appId: string, grantId: string): Promise<void>;
}

/** Where a role assignment applies: an organization, environment, population or application, by id. */
export type RoleScope = RoleAssignment["scope"];

/**
 * A client that calls the API with an access token obtained elsewhere — a signed-in user's, from the
 * authorization-code grant — instead of the provisioner's client credentials. The token is never renewed: a 401
 * fails the call.
 */
export interface PingOneAccessTokenOptions extends Omit<
  PingOneClientOptions,
  "environmentId" | "clientId" | "clientSecret" | "tokenEndpointAuthMethod" | "tokenStore"
> {
  accessToken: string;
}

/** Retry policy; every field has a default (see client.ts). All times in milliseconds. */
export interface RetryOptions {
  /** Attempts for a retryable status (408/429/500/502/503/504), the first included. */
  maxAttempts?: number;
  /** First backoff; doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  /** Cap on any single wait, `Retry-After` included. */
  maxDelayMs?: number;
  /** Cap on the total time spent waiting across retries of one operation. */
  maxTotalMs?: number;
  /** How long to keep retrying PingOne's permission-propagation 403 and a 404 right after a create. */
  propagationTimeoutMs?: number;
}

/**
 * Where cached provisioner tokens live; lets several clients in one process share one token. Keys name the auth URL,
 * environment and client id (never the secret); `expiresAt` (ms since epoch) is when the client stops using the
 * token — a minute before PingOne's expiry, or at 90 % of a short lifetime.
 */
export interface TokenStore {
  get(key: string): { accessToken: string; expiresAt: number } | undefined;
  set(key: string, value: { accessToken: string; expiresAt: number }): void;
  delete(key: string): void;
  /**
   * Token requests in flight, by the same keys: clients sharing the store await the request already under way
   * instead of starting their own. A plain object (no Map), so a store may sit on `globalThis`; the client adds an
   * entry when it asks for a token and removes it when the answer (or failure) arrives.
   */
  pending?: Record<string, Promise<string> | undefined>;
}

/** How the provisioner itself signs in: its own worker app, in its own (administrative) environment. */
export interface PingOneClientOptions {
  /** The provisioner's environment (the token endpoint's `{envId}`), not necessarily the target environment. */
  environmentId: string;
  clientId: string;
  clientSecret: string;
  /** NA (default), EU, AP, AU, CA, SG. */
  regionCode?: RegionCode;
  /** Overrides the region's API base URL (custom domains, the local emulator); must end in `/v1`. */
  apiUrl?: string;
  /** Overrides the region's auth base URL. */
  authUrl?: string;
  /** How the client secret is sent to the token endpoint. Default CLIENT_SECRET_BASIC. */
  tokenEndpointAuthMethod?: "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST";
  retry?: RetryOptions;
  tokenStore?: TokenStore;
  /** Timeout of each HTTP attempt in milliseconds (default 30 000). */
  requestTimeoutMs?: number;
  /** Prefix of the `User-Agent` header (default `stackone-pingone`). */
  userAgent?: string;
  /**
   * Called once per HTTP attempt, with no secrets in it: for debug logs and counting. `status` is 0 when no response
   * arrived (network error, timeout); `waitedMs` is the wait the client took before this attempt.
   */
  onRequest?: (event: {
    operation: string;
    method: string;
    url: string;
    status: number;
    attempt: number;
    waitedMs: number;
  }) => void;
}
