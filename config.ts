/**
 * The stack configuration of this program: the `stackone:*` keys, read through one zod schema, plus
 * `pingone:regionCode` / `pingone:authUrl` for the OAuth endpoint outputs only. Pure: it takes the configuration as a
 * plain key → value object (what `pulumi.runtime.allConfig()` returns) and knows nothing of Pulumi, so every rule is
 * testable without an engine. `index.ts` wires it.
 *
 * The provider's other settings (`pingone:clientId`, `pingone:clientSecret`, …) are checked here by the provider's own
 * rule (pingone/core/credentials.ts: `validateStackCredentialSettings`), so a bad value fails before any resource is
 * registered, but never used: the PingOne resources read them. Secret values never appear in a message.
 */
import { z } from "zod";
import { credentialFailureLabel, validateStackCredentialSettings } from "./pingone/core/credentials";
import { MAX_ICON_BYTES, resolveIconPath, sniffImageType } from "./pingone/core/icon";
import {
  CONFIG_WORDING,
  crossFieldProblems,
  DEFAULT_REFRESH_TOKEN_DURATION_DAYS,
  DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS,
  escapeForDisplay,
  GROUP_POLICIES,
  MAX_KEEP_PREVIOUS_MINUTES,
  MIN_KEEP_PREVIOUS_MINUTES,
  show,
  type GroupMembershipPolicyType,
  type RegionCode,
} from "./pingone/guide";
import {
  ADMIN_ROLE_NAMES,
  DEFAULT_ADMIN_ROLE,
  DEFAULT_APP_NAME,
  applicationNameProblem,
  descriptionProblem,
  groupNameProblem,
  groupIdsProblem,
  redirectUriProblem,
  refreshTokenDaysProblem,
  scopesProblem,
  textProblem,
  usernameProblem,
  uuidProblem,
  wholeNumberProblem,
  type AdminRole,
  type WorkerAppSettings,
} from "./components/workerAppPlan";

export const NAMESPACE = "stackone";

/** The program's configuration once validated, defaults applied. */
export interface StackConfig {
  environmentId: string;
  signInUsername?: string;
  signInUserId?: string;
  signInGroupName?: string;
  adminRole: AdminRole;
  appName: string;
  description?: string;
  iconPath?: string;
  redirectUri?: string;
  scopes?: string[];
  refreshTokenDurationDays: number;
  refreshTokenRollingDurationDays: number;
  groups?: string[];
  groupPolicy?: GroupMembershipPolicyType;
  rotateSecret?: string;
  keepPreviousSecretMinutes?: number;
  adoptApplicationId?: string;
  /** From `pingone:regionCode` (or PINGONE_REGION_CODE); NA when neither is set. */
  regionCode: RegionCode;
  /** From `pingone:authUrl` (or PINGONE_AUTH_URL). */
  authUrl?: string;
  /** Pulumi's `protect` on the application, its secret, its grant and the sign-in role. Default false. */
  protect: boolean;
}

/**
 * The last line of a {@link StackConfigError}: how this stack's settings are changed. With `settingsFile` (the file
 * the user edits, from which the stack's configuration is derived on every run, as `npm run local` does with
 * Pulumi.local.yaml), that file; otherwise `pulumi config set`, naming the stack's file when the stack is known.
 */
export function configHint(where: { stack?: string; settingsFile?: string } = {}): string {
  if (where.settingsFile !== undefined) {
    return `Set values in ${where.settingsFile} (the stack's configuration is derived from it on every run); see docs/configuration.md.`;
  }
  return (
    `Set values with \`pulumi config set <key> <value>\` (lists: as YAML lists in Pulumi.${where.stack ?? "<stack>"}.yaml); ` +
    "see docs/configuration.md."
  );
}

/** Every problem with the configuration, one line each, naming the key, the value and what is allowed. */
export class StackConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    hint: string = configHint(),
  ) {
    super(
      `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\n${hint}`,
    );
    this.name = "StackConfigError";
  }
}

