/**
 * The hand-written SDK against the package's schema (`pingone/provider/schema.json`), the one source of the
 * package's shape: every resource class registers exactly the schema's input and output properties under its type
 * token, marks the schema's secret outputs secret, and the Provider takes exactly the schema's provider inputs.
 */
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import schema from "../provider/schema.json";

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registrations: Registration[] = [];
/** The `additionalSecretOutputs` each resource was registered with, by name (the mocks do not see options). */
const secretOutputs = new Map<string, string[]>();
let sdk: typeof import("./index");

type SchemaResource = { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }>; requiredInputs?: string[] };
const resources = schema.resources as unknown as Record<string, SchemaResource>;

beforeAll(async () => {
  const runtimeResource = createRequire(__filename)("@pulumi/pulumi/runtime/resource") as Record<string, (...args: unknown[]) => unknown>;
  const register = runtimeResource.registerResource;
  runtimeResource.registerResource = (...args: unknown[]) => {
    const opts = args[8] as { additionalSecretOutputs?: string[] };
    secretOutputs.set(args[3] as string, opts.additionalSecretOutputs ?? []);
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
  sdk = await import("./index");
});

/** A value for each input property, so every declared input is sent. */
function allInputs(token: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(resources[token].inputProperties)) {
    const t = (spec as { type?: string }).type;
    out[k] = t === "array" ? ["x"] : t === "boolean" ? true : t === "integer" ? 60 : t === undefined ? {} : `${k}-value`;
  }
  return out;
}

async function registered(name: string): Promise<Registration> {
  for (let i = 0; i < 50 && !registrations.some((r) => r.name === name); i++) await new Promise((r) => setTimeout(r, 10));
  const found = registrations.filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe("the SDK matches the schema", () => {
  const classes = [
    "Application",
    "ApplicationSecret",
    "Group",
    "GroupMembership",
    "GroupRoleAssignment",
    "ResourceGrant",
    "UserRoleAssignment",
  ] as const;

  it("declares exactly the schema's resource types and functions", () => {
    expect(Object.keys(resources).sort()).toEqual(classes.map((c) => `pingone:index:${c}`));
    expect(Object.keys(schema.functions)).toEqual(["pingone:index:getProviderInfo"]);
    expect(typeof sdk.getProviderInfo).toBe("function");
  });

  for (const cls of classes) {
    it(`${cls}: registers pingone:index:${cls} with exactly the schema's inputs and outputs`, async () => {
      const token = `pingone:index:${cls}`;
      const Ctor = sdk[cls] as unknown as new (n: string, a: Record<string, unknown>) => pulumi.CustomResource;
      const res = new Ctor(`sdk-${cls}`, allInputs(token));
      const reg = await registered(`sdk-${cls}`);
      expect(reg.type).toBe(token);
      const spec = resources[token];
      const expected = [...new Set([...Object.keys(spec.inputProperties), ...Object.keys(spec.properties)])].sort();
      expect(Object.keys(reg.inputs).sort()).toEqual(Object.keys(spec.inputProperties).sort());
      // Every schema output is an output property of the class.
      for (const k of expected) expect(pulumi.Output.isInstance((res as unknown as Record<string, unknown>)[k]), `${cls}.${k}`).toBe(true);
      const secrets = Object.entries(spec.properties).filter(([, p]) => p.secret).map(([k]) => k);
      expect(secretOutputs.get(`sdk-${cls}`)).toEqual(secrets);
    });
  }

  it("Provider: registers pulumi:providers:pingone with exactly the schema's provider inputs, the secret one secret", async () => {
    const inputs = Object.fromEntries(Object.keys(schema.provider.inputProperties).map((k) => [k, `${k}-value`]));
    const p = new sdk.Provider("sdk-provider", inputs);
    const reg = await registered("sdk-provider");
    expect(reg.type).toBe("pulumi:providers:pingone");
    expect(Object.keys(reg.inputs).sort()).toEqual(Object.keys(schema.provider.inputProperties).sort());
    expect(Object.keys(schema.config.variables).sort()).toEqual(Object.keys(schema.provider.inputProperties).sort());
    expect(await (p as unknown as { clientSecret: { isSecret: Promise<boolean> } }).clientSecret.isSecret).toBe(true);
  });
});
