import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  target: "es2020",
  // The storefront's own React; the "use client" banner lets a Next.js app router page import it from a server file.
  external: ["react", "react-dom", "react/jsx-runtime"],
  banner: { js: '"use client";' },
  esbuildOptions(options) {
    options.jsx = "automatic";
  },
});
