import type { ResourceValidationPolicy } from "@pulumi/policy";
import { adminOnlyAccess } from "./adminOnlyAccess";
import { appHoldsNoRoles } from "./appHoldsNoRoles";
import { grantTypes } from "./grantTypes";
import { openidGrant } from "./openidGrant";
import { redirectUris } from "./redirectUris";
import { refreshTokenDurations } from "./refreshTokenDurations";
import { responseTypes } from "./responseTypes";
import { signInUserRole } from "./signInUserRole";
import { tokenEndpointAuth } from "./tokenEndpointAuth";
import { workerApplication } from "./workerApplication";

export {
  adminOnlyAccess,
  appHoldsNoRoles,
  grantTypes,
  openidGrant,
  redirectUris,
  refreshTokenDurations,
  responseTypes,
  signInUserRole,
  tokenEndpointAuth,
  workerApplication,
};

/** Every policy of the pack, in the order they are reported. */
export const policies: ResourceValidationPolicy[] = [
  workerApplication,
  grantTypes,
  responseTypes,
  redirectUris,
  tokenEndpointAuth,
  adminOnlyAccess,
  refreshTokenDurations,
  appHoldsNoRoles,
  signInUserRole,
  openidGrant,
];
