/**
 * The generated Node.js SDK (`sdk/nodejs/pingone`, resolved as `@stackone/pulumi-pingone`) under Pulumi's mocks,
 * against the package's schema (`pingone/provider/schema.json`): every resource class registers exactly the schema's
 * input properties under its type token, with exactly the values given (and the schema's defaults), declares every
 * output as an output property, marks the schema's secret outputs secret and its replace-on-change properties as
 * such; the Provider takes exactly the schema's provider inputs, the client secret kept secret.
 */
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import schema from "../../pingone/provider/schema.json";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registrations: Registration[] = [];
/** The options each resource was registered with, by name (the mocks do not see options). */
const options = new Map<
  string,
  { additionalSecretOutputs?: string[]; replaceOnChanges?: string[]; version?: string }
>();
let sdk: typeof import("@stackone/pulumi-pingone");

type SchemaProperty = {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: unknown;
};
type SchemaResource = {
  inputProperties: Record<string, SchemaProperty>;
  properties: Record<string, SchemaProperty>;
  requiredInputs?: string[];
};
const resources = schema.resources as unknown as Record<string, SchemaResource>;
const types = schema.types as unknown as Record<string, { type: string; enum?: { value: string }[] }>;

beforeAll(async () => {
  const runtimeResource = createRequire(__filename)("@pulumi/pulumi/runtime/resource") as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const register = runtimeResource.registerResource;
  runtimeResource.registerResource = (...args: unknown[]) => {
    options.set(args[3] as string, args[8] as { additionalSecretOutputs?: string[] });
    return register(...args);
  };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call() {
        throw new Error("no calls");
      },
    },
    "sdk-test",
    "test",
    false,
  );
  sdk = await import("@stackone/pulumi-pingone");
});

/** A value of a schema property's type: an enum's first value, a record for an object type. */
function valueOf(key: string, spec: SchemaProperty): unknown {
  if (spec.$ref) {
    const t = types[spec.$ref.replace("#/types/", "")];
    return t.enum ? t.enum[0].value : {};
  }
  if (spec.type === "array") return [valueOf(key, spec.items!)];
  return spec.type === "boolean" ? true : spec.type === "integer" ? 60 : `${key}-value`;
}

/** A value for each input property, so every declared input is sent. */
function allInputs(token: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resources[token].inputProperties).map(([k, spec]) => [k, valueOf(k, spec)]));
}

