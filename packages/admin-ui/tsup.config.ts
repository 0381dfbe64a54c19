import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  target: "es2020",
  // Supplied by the Medusa admin (one React, one React Query client, one @medusajs/ui): never bundled.
  external: ["react", "react-dom", "react/jsx-runtime", /^@medusajs\//, /^@tanstack\//],
  esbuildOptions(options) {
    options.jsx = "automatic";
  },
});
