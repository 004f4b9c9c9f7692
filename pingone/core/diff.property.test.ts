/** Invariants of the diffs, over generated inputs: reordering sets is never a change; any owned edit is one. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GRANT_TYPES, diffApplication, validateApplicationInputs } from "./application";
import type { ApplicationInputs, ApplicationOutputs } from "./model";
import { diffResourceGrant } from "./resourceGrant";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";

const uri = fc.webPath().map((p) => `https://app.example.com/${encodeURIComponent(p).replace(/[*]/g, "x")}`);
const inputsArb: fc.Arbitrary<ApplicationInputs> = fc.record({
  environmentId: fc.constant(ENV),
  name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
  enabled: fc.boolean(),
  grantTypes: fc.uniqueArray(fc.constantFrom(...GRANT_TYPES), { minLength: 1 }),
  responseTypes: fc.constantFrom(["CODE"], ["TOKEN"], ["ID_TOKEN"], ["TOKEN", "ID_TOKEN"], []) as fc.Arbitrary<
    ApplicationInputs["responseTypes"]
  >,
  pkceEnforcement: fc.constantFrom("OPTIONAL", "REQUIRED", "S256_REQUIRED"),
  refreshTokenType: fc.constantFrom("JSON_WEB_TOKEN", "OPAQUE_TOKEN"),
  refreshTokenDuration: fc.integer({ min: 60, max: 100000 }),
  refreshTokenRollingDuration: fc.integer({ min: 100000, max: 2147483647 }),
  redirectUris: fc.uniqueArray(uri, { maxLength: 5 }),
  allowWildcardInRedirectUris: fc.boolean(),
  tokenEndpointAuthMethod: fc.constantFrom("NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"),
  adminOnlyAccess: fc.constant(true),
  groupMembershipPolicy: fc.option(
    fc.record({
      type: fc.constantFrom("ANY_GROUP", "ALL_GROUPS"),
      groupIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 4 }),
    }),
    { nil: undefined },
  ),
}) as fc.Arbitrary<ApplicationInputs>;

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function recorded(i: ApplicationInputs): ApplicationOutputs {
  return { ...i, applicationId: APP, clientId: APP, adopted: false };
}

describe("diff invariants", () => {
  it("generated inputs are valid, and reordering every set field is no change", () => {
    fc.assert(
      fc.property(inputsArb, fc.nat(), (inputs, seed) => {
        expect(validateApplicationInputs(inputs as unknown as Record<string, unknown>)).toEqual([]);
        const reordered: ApplicationInputs = {
          ...inputs,
          grantTypes: shuffled(inputs.grantTypes, seed),
          responseTypes: shuffled(inputs.responseTypes, seed + 1),
          redirectUris: shuffled(inputs.redirectUris, seed + 2),
          groupMembershipPolicy: inputs.groupMembershipPolicy && {
            ...inputs.groupMembershipPolicy,
            groupIds: shuffled(inputs.groupMembershipPolicy.groupIds, seed + 3),
          },
        };
        expect(diffApplication(recorded(inputs), reordered)).toEqual({ changes: [], replaces: [] });
      }),
      { numRuns: 200 },
    );
  });

  it("adding a redirect URI is always an in-place change of redirectUris alone", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const extra = "https://new.example.com/callback";
        fc.pre(!inputs.redirectUris.includes(extra));
        expect(diffApplication(recorded(inputs), { ...inputs, redirectUris: [...inputs.redirectUris, extra] })).toEqual(
          {
            changes: ["redirectUris"],
            replaces: [],
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  it("grant scopes compare as sets", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("openid", "profile", "email", "address", "phone"), { minLength: 1 }),
        fc.nat(),
        (scopes, seed) => {
          const olds = { environmentId: ENV, applicationId: APP, scopes, grantId: "g", resourceId: "r", scopeIds: [] };
          expect(
            diffResourceGrant(olds, { environmentId: ENV, applicationId: APP, scopes: shuffled(scopes, seed) }),
          ).toEqual({
            changes: [],
            replaces: [],
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
