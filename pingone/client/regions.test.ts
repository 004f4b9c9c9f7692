import { describe, expect, it } from "vitest";
import { checkBaseUrl, isLoopbackHost, regionHosts } from "./regions";
import { PingOneClient } from "./client";

describe("regionHosts", () => {
  it("maps every region code to its API and auth hosts", () => {
    expect(regionHosts("NA")).toEqual({ apiUrl: "https://api.pingone.com/v1", authUrl: "https://auth.pingone.com" });
    expect(regionHosts("EU")).toEqual({ apiUrl: "https://api.pingone.eu/v1", authUrl: "https://auth.pingone.eu" });
    expect(regionHosts("AP")).toEqual({ apiUrl: "https://api.pingone.asia/v1", authUrl: "https://auth.pingone.asia" });
    expect(regionHosts("AU")).toEqual({
      apiUrl: "https://api.pingone.com.au/v1",
      authUrl: "https://auth.pingone.com.au",
    });
    expect(regionHosts("CA")).toEqual({ apiUrl: "https://api.pingone.ca/v1", authUrl: "https://auth.pingone.ca" });
    expect(regionHosts("SG")).toEqual({ apiUrl: "https://api.pingone.sg/v1", authUrl: "https://auth.pingone.sg" });
  });

  it("rejects an unknown code by name", () => {
    expect(() => regionHosts("US" as never)).toThrow(
      'Invalid PingOne regionCode "US": expected one of NA, EU, AP, AU, CA, SG',
    );
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]", "::1", "api.localhost"])(
    "%s is loopback",
    (h) => {
      expect(isLoopbackHost(h)).toBe(true);
    },
  );
  it.each(["128.0.0.1", "127.0.0.256", "localhost.evil.com", "10.0.0.1", "api.pingone.com", "[::2]", "0.0.0.0"])(
    "%s is not loopback",
    (h) => {
      expect(isLoopbackHost(h)).toBe(false);
    },
  );
});

describe("checkBaseUrl", () => {
  it("accepts https anywhere and http on loopback, dropping a trailing slash", () => {
    expect(checkBaseUrl("apiUrl", "https://api.example.com/v1/", true)).toBe("https://api.example.com/v1");
    expect(checkBaseUrl("apiUrl", "http://127.0.0.1:8080/v1", true)).toBe("http://127.0.0.1:8080/v1");
    expect(checkBaseUrl("authUrl", "http://localhost:9", false)).toBe("http://localhost:9");
    expect(checkBaseUrl("authUrl", "http://[::1]:9/", false)).toBe("http://[::1]:9");
  });

  it("refuses plain http to a non-loopback host, naming the option and value", () => {
    expect(() => checkBaseUrl("apiUrl", "http://api.pingone.com/v1", true)).toThrow(
      'Invalid PingOne client option apiUrl: "http://api.pingone.com/v1" uses plain http; expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)',
    );
  });

  it("refuses other schemes, non-URLs, credentials, queries and an apiUrl without /v1", () => {
    expect(() => checkBaseUrl("authUrl", "ftp://x.example", false)).toThrow(
      'Invalid PingOne client option authUrl: "ftp://x.example" uses ftp; expected https',
    );
    expect(() => checkBaseUrl("apiUrl", "api.pingone.com", true)).toThrow(
      'Invalid PingOne client option apiUrl: "api.pingone.com" is not a URL',
    );
    expect(() => checkBaseUrl("apiUrl", "https://u:p@api.pingone.com/v1", true)).toThrow(
      "Invalid PingOne client option apiUrl: the URL must not carry credentials",
    );
    expect(() => checkBaseUrl("apiUrl", "https://api.pingone.com/v1?x=1", true)).toThrow(
      'Invalid PingOne client option apiUrl: "https://api.pingone.com/v1?x=1" must not have a query or fragment',
    );
    expect(() => checkBaseUrl("apiUrl", "https://api.pingone.com", true)).toThrow(
      'Invalid PingOne client option apiUrl: "https://api.pingone.com" must end in /v1 (e.g. https://api.pingone.com/v1)',
    );
    expect(() => checkBaseUrl("apiUrl", "", true)).toThrow(
      'Invalid PingOne client option apiUrl: expected an https URL, got ""',
    );
  });
});

describe("PingOneClient options", () => {
  const base = { environmentId: "env", clientId: "cid", clientSecret: "s3cr3t-value-never-shown" };

  it("validates at construction, before any call", () => {
    expect(() => new PingOneClient({ ...base, apiUrl: "http://10.1.1.1/v1" })).toThrow(
      'Invalid PingOne client option apiUrl: "http://10.1.1.1/v1" uses plain http',
    );
    expect(() => new PingOneClient({ ...base, regionCode: "XX" as never })).toThrow(
      'Invalid PingOne client option regionCode: "XX"; expected one of NA, EU, AP, AU, CA, SG',
    );
    expect(() => new PingOneClient({ ...base, environmentId: "" })).toThrow(
      'Invalid PingOne client option environmentId: expected a non-empty string, got ""',
    );
    expect(() => new PingOneClient({ ...base, clientId: undefined as never })).toThrow(
      "Invalid PingOne client option clientId: expected a non-empty string, got nothing",
    );
    expect(() => new PingOneClient({ ...base, tokenEndpointAuthMethod: "NONE" as never })).toThrow(
      'Invalid PingOne client option tokenEndpointAuthMethod: "NONE"; expected CLIENT_SECRET_BASIC or CLIENT_SECRET_POST',
    );
    expect(() => new PingOneClient({ ...base, retry: { maxAttempts: 0 } })).toThrow(
      "Invalid PingOne client option retry.maxAttempts: 0; expected an integer from 1 to 20",
    );
    expect(() => new PingOneClient({ ...base, retry: { propagationTimeoutMs: -1 } })).toThrow(
      "Invalid PingOne client option retry.propagationTimeoutMs: -1; expected a number from 0 to 1800000",
    );
    expect(() => new PingOneClient({ ...base, requestTimeoutMs: 0 })).toThrow(
      "Invalid PingOne client option requestTimeoutMs: 0; expected a number from 1 to 600000",
    );
    expect(() => new PingOneClient({ ...base, authUrl: "https://auth.example.com" })).not.toThrow();
  });

  it("never echoes the client secret, even when it is the wrong type", () => {
    let message = "";
    try {
      new PingOneClient({ ...base, clientSecret: 12345678 as never });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "Invalid PingOne client option clientSecret: expected a non-empty string, got a value of type number",
    );
  });
});
