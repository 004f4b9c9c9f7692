/** `verify`: the StackOne connection checked before StackOne tries it (library; the CLI is ./cli.ts). */
export * from "./target";
export { runVerify, expectedPlan, authBaseUrl, coveringRoles } from "./verify";
export type { VerifyOptions } from "./verify";
export { formatReport, formatCheck } from "./report";
export { CHECKS } from "./symptoms";
export { parseArgs, verifyAndReport, UsageError, USAGE } from "./cli";
