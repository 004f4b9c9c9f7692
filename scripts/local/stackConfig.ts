/**
 * The local stack's configuration, derived on every run of `scripts/local.sh`:
 *
 *   the user's `Pulumi.local.yaml` (if any; never written)
 *   + `stackone:environmentId` / `stackone:signInUsername` from the running emulator, where the user set none
 *   + the passphrase salt Pulumi stored in the previous derived file (it belongs to `.work/passphrase`)
 *   → `.work/stack/Pulumi.local.yaml`, given to Pulumi with `--config-file`.
 *
 * The provisioner's credentials are not written here: they reach the program as `PINGONE_*` environment variables,
 * which `pingone:*` keys in the user's file override.
 */
import { isMap, parseDocument, type Document } from "yaml";
import type { EmulatorInfo } from "../../emulator/types";

/** The keys the emulator can supply, and the user keys that make each one unnecessary. */
const TARGET_KEYS = {
  "stackone:environmentId": ["stackone:environmentId"],
  "stackone:signInUsername": ["stackone:signInUsername", "stackone:signInUserId"],
} as const;

export type TargetKey = keyof typeof TARGET_KEYS;

/** What the emulator offers as the local target: its default environment and that environment's first user. */
export function emulatorTarget(info: Pick<EmulatorInfo, "environmentId" | "users">): Record<TargetKey, string> {
  const user = info.users.find((u) => u.environmentId === info.environmentId);
  if (user === undefined) {
    throw new Error(`the emulator reported no user in its default environment ${info.environmentId}`);
  }
  return { "stackone:environmentId": info.environmentId, "stackone:signInUsername": user.username };
}

export interface DerivedStackConfig {
  /** The YAML to write to the derived stack config file. */
  yaml: string;
  /** The keys taken from the emulator (the others were the user's). */
  filled: TargetKey[];
}

function parse(text: string | undefined, what: string): Document | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new Error(`${what} is not valid YAML: ${doc.errors[0].message}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new Error(`${what} must be a YAML mapping (with a \`config:\` section); it is not`);
  }
  return doc;
}

/**
 * Derives the local stack's config file. `userYaml` is the project's `Pulumi.local.yaml` (undefined if absent),
 * `previousYaml` the previously derived file (for its `encryptionsalt`), `target` what the emulator offers.
 */
export function deriveStackConfig(
  userYaml: string | undefined,
  previousYaml: string | undefined,
  target: Record<TargetKey, string>,
  userFileName = "Pulumi.local.yaml",
): DerivedStackConfig {
  const doc = parse(userYaml, userFileName) ?? parseDocument("{}");
  const previous = parse(previousYaml, "the previous derived stack config");

  const config = doc.get("config");
  if (config !== undefined && config !== null && !isMap(config)) {
    throw new Error(`${userFileName}: \`config\` must be a mapping of keys to values`);
  }
  const has = (key: string) => doc.hasIn(["config", key]);

  const filled: TargetKey[] = [];
  for (const [key, satisfiedBy] of Object.entries(TARGET_KEYS) as [TargetKey, readonly string[]][]) {
    if (satisfiedBy.some(has)) continue;
    doc.setIn(["config", key], target[key]);
    filled.push(key);
  }

  // The salt checks the passphrase: it must be the one stored with this checkout's .work/passphrase, so the
  // user's own (if committed) is replaced by ours, and a fresh stack gets a new one from Pulumi.
  doc.delete("encryptionsalt");
  const salt = previous?.get("encryptionsalt");
  if (typeof salt === "string" && salt !== "") doc.set("encryptionsalt", salt);

  return { yaml: doc.toString(), filled };
}
