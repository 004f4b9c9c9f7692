// StackOne's PingOne connection, as an outside project writes it: the component from the npm package, nothing of
// the repository it comes from. `npm install` the two tarballs (package.json) and install the pingone plugin first.
import * as pulumi from "@pulumi/pulumi";
import * as stackone from "@stackone/pulumi-stackone";

const config = new pulumi.Config();

// The Worker app with the console guide's settings, its openid grant, its client secret, and the sign-in user's
// admin role (through the stack's own group). Every argument: docs/reference/stackone/WorkerApp.md.
const app = new stackone.pingone.WorkerApp("stackone", {
  environmentId: config.require("environmentId"),
  signInUsername: config.require("signInUsername"),
});

// What StackOne's PingOne connector asks for. The client secret is a Pulumi secret: `[secret]` unless
// `pulumi stack output clientSecret --show-secrets`, encrypted in state.
export const environmentId = app.environmentId;
export const clientId = app.clientId;
export const clientSecret = app.clientSecret;
