/**
 * The OIDC WORKER application: validation, the PingOne body, the diff, the mapping back to outputs, and the
 * create/read/update/delete operations over a `PingOneApi`.
 */
import type { PingOneApi } from "../client/api";
import { ApplicationNameTakenError, sameName } from "../client/nameTaken";
import type { Application, ApplicationOidcBody } from "../client/types";
import type { ApplicationInputs, ApplicationOutputs, IconInput } from "./model";
import {
  Failures,
  inEnvironment,
  ValidationFailure,
  containsUnknown,
  describeError,
  isUnknown,
  isUuidShaped,
  normalizeSet,
  preferOrder,
  show,
  isBoolean,
  isIntegerIn,
  isListOf,
  isNonBlankText,
} from "./common";
import {
  allowsHttpRedirect,
  exceedsRollingDuration,
  GROUP_POLICIES as GROUP_MEMBERSHIP_POLICY_TYPES,
  MAX_GRACE_PERIOD_SECONDS,
  MAX_REFRESH_TOKEN_SECONDS,
  MIN_REFRESH_TOKEN_SECONDS,
  PINGONE_DEFAULT_ROLLING_DURATION_SECONDS,
  PKCE_ENFORCEMENTS,
} from "../guide";
import { readIconFile } from "./icon";
import { applicationNameViolation, redirectUriUserinfoViolation, withoutUserinfo } from "./rules";
import { carriesMarker, markedDescription, ownerMarker, splitOwnerMarker } from "./ownership";

/** What the provider records of an application: its outputs, and the hash of the icon file it uploaded. */
export type ApplicationState = ApplicationOutputs & { iconSha256?: string };

export const GRANT_TYPES = [
  "AUTHORIZATION_CODE",
  "IMPLICIT",
  "REFRESH_TOKEN",
  "CLIENT_CREDENTIALS",
  "DEVICE_CODE",
  "TOKEN_EXCHANGE",
  "CIBA",
] as const;
export const RESPONSE_TYPES = ["TOKEN", "ID_TOKEN", "CODE"] as const;
export const REFRESH_TOKEN_TYPES = ["JSON_WEB_TOKEN", "OPAQUE_TOKEN"] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  "NONE",
  "CLIENT_SECRET_BASIC",
  "CLIENT_SECRET_POST",
  "PRIVATE_KEY_JWT",
  "CLIENT_SECRET_JWT",
] as const;
export { GROUP_POLICIES as GROUP_MEMBERSHIP_POLICY_TYPES, PKCE_ENFORCEMENTS } from "../guide";

/**
 * The reason PingOne refuses a redirect URI of any application, or undefined when it accepts it: the provider's rule.
 * StackOne's connection asks more of its one redirect URI (https, no trailing slash): components/workerAppPlan.ts's
 * `redirectUriProblem`, which the configuration and the component apply before this one.
 */
