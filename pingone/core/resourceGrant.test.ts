import { describe, expect, it } from "vitest";
import type { PingOneApi } from "../client/api";
import type { ApplicationResourceGrant } from "../client/types";
import type { ResourceGrantOutputs } from "./model";
import {
  createResourceGrant,
  diffResourceGrant,
  readResourceGrant,
  updateResourceGrant,
  validateResourceGrantInputs,
} from "./resourceGrant";

const ENV = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const SCOPES = ["openid", "profile", "email", "address", "phone"].map((name) => ({ id: `s-${name}`, name }));

function fakeApi(calls: unknown[], grants: ApplicationResourceGrant[]): PingOneApi {
  return {
    async listResources() {
      return [
        { id: "res-oidc", name: "openid", type: "OPENID_CONNECT" },
        { id: "res-p1", name: "PingOne API", type: "PINGONE_API" },
      ];
    },
    async listResourceScopes(envId: string, resourceId: string) {
      calls.push(["listResourceScopes", envId, resourceId]);
      return resourceId === "res-oidc" ? SCOPES : [];
    },
    async listApplicationGrants(envId: string, appId: string) {
      calls.push(["listApplicationGrants", envId, appId]);
      return grants;
    },
    async createApplicationGrant(envId: string, appId: string, resource: { id: string }, scopes: { id: string }[]) {
      calls.push(["create", envId, appId, resource, scopes]);
      return { id: "g-new", resource, scopes };
    },
    async updateApplicationGrant(
      envId: string,
      appId: string,
      grantId: string,
      resource: { id: string },
      scopes: { id: string }[],
    ) {
      calls.push(["update", envId, appId, grantId, resource, scopes]);
      return { id: grantId, resource, scopes };
    },
    async deleteApplicationGrant(envId: string, appId: string, grantId: string) {
      calls.push(["deleteApplicationGrant", envId, appId, grantId]);
    },
  } as unknown as PingOneApi;
}

describe("validateResourceGrantInputs", () => {
  it("requires at least one non-empty scope name", () => {
    expect(validateResourceGrantInputs({ environmentId: ENV, applicationId: APP, scopes: [] })).toEqual([
      {
        property: "scopes",
        reason: 'scopes was []; a list of at least one scope name is required, e.g. ["openid", "profile"]',
      },
    ]);
    expect(
      validateResourceGrantInputs({ environmentId: ENV, applicationId: APP, scopes: ["openid", ""], resourceName: "" }),
    ).toEqual([
      { property: "resourceName", reason: 'resourceName was ""; a resource name is required (omit it for "openid")' },
      { property: "scopes[1]", reason: 'scopes[1] was ""; a non-empty scope name is required' },
    ]);
  });
});

describe("diffResourceGrant", () => {
  const olds: ResourceGrantOutputs = {
    environmentId: ENV,
    applicationId: APP,
    scopes: ["openid", "profile"],
    grantId: "g",
    resourceId: "res-oidc",
    scopeIds: [],
  };
  it("reordered scopes and the default resource name given explicitly are no change", () => {
    expect(
      diffResourceGrant(olds, {
        environmentId: ENV,
        applicationId: APP,
        resourceName: "openid",
        scopes: ["profile", "openid"],
      }),
    ).toEqual({
      changes: [],
      replaces: [],
    });
  });
  it("scopes update in place; the resource replaces", () => {
    expect(diffResourceGrant(olds, { environmentId: ENV, applicationId: APP, scopes: ["openid"] })).toEqual({
      changes: ["scopes"],
      replaces: [],
    });
    expect(
      diffResourceGrant(olds, {
        environmentId: ENV,
        applicationId: APP,
        resourceName: "PingOne API",
        scopes: ["openid", "profile"],
      }),
    ).toEqual({
      changes: ["resourceName"],
      replaces: ["resourceName"],
    });
  });
});

