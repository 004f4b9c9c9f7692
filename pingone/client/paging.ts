import { PingOneApiError } from "./errors";
import type { HttpTransport } from "./http";

/** Most pages followed in one listing: a guard against a server that links in circles. */
const MAX_PAGES = 10_000;

type Page = { items: unknown[]; _links?: { next?: { href?: unknown } } };

/**
 * One page of a HAL collection, checked: a JSON object whose `_embedded[<name>]` is an array of objects each with a
 * string `id`. PingOne's description makes `_embedded` optional, so a page without it is accepted only when it says
 * it is empty (`count` or `size` 0); anything else — no JSON, `null`, `{}`, a cut document, items without ids — is a
 * malformed answer and an error naming the operation, never an empty list: a caller that read it as "none" would
 * create a duplicate or drop a live object from the stack as deleted.
 */
export function collectionPage(operation: string, status: number, raw: unknown, embeddedName: string): Page {
  const malformed = (what: string) =>
    new PingOneApiError({
      operation,
      status,
      summary: `${status} malformed response: ${what}; the answer is not read as an empty list`,
    });
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw malformed(
      raw === undefined
        ? "the body is not JSON (empty or cut short)"
        : `the body is ${raw === null ? "null" : Array.isArray(raw) ? "an array" : `a ${typeof raw}`}, not a collection`,
    );
  }
  const body = raw as { _embedded?: unknown; _links?: unknown; count?: unknown; size?: unknown };
  if (body._links !== undefined && (body._links === null || typeof body._links !== "object"))
    throw malformed("_links is not an object");
  const links = body._links as Page["_links"];
  const embedded = body._embedded;
  if (embedded !== undefined && (embedded === null || typeof embedded !== "object" || Array.isArray(embedded))) {
    throw malformed("_embedded is not an object");
  }
  const list = (embedded as Record<string, unknown> | undefined)?.[embeddedName];
  if (list === undefined) {
    if (body.count === 0 || body.size === 0) return { items: [], _links: links };
    throw malformed(`no _embedded.${embeddedName} and no count or size of 0`);
  }
  if (!Array.isArray(list)) throw malformed(`_embedded.${embeddedName} is not an array`);
  list.forEach((item, i) => {
    if (item === null || typeof item !== "object" || typeof (item as { id?: unknown }).id !== "string") {
      throw malformed(`_embedded.${embeddedName}[${i}] is not an object with an id`);
    }
  });
  return { items: list, _links: links };
}

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
    const body = collectionPage(operation, page.status, page.body, embeddedName);
    items.push(...(body.items as T[]));
    const next = body._links?.next?.href;
    if (next === undefined || next === null || next === "") {
      url = undefined;
    } else {
      if (typeof next !== "string") {
        throw new PingOneApiError({
          operation,
          status: page.status,
          summary: `${page.status} unexpected response: _links.next.href is not a string`,
        });
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
