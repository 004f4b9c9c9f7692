// The SDK's modules rather than its index: `@pulumi/pulumi` itself also loads the Automation API and, with it, the
// closure serializer — about 0.4 s of CPU on every command that runs the program (docs/performance.md).
import type * as pulumi from "@pulumi/pulumi";
import { RunError } from "@pulumi/pulumi/errors";
import { all, Output, output, secret } from "@pulumi/pulumi/output";
import { ComponentResource } from "@pulumi/pulumi/resource";
import type { GroupMembershipPolicyType, PkceEnforcement, RegionCode } from "../pingone/guide";
import type { GroupRoleAssignmentOutputs, RoleName } from "../pingone/core/model";
import {
  Application,
  ApplicationSecret,
  Group,
  GroupMembership,
  GroupRoleAssignment,
  ResourceGrant,
} from "@stackone/pulumi-pingone";
import { COMPONENT_TYPE } from "./tokens";
import {
  planWorkerApp,
  WorkerAppSettingsError,
  type AdminRole,
  type WorkerAppPlan,
  type WorkerAppSettings,
} from "./workerAppPlan";

export type { AdminRole } from "./workerAppPlan";

/** Arguments of {@link StackOneWorkerApp}. Every optional argument defaults to the console guide's value. */
export interface StackOneWorkerAppArgs {
  /** The PingOne environment that holds the application and the user who signs in (a UUID). */
  readonly environmentId: pulumi.Input<string>;
  /** The application's name. Default "StackOne Integration". */
  readonly appName?: pulumi.Input<string>;
  /** The application's description. Default none. */
  readonly description?: pulumi.Input<string>;
  /** A PNG, JPEG or GIF of at most 1 MB, relative to the project directory, uploaded as the application's icon. */
  readonly iconPath?: pulumi.Input<string>;
  /** Whether the application is enabled. Default true; a disabled application fails StackOne's sign-in. */
  readonly enabled?: pulumi.Input<boolean>;
  /** The one redirect URI, matched exactly. Default StackOne's callback, https://api.stackone.com/connect/oauth2/pingone/callback. */
  readonly redirectUri?: pulumi.Input<string>;
  /** PKCE enforcement. Default OPTIONAL. */
  readonly pkceEnforcement?: pulumi.Input<PkceEnforcement>;
  /** Refresh token duration in whole days, at most the rolling duration. Default 30. */
  readonly refreshTokenDurationDays?: pulumi.Input<number>;
  /** Refresh token rolling duration in whole days. Default 180. */
  readonly refreshTokenRollingDurationDays?: pulumi.Input<number>;
  /** Refresh token rolling grace period in seconds (0 to 86400). Default PingOne's (left unset). */
  readonly refreshTokenRollingGracePeriodSeconds?: pulumi.Input<number>;
  /** Group ids whose members may use the application. Default none: no group restriction. */
  readonly groups?: pulumi.Input<pulumi.Input<string>[]>;
  /** With `groups`: membership of ANY_GROUP (default) or ALL_GROUPS. */
  readonly groupPolicy?: pulumi.Input<GroupMembershipPolicyType>;
  /** Scopes of the `openid` resource granted to the application. Default ["openid", "profile", "email"]. */
  readonly scopes?: pulumi.Input<pulumi.Input<string>[]>;
  /** The admin role of the user who signs in during the StackOne connection. Default "EnvironmentAdmin". */
  readonly adminRole?: pulumi.Input<AdminRole>;
  /** Username of the user who signs in during the StackOne connection. Exactly one of this and `signInUserId`. */
  readonly signInUsername?: pulumi.Input<string>;
  /** Id of the user who signs in during the StackOne connection. Exactly one of this and `signInUsername`. */
  readonly signInUserId?: pulumi.Input<string>;
  /**
   * The stack's own group that gives the sign-in user the admin role (the user is made its member). Default
   * "<appName> sign-in users". Unique in the environment, like the application's name.
   */
  readonly signInGroupName?: pulumi.Input<string>;
  /** Rotates the client secret whenever `trigger` changes; `keepPreviousForSeconds` keeps the old one valid a while. */
  readonly secretRotation?: pulumi.Input<SecretRotationArgs>;
  /** Take over this existing OIDC Worker application instead of creating one; destroy then deletes it. */
  readonly adoptApplicationId?: pulumi.Input<string>;
  /** The environment's PingOne region, for the OAuth endpoint outputs: NA (default), EU, AP, AU, CA, SG. */
  readonly regionCode?: pulumi.Input<RegionCode>;
  /** Overrides the region's auth base URL (custom domain, local emulator), e.g. https://auth.example.com. */
  readonly authUrl?: pulumi.Input<string>;
  /**
   * Sets Pulumi's `protect` option on every child: the application, its client secret, its grant, and the sign-in
   * group, its role and the user's membership, so no `up` or `destroy` deletes any part of StackOne's connection
   * until it is turned off (recommended for production). All of them: a destroy refused for the application alone
   * would still remove the grant and the user's role, and StackOne would get 403. Default false. A plain value:
   * resource options must be known when the component is constructed.
   */
  readonly protect?: boolean;
}

