import { defineConfig } from "vite";

// A plain React build (esbuild's automatic JSX runtime): the storefront is static files plus /config.json, which
// scripts/serve.mjs answers with the Medusa URL and publishable key, so one build runs against any Medusa.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
