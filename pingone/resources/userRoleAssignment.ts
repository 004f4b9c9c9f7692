/**
 * `pingone:UserRoleAssignment` — a role held by a PingOne user. Any change replaces (the old assignment is removed
 * first: PingOne refuses two equal assignments). An equal-or-broader assignment the user already holds is adopted
 * (`adopted: true`) and left in place on destroy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RoleName, UserRoleAssignmentInputs } from "../core/model";
import {
  UserRoleAssignmentState,
  createUserRoleAssignment,
  deleteUserRoleAssignment,
  diffUserRoleAssignment,
  readUserRoleAssignment,
  validateUserRoleAssignmentInputs,
} from "../core/userRoleAssignment";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, TYPE_KEY, pingOneResourcesProvider, registerProviderType } from "./provider";

function inputsOf(out: UserRoleAssignmentState): UserRoleAssignmentInputs {
  const inputs: UserRoleAssignmentInputs = { environmentId: out.environmentId, roleName: out.roleName, scopeType: out.scopeType };
  for (const k of ["userId", "username", "email", "scopeId"] as const) if (out[k] !== undefined) inputs[k] = out[k];
  return inputs;
}

/** The dynamic provider of `UserRoleAssignment`. Holds no credentials until `configure` runs in the provider process. */
export class UserRoleAssignmentProvider extends PingOneProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: UserRoleAssignmentInputs, news: UserRoleAssignmentInputs): Promise<pulumi.dynamic.CheckResult<UserRoleAssignmentInputs>> {
    return checkResult(news, validateUserRoleAssignmentInputs(withoutProvider(news) as unknown as Record<string, unknown>));
  }

  async diff(_id: string, olds: UserRoleAssignmentState, news: UserRoleAssignmentInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffResult(diffUserRoleAssignment(olds, news), true);
  }

  async create(inputs: UserRoleAssignmentInputs): Promise<pulumi.dynamic.CreateResult<UserRoleAssignmentState>> {
    return guarded(async () => {
      const out = await createUserRoleAssignment(this.api(), withoutProvider(inputs));
      return { id: out.assignmentId, outs: clean(out) };
    });
  }

  async read(id: string, props: UserRoleAssignmentState): Promise<pulumi.dynamic.ReadResult<UserRoleAssignmentState>> {
    return guarded(async () => {
      const out = await readUserRoleAssignment(this.api(), id, withoutProvider(props));
      if (!out) return {};
      return { id, props: clean(out), inputs: clean(inputsOf(out)) as UserRoleAssignmentState };
    });
  }

  async delete(id: string, props: UserRoleAssignmentState): Promise<void> {
    return guarded(async () => {
      await deleteUserRoleAssignment(this.api(), id, withoutProvider(props));
    });
  }
}

registerProviderType("UserRoleAssignment", UserRoleAssignmentProvider);

export interface UserRoleAssignmentArgs {
  /** The environment the user lives in. */
  readonly environmentId: pulumi.Input<string>;
  /** Exactly one of userId, username, email identifies the user. */
  readonly userId?: pulumi.Input<string>;
  readonly username?: pulumi.Input<string>;
  /** Must match exactly one user. */
  readonly email?: pulumi.Input<string>;
  readonly roleName: pulumi.Input<RoleName>;
  readonly scopeType: pulumi.Input<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  /** Defaults: ENVIRONMENT → environmentId; ORGANIZATION → the environment's organization. Required for POPULATION. */
  readonly scopeId?: pulumi.Input<string>;
}


/** A user's role assignment. Type `pulumi-nodejs:dynamic/pingone:UserRoleAssignment`. */
export class UserRoleAssignment extends pulumi.dynamic.Resource {
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string | undefined>;
  declare readonly username: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly roleName: pulumi.Output<RoleName>;
  declare readonly scopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly scopeId: pulumi.Output<string | undefined>;
  declare readonly assignmentId: pulumi.Output<string>;
  declare readonly resolvedUserId: pulumi.Output<string>;
  declare readonly roleId: pulumi.Output<string>;
  declare readonly resolvedScopeId: pulumi.Output<string>;
  declare readonly assignedScopeType: pulumi.Output<"ORGANIZATION" | "ENVIRONMENT" | "POPULATION">;
  declare readonly assignedScopeId: pulumi.Output<string>;
  /** The user's username, however the user was named. */
  declare readonly resolvedUsername: pulumi.Output<string>;
  /** True when an existing equal-or-broader assignment was adopted: destroy then leaves it in place. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly readOnly: pulumi.Output<boolean>;

  constructor(name: string, args: UserRoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      userId: undefined,
      username: undefined,
      email: undefined,
      scopeId: undefined,
      ...args,
      assignmentId: undefined,
      resolvedUserId: undefined,
      roleId: undefined,
      resolvedScopeId: undefined,
      assignedScopeType: undefined,
      assignedScopeId: undefined,
      resolvedUsername: undefined,
      adopted: undefined,
      readOnly: undefined,
    };
    super(
      pingOneResourcesProvider(),
      name,
      { ...props, [TYPE_KEY]: "UserRoleAssignment" }, opts, "pingone", "UserRoleAssignment");
  }
}
