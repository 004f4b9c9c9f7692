import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStackConfig, StackConfigError, workerAppSettings, type StackConfig } from "./config";

const ENV = "5c1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";
const USER = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
const GROUP_A = "11111111-2222-4333-8444-555555555555";
const GROUP_B = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const APP = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";

const minimal = { "stackone:environmentId": ENV, "stackone:signInUsername": "alice" };

/** The problems reported for `config` (the test fails when parsing succeeds). */
function problems(config: Record<string, unknown>, env: Record<string, string> = {}): readonly string[] {
  try {
    parseStackConfig(config, { env });
  } catch (error) {
    expect(error).toBeInstanceOf(StackConfigError);
    return (error as StackConfigError).problems;
  }
  throw new Error("expected the configuration to be rejected");
}

function problemsWithSecrets(config: Record<string, unknown>, secretKeys: string[]): readonly string[] {
  try {
    parseStackConfig(config, { secretKeys: new Set(secretKeys) });
  } catch (error) {
    return (error as StackConfigError).problems;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseStackConfig: values and defaults", () => {
  it("applies the guide's defaults to a minimal configuration", () => {
    const expected: StackConfig = {
      environmentId: ENV,
      signInUsername: "alice",
      adminRole: "EnvironmentAdmin",
      appName: "StackOne Integration",
      refreshTokenDurationDays: 30,
      refreshTokenRollingDurationDays: 180,
      regionCode: "NA",
      protect: false,
    };
    expect(parseStackConfig(minimal)).toEqual(expected);
  });

  it("reads every key, numbers and lists given as text as allConfig() returns them", () => {
    const config = parseStackConfig({
      "stackone:environmentId": ENV,
      "stackone:signInUserId": USER,
      "stackone:adminRole": "IdentityDataAdmin",
      "stackone:appName": "StackOne (prod)",
      "stackone:description": "Lets StackOne read users",
      "stackone:iconPath": "assets/stackone.png",
      "stackone:redirectUri": "https://api.eu.stackone.com/connect/oauth2/pingone/callback",
      "stackone:scopes": '["openid","email"]',
      "stackone:refreshTokenDurationDays": "7",
      "stackone:refreshTokenRollingDurationDays": "14",
      "stackone:groups": `["${GROUP_A}","${GROUP_B}"]`,
      "stackone:groupPolicy": "ALL_GROUPS",
      "stackone:rotateSecret": "2026-11",
      "stackone:keepPreviousSecretMinutes": "90",
      "stackone:adoptApplicationId": APP,
      "stackone:protect": "true",
      "pingone:regionCode": "EU",
      "pingone:authUrl": "https://auth.example.com/",
      "pingone:clientSecret": "never-read-here",
      "aws:region": "eu-west-1",
    });
    expect(config).toEqual({
      environmentId: ENV,
      signInUserId: USER,
      adminRole: "IdentityDataAdmin",
      appName: "StackOne (prod)",
      description: "Lets StackOne read users",
      iconPath: "assets/stackone.png",
      redirectUri: "https://api.eu.stackone.com/connect/oauth2/pingone/callback",
      scopes: ["openid", "email"],
      refreshTokenDurationDays: 7,
      refreshTokenRollingDurationDays: 14,
      groups: [GROUP_A, GROUP_B],
      groupPolicy: "ALL_GROUPS",
      rotateSecret: "2026-11",
      keepPreviousSecretMinutes: 90,
      adoptApplicationId: APP,
      regionCode: "EU",
      authUrl: "https://auth.example.com",
      protect: true,
    } satisfies StackConfig);
  });

  it("accepts typed values (structured YAML) as well as text", () => {
    const config = parseStackConfig({
      ...minimal,
      "stackone:scopes": ["openid"],
      "stackone:refreshTokenDurationDays": 3,
    });
    expect(config.scopes).toEqual(["openid"]);
    expect(config.refreshTokenDurationDays).toBe(3);
  });

  it("takes the region and auth URL from PINGONE_REGION_CODE and PINGONE_AUTH_URL when the config has none", () => {
    const config = parseStackConfig(minimal, {
      env: { PINGONE_REGION_CODE: "AP", PINGONE_AUTH_URL: "http://127.0.0.1:4000" },
    });
    expect([config.regionCode, config.authUrl]).toEqual(["AP", "http://127.0.0.1:4000"]);
    const fromConfig = parseStackConfig(
      { ...minimal, "pingone:regionCode": "CA" },
      { env: { PINGONE_REGION_CODE: "AP" } },
    );
    expect(fromConfig.regionCode).toBe("CA");
  });
});

