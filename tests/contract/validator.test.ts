import { beforeAll, describe, expect, it } from "vitest";
import type { Exchange } from "../../emulator/types";
import { expectNoContractViolations } from "./validated-emulator";
import { contractAvailable, contractValidator, formatViolation, type ContractValidator } from "./validator";

// These tests are of the validator itself: without PingOne's description there is nothing to test (the run says so
// once, from tests/contract/setup.ts).
let validator: ContractValidator;
beforeAll(async () => {
  if (contractAvailable()) validator = await contractValidator();
});

const env = "4f1b6e3c-0000-4000-8000-000000000001";
const goodApp = {
  name: "StackOne Integration",
  type: "WORKER",
  protocol: "OPENID_CONNECT",
  enabled: true,
  tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
  grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
  responseTypes: ["CODE"],
  redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
};
function exchange(over: Partial<Exchange>): Exchange {
  return {
    method: "POST",
    path: `/v1/environments/${env}/applications`,
    status: 201,
    query: "",
    requestHeaders: { "content-type": "application/json" },
    requestBody: goodApp,
    responseHeaders: {},
    responseBody: { ...goodApp, id: "a1", environment: { id: env } },
    ...over,
  };
}

describe.skipIf(!contractAvailable())("contract validator", () => {
  it("accepts a well-formed create application exchange", () => {
    expect(validator.check(exchange({}))).toEqual([]);
  });

  it("names the operation and the field of a bad request body", () => {
    const v = validator.check(exchange({ requestBody: { ...goodApp, grantTypes: ["PASSWORD"] } }));
    expect(v.map(formatViolation)).toEqual([
      'createApplication POST /environments/{environmentID}/applications: request body.grantTypes[0] must be one of "AUTHORIZATION_CODE", "IMPLICIT", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "DEVICE_CODE", "TOKEN_EXCHANGE", "CIBA"',
    ]);
  });

  it("catches a response body that breaks the schema", () => {
    const v = validator.check(
      exchange({ responseBody: { ...goodApp, id: "a1", environment: { id: env }, redirectUris: "x" } }),
    );
    expect(v.map(formatViolation)).toEqual([
      "createApplication POST /environments/{environmentID}/applications: response body.redirectUris must be array",
    ]);
  });

  it("catches an undocumented status and an unknown path", () => {
    expect(validator.check(exchange({ status: 202 })).map((x) => [x.operationId, x.field])).toEqual([
      ["createApplication", "status"],
    ]);
    expect(
      validator.check(exchange({ path: "/v1/environments/e/nowhere", method: "GET" })).map(formatViolation),
    ).toEqual(["(none) GET /v1/environments/e/nowhere: request path matches no operation in the spec"]);
  });

  it("checks error bodies against P1Error", () => {
    expect(
      validator.check(
        exchange({
          status: 400,
          responseBody: {
            id: "e",
            code: "INVALID_DATA",
            message: "m",
            details: [{ code: "INVALID_VALUE", target: "redirectUris", message: "x" }],
          },
        }),
      ),
    ).toEqual([]);
    expect(validator.check(exchange({ status: 404, responseBody: { code: 404 } })).map(formatViolation)).toEqual([
      "createApplication POST /environments/{environmentID}/applications: response body.code must be string",
    ]);
  });

  it("checks query parameters, and lets only limit/cursor through where undeclared", () => {
    const users = exchange({
      method: "GET",
      path: `/v1/environments/${env}/users`,
      query: "limit=5000",
      requestBody: undefined,
      status: 200,
      responseBody: { _embedded: { users: [] } },
    });
    expect(validator.check(users).map(formatViolation)).toEqual([
      "readAllUsers GET /environments/{environmentID}/users: request query.limit must be <= 1000",
    ]);
    expect(validator.check({ ...users, query: "limit=10&cursor=abc" })).toEqual([]);
    const roles = {
      ...users,
      path: "/v1/roles",
      query: "limit=2&cursor=x",
      responseBody: { _embedded: { roles: [] } },
    };
    expect(validator.check(roles)).toEqual([]);
    expect(validator.check({ ...roles, query: "expand=all" }).map(formatViolation)).toEqual([
      "readAllRoles GET /roles: request query.expand must NOT have additional properties",
    ]);
  });

  it("checks the collection members of a list response", () => {
    const roles = exchange({
      method: "GET",
      path: "/v1/roles",
      requestBody: undefined,
      status: 200,
      responseBody: { _embedded: { roles: [{ id: "r", name: "Environment Admin", applicableTo: ["GALAXY"] }] } },
    });
    expect(validator.check(roles).map(formatViolation)).toEqual([
      'readAllRoles GET /roles: response body._embedded.roles[0].applicableTo[0] must be one of "ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"',
    ]);
  });

  it("checks a user's group memberships as _embedded.groupMemberships", () => {
    const memberships = exchange({
      method: "GET",
      path: `/v1/environments/${env}/users/u1/memberOfGroups`,
      requestBody: undefined,
      status: 200,
      responseBody: { _embedded: { groupMemberships: [{ name: "Admins", type: "DIRECT" }] } },
    });
    expect(validator.check(memberships).map(formatViolation)).toEqual([
      "readAllGroupMembershipsForUser GET /environments/{environmentID}/users/{userID}/memberOfGroups: response body._embedded.groupMemberships[0].id is required",
    ]);
    const badType = {
      ...memberships,
      responseBody: { _embedded: { groupMemberships: [{ id: "g1", type: "SOMETIMES" }] } },
    };
    expect(validator.check(badType).map(formatViolation)).toEqual([
      'readAllGroupMembershipsForUser GET /environments/{environmentID}/users/{userID}/memberOfGroups: response body._embedded.groupMemberships[0].type must be one of "DIRECT", "INDIRECT"',
    ]);
  });

  it("skips paths outside /v1", () => {
    expect(
      validator.check(
        exchange({ path: "/env/as/token", requestBody: "grant_type=client_credentials", responseBody: {} }),
      ),
    ).toEqual([]);
  });

  it("expectNoContractViolations lists every violation", () => {
    const v = validator.check(exchange({ requestBody: { ...goodApp, pkceEnforcement: "MAYBE" } }));
    expect(() => expectNoContractViolations(v)).toThrow(
      '1 OpenAPI contract violation(s):\n  - createApplication POST /environments/{environmentID}/applications: request body.pkceEnforcement must be one of "OPTIONAL", "REQUIRED", "S256_REQUIRED"',
    );
    expect(() => expectNoContractViolations([])).not.toThrow();
  });
});
