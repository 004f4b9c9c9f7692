import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkTokenEndpointAuthMethod } from "../rules";
import { validatePingOne } from "./common";

export const tokenEndpointAuth: ResourceValidationPolicy = {
  name: "pingone-token-endpoint-auth",
  description: "The StackOne application authenticates at the token endpoint with CLIENT_SECRET_POST.",
  severity: "high",
  validateResource: validatePingOne("Application", (props) =>
    checkTokenEndpointAuthMethod(props.tokenEndpointAuthMethod),
  ),
};
