/**
 * The `pingone` package's name and type tokens: one place for the program-side SDK, the provider plugin and the
 * policy pack. A resource type token is `pingone:index:<Type>`; the package's provider is `pulumi:providers:pingone`.
 */
export const PACKAGE_NAME = "pingone";

export const RESOURCE_TYPE_NAMES = [
  "Application",
  "ApplicationSecret",
  "ResourceGrant",
  "UserRoleAssignment",
  "Group",
  "GroupRoleAssignment",
  "GroupMembership",
] as const;
export type ResourceTypeName = (typeof RESOURCE_TYPE_NAMES)[number];

export function typeToken(name: string): string {
  return `${PACKAGE_NAME}:index:${name}`;
}

/** The type name of a `pingone:index:<Type>` token (or of a function's), undefined for any other token. */
export function typeNameOf(token: string): string | undefined {
  const prefix = typeToken("");
  return token.startsWith(prefix) ? token.slice(prefix.length) : undefined;
}

/** The package's one function: the version of the provider serving the program (see `start.ts`). */
export const GET_PROVIDER_INFO = typeToken("getProviderInfo");

export const PROVIDER_TYPE = `pulumi:providers:${PACKAGE_NAME}`;
