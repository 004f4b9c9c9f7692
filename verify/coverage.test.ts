/** Which of the sign-in user's assignments cover the environment, and what coverage each gives StackOne. */
import { describe, expect, it } from "vitest";
import { coveringRoles } from "./verify";

const ENV = "env-1";
const ORG = "org-1";
const names = {
  ea: "Environment Admin",
  ida: "Identity Data Admin",
  oa: "Organization Admin",
  cad: "Client Application Developer",
};
const ra = (role: keyof typeof names, type: string, id: string) => ({
  assignment: { id: `${role}-${type}`, role: { id: role }, scope: { id, type: type as never } },
  via: "directly",
});

describe("coveringRoles", () => {
  it("Environment Admin at the environment or the organization, Organization Admin at the organization: full", () => {
    expect(coveringRoles([ra("ea", "ENVIRONMENT", ENV)], names, ENV, ORG).map((f) => f.coverage)).toEqual(["full"]);
    expect(coveringRoles([ra("ea", "ORGANIZATION", ORG)], names, ENV, ORG).map((f) => f.coverage)).toEqual(["full"]);
    expect(coveringRoles([ra("oa", "ORGANIZATION", ORG)], names, ENV, ORG).map((f) => f.coverage)).toEqual(["full"]);
  });

  it("Identity Data Admin at the environment: identity-only", () => {
    expect(coveringRoles([ra("ida", "ENVIRONMENT", ENV)], names, ENV, ORG)).toEqual([
      {
        roleName: "Identity Data Admin",
        scope: { type: "ENVIRONMENT", id: ENV },
        via: "directly",
        coverage: "identity-only",
      },
    ]);
  });

  it("does not count another environment, another organization, a population, or a role the guide does not offer", () => {
    const held = [
      ra("ea", "ENVIRONMENT", "env-2"),
      ra("oa", "ORGANIZATION", "org-2"),
      ra("ida", "POPULATION", "pop-1"),
      ra("cad", "ENVIRONMENT", ENV),
    ];
    expect(coveringRoles(held, names, ENV, ORG)).toEqual([]);
  });
});
