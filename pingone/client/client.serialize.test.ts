/**
 * The client as the dynamic providers carry it into Pulumi state: compiled by tsc, captured by Pulumi's closure
 * serializer (local modules are copied by value), then loaded from the text in a fresh Node process and used against
 * the emulator. Runs outside vitest's module transform, which hides real serialization failures.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator/types";

const ROOT = path.resolve(__dirname, "../..");
let dir = "";
let em: RunningEmulator;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pingone-client-serialize-"));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/typescript/bin/tsc"),
      "--outDir", path.join(dir, "client"),
      "--rootDir", __dirname,
      "--module", "commonjs",
      "--target", "ES2020",
      "--lib", "ES2022",
      "--types", "node",
      "--strict",
      "--skipLibCheck",
      "--esModuleInterop",
      path.join(__dirname, "index.ts"),
    ],
    { cwd: ROOT, stdio: "pipe", timeout: 120_000 },
  );
  em = await startEmulator({ seed: 11 });
}, 180_000);

afterAll(async () => {
  await em?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("serializes by value and works from the serialized text in a fresh process", async () => {
  const serializer = path.join(dir, "serialize.js");
  fs.writeFileSync(
    serializer,
    `const fs = require("fs");
const { serializeFunction } = require(${JSON.stringify(path.join(ROOT, "node_modules/@pulumi/pulumi/runtime/closure/serializeClosure"))});
const { PingOneClient } = require("./client/index.js");
// A long-lived client captured by value, as a provider object holding one would be (no credentials in it).
const factory = { make: (o) => new PingOneClient(o) };
serializeFunction(() => async (options) => {
  const client = factory.make(options);
  const roles = await client.listRoles();
  const app = await client.createApplication(options.target, {
    name: "Serialized", type: "WORKER", protocol: "OPENID_CONNECT", enabled: true,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST", assignActorRoles: false,
  });
  let error = "";
  try { await client.getApplicationSecret(options.target, "no-such-app"); } catch (e) { error = e.name + ": " + e.message + " status=" + e.status + " instanceofError=" + (e instanceof Error) + " stack=" + (typeof e.stack); }
  return { roles: roles.length, app: app.name, gone: await client.getApplication(options.target, "no-such-app"), error };
}, { allowSecrets: false }).then((s) => fs.writeFileSync(process.argv[2], s.text));
`,
  );
  const textFile = path.join(dir, "serialized.js");
  execFileSync(process.execPath, [serializer, textFile], { cwd: dir, stdio: "pipe", timeout: 60_000 });
  const text = fs.readFileSync(textFile, "utf8");
  expect(text).toContain("Invalid PingOne client option"); // the client code itself is in the text
  expect(text).not.toContain(em.clientSecret);
  expect(text).not.toMatch(/require\(["'][./]+client/); // copied by value, not required from disk

  // A fresh process, the serialized text as its only code (as the dynamic-provider host loads it).
  const runner = path.join(dir, "run.js");
  fs.writeFileSync(
    runner,
    `const requireFromString = require(${JSON.stringify(path.join(ROOT, "node_modules/require-from-string"))});
const text = require("fs").readFileSync(process.argv[2], "utf8");
requireFromString(text).handler()(JSON.parse(process.env.OPTIONS)).then((r) => process.stdout.write(JSON.stringify(r)));
`,
  );
  fs.renameSync(path.join(dir, "client"), path.join(dir, "client-gone")); // nothing left to require from disk
  // Asynchronous: the emulator answering it lives in this process's event loop.
  const { stdout: out } = await promisify(execFile)(process.execPath, [runner, textFile], {
    cwd: os.tmpdir(),
    timeout: 60_000,
    env: {
      ...process.env,
      OPTIONS: JSON.stringify({
        environmentId: em.adminEnvironmentId,
        clientId: em.clientId,
        clientSecret: em.clientSecret,
        apiUrl: em.apiUrl,
        authUrl: em.authUrl,
        target: em.environmentId,
      }),
    },
  });
  const roles = em.requests().filter((r) => r.path === "/v1/roles").length;
  expect(roles).toBe(1);
  expect(JSON.parse(out)).toEqual({
    roles: expect.any(Number),
    app: "Serialized",
    gone: undefined,
    error: expect.stringMatching(/^PingOneApiError: PingOne get application secret failed: 404 NOT_FOUND .* status=404 instanceofError=true stack=string$/),
  });
  expect(JSON.parse(out).roles).toBeGreaterThanOrEqual(8);
}, 120_000);
