import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // uuid 14 is ESM-only: bundle it so the CommonJS build also loads under jest and older require() hosts.
    noExternal: ["uuid"],
    dts: true,
    sourcemap: true,
    target: "node20",
  },
  {
    entry: ["src/bin.ts"],
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
