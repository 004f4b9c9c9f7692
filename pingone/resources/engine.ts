/**
 * Drives the dynamic provider the way the Pulumi engine and the dynamic-provider host do, without the CLI: take the
 * provider module text the program sends as `__provider` (`providerModule.ts`), load it with `require-from-string`
 * as `cmd/dynamic-provider` does, then call configure/check/diff/create/read/update/delete with values passed
 * through the engine's struct encoding, and with `__pingoneType` in the inputs as the resource classes send it.
 *
 * Everything here goes through Node's own `require` (never a test runner's module transform), so what is
 * exercised is what runs in production.
 */
import { createRequire } from "module";
import * as path from "path";

/** The repository root (where package.json and node_modules live). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

const nodeRequire = createRequire(path.join(REPO_ROOT, "package.json"));

const PROVIDER_KEY = "__provider";
const TYPE_KEY = "__pingoneType";

/** The dynamic-provider host's view of a provider object. */
export interface HostedProvider {
  configure?(req: { config: { get(key: string): string | undefined; require(key: string): string } }): Promise<void>;
  check?(olds: object, news: object): Promise<{ inputs?: Record<string, unknown>; failures?: { property: string; reason: string }[] }>;
  diff?(id: string, olds: object, news: object): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: object): Promise<{ id: string; outs?: Record<string, unknown> }>;
  read?(id: string, props: object): Promise<{ id?: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update?(id: string, olds: object, news: object): Promise<{ outs?: Record<string, unknown> }>;
  delete?(id: string, props: object): Promise<void>;
}

/** Loads a compiled module through Node's require. */
export function requireCompiled<T>(file: string): T {
  return nodeRequire(file) as T;
}

/** Loads a serialized provider as the dynamic-provider host does (a fresh module from the string). */
export function loadSerializedProvider(text: string): HostedProvider {
  const pulumiRequire = createRequire(nodeRequire.resolve("@pulumi/pulumi/package.json"));
  const requireFromString = pulumiRequire("require-from-string") as (code: string) => { handler(): HostedProvider };
  return requireFromString(text).handler();
}

/** A provider loaded from its text and configured with `config` as stack config, as the host does on Configure. */
export async function loadConfiguredProvider(text: string, config: Record<string, string>): Promise<HostedProvider> {
  const provider = loadSerializedProvider(text);
  await provider.configure?.({
    config: {
      get: (key: string) => config[key],
      require: (key: string) => {
        if (config[key] === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return config[key];
      },
    },
  });
  return provider;
}

/** A value through the engine's wire encoding (google.protobuf.Struct), which refuses undefined and functions. */
export function wire<T>(value: T): T {
  const { Struct } = nodeRequire("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { fromJavaScript(v: unknown): { toJavaScript(): unknown } };
  };
  return Struct.fromJavaScript(value).toJavaScript() as T;
}

export interface StepRecord {
  op: "check" | "diff" | "create" | "update" | "delete" | "read";
  detail?: unknown;
}

/** One resource's life under the engine: its inputs and recorded state, moved by `up`, `refresh` and `destroy`. */
export class EngineResource {
  id?: string;
  outputs?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  readonly steps: StepRecord[] = [];

  /** `type`: the `__pingoneType` the resource class would send; omitted for a provider of one type. */
  constructor(
    readonly provider: HostedProvider,
    readonly providerText: string,
    readonly type?: string,
  ) {}

  private withProvider<T extends object>(v: T): T {
    return { ...v, ...(this.type === undefined ? {} : { [TYPE_KEY]: this.type }), [PROVIDER_KEY]: this.providerText };
  }

  /** check only; returns the failures. */
  async check(news: object): Promise<{ property: string; reason: string }[]> {
    const res = await this.provider.check!(wire(this.inputs ?? {}), wire(this.withProvider(news)));
    return res.failures ?? [];
  }

  /** What the engine does for `pulumi up` with these inputs. Throws on check failures. */
  async up(news: object): Promise<"created" | "updated" | "replaced" | "same"> {
    this.steps.length = 0;
    const checked = await this.provider.check!(wire(this.inputs ?? {}), wire(this.withProvider(news)));
    this.steps.push({ op: "check", detail: checked.failures ?? [] });
    if (checked.failures?.length) {
      throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = wire({ ...(checked.inputs ?? news), [PROVIDER_KEY]: this.providerText });
    if (this.id === undefined) {
      await this.create(inputs);
      return "created";
    }
    const diff = await this.provider.diff!(this.id, wire(this.outputs!), inputs);
    this.steps.push({ op: "diff", detail: diff });
    if (diff.replaces && diff.replaces.length > 0) {
      const oldId = this.id;
      const oldOutputs = this.outputs!;
      if (diff.deleteBeforeReplace) {
        await this.provider.delete!(oldId, wire(oldOutputs));
        this.steps.push({ op: "delete", detail: oldId });
        await this.create(inputs);
      } else {
        await this.create(inputs);
        await this.provider.delete!(oldId, wire(oldOutputs));
        this.steps.push({ op: "delete", detail: oldId });
      }
      return "replaced";
    }
    if (diff.changes) {
      const res = await this.provider.update!(this.id, wire(this.outputs!), inputs);
      this.steps.push({ op: "update" });
      this.outputs = wire({ ...(res.outs ?? {}), [PROVIDER_KEY]: this.providerText });
      this.inputs = inputs;
      return "updated";
    }
    return "same";
  }

  /** What the engine does for the diff of a preview (no writes). */
  async preview(news: object): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
    const checked = await this.provider.check!(wire(this.inputs ?? {}), wire(this.withProvider(news)));
    if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    return this.provider.diff!(this.id!, wire(this.outputs!), wire({ ...(checked.inputs ?? news), [PROVIDER_KEY]: this.providerText }));
  }

  private async create(inputs: Record<string, unknown>): Promise<void> {
    const res = await this.provider.create(inputs);
    this.steps.push({ op: "create", detail: res.id });
    this.id = res.id;
    this.outputs = wire({ ...(res.outs ?? {}), [PROVIDER_KEY]: this.providerText });
    this.inputs = inputs;
  }

  /** `pulumi refresh`: returns "gone" when the provider reports no id. */
  async refresh(): Promise<"gone" | "present"> {
    const res = await this.provider.read!(this.id!, wire(this.outputs!));
    this.steps.push({ op: "read" });
    if (!res.id) {
      this.id = undefined;
      this.outputs = undefined;
      this.inputs = undefined;
      return "gone";
    }
    this.outputs = wire({ ...(res.props ?? {}), [PROVIDER_KEY]: this.providerText });
    if (res.inputs) this.inputs = wire({ ...res.inputs, [PROVIDER_KEY]: this.providerText });
    return "present";
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    if (this.id === undefined) return;
    await this.provider.delete!(this.id, wire(this.outputs!));
    this.steps.push({ op: "delete", detail: this.id });
    this.id = undefined;
    this.outputs = undefined;
    this.inputs = undefined;
  }

  /** The recorded outputs without the engine's `__provider` key and the type marker. */
  get state(): Record<string, unknown> {
    const { [PROVIDER_KEY]: _p, [TYPE_KEY]: _t, ...rest } = this.outputs ?? {};
    return rest;
  }
}