/** Rotation of the client secret (`secretRotation`). */
export interface SecretRotationArgs {
  /** Any text; changing it rotates the client secret on the next update. */
  readonly trigger: pulumi.Input<string>;
  /** Keep the previous secret valid this many seconds after a rotation (60 to 2592000); omitted: it stops at once. */
  readonly keepPreviousForSeconds?: pulumi.Input<number>;
}

/** The three values StackOne's PingOne connector profile asks for. */
export interface StackOneConnection {
  /** StackOne's "Environment ID": the environment holding the application. */
  environmentId: string;
  /** StackOne's "Client ID": the application's id. */
  clientId: string;
  /** StackOne's "Client Secret". */
  clientSecret: string;
}

/**
 * PingOne's console guide for a StackOne connection as one component: an OIDC Worker application set up the way
 * StackOne's connector expects, its `openid` scopes, its revealed client secret, and the admin role of the user
 * who signs in while connecting, given through a group of the stack's own.
 */
export class StackOneWorkerApp extends ComponentResource {
  /** The PingOne environment holding the application. */
  public readonly environmentId: pulumi.Output<string>;
  /** The application's OAuth client ID (its application id). */
  public readonly clientId: pulumi.Output<string>;
  /** The application's client secret, a Pulumi secret. */
  public readonly clientSecret: pulumi.Output<string>;
  /** The application's id. */
  public readonly applicationId: pulumi.Output<string>;
  /** The id of the user who signs in during the StackOne connection. */
  public readonly signInUserId: pulumi.Output<string>;
  /** The id of the stack's own group that gives that user the admin role. */
  public readonly signInGroupId: pulumi.Output<string>;
  /** The id of that group's admin role assignment. */
  public readonly roleAssignmentId: pulumi.Output<string>;
  /** The admin role in the guide's words. */
  public readonly adminRole: pulumi.Output<AdminRole>;
  /** The admin role in PingOne's words, e.g. "Environment Admin". */
  public readonly adminRoleName: pulumi.Output<RoleName>;
  /** The scope of the assignment that grants it (broader than asked when the group already held it more broadly). */
  public readonly adminScopeType: pulumi.Output<GroupRoleAssignmentOutputs["assignedScopeType"]>;
  /** The scopes granted on the `openid` resource. */
  public readonly scopes: pulumi.Output<string[]>;
  /** The environment's OAuth authorization endpoint. */
  public readonly authorizationUrl: pulumi.Output<string>;
  /** The environment's OAuth token endpoint. */
  public readonly tokenUrl: pulumi.Output<string>;
  /** What StackOne's connector profile asks for, as one secret object. */
  public readonly stackOneConnection: pulumi.Output<StackOneConnection>;

  /** The Worker application. */
  public readonly application: Application;
  /** Its client secret. */
  public readonly secret: ApplicationSecret;
  /** Its grant of `openid` scopes. */
  public readonly openidGrant: ResourceGrant;
  /**
   * The stack's own group, which holds the admin role, with the sign-in user as its member: the stack creates and
   * deletes exactly these three, so no other stack's or person's role assignment is ever touched (README).
   */
  public readonly signInGroup: Group;
  public readonly signInGroupRole: GroupRoleAssignment;
  public readonly signInMembership: GroupMembership;