export function pingOneRedirectUriProblem(uri: string, allowWildcard: boolean): string | undefined {
  if (uri.trim() !== uri || uri === "") return "it must be a non-empty URI without surrounding spaces";
  const userinfo = redirectUriUserinfoViolation(uri);
  if (userinfo !== undefined) return `it ${userinfo.problem}; expected ${userinfo.allowed}`;
  if (/\s/.test(uri)) return "it must not contain whitespace";
  if (uri.includes("*") && !allowWildcard) {
    return "wildcards (*) are allowed only when allowWildcardInRedirectUris is true";
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (!scheme)
    return "it must be an absolute URI: https://…, a custom scheme (com.example.app:/callback), or http://localhost / http://127.0.0.1";
  if (uri.includes("#")) return "it must not contain a fragment (#)";
  if (["javascript", "data", "file", "vbscript"].includes(scheme)) return `the ${scheme}: scheme is not allowed`;
  if (scheme === "http" || scheme === "https") {
    let host: string;
    try {
      // Wildcards are not valid in a URL host; parse with a placeholder so the rest can be checked.
      host = new URL(uri.replace(/\*/g, "wildcard")).hostname;
    } catch {
      return `it is not a valid ${scheme} URL`;
    }
    if (!host) return `it is not a valid ${scheme} URL (no host)`;
    if (scheme === "http" && !allowsHttpRedirect(host)) {
      return "http is allowed only for localhost and 127.0.0.1; use https";
    }
  }
  return undefined;
}

/**
 * Checks every application input before any API call. Returns the failures; each names the property, the value
 * given and what is allowed. Values not yet known (preview) are not judged. `projectDir` is the directory an icon's
 * `filePath` is relative to, and must stay inside (default: the working directory, the project directory).
 */
export function validateApplicationInputs(
  inputs: Record<string, unknown>,
  projectDir: string = process.cwd(),
): ValidationFailure[] {
  const f = new Failures();
  f.id("environmentId", inputs.environmentId, "environment");
  validateNameAndDescription(f, inputs);
  validateFlags(f, inputs);
  validateFlows(f, inputs);
  validateRefreshTokenDurations(f, inputs);
  validateRedirectUris(f, inputs);
  validateIcon(f, inputs.icon, projectDir);
  validateGroupMembershipPolicy(f, inputs.groupMembershipPolicy);
  validateAdoptApplicationId(f, inputs.adoptApplicationId);
  return f.list;
}

/** The name and the description: the shared text rules (./rules.ts). */
function validateNameAndDescription(f: Failures, inputs: Record<string, unknown>): void {
  f.text("name", inputs.name, applicationNameViolation);
  f.description(inputs.description);
}

/** The booleans; a WORKER application is always for administrators only. */
function validateFlags(f: Failures, inputs: Record<string, unknown>): void {
  f.field("enabled", inputs.enabled, isBoolean, "true or false is required");
  f.field("allowWildcardInRedirectUris", inputs.allowWildcardInRedirectUris, isBoolean, "true or false is required");
  if (
    f.field("adminOnlyAccess", inputs.adminOnlyAccess, isBoolean, "true or false is required") &&
    inputs.adminOnlyAccess !== true
  ) {
    f.add(
      "adminOnlyAccess",
      "adminOnlyAccess was false; PingOne always restricts WORKER applications to administrators (it reads them back with ADMIN_USERS_ONLY), so only true is allowed",
    );
  }
}

/** Grant and response types, PKCE, the refresh token's type and the token endpoint's authentication method. */
function validateFlows(f: Failures, inputs: Record<string, unknown>): void {
  f.listOf("grantTypes", inputs.grantTypes, GRANT_TYPES, 1);
  const responseOk = f.listOf("responseTypes", inputs.responseTypes, RESPONSE_TYPES, 0);
  if (responseOk) {
    const rt = inputs.responseTypes as string[];
    if (rt.includes("CODE") && (rt.includes("TOKEN") || rt.includes("ID_TOKEN"))) {
      f.add(
        "responseTypes",
        `responseTypes was ${show(rt)}; CODE cannot be combined with TOKEN or ID_TOKEN — use ["CODE"] alone, or TOKEN and/or ID_TOKEN`,
      );
    }
  }
  f.oneOf("pkceEnforcement", inputs.pkceEnforcement, PKCE_ENFORCEMENTS);
  f.oneOf("refreshTokenType", inputs.refreshTokenType, REFRESH_TOKEN_TYPES);
  f.oneOf("tokenEndpointAuthMethod", inputs.tokenEndpointAuthMethod, TOKEN_ENDPOINT_AUTH_METHODS);
}

/** PingOne's bounds (../guide.ts), and the duration no longer than the rolling duration. */
function validateRefreshTokenDurations(f: Failures, inputs: Record<string, unknown>): void {
  const min = MIN_REFRESH_TOKEN_SECONDS;
  const max = MAX_REFRESH_TOKEN_SECONDS;
  const seconds = `an integer number of seconds from ${min} to ${max} is allowed`;
  const inBounds = isIntegerIn(min, max);
  const durOk = f.field("refreshTokenDuration", inputs.refreshTokenDuration, inBounds, seconds);
  const rollOk = f.field("refreshTokenRollingDuration", inputs.refreshTokenRollingDuration, inBounds, seconds);
  if (durOk && rollOk && exceedsRollingDuration(inputs.refreshTokenDuration, inputs.refreshTokenRollingDuration)) {
    f.add(
      "refreshTokenDuration",
      `refreshTokenDuration was ${inputs.refreshTokenDuration}; it must not exceed refreshTokenRollingDuration (${inputs.refreshTokenRollingDuration})`,
    );
  }
  if (inputs.refreshTokenRollingGracePeriodDuration !== undefined) {
    f.field(
      "refreshTokenRollingGracePeriodDuration",
      inputs.refreshTokenRollingGracePeriodDuration,
      isIntegerIn(0, MAX_GRACE_PERIOD_SECONDS),
      `an integer number of seconds from 0 to ${MAX_GRACE_PERIOD_SECONDS} is allowed (omit it for PingOne's default)`,
    );
  }
}

/** Each redirect URI by {@link pingOneRedirectUriProblem}, shown without any user information. */
function validateRedirectUris(f: Failures, inputs: Record<string, unknown>): void {
  if (isUnknown(inputs.redirectUris)) return;
  if (!Array.isArray(inputs.redirectUris)) {
    f.add("redirectUris", `redirectUris was ${show(inputs.redirectUris)}; a list of redirect URIs is required`);
    return;
  }
  const wildcard = inputs.allowWildcardInRedirectUris === true;
  inputs.redirectUris.forEach((uri: unknown, i: number) => {
    if (isUnknown(uri)) return;
    if (typeof uri !== "string") {
      f.add(`redirectUris[${i}]`, `redirectUris[${i}] was ${show(uri)}; a URI string is required`);
      return;
    }
    const problem = pingOneRedirectUriProblem(uri, wildcard);
    if (problem) f.add(`redirectUris[${i}]`, `redirectUris[${i}] was ${show(withoutUserinfo(uri))}; ${problem}`);
  });
}

/** `{type, groupIds}` and nothing else. */
function validateGroupMembershipPolicy(f: Failures, gmp: unknown): void {
  if (gmp === undefined || containsUnknown(gmp)) return;
  if (gmp === null || typeof gmp !== "object" || Array.isArray(gmp)) {
    f.add(
      "groupMembershipPolicy",
      `groupMembershipPolicy was ${show(gmp)}; expected {type: ANY_GROUP | ALL_GROUPS, groupIds: [at least one group id]}`,
    );
    return;
  }
  const g = gmp as Record<string, unknown>;
  f.oneOf("groupMembershipPolicy.type", g.type, GROUP_MEMBERSHIP_POLICY_TYPES);
  f.field(
    "groupMembershipPolicy.groupIds",
    g.groupIds,
    isListOf(isNonBlankText, 1),
    "a list of at least one non-empty group id is required",
  );
  const extra = Object.keys(g).filter((k) => k !== "type" && k !== "groupIds");
  if (extra.length) {
    f.add(
      "groupMembershipPolicy",
      `groupMembershipPolicy has unknown field(s) ${extra.join(", ")}; allowed: type, groupIds`,
    );
  }
}

function validateAdoptApplicationId(f: Failures, id: unknown): void {
  if (id !== undefined && !isUnknown(id) && !isUuidShaped(id)) {
    f.add(
      "adoptApplicationId",
      `adoptApplicationId was ${show(id)}; an application id (UUID, 8-4-4-4-12 hex digits) is required`,
    );
  }
}

function validateIcon(f: Failures, icon: unknown, projectDir: string): void {
  if (icon === undefined || containsUnknown(icon)) return;
  const allowed = "expected {filePath: <local PNG/JPEG/GIF ≤ 1 MB>} or {id, href} of an image already in PingOne";
  if (icon === null || typeof icon !== "object" || Array.isArray(icon)) {
    f.add("icon", `icon was ${show(icon)}; ${allowed}`);
    return;
  }
  const i = icon as Record<string, unknown>;
  const keys = Object.keys(i).sort().join(",");
  if (keys === "filePath") {
    if (typeof i.filePath !== "string" || i.filePath === "") {
      f.add("icon.filePath", `icon.filePath was ${show(i.filePath)}; a path to a local image file is required`);
      return;
    }
    const file = readIconFile(i.filePath, projectDir);
    if ("error" in file) f.add("icon.filePath", file.error);
    return;
  }
  if (keys === "href,id") {
    if (typeof i.id !== "string" || i.id === "")
      f.add("icon.id", `icon.id was ${show(i.id)}; a PingOne image id is required`);
    if (typeof i.href !== "string" || !/^(https:\/\/\S+|http:\/\/(localhost|127\.0\.0\.1)[:/]\S*)$/.test(i.href)) {
      f.add(
        "icon.href",
        `icon.href was ${show(i.href)}; the image's https URL is required (http only for localhost and 127.0.0.1)`,
      );
    }
    return;
  }
  f.add("icon", `icon was ${show(icon)}; ${allowed}`);
}

/**
 * The owned part of an application body, in PingOne's shape. `icon` is the resolved image, if any; `marker` the
 * owner marker written after the description (./ownership.ts), if any.
 */
export function buildApplicationBody(
  inputs: ApplicationInputs,
  icon?: { id: string; href: string },
  marker?: string,
): ApplicationOidcBody {
  const body: ApplicationOidcBody = {
    name: inputs.name,
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: inputs.enabled,
    tokenEndpointAuthMethod: inputs.tokenEndpointAuthMethod,
  };
  if (marker !== undefined) body.description = markedDescription(inputs.description, marker);
  else if (inputs.description !== undefined && inputs.description !== "") body.description = inputs.description;
  if (icon) body.icon = { id: icon.id, href: icon.href };
  const accessControl: NonNullable<ApplicationOidcBody["accessControl"]> = {};
  if (inputs.adminOnlyAccess) accessControl.role = { type: "ADMIN_USERS_ONLY" };
  if (inputs.groupMembershipPolicy) {
    accessControl.group = {
      type: inputs.groupMembershipPolicy.type,
      groups: normalizeSet(inputs.groupMembershipPolicy.groupIds).map((id) => ({ id })),
    };
  }
  if (accessControl.role || accessControl.group) body.accessControl = accessControl;
  body.grantTypes = Array.from(new Set(inputs.grantTypes));
  body.responseTypes = Array.from(new Set(inputs.responseTypes));
  body.pkceEnforcement = inputs.pkceEnforcement;
  body.redirectUris = Array.from(new Set(inputs.redirectUris));
  body.allowWildcardInRedirectUris = inputs.allowWildcardInRedirectUris;
  body.refreshTokenType = inputs.refreshTokenType;
  body.refreshTokenDuration = inputs.refreshTokenDuration;
  body.refreshTokenRollingDuration = inputs.refreshTokenRollingDuration;
  if (inputs.refreshTokenRollingGracePeriodDuration !== undefined) {
    body.refreshTokenRollingGracePeriodDuration = inputs.refreshTokenRollingGracePeriodDuration;
  }
  return body;
}

/**
 * The POST body: the owned fields, the owner marker (`marker`, from the resource's URN) after the description, and
 * `assignActorRoles: false` so the app is not given the provisioner's roles.
 */
export function buildCreateBody(
  inputs: ApplicationInputs,
  icon: { id: string; href: string } | undefined,
  marker: string,
): ApplicationOidcBody {
  return { ...buildApplicationBody(inputs, icon, marker), assignActorRoles: false };
}

/** Fields PingOne manages itself: never sent back. */
const READ_ONLY_FIELDS = ["id", "environment", "createdAt", "updatedAt", "_links", "assignActorRoles"];
/** Owned fields that are optional: absent from the desired body means cleared. */
const OWNED_OPTIONAL_FIELDS = [
  "description",
  "icon",
  "accessControl",
  "refreshTokenRollingGracePeriodDuration",
  "grantTypes",
  "responseTypes",
  "pkceEnforcement",
  "redirectUris",
  "allowWildcardInRedirectUris",
  "refreshTokenType",
  "refreshTokenDuration",
  "refreshTokenRollingDuration",
];

/**
 * The PUT body: the live application with the read-only fields dropped, the owned fields replaced by the desired
 * ones (an owned optional field absent from the inputs is cleared), every other server-managed field kept. The
 * description ends with `marker` (the resource's owner marker), or without one with the marker the live
 * application carries, if any.
 */
export function buildUpdateBody(
  live: Application,
  inputs: ApplicationInputs,
  icon?: { id: string; href: string },
  marker?: string,
): ApplicationOidcBody {
  const body: Record<string, unknown> = { ...live };
  for (const k of READ_ONLY_FIELDS) delete body[k];
  for (const k of OWNED_OPTIONAL_FIELDS) delete body[k];
  return {
    ...body,
    ...buildApplicationBody(inputs, icon, marker ?? splitOwnerMarker(live.description).marker),
  } as ApplicationOidcBody;
}

/** Owned fields as comparable values (sets sorted). */
function comparable(i: Partial<ApplicationInputs>): Record<string, unknown> {
  return {
    name: i.name,
    description: i.description === "" ? undefined : i.description,
    enabled: i.enabled,
    grantTypes: normalizeSet(i.grantTypes),
    responseTypes: normalizeSet(i.responseTypes),
    pkceEnforcement: i.pkceEnforcement,
    refreshTokenType: i.refreshTokenType,
    refreshTokenDuration: i.refreshTokenDuration,
    refreshTokenRollingDuration: i.refreshTokenRollingDuration,
    refreshTokenRollingGracePeriodDuration: i.refreshTokenRollingGracePeriodDuration,
    redirectUris: normalizeSet(i.redirectUris),
    allowWildcardInRedirectUris: i.allowWildcardInRedirectUris,
    tokenEndpointAuthMethod: i.tokenEndpointAuthMethod,
    adminOnlyAccess: i.adminOnlyAccess,
    groupMembershipPolicy: i.groupMembershipPolicy
      ? { type: i.groupMembershipPolicy.type, groupIds: normalizeSet(i.groupMembershipPolicy.groupIds) }
      : undefined,
  };
}

export interface FieldDiff {
  /** Owned fields whose desired value differs from the recorded one. */
  changes: string[];
  /** The subset of `changes` that forces a replacement. */
  replaces: string[];
  /** The replacement deletes the old object first (its name would block the new one's create). */
  deleteBeforeReplace?: boolean;
  /**
   * The subset of `changes` that are outputs, not inputs: drift a refresh recorded (e.g. roles found on the
   * application) that the update repairs. Shown as deleted from the recorded outputs.
   */
  removedOutputs?: string[];
}

/**
 * Compares the recorded outputs with the desired inputs, owned fields only, sets as sets. `environmentId` replaces.
 * `adoptApplicationId` replaces only when it names a different application than the one held: adding it with the
 * held id, or removing it after an adoption, changes nothing (the stack already owns that application).
 * `iconFileSha256` is the hash of the desired icon file, when the caller has read it.
 */
export function diffApplication(olds: ApplicationOutputs, news: ApplicationInputs, iconFileSha256?: string): FieldDiff {
  const changes: string[] = [];
  const replaces: string[] = [];
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  if (containsUnknown(news.environmentId) || olds.environmentId !== news.environmentId) {
    changes.push("environmentId");
    replaces.push("environmentId");
  }
  const adopt = news.adoptApplicationId;
  if (
    adopt !== undefined &&
    (isUnknown(adopt) || (adopt !== olds.applicationId && adopt !== olds.adoptApplicationId))
  ) {
    changes.push("adoptApplicationId");
    replaces.push("adoptApplicationId");
  }
  const a = comparable(olds);
  const b = comparable(news);
  for (const key of Object.keys(b)) {
    const nv = (news as unknown as Record<string, unknown>)[key];
    if (containsUnknown(nv) || differs(a[key], b[key])) changes.push(key);
  }
  if (iconChanged(olds, news.icon, iconFileSha256)) changes.push("icon");
  // A refresh found the application no longer an OIDC Worker (PingOne cannot change an application's type in
  // place): it is replaced, the old one deleted first, since the new one takes its name.
  if (olds.notWorker !== undefined) {
    changes.push("notWorker");
    replaces.push("notWorker");
    return { changes, replaces, deleteBeforeReplace: true, removedOutputs: ["notWorker"] };
  }
  return { changes, replaces };
}

/** `OPENID_CONNECT WEB_APP` for an application that is not an OIDC Worker; undefined for one that is. */
export function notWorkerKind(app: Pick<Application, "protocol" | "type">): string | undefined {
  return app.protocol === "OPENID_CONNECT" && app.type === "WORKER"
    ? undefined
    : `${String(app.protocol)} ${String(app.type)}`;
}

/** The drift a refresh reports for an application that is no longer an OIDC Worker, and what `pulumi up` does. */
export function notWorkerWarning(out: Pick<ApplicationOutputs, "name" | "applicationId" | "notWorker">): string {
  return (
    `application ${JSON.stringify(out.name)} (${out.applicationId}) is no longer an OIDC Worker application: PingOne holds it as ` +
    `${out.notWorker}. StackOne's connection needs an OPENID_CONNECT WORKER application, and PingOne cannot change an ` +
    "application's type in place: `pulumi up` replaces it (deletes it, then creates a Worker application of the same " +
    "name, with a new client ID and secret, which reach the outputs)."
  );
}

function iconChanged(olds: ApplicationOutputs, icon: IconInput | undefined, sha256: string | undefined): boolean {
  const old = olds.icon;
  if (containsUnknown(icon)) return true;
  if (!icon || !old) return !!icon !== !!old;
  if ("filePath" in icon) {
    if (!("filePath" in old) || old.filePath !== icon.filePath) return true;
    const recorded = (olds as ApplicationState).iconSha256;
    return sha256 !== undefined && recorded !== undefined && sha256 !== recorded;
  }
  if ("filePath" in old) return true;
  return old.id !== icon.id || old.href !== icon.href;
}

/** Extra recorded state of an application beyond the model's outputs. */
export interface ApplicationExtras {
  iconImage?: { id: string; href: string };
  /** SHA-256 of the uploaded icon file (icon given as filePath). */
  iconSha256?: string;
  adopted: boolean;
}

/**
 * Maps a live application to the resource's outputs. Values come from PingOne (so out-of-band edits show as
 * drift); `previous` supplies what PingOne cannot say: the icon's local form, `adoptApplicationId`, the order of
 * set-valued fields when only the order differs, and optional fields left to PingOne's default.
 */
export function applicationToOutputs(
  app: Application,
  environmentId: string,
  previous: Partial<ApplicationOutputs> & Partial<ApplicationInputs>,
  extras: ApplicationExtras,
): ApplicationState {
  const out: ApplicationState = {
    environmentId,
    name: app.name,
    enabled: app.enabled === true,
    grantTypes: preferOrder(app.grantTypes ?? [], previous.grantTypes),
    responseTypes: preferOrder(app.responseTypes ?? [], previous.responseTypes),
    pkceEnforcement: app.pkceEnforcement ?? "OPTIONAL",
    refreshTokenType: app.refreshTokenType ?? "OPAQUE_TOKEN",
    refreshTokenDuration: app.refreshTokenDuration ?? 2592000,
    refreshTokenRollingDuration: app.refreshTokenRollingDuration ?? PINGONE_DEFAULT_ROLLING_DURATION_SECONDS,
    redirectUris: preferOrder(app.redirectUris ?? [], previous.redirectUris),
    allowWildcardInRedirectUris: app.allowWildcardInRedirectUris === true,
    tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
    adminOnlyAccess: app.accessControl?.role?.type === "ADMIN_USERS_ONLY",
    applicationId: app.id,
    clientId: app.id,
    adopted: extras.adopted,
  };
  const kind = notWorkerKind(app);
  if (kind !== undefined) out.notWorker = kind;
  // The owner marker is the provider's, not the user's: never an output, so never drift.
  const description = splitOwnerMarker(app.description).description;
  if (description !== undefined && description !== "") out.description = description;
  else if (previous.description === "") out.description = "";
  const grace = app.refreshTokenRollingGracePeriodDuration;
  if (grace !== undefined && grace !== null) {
    // Left to PingOne's default (omitted) and read back as that default: keep it omitted.
    if (!(previous.refreshTokenRollingGracePeriodDuration === undefined && grace === 0)) {
      out.refreshTokenRollingGracePeriodDuration = grace;
    }
  }
  if (app.accessControl?.group) {
    out.groupMembershipPolicy = {
      type: app.accessControl.group.type,
      groupIds: preferOrder(
        (app.accessControl.group.groups ?? []).map((g) => g.id),
        previous.groupMembershipPolicy?.groupIds,
      ),
    };
  }
  if (app.icon) {
    out.iconImage = { id: app.icon.id, href: app.icon.href };
    const prevIcon = previous.icon;
    if (prevIcon && "filePath" in prevIcon && extras.iconImage?.id === app.icon.id) {
      out.icon = { filePath: prevIcon.filePath };
      if (extras.iconSha256) out.iconSha256 = extras.iconSha256;
    } else {
      out.icon = { id: app.icon.id, href: app.icon.href };
    }
  }
  if (previous.adoptApplicationId !== undefined) out.adoptApplicationId = previous.adoptApplicationId;
  return out;
}

/** The inputs part of the outputs: what a refresh reports as the live inputs. */
export function applicationOutputsToInputs(out: ApplicationOutputs): ApplicationInputs {
  const {
    applicationId: _a,
    clientId: _c,
    iconImage: _i,
    adopted: _d,
    notWorker: _w,
    ...rest
  } = out as ApplicationOutputs & {
    iconSha256?: string;
  };
  const inputs = { ...rest } as ApplicationInputs & { iconSha256?: string };
  delete inputs.iconSha256;
  return inputs;
}

/**
 * Uploads the icon file when the icon is a local file; returns the image reference (and the file's hash), and
 * `uploaded` when this call made the image (so it is this project's to delete if it ends up unused).
 *
 * Images and orphans. An image this project uploads is used by exactly one application, and is deleted as soon as
 * it is not: when the create or update it was uploaded for fails, when a new file replaces it, and when its
 * application is deleted ({@link deleteApplication} with `iconImage`). An image given as `{id, href}` is the user's
 * and never deleted. The one image that cannot be cleaned up is the one an upload made whose response was lost:
 * PingOne offers no way to list images, so its id can never be learnt; the client does not repeat such an upload
 * (no second image), and the error says what happened. No application refers to that image.
 */
async function resolveIcon(
  api: PingOneApi,
  inputs: ApplicationInputs,
  previous?: ApplicationState,
): Promise<{ image?: { id: string; href: string }; sha256?: string; uploaded?: boolean }> {
  const icon = inputs.icon;
  if (!icon) return {};
  if (!("filePath" in icon)) return { image: { id: icon.id, href: icon.href } };
  const file = readIconFile(icon.filePath);
  if ("error" in file) throw new Error(`Cannot use the application icon: ${file.error}`);
  if (
    previous?.iconImage &&
    previous.icon &&
    "filePath" in previous.icon &&
    previous.icon.filePath === icon.filePath &&
    previous.iconSha256 === file.sha256
  ) {
    return { image: previous.iconImage, sha256: file.sha256 };
  }
  const image = await api.uploadImage(inputs.environmentId, file.bytes, file.contentType);
  const href = image.targets?.original?.href;
  if (!href) {
    await discardImage(api, inputs.environmentId, image.id);
    throw new Error(
      `PingOne accepted the icon upload (image ${image.id}) but returned no image URL; the image was deleted again`,
    );
  }
  return { image: { id: image.id, href }, sha256: file.sha256, uploaded: true };
}

/** Deletes an image this project uploaded; true when it is gone (or was already). */
async function discardImage(api: PingOneApi, environmentId: string, imageId: string): Promise<boolean> {
  try {
    await api.deleteImage(environmentId, imageId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the write an uploaded icon was made for. When it fails, the image it would have used is deleted before the
 * error is passed on (the error says so if the deletion failed too, naming the image).
 */
async function withIcon<T>(
  api: PingOneApi,
  environmentId: string,
  icon: { image?: { id: string }; uploaded?: boolean },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (icon.uploaded && icon.image && !(await discardImage(api, environmentId, icon.image.id))) {
      throw new Error(
        `${describeError(err)}; the icon image ${icon.image.id} uploaded for it could not be deleted and is left unused`,
      );
    }
    throw err;
  }
}

/** The image of `olds` that this project uploaded (icon given as a file), if any. */
function uploadedImage(olds: Partial<ApplicationOutputs>): { id: string; href: string } | undefined {
  return olds.icon && "filePath" in olds.icon ? olds.iconImage : undefined;
}

/**
 * Creates the application (POST with `assignActorRoles: false` and the owner marker of `urn`), or, with
 * `adoptApplicationId`, verifies that the existing application is an OIDC WORKER app and converges it to the inputs
 * with a PUT.
 *
 * Application names are kept unique in an environment, though PingOne allows duplicates. Every create of a name
 * lists the environment's applications first:
 * - an application of the name that carries this resource's owner marker is what its own interrupted create made
 *   (the process killed while PingOne held the POST): it is owned from now on (converged with a PUT if the inputs
 *   changed since), and nothing is POSTed;
 * - any other application of the name is someone else's: the create is refused before anything is sent (and an
 *   application of this resource's own found beside it is deleted: it lost, see below);
 * - otherwise the application is POSTed, and the applications are listed once more. Any other application of the
 *   name there now was created by another writer while this one ran: this create deletes its own and fails.
 * Why two racing creates leave at most one: each create's second list is made after its own POST took effect. Of
 * two racing POSTs, the one that took effect later is followed by its create's second list, which therefore sees
 * the application of the earlier one. So at least one of the two creates sees the other's application and deletes
 * its own: two applications of the name never both survive (both may lose, when each sees the other; both fail,
 * leave nothing, and the next `up` of either succeeds). A create that was killed before its second list is the
 * same case one `up` later: its rerun finds its own application beside the other and deletes it. A create only
 * ever deletes an application carrying its own marker. (This assumes PingOne lists an application once its POST
 * has been answered, as a single store does.)
 */
export async function createApplication(
  api: PingOneApi,
  inputs: ApplicationInputs,
  urn: string,
): Promise<ApplicationState> {
  const env = inputs.environmentId;
  const marker = ownerMarker(urn);
  if (inputs.adoptApplicationId) {
    const live = await api.getApplication(env, inputs.adoptApplicationId);
    if (!live) {
      throw new Error(
        `adoptApplicationId was ${JSON.stringify(inputs.adoptApplicationId)}; no application with that id exists in environment ${env}`,
      );
    }
    if (live.protocol !== "OPENID_CONNECT" || live.type !== "WORKER") {
      throw new Error(
        `adoptApplicationId was ${JSON.stringify(inputs.adoptApplicationId)}; that application is ${live.protocol} ${live.type} ("${live.name}"), only an OPENID_CONNECT WORKER application can be adopted`,
      );
    }
    const icon = await resolveIcon(api, inputs);
    const updated = await withIcon(api, env, icon, () =>
      api.updateApplication(env, live.id, buildUpdateBody(live, inputs, icon.image, marker)),
    );
    return applicationToOutputs(updated, env, inputs, {
      iconImage: icon.image,
      iconSha256: icon.sha256,
      adopted: true,
    });
  }
  try {
    const existing = await api.listApplications(env);
    const named = existing.filter((a) => sameName(a.name, inputs.name));
    const own = named.filter((a) => carriesMarker(a.description, marker));
    const others = named.filter((a) => !own.includes(a));
    if (others.length > 0) {
      const note = await deleteOwn(api, env, own);
      throw new ApplicationNameTakenError(env, inputs.name, others, note);
    }
    if (own.length > 0) return await ownInterruptedCreate(api, inputs, own, marker);
    const icon = await resolveIcon(api, inputs);
    const created = await withIcon(api, env, icon, async () => {
      const app = await api.createApplication(env, buildCreateBody(inputs, icon.image, marker), { existing });
      const rivals = (await api.listApplications(env)).filter((a) => sameName(a.name, inputs.name) && a.id !== app.id);
      if (rivals.length > 0)
        throw new ApplicationNameTakenError(env, inputs.name, rivals, await deleteOwn(api, env, [app], true));
      return app;
    });
    return applicationToOutputs(created, env, inputs, {
      iconImage: icon.image,
      iconSha256: icon.sha256,
      adopted: false,
    });
  } catch (err) {
    throw inEnvironment(`create application ${JSON.stringify(inputs.name)}`, env, err);
  }
}

/**
 * Deletes applications this resource's own create made that lost to another of their name; returns what to tell
 * the user (undefined when there were none). A failed deletion is reported, never hidden.
 */
async function deleteOwn(
  api: PingOneApi,
  env: string,
  own: Application[],
  racing = false,
): Promise<string | undefined> {
  if (own.length === 0) return undefined;
  const ids = own.map((a) => a.id).join(", ");
  const what = racing
    ? `the application ${ids} this create made`
    : `the application ${ids} an interrupted create of this resource had made`;
  const why = racing
    ? "another writer created it while this create ran; application names are kept unique in an environment, so"
    : "application names are kept unique in an environment, so it was not created again, and";
  try {
    for (const a of own) await api.deleteApplication(env, a.id);
  } catch (err) {
    return `${why} ${what} was to be deleted, but that failed (${describeError(err)}): the next \`pulumi up\` deletes it (it carries this resource's owner marker), or delete it in the PingOne console`;
  }
  return `${why} ${what} was deleted`;
}

/**
 * The application(s) this resource's interrupted create made (they carry its owner marker), no other of the name
 * being there: the oldest is owned from now on, converged to the inputs when they changed since; any other is a
 * duplicate of this resource's own making and is deleted.
 */
async function ownInterruptedCreate(
  api: PingOneApi,
  inputs: ApplicationInputs,
  own: Application[],
  marker: string,
): Promise<ApplicationState> {
  const env = inputs.environmentId;
  const [kept, ...extra] = [...own].sort(
    (a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.id.localeCompare(b.id),
  );
  for (const a of extra) await api.deleteApplication(env, a.id);
  const live = (await api.getApplication(env, kept.id)) ?? kept;
  const outputs = applicationToOutputs(live, env, inputs, { adopted: false });
  if (inputs.icon === undefined && diffApplication(outputs, inputs).changes.length === 0) return outputs;
  const icon = await resolveIcon(api, inputs);
  const updated = await withIcon(api, env, icon, () =>
    api.updateApplication(env, live.id, buildUpdateBody(live, inputs, icon.image, marker)),
  );
  return applicationToOutputs(updated, env, inputs, { iconImage: icon.image, iconSha256: icon.sha256, adopted: false });
}

/** Reads the live application; undefined when it is gone. */
export async function readApplication(
  api: PingOneApi,
  id: string,
  previous: ApplicationState,
): Promise<ApplicationState | undefined> {
  const live = await api.getApplication(previous.environmentId, id);
  if (!live) return undefined;
  const recorded = {
    iconImage: previous.iconImage,
    iconSha256: previous.iconSha256,
    adopted: previous.adopted === true,
  };
  return applicationToOutputs(live, previous.environmentId, previous, recorded);
}

/** Converges the application to the inputs: reads it, overlays the owned fields, PUTs the complete object. */
export async function updateApplication(
  api: PingOneApi,
  id: string,
  olds: ApplicationState,
  news: ApplicationInputs,
  urn: string,
): Promise<ApplicationState> {
  const live = await api.getApplication(news.environmentId, id);
  if (!live) {
    throw new Error(
      `Application ${id} no longer exists in environment ${news.environmentId}; run \`pulumi refresh\` so it is recreated`,
    );
  }
  const icon = await resolveIcon(api, news, olds);
  const updated = await withIcon(api, news.environmentId, icon, () =>
    api.updateApplication(news.environmentId, id, buildUpdateBody(live, news, icon.image, ownerMarker(urn))),
  );
  // The image this project uploaded before, now replaced or dropped: no application uses it any more. (Best effort:
  // the update itself succeeded, and a failed deletion leaves an unused image, not a broken application.)
  const replaced = uploadedImage(olds);
  if (replaced && replaced.id !== icon.image?.id && replaced.id !== updated.icon?.id) {
    await discardImage(api, olds.environmentId, replaced.id);
  }
  const recorded = { iconImage: icon.image, iconSha256: icon.sha256, adopted: olds.adopted === true };
  return applicationToOutputs(updated, news.environmentId, news, recorded);
}

/**
 * Deletes the application (adopted ones too: adopting hands the application to the stack). 404 is done. Given the
 * recorded outputs (`state`), also deletes the icon image this project uploaded for it, which nothing else uses.
 */
export async function deleteApplication(
  api: PingOneApi,
  environmentId: string,
  id: string,
  state?: Partial<ApplicationOutputs>,
): Promise<void> {
  try {
    await api.deleteApplication(environmentId, id);
  } catch (err) {
    throw new Error(`Cannot delete application ${id} in environment ${environmentId}: ${describeError(err)}`);
  }
  const image = state ? uploadedImage(state) : undefined;
  if (image && !(await discardImage(api, environmentId, image.id))) {
    throw new Error(
      `Application ${id} was deleted, but its icon image ${image.id} in environment ${environmentId} could not be; run the destroy again`,
    );
  }
}
