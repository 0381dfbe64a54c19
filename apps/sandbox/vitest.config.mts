import { defineConfig } from "vitest/config";

// One end-to-end file that starts the whole sandbox: no parallelism, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