  constructor(name: string, args: StackOneWorkerAppArgs, opts?: pulumi.ComponentResourceOptions) {
    // Arguments known now (plain values, the usual case) are checked before anything registers, so a bad value
    // fails the program with one clear message; arguments that are outputs are checked once they resolve.
    const owner = `StackOneWorkerApp "${name}"`;
    const known = isKnownNow(args) ? planOrThrow(args as WorkerAppSettings, owner) : undefined;
    super(COMPONENT_TYPE, name, {}, opts);
    const plan: pulumi.Output<WorkerAppPlan> =
      known !== undefined
        ? output(known)
        : output(args).apply((settings) => planOrThrow(settings as WorkerAppSettings, owner));
    const options = (): pulumi.CustomResourceOptions => ({ parent: this, ...protectedOption(args.protect) });

    this.application = newApplication(`${name}-app`, plan, options());
    // The resource id, not the `applicationId` output: the engine keeps an id known while an update is previewed,
    // whereas every output of a resource being updated is unknown then, which would make the secret and the grant
    // look replaced in a preview and break `up --plan` whenever the application changes.
    const applicationId = this.application.id;
    this.secret = newSecret(`${name}-secret`, plan, applicationId, options());
    this.openidGrant = newOpenidGrant(`${name}-openid-grant`, plan, applicationId, options());

    this.signInGroup = newSignInGroup(`${name}-signin-group`, plan, options());
    // The group's id, not its `groupId` output, for the reason given for the application's above.
    const groupId = this.signInGroup.id;
    this.signInGroupRole = newSignInGroupRole(`${name}-signin-group-role`, plan, groupId, options());
    this.signInMembership = newSignInMembership(`${name}-signin-membership`, plan, groupId, options());

    this.environmentId = output(args.environmentId);
    this.clientId = applicationId; // the client ID is the application id
    this.applicationId = applicationId;
    this.clientSecret = secret(this.secret.secret);
    this.signInUserId = this.signInMembership.resolvedUserId;
    this.signInGroupId = groupId;
    this.roleAssignmentId = this.signInGroupRole.assignmentId;
    this.adminRole = plan.adminRole;
    this.adminRoleName = this.signInGroupRole.roleName;
    this.adminScopeType = this.signInGroupRole.assignedScopeType;
    this.scopes = this.openidGrant.scopes;
    this.authorizationUrl = plan.authorizationUrl;
    this.tokenUrl = plan.tokenUrl;
    this.stackOneConnection = secret(
      all([this.environmentId, this.clientId, this.clientSecret]).apply(
        ([environmentId, clientId, clientSecret]): StackOneConnection => ({ environmentId, clientId, clientSecret }),
      ),
    );

    this.registerOutputs({
      environmentId: this.environmentId,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      applicationId: this.applicationId,
      signInUserId: this.signInUserId,
      signInGroupId: this.signInGroupId,
      roleAssignmentId: this.roleAssignmentId,
      adminRole: this.adminRole,
      adminRoleName: this.adminRoleName,
      adminScopeType: this.adminScopeType,
      scopes: this.scopes,
      authorizationUrl: this.authorizationUrl,
      tokenUrl: this.tokenUrl,
      stackOneConnection: this.stackOneConnection,
    });
  }
}

/** The plan of every child, known once the arguments resolve. */
type Plan = pulumi.Output<WorkerAppPlan>;

