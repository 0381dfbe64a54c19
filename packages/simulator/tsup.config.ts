import { defineConfig } from "tsup";

// dist/ is emptied by the build script first (three configs build in parallel, so none of them cleans).
const common = { outDir: "dist", target: "node20", sourcemap: true, clean: false } as const;

export default defineConfig([
  { ...common, entry: { index: "src/index.ts", msw: "src/msw.ts" }, format: ["esm", "cjs"], dts: true },
  // The executable: only dist/bin.js gets the shebang.
  { ...common, entry: { bin: "src/bin.ts" }, format: ["esm"], dts: false, banner: { js: "#!/usr/bin/env node" } },
  { ...common, entry: { bin: "src/bin.ts" }, format: ["cjs"], dts: false },
]);
