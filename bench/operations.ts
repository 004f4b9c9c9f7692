/**
 * The operations the benchmark times, in the order it runs them on one stack, and the fewest PingOne requests each
 * one needs — with the reasoning, because a minimum is only as good as its argument.
 *
 * The stack holds six PingOne objects, one per resource of the StackOne component: the Worker application, its
 * client secret, the resource grant on `openid`, and the sign-in group with its admin role and the user as member.
 */

export type CliCommand = "up" | "preview" | "refresh" | "destroy";

export type OperationId = "first-up" | "noop-preview" | "noop-up" | "refresh" | "update" | "rotate" | "destroy";

export interface Minimum {
  /** Management API calls (`/v1/…`). */
  api: number;
  /** Token calls: one client-credentials token serves every call of one CLI command. */
  token: number;
  /** Longest chain of requests that must wait for one another, token included. */
  criticalPath: number;
  /** Why these numbers, one line per request or decision. */
  reasoning: readonly string[];
}

export interface Operation {
  id: OperationId;
  label: string;
  command: CliCommand;
  /** Flags beyond the common ones (`--yes --skip-preview` for changing commands, `--non-interactive`, …). */
  flags: readonly string[];
  /** The empty program runs the same command; this operation is compared with that run. */
  minimum: Minimum;
}

export const OPERATIONS: readonly Operation[] = [
  {
    id: "first-up",
    label: "first up",
    command: "up",
    flags: [],
    minimum: {
      api: 11,
      token: 1,
      criticalPath: 5,
      reasoning: [
        "token: 1 — one client-credentials token, cached in the pingone plugin's process (one process serves every" +
          " resource type for the whole command) and reused by every resource",
        "application: POST /applications — the 201 body carries the id (= client ID); no read-back needed",
        "secret: GET /applications/{id}/secret — the secret is never in the application body",
        "grant: GET /resources (find `openid` by name), GET /resources/{id}/scopes (names → ids), GET /grants (the" +
          " application may be adopted and already hold a grant for the resource: one grant per resource, and PingOne" +
          " is not documented to refuse a second one), POST /grants",
        "sign-in group: POST /groups — names are unique, so a group an interrupted run left is refused as a" +
          " duplicate and looked up only then; no list first",
        "its role: GET /roles (name → id), POST /groups/{id}/roleAssignments — an equal assignment already there is" +
          " refused with 400 UNIQUENESS_VIOLATION, so it is found after that answer and no list is needed first",
        "membership: GET /users?filter=username eq … , POST /users/{id}/memberOfGroups — a membership already there" +
          " is refused as a duplicate, so no list first",
        "critical path: token → POST application → GET resources → GET scopes → POST grant (5; the grant list runs" +
          " beside the resource lookups); the grant's inputs include the application id, so the engine creates it only" +
          " after the application; the secret (3 deep) and the sign-in access (token → POST group ∥ GET roles ∥ GET" +
          " user → POST role ∥ POST membership, 3 deep) run beside it",
      ],
    },
  },
  {
    id: "noop-preview",
    label: "no-op preview",
    command: "preview",
    flags: ["--expect-no-changes"],
    minimum: {
      api: 0,
      token: 0,
      criticalPath: 0,
      reasoning: [
        "none: the engine sends the plugin `Check` and `Diff` for each resource, and `Diff` compares the program's" +
          " inputs with the inputs in state, on the fields this program owns, without asking PingOne; `Read` runs" +
          " only on refresh, and a token is fetched only before the first API call",
      ],
    },
  },
  {
    id: "noop-up",
    label: "no-op up",
    command: "up",
    flags: ["--expect-no-changes"],
    minimum: {
      api: 0,
      token: 0,
      criticalPath: 0,
      reasoning: ["none: as for the no-op preview, every diff is empty, so no create, update or delete runs"],
    },
  },
  {
    id: "refresh",
    label: "refresh",
    command: "refresh",
    flags: ["--expect-no-changes"],
    minimum: {
      api: 6,
      token: 1,
      criticalPath: 2,
      reasoning: [
        "one read per resource: GET application, GET its secret, GET the application's grants (one list finds the" +
          " tracked grant and any other grant), GET the sign-in group, GET its role assignment, GET the membership",
        "the grant's scope names come from state: its scope ids are compared, no scope list is needed when they match",
        "token: 1, shared by the six reads",
        "critical path: token → the six reads, which the engine runs concurrently (2)",
      ],
    },
  },
  {
    id: "update",
    label: "update description",
    command: "up",
    flags: [],
    minimum: {
      api: 2,
      token: 1,
      criticalPath: 3,
      reasoning: [
        "GET /applications/{id}, then PUT it: PUT is a full replacement that clears every field left out, so the" +
          " fields this program does not own (set in the console, say) must be read first to be kept; the 200 body" +
          " of the PUT is the new state",
        "the inputs of the secret, the grant and the sign-in access do not change (the application id stays), so" +
          " they make no call",
        "critical path: token → GET → PUT (3)",
      ],
    },
  },
  {
    id: "rotate",
    label: "rotate secret",
    command: "up",
    flags: [],
    minimum: {
      api: 1,
      token: 1,
      criticalPath: 2,
      reasoning: [
        "POST /applications/{id}/secret: the 200 body holds the new secret, so no GET is needed after it",
        "critical path: token → POST (2)",
      ],
    },
  },
  {
    id: "destroy",
    label: "destroy",
    command: "destroy",
    flags: [],
    minimum: {
      api: 5,
      token: 1,
      criticalPath: 3,
      reasoning: [
        "DELETE the grant, DELETE the application, DELETE the membership, DELETE the group's role assignment, DELETE" +
          " the group",
        "the secret makes no call: it lives and dies with its application",
        "the grant, the membership and the group's role are deleted on their own although their application or group" +
          " follows: the plugin's `Delete` of one resource cannot know that its parent's comes next",
        "critical path: token → DELETE grant ∥ membership ∥ group role → DELETE application ∥ group (3); the" +
          " engine deletes dependents first",
      ],
    },
  },
];

/** Common flags: never prompt, no colour, and (for changing commands) no separate preview phase. */
export function commandArgs(operation: { command: CliCommand; flags: readonly string[] }, stack: string): string[] {
  const args: string[] = [operation.command, "--stack", stack, "--non-interactive", "--color", "never"];
  if (operation.command !== "preview") args.push("--yes", "--skip-preview");
  return [...args, ...operation.flags];
}
