/** The PingOne dynamic resources. Credentials: `pingone:*` stack config or `PINGONE_*` environment variables. */
export { Application, ApplicationSecret, ResourceGrant, UserRoleAssignment, typeToken } from "./resources";
export type { ApplicationArgs, ApplicationSecretArgs, ResourceGrantArgs, UserRoleAssignmentArgs } from "./resources";
export { ApplicationProvider } from "./application";
export { ApplicationSecretProvider } from "./applicationSecret";
export { UserRoleAssignmentProvider } from "./userRoleAssignment";
export { ResourceGrantProvider } from "./resourceGrant";
export { PingOneResourcesProvider, TYPE_KEY } from "./provider";
export { buildProviderModule, providerModuleFromSources, providerModuleText, PROVIDER_PACKAGES } from "./providerModule";
