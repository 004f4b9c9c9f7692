/**
 * The StackOne PingOne policy pack: guardrails every preview and update of this project runs through
 * (`pulumi preview --policy-pack policy`). Every policy is mandatory: a violation stops the operation.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("stackone-pingone", {
  description: "Guardrails for the PingOne Worker application that the StackOne integration signs in with.",
  enforcementLevel: "mandatory",
  policies,
});