async function registered(name: string): Promise<Registration> {
  for (let i = 0; i < 50 && !registrations.some((r) => r.name === name); i++)
    await new Promise((r) => setTimeout(r, 10));
  const found = registrations.filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

const classes = [
  "Application",
  "ApplicationSecret",
  "Group",
  "GroupMembership",
  "GroupRoleAssignment",
  "ResourceGrant",
  "UserRoleAssignment",
] as const;

describe("the generated Node.js SDK, under mocks", () => {
  it("declares exactly the schema's resource types and functions", () => {
    expect(Object.keys(resources).sort()).toEqual(classes.map((c) => `pingone:index:${c}`));
    expect(Object.keys(schema.functions)).toEqual(["pingone:index:getProviderInfo"]);
    expect(typeof sdk.getProviderInfo).toBe("function");
  });

  for (const cls of classes) {
    it(`${cls}: registers pingone:index:${cls} with exactly the schema's inputs, its secret outputs secret, its replace-on-change properties`, async () => {
      const token = `pingone:index:${cls}`;
      const Ctor = sdk[cls] as unknown as new (n: string, a: Record<string, unknown>) => pulumi.CustomResource;
      const inputs = allInputs(token);
      const res = new Ctor(`sdk-${cls}`, inputs);
      const reg = await registered(`sdk-${cls}`);
      expect(reg.type).toBe(token);
      expect(reg.inputs).toEqual(inputs);
      const spec = resources[token];
      // Every schema output is an output property of the class.
      for (const k of new Set([...Object.keys(spec.inputProperties), ...Object.keys(spec.properties)])) {
        expect(pulumi.Output.isInstance((res as unknown as Record<string, unknown>)[k]), `${cls}.${k}`).toBe(true);
      }
      const opts = options.get(`sdk-${cls}`)!;
      const secrets = Object.entries(spec.properties)
        .filter(([, p]) => p.secret)
        .map(([k]) => k);
      expect(opts.additionalSecretOutputs ?? []).toEqual(secrets);
      const replacing = Object.entries(spec.inputProperties)
        .filter(([, p]) => p.replaceOnChanges)
        .map(([k]) => k);
      expect([...(opts.replaceOnChanges ?? [])].sort()).toEqual(replacing.sort());
      expect(opts.version).toBe(schema.version);
    });
  }

  it("Application: the values given, as given", async () => {
    new sdk.Application("exact-app", {
      environmentId: "env-1",
      name: "StackOne Integration",
      enabled: true,
      grantTypes: [sdk.GrantType.AuthorizationCode, "REFRESH_TOKEN"],
      responseTypes: [sdk.ResponseType.Code],
      pkceEnforcement: sdk.PkceEnforcement.Optional,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
      redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
      allowWildcardInRedirectUris: false,
      tokenEndpointAuthMethod: sdk.TokenEndpointAuthMethod.ClientSecretPost,
      adminOnlyAccess: true,
      groupMembershipPolicy: { type: sdk.GroupMembershipPolicyType.AnyGroup, groupIds: ["g-1"] },
    });
    expect((await registered("exact-app")).inputs).toEqual({
      environmentId: "env-1",
      name: "StackOne Integration",
      enabled: true,
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
      redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
      allowWildcardInRedirectUris: false,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      adminOnlyAccess: true,
      groupMembershipPolicy: { type: "ANY_GROUP", groupIds: ["g-1"] },
    });
  });

  it("ResourceGrant: the resource name defaults to openid, as the schema says", async () => {
    new sdk.ResourceGrant("default-grant", {
      environmentId: "env-1",
      applicationId: "app-1",
      scopes: ["openid", "profile"],
    });
    expect((await registered("default-grant")).inputs).toEqual({
      environmentId: "env-1",
      applicationId: "app-1",
      resourceName: "openid",
      scopes: ["openid", "profile"],
    });
  });

  it("UserRoleAssignment: a role by its enum member, the user by username", async () => {
    new sdk.UserRoleAssignment("exact-role", {
      environmentId: "env-1",
      username: "alice",
      roleName: sdk.RoleName.EnvironmentAdmin,
      scopeType: sdk.RoleScopeType.Environment,
    });
    expect((await registered("exact-role")).inputs).toEqual({
      environmentId: "env-1",
      username: "alice",
      roleName: "Environment Admin",
      scopeType: "ENVIRONMENT",
    });
  });

  it("a required input left out is refused before anything is registered", () => {
    expect(
      () =>
        new sdk.Group("no-name", { environmentId: "env-1" } as unknown as ConstructorParameters<typeof sdk.Group>[1]),
    ).toThrow("Missing required property 'name'");
    expect(registrations.some((r) => r.name === "no-name")).toBe(false);
  });

  it("Provider: registers pulumi:providers:pingone with exactly the schema's provider inputs, the secret one secret", async () => {
    const inputs = Object.fromEntries(
      Object.entries(schema.provider.inputProperties).map(([k, spec]) => [k, valueOf(k, spec as SchemaProperty)]),
    );
    const p = new sdk.Provider("sdk-provider", inputs);
    const reg = await registered("sdk-provider");
    expect(reg.type).toBe("pulumi:providers:pingone");
    // The client secret reaches the engine as a secret (Pulumi's secret signature around the value).
    expect(reg.inputs).toEqual({
      ...inputs,
      clientSecret: {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "clientSecret-value",
      },
    });
    expect(Object.keys(schema.config.variables).sort()).toEqual(Object.keys(schema.provider.inputProperties).sort());
    expect(options.get("sdk-provider")!.additionalSecretOutputs).toEqual(["clientSecret"]);
    expect(await (p as unknown as { clientSecret: { isSecret: Promise<boolean> } }).clientSecret.isSecret).toBe(true);
  });
});