/** Options of {@link parseStackConfig}. */
export interface ParseOptions {
  /** Environment variables, the fallback of every `pingone:*` key (`PINGONE_REGION_CODE`, …). Default none. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Full keys whose values are secret: such values never appear in messages. Given, it is taken as the whole list,
   * and a `pingone:clientSecret` not in it (set without `--secret`) is refused.
   */
  secretKeys?: ReadonlySet<string>;
  /**
   * Reads a file, undefined when it cannot be read. Given, it lets `stackone:iconPath` be checked (exists, at most
   * 1 MB, PNG/JPEG/GIF) before anything is registered. With `projectDir` it is handed the resolved real path, and only
   * once the path is known to stay inside the project directory; without, the path as configured.
   */
  readFile?: (path: string) => Uint8Array | undefined;
  /**
   * The project directory (`stackone:iconPath` is relative to it). Given, a path leading outside it — `..`, an
   * absolute path elsewhere, a symbolic link out — is refused before anything is read (pingone/core/icon.ts, the
   * rule the provider applies too).
   */
  projectDir?: string;
  /** Where the user changes the settings, for the error's last line ({@link configHint}). */
  settingsSource?: { stack?: string; settingsFile?: string };
}

const LIST_KEYS = new Set(["scopes", "groups"]);
const NUMBER_KEYS = new Set([
  "refreshTokenDurationDays",
  "refreshTokenRollingDurationDays",
  "keepPreviousSecretMinutes",
]);
const BOOLEAN_KEYS = new Set(["protect"]);