describe("createResourceGrant", () => {
  it("creates the grant with the scope ids", async () => {
    const calls: unknown[] = [];
    const out = await createResourceGrant(fakeApi(calls, []), {
      environmentId: ENV,
      applicationId: APP,
      scopes: ["profile", "openid"],
    });
    expect(calls).toEqual([
      ["listResourceScopes", ENV, "res-oidc"],
      ["listApplicationGrants", ENV, APP],
      ["create", ENV, APP, { id: "res-oidc" }, [{ id: "s-openid" }, { id: "s-profile" }]],
    ]);
    expect(out).toEqual({
      environmentId: ENV,
      applicationId: APP,
      scopes: ["profile", "openid"],
      grantId: "g-new",
      resourceId: "res-oidc",
      scopeIds: ["s-openid", "s-profile"],
    });
  });

  it("takes over an existing grant for the same resource", async () => {
    const calls: unknown[] = [];
    await createResourceGrant(
      fakeApi(calls, [{ id: "g-old", resource: { id: "res-oidc" }, scopes: [{ id: "s-email" }] }]),
      {
        environmentId: ENV,
        applicationId: APP,
        scopes: ["openid"],
      },
    );
    expect(calls).toEqual([
      ["listResourceScopes", ENV, "res-oidc"],
      ["listApplicationGrants", ENV, APP],
      ["update", ENV, APP, "g-old", { id: "res-oidc" }, [{ id: "s-openid" }]],
    ]);
  });

  it("an unknown scope is an error listing the resource's scopes", async () => {
    await expect(
      createResourceGrant(fakeApi([], []), {
        environmentId: ENV,
        applicationId: APP,
        scopes: ["openid", "offline_access"],
      }),
    ).rejects.toThrow(
      'scopes has "offline_access", unknown to resource "openid"; its scopes: address, email, openid, phone, profile',
    );
  });

  it("an unknown resource is an error listing the environment's resources", async () => {
    await expect(
      createResourceGrant(fakeApi([], []), {
        environmentId: ENV,
        applicationId: APP,
        resourceName: "api",
        scopes: ["x"],
      }),
    ).rejects.toThrow(
      `resourceName was "api"; environment ${ENV} has no resource of that name. Resources: PingOne API, openid`,
    );
  });
});

describe("readResourceGrant", () => {
  it("maps changed scope ids back to names (one list of the resource's scopes)", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls, [
      { id: "g", resource: { id: "res-oidc" }, scopes: [{ id: "s-email" }, { id: "s-openid" }] },
    ]);
    const prev: ResourceGrantOutputs = {
      environmentId: ENV,
      applicationId: APP,
      scopes: ["openid"],
      grantId: "g",
      resourceId: "res-oidc",
      scopeIds: ["s-openid"],
    };
    expect(await readResourceGrant(api, "g", prev)).toEqual({
      ...prev,
      scopes: ["email", "openid"],
      scopeIds: ["s-email", "s-openid"],
    });
    expect(calls).toEqual([
      ["listApplicationGrants", ENV, APP],
      ["listResourceScopes", ENV, "res-oidc"],
    ]);
    calls.length = 0;
    expect(await readResourceGrant(api, "gone", prev)).toBeUndefined();
    expect(calls).toEqual([["listApplicationGrants", ENV, APP]]);
  });

  it("unchanged resource and scope ids: the names in state stand, and the scopes are not listed", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls, [
      { id: "g", resource: { id: "res-oidc" }, scopes: [{ id: "s-profile" }, { id: "s-openid" }] },
    ]);
    const prev: ResourceGrantOutputs = {
      environmentId: ENV,
      applicationId: APP,
      resourceName: "openid",
      scopes: ["profile", "openid"],
      grantId: "g",
      resourceId: "res-oidc",
      scopeIds: ["s-openid", "s-profile"],
    };
    expect(await readResourceGrant(api, "g", prev)).toEqual(prev);
    expect(calls).toEqual([["listApplicationGrants", ENV, APP]]);
  });

  it("the same scope ids on another resource are a change: the scopes are listed", async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls, [{ id: "g", resource: { id: "res-oidc" }, scopes: [{ id: "s-openid" }] }]);
    const prev: ResourceGrantOutputs = {
      environmentId: ENV,
      applicationId: APP,
      scopes: ["openid"],
      grantId: "g",
      resourceId: "res-other",
      scopeIds: ["s-openid"],
    };
    expect(await readResourceGrant(api, "g", prev)).toEqual({ ...prev, resourceId: "res-oidc" });
    expect(calls).toEqual([
      ["listApplicationGrants", ENV, APP],
      ["listResourceScopes", ENV, "res-oidc"],
    ]);
  });
});

