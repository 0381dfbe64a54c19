import { defineConfig } from "vitest/config";

// The storefront in Chromium against a whole sandbox: one file, no parallelism, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
