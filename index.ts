/**
 * The stack program: reads the stack configuration (see docs/configuration.md), creates StackOne's PingOne Worker
 * application with everything around it, and exports what StackOne's connector asks for.
 *
 * PingOne credentials (`pingone:clientId`, `pingone:clientSecret`, … or `PINGONE_*`) are read by the resources'
 * providers at run time, never here.
 */
// First: starts the pingone plugin while the modules below load (see the module).
import { stackConfiguration } from "./start";
import * as fs from "fs";
// Not `@pulumi/pulumi` itself: its index loads far more than a program uses (see the module).
import { getStack, runError } from "./pulumiInternals";
import { StackOneWorkerApp } from "./components/stackoneWorkerApp";
import { parseStackConfig, StackConfigError, workerAppSettings, type StackConfig } from "./config";

/** A file (already resolved inside the project directory by the configuration's check), undefined when unreadable. */
function readFile(file: string): Uint8Array | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The validated stack configuration; every problem fails the program before any resource is registered. */
function readStackConfig(): StackConfig {
  const { config, secretKeys } = stackConfiguration();
  try {
    // The project directory is the program's working directory: Pulumi runs the program (and its providers) there.
    return parseStackConfig(config, {
      env: process.env,
      secretKeys,
      readFile,
      projectDir: process.cwd(),
      // `npm run local` derives the stack's configuration from the file the user edits, and names it here.
      settingsSource: { stack: getStack(), settingsFile: process.env.STACKONE_SETTINGS_FILE || undefined },
    });
  } catch (error) {
    if (error instanceof StackConfigError) throw runError(error.message);
    throw error;
  }
}

const worker = new StackOneWorkerApp("stackone", workerAppSettings(readStackConfig()));

/** The PingOne environment holding the application: StackOne's "Environment ID". */
export const environmentId = worker.environmentId;
/** StackOne's "Client ID". */
export const clientId = worker.clientId;
/** StackOne's "Client Secret" (secret: `pulumi stack output clientSecret --show-secrets`). */
export const clientSecret = worker.clientSecret;
export const applicationId = worker.applicationId;
/** The user who signs in during the StackOne connection, and the admin role they hold. */
export const signInUserId = worker.signInUserId;
/** The stack's own group that gives that user the admin role, and the group's role assignment. */
export const signInGroupId = worker.signInGroupId;
export const roleAssignmentId = worker.roleAssignmentId;
export const adminRole = worker.adminRole;
/** The environment's OAuth endpoints, for checking the connection by hand. */
export const authorizationUrl = worker.authorizationUrl;
export const tokenUrl = worker.tokenUrl;
/** `{ environmentId, clientId, clientSecret }`: the three values StackOne's PingOne connector asks for (secret). */
export const stackOneConnection = worker.stackOneConnection;