describe("other grants on the application", () => {
  const grants: ApplicationResourceGrant[] = [
    { id: "g", resource: { id: "res-oidc" }, scopes: [{ id: "s-openid" }] },
    { id: "g-dup", resource: { id: "res-oidc" }, scopes: [{ id: "s-phone" }, { id: "s-address" }] },
    { id: "g-p1", resource: { id: "res-p1" }, scopes: [{ id: "p1-x" }] },
  ];
  const prev: ResourceGrantOutputs = {
    environmentId: ENV,
    applicationId: APP,
    scopes: ["openid"],
    grantId: "g",
    resourceId: "res-oidc",
    scopeIds: ["s-openid"],
    removeOtherGrants: true,
  };

  it("a second grant of the same resource and one on another are recorded and named (ids where no name is found)", async () => {
    const warnings: string[] = [];
    const out = await readResourceGrant(fakeApi([], grants), "g", prev, (m) => warnings.push(m));
    expect(out!.otherGrants).toEqual([
      { grantId: "g-dup", resourceId: "res-oidc", resourceName: "openid", scopes: ["address", "phone"] },
      { grantId: "g-p1", resourceId: "res-p1", resourceName: "PingOne API", scopes: ["p1-x"] },
    ]);
    expect(warnings).toEqual([
      `application ${APP} holds 2 grants besides the "openid" grant this stack manages (g): "openid" scopes address, phone (grant g-dup, a second grant of the "openid" resource); ` +
        '"PingOne API" scopes p1-x (grant g-p1). This stack does not manage them; they let the application request scopes beyond the stack\'s. `pulumi up` removes them (removeOtherGrants is set).',
    ]);
  });

  it("the update deletes each recorded grant, PUTs nothing when the scopes are unchanged, and names a failed delete", async () => {
    const calls: unknown[] = [];
    const recorded = (await readResourceGrant(fakeApi([], grants), "g", prev))!;
    const out = await updateResourceGrant(fakeApi(calls, grants), "g", recorded, {
      environmentId: ENV,
      applicationId: APP,
      scopes: ["openid"],
      removeOtherGrants: true,
    });
    expect(out).toEqual(prev);
    expect(calls).toEqual([
      ["deleteApplicationGrant", ENV, APP, "g-dup"],
      ["deleteApplicationGrant", ENV, APP, "g-p1"],
    ]);
    const failing = {
      ...fakeApi([], grants),
      deleteApplicationGrant: async () =>
        Promise.reject(new Error("PingOne delete application grant failed: 500 UNEXPECTED_ERROR")),
    } as PingOneApi;
    await expect(
      updateResourceGrant(failing, "g", recorded, {
        environmentId: ENV,
        applicationId: APP,
        scopes: ["openid"],
        removeOtherGrants: true,
      }),
    ).rejects.toThrow(
      `Cannot remove the other grants of application ${APP} (removeOtherGrants is set): grant g-dup of "openid": PingOne delete application grant failed: 500 UNEXPECTED_ERROR; ` +
        'grant g-p1 of "PingOne API": PingOne delete application grant failed: 500 UNEXPECTED_ERROR',
    );
  });

  it("removeOtherGrants is a boolean, checked before any call", () => {
    expect(
      validateResourceGrantInputs({
        environmentId: ENV,
        applicationId: APP,
        scopes: ["openid"],
        removeOtherGrants: "yes",
      }),
    ).toEqual([{ property: "removeOtherGrants", reason: 'removeOtherGrants was "yes"; true or false is allowed' }]);
  });
});
