/**
 * Shared set-up of the provider lifecycle tests: compile the providers once (to `.work/providers-dist`, with the
 * project's compiler options), start the emulator, and hand out the provider module loaded from its text exactly as the
 * Pulumi engine does, configured with the emulator's provisioner credentials.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "fs";
import * as path from "path";
import type { Exchange, RunningEmulator } from "../../emulator/types";
import { PingOneClient } from "../client/client";
import type { ApplicationInputs } from "../core/model";
import { EngineResource, HostedProvider, REPO_ROOT, loadConfiguredProvider, requireCompiled } from "./engine";

export const COMPILED_DIR = path.join(REPO_ROOT, ".work", "providers-dist");
export const PROVIDER_CLASSES = ["ApplicationProvider", "ApplicationSecretProvider", "UserRoleAssignmentProvider", "ResourceGrantProvider"] as const;
export type ProviderClass = (typeof PROVIDER_CLASSES)[number];

/**
 * Compiles `pingone/**` with `pingone/resources/tsconfig.test.json` into `.work/providers-dist`. Several test files
 * may call this at once: a lock directory makes one compile while the others wait, and a fresh output is reused.
 */
export function compileProviders(): string {
  const entry = path.join(COMPILED_DIR, "pingone", "resources", "index.js");
  const lock = path.join(REPO_ROOT, ".work", "providers-dist.lock");
  mkdirSync(path.join(REPO_ROOT, ".work"), { recursive: true });
  const startedAt = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is compiling: wait for it (a stale lock older than 3 minutes is broken).
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* lock vanished: retry */
      }
      if (Date.now() - startedAt > 240_000) throw new Error(`Timed out waiting for ${lock}`);
      execFileSync(process.execPath, ["-e", "setTimeout(() => {}, 250)"]);
    }
  }
  try {
    const fresh = existsSync(entry) && statSync(entry).mtimeMs > newestSource(path.join(REPO_ROOT, "pingone"));
    if (!fresh) {
      try {
        execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "pingone/resources/tsconfig.test.json"], {
          cwd: REPO_ROOT,
          stdio: "pipe",
        });
      } catch (err) {
        // Type errors elsewhere still emit JavaScript; only a missing output is fatal.
        if (!existsSync(entry)) throw err;
      }
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return entry;
}

/** The newest modification time of a `.ts` file under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export interface ProviderModule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [name: string]: new (...args: any[]) => object;
}

/** The compiled `pingone/resources/index.js`, loaded with Node's require. */
export function compiledResources(): ProviderModule {
  return requireCompiled<ProviderModule>(compileProviders());
}

/** The emulator's provisioner credentials as `pingone:*` stack config. */
export function stackConfig(emu: RunningEmulator): Record<string, string> {
  return {
    "pingone:clientId": emu.clientId,
    "pingone:clientSecret": emu.clientSecret,
    "pingone:environmentId": emu.adminEnvironmentId,
    "pingone:apiUrl": emu.apiUrl,
    "pingone:authUrl": emu.authUrl,
  };
}

/** The provider module text, as the program builds it from the `.ts` sources: built once per test process. */
let moduleText: string | undefined;

export function providerModule(mod: ProviderModule): string {
  const build = (mod as unknown as { buildProviderModule(o: { entry: string }): string }).buildProviderModule;
  return (moduleText ??= build({ entry: path.join(REPO_ROOT, "pingone", "resources", "hosted.ts") }));
}

/**
 * A provider as the engine's host holds it: the provider module loaded from its text (a fresh copy, as in a new
 * `pulumi` process), configured with `config`. `name` picks the resource type the inputs will be marked with.
 */
export async function hostedProvider(
  mod: ProviderModule,
  name: ProviderClass,
  config: Record<string, string>,
): Promise<{ provider: HostedProvider; text: string; type: string }> {
  const text = providerModule(mod);
  const provider = await loadConfiguredProvider(text, config);
  return { provider, text, type: name.replace(/Provider$/, "") };
}

/** A fresh engine-side resource on a freshly loaded provider (a new `pulumi` process, in effect). */
export async function engineResource(mod: ProviderModule, name: ProviderClass, config: Record<string, string>): Promise<EngineResource> {
  const { provider, text, type } = await hostedProvider(mod, name, config);
  return new EngineResource(provider, text, type);
}

/** Moves a recorded resource to a freshly loaded provider, as the next `pulumi` command would. */
export async function reload(res: EngineResource, mod: ProviderModule, name: ProviderClass, config: Record<string, string>): Promise<EngineResource> {
  const next = await engineResource(mod, name, config);
  next.id = res.id;
  next.outputs = res.outputs;
  next.inputs = res.inputs;
  return next;
}

/** Collects the emulator's exchanges; `writes()` returns the non-GET API requests with their bodies. */
export class ExchangeLog {
  readonly all: Exchange[] = [];
  readonly onExchange = (e: Exchange): void => {
    this.all.push(e);
  };
  clear(): void {
    this.all.length = 0;
  }
  /** API requests (token endpoint excluded) as `METHOD path`. */
  calls(): string[] {
    return this.all.filter((e) => e.path.startsWith("/v1/")).map((e) => `${e.method} ${e.path}`);
  }
  writes(): { method: string; path: string; body: unknown; status: number }[] {
    return this.all
      .filter((e) => e.path.startsWith("/v1/") && e.method !== "GET")
      .map((e) => ({ method: e.method, path: e.path, body: e.requestBody, status: e.status }));
  }
}

/** The console guide's Worker application as `Application` inputs, in `environmentId`. */
export function guideApplicationInputs(environmentId: string): ApplicationInputs {
  return {
    environmentId,
    name: "StackOne Integration",
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2592000,
    refreshTokenRollingDuration: 15552000,
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
  };
}

/** A client acting as an admin clicking in the console: the emulator's provisioner, no propagation retries. */
export function adminClient(emu: RunningEmulator): PingOneClient {
  return new PingOneClient({
    environmentId: emu.adminEnvironmentId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    apiUrl: emu.apiUrl,
    authUrl: emu.authUrl,
    retry: { propagationTimeoutMs: 0 },
  });
}

/** Creates a Worker application out of band (as in the console), for the resources that hang off one. */
export async function createWorkerAppOutOfBand(admin: PingOneClient, environmentId: string): Promise<string> {
  const app = await admin.createApplication(environmentId, {
    name: "StackOne Integration",
    type: "WORKER",
    protocol: "OPENID_CONNECT",
    enabled: true,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    redirectUris: ["https://api.stackone.com/connect/oauth2/pingone/callback"],
    assignActorRoles: false,
  });
  return app.id;
}
