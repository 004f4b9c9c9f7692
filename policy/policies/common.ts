import type { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { classifyResource, PingOneKind, RESOURCE_TYPES } from "../rules";

/** A resource's inputs as the policy SDK hands them over (reading an unknown value throws during preview). */
export type Props = Record<string, unknown>;

/** The value of an optional input, read only when it is present. */
export function optional(props: Props, key: string): unknown {
  return key in props ? props[key] : undefined;
}

/**
 * A validation for one kind of this project's PingOne resources: other resources are reported as not applicable,
 * and every message `check` returns becomes one violation.
 */
export function validatePingOne(
  kinds: PingOneKind | readonly PingOneKind[],
  check: (props: Props, args: ResourceValidationArgs) => string[],
): ResourceValidation {
  const applies: readonly PingOneKind[] = typeof kinds === "string" ? [kinds] : kinds;
  return (args, reportViolation) => {
    const kind = classifyResource(args.type, args.props);
    if (kind === undefined || !applies.includes(kind)) {
      args.notApplicable(
        `applies only to the PingOne ${applies.join(" and ")} resource${applies.length > 1 ? "s" : ""} (${applies.map((k) => RESOURCE_TYPES[k]).join(", ")})`,
      );
    }
    for (const message of check(args.props, args)) reportViolation(message);
  };
}
