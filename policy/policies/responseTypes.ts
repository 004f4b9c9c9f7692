import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkResponseTypes } from "../rules";
import { validatePingOne } from "./common";

export const responseTypes: ResourceValidationPolicy = {
  name: "pingone-response-types",
  description: "The StackOne application's only response type is CODE.",
  severity: "high",
  validateResource: validatePingOne("Application", (props) => checkResponseTypes(props.responseTypes)),
};
