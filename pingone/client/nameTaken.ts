import type { Application } from "./types";

/**
 * A name as it is sent and compared: Unicode NFC, so `Café` typed (precomposed é) and pasted (e + combining accent)
 * are one name, as they look — never two applications or groups that cannot be told apart. The provider normalises
 * the names of its inputs with it (Check), and the client compares names found in PingOne with it.
 */
export function normalizeName(name: string): string {
  return name.normalize("NFC");
}

/** Whether two names are the same once normalised ({@link normalizeName}); `caseless` also ignores case (groups). */
export function sameName(a: unknown, b: string, caseless = false): boolean {
  if (typeof a !== "string") return false;
  const [x, y] = [normalizeName(a), normalizeName(b)];
  return caseless ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/**
 * A create refused because the environment holds another application of that name, and names are kept unique
 * (pingone/core/application.ts): found before the POST (nothing was sent), or created by another writer while the
 * create ran (`note` then says what became of the application this create made). Carries the applications found, so
 * the caller can say which one and how to take it over. Never holds a secret.
 */
export class ApplicationNameTakenError extends Error {
  readonly environmentId: string;
  readonly applicationName: string;
  readonly existing: { id: string; createdAt?: string }[];

  constructor(environmentId: string, name: string, existing: Application[], note?: string) {
    const list = existing.map((a) => `${a.id}${a.createdAt ? `, created ${a.createdAt}` : ""}`).join("; ");
    super(
      `An application named ${JSON.stringify(name)} already exists in environment ${environmentId} (${list}); ` +
        (note ?? `application names are kept unique in an environment, so it was not created again`),
    );
    this.name = "ApplicationNameTakenError";
    this.environmentId = environmentId;
    this.applicationName = name;
    this.existing = existing.map((a) => ({ id: a.id, ...(a.createdAt ? { createdAt: a.createdAt } : {}) }));
  }
}
