import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkOpenIdGrant } from "../rules";
import { optional, validatePingOne } from "./common";

export const openidGrant: ResourceValidationPolicy = {
  name: "pingone-openid-grant",
  description: "The StackOne application is granted scopes of the openid resource only, and only OIDC scopes.",
  severity: "medium",
  validateResource: validatePingOne("ResourceGrant", (props) =>
    checkOpenIdGrant({ resourceName: optional(props, "resourceName"), scopes: props.scopes }),
  ),
};
