/**
 * `scripts/local.sh` end to end, in a copy of the checkout (its tracked files, node_modules linked): up, a second
 * preview without changes, destroy — with the real CLI and the emulator it starts itself. Checks that everything it
 * writes stays under .work/ (and the builds: dist/ and the generated SDK's bin/), that the client secret is masked in what it prints, and that the emulator
 * is stopped when it returns. Skipped without a CLI, failing under CI=true, like the other e2e suites.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eCli, requireCli, REPO_ROOT } from "./harness";

const cli = e2eCli("tests/e2e/local.test.ts");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

describe.skipIf(cli.skip)("scripts/local.sh against the emulator", () => {
  let checkout: string;
  const times: string[] = [];

  /** Tracked files' paths and contents' sizes+mtimes outside .work/, dist/, node_modules/ and sdk/nodejs/<package>/bin/. */
  function snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const rel = path.relative(checkout, path.join(dir, e.name));
        if ([".work", "dist", "node_modules"].includes(rel) || /^sdk\/nodejs\/[^/]+\/bin$/.test(rel)) continue;
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else {
          const st = fs.statSync(path.join(dir, e.name));
          out[rel] = `${st.size}:${st.mtimeMs}`;
        }
      }
    };
    walk(checkout);
    return out;
  }

  function local(args: string[]): Promise<Run> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn("bash", [path.join(checkout, "scripts", "local.sh"), ...args], {
        cwd: checkout,
        env: {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_") && !k.startsWith("PINGONE_")),
          ),
          PATH: `${cli.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
          NO_COLOR: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        const seconds = (Date.now() - started) / 1000;
        times.push(`scripts/local.sh ${args.join(" ")}: ${seconds.toFixed(1)} s (exit ${code})`);
        resolve({ code: code ?? -1, stdout, stderr, seconds });
      });
    });
  }

  function portIsClosed(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", () => resolve(true));
    });
  }

  beforeAll(() => {
    requireCli(cli);
    checkout = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-local-"));
    const files = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" })
      .stdout.split("\0")
      .filter(Boolean);
    for (const rel of files) {
      const from = path.join(REPO_ROOT, rel);
      if (!fs.existsSync(from)) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(path.join(checkout, rel)), { recursive: true });
      fs.copyFileSync(from, path.join(checkout, rel));
      fs.chmodSync(path.join(checkout, rel), fs.statSync(from).mode);
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
  });

  afterAll(() => {
    // oxlint-disable-next-line no-console
    if (times.length > 0) console.log(`scripts/local.sh wall times:\n${times.join("\n")}`);
    if (checkout !== undefined) fs.rmSync(checkout, { recursive: true, force: true });
  });

  it("up, preview without changes, destroy: all state under .work/, secrets masked, the emulator stopped", async () => {
    const before = snapshot();

    const up = await local(["up"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stderr).toContain("local: creating the 'local' stack in .work/state");
    expect(up.stderr).toContain("local: stackone:environmentId not set in Pulumi.local.yaml; using the emulator's");
    expect(up.stdout).toMatch(/\+ 8 created/);
    expect(up.stdout).toContain("Outputs of stack 'local' (secrets masked):");
    expect(up.stdout).toMatch(/clientSecret\s+\[secret\]/);
    expect(up.stdout).toContain(`State:          ${path.join(checkout, ".work", "state")}`);

    const info = JSON.parse(fs.readFileSync(path.join(checkout, ".work", "emulator", "info.json"), "utf8")) as {
      clientSecret: string;
      environmentId: string;
    };
    const port = Number(fs.readFileSync(path.join(checkout, ".work", "emulator", "port"), "utf8"));
    expect(await portIsClosed(port)).toBe(true);
    const derived = fs.readFileSync(path.join(checkout, ".work", "stack", "Pulumi.local.yaml"), "utf8");
    expect(derived).toContain(`stackone:environmentId: ${info.environmentId}`);
    expect(derived).toMatch(/^encryptionsalt: v1:/m);
    expect(fs.statSync(path.join(checkout, ".work", "passphrase")).mode & 0o077).toBe(0);

    const secret = await local(["pulumi", "stack", "output", "clientSecret", "--show-secrets", "--stack", "local"]);
    expect(secret.code, secret.stderr).toBe(0);
    const clientSecret = secret.stdout.trim();
    expect(clientSecret.length).toBeGreaterThanOrEqual(64);
    for (const s of [clientSecret, info.clientSecret]) {
      expect(up.stdout.includes(s) || up.stderr.includes(s)).toBe(false);
    }

    const preview = await local(["preview", "--expect-no-changes"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    expect(preview.stderr).toContain("local: dist/ is up to date");
    expect(preview.stdout).toMatch(/8 unchanged/);

    const destroy = await local(["destroy"]);
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    expect(destroy.stdout).toMatch(/- 8 deleted/);
    expect(destroy.stdout).toContain("No output values currently in this stack");
    expect(await portIsClosed(Number(fs.readFileSync(path.join(checkout, ".work", "emulator", "port"), "utf8")))).toBe(
      true,
    );

    expect(snapshot()).toEqual(before);
  }, 600_000);
});
