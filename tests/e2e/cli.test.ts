/**
 * The CLI and this project's language host on a trivial program (one dynamic resource), independent of the stack
 * program: preview/up/destroy on a file backend, config and secret outputs, TypeScript through Pulumi.yaml's
 * runtime options, and both ways a program can fail (an error it reported itself, and a crash).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eCli, requireCli, parseJsonOutput, REPO_ROOT } from "./harness";

const cli = e2eCli("tests/e2e/cli.test.ts");

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: "thing-" + inputs.label, outs: { ...inputs, token: "tok-" + inputs.label } };
  },
  async diff(_id: string, olds: any, news: any) {
    return { changes: olds.label !== news.label, replaces: olds.label !== news.label ? ["label"] : [] };
  },
};

class Thing extends pulumi.dynamic.Resource {
  declare readonly token: pulumi.Output<string>;
  constructor(name: string, label: string) {
    super(provider, name, { label, token: undefined }, { additionalSecretOutputs: ["token"] }, "trivial", "Thing");
  }
}

const config = new pulumi.Config();
const mode: string = config.get("mode") ?? "ok";
if (mode === "reported") throw new pulumi.RunError("trivial:mode says stop");
if (mode === "crash") throw new Error("an unexpected crash");
const thing = new Thing("one", config.get("label") ?? "alpha");
export const token = thing.token;
export const label = config.get("label") ?? "alpha";
export const password = config.requireSecret("password");
export const runtime = process.env.PULUMI_NODEJS_TYPESCRIPT ?? "unset";
`;

describe.skipIf(cli.skip)("the CLI and the language host on a trivial program", () => {
  let root: string;
  let env: NodeJS.ProcessEnv;

  function pulumi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(cli.binDir!, "pulumi"), args, {
        cwd: path.join(root, "prog"),
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }
  async function must(args: string[]) {
    const r = await pulumi(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  beforeAll(() => {
    const binDir = requireCli(cli);
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stackone-cli-"));
    const prog = path.join(root, "prog");
    fs.mkdirSync(prog);
    fs.mkdirSync(path.join(root, "state"));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(prog, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(prog, "Pulumi.yaml"),
      "name: trivial\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n    tsconfig: tsconfig.trivial.json\n",
    );
    fs.writeFileSync(path.join(prog, "package.json"), JSON.stringify({ name: "trivial", main: "index.ts" }));
    fs.writeFileSync(
      path.join(prog, "tsconfig.trivial.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2020",
          module: "commonjs",
          moduleResolution: "node",
          strict: true,
          noCheck: true,
          types: ["node"],
        },
      }),
    );
    fs.writeFileSync(path.join(prog, "index.ts"), PROGRAM);
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_"))),
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_HOME: path.join(root, "home"),
      PULUMI_CONFIG_PASSPHRASE: "trivial",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
    };
  });

  afterAll(() => {
    if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  });

  it("preview, up, outputs, a no-change preview, destroy", async () => {
    await must(["stack", "init", "dev", "--non-interactive"]);
    await must(["config", "set", "--secret", "password", "hunter2-not-real"]);
    const preview = await must(["preview", "--non-interactive"]);
    expect(preview.stdout).toMatch(/\+ 2 to create/);

    const up = await must(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(up.stdout).not.toContain("tok-alpha");
    expect(up.stdout).not.toContain("hunter2-not-real");
    const shown = parseJsonOutput<Record<string, string>>(
      (await must(["stack", "output", "--json", "--show-secrets"])).stdout,
    );
    expect(shown).toEqual({ token: "tok-alpha", label: "alpha", password: "hunter2-not-real", runtime: "true" });
    const masked = parseJsonOutput<Record<string, string>>((await must(["stack", "output", "--json"])).stdout);
    expect(masked).toEqual({ token: "[secret]", label: "alpha", password: "[secret]", runtime: "true" });

    await must(["preview", "--expect-no-changes", "--non-interactive"]);
    await must(["config", "set", "label", "beta"]);
    const replace = await must(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(replace.stdout).toMatch(/\+-1 replaced/);

    const about = await must(["about", "--non-interactive"]);
    expect(about.stdout).toMatch(/language\s+nodejs\s+3\.248\.0/);

    const destroy = await must(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(destroy.stdout).toMatch(/- 2 deleted/);
  }, 300_000);

  it("a program that reports its own error fails with that message only; a crash fails with the crash", async () => {
    await must(["config", "set", "mode", "reported"]);
    const reported = await pulumi(["preview", "--non-interactive"]);
    expect(reported.code).not.toBe(0);
    expect(reported.stdout).toContain("error: trivial:mode says stop");
    expect(reported.stdout + reported.stderr).not.toContain("Program exited with non-zero exit code");

    await must(["config", "set", "mode", "crash"]);
    const crash = await pulumi(["preview", "--non-interactive"]);
    expect(crash.code).not.toBe(0);
    expect(crash.stdout).toContain("an unexpected crash");
  }, 300_000);
});