/** Config values arrive as text (`allConfig()`), or already typed (tests, structured YAML): accept both. */
function fromText(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (NUMBER_KEYS.has(key) && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  if (BOOLEAN_KEYS.has(key) && /^\s*(true|false)\s*$/.test(value)) return value.trim() === "true";
  if (LIST_KEYS.has(key) && value.trim().startsWith("[")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** A field checked by one of the shared rules, typed as `T` once it passes. */
function rule<T>(problem: (value: unknown) => string | undefined) {
  return z.custom<T>().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  });
}

/** The one schema of the `stackone` namespace. Built on demand; keys are given without the namespace. */
export function stackoneConfigSchema() {
  const text = (what: string) => rule<string>((v) => textProblem(v, what));
  const days = (value: unknown) => refreshTokenDaysProblem(value);
  const list = (key: string, example: string, problem: (v: unknown) => string | undefined) => (value: unknown) =>
    typeof value === "string"
      ? `${show(value)} is not a list; give it as a YAML list in Pulumi.<stack>.yaml, or item by item: ` +
        `\`pulumi config set --path '${NAMESPACE}:${key}[0]' ${example}\``
      : problem(value);
  return z
    .strictObject({
      environmentId: rule<string>((v) =>
        v === undefined
          ? "is required; expected the id (a UUID) of the PingOne environment that will hold the application"
          : uuidProblem(v, "the id of the PingOne environment that will hold the application"),
      ),
      signInUsername: rule<string>(usernameProblem).optional(),
      signInUserId: rule<string>((v) =>
        uuidProblem(v, "the id of the PingOne user who signs in during the StackOne connection"),
      ).optional(),
      signInGroupName: rule<string>(groupNameProblem).optional(),
      adminRole: rule<AdminRole>((v) =>
        ADMIN_ROLE_NAMES.includes(v as AdminRole)
          ? undefined
          : `${show(v)} is not allowed; expected one of ${ADMIN_ROLE_NAMES.join(", ")}`,
      ).default(DEFAULT_ADMIN_ROLE),
      appName: rule<string>(applicationNameProblem).default(DEFAULT_APP_NAME),
      description: rule<string>(descriptionProblem).optional(),
      iconPath: text("the path of a PNG, JPEG or GIF file of at most 1 MB, relative to the project").optional(),
      redirectUri: rule<string>(redirectUriProblem).optional(),
      scopes: rule<string[]>(list("scopes", "openid", scopesProblem)).optional(),
      refreshTokenDurationDays: rule<number>(days).default(DEFAULT_REFRESH_TOKEN_DURATION_DAYS),
      refreshTokenRollingDurationDays: rule<number>(days).default(DEFAULT_REFRESH_TOKEN_ROLLING_DURATION_DAYS),
      groups: rule<string[]>(list("groups", "<group id>", groupIdsProblem)).optional(),
      groupPolicy: rule<GroupMembershipPolicyType>((v) =>
        GROUP_POLICIES.includes(v as GroupMembershipPolicyType)
          ? undefined
          : `${show(v)} is not allowed; expected one of ${GROUP_POLICIES.join(", ")}`,
      ).optional(),
      rotateSecret: text("any text; changing it rotates the client secret").optional(),
      keepPreviousSecretMinutes: rule<number>((v) =>
        wholeNumberProblem(v, MIN_KEEP_PREVIOUS_MINUTES, MAX_KEEP_PREVIOUS_MINUTES, "minutes"),
      ).optional(),
      adoptApplicationId: rule<string>((v) =>
        uuidProblem(v, "the id of an existing OIDC Worker application to adopt"),
      ).optional(),
      protect: rule<boolean>((v) =>
        typeof v === "boolean"
          ? undefined
          : `${show(v)} is not allowed; expected true or false (true protects the application, its secret, its grant and the sign-in group, its role and membership from deletion)`,
      ).default(false),
    })
    .superRefine(
      (c, ctx) => {
        // Rules across keys (the guide's, pingone/guide.ts). They run even when single keys failed, so every problem
        // is reported at once.
        for (const { keys, message } of crossFieldProblems(c, CONFIG_WORDING)) {
          ctx.addIssue({ code: "custom", path: [keys.join("|")], message });
        }
      },
      { when: () => true },
    );
}

const KNOWN_KEYS = () => Object.keys(stackoneConfigSchema().shape);

/**
 * Validates the stack configuration and applies the defaults. `config` maps full keys (`stackone:environmentId`,
 * `pingone:regionCode`, …) to values; keys of other namespaces are ignored. Throws a {@link StackConfigError}
 * listing every problem.
 */
export function parseStackConfig(config: Readonly<Record<string, unknown>>, options: ParseOptions = {}): StackConfig {
  const env = options.env ?? {};
  const secretKeys = options.secretKeys ?? new Set<string>();
  const problems: { key: string; message: string }[] = [];

  const input: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(config)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    input[key] = fromText(key, value);
  }

  const result = stackoneConfigSchema().safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const known = KNOWN_KEYS();
          const near = known.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
          problems.push({
            key: `${NAMESPACE}:${escapeForDisplay(key)}`,
            message:
              `is not a setting of this program${near !== undefined ? ` (did you mean ${NAMESPACE}:${near}?)` : ""}; ` +
              `expected one of ${known.map((k) => `${NAMESPACE}:${k}`).join(", ")}`,
          });
        }
      } else {
        const key = String(issue.path[0])
          .split("|")
          .map((k) => `${NAMESPACE}:${k}`)
          .join(" / ");
        problems.push({ key, message: issue.message });
      }
    }
  }

  const iconPath = input.iconPath;
  if (typeof iconPath === "string" && iconPath.trim() !== "" && options.readFile !== undefined) {
    const problem = iconFileProblem(iconPath, options.readFile, options.projectDir);
    if (problem !== undefined) problems.push({ key: `${NAMESPACE}:iconPath`, message: problem });
  }

  // The provider's own settings, by the provider's rule (pingone/core/credentials.ts): a bad one fails here, before
  // any resource is registered. Missing credentials are the provider's to report; the program never uses them. Where
  // the secret keys are known (the program's runtime knows them), a client secret set without `--secret` is refused:
  // Pulumi would keep it unencrypted in the stack file, the state, its history and backups.
  const credentials = validateStackCredentialSettings(config, env, options.secretKeys);
  for (const failure of credentials.failures)
    problems.push({ key: credentialFailureLabel(failure), message: failure.message });
  const { regionCode, authUrl } = credentials.settings;

  if (problems.length > 0) {
    throw new StackConfigError(
      problems.map(({ key, message }) => `${key}: ${redact(key, message, input, secretKeys)}`),
      configHint(options.settingsSource),
    );
  }
  const data = result.data as StackConfig;
  return {
    ...data,
    regionCode: (regionCode as RegionCode | undefined) ?? "NA",
    ...(authUrl !== undefined ? { authUrl } : {}),
  };
}