describe("parseStackConfig: one rule each", () => {
  it("requires stackone:environmentId", () => {
    expect(problems({ "stackone:signInUsername": "alice" })).toEqual([
      "stackone:environmentId: is required; expected the id (a UUID) of the PingOne environment that will hold the application",
    ]);
  });

  it("requires stackone:environmentId to be a UUID", () => {
    expect(problems({ ...minimal, "stackone:environmentId": "prod" })).toEqual([
      'stackone:environmentId: "prod" is not a PingOne id; expected the id of the PingOne environment that will hold ' +
        "the application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    ]);
  });

  it("requires exactly one of stackone:signInUsername and stackone:signInUserId", () => {
    expect(problems({ "stackone:environmentId": ENV })).toEqual([
      "stackone:signInUsername / stackone:signInUserId: neither is set; expected exactly one of them, naming the user " +
        "who signs in during the StackOne connection",
    ]);
    expect(problems({ ...minimal, "stackone:signInUserId": USER })).toEqual([
      `stackone:signInUsername / stackone:signInUserId: both are set ("alice", "${USER}"); expected exactly one of ` +
        "them, naming the user who signs in during the StackOne connection",
    ]);
  });

  it("holds stackone:signInUsername to PingOne's username rule: 1..128 characters, no controls or invisibles, no padding", () => {
    const allowed =
      "expected a PingOne username: 1 to 128 letters, marks, numbers, symbols, punctuation or spaces, without leading or trailing spaces";
    const problem = (username: string) => problems({ ...minimal, "stackone:signInUsername": username });
    expect(problem("u".repeat(129))).toEqual([
      `stackone:signInUsername: "${"u".repeat(116)}... is 129 characters long; ${allowed}`,
    ]);
    expect(problem(" ")).toEqual([`stackone:signInUsername: " " is only spaces; ${allowed}`]);
    expect(problem("")).toEqual([`stackone:signInUsername: "" is empty; ${allowed}`]);
    expect(problem(" alice")).toEqual([`stackone:signInUsername: " alice" has leading or trailing spaces; ${allowed}`]);
    expect(problem("alice\u00a0")).toEqual([
      `stackone:signInUsername: "alice\\u00A0" has leading or trailing spaces; ${allowed}`,
    ]);
    expect(problem("al\tice")).toEqual([
      `stackone:signInUsername: "al\\tice" contains the control character U+0009; ${allowed}`,
    ]);
    expect(problem("al\u200bice")).toEqual([
      `stackone:signInUsername: "al\\u200Bice" contains the invisible character U+200B; ${allowed}`,
    ]);
    expect(problem("\u202eecila")).toEqual([
      `stackone:signInUsername: "\\u202Eecila" contains the invisible character U+202E; ${allowed}`,
    ]);
    for (const fine of ["alice", "alice.smith@example.com", "Zoë O'Brien", "u".repeat(128), "用户"]) {
      expect(parseStackConfig({ ...minimal, "stackone:signInUsername": fine }).signInUsername).toBe(fine);
    }
  });

  it("requires stackone:signInUserId to be a UUID", () => {
    expect(problems({ "stackone:environmentId": ENV, "stackone:signInUserId": "alice" })).toEqual([
      'stackone:signInUserId: "alice" is not a PingOne id; expected the id of the PingOne user who signs in during ' +
        "the StackOne connection: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    ]);
  });

  it("offers the guide's three admin roles", () => {
    expect(problems({ ...minimal, "stackone:adminRole": "Environment Admin" })).toEqual([
      'stackone:adminRole: "Environment Admin" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
    ]);
    for (const role of ["EnvironmentAdmin", "IdentityDataAdmin", "OrganizationAdmin"]) {
      expect(parseStackConfig({ ...minimal, "stackone:adminRole": role }).adminRole).toBe(role);
    }
  });

  it("holds stackone:appName to PingOne's rule: 1..256 characters, something visible, no control characters", () => {
    const allowed =
      "expected a name of 1 to 256 characters with at least one visible character and no control characters";
    const problem = (appName: string) => problems({ ...minimal, "stackone:appName": appName });
    expect(problem("")).toEqual([`stackone:appName: "" is empty; ${allowed}`]);
    expect(problem("   ")).toEqual([`stackone:appName: "   " has no visible character; ${allowed}`]);
    expect(problem("\u200b")).toEqual([`stackone:appName: "\\u200B" has no visible character; ${allowed}`]);
    expect(problem("\ufeff\u2063")).toEqual([
      `stackone:appName: "\\uFEFF\\u2063" has no visible character; ${allowed}`,
    ]);
    expect(problem("StackOne\r\nInjected: yes")).toEqual([
      `stackone:appName: "StackOne\\r\\nInjected: yes" contains the control character U+000D; ${allowed}`,
    ]);
    expect(problem("Stack\u007fOne")).toEqual([
      `stackone:appName: "Stack\\u007FOne" contains the control character U+007F; ${allowed}`,
    ]);
    expect(problem("n".repeat(257))).toEqual([
      `stackone:appName: "${"n".repeat(116)}... is 257 characters long; ${allowed}`,
    ]);
    expect(parseStackConfig({ ...minimal, "stackone:appName": "n".repeat(256) }).appName).toBe("n".repeat(256));
    expect(parseStackConfig({ ...minimal, "stackone:appName": "StackOne ✓ (prod)" }).appName).toBe("StackOne ✓ (prod)");
  });

  it("rejects a stackone:description that is not text", () => {
    expect(problems({ ...minimal, "stackone:description": 42 })).toEqual([
      "stackone:description: 42 is not text; expected a text of at most 1024 characters",
    ]);
  });

  it("rejects an empty stackone:iconPath", () => {
    expect(problems({ ...minimal, "stackone:iconPath": "  " })).toEqual([
      'stackone:iconPath: "  " is empty; expected the path of a PNG, JPEG or GIF file of at most 1 MB, relative to the project',
    ]);
  });

  it("checks the file behind stackone:iconPath when it can read files", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const files: Record<string, Uint8Array> = {
      "assets/icon.png": png,
      "assets/big.png": new Uint8Array(1024 * 1024 + 1).fill(0x89, 0, 1),
      "assets/icon.svg": new TextEncoder().encode("<svg/>"),
    };
    const readFile = (file: string) => files[file];
    const check = (iconPath: string) => {
      try {
        return parseStackConfig({ ...minimal, "stackone:iconPath": iconPath }, { readFile }).iconPath;
      } catch (error) {
        return (error as StackConfigError).problems;
      }
    };
    const allowed = "expected a PNG, JPEG or GIF file of at most 1 MB, relative to the project directory";
    expect(check("assets/icon.png")).toBe("assets/icon.png");
    expect(check("assets/missing.png")).toEqual([`stackone:iconPath: "assets/missing.png" cannot be read; ${allowed}`]);
    expect(check("assets/big.png")).toEqual([`stackone:iconPath: "assets/big.png" is 1048577 bytes; ${allowed}`]);
    expect(check("assets/icon.svg")).toEqual([
      `stackone:iconPath: "assets/icon.svg" is not a PNG, JPEG or GIF image; ${allowed}`,
    ]);
    // Reported together with the other problems.
    expect(() =>
      parseStackConfig(
        { ...minimal, "stackone:iconPath": "assets/missing.png", "stackone:adminRole": "x" },
        { readFile },
      ),
    ).toThrow(
      [
        "Invalid stack configuration (2 problems):",
        '  - stackone:adminRole: "x" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
        `  - stackone:iconPath: "assets/missing.png" cannot be read; ${allowed}`,
      ].join("\n"),
    );
  });

  it("refuses a stackone:iconPath leading outside the project directory before reading anything", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "elsewhere-"));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    fs.writeFileSync(path.join(outside, "logo.png"), png);
    fs.mkdirSync(path.join(root, "assets"));
    fs.writeFileSync(path.join(root, "assets", "icon.png"), png);
    fs.symlinkSync(path.join(outside, "logo.png"), path.join(root, "assets", "link.png"));
    const read: string[] = [];
    const readFile = (file: string) => {
      read.push(file);
      try {
        return fs.readFileSync(file);
      } catch {
        return undefined;
      }
    };
    const check = (iconPath: string) => {
      try {
        return parseStackConfig({ ...minimal, "stackone:iconPath": iconPath }, { readFile, projectDir: root }).iconPath;
      } catch (error) {
        return (error as StackConfigError).problems;
      }
    };
    const inside = "expected a PNG, JPEG or GIF file inside the project directory";
    expect(check("assets/icon.png")).toBe("assets/icon.png");
    expect(read).toEqual([fs.realpathSync(path.join(root, "assets", "icon.png"))]);
    read.length = 0;
    expect(check("../../../etc/passwd")).toEqual([
      `stackone:iconPath: "../../../etc/passwd" is outside the project directory; ${inside}`,
    ]);
    expect(check("/etc/passwd")).toEqual([
      `stackone:iconPath: "/etc/passwd" is outside the project directory; ${inside}`,
    ]);
    expect(check(path.join(outside, "logo.png"))).toEqual([
      `stackone:iconPath: ${JSON.stringify(path.join(outside, "logo.png"))} is outside the project directory; ${inside}`,
    ]);
    expect(check("assets/link.png")).toEqual([
      `stackone:iconPath: "assets/link.png" leads (through a symbolic link) outside the project directory; ${inside}`,
    ]);
    expect(read).toEqual([]); // none of the refused paths was read
  });

  it("accepts only an exact https stackone:redirectUri", () => {
    const allowed =
      "expected an absolute https URL without wildcards, fragment or trailing slash, matched exactly by PingOne " +
      "(StackOne's is https://api.stackone.com/connect/oauth2/pingone/callback)";
    const cases: [string, string][] = [
      ["https://api.stackone.com/connect/oauth2/pingone/callback/", `ends with "/"; ${allowed}`],
      ["https://*.stackone.com/callback", `contains a wildcard; ${allowed}`],
      ["http://api.stackone.com/callback", `uses http; ${allowed} (http only for localhost or 127.0.0.1)`],
      ["stackone://callback", `uses stackone; ${allowed} (http only for localhost or 127.0.0.1)`],
      // PingOne takes plain http for these two hosts only, not for every loopback address.
      ["http://127.0.0.2/cb", `uses http; ${allowed} (http only for localhost or 127.0.0.1)`],
      ["http://[::1]/cb", `uses http; ${allowed} (http only for localhost or 127.0.0.1)`],
      ["http://app.localhost/cb", `uses http; ${allowed} (http only for localhost or 127.0.0.1)`],
      ["/connect/oauth2/pingone/callback", `is not an absolute URL; ${allowed}`],
      ["https://api.stackone.com/callback#x", `has a fragment; ${allowed}`],
    ];
    // User information would travel in every redirect, and is usually a credential: refused, and never shown.
    expect(problems({ ...minimal, "stackone:redirectUri": "https://svc:s3cr3t@api.stackone.com/callback" })).toEqual([
      'stackone:redirectUri: "https://***@api.stackone.com/callback" carries user information (user:password@ before the host); ' +
        "expected a redirect URI without user information",
    ]);
    for (const [value, problem] of cases) {
      expect(problems({ ...minimal, "stackone:redirectUri": value })).toEqual([
        `stackone:redirectUri: ${JSON.stringify(value)} ${problem}`,
      ]);
    }
    // Every problem of the value at once, in one line, so one edit fixes it.
    expect(problems({ ...minimal, "stackone:redirectUri": "http://example.com/cb/" })).toEqual([
      `stackone:redirectUri: "http://example.com/cb/" uses http and ends with "/"; ${allowed} (http only for localhost or 127.0.0.1)`,
    ]);
    expect(problems({ ...minimal, "stackone:redirectUri": "http://u:pw@*.example.com/cb#x" })).toEqual([
      'stackone:redirectUri: "http://***@*.example.com/cb#x" carries user information (user:password@ before the host), ' +
        `contains a wildcard, uses http and has a fragment; ${allowed}, without user information (http only for localhost or 127.0.0.1)`,
    ]);
    expect(parseStackConfig({ ...minimal, "stackone:redirectUri": "http://127.0.0.1:8080/cb" }).redirectUri).toBe(
      "http://127.0.0.1:8080/cb",
    );
  });

  it("requires stackone:scopes to be a list of openid scopes with openid in it, each once", () => {
    const allowed =
      'expected a list of scopes of the openid resource (openid, profile, email, address, phone) that includes "openid"';
    expect(problems({ ...minimal, "stackone:scopes": "openid,profile" })).toEqual([
      `stackone:scopes: "openid,profile" is not a list; give it as a YAML list in Pulumi.<stack>.yaml, or item by ` +
        "item: `pulumi config set --path 'stackone:scopes[0]' openid`",
    ]);
    expect(problems({ ...minimal, "stackone:scopes": '["openid","p1:read:users"]' })).toEqual([
      `stackone:scopes: ["openid","p1:read:users"] includes "p1:read:users"; ${allowed}`,
    ]);
    expect(problems({ ...minimal, "stackone:scopes": ["profile", "email"] })).toEqual([
      `stackone:scopes: ["profile","email"] lacks "openid"; ${allowed}`,
    ]);
    expect(problems({ ...minimal, "stackone:scopes": ["openid", "email", "email"] })).toEqual([
      'stackone:scopes: ["openid","email","email"] repeats "email"; expected each scope once',
    ]);
    expect(problems({ ...minimal, "stackone:scopes": [] })).toEqual([
      `stackone:scopes: [] is not a non-empty list; ${allowed}`,
    ]);
  });

  it("requires whole days from 1 to 24855 for the refresh token durations", () => {
    const expected = (value: string) =>
      `stackone:refreshTokenDurationDays: ${value} is not allowed; expected a whole number of days from 1 to 24855`;
    expect(problems({ ...minimal, "stackone:refreshTokenDurationDays": "thirty" })).toEqual([expected('"thirty"')]);
    expect(problems({ ...minimal, "stackone:refreshTokenDurationDays": "1.5" })).toEqual([expected("1.5")]);
    expect(problems({ ...minimal, "stackone:refreshTokenDurationDays": "0" })).toEqual([expected("0")]);
    expect(problems({ ...minimal, "stackone:refreshTokenRollingDurationDays": "24856" })).toEqual([
      "stackone:refreshTokenRollingDurationDays: 24856 is not allowed; expected a whole number of days from 1 to 24855",
    ]);
  });

  it("requires the refresh token duration to be at most the rolling duration, defaults included", () => {
    expect(problems({ ...minimal, "stackone:refreshTokenDurationDays": "200" })).toEqual([
      "stackone:refreshTokenDurationDays: 200 exceeds stackone:refreshTokenRollingDurationDays (180); expected at most the rolling duration",
    ]);
    expect(problems({ ...minimal, "stackone:refreshTokenRollingDurationDays": "20" })).toEqual([
      "stackone:refreshTokenDurationDays: 30 exceeds stackone:refreshTokenRollingDurationDays (20); expected at most the rolling duration",
    ]);
    expect(parseStackConfig({ ...minimal, "stackone:refreshTokenDurationDays": "180" }).refreshTokenDurationDays).toBe(
      180,
    );
  });

  it("requires stackone:groups to be distinct group ids", () => {
    expect(problems({ ...minimal, "stackone:groups": GROUP_A })).toEqual([
      `stackone:groups: "${GROUP_A}" is not a list; give it as a YAML list in Pulumi.<stack>.yaml, or item by item: ` +
        "`pulumi config set --path 'stackone:groups[0]' <group id>`",
    ]);
    expect(problems({ ...minimal, "stackone:groups": ["admins"] })).toEqual([
      'stackone:groups: ["admins"] includes "admins"; expected PingOne group ids (UUIDs)',
    ]);
    expect(problems({ ...minimal, "stackone:groups": [GROUP_A, GROUP_A] })).toEqual([
      `stackone:groups: ["${GROUP_A}","${GROUP_A}"] repeats "${GROUP_A}"; expected each group once`,
    ]);
  });

  it("accepts ANY_GROUP or ALL_GROUPS as stackone:groupPolicy, and only with groups", () => {
    expect(problems({ ...minimal, "stackone:groups": [GROUP_A], "stackone:groupPolicy": "SOME" })).toEqual([
      'stackone:groupPolicy: "SOME" is not allowed; expected one of ANY_GROUP, ALL_GROUPS',
    ]);
    expect(problems({ ...minimal, "stackone:groupPolicy": "ALL_GROUPS" })).toEqual([
      'stackone:groupPolicy: "ALL_GROUPS" is set without stackone:groups; expected groups as well, or no groupPolicy',
    ]);
  });

  it("rejects an empty stackone:rotateSecret", () => {
    expect(problems({ ...minimal, "stackone:rotateSecret": "" })).toEqual([
      'stackone:rotateSecret: "" is empty; expected any text; changing it rotates the client secret',
    ]);
  });

  it("keeps a previous secret 1 to 43200 minutes, and only with stackone:rotateSecret", () => {
    expect(problems({ ...minimal, "stackone:rotateSecret": "r1", "stackone:keepPreviousSecretMinutes": "0" })).toEqual([
      "stackone:keepPreviousSecretMinutes: 0 is not allowed; expected a whole number of minutes from 1 to 43200",
    ]);
    expect(problems({ ...minimal, "stackone:keepPreviousSecretMinutes": "60" })).toEqual([
      "stackone:keepPreviousSecretMinutes: 60 is set without stackone:rotateSecret; it applies to a rotation only: " +
        "set stackone:rotateSecret too",
    ]);
  });

  it("requires stackone:adoptApplicationId to be a UUID", () => {
    expect(problems({ ...minimal, "stackone:adoptApplicationId": "StackOne Integration" })).toEqual([
      'stackone:adoptApplicationId: "StackOne Integration" is not a PingOne id; expected the id of an existing OIDC ' +
        "Worker application to adopt: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    ]);
  });

  it("rejects unknown stackone keys, listing the known ones", () => {
    expect(problems({ ...minimal, "stackone:scope": "openid" })).toEqual([
      "stackone:scope: is not a setting of this program (did you mean stackone:scopes?); expected one of stackone:environmentId, " +
        "stackone:signInUsername, stackone:signInUserId, stackone:signInGroupName, stackone:adminRole, stackone:appName, stackone:description, " +
        "stackone:iconPath, stackone:redirectUri, stackone:scopes, stackone:refreshTokenDurationDays, " +
        "stackone:refreshTokenRollingDurationDays, stackone:groups, stackone:groupPolicy, stackone:rotateSecret, " +
        "stackone:keepPreviousSecretMinutes, stackone:adoptApplicationId, stackone:protect",
    ]);
  });

  it("checks pingone:regionCode and names the environment variable when the value came from it", () => {
    expect(problems({ ...minimal, "pingone:regionCode": "US" })).toEqual([
      'pingone:regionCode: "US" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
    ]);
    expect(problems(minimal, { PINGONE_REGION_CODE: "mars" })).toEqual([
      'PINGONE_REGION_CODE (environment variable): "mars" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
    ]);
  });

  it("shows an unknown key with its invisible characters escaped", () => {
    expect(problems({ ...minimal, "stackone:app\u200bName": "x" })[0]).toMatch(
      /^stackone:app\\u200BName: is not a setting of this program \(did you mean stackone:appName\?\)/,
    );
  });

  it("reads stackone:protect as true or false, default false, and hands it to the component", () => {
    expect(parseStackConfig(minimal).protect).toBe(false);
    expect(parseStackConfig({ ...minimal, "stackone:protect": "false" }).protect).toBe(false);
    expect(parseStackConfig({ ...minimal, "stackone:protect": true }).protect).toBe(true);
    expect(workerAppSettings(parseStackConfig({ ...minimal, "stackone:protect": "true" })).protect).toBe(true);
    expect(workerAppSettings(parseStackConfig(minimal))).not.toHaveProperty("protect");
    expect(problems({ ...minimal, "stackone:protect": "yes" })).toEqual([
      'stackone:protect: "yes" is not allowed; expected true or false (true protects the application, its secret, its grant and the sign-in group, its role and membership from deletion)',
    ]);
  });

  it("takes pingone:regionCode in any case, as the provider does", () => {
    expect(parseStackConfig({ ...minimal, "pingone:regionCode": "eu" }).regionCode).toBe("EU");
    expect(parseStackConfig(minimal, { env: { PINGONE_REGION_CODE: " ca " } }).regionCode).toBe("CA");
    expect(
      parseStackConfig({ ...minimal, "pingone:regionCode": "" }, { env: { PINGONE_REGION_CODE: "sg" } }).regionCode,
    ).toBe("SG");
  });

  it("checks pingone:authUrl by the provider's rule", () => {
    expect(problems({ ...minimal, "pingone:authUrl": "http://auth.example.com" })).toEqual([
      'pingone:authUrl: "http://auth.example.com" uses plain http; expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)',
    ]);
    expect(problems({ ...minimal, "pingone:authUrl": "auth.pingone.com" })).toEqual([
      'pingone:authUrl: "auth.pingone.com" is not a URL',
    ]);
  });

  it("refuses a description longer than 1024 characters, by its length", () => {
    expect(problems({ ...minimal, "stackone:description": "d".repeat(1025) })).toEqual([
      `stackone:description: "${"d".repeat(116)}... is 1025 characters long; expected a text of at most 1024 characters`,
    ]);
  });

  it("refuses pingone:clientSecret set without --secret, naming the command that fixes it; takes it set with --secret", () => {
    expect(problemsWithSecrets({ ...minimal, "pingone:clientSecret": "plain-provisioner-secret" }, [])).toEqual([
      "pingone:clientSecret: is set in plain text (the value is not shown): Pulumi would keep it unencrypted in the stack file, " +
        "the state, its history and backups; store it encrypted with `pulumi config set --secret pingone:clientSecret <value>` " +
        "(or set PINGONE_CLIENT_SECRET instead)",
    ]);
    expect(
      parseStackConfig({ ...minimal, "pingone:clientSecret": "s" }, { secretKeys: new Set(["pingone:clientSecret"]) })
        .environmentId,
    ).toBe(ENV);
  });

  it("checks every other pingone:* setting the provider will read, before anything is registered, never showing a secret", () => {
    expect(
      problems(
        {
          ...minimal,
          "pingone:clientId": "provisioner",
          "pingone:environmentId": "admin-env",
          "pingone:clientSecret": "bad\u0000secret",
          "pingone:apiUrl": "https://api.pingone.com",
          "pingone:tokenEndpointAuthMethod": "BASIC",
        },
        { PINGONE_AUTH_URL: "https://auth.pingone.com/?x=1" },
      ),
    ).toEqual([
      'pingone:clientId: "provisioner" is not a PingOne id; expected the client id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00',
      "pingone:clientSecret: contains the control character U+0000 (the value is not shown); expected the client secret of your provisioning Worker app as PingOne shows it",
      'pingone:environmentId: "admin-env" is not a PingOne id; expected the environment id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00',
      'pingone:apiUrl: "https://api.pingone.com" must end in /v1 (e.g. https://api.pingone.com/v1)',
      'PINGONE_AUTH_URL (environment variable): "https://auth.pingone.com/?x=1" must not have a query or fragment',
      'pingone:tokenEndpointAuthMethod: "BASIC" is not allowed; expected CLIENT_SECRET_BASIC or CLIENT_SECRET_POST',
    ]);
    // Missing credentials are the provider's to report: the program runs without them.
    expect(parseStackConfig(minimal).environmentId).toBe(ENV);
    expect(problemsWithSecrets({ ...minimal, "pingone:clientId": "not-an-id" }, ["pingone:clientId"])).toEqual([
      "pingone:clientId: [secret] is not a PingOne id; expected the client id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    ]);
  });

  it("never shows the value of a key configured as secret, even where another key's problem names it", () => {
    expect(
      problemsWithSecrets(
        { "stackone:environmentId": ENV, "stackone:signInUsername": "carol-the-admin", "stackone:signInUserId": USER },
        ["stackone:signInUsername"],
      ),
    ).toEqual([
      `stackone:signInUsername / stackone:signInUserId: both are set ([secret], "${USER}"); expected exactly one of ` +
        "them, naming the user who signs in during the StackOne connection",
    ]);
    expect(
      problemsWithSecrets({ ...minimal, "stackone:rotateSecret": "r", "stackone:keepPreviousSecretMinutes": "0" }, [
        "stackone:keepPreviousSecretMinutes",
      ]),
    ).toEqual([
      "stackone:keepPreviousSecretMinutes: [secret] is not allowed; expected a whole number of minutes from 1 to 43200",
    ]);
  });

  it("never shows the value of a key configured as secret", () => {
    try {
      parseStackConfig(
        { ...minimal, "stackone:rotateSecret": "r", "stackone:keepPreviousSecretMinutes": "99999" },
        { secretKeys: new Set(["stackone:keepPreviousSecretMinutes"]) },
      );
      expect.unreachable();
    } catch (error) {
      expect((error as StackConfigError).problems).toEqual([
        "stackone:keepPreviousSecretMinutes: [secret] is not allowed; expected a whole number of minutes from 1 to 43200",
      ]);
      expect((error as Error).message).not.toContain("99999");
    }
  });
});

describe("parseStackConfig: every problem at once", () => {
  it("reports all problems in one error, in key order, with a hint", () => {
    let caught: unknown;
    try {
      parseStackConfig(
        {
          "stackone:environmentId": "not-a-uuid",
          "stackone:signInUsername": "alice",
          "stackone:signInUserId": USER,
          "stackone:adminRole": "Root",
          "stackone:scopes": ["openid", "admin"],
          "stackone:refreshTokenDurationDays": "400",
          "stackone:refreshTokenRollingDurationDays": "365",
          "stackone:colour": "blue",
          "pingone:regionCode": "MARS",
        },
        { env: {} },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StackConfigError);
    expect((caught as Error).message).toBe(
      [
        "Invalid stack configuration (7 problems):",
        '  - stackone:environmentId: "not-a-uuid" is not a PingOne id; expected the id of the PingOne environment that ' +
          "will hold the application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
        '  - stackone:adminRole: "Root" is not allowed; expected one of EnvironmentAdmin, IdentityDataAdmin, OrganizationAdmin',
        '  - stackone:scopes: ["openid","admin"] includes "admin"; expected a list of scopes of the openid resource ' +
          '(openid, profile, email, address, phone) that includes "openid"',
        "  - stackone:colour: is not a setting of this program; expected one of stackone:environmentId, " +
          "stackone:signInUsername, stackone:signInUserId, stackone:signInGroupName, stackone:adminRole, stackone:appName, stackone:description, " +
          "stackone:iconPath, stackone:redirectUri, stackone:scopes, stackone:refreshTokenDurationDays, " +
          "stackone:refreshTokenRollingDurationDays, stackone:groups, stackone:groupPolicy, stackone:rotateSecret, " +
          "stackone:keepPreviousSecretMinutes, stackone:adoptApplicationId, stackone:protect",
        `  - stackone:signInUsername / stackone:signInUserId: both are set ("alice", "${USER}"); expected exactly one ` +
          "of them, naming the user who signs in during the StackOne connection",
        "  - stackone:refreshTokenDurationDays: 400 exceeds stackone:refreshTokenRollingDurationDays (365); expected at most the rolling duration",
        '  - pingone:regionCode: "MARS" is not allowed; expected one of NA, EU, AP, AU, CA, SG',
        "Set values with `pulumi config set <key> <value>` (lists: as YAML lists in Pulumi.<stack>.yaml); see docs/configuration.md.",
      ].join("\n"),
    );
  });
});

describe("workerAppSettings", () => {
  it("maps the configuration onto the component's arguments", () => {
    const config = parseStackConfig({
      ...minimal,
      "stackone:groups": [GROUP_A],
      "stackone:rotateSecret": "r2",
      "stackone:keepPreviousSecretMinutes": "90",
      "pingone:authUrl": "http://127.0.0.1:4000",
    });
    expect(workerAppSettings(config)).toEqual({
      environmentId: ENV,
      appName: "StackOne Integration",
      refreshTokenDurationDays: 30,
      refreshTokenRollingDurationDays: 180,
      groups: [GROUP_A],
      groupPolicy: "ANY_GROUP",
      adminRole: "EnvironmentAdmin",
      signInUsername: "alice",
      secretRotation: { trigger: "r2", keepPreviousForSeconds: 5400 },
      regionCode: "NA",
      authUrl: "http://127.0.0.1:4000",
    });
  });
});

describe("the committed stacks and the configuration reference", () => {
  // Values as the program receives them: text, structured values as JSON.
  const stackFile = (name: string): Record<string, string> => {
    const doc = parse(fs.readFileSync(path.join(__dirname, name), "utf8")) as { config?: Record<string, unknown> };
    return Object.fromEntries(
      Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  };

  it("Pulumi.dev.yaml is valid except for its environment placeholder, which the program names", () => {
    expect(problems(stackFile("Pulumi.dev.yaml"))).toEqual([
      'stackone:environmentId: "<your PingOne environment id>" is not a PingOne id; expected the id of the PingOne ' +
        "environment that will hold the application: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    ]);
    expect(parseStackConfig({ ...stackFile("Pulumi.dev.yaml"), "stackone:environmentId": ENV }).scopes).toEqual([
      "openid",
      "profile",
      "email",
    ]);
  });

  it("Pulumi.local.yaml needs only what the local scripts fill in", () => {
    expect(parseStackConfig({ ...stackFile("Pulumi.local.yaml"), ...minimal })).toEqual({
      environmentId: ENV,
      signInUsername: "alice",
      adminRole: "EnvironmentAdmin",
      appName: "StackOne Integration (local)",
      refreshTokenDurationDays: 30,
      refreshTokenRollingDurationDays: 180,
      regionCode: "NA",
      protect: false,
    });
  });

  it("docs/configuration.md documents exactly the keys the program reads", () => {
    const docs = fs.readFileSync(path.join(__dirname, "docs", "configuration.md"), "utf8");
    const documented = new Set([...docs.matchAll(/^\| `(stackone:\w+)`/gm)].map((m) => m[1]));
    let known: string[] = [];
    try {
      parseStackConfig({ ...minimal, "stackone:x": "1" });
    } catch (error) {
      known = (error as StackConfigError).problems[0].replace(/.*expected one of /, "").split(", ");
    }
    expect([...documented].sort()).toEqual([...known].sort());
    expect(known).toHaveLength(18);
  });
});
