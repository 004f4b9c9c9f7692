/**
 * What `verify` checks: one StackOne connection — the environment, the application's client credentials, the user
 * who signs in — plus the provisioner's credentials to look at the configuration through the Management API. A plain
 * object, so any source can build it: the CLI's flags today, a stack's outputs and `pingone:*` config later.
 */
import type { PingOneClientOptions } from "../pingone/client";
import type { WorkerAppSettings } from "../components/workerAppPlan";

/** The stack settings that change what the guide expects of the application and the sign-in user. */
export type ExpectedSettings = Partial<
  Pick<
    WorkerAppSettings,
    | "redirectUri"
    | "pkceEnforcement"
    | "refreshTokenDurationDays"
    | "refreshTokenRollingDurationDays"
    | "refreshTokenRollingGracePeriodSeconds"
    | "groups"
    | "groupPolicy"
    | "scopes"
    | "adminRole"
    | "enabled"
  >
>;

export interface VerifyTarget {
  /** The PingOne environment StackOne connects to: it holds the application and the sign-in user. */
  environmentId: string;
  /** The application's client ID (its application id). */
  clientId: string;
  /** The application's client secret. Never printed. */
  clientSecret: string;
  /** The user who signs in during the StackOne connection. */
  signIn: { username: string } | { userId: string };
  /**
   * The sign-in user's password for the simulated connection, which runs against the local emulator (default: the
   * password the emulator publishes for the user). PingOne's hosted sign-on is interactive, so against a real tenant
   * the simulation is skipped and says why; every other check needs no password. Never printed.
   */
  signInPassword?: string;
  /** The provisioner's own credentials, for the Management API (as `resolveClientOptions` returns them). */
  provisioner: PingOneClientOptions;
  /** What the stack configured, where it differs from the guide's defaults. */
  settings?: ExpectedSettings;
}

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** The StackOne symptom this check prevents. */
  prevents: string;
  /** What to do when it fails. */
  fix?: string;
}

/** How much of StackOne's API the sign-in user's role reaches. */
export type RoleCoverage = "full" | "identity-only" | "none" | "unknown";

export interface VerifyReport {
  ok: boolean;
  environmentId: string;
  clientId: string;
  signIn: { username?: string; userId?: string };
  coverage: RoleCoverage;
  /** Whether the simulated connection (sign in, code exchange, user's API call, refresh) ran. */
  simulated: boolean;
  checks: CheckResult[];
}
