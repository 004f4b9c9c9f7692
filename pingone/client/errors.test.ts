import { describe, expect, it } from "vitest";
import { PingOneApiError, parseErrorBody } from "./errors";
import { parseTokenResponse, renewalTime, tokenCacheKey, tokenRequest } from "./token";

describe("PingOneApiError", () => {
  it("reads like PingOne's answer, with code and details", () => {
    const body = {
      id: "e1",
      code: "INVALID_DATA",
      message: "The request could not be completed. One or more validation errors were in the request.",
      details: [
        { code: "INVALID_VALUE", target: "redirectUris", message: "Wildcards are not allowed in redirect URIs." },
        { code: "CONSTRAINT_VIOLATION", message: "Something else." },
      ],
    };
    const { id, ...parsed } = parseErrorBody(body, JSON.stringify(body));
    const err = new PingOneApiError({ operation: "create application", status: 400, errorId: id, ...parsed });
    expect(err.message).toBe(
      "PingOne create application failed: 400 INVALID_DATA The request could not be completed. One or more validation errors were in the request. " +
        "[INVALID_VALUE redirectUris: Wildcards are not allowed in redirect URIs.; CONSTRAINT_VIOLATION Something else.]",
    );
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("PingOneApiError");
    expect(err.status).toBe(400);
    expect(err.operation).toBe("create application");
    expect(err.errorId).toBe("e1");
    expect("id" in err).toBe(false);
    expect(err.code).toBe("INVALID_DATA");
    expect(err.hasDetail("INVALID_VALUE", "redirectUris")).toBe(true);
    expect(err.hasDetail("UNIQUENESS_VIOLATION")).toBe(false);
  });

  it("maps an OAuth token error", () => {
    const parsed = parseErrorBody(
      { error: "invalid_client", error_description: "Unsupported authentication method" },
      "",
    );
    expect(parsed).toEqual({ code: "invalid_client", message: "Unsupported authentication method" });
    expect(new PingOneApiError({ operation: "get access token", status: 401, ...parsed }).message).toBe(
      "PingOne get access token failed: 401 invalid_client Unsupported authentication method",
    );
  });

  it("keeps a short text for a non-JSON body", () => {
    expect(parseErrorBody(undefined, "<html>\n Bad   Gateway </html>")).toEqual({
      message: "<html> Bad Gateway </html>",
    });
    expect(parseErrorBody(undefined, "x".repeat(400)).message).toBe(`${"x".repeat(300)}…`);
  });
});

describe("token helpers", () => {
  it("keys the cache on auth URL, environment and client id only", () => {
    expect(tokenCacheKey("https://auth.pingone.eu", "env1", "cid")).toBe(
      "pingone-token|https://auth.pingone.eu|env1|cid",
    );
  });
  it("builds client_secret_basic and client_secret_post requests", () => {
    expect(tokenRequest("CLIENT_SECRET_BASIC", "cid", "a b:c")).toEqual({
      body: "grant_type=client_credentials",
      headers: { authorization: `Basic ${Buffer.from("cid:a+b%3Ac").toString("base64")}` },
    });
    expect(tokenRequest("CLIENT_SECRET_POST", "cid", "a&b")).toEqual({
      body: "grant_type=client_credentials&client_id=cid&client_secret=a%26b",
      headers: {},
    });
  });
  it("renews a minute early, or after 90% of a short life", () => {
    expect(renewalTime(1000, 3600)).toBe(1000 + 3_540_000);
    expect(renewalTime(1000, 10)).toBe(1000 + 9000);
  });
  it("reads a token response", () => {
    expect(parseTokenResponse({ access_token: "t", expires_in: 60 })).toEqual({
      accessToken: "t",
      expiresInSeconds: 60,
    });
    expect(parseTokenResponse({ access_token: "t" })).toEqual({ accessToken: "t", expiresInSeconds: 3600 });
    expect(parseTokenResponse({ error: "x" })).toBeUndefined();
  });
});
