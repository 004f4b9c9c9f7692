/**
 * The one provider object behind all four resource types: it dispatches on `__pingoneType`, keeps the type in the
 * outputs (refresh and delete see only the state), and refuses inputs of no known type before any API call.
 */
import { describe, expect, it } from "vitest";
import { PingOneResourcesProvider, TYPE_KEY } from "./index";

describe("PingOneResourcesProvider", () => {
  it("refuses inputs that name no known resource type, listing the known ones", async () => {
    const provider = new PingOneResourcesProvider();
    await expect(provider.check({}, { name: "x" })).rejects.toThrow(
      'PingOne resources: __pingoneType is undefined; expected one of Application, ApplicationSecret, UserRoleAssignment, ResourceGrant',
    );
    await expect(provider.delete("id", { [TYPE_KEY]: "Group" })).rejects.toThrow(
      'PingOne resources: __pingoneType is "Group"; expected one of',
    );
  });

  it("dispatches check to the type's own validation", async () => {
    const provider = new PingOneResourcesProvider();
    const news = { [TYPE_KEY]: "ResourceGrant", environmentId: "not-a-uuid", applicationId: "x", scopes: [] };
    const result = await provider.check({}, news);
    expect(result.inputs).toEqual(news);
    expect(result.failures?.map((f) => f.property)).toContain("environmentId");
  });
});
