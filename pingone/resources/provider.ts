/**
 * What the four dynamic providers share: credentials read at run time (from `configure` or `process.env`), a
 * PingOne client built lazily in the provider process, one token shared by every provider of the process, the
 * mapping of core results to the engine's shapes, and the one provider object that serves all four types.
 *
 * All of this runs in the dynamic-provider host, loaded from the provider module (`providerModule.ts`); it imports
 * `@pulumi/pulumi` for types only. Credentials are read there at run time, never carried in the module text.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PingOneApi, PingOneClientOptions, TokenStore } from "../client/api";
import { PingOneClient } from "../client/client";
import { CREDENTIAL_SETTINGS, resolveClientOptions, tokenCacheKey } from "../core/credentials";
import { ValidationFailure, withMessage } from "../core/common";
import { TYPE_KEY } from "./typeKey";

/** The part of the engine's ConfigureRequest this project reads. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Mutable per-process state of one provider object (never present when the provider is serialized). */
export interface ProviderRuntime {
  /** `pingone:*` values from the stack config, captured by `configure`. */
  configValues?: Record<string, string>;
  api?: PingOneApi;
}

/** Reads the `pingone:*` settings from the engine's config. Only those keys are kept. */
export function readConfig(config: ConfigSource): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of CREDENTIAL_SETTINGS) {
    let v: string | undefined;
    try {
      v = config.get(s.configKey);
    } catch {
      v = undefined;
    }
    if (typeof v === "string") values[s.configKey] = v;
  }
  return values;
}

/**
 * A TokenStore over plain objects on `globalThis`, so all providers (and clients) of a process share tokens, and
 * share the token request in flight: providers starting at the same moment make one request, not one each.
 */
export function sharedTokenStore(options: PingOneClientOptions): TokenStore {
  const g = globalThis as unknown as {
    __pingoneProviderTokens?: Record<string, { accessToken: string; expiresAt: number }>;
    __pingoneProviderTokenRequests?: Record<string, Record<string, Promise<string> | undefined>>;
  };
  if (!g.__pingoneProviderTokens) g.__pingoneProviderTokens = {};
  if (!g.__pingoneProviderTokenRequests) g.__pingoneProviderTokenRequests = {};
  const bag = g.__pingoneProviderTokens;
  const prefix = `${tokenCacheKey(options)}|`;
  const requests = g.__pingoneProviderTokenRequests;
  if (!requests[prefix]) requests[prefix] = {};
  return {
    get(key: string) {
      return bag[prefix + key];
    },
    set(key: string, value: { accessToken: string; expiresAt: number }) {
      bag[prefix + key] = value;
    },
    delete(key: string) {
      delete bag[prefix + key];
    },
    pending: requests[prefix],
  };
}

/**
 * The PingOne client for this provider object: built on first use from stack config (captured by `configure`)
 * falling back to `PINGONE_*` environment variables; throws a clear error listing what is missing.
 */
export function apiFor(runtime: ProviderRuntime): PingOneApi {
  if (runtime.api) return runtime.api;
  const config = runtime.configValues ?? {};
  const options = resolveClientOptions((key) => config[key], process.env);
  options.tokenStore = sharedTokenStore(options);
  runtime.api = new PingOneClient(options);
  return runtime.api;
}

/**
 * The base of the four providers: `configure` keeps the `pingone:*` settings, and `api()` builds the client on first
 * use. Both happen in the provider process only, so a provider object carries no field when it is serialized.
 */
export class PingOneProviderBase {
  private runtime?: ProviderRuntime;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.rt().configValues = readConfig(req.config);
  }

  protected api(): PingOneApi {
    return apiFor(this.rt());
  }

  private rt(): ProviderRuntime {
    if (!this.runtime) this.runtime = {};
    return this.runtime;
  }
}

/** Drops undefined values (the engine's struct encoding refuses them), deeply. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => clean(v)) as unknown as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = clean(v);
    }
    return out as T;
  }
  return value;
}

/** The engine's check result. */
export function checkResult<T>(news: T, failures: ValidationFailure[]): { inputs: T; failures: ValidationFailure[] } {
  return { inputs: news, failures };
}

