import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkWorkerApplication } from "../rules";
import { optional, validatePingOne } from "./common";

export const workerApplication: ResourceValidationPolicy = {
  name: "pingone-worker-application",
  description: "The StackOne application is a PingOne OIDC Worker application (type WORKER, protocol OPENID_CONNECT).",
  severity: "high",
  validateResource: validatePingOne("Application", (props) =>
    checkWorkerApplication({ type: optional(props, "type"), protocol: optional(props, "protocol") }),
  ),
};
