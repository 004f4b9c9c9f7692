// The same connection from the plain `pingone` resources of @stackone/pulumi-pingone, for a program that wants its
// own arrangement: the Worker application with the console guide's settings, its client secret and its `openid`
// grant. (The sign-in user's admin role is left out here: `Group`, `GroupRoleAssignment` and `GroupMembership`, or
// `UserRoleAssignment`, give it — the component does it for you.) To run this variant, copy it over index.ts.
import * as pulumi from "@pulumi/pulumi";
import * as pingone from "@stackone/pulumi-pingone";

const config = new pulumi.Config();
const environmentId = config.require("environmentId");
const DAY = 86_400;

const app = new pingone.Application("stackone-app", {
  environmentId,
  name: "StackOne Integration",
  enabled: true,
  grantTypes: [pingone.GrantType.AuthorizationCode, pingone.GrantType.RefreshToken],
  responseTypes: [pingone.ResponseType.Code],
  pkceEnforcement: pingone.PkceEnforcement.Optional,
  refreshTokenType: pingone.RefreshTokenType.JsonWebToken,
  refreshTokenDuration: 30 * DAY,
  refreshTokenRollingDuration: 180 * DAY,
  redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
  allowWildcardInRedirectUris: false,
  tokenEndpointAuthMethod: pingone.TokenEndpointAuthMethod.ClientSecretPost,
  adminOnlyAccess: true,
});
const secret = new pingone.ApplicationSecret("stackone-secret", { environmentId, applicationId: app.applicationId });
new pingone.ResourceGrant("stackone-openid-grant", {
  environmentId,
  applicationId: app.applicationId,
  scopes: ["openid", "profile", "email"],
});

export { environmentId };
export const clientId = app.clientId;
export const clientSecret = secret.secret; // a secret output of the resource
