/**
 * Properties over stack configurations: every valid configuration, as `pulumi.runtime.allConfig()` hands it to the
 * program (text values, lists as JSON), yields child inputs that keep the console guide's invariants.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseStackConfig, StackConfigError, workerAppSettings } from "../config";
import { MAX_REFRESH_TOKEN_DAYS, REGION_SUFFIXES, STACKONE_REDIRECT_URI } from "../pingone/guide";
import { ADMIN_ROLES, planWorkerApp } from "./workerAppPlan";

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const validConfig = fc
  .record({
    environmentId: fc.uuid(),
    user: fc.oneof(
      fc.record({ signInUsername: fc.stringMatching(/^[a-z][a-z0-9._@-]{0,40}$/) }),
      fc.record({ signInUserId: fc.uuid() }),
    ),
    adminRole: optional(fc.constantFrom("EnvironmentAdmin", "IdentityDataAdmin", "OrganizationAdmin")),
    appName: optional(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "")),
    description: optional(fc.string({ maxLength: 60 })),
    redirectUri: optional(
      fc.oneof(
        fc.constant(STACKONE_REDIRECT_URI),
        fc
          .tuple(
            fc.constantFrom("api", "api.eu", "connect"),
            fc.stringMatching(/^[a-z0-9]{1,12}(\/[a-z0-9]{1,12}){0,3}$/),
          )
          .map(([host, p]) => `https://${host}.stackone.com/${p}`),
      ),
    ),
    extraScopes: optional(fc.shuffledSubarray(["profile", "email", "address", "phone"])),
    durations: optional(
      fc
        .tuple(fc.integer({ min: 1, max: MAX_REFRESH_TOKEN_DAYS }), fc.integer({ min: 1, max: MAX_REFRESH_TOKEN_DAYS }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
    ),
    groups: optional(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 3 })),
    groupPolicy: optional(fc.constantFrom("ANY_GROUP", "ALL_GROUPS")),
    rotation: optional(
      fc.record({
        trigger: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
        keep: optional(fc.integer({ min: 1, max: 43_200 })),
      }),
    ),
    adopt: optional(fc.uuid()),
    regionCode: optional(fc.constantFrom("NA", "EU", "AP", "AU", "CA", "SG")),
  })
  .map((c) => {
    const config: Record<string, string> = { "stackone:environmentId": c.environmentId };
    for (const [key, value] of Object.entries(c.user)) config[`stackone:${key}`] = value;
    if (c.adminRole) config["stackone:adminRole"] = c.adminRole;
    if (c.appName !== undefined) config["stackone:appName"] = c.appName;
    if (c.description !== undefined) config["stackone:description"] = c.description;
    if (c.redirectUri !== undefined) config["stackone:redirectUri"] = c.redirectUri;
    if (c.extraScopes !== undefined) config["stackone:scopes"] = JSON.stringify(["openid", ...c.extraScopes]);
    if (c.durations !== undefined) {
      config["stackone:refreshTokenDurationDays"] = String(c.durations[0]);
      config["stackone:refreshTokenRollingDurationDays"] = String(c.durations[1]);
    }
    if (c.groups !== undefined) {
      config["stackone:groups"] = JSON.stringify(c.groups);
      if (c.groupPolicy !== undefined) config["stackone:groupPolicy"] = c.groupPolicy;
    }
    if (c.rotation !== undefined) {
      config["stackone:rotateSecret"] = c.rotation.trigger;
      if (c.rotation.keep !== undefined) config["stackone:keepPreviousSecretMinutes"] = String(c.rotation.keep);
    }
    if (c.adopt !== undefined) config["stackone:adoptApplicationId"] = c.adopt;
    if (c.regionCode !== undefined) config["pingone:regionCode"] = c.regionCode;
    return config;
  });

describe("every valid configuration keeps the guide's invariants", () => {
  it("in the application, the grant, the role assignment, the secret and the endpoints", () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const plan = planWorkerApp(workerAppSettings(parseStackConfig(config)));
        const app = plan.application;
        const env = config["stackone:environmentId"];

        expect(app.enabled).toBe(true);
        expect(app.grantTypes).toEqual(["AUTHORIZATION_CODE", "REFRESH_TOKEN"]);
        expect(app.responseTypes).toEqual(["CODE"]);
        expect(app.tokenEndpointAuthMethod).toBe("CLIENT_SECRET_POST");
        expect(app.adminOnlyAccess).toBe(true);
        expect(app.refreshTokenType).toBe("JSON_WEB_TOKEN");
        expect(app.pkceEnforcement).toBe("OPTIONAL");
        expect(app.allowWildcardInRedirectUris).toBe(false);
        expect(app.redirectUris).toEqual([config["stackone:redirectUri"] ?? STACKONE_REDIRECT_URI]);
        expect(app.redirectUris[0]).not.toMatch(/[*#\s]|\/$/);
        expect(app.redirectUris[0].startsWith("https://")).toBe(true);

        expect(app.refreshTokenDuration).toBeGreaterThanOrEqual(60);
        expect(app.refreshTokenDuration).toBeLessThanOrEqual(app.refreshTokenRollingDuration);
        expect(app.refreshTokenRollingDuration).toBeLessThanOrEqual(2_147_483_647);
        expect(app.refreshTokenDuration % 86_400).toBe(0);
        expect(app).not.toHaveProperty("refreshTokenRollingGracePeriodDuration");

        const groups = config["stackone:groups"] ? (JSON.parse(config["stackone:groups"]) as string[]) : undefined;
        expect(app.groupMembershipPolicy).toEqual(
          groups ? { type: config["stackone:groupPolicy"] ?? "ANY_GROUP", groupIds: groups } : undefined,
        );
        expect(app.adoptApplicationId).toBe(config["stackone:adoptApplicationId"]);

        // One environment for everything.
        expect([
          app.environmentId,
          plan.secret.environmentId,
          plan.openidGrant.environmentId,
          plan.signInGroup.environmentId,
          plan.signInGroupRole.environmentId,
          plan.signInMembership.environmentId,
        ]).toEqual([env, env, env, env, env, env]);

        // The openid grant: openid always, only the openid resource's scopes, each once.
        expect(plan.openidGrant.resourceName).toBe("openid");
        expect(plan.openidGrant.scopes).toContain("openid");
        expect(new Set(plan.openidGrant.scopes).size).toBe(plan.openidGrant.scopes.length);
        for (const scope of plan.openidGrant.scopes)
          expect(["openid", "profile", "email", "address", "phone"]).toContain(scope);

        // The admin role: the guide's mapping, exactly one way of naming the user.
        const role = ADMIN_ROLES[plan.adminRole];
        expect([plan.signInGroupRole.roleName, plan.signInGroupRole.scopeType]).toEqual([
          role.roleName,
          role.scopeType,
        ]);
        expect(plan.adminRole).toBe(config["stackone:adminRole"] ?? "EnvironmentAdmin");
        expect(
          [plan.signInMembership.username, plan.signInMembership.userId].filter((v) => v !== undefined),
        ).toHaveLength(1);
        expect(plan.signInGroup.name).toBe(`${app.name} sign-in users`);

        // The secret rotates only when asked, and keeps the previous one within PingOne's bounds.
        expect(plan.secret.rotationTrigger).toBe(config["stackone:rotateSecret"]);
        const keep = plan.secret.previousSecretOverlapSeconds;
        if (keep !== undefined) expect(keep >= 60 && keep <= 2_592_000).toBe(true);

        const suffix = REGION_SUFFIXES[(config["pingone:regionCode"] ?? "NA") as keyof typeof REGION_SUFFIXES];
        expect(plan.authorizationUrl).toBe(`https://auth.pingone.${suffix}/${env}/as/authorize`);
        expect(plan.tokenUrl).toBe(`https://auth.pingone.${suffix}/${env}/as/token`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("refresh token durations", () => {
  it("are accepted exactly when 1 <= duration <= rolling <= 24855 whole days", () => {
    const days = fc.oneof(
      fc.integer({ min: -5, max: MAX_REFRESH_TOKEN_DAYS + 5 }),
      fc.double({ min: 0, max: 400, noNaN: true }),
    );
    // Independent pairs, and pairs on either side of the boundary duration == rolling.
    const near = fc
      .tuple(fc.integer({ min: 1, max: MAX_REFRESH_TOKEN_DAYS }), fc.integer({ min: -2, max: 2 }))
      .map(([rolling, delta]) => [rolling + delta, rolling] as [number, number]);
    const pairs = fc.oneof(fc.tuple(days, days), near);
    fc.assert(
      fc.property(pairs, ([duration, rolling]) => {
        const config = {
          "stackone:environmentId": "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f",
          "stackone:signInUsername": "alice",
          "stackone:refreshTokenDurationDays": String(duration),
          "stackone:refreshTokenRollingDurationDays": String(rolling),
        };
        const valid = (d: number) => Number.isInteger(d) && d >= 1 && d <= MAX_REFRESH_TOKEN_DAYS;
        const expectedOk = valid(duration) && valid(rolling) && duration <= rolling;
        let ok = true;
        try {
          parseStackConfig(config);
        } catch (error) {
          expect(error).toBeInstanceOf(StackConfigError);
          ok = false;
        }
        expect(ok).toBe(expectedOk);
      }),
      { numRuns: 300 },
    );
  });
});
