import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkNoActorRoles, classifyResource, isApplicationRoleGrant } from "../rules";
import { optional } from "./common";

export const appHoldsNoRoles: ResourceValidationPolicy = {
  name: "pingone-app-holds-no-roles",
  description:
    "The StackOne application holds no roles: no resource assigns roles to an application, and the application " +
    "does not copy its creator's roles (assignActorRoles).",
  severity: "critical",
  validateResource: (args, reportViolation) => {
    if (isApplicationRoleGrant(args.type, args.props)) {
      reportViolation(
        `${args.type} assigns roles to an application; the StackOne app must hold no roles (its admin rights ` +
          `come from the signed-in user, and roles on the app make its client secret unreadable to admins who ` +
          `lack them)`,
      );
      return;
    }
    if (classifyResource(args.type, args.props) !== "Application") {
      args.notApplicable("applies to the PingOne Application resource and to application role assignments");
    }
    for (const message of checkNoActorRoles(optional(args.props, "assignActorRoles"))) reportViolation(message);
  },
};
