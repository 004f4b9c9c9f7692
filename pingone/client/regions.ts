import { isLoopbackHost, REGION_CODES, regionBaseUrls, type RegionCode } from "../guide";

export { isLoopbackHost };

/** The region codes PingOne serves, in the order its documentation lists them (the guide's table, ../guide.ts). */
export function regionCodes(): RegionCode[] {
  return [...REGION_CODES];
}

/**
 * The API and auth base URLs of a PingOne region: `apiUrl` ends in `/v1`, the token endpoint is
 * `${authUrl}/${environmentId}/as/token`.
 */
export function regionHosts(code: RegionCode): { apiUrl: string; authUrl: string } {
  const hosts = regionBaseUrls(code);
  if (hosts === undefined) {
    throw new Error(`Invalid PingOne regionCode ${JSON.stringify(code)}: expected one of ${regionCodes().join(", ")}`);
  }
  return hosts;
}

/**
 * Checks a base URL given in the options and returns it without a trailing slash. https is required, except for
 * loopback hosts (the local emulator) where http is allowed too. No credentials, query or fragment.
 * `mustEndWithV1` is for `apiUrl`, whose path names the API version.
 */
export function checkBaseUrl(option: string, value: unknown, mustEndWithV1: boolean): string {
  const checked = baseUrlCheck(value, mustEndWithV1);
  if ("problem" in checked) throw new Error(`Invalid PingOne client option ${option}: ${checked.problem}`);
  return checked.base;
}

/**
 * The rule behind {@link checkBaseUrl}, without throwing: the base URL, or the problem (naming the value, never
 * credentials in it, and what is allowed). The provider's settings check (core/credentials.ts) uses it too.
 */
export function baseUrlCheck(value: unknown, mustEndWithV1: boolean): { base: string } | { problem: string } {
  if (typeof value !== "string" || value.trim() === "")
    return { problem: `expected an https URL, got ${describe(value)}` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${describe(value)} is not a URL` };
  }
  if (url.username !== "" || url.password !== "") return { problem: "the URL must not carry credentials" };
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      problem:
        `${describe(value)} uses ${url.protocol.replace(/:$/, "")}; ` +
        "expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)",
    };
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return {
      problem: `${describe(value)} uses plain http; expected https (http only for a loopback host: 127.0.0.0/8, localhost, ::1)`,
    };
  }
  if (url.search !== "" || url.hash !== "") return { problem: `${describe(value)} must not have a query or fragment` };
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  if (mustEndWithV1 && !base.endsWith("/v1")) {
    return { problem: `${describe(value)} must end in /v1 (e.g. https://api.pingone.com/v1)` };
  }
  return { base };
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return `a value of type ${Array.isArray(value) ? "array" : typeof value}`;
}
