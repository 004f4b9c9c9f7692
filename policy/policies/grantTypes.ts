import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkGrantTypes } from "../rules";
import { validatePingOne } from "./common";

export const grantTypes: ResourceValidationPolicy = {
  name: "pingone-grant-types",
  description: "The StackOne application's grant types are exactly AUTHORIZATION_CODE and REFRESH_TOKEN.",
  severity: "high",
  validateResource: validatePingOne("Application", (props) => checkGrantTypes(props.grantTypes)),
};
