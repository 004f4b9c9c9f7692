import { PingOneApiError } from "./errors";
import type { HttpTransport } from "./http";

/** Most pages followed in one listing: a guard against a server that links in circles. */
const MAX_PAGES = 10_000;

/**
 * Reads a whole HAL collection: `_embedded[<name>]` of each page, following `_links.next.href` until it is absent.
 * A `next` link must stay on the API's own origin (the bearer token is never sent elsewhere) and never repeat.
 */
export async function listAll<T>(
  http: HttpTransport,
  operation: string,
  firstUrl: string,
  embeddedName: string,
  relatedIds: string[],
): Promise<T[]> {
  const origin = new URL(http.apiUrl()).origin;
  const items: T[] = [];
  const seen: string[] = [];
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    if (seen.length >= MAX_PAGES || seen.includes(url)) {
      throw new PingOneApiError({
        operation,
        status: 200,
        summary: `the collection's next links loop or exceed ${MAX_PAGES} pages (at ${url})`,
      });
    }
    seen.push(url);
    const page = await http.call({ operation, method: "GET", url, relatedIds });
    const body = (page.body ?? {}) as { _embedded?: Record<string, unknown>; _links?: { next?: { href?: unknown } } };
    const embedded = body._embedded?.[embeddedName];
    if (embedded !== undefined && !Array.isArray(embedded)) {
      throw new PingOneApiError({
        operation,
        status: page.status,
        summary: `${page.status} unexpected response: _embedded.${embeddedName} is not an array`,
      });
    }
    items.push(...((embedded ?? []) as T[]));
    const next = body._links?.next?.href;
    if (next === undefined || next === null || next === "") {
      url = undefined;
    } else {
      if (typeof next !== "string") {
        throw new PingOneApiError({ operation, status: page.status, summary: `${page.status} unexpected response: _links.next.href is not a string` });
      }
      const resolved: URL = new URL(next, url);
      if (resolved.origin !== origin) {
        throw new PingOneApiError({
          operation,
          status: page.status,
          summary: `${page.status} refusing to follow a next link to another origin (${resolved.origin}, expected ${origin})`,
        });
      }
      url = resolved.toString();
    }
  }
  return items;
}
