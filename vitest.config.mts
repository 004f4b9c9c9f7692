import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "dist/**", ".work/**"],
    globalSetup: ["tests/contract/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
