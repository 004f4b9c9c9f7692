import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkSignInUserRole } from "../rules";
import { validatePingOne } from "./common";

export const signInUserRole: ResourceValidationPolicy = {
  name: "pingone-sign-in-user-role",
  description:
    "The user who signs in during the StackOne connection holds one of the roles the integration guide allows: " +
    "Environment Admin (ENVIRONMENT or ORGANIZATION), Identity Data Admin (ENVIRONMENT), Organization Admin " +
    "(ORGANIZATION) — assigned to the user directly, or to the stack's sign-in group.",
  severity: "high",
  validateResource: validatePingOne(["UserRoleAssignment", "GroupRoleAssignment"], (props) =>
    checkSignInUserRole({ roleName: props.roleName, scopeType: props.scopeType }),
  ),
};
