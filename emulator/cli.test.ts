import { ChildProcess, spawn, spawnSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorInfo } from "./types";

const root = join(__dirname, "..");
const mainJs = join(root, "dist", "emulator", "main.js");
const children: ChildProcess[] = [];

beforeAll(() => {
  // Brings dist/ up to date as `npm run build` does (tsc -b: only what is stale is compiled).
  const build = spawnSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (build.status !== 0 || !existsSync(mainJs))
    throw new Error(`build did not produce ${mainJs} (exit ${build.status}): ${build.stdout}${build.stderr}`);
}, 120_000);

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

function run(args: string[]): {
  child: ChildProcess;
  firstLine: Promise<string>;
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
} {
  const child = spawn(process.execPath, [mainJs, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before printing: ${err}`)));
  });
  firstLine.catch(() => undefined); // awaited only by the tests that expect output
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, firstLine, exit, stdout: () => out, stderr: () => err };
}

describe("npm run emulator (dist/emulator/main.js)", () => {
  it("prints exactly one JSON line of EmulatorInfo, serves it at /__emulator/info, stops on SIGTERM", async () => {
    const proc = run(["--port", "0", "--seed", "4", "--page-size", "2", "--token-ttl", "60"]);
    const info: EmulatorInfo = JSON.parse(await proc.firstLine);
    expect(info.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(info.apiUrl).toBe(`${info.authUrl}/v1`);
    expect(info.environmentIds.length).toBeGreaterThanOrEqual(2);
    // Every seeded user's sign-in password is on the line, each its own.
    expect(info.users.every((u) => typeof u.password === "string" && u.password.length === 20)).toBe(true);
    expect(new Set(info.users.map((u) => u.password)).size).toBe(info.users.length);
    const served = await (await fetch(`${info.authUrl}/__emulator/info`)).json();
    expect(served).toEqual(info);
    // The options reach the server: page size 2 and a 60 s token.
    const basic = Buffer.from(`${info.clientId}:${info.clientSecret}`).toString("base64");
    const token: any = await (
      await fetch(`${info.authUrl}/${info.adminEnvironmentId}/as/token`, {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      })
    ).json();
    expect(token.expires_in).toBe(60);
    const roles: any = await (
      await fetch(`${info.apiUrl}/roles`, { headers: { Authorization: `Bearer ${token.access_token}` } })
    ).json();
    expect(roles.size).toBe(2);
    proc.child.kill("SIGTERM");
    expect(await proc.exit).toBe(0);
    expect(proc.stdout().trim().split("\n")).toHaveLength(1);
    expect(proc.stderr()).not.toContain(info.clientSecret);
    for (const u of info.users) expect(proc.stderr()).not.toContain(u.password);
  });

  it("the same seed gives the same world in a separate process", async () => {
    const a = run(["--port", "0", "--seed", "4"]);
    const b = run(["--port", "0", "--seed", "4"]);
    const [ia, ib] = [JSON.parse(await a.firstLine), JSON.parse(await b.firstLine)];
    expect({ ...ia, apiUrl: "", authUrl: "" }).toEqual({ ...ib, apiUrl: "", authUrl: "" });
  });

  it("rejects a bad argument with exit code 2 and a message naming it", async () => {
    const proc = run(["--port", "abc"]);
    expect(await proc.exit).toBe(2);
    expect(proc.stderr()).toContain('--port needs an integer; got "abc"');
    expect(proc.stdout()).toBe("");
    const unknown = run(["--colour", "blue"]);
    expect(await unknown.exit).toBe(2);
    expect(unknown.stderr()).toContain('unknown argument "--colour"');
  });
});
