/**
 * docs/reference/ is exactly what scripts/referenceDocs.ts makes of the package schemas (run `npm run docs:reference`
 * after changing a schema), and the pages say what the schemas say: a page per resource with every argument and
 * output, secrets marked, defaults and allowed values shown, and the import id with a filled-in example.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderReference, SCHEMAS, staleReference } from "../../scripts/referenceDocs";

const ROOT = path.resolve(__dirname, "../..");
const pages = renderReference();

describe("docs/reference", () => {
  it("is what npm run docs:reference generates from the schemas (no page missing, changed or extra)", () => {
    expect(staleReference(pages)).toEqual([]);
  });

  for (const file of SCHEMAS) {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as {
      name: string;
      resources: Record<
        string,
        {
          inputProperties: Record<string, { secret?: boolean }>;
          properties: Record<string, { secret?: boolean }>;
          description: string;
        }
      >;
    };
    it(`has a page per resource of ${schema.name}, with every argument and output, each secret output marked`, () => {
      for (const [token, r] of Object.entries(schema.resources)) {
        const page = pages.get(`${schema.name}/${token.slice(token.lastIndexOf(":") + 1)}.md`);
        expect(page, token).toBeDefined();
        const [args, outputs] = page!.split("\n## Outputs\n");
        for (const name of Object.keys(r.inputProperties)) expect(args).toContain(`| \`${name}\` |`);
        for (const [name, p] of Object.entries(r.properties)) {
          const row = outputs.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
          expect(row, `${token} ${name}`).toBeDefined();
          expect(row!.includes("| **secret** |"), `${token} ${name} secret`).toBe(p.secret === true);
        }
      }
    });
  }

  it("shows defaults, allowed values, replacement and the import id with an example", () => {
    const grant = pages.get("pingone/ResourceGrant.md")!;
    expect(grant).toContain('| `resourceName` | string | no | `"openid"` |  | replaces |');
    expect(grant).toContain(
      "pulumi import pingone:index:ResourceGrant <name> <environmentId>/<applicationId>/<grantId>",
    );
    expect(grant).toMatch(
      /pulumi import pingone:index:ResourceGrant imported [0-9a-f-]{36}\/[0-9a-f-]{36}\/[0-9a-f-]{36}\n/,
    );
    const component = pages.get("stackone/WorkerApp.md")!;
    expect(component).toContain(
      '| `adminRole` | string, one of `EnvironmentAdmin`, `IdentityDataAdmin`, `OrganizationAdmin` | no | `"EnvironmentAdmin"` |',
    );
    expect(component).toContain("A component is not imported");
    expect(pages.get("pingone/Provider.md")).toContain("| `clientSecret` | string | no |  | **secret** |");
  });
});
