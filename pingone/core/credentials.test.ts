import { describe, expect, it } from "vitest";
import { resolveClientOptions, tokenCacheKey } from "./credentials";

const none = () => undefined;

describe("resolveClientOptions", () => {
  it("lists every missing required setting, config key and env var", () => {
    expect(() => resolveClientOptions(none, { PINGONE_CLIENT_ID: "id" })).toThrow(
      "PingOne provider credentials are missing: pingone:clientSecret (or PINGONE_CLIENT_SECRET), pingone:environmentId (or PINGONE_ENVIRONMENT_ID). " +
        "Set them with `pulumi config set <key>` (`--secret` for pingone:clientSecret) or as environment variables.",
    );
  });

  it("prefers stack config over the environment", () => {
    const config: Record<string, string> = { "pingone:clientId": "cfg-id", "pingone:regionCode": "eu" };
    expect(
      resolveClientOptions((k) => config[k], {
        PINGONE_CLIENT_ID: "env-id",
        PINGONE_CLIENT_SECRET: "env-secret",
        PINGONE_ENVIRONMENT_ID: "env-env",
        PINGONE_API_URL: "http://127.0.0.1:9/v1/",
        PINGONE_TOKEN_ENDPOINT_AUTH_METHOD: "CLIENT_SECRET_POST",
      }),
    ).toEqual({
      clientId: "cfg-id",
      clientSecret: "env-secret",
      environmentId: "env-env",
      regionCode: "EU",
      apiUrl: "http://127.0.0.1:9/v1",
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    });
  });

  it("names a bad region without echoing the secret", () => {
    let message = "";
    try {
      resolveClientOptions(none, { PINGONE_CLIENT_ID: "i", PINGONE_CLIENT_SECRET: "topsecret", PINGONE_ENVIRONMENT_ID: "e", PINGONE_REGION_CODE: "US" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('pingone:regionCode (or PINGONE_REGION_CODE) was "US"; allowed: NA, EU, AP, AU, CA, SG');
    expect(message).not.toContain("topsecret");
  });

  it("keys shared tokens by auth URL, environment and client id — never the secret", () => {
    expect(tokenCacheKey({ clientId: "c", clientSecret: "s3cr3t", environmentId: "e", authUrl: "http://127.0.0.1:1" })).toBe(
      "http://127.0.0.1:1|e|c",
    );
  });
});
