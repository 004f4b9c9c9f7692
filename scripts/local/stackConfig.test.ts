import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { shellQuote, providerEnv } from "./prepare";
import { deriveStackConfig, emulatorTarget } from "./stackConfig";

const ENV = "11111111-1111-4111-8111-111111111111";
const OTHER_ENV = "22222222-2222-4222-8222-222222222222";
const target = { "stackone:environmentId": ENV, "stackone:signInUsername": "alice" };

describe("emulatorTarget", () => {
  it("takes the default environment and the first user living in it", () => {
    expect(
      emulatorTarget({
        environmentId: ENV,
        users: [
          { id: "u0", username: "zed", email: "z@example.com", environmentId: OTHER_ENV, password: "p0" },
          { id: "u1", username: "alice", email: "a@example.com", environmentId: ENV, password: "p1" },
          { id: "u2", username: "bob", email: "b@example.com", environmentId: ENV, password: "p2" },
        ],
      }),
    ).toEqual({ "stackone:environmentId": ENV, "stackone:signInUsername": "alice" });
  });

  it("fails clearly when the default environment has no user", () => {
    expect(() => emulatorTarget({ environmentId: ENV, users: [] })).toThrow(
      `the emulator reported no user in its default environment ${ENV}`,
    );
  });
});

describe("deriveStackConfig", () => {
  it("fills both target keys when there is no user file", () => {
    const derived = deriveStackConfig(undefined, undefined, target);
    expect(derived.filled).toEqual(["stackone:environmentId", "stackone:signInUsername"]);
    expect(parse(derived.yaml)).toEqual({
      config: { "stackone:environmentId": ENV, "stackone:signInUsername": "alice" },
    });
  });

  it("keeps every user setting and fills only what is missing", () => {
    const user = [
      "# local settings",
      "config:",
      "  stackone:appName: My App",
      `  stackone:environmentId: ${OTHER_ENV}`,
      "  stackone:scopes:",
      "    - openid",
      "    - profile",
      "",
    ].join("\n");
    const derived = deriveStackConfig(user, undefined, target);
    expect(derived.filled).toEqual(["stackone:signInUsername"]);
    expect(parse(derived.yaml)).toEqual({
      config: {
        "stackone:appName": "My App",
        "stackone:environmentId": OTHER_ENV,
        "stackone:scopes": ["openid", "profile"],
        "stackone:signInUsername": "alice",
      },
    });
    expect(derived.yaml.startsWith("# local settings\n")).toBe(true);
  });

  it("does not add signInUsername when the user names the sign-in user by id", () => {
    const derived = deriveStackConfig("config:\n  stackone:signInUserId: u-1\n", undefined, target);
    expect(derived.filled).toEqual(["stackone:environmentId"]);
    expect(parse(derived.yaml)).toEqual({ config: { "stackone:signInUserId": "u-1", "stackone:environmentId": ENV } });
  });

  it("keeps the salt of the previous derived file and drops a committed one", () => {
    const derived = deriveStackConfig(
      "encryptionsalt: v1:theirs\nconfig:\n  stackone:appName: A\n",
      "encryptionsalt: v1:ours\nconfig:\n  stackone:appName: old\n",
      target,
    );
    expect(parse(derived.yaml)).toEqual({
      config: { "stackone:appName": "A", "stackone:environmentId": ENV, "stackone:signInUsername": "alice" },
      encryptionsalt: "v1:ours",
    });
  });

  it("drops a committed salt when there is no previous derived file, so Pulumi makes one for our passphrase", () => {
    const derived = deriveStackConfig("encryptionsalt: v1:theirs\n", undefined, target);
    expect(parse(derived.yaml)).toEqual({
      config: { "stackone:environmentId": ENV, "stackone:signInUsername": "alice" },
    });
  });

  it("rejects a user file that is not a mapping, naming the file", () => {
    expect(() => deriveStackConfig("- a\n- b\n", undefined, target)).toThrow(
      "Pulumi.local.yaml must be a YAML mapping (with a `config:` section); it is not",
    );
    expect(() => deriveStackConfig("config: [1, 2]\n", undefined, target)).toThrow(
      "Pulumi.local.yaml: `config` must be a mapping of keys to values",
    );
    expect(() => deriveStackConfig("config: {a: 1\n", undefined, target)).toThrow(
      /^Pulumi\.local\.yaml is not valid YAML: /,
    );
  });
});

describe("prepare helpers", () => {
  it("quotes values for a POSIX shell", () => {
    expect(shellQuote("a'b c$d")).toBe(`'a'\\''b c$d'`);
  });

  it("points the provider at the emulator's provisioner app", () => {
    expect(
      providerEnv({
        apiUrl: "http://127.0.0.1:1/v1",
        authUrl: "http://127.0.0.1:1",
        organizationId: "org",
        adminEnvironmentId: "admin-env",
        clientId: "cid",
        clientSecret: "sec",
        environmentId: ENV,
        environmentIds: [ENV],
        users: [],
      }),
    ).toEqual({
      PINGONE_CLIENT_ID: "cid",
      PINGONE_CLIENT_SECRET: "sec",
      PINGONE_ENVIRONMENT_ID: "admin-env",
      PINGONE_API_URL: "http://127.0.0.1:1/v1",
      PINGONE_AUTH_URL: "http://127.0.0.1:1",
    });
  });
});
