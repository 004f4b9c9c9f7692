/**
 * What the plugin loads to answer a `Check` of every resource type: no validation library, and nothing from the
 * program side. The first `Check` of every command is on the critical path of every preview (docs/performance.md),
 * so a module loaded there is time every user waits for; this test fails when one creeps back in.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProvider, guideApplicationInputs } from "./testing";

describe("the plugin's checks", () => {
  it("validate every resource type without loading zod or any other package", () => {
    const dir = path.dirname(compileProvider());
    const app = guideApplicationInputs("11111111-1111-4111-8111-111111111111");
    const ids = {
      environmentId: app.environmentId,
      applicationId: "22222222-2222-4222-8222-222222222222",
      groupId: "33333333-3333-4333-8333-333333333333",
    };
    const inputs: Record<string, unknown> = {
      Application: app,
      ApplicationSecret: ids,
      ResourceGrant: { ...ids, scopes: ["openid"], removeOtherGrants: true },
      UserRoleAssignment: {
        environmentId: ids.environmentId,
        username: "alice",
        roleName: "Environment Admin",
        scopeType: "ENVIRONMENT",
      },
      Group: { environmentId: ids.environmentId, name: "StackOne Integration sign-in users", description: "d" },
      GroupRoleAssignment: { ...ids, roleName: "Environment Admin", scopeType: "ENVIRONMENT" },
      GroupMembership: { ...ids, username: "alice" },
    };
    const script = `
      const { RESOURCE_TYPES } = require(${JSON.stringify(path.join(dir, "resources.js"))});
      const inputs = ${JSON.stringify(inputs)};
      const failures = Object.fromEntries(Object.keys(RESOURCE_TYPES).map((t) => [t, RESOURCE_TYPES[t].check(inputs[t])]));
      const packages = [...new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))].sort();
      process.stdout.write(JSON.stringify({ failures, packages }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" })) as {
      failures: Record<string, unknown[]>;
      packages: string[];
    };
    expect(out.failures).toEqual(Object.fromEntries(Object.keys(inputs).map((t) => [t, []])));
    expect(out.packages).toEqual([]);
  });
});
