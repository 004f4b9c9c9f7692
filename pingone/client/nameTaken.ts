import type { Application } from "./types";

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
