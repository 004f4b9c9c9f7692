/**
 * The `stackone` package's name and its one type token: the StackOne Worker app component, `stackone:pingone:WorkerApp`
 * (stackoneWorkerApp.ts registers it; the stackone plugin, stackone/, constructs it for other languages).
 */
export const PACKAGE_NAME = "stackone";
export const MODULE_NAME = "pingone";

export function typeToken(name: string): string {
  return `${PACKAGE_NAME}:${MODULE_NAME}:${name}`;
}

export const COMPONENT_TYPE = typeToken("WorkerApp");
