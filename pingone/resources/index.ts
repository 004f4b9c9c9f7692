/** The PingOne dynamic resources. Credentials: `pingone:*` stack config or `PINGONE_*` environment variables. */
export { Application, ApplicationProvider } from "./application";
export type { ApplicationArgs } from "./application";
export { ApplicationSecret, ApplicationSecretProvider } from "./applicationSecret";
export type { ApplicationSecretArgs } from "./applicationSecret";
export { UserRoleAssignment, UserRoleAssignmentProvider } from "./userRoleAssignment";
export type { UserRoleAssignmentArgs } from "./userRoleAssignment";
export { ResourceGrant, ResourceGrantProvider } from "./resourceGrant";
export type { ResourceGrantArgs } from "./resourceGrant";
export { PingOneResourcesProvider, pingOneResourcesProvider, TYPE_KEY } from "./provider";
