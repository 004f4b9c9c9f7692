/** Each check of `verify`: its title, the StackOne symptom it prevents, and what fixes it (docs/troubleshooting.md). */
export const CHECKS = {
  tokenEndpoint: {
    id: "token-endpoint",
    title: "Token endpoint accepts the client (Client Secret Post)",
    prevents: "StackOne's connection fails right after sign-in with invalid_client",
    fix: "Copy the client secret again from the application's Configuration tab, and set Token Endpoint Authentication Method to Client Secret Post",
  },
  authorizeEndpoint: {
    id: "authorize-endpoint",
    title: "Authorization endpoint accepts StackOne's request",
    prevents: "StackOne's Connect button lands on a PingOne error page instead of the sign-on page",
    fix: "Make the application's Redirect URIs hold StackOne's callback exactly, its Response Type Code, and grant the requested scopes on the Resources tab",
  },
  application: {
    id: "application",
    title: "Application is an enabled OIDC Worker app",
    prevents: "PingOne refuses StackOne's sign-in: a disabled application fails the OAuth flow",
    fix:
      "Enable the application (the toggle on its page), or run `pulumi up --refresh`: it switches a disabled application on, and " +
      "replaces one that is no longer an OIDC Worker (PingOne cannot change a type in place) with a new Worker application " +
      "(new client ID and secret, in the stack's outputs)",
  },
  applicationSettings: {
    id: "application-settings",
    title: "Application has exactly the guide's settings",
    prevents:
      "the connection breaks on the drifted setting (redirect refused, invalid_client, refresh tokens expiring early)",
    fix: "Run `pulumi up` to restore the guide's settings, or correct them on the application's Configuration tab",
  },
  applicationRoles: {
    id: "application-roles",
    title: "Application holds no roles",
    prevents:
      "admins without the application's roles get 403 reading its client secret (its roles never reach StackOne's tokens)",
    fix: "Remove every role on the application's Roles tab: its admin rights come from the sign-in user",
  },
  signInUser: {
    id: "sign-in-user",
    title: "Sign-in user exists and is enabled",
    prevents: "the person connecting StackOne cannot sign in",
    fix: "Name an existing, enabled user of the environment (stackone:signInUsername / --sign-in-username)",
  },
  signInUserRole: {
    id: "sign-in-user-role",
    title: "Sign-in user holds one of the guide's admin roles",
    prevents: "the 403 trap: the connection succeeds, then every StackOne API call answers 403",
    fix: "Give the user Environment Admin or Identity Data Admin on the environment (or Organization Admin on the organization): `pulumi up --refresh` puts the user back in the stack's sign-in group and the role back on it; or the user's Roles tab in the console",
  },
  signInFlow: {
    id: "connection-sign-in",
    title: "Signing in as the sign-in user returns a code to StackOne",
    prevents: "StackOne's sign-in ends in access_denied (Admin Only Access, group membership policy)",
    fix: "Give the user an admin role, and add the user to the application's required groups (or lift the group restriction)",
  },
  codeExchange: {
    id: "connection-token",
    title: "The code is exchanged for the user's tokens (Client Secret Post)",
    prevents: "StackOne's connection fails after sign-in (invalid_client, invalid_grant)",
    fix: "Check the client secret and the Token Endpoint Authentication Method (Client Secret Post)",
  },
  userApiCall: {
    id: "connection-api-call",
    title: "The user's token lists users (200)",
    prevents: "the 403 trap: StackOne's API calls answer 403",
    fix: "Grant the sign-in user Environment Admin or Identity Data Admin on the environment",
  },
  refresh: {
    id: "connection-refresh",
    title: "The refresh token renews the session",
    prevents: "StackOne's connection drops when its access token expires",
    fix: "Give the application the Refresh Token grant type (JWT refresh tokens, 30 days, rolling 180 days)",
  },
} as const;

export type CheckId = keyof typeof CHECKS;
