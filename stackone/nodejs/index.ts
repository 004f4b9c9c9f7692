/**
 * @stackone/pulumi-stackone: the `stackone` Pulumi package for TypeScript and JavaScript programs. Its shape is the
 * generated SDKs' (module `pingone`, class `WorkerApp`, args `WorkerAppArgs`), but the component is built in-process:
 * this package is the component's own code (components/stackoneWorkerApp.ts), so a program constructs exactly what the
 * `stackone` plugin constructs for the other languages.
 */
import * as pingone from "./pingone";

export { pingone };
/** The component's TypeScript name, kept as an alias of `pingone.WorkerApp`. */
export { StackOneWorkerApp } from "../../components/stackoneWorkerApp";
export type { StackOneWorkerAppArgs } from "../../components/stackoneWorkerApp";
