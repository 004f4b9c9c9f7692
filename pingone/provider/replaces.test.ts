/**
 * The schema's replace-on-change properties (which the generated SDKs register as `replaceOnChanges`) are exactly
 * the properties whose change the adapters' Diff answers with a replacement: each input property of each type is
 * changed alone, from a recorded state, and the Diff's replacements are compared with the schema.
 */
import { describe, expect, it } from "vitest";
import schema from "./schema.json";
import { RESOURCE_TYPES, type Props } from "./resources";
import { guideApplicationInputs } from "./testing";

type PropertySpec = { type?: string; $ref?: string; items?: PropertySpec; replaceOnChanges?: boolean };
const resources = schema.resources as unknown as Record<
  string,
  { inputProperties: Record<string, PropertySpec>; properties: Record<string, PropertySpec> }
>;
const types = schema.types as unknown as Record<string, { enum?: { value: string }[] }>;

const ENV = "11111111-1111-4111-8111-111111111111";
const USER_KEYS = ["userId", "username", "email"];
const assignment = {
  assignmentId: "a-1",
  roleId: "r-1",
  resolvedScopeId: ENV,
  assignedScopeType: "ENVIRONMENT",
  assignedScopeId: ENV,
  adopted: false,
  readOnly: false,
};

/** A recorded state of each type (its outputs), from which one input at a time is changed. */
const STATES: Record<string, Props> = {
  Application: { ...guideApplicationInputs(ENV), applicationId: "app-1", clientId: "app-1", adopted: false },
  ApplicationSecret: { environmentId: ENV, applicationId: "app-1", secret: "s" },
  ResourceGrant: {
    environmentId: ENV,
    applicationId: "app-1",
    scopes: ["openid"],
    grantId: "g-1",
    resourceId: "res-1",
    scopeIds: ["s-1"],
  },
  UserRoleAssignment: {
    environmentId: ENV,
    username: "alice",
    roleName: "Environment Admin",
    scopeType: "ENVIRONMENT",
    resolvedUserId: "u-1",
    resolvedUsername: "alice",
    ...assignment,
  },
  Group: { environmentId: ENV, name: "sign-in users", description: "d", groupId: "grp-1" },
  GroupRoleAssignment: {
    environmentId: ENV,
    groupId: "grp-1",
    roleName: "Environment Admin",
    scopeType: "ENVIRONMENT",
    ...assignment,
  },
  GroupMembership: {
    environmentId: ENV,
    groupId: "grp-1",
    username: "alice",
    resolvedUserId: "u-1",
    resolvedUsername: "alice",
  },
};

/** Another value of the property's type than `old`. */
function changed(spec: PropertySpec, old: unknown): unknown {
  if (spec.$ref) {
    const t = types[spec.$ref.replace("#/types/", "")];
    if (t.enum) return t.enum.map((e) => e.value).find((v) => v !== old);
    return spec.$ref.endsWith("ApplicationIcon")
      ? { id: "img-1", href: "https://example.com/i.png" }
      : { type: "ANY_GROUP", groupIds: ["grp-9"] };
  }
  if (spec.type === "array") {
    // One element more, of a value the list does not hold (lists compare as sets).
    const list = (old as unknown[] | undefined) ?? [];
    const item = spec.items!.$ref
      ? types[spec.items!.$ref.replace("#/types/", "")].enum!.map((e) => e.value).find((v) => !list.includes(v))
      : "value-other";
    return [...list, item];
  }
  if (spec.type === "boolean") return !(old ?? false);
  if (spec.type === "integer") return ((old as number | undefined) ?? 60) + 1;
  return `${(old as string | undefined) ?? "value"}-other`;
}

/** The inputs a state was recorded for: its input properties. */
function inputsOf(token: string, state: Props): Props {
  return Object.fromEntries(
    Object.keys(resources[token].inputProperties)
      .filter((k) => state[k] !== undefined)
      .map((k) => [k, state[k]]),
  );
}

describe("replace-on-change: the schema says what the Diff does", () => {
  for (const [name, type] of Object.entries(RESOURCE_TYPES)) {
    it(name, () => {
      const token = `pingone:index:${name}`;
      const state = STATES[name];
      const base = inputsOf(token, state);
      expect(type.diff(state, base).changes, "the recorded inputs are no change").toEqual([]);
      const replacing: string[] = [];
      for (const [key, spec] of Object.entries(resources[token].inputProperties)) {
        // A user is named by exactly one of userId, username, email: another user, named the other way.
        const news = USER_KEYS.includes(key)
          ? {
              ...Object.fromEntries(Object.entries(base).filter(([k]) => !USER_KEYS.includes(k))),
              [key]: changed(spec, state[key]),
            }
          : { ...base, [key]: changed(spec, state[key]) };
        const diff = type.diff(state, news);
        expect(diff.changes, `${name}.${key} changed is a change`).toContain(key);
        if (diff.replaces.includes(key)) replacing.push(key);
      }
      const marked = Object.entries(resources[token].properties)
        .filter(([, p]) => p.replaceOnChanges)
        .map(([k]) => k);
      // adoptApplicationId replaces only when it names another application than the one held, which a schema cannot
      // say: it is not marked (adding the held application's own id is no replacement, below).
      expect(replacing.filter((k) => k !== "adoptApplicationId").sort()).toEqual(marked.sort());
    });
  }

  it("Application: adoptApplicationId naming the application already held is no replacement", () => {
    const state = STATES.Application;
    const diff = RESOURCE_TYPES.Application.diff(state, {
      ...inputsOf("pingone:index:Application", state),
      adoptApplicationId: state.applicationId,
    });
    expect(diff.replaces).toEqual([]);
  });
});
