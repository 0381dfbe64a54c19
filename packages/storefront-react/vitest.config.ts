import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    // DOM only where a test asks for it (`// @vitest-environment happy-dom`); pure logic runs in node.
    environment: "node",
  },
});
