/** The `pingone` module of the `stackone` package: its one resource, the component `stackone:pingone:WorkerApp`. */
export { StackOneWorkerApp as WorkerApp } from "../../components/stackoneWorkerApp";
export type {
  AdminRole,
  SecretRotationArgs,
  StackOneConnection,
  StackOneWorkerAppArgs as WorkerAppArgs,
} from "../../components/stackoneWorkerApp";
export type { GroupMembershipPolicyType, PkceEnforcement, RegionCode } from "../../pingone/client/types";