/** The Worker application, every input from the plan. */
function newApplication(name: string, plan: Plan, options: pulumi.CustomResourceOptions): Application {
  const app = <K extends keyof WorkerAppPlan["application"]>(key: K) => plan.apply((p) => p.application[key]);
  return new Application(
    name,
    {
      environmentId: app("environmentId"),
      name: app("name"),
      description: app("description") as pulumi.Input<string>,
      icon: app("icon") as pulumi.Input<NonNullable<WorkerAppPlan["application"]["icon"]>>,
      enabled: app("enabled"),
      grantTypes: app("grantTypes"),
      responseTypes: app("responseTypes"),
      pkceEnforcement: app("pkceEnforcement"),
      refreshTokenType: app("refreshTokenType"),
      refreshTokenDuration: app("refreshTokenDuration"),
      refreshTokenRollingDuration: app("refreshTokenRollingDuration"),
      refreshTokenRollingGracePeriodDuration: app("refreshTokenRollingGracePeriodDuration") as pulumi.Input<number>,
      redirectUris: app("redirectUris"),
      allowWildcardInRedirectUris: app("allowWildcardInRedirectUris"),
      tokenEndpointAuthMethod: app("tokenEndpointAuthMethod"),
      adminOnlyAccess: app("adminOnlyAccess"),
      groupMembershipPolicy: app("groupMembershipPolicy") as pulumi.Input<
        NonNullable<WorkerAppPlan["application"]["groupMembershipPolicy"]>
      >,
      adoptApplicationId: app("adoptApplicationId") as pulumi.Input<string>,
    },
    options,
  );
}

/** The application's client secret. */
function newSecret(
  name: string,
  plan: Plan,
  applicationId: pulumi.Input<string>,
  options: pulumi.CustomResourceOptions,
): ApplicationSecret {
  const { secret: s } = plan;
  return new ApplicationSecret(
    name,
    {
      environmentId: s.environmentId,
      applicationId,
      rotationTrigger: s.rotationTrigger as pulumi.Input<string>,
      previousSecretOverlapSeconds: s.previousSecretOverlapSeconds as pulumi.Input<number>,
    },
    options,
  );
}

/** The application's grant of `openid` scopes. */
function newOpenidGrant(
  name: string,
  plan: Plan,
  applicationId: pulumi.Input<string>,
  options: pulumi.CustomResourceOptions,
): ResourceGrant {
  const { openidGrant: g } = plan;
  return new ResourceGrant(
    name,
    {
      environmentId: g.environmentId,
      applicationId,
      resourceName: g.resourceName as pulumi.Input<string>,
      scopes: g.scopes,
      removeOtherGrants: g.removeOtherGrants as pulumi.Input<boolean>,
    },
    options,
  );
}

/** The stack's own group, which holds the admin role. */
function newSignInGroup(name: string, plan: Plan, options: pulumi.CustomResourceOptions): Group {
  const { signInGroup: g } = plan;
  const description = g.description as pulumi.Input<string>;
  return new Group(name, { environmentId: g.environmentId, name: g.name, description }, options);
}

/** The group's admin role. */
function newSignInGroupRole(
  name: string,
  plan: Plan,
  groupId: pulumi.Input<string>,
  options: pulumi.CustomResourceOptions,
): GroupRoleAssignment {
  const { signInGroupRole: r } = plan;
  const role = { roleName: r.roleName, scopeType: r.scopeType };
  return new GroupRoleAssignment(name, { environmentId: r.environmentId, groupId, ...role }, options);
}

/** The sign-in user's membership of the group. */
function newSignInMembership(
  name: string,
  plan: Plan,
  groupId: pulumi.Input<string>,
  options: pulumi.CustomResourceOptions,
): GroupMembership {
  const { signInMembership: m } = plan;
  const user = { userId: m.userId as pulumi.Input<string>, username: m.username as pulumi.Input<string> };
  return new GroupMembership(name, { environmentId: m.environmentId, groupId, ...user }, options);
}

/** `protect: true` for every child StackOne's connection depends on, when asked; else nothing (inherited). */
function protectedOption(protect: boolean | undefined): { protect?: true } {
  return protect === true ? { protect: true } : {};
}

/** The plan, or a `RunError` (reported without a stack trace) listing every problem. */
function planOrThrow(settings: WorkerAppSettings, owner: string): WorkerAppPlan {
  try {
    return planWorkerApp(settings, owner);
  } catch (error) {
    if (error instanceof WorkerAppSettingsError) throw new RunError(error.message);
    throw error;
  }
}

/** True when `value` holds no output or promise at any depth: it can be checked synchronously. */
function isKnownNow(value: unknown): boolean {
  if (Output.isInstance(value)) return false;
  if (value !== null && typeof value === "object") {
    if (typeof (value as { then?: unknown }).then === "function") return false;
    return Object.values(value as Record<string, unknown>).every(isKnownNow);
  }
  return true;
}
