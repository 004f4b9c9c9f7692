/**
 * The `stackone` schema is the component's own declaration: the committed stackone/schema.json is exactly what
 * stackone/schemaGen.ts makes of components/stackoneWorkerApp.ts, and each default it declares is what the component
 * does when the argument is omitted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planWorkerApp, type WorkerAppSettings } from "../components/workerAppPlan";
import { COMPONENT_SOURCE, generateSchema, SCHEMA_DEFAULTS, SCHEMA_FILE, schemaText } from "./schemaGen";

const ENV = "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";

interface Property {
  type?: string;
  $ref?: string;
  default?: unknown;
  description: string;
  secret?: boolean;
}
interface Schema {
  name: string;
  language: Record<string, { packageName?: string; importBasePath?: string; modulePath?: string }>;
  types: Record<string, { enum?: { value: string }[] }>;
  resources: Record<
    string,
    {
      isComponent: boolean;
      inputProperties: Record<string, Property>;
      requiredInputs: string[];
      properties: Record<string, Property>;
      required: string[];
    }
  >;
}

describe("stackone/schema.json", () => {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;
  const component = schema.resources["stackone:pingone:WorkerApp"];

  it("is what `npm run schema:stackone` generates from the component (run it after changing the component's arguments or outputs)", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText(generateSchema()));
  });

  it("declares the component, its one required argument, its secret outputs and the three SDK packages", () => {
    expect(schema.name).toBe("stackone");
    expect(component.isComponent).toBe(true);
    expect(component.requiredInputs).toEqual(["environmentId"]);
    expect(Object.keys(component.inputProperties)).toEqual([
      "environmentId",
      "appName",
      "description",
      "iconPath",
      "enabled",
      "redirectUri",
      "pkceEnforcement",
      "refreshTokenDurationDays",
      "refreshTokenRollingDurationDays",
      "refreshTokenRollingGracePeriodSeconds",
      "groups",
      "groupPolicy",
      "scopes",
      "adminRole",
      "signInUsername",
      "signInUserId",
      "signInGroupName",
      "secretRotation",
      "adoptApplicationId",
      "regionCode",
      "authUrl",
      "protect",
    ]);
    expect(
      Object.entries(component.properties)
        .filter(([, p]) => p.secret === true)
        .map(([k]) => k),
    ).toEqual(["clientSecret", "stackOneConnection"]);
    expect(component.required).toEqual(Object.keys(component.properties));
    expect(component.properties.adminRole.$ref).toBe("#/types/stackone:pingone:AdminRole");
    expect(schema.types["stackone:pingone:AdminRole"].enum).toEqual([
      { value: "EnvironmentAdmin" },
      { value: "IdentityDataAdmin" },
      { value: "OrganizationAdmin" },
    ]);
    expect(schema.language.nodejs.packageName).toBe("@stackone/pulumi-stackone");
    expect(schema.language.python.packageName).toBe("pulumi_stackone");
    // One scheme for both packages' Go modules: module sdk/go/<package>, its root package in <package>/ below it.
    expect(schema.language.go).toEqual({
      importBasePath: "github.com/stackone/stackone-pingone/sdk/go/stackone/stackone",
      modulePath: "github.com/stackone/stackone-pingone/sdk/go/stackone",
      respectSchemaVersion: true,
    });
    for (const [name, p] of [...Object.entries(component.inputProperties), ...Object.entries(component.properties)]) {
      expect(p.description, `the doc of ${name}`).not.toBe("");
    }
  });

  it("declares as each default what the component applies when the argument is omitted", () => {
    const base: WorkerAppSettings = { environmentId: ENV, signInUsername: "alice" };
    const declared = Object.fromEntries(
      Object.entries(component.inputProperties)
        .filter(([, p]) => p.default !== undefined)
        .map(([k, p]) => [k, p.default]),
    );
    expect(declared).toEqual(SCHEMA_DEFAULTS);
    for (const [name, value] of Object.entries(declared)) {
      expect(planWorkerApp({ ...base, [name]: value }), name).toEqual(planWorkerApp(base));
    }
    // And a value other than the default does change the plan, so the comparison above can fail.
    expect(planWorkerApp({ ...base, pkceEnforcement: "REQUIRED" })).not.toEqual(planWorkerApp(base));
  });

  it("refuses to guess: an argument of a type the generator does not know fails the generation, naming it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-schema-"));
    try {
      const file = path.join(dir, "component.ts");
      const source = fs
        .readFileSync(COMPONENT_SOURCE, "utf8")
        .replace("readonly appName?: pulumi.Input<string>;", "readonly appName?: pulumi.Input<Date>;");
      fs.writeFileSync(file, source);
      expect(() => generateSchema(file)).toThrow(
        'StackOneWorkerAppArgs.appName: the schema generator does not know the type "Date"; add it to stackone/schemaGen.ts',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
