import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "es2020",
  },
  {
    // One self-contained ES module for a page with no build step (the sandbox's POS page imports it as is).
    entry: { "browser/sale-engine": "src/index.ts" },
    format: ["esm"],
    platform: "browser",
    target: "es2020",
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
  },
]);
