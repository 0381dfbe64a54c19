#!/usr/bin/env node
// Serves the example storefront's build (dist/) and /config.json: where Medusa is and its publishable key, from
// MEDUSA_BACKEND_URL and MEDUSA_PUBLISHABLE_KEY, or else from the sandbox's sandbox.json (SANDBOX_DATA_DIR, by
// default apps/sandbox/.data), so `pnpm storefront` beside a running `pnpm start` needs no setup. PORT (default
// 8000, the Next.js starter's). Medusa's storeCors must allow this origin (the sandbox allows any).
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";

const APP = resolve(import.meta.dirname, "..");
const DIST = join(APP, "dist");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function config() {
  if (process.env.MEDUSA_BACKEND_URL && process.env.MEDUSA_PUBLISHABLE_KEY) {
    return { medusaUrl: process.env.MEDUSA_BACKEND_URL, publishableKey: process.env.MEDUSA_PUBLISHABLE_KEY };
  }
  const file = join(resolve(process.env.SANDBOX_DATA_DIR ?? join(APP, "..", "sandbox", ".data")), "sandbox.json");
  if (!existsSync(file)) {
    throw new Error(`Set MEDUSA_BACKEND_URL and MEDUSA_PUBLISHABLE_KEY, or start the sandbox first (no ${file}).`);
  }
  const info = JSON.parse(readFileSync(file, "utf8"));
  return { medusaUrl: info.medusaUrl, publishableKey: info.publishableKey };
}

if (!existsSync(join(DIST, "index.html"))) {
  console.error("No build yet: run `pnpm --filter @mixpay-pos/storefront-example build` first.");
  process.exit(1);
}
const shopConfig = config();
const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (path === "/config.json") {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(shopConfig));
    return;
  }
  // A file of the build, or the page itself (one page app); never a path outside dist/.
  const file = normalize(join(DIST, path));
  const found = file.startsWith(DIST) && existsSync(file) && extname(file) ? file : join(DIST, "index.html");
  res.writeHead(200, { "content-type": TYPES[extname(found)] ?? "application/octet-stream" });
  res.end(req.method === "HEAD" ? undefined : readFileSync(found));
});
server.listen(Number(process.env.PORT ?? 8000), () => {
  const { port } = server.address();
  console.log(`MixPay storefront example on http://localhost:${port} (Medusa ${shopConfig.medusaUrl})`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
