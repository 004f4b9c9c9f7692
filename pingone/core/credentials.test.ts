import { describe, expect, it } from "vitest";
import { resolveClientOptions, tokenCacheKey, validateCredentialSettings } from "./credentials";

const none = () => undefined;
const CLIENT = "0d6a1c2e-3b4f-4a5b-8c6d-7e8f9a0b1c2d";
const ENV = "4f3e2d1c-0b9a-4877-9665-544332211000";
const SECRET = "s".repeat(64);
const good = { PINGONE_CLIENT_ID: CLIENT, PINGONE_CLIENT_SECRET: SECRET, PINGONE_ENVIRONMENT_ID: ENV };

describe("resolveClientOptions", () => {
  it("lists every missing required setting, config key and env var", () => {
    expect(() => resolveClientOptions(none, { PINGONE_CLIENT_ID: CLIENT })).toThrow(
      new Error(
        "PingOne provider credentials are missing: pingone:clientSecret (or PINGONE_CLIENT_SECRET), pingone:environmentId (or PINGONE_ENVIRONMENT_ID). " +
          "Set them with `pulumi config set <key>` (`--secret` for pingone:clientSecret) or as environment variables.",
      ),
    );
  });

  it("prefers stack config over the environment; a region in any case is that region", () => {
    const config: Record<string, string> = { "pingone:clientId": CLIENT, "pingone:regionCode": "eu" };
    expect(
      resolveClientOptions((k) => config[k], {
        PINGONE_CLIENT_ID: "not used",
        PINGONE_CLIENT_SECRET: SECRET,
        PINGONE_ENVIRONMENT_ID: ENV,
        PINGONE_API_URL: "http://127.0.0.1:9/v1/",
        PINGONE_TOKEN_ENDPOINT_AUTH_METHOD: "CLIENT_SECRET_POST",
      }),
    ).toEqual({
      clientId: CLIENT,
      clientSecret: SECRET,
      environmentId: ENV,
      regionCode: "EU",
      apiUrl: "http://127.0.0.1:9/v1",
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    });
  });

  it("names every bad value at once, each with its key or variable, never the secret", () => {
    let message = "";
    try {
      resolveClientOptions((k) => ({ "pingone:apiUrl": "http://api.pingone.com/v1" })[k], {
        ...good,
        PINGONE_CLIENT_SECRET: "top\nsecret",
        PINGONE_REGION_CODE: "US",
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      "Invalid PingOne provider settings (3):\n" +
        "  - PINGONE_CLIENT_SECRET (environment variable): contains the control character U+000A (the value is not shown); " +
        "expected the client secret of your provisioning Worker app as PingOne shows it\n" +
        '  - PINGONE_REGION_CODE (environment variable): "US" is not allowed; expected one of NA, EU, AP, AU, CA, SG\n' +
        '  - pingone:apiUrl: "http://api.pingone.com/v1" uses plain http; expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)',
    );
    expect(message).not.toContain("secret\n");
  });

  it("keys shared tokens by auth URL, environment and client id — never the secret", () => {
    expect(
      tokenCacheKey({ clientId: "c", clientSecret: "s3cr3t", environmentId: "e", authUrl: "http://127.0.0.1:1" }),
    ).toBe("http://127.0.0.1:1|e|c");
  });
});

describe("validateCredentialSettings", () => {
  it("accepts full config keys or bare option names, and normalises", () => {
    expect(
      validateCredentialSettings(
        { clientId: CLIENT, "pingone:environmentId": ENV, regionCode: " au ", authUrl: "https://auth.example.com/" },
        { PINGONE_CLIENT_SECRET: SECRET },
      ),
    ).toEqual({
      failures: [],
      settings: {
        clientId: CLIENT,
        clientSecret: SECRET,
        environmentId: ENV,
        regionCode: "AU",
        authUrl: "https://auth.example.com",
      },
    });
  });

  it("without requireCredentials, checks only what is set", () => {
    expect(validateCredentialSettings({}, {}, { requireCredentials: false })).toEqual({ failures: [], settings: {} });
    expect(validateCredentialSettings({}, {}).failures).toEqual([
      {
        key: "pingone:clientId",
        source: "config",
        kind: "missing",
        message:
          "is not set; set it with `pulumi config set pingone:clientId <value>` or the environment variable PINGONE_CLIENT_ID",
      },
      {
        key: "pingone:clientSecret",
        source: "config",
        kind: "missing",
        message:
          "is not set; set it with `pulumi config set --secret pingone:clientSecret <value>` or the environment variable PINGONE_CLIENT_SECRET",
      },
      {
        key: "pingone:environmentId",
        source: "config",
        kind: "missing",
        message:
          "is not set; set it with `pulumi config set pingone:environmentId <value>` or the environment variable PINGONE_ENVIRONMENT_ID",
      },
    ]);
  });

  it("names each bad value: ids, URLs with credentials (not shown), auth method, escaped invisible characters", () => {
    const { failures } = validateCredentialSettings(
      {
        "pingone:clientId": "my-app",
        "pingone:environmentId": `${ENV}\u200b`,
        "pingone:authUrl": "https://user:pw@auth.pingone.eu",
        "pingone:apiUrl": "https://api.pingone.com/v1\u202e",
        "pingone:tokenEndpointAuthMethod": "client_secret_basic",
      },
      { PINGONE_CLIENT_SECRET: SECRET },
      { requireCredentials: false },
    );
    expect(failures).toEqual([
      {
        key: "pingone:clientId",
        source: "config",
        kind: "invalid",
        message:
          '"my-app" is not a PingOne id; expected the client id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00',
      },
      {
        key: "pingone:environmentId",
        source: "config",
        kind: "invalid",
        message: `"${ENV}\\u200B" is not a PingOne id; expected the environment id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00`,
      },
      {
        key: "pingone:apiUrl",
        source: "config",
        kind: "invalid",
        message: '"https://api.pingone.com/v1\\u202E" must end in /v1 (e.g. https://api.pingone.com/v1)',
      },
      { key: "pingone:authUrl", source: "config", kind: "invalid", message: "the URL must not carry credentials" },
      {
        key: "pingone:tokenEndpointAuthMethod",
        source: "config",
        kind: "invalid",
        message: '"client_secret_basic" is not allowed; expected CLIENT_SECRET_BASIC or CLIENT_SECRET_POST',
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain("pw@");
  });

  it("shows keys the stack keeps secret as [secret]", () => {
    expect(
      validateCredentialSettings(
        { "pingone:clientId": "leaky" },
        {},
        { requireCredentials: false, secretKeys: new Set(["pingone:clientId"]) },
      ).failures[0].message,
    ).toBe(
      "[secret] is not a PingOne id; expected the client id of your provisioning Worker app: a UUID such as 6f1d8b1e-3c2a-4f0b-9d7e-2a5c4b3e1f00",
    );
  });
});
