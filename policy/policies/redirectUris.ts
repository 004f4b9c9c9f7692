import type { ResourceValidationPolicy } from "@pulumi/policy";
import { STACKONE_REDIRECT_URI } from "../../pingone/guide";
import { checkRedirectUris, resolveRedirectUriConfig } from "../rules";
import { validatePingOne } from "./common";

export const redirectUris: ResourceValidationPolicy = {
  name: "pingone-redirect-uris",
  description:
    "The StackOne application's redirect URIs are exactly the allowed list (default: the StackOne callback), " +
    "with no wildcard, and allowWildcardInRedirectUris is false.",
  severity: "critical",
  configSchema: {
    properties: {
      allowedRedirectUris: {
        type: "array",
        items: { type: "string" },
        minItems: 1,
        default: [STACKONE_REDIRECT_URI],
        description: "The exact redirect URIs the application must have.",
      },
    },
  },
  validateResource: validatePingOne("Application", (props, args) =>
    checkRedirectUris(
      { redirectUris: props.redirectUris, allowWildcardInRedirectUris: props.allowWildcardInRedirectUris },
      resolveRedirectUriConfig(args.getConfig<Record<string, unknown>>()),
    ),
  ),
};
