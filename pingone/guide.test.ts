import { describe, expect, it } from "vitest";
import {
  ARGUMENT_WORDING,
  CONFIG_WORDING,
  crossFieldProblems,
  exceedsRollingDuration,
  MAX_REFRESH_TOKEN_DAYS,
  oauthEndpoints,
  regionBaseUrls,
  REGION_CODES,
} from "./guide";

const USER = "0b7c4f6e-2a1d-4e3f-9c8b-7a6d5e4f3a2b";

describe("the regions and their hosts", () => {
  it("lists PingOne's regions in the order of its documentation, each with its API and auth hosts", () => {
    expect(REGION_CODES).toEqual(["NA", "EU", "AP", "AU", "CA", "SG"]);
    expect(regionBaseUrls("AU")).toEqual({
      apiUrl: "https://api.pingone.com.au/v1",
      authUrl: "https://auth.pingone.com.au",
    });
    expect(regionBaseUrls("US")).toBeUndefined();
    expect(regionBaseUrls("toString")).toBeUndefined();
  });

  it("builds the OAuth endpoints under the region's auth host or the override, in any case of the region code", () => {
    expect(oauthEndpoints(USER, "eu" as never)).toEqual({
      authorizationUrl: `https://auth.pingone.eu/${USER}/as/authorize`,
      tokenUrl: `https://auth.pingone.eu/${USER}/as/token`,
    });
    expect(oauthEndpoints(USER, "NA", "http://127.0.0.1:8080//").tokenUrl).toBe(
      `http://127.0.0.1:8080/${USER}/as/token`,
    );
  });
});

describe("the refresh-token durations", () => {
  it("allow 24855 whole days at most (PingOne's 32-bit seconds), the duration no longer than the rolling one", () => {
    expect(MAX_REFRESH_TOKEN_DAYS).toBe(24_855);
    expect(exceedsRollingDuration(31, 30)).toBe(true);
    expect(exceedsRollingDuration(30, 30)).toBe(false);
    expect(exceedsRollingDuration("31", 30)).toBe(false);
  });
});

describe("crossFieldProblems: one rule per pair of settings, worded for its audience", () => {
  it("finds nothing in settings that agree", () => {
    const settings = { signInUsername: "alice", refreshTokenDurationDays: 30, refreshTokenRollingDurationDays: 30 };
    expect(crossFieldProblems(settings, CONFIG_WORDING)).toEqual([]);
    expect(crossFieldProblems(settings, ARGUMENT_WORDING)).toEqual([]);
  });

  it("names every problem at once, in the configuration's words and in the arguments'", () => {
    const settings = {
      signInUsername: "alice",
      signInUserId: USER,
      refreshTokenDurationDays: 200,
      groupPolicy: "ALL_GROUPS",
      groups: [],
      keepPreviousSecretMinutes: 5,
    };
    expect(crossFieldProblems(settings, CONFIG_WORDING).map((p) => `${p.keys.join(" / ")}: ${p.message}`)).toEqual([
      `signInUsername / signInUserId: both are set ("alice", "${USER}"); expected exactly one of them, naming the user ` +
        "who signs in during the StackOne connection",
      "refreshTokenDurationDays: 200 exceeds stackone:refreshTokenRollingDurationDays (180, the default); expected at most " +
        "the rolling duration",
      'groupPolicy: "ALL_GROUPS" is set without stackone:groups; expected groups as well, or no groupPolicy',
      "keepPreviousSecretMinutes: 5 is set without stackone:rotateSecret; it applies to a rotation only: set " +
        "stackone:rotateSecret too",
    ]);
    expect(
      crossFieldProblems({ ...settings, signInUserId: undefined, signInUsername: undefined }, ARGUMENT_WORDING).map(
        (p) => p.message,
      ),
    ).toEqual([
      "neither is given; expected exactly one, naming the user who signs in during the StackOne connection",
      "200 exceeds refreshTokenRollingDurationDays (180, the default); expected a duration no longer than the rolling duration",
      '"ALL_GROUPS" is given without groups; expected groups as well, or no groupPolicy',
      "5 is given without rotateSecret; it applies to a rotation only: set rotateSecret too",
    ]);
  });
});
