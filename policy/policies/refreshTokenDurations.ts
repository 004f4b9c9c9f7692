import type { ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_REFRESH_TOKEN_SECONDS, MIN_REFRESH_TOKEN_SECONDS } from "../../pingone/guide";
import { checkRefreshTokenDurations, DEFAULT_REFRESH_TOKEN_CONFIG, resolveRefreshTokenConfig } from "../rules";
import { validatePingOne } from "./common";

const seconds = (description: string, defaultValue: number) => ({
  type: "integer" as const,
  minimum: MIN_REFRESH_TOKEN_SECONDS,
  maximum: MAX_REFRESH_TOKEN_SECONDS,
  default: defaultValue,
  description,
});

export const refreshTokenDurations: ResourceValidationPolicy = {
  name: "pingone-refresh-token-durations",
  description:
    "The refresh token duration is within the configured bounds and not longer than the rolling duration, " +
    "which is within its own bound.",
  severity: "medium",
  configSchema: {
    properties: {
      minRefreshTokenDurationSeconds: seconds(
        "Shortest allowed refreshTokenDuration.",
        DEFAULT_REFRESH_TOKEN_CONFIG.minRefreshTokenDurationSeconds,
      ),
      maxRefreshTokenDurationSeconds: seconds(
        "Longest allowed refreshTokenDuration (default 30 days).",
        DEFAULT_REFRESH_TOKEN_CONFIG.maxRefreshTokenDurationSeconds,
      ),
      maxRefreshTokenRollingDurationSeconds: seconds(
        "Longest allowed refreshTokenRollingDuration (default 180 days).",
        DEFAULT_REFRESH_TOKEN_CONFIG.maxRefreshTokenRollingDurationSeconds,
      ),
    },
  },
  validateResource: validatePingOne("Application", (props, args) =>
    checkRefreshTokenDurations(
      {
        refreshTokenDuration: props.refreshTokenDuration,
        refreshTokenRollingDuration: props.refreshTokenRollingDuration,
      },
      resolveRefreshTokenConfig(args.getConfig<Record<string, unknown>>()),
    ),
  ),
};
