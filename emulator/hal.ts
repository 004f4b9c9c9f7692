/** HAL collections as PingOne returns them: `_links.self`, `_links.next` (when more), `_embedded.<name>`, `count`, `size`. */
import { invalidValue, shown } from "./errors";

export interface PageRequest {
  /** Absolute URL of the collection, without query string. */
  baseUrl: string;
  query: URLSearchParams;
  defaultLimit: number;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    /* falls through to the error below */
  }
  throw invalidValue("cursor", `cursor ${shown(cursor)} is not a cursor this collection returned in _links.next.href`);
}

export function hal(name: string, items: unknown[], req: PageRequest): Record<string, unknown> {
  let limit = req.defaultLimit;
  const rawLimit = req.query.get("limit");
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || n < 1 || n > 1000)
      throw invalidValue("limit", `limit must be an integer between 1 and 1000; got ${shown(rawLimit)}`, {
        rangeMinimumValue: 1,
        rangeMaximumValue: 1000,
      });
    limit = n;
  }
  const rawCursor = req.query.get("cursor");
  const offset = rawCursor === null ? 0 : decodeCursor(rawCursor);
  const page = items.slice(offset, offset + limit);
  const qs = req.query.toString();
  const links: Record<string, { href: string }> = { self: { href: qs ? `${req.baseUrl}?${qs}` : req.baseUrl } };
  if (offset + limit < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("limit", String(limit));
    next.set("cursor", encodeCursor(offset + limit));
    links.next = { href: `${req.baseUrl}?${next.toString()}` };
  }
  return { _links: links, _embedded: { [name]: page }, count: items.length, size: page.length };
}
