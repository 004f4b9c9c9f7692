/**
 * Rules on the text PingOne stores and shows, each written once: the program's configuration (config.ts, through
 * components/workerAppPlan.ts) and the providers' input checks (application.ts, userRoleAssignment.ts) both call
 * these, so a value the preview accepts is a value `up` accepts.
 *
 * A rule returns undefined when the value is allowed, else a {@link RuleViolation}: what is wrong with it and what
 * is allowed, neither naming the field nor repeating the value — each caller words those its own way (a `stackone:`
 * key, an argument, an input property) and shows the value with {@link escapeForDisplay}.
 *
 * Showing a value ({@link escapeForDisplay}) is the guide's (../guide.ts), re-exported here.
 */
export { escapeForDisplay } from "../guide";

export interface RuleViolation {
  /** What is wrong, e.g. `contains the control character U+0007`. */
  problem: string;
  /** What is allowed, e.g. `a name of 1 to 256 characters …`. */
  allowed: string;
}

/**
 * PingOne's limit on an application's name. The OpenAPI description states none for `name` (ApplicationOIDC); Ping's
 * documentation of the console's application profile does: "The maximum name length is 256 characters"
 * (docs.pingidentity.com, PingOne → Applications → Editing a resource link).
 */
export const MAX_APPLICATION_NAME_LENGTH = 256;
/**
 * The limit this project applies to a group's name. Neither the OpenAPI description (Group.name) nor Ping's
 * documentation states one; the application name's limit is used, so a group named after its application with a
 * short suffix stays within what PingOne shows.
 */
export const MAX_GROUP_NAME_LENGTH = 256;
/**
 * The limit this project applies to a description (an application's, a group's). Neither the OpenAPI description
 * (ApplicationOIDC.description, Group.description) nor Ping's documentation states one; without a bound a pasted
 * document goes to PingOne whole (and, through stack config, past what the operating system lets Pulumi hand the
 * program: `argument list too long`). 1024 characters is far more than the console shows.
 */
export const MAX_DESCRIPTION_LENGTH = 1024;
/** PingOne's limit on a username: "min/max=1/128" (pingone-management.yml, User.username, L8389-8394). */
export const MAX_USERNAME_LENGTH = 128;

/**
 * Characters that show nothing: controls, format characters (zero-width space and joiners, bidi marks, BOM, soft
 * hyphen, tags), separators and spaces, variation selectors, and the blank letters that render as nothing (Hangul
 * fillers, Braille blank, Mongolian vowel separator, combining grapheme joiner).
 */
const INVISIBLE_CHAR =
  /[\p{Cc}\p{Cf}\p{Z}\s\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
/** PingOne's username alphabet: letters, marks, space separators, symbols, numbers, punctuation (spec L8391). */
const USERNAME_CHAR = /[\p{L}\p{M}\p{Zs}\p{S}\p{N}\p{P}]/u;

/** `U+0007`, `U+200B`, `U+E0041`. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Length in characters (code points), as JSON Schema's `maxLength` counts. */
function length(text: string): number {
  return Array.from(text).length;
}

function firstMatch(text: string, test: (char: string) => boolean): string | undefined {
  return Array.from(text).find(test);
}

/** An application's name: 1 to 256 characters, at least one of them visible, no control characters. */
export function applicationNameViolation(value: unknown): RuleViolation | undefined {
  return displayNameViolation(value, MAX_APPLICATION_NAME_LENGTH);
}

/** A group's name: the same rule as an application's, within {@link MAX_GROUP_NAME_LENGTH}. */
export function groupNameViolation(value: unknown): RuleViolation | undefined {
  return displayNameViolation(value, MAX_GROUP_NAME_LENGTH);
}

/** A description: text of at most {@link MAX_DESCRIPTION_LENGTH} characters (empty allowed: no description). */
export function descriptionViolation(value: unknown): RuleViolation | undefined {
  const allowed = `a text of at most ${MAX_DESCRIPTION_LENGTH} characters`;
  if (typeof value !== "string") return { problem: "is not text", allowed };
  const n = length(value);
  if (n > MAX_DESCRIPTION_LENGTH) return { problem: `is ${n} characters long`, allowed };
  return undefined;
}

function displayNameViolation(value: unknown, max: number): RuleViolation | undefined {
  const allowed = `a name of 1 to ${max} characters with at least one visible character and no control characters`;
  if (typeof value !== "string") return { problem: "is not text", allowed };
  if (value === "") return { problem: "is empty", allowed };
  const control = firstMatch(value, (c) => /\p{Cc}/u.test(c));
  if (control !== undefined) return { problem: `contains the control character ${codePointLabel(control)}`, allowed };
  if (Array.from(value).every((c) => INVISIBLE_CHAR.test(c))) return { problem: "has no visible character", allowed };
  const n = length(value);
  if (n > max) return { problem: `is ${n} characters long`, allowed };
  return undefined;
}

/**
 * A PingOne username: 1 to 128 characters of PingOne's alphabet (letters, marks, numbers, symbols, punctuation and
 * spaces — no control or invisible characters), without leading or trailing spaces (PingOne stores the name as
 * given, so a padded name never matches the user it was meant to name).
 */
export function usernameViolation(value: unknown): RuleViolation | undefined {
  const allowed =
    `a PingOne username: 1 to ${MAX_USERNAME_LENGTH} letters, marks, numbers, symbols, punctuation or spaces, ` +
    "without leading or trailing spaces";
  if (typeof value !== "string") return { problem: "is not text", allowed };
  if (value === "") return { problem: "is empty", allowed };
  const bad = firstMatch(value, (c) => !USERNAME_CHAR.test(c));
  if (bad !== undefined) {
    const kind = /\p{Cc}/u.test(bad) ? "control" : "invisible";
    return { problem: `contains the ${kind} character ${codePointLabel(bad)}`, allowed };
  }
  if (/^[\s\p{Z}]|[\s\p{Z}]$/u.test(value)) {
    return { problem: value.trim() === "" ? "is only spaces" : "has leading or trailing spaces", allowed };
  }
  const n = length(value);
  if (n > MAX_USERNAME_LENGTH) return { problem: `is ${n} characters long`, allowed };
  return undefined;
}

/** `scheme://user:password@host…` → the user information part (`user:password`), or undefined when there is none. */
function userinfoOf(uri: string): string | undefined {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1];
  if (authority === undefined) return undefined;
  const at = authority.lastIndexOf("@");
  return at < 0 ? undefined : authority.slice(0, at);
}

/**
 * A redirect URI must not carry user information (`user:password@` before the host): PingOne would hand it to
 * every browser in the redirect, and it is usually a credential.
 */
export function redirectUriUserinfoViolation(uri: string): RuleViolation | undefined {
  if (userinfoOf(uri) === undefined) return undefined;
  return {
    problem: "carries user information (user:password@ before the host)",
    allowed: "a redirect URI without user information",
  };
}

/** The URI as it may be shown: any user information (likely a password) replaced by `***`. */
export function withoutUserinfo(uri: string): string {
  const info = userinfoOf(uri);
  if (info === undefined) return uri;
  const start = uri.indexOf("//") + 2;
  return `${uri.slice(0, start)}***@${uri.slice(start + info.length + 1)}`;
}
