import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkAdminOnlyAccess } from "../rules";
import { validatePingOne } from "./common";

export const adminOnlyAccess: ResourceValidationPolicy = {
  name: "pingone-admin-only-access",
  description: "Only administrators may sign in to the StackOne application (Admin Only Access is on).",
  severity: "high",
  validateResource: validatePingOne("Application", (props) => checkAdminOnlyAccess(props.adminOnlyAccess)),
};