function iconFileProblem(
  iconPath: string,
  readFile: (path: string) => Uint8Array | undefined,
  projectDir: string | undefined,
): string | undefined {
  const allowed = "expected a PNG, JPEG or GIF file of at most 1 MB, relative to the project directory";
  let file = iconPath;
  if (projectDir !== undefined) {
    const where = resolveIconPath(iconPath, projectDir);
    if ("problem" in where)
      return `${show(iconPath)} ${where.problem}; expected a PNG, JPEG or GIF file inside the project directory`;
    file = where.path;
  }
  const bytes = readFile(file);
  if (bytes === undefined) return `${show(iconPath)} cannot be read; ${allowed}`;
  if (bytes.length > MAX_ICON_BYTES) return `${show(iconPath)} is ${bytes.length} bytes; ${allowed}`;
  if (sniffImageType(bytes) === undefined) return `${show(iconPath)} is not a PNG, JPEG or GIF image; ${allowed}`;
  return undefined;
}

/** Levenshtein distance, for "did you mean" on a mistyped key. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Hides the values of secret keys: as the leading value of their own problems, and wherever else they appear. */
function redact(
  key: string,
  message: string,
  input: Readonly<Record<string, unknown>>,
  secretKeys: ReadonlySet<string>,
): string {
  let out = message;
  for (const secretKey of secretKeys) {
    if (!secretKey.startsWith(`${NAMESPACE}:`)) continue;
    const shown = show(input[secretKey.slice(NAMESPACE.length + 1)]);
    if (key === secretKey && out.startsWith(shown)) out = `[secret]${out.slice(shown.length)}`;
    if (shown.startsWith('"') || shown.length >= 4) out = out.split(shown).join("[secret]");
  }
  return out;
}

/** The component's arguments for a validated configuration. */
export function workerAppSettings(config: StackConfig): WorkerAppSettings {
  return {
    environmentId: config.environmentId,
    appName: config.appName,
    ...(config.description !== undefined ? { description: config.description } : {}),
    ...(config.iconPath !== undefined ? { iconPath: config.iconPath } : {}),
    ...(config.redirectUri !== undefined ? { redirectUri: config.redirectUri } : {}),
    ...(config.scopes !== undefined ? { scopes: config.scopes } : {}),
    refreshTokenDurationDays: config.refreshTokenDurationDays,
    refreshTokenRollingDurationDays: config.refreshTokenRollingDurationDays,
    ...(config.groups !== undefined && config.groups.length > 0
      ? { groups: config.groups, groupPolicy: config.groupPolicy ?? "ANY_GROUP" }
      : {}),
    adminRole: config.adminRole,
    ...(config.signInUsername !== undefined ? { signInUsername: config.signInUsername } : {}),
    ...(config.signInUserId !== undefined ? { signInUserId: config.signInUserId } : {}),
    ...(config.signInGroupName !== undefined ? { signInGroupName: config.signInGroupName } : {}),
    ...(config.rotateSecret !== undefined
      ? {
          secretRotation: {
            trigger: config.rotateSecret,
            ...(config.keepPreviousSecretMinutes !== undefined
              ? { keepPreviousForSeconds: config.keepPreviousSecretMinutes * 60 }
              : {}),
          },
        }
      : {}),
    ...(config.adoptApplicationId !== undefined ? { adoptApplicationId: config.adoptApplicationId } : {}),
    regionCode: config.regionCode,
    ...(config.authUrl !== undefined ? { authUrl: config.authUrl } : {}),
    ...(config.protect ? { protect: true } : {}),
  };
}
