import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkSignInUserRole } from "../rules";
import { validatePingOne } from "./common";

export const signInUserRole: ResourceValidationPolicy = {
  name: "pingone-sign-in-user-role",
  description:
    "The user who signs in during the StackOne connection holds one of the roles the integration guide allows: " +
    "Environment Admin (ENVIRONMENT or ORGANIZATION), Identity Data Admin (ENVIRONMENT), Organization Admin " +
    "(ORGANIZATION).",
  severity: "high",
  validateResource: validatePingOne("UserRoleAssignment", (props) =>
    checkSignInUserRole({ roleName: props.roleName, scopeType: props.scopeType }),
  ),
};
