/**
 * `pingone:UserRoleAssignment` — a role held by a PingOne user. Any change replaces (the old assignment is removed
 * first: PingOne refuses two equal assignments). An equal-or-broader assignment the user already holds is adopted
 * (`adopted: true`) and left in place on destroy.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { UserRoleAssignmentInputs } from "../core/model";
import {
  UserRoleAssignmentState,
  createUserRoleAssignment,
  deleteUserRoleAssignment,
  diffUserRoleAssignment,
  readUserRoleAssignment,
  validateUserRoleAssignmentInputs,
} from "../core/userRoleAssignment";
import { PingOneProviderBase, checkResult, clean, diffResult, guarded, withoutProvider, registerProviderType } from "./provider";

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
