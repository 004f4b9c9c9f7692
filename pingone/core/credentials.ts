/**
 * The provisioner's own credentials: read from stack config (`pingone:*`) or the environment (`PINGONE_*`) at run
 * time, validated, and turned into client options. Nothing here is ever stored in a resource or its provider.
 */
import type { PingOneClientOptions } from "../client/api";
import type { RegionCode } from "../client/types";

export const REGION_CODES: readonly RegionCode[] = ["NA", "EU", "AP", "AU", "CA", "SG"];

/** Each setting: its stack config key, its environment variable, and whether it is required. */
export const CREDENTIAL_SETTINGS = [
  { option: "clientId", configKey: "pingone:clientId", envVar: "PINGONE_CLIENT_ID", required: true },
  { option: "clientSecret", configKey: "pingone:clientSecret", envVar: "PINGONE_CLIENT_SECRET", required: true },
  { option: "environmentId", configKey: "pingone:environmentId", envVar: "PINGONE_ENVIRONMENT_ID", required: true },
  { option: "regionCode", configKey: "pingone:regionCode", envVar: "PINGONE_REGION_CODE", required: false },
  { option: "apiUrl", configKey: "pingone:apiUrl", envVar: "PINGONE_API_URL", required: false },
  { option: "authUrl", configKey: "pingone:authUrl", envVar: "PINGONE_AUTH_URL", required: false },
  {
    option: "tokenEndpointAuthMethod",
    configKey: "pingone:tokenEndpointAuthMethod",
    envVar: "PINGONE_TOKEN_ENDPOINT_AUTH_METHOD",
    required: false,
  },
] as const;

/**
 * Resolves the client options: each setting from `config(key)` first, then `env[VAR]`; blank counts as unset.
 * Throws one error listing every missing required setting, or naming an invalid value (never a secret's value).
 */
export function resolveClientOptions(
  config: (key: string) => string | undefined,
  env: Record<string, string | undefined>,
): PingOneClientOptions {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const s of CREDENTIAL_SETTINGS) {
    const fromConfig = config(s.configKey);
    const value = fromConfig !== undefined && fromConfig.trim() !== "" ? fromConfig : env[s.envVar];
    if (value !== undefined && value.trim() !== "") values[s.option] = value.trim();
    else if (s.required) missing.push(`${s.configKey} (or ${s.envVar})`);
  }
  if (missing.length) {
    throw new Error(
      `PingOne provider credentials are missing: ${missing.join(", ")}. Set them with \`pulumi config set <key>\` ` +
        `(\`--secret\` for pingone:clientSecret) or as environment variables.`,
    );
  }
  const options: PingOneClientOptions = {
    clientId: values.clientId,
    clientSecret: values.clientSecret,
    environmentId: values.environmentId,
  };
  if (values.regionCode !== undefined) {
    const region = values.regionCode.toUpperCase();
    if (!(REGION_CODES as readonly string[]).includes(region)) {
      throw new Error(
        `pingone:regionCode (or PINGONE_REGION_CODE) was ${JSON.stringify(values.regionCode)}; allowed: ${REGION_CODES.join(", ")}`,
      );
    }
    options.regionCode = region as RegionCode;
  }
  for (const key of ["apiUrl", "authUrl"] as const) {
    const v = values[key];
    if (v === undefined) continue;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new Error(`pingone:${key} (or PINGONE_${key === "apiUrl" ? "API" : "AUTH"}_URL) was ${JSON.stringify(v)}; an absolute http(s) URL is required`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new Error(`pingone:${key} (or PINGONE_${key === "apiUrl" ? "API" : "AUTH"}_URL) was ${JSON.stringify(v)}; an absolute http(s) URL is required`);
    }
    options[key] = v.replace(/\/+$/, "");
  }
  if (values.tokenEndpointAuthMethod !== undefined) {
    const m = values.tokenEndpointAuthMethod;
    if (m !== "CLIENT_SECRET_BASIC" && m !== "CLIENT_SECRET_POST") {
      throw new Error(
        `pingone:tokenEndpointAuthMethod (or PINGONE_TOKEN_ENDPOINT_AUTH_METHOD) was ${JSON.stringify(m)}; allowed: CLIENT_SECRET_BASIC, CLIENT_SECRET_POST`,
      );
    }
    options.tokenEndpointAuthMethod = m;
  }
  return options;
}

/** The key under which clients with these credentials share one token (no secret in it). */
export function tokenCacheKey(options: PingOneClientOptions): string {
  return [options.authUrl ?? `region:${options.regionCode ?? "NA"}`, options.environmentId, options.clientId].join("|");
}