/** The engine's diff result from the core's field diff. */
export function diffResult(
  diff: { changes: string[]; replaces: string[] },
  deleteBeforeReplace = false,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  return {
    changes: diff.changes.length > 0,
    replaces: diff.replaces,
    deleteBeforeReplace: deleteBeforeReplace && diff.replaces.length > 0,
  };
}

/** The inputs without the engine's `__provider` key and this project's `__pingoneType` marker. */
export function withoutProvider<T extends object>(props: T): T {
  const copy = { ...(props as Record<string, unknown>) };
  delete copy.__provider;
  delete copy[TYPE_KEY];
  return copy as T;
}

export { TYPE_KEY };

/** A provider of one resource type, as registered below. */
export type TypeProvider = pulumi.dynamic.ResourceProvider & { configure(req: { config: ConfigSource }): Promise<void> };

/** The provider of each resource type, registered by its module as it loads. */
const PROVIDER_TYPES: Record<string, new () => TypeProvider> = {};

export function registerProviderType(type: string, provider: new () => TypeProvider): void {
  PROVIDER_TYPES[type] = provider;
}

/**
 * The one provider object behind every PingOne resource of a program (`hosted.ts` hands it to the dynamic-provider
 * host): one loaded copy of the provider module, with one PingOne client per type, serves all four types. It
 * dispatches on `__pingoneType`, which it keeps in the outputs too, so refresh and delete (which get only the state)
 * find their type.
 */
export class PingOneResourcesProvider implements pulumi.dynamic.ResourceProvider {
  private configureRequest?: { config: ConfigSource };
  private providers?: Record<string, TypeProvider>;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.configureRequest = req;
  }

  private async providerFor(...props: (Record<string, unknown> | undefined)[]): Promise<{ type: string; provider: TypeProvider }> {
    const type = props.map((p) => p?.[TYPE_KEY]).find((t) => typeof t === "string") as string | undefined;
    const Provider = type === undefined ? undefined : PROVIDER_TYPES[type];
    if (type === undefined || !Provider) {
      throw new Error(
        `PingOne resources: ${TYPE_KEY} is ${JSON.stringify(type)}; expected one of ${Object.keys(PROVIDER_TYPES).join(", ")}`,
      );
    }
    if (!this.providers) this.providers = {};
    let provider = this.providers[type];
    if (!provider) {
      provider = new Provider();
      if (this.configureRequest) await provider.configure(this.configureRequest);
      this.providers[type] = provider;
    }
    return { type, provider };
  }

  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { provider } = await this.providerFor(news);
    return provider.check ? provider.check(olds, news) : { inputs: news };
  }

  async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
    const { provider } = await this.providerFor(news, olds);
    return provider.diff ? provider.diff(id, olds, news) : {};
  }

  async create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const { type, provider } = await this.providerFor(inputs);
    const result = await provider.create(inputs);
    return { ...result, outs: { ...result.outs, [TYPE_KEY]: type } };
  }

  async read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    const { type, provider } = await this.providerFor(props);
    const result = provider.read ? await provider.read(id, props) : { id, props };
    if (!result.id) return result;
    return {
      ...result,
      props: { ...result.props, [TYPE_KEY]: type },
      ...(result.inputs ? { inputs: { ...result.inputs, [TYPE_KEY]: type } } : {}),
    };
  }

  async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
    const { type, provider } = await this.providerFor(news, olds);
    const result = provider.update ? await provider.update(id, olds, news) : {};
    return { ...result, outs: { ...result.outs, [TYPE_KEY]: type } };
  }

  async delete(id: string, props: Record<string, unknown>): Promise<void> {
    const { provider } = await this.providerFor(props);
    if (provider.delete) await provider.delete(id, props);
  }
}

/** Runs one provider operation; an error without a message (see `describeError`) gets one before the engine sees it. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw withMessage(err);
  }
}
