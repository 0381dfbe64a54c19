#!/usr/bin/env node
// The install test: what a Medusa developer does with the published packages, outside this workspace.
//
//  1. A local registry (verdaccio, installed from the npm registry into a temp dir) gets every published package,
//     packed by pnpm as a release is (workspace:* becomes the real version).
//  2. For the lowest Medusa patch the plugin's peer range accepts and for the one this repository builds against:
//     a fresh Medusa app written by hand (package.json, tsconfig.json, medusa-config.ts as the plugin README tells a
//     host to write it) is installed with plain npm; the plugin is added with the plugin README's own install
//     command; then `medusa db:migrate` on a fresh database, `medusa build`, and production as Medusa documents it:
//     `cd .medusa/server && npm install && npm run start`.
//  3. Through the HTTP API only, as a shop would: an admin, a region with pp_mixpay_mixpay, a product, MixPay's
//     settings pointing at the published simulator (`mixpay-simulator`), then a store cart → payment collection →
//     MixPay session → the simulator pays → the sale becomes an order whose payment is captured.
//  4. A storefront: `npm install @mixpay-pos/storefront-react` with React 19 and Medusa's JS SDK, as a Next.js
//     starter has them; the package loads as ESM and as CommonJS, its stylesheet is there, and its checkout renders
//     on the server with the cart's QR code and link.
//
// Needs built packages (`npm test` builds first), PostgreSQL (DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD; default
// localhost:5432, postgres/postgres) and the npm registry npm is configured with (`npm config get registry`, which
// the local registry uses as its uplink).
//
// Usage: node scripts/install-test.mjs [--report file.json] [--keep] [--medusa 2.21.0,2.21.2]
// Exit code 0 when every check passed.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { createReport } from "./lib/report.mjs";

const root = join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const keep = argv.includes("--keep");
const reportFile = option("--report");

const VERDACCIO = "6.8.0";
const SCOPE = "@mixpay-pos";
const PROVIDER_ID = "pp_mixpay_mixpay";
const ADMIN = { email: "admin@install-test.local", password: "install-test-password" };
// The simulator's demo payee and USDT (ERC-20): what the plugin's own tests configure.
const PAYEE_ID = "5b2d4e8a-1c3f-4a6b-9d7e-2f8a0c1b3d5e";
const SETTLEMENT_ASSET_ID = "4d8c508b-91c5-375b-92b0-ee702ed2dac5";

const tmp = mkdtempSync(join(tmpdir(), "mixpay-install-test-"));
const logs = join(tmp, "logs");
mkdirSync(logs);
const npmCache = join(tmp, "npm-cache"); // shared by every install of this run
const children = new Set();

// ---------------------------------------------------------------------------------------------------------------
// Processes

/** The environment of everything run outside the workspace: no npm/pnpm script variables, no workspace binaries. */
function outsideEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^(npm_package_|npm_lifecycle_|pnpm_)/i.test(key) ||
      /^(npm_config_local_prefix|npm_config_user_agent|npm_execpath|npm_node_execpath|npm_command|INIT_CWD)$/i.test(
        key,
      ) ||
      /^npm_config_verify_deps_before_run$/i.test(key)
    ) {
      delete env[key];
    }
  }
  env.PATH = (env.PATH ?? "")
    .split(delimiter)
    .filter((p) => p && !p.startsWith(root))
    .join(delimiter);
  return {
    ...env,
    npm_config_cache: npmCache,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    MEDUSA_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "1",
    ...extra,
  };
}

function tail(file, lines = 40) {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

/** Runs a command to its end (output to a log file), timed; throws with the log's tail when it fails. */
function run(step, cmd, args, { cwd, env = outsideEnv(), timeoutMs = 10 * 60_000, quiet = false } = {}) {
  const log = join(logs, `${step.replace(/[^A-Za-z0-9.-]+/g, "_")}.log`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const out = openSync(log, "a");
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", out, out] });
    children.add(child);
    const timer = setTimeout(() => kill(child), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const ms = Date.now() - started;
      if (!quiet) console.log(`    ${step}: ${(ms / 1000).toFixed(1)} s`);
      if (code === 0) resolve(readFileSync(log, "utf8"));
      else
        reject(
          new Error(
            `${step} (${cmd} ${args.join(" ")} in ${cwd}) ended with ${signal ?? `exit code ${code}`}:\n${tail(log)}`,
          ),
        );
    });
  });
}

/** Starts a long-running process in its own process group; its output goes to a log file. */
function start(name, cmd, args, { cwd, env = outsideEnv() } = {}) {
  const log = join(logs, `${name}.log`);
  const out = openSync(log, "a");
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", out, out] });
  child.log = log;
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

function kill(child, signal = "SIGTERM") {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  kill(child);
  const timer = setTimeout(() => kill(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) kill(child, "SIGKILL");
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `url` answers 2xx; fails early when `child` exits. */
async function waitForHttp(url, child, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited before answering ${url}:\n${tail(child.log)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${tail(child.log)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Packages, versions, the registry

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function publishedPackages() {
  return readdirSync(join(root, "packages"))
    .map((name) => ({ dir: join(root, "packages", name), pkg: readJson(join(root, "packages", name, "package.json")) }))
    .filter(({ pkg }) => !pkg.private);
}

/** The lowest Medusa patch the plugin's peer range accepts, and the one the workspace builds and tests against. */
function medusaVersions() {
  const plugin = readJson(join(root, "packages", "medusa-plugin", "package.json"));
  const range = plugin.peerDependencies["@medusajs/framework"];
  const lowest = /^(?:~|\^|>=\s*)?(\d+\.\d+\.\d+)/.exec(range)?.[1];
  const current = plugin.devDependencies["@medusajs/framework"];
  if (!lowest || !/^\d+\.\d+\.\d+$/.test(current)) {
    throw new Error(`cannot read Medusa versions from the plugin (peer "${range}", dev "${current}")`);
  }
  const wanted = option("--medusa")?.split(",") ?? [lowest, current];
  return [...new Set(wanted)];
}

/** The command the plugin README gives for installing it ("Install into a Medusa app"). */
function readmeInstallCommand() {
  const readme = readFileSync(join(root, "packages", "medusa-plugin", "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Install"));
  const line = section
    ?.split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .find((l) => l.startsWith("npm install "));
  if (!line) throw new Error("the plugin README's Install section has no `npm install …` line");
  return line.split(/\s+/);
}

async function startRegistry() {
  const dir = join(tmp, "verdaccio");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      private: true,
      dependencies: { verdaccio: VERDACCIO },
      // verdaccio 6.8's node-fetch 3 needs a newer Node than 20; 2.7 has the same API for what it uses.
      overrides: { "node-fetch": "2.7.0" },
    }),
  );
  await run("verdaccio install", "npm", ["install", "--ignore-scripts"], { cwd: dir });
  const upstream = (
    await run("npm config get registry", "npm", ["config", "get", "registry"], { cwd: tmp, quiet: true })
  )
    .trim()
    .split("\n")
    .pop();
  const port = await freePort();
  // JSON is YAML: no quoting to get wrong.
  const config = {
    storage: join(dir, "storage"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: -1 } },
    uplinks: { upstream: { url: upstream } },
    packages: {
      // Ours are only ever the ones published here, never proxied from upstream.
      [`${SCOPE}/*`]: { access: "$all", publish: "$all" },
      "**": { access: "$all", publish: "$authenticated", proxy: "upstream" },
    },
    log: { type: "stdout", format: "pretty", level: "warn" },
  };
  writeFileSync(join(dir, "config.yaml"), JSON.stringify(config, null, 2));
  const server = start("verdaccio", join(dir, "node_modules", ".bin", "verdaccio"), [
    "--config",
    join(dir, "config.yaml"),
    "--listen",
    `127.0.0.1:${port}`,
  ]);
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(`${url}-/ping`, server, 60_000, "verdaccio");
  return { server, url };
}

async function publishAll(registry) {
  const tarballs = join(tmp, "tarballs");
  mkdirSync(tarballs);
  const pnpm = join(root, "node_modules", ".bin", "pnpm");
  const userconfig = join(tmp, "publish.npmrc");
  writeFileSync(userconfig, `${registry.url.replace(/^https?:/, "")}:_authToken=install-test\n`);
  const published = [];
  for (const { dir, pkg } of publishedPackages()) {
    await run(`pnpm pack ${pkg.name}`, pnpm, ["pack", "--pack-destination", tarballs], {
      cwd: dir,
      env: process.env,
      quiet: true,
    });
    const file = join(tarballs, `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`);
    const manifest = JSON.parse(
      await run(`read ${pkg.name} manifest`, "tar", ["-xzOf", file, "package/package.json"], { cwd: tmp, quiet: true }),
    );
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
        if (String(spec).startsWith("workspace:")) throw new Error(`${pkg.name} packs ${field}.${name} "${spec}"`);
      }
    }
    await run(
      `npm publish ${pkg.name}`,
      "npm",
      ["publish", file, "--registry", registry.url, "--userconfig", userconfig, "--access", "public"],
      { cwd: tmp, quiet: true },
    );
    published.push(`${pkg.name}@${pkg.version}`);
  }
  return published;
}

// ---------------------------------------------------------------------------------------------------------------
// A shop

const SHOP_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
};

// As the plugin README shows a host's config; allowApiHosts lets the settings point at the local simulator.
const SHOP_CONFIG = `import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: [
    {
      resolve: "@mixpay-pos/medusa-plugin",
      options: { allowApiHosts: ["127.0.0.1"] },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      dependencies: ["mixpay"],
      options: {
        providers: [{ resolve: "@mixpay-pos/medusa-plugin/providers/mixpay", id: "mixpay" }],
      },
    },
  ],
});
`;

function writeShop(dir, version, databaseUrl) {
  mkdirSync(dir);
  const medusa = Object.fromEntries(
    ["@medusajs/admin-sdk", "@medusajs/cli", "@medusajs/framework", "@medusajs/medusa"].map((n) => [n, version]),
  );
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "install-test-shop",
        version: "0.0.1",
        private: true,
        scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
        dependencies: medusa,
        devDependencies: {
          "@swc/core": "^1.15.0",
          "@types/node": "^20.19.0",
          react: "^18.3.1",
          "react-dom": "^18.3.1",
          "ts-node": "^10.9.2",
          typescript: "^5.9.3",
        },
        engines: { node: ">=20" },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(SHOP_TSCONFIG, null, 2)}\n`);
  writeFileSync(join(dir, "medusa-config.ts"), SHOP_CONFIG);
  writeFileSync(
    join(dir, ".env"),
    `DATABASE_URL=${databaseUrl}\nJWT_SECRET=install-test-jwt\nCOOKIE_SECRET=install-test-cookie\n`,
  );
}

function postgresBase() {
  const user = encodeURIComponent(process.env.DB_USERNAME ?? "postgres");
  const password = encodeURIComponent(process.env.DB_PASSWORD ?? "postgres");
  return `postgres://${user}:${password}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}`;
}

/** Runs SQL on the server's `postgres` database with the shop's own `pg`. */
async function adminSql(shopDir, sql) {
  const pg = createRequire(join(shopDir, "package.json"))("pg");
  const client = new pg.Client({ connectionString: `${postgresBase()}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function http(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : {};
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** One paid sale through the HTTP API, from an empty shop to a captured order. */
async function sale(medusa, simulator) {
  const { token } = await http("POST", `${medusa}/auth/user/emailpass`, ADMIN);
  const admin = { authorization: `Bearer ${token}` };
  const { sales_channel: channel } = await http("POST", `${medusa}/admin/sales-channels`, { name: "Till" }, admin);
  const { region } = await http(
    "POST",
    `${medusa}/admin/regions`,
    { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: [PROVIDER_ID] },
    admin,
  );
  const { api_key: key } = await http(
    "POST",
    `${medusa}/admin/api-keys`,
    { title: "Till", type: "publishable" },
    admin,
  );
  await http("POST", `${medusa}/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, admin);
  const { product } = await http(
    "POST",
    `${medusa}/admin/products`,
    {
      title: "Flat white",
      status: "published",
      sales_channels: [{ id: channel.id }],
      options: [{ title: "Size", values: ["Regular"] }],
      variants: [
        {
          title: "Regular",
          manage_inventory: false,
          options: { Size: "Regular" },
          prices: [{ currency_code: "usd", amount: 12.5 }],
        },
      ],
    },
    admin,
  );
  // Saving checks the payee and the asset with "MixPay": the simulator.
  await http(
    "POST",
    `${medusa}/admin/mixpay/settings`,
    {
      payee_id: PAYEE_ID,
      settlement_asset_id: SETTLEMENT_ASSET_ID,
      expiry_minutes: 15,
      api_base_url: `${simulator}/v1`,
      checkout_base_url: simulator,
    },
    admin,
  );

  const store = { "x-publishable-api-key": key.token };
  const { cart } = await http(
    "POST",
    `${medusa}/store/carts`,
    {
      region_id: region.id,
      email: "customer@install-test.local",
      items: [{ variant_id: product.variants[0].id, quantity: 2 }],
    },
    store,
  );
  expect(Number(cart.total) === 25, `cart total ${cart.total}, expected 25`);
  const { payment_collection: collection } = await http(
    "POST",
    `${medusa}/store/payment-collections`,
    { cart_id: cart.id },
    store,
  );
  const withSession = await http(
    "POST",
    `${medusa}/store/payment-collections/${collection.id}/payment-sessions`,
    { provider_id: PROVIDER_ID },
    store,
  );
  const session = withSession.payment_collection.payment_sessions.find((s) => s.provider_id === PROVIDER_ID);
  const traceId = session?.data?.trace_id;
  expect(traceId, `no MixPay session data: ${JSON.stringify(withSession).slice(0, 500)}`);
  expect(String(session.data.pay_url).startsWith(`${simulator}/code/`), `pay_url ${session.data.pay_url}`);
  expect(String(session.data.qr_svg).includes("<svg"), "the session has no QR code");

  // The customer pays in full.
  const paid = await http("POST", `${simulator}/_control/payments/${traceId}`, { action: "pay" });
  expect(paid.status === "success", `the simulator says ${paid.status}`);

  // No callback URL is configured: the POS screen's status poll learns of the payment and completes the sale.
  const until = Date.now() + 60_000;
  let payment;
  for (;;) {
    ({ payment } = await http("GET", `${medusa}/store/mixpay/payments/${traceId}`, undefined, store));
    if (payment.completed || Date.now() > until) break;
    await sleep(1_000);
  }
  expect(payment.status === "paid" && payment.completed, `payment ${JSON.stringify(payment)}`);

  // The storefront's own complete finds the order the sale became.
  const done = await http("POST", `${medusa}/store/carts/${cart.id}/complete`, {}, store);
  expect(done.type === "order", `cart complete answered ${JSON.stringify(done).slice(0, 500)}`);
  const { order } = await http(
    "GET",
    `${medusa}/admin/orders/${done.order.id}?fields=id,total,payment_status,*payment_collections.payments.captures`,
    undefined,
    admin,
  );
  const payments = order.payment_collections.flatMap((c) => c.payments ?? []);
  const captures = payments.flatMap((p) => p.captures ?? []);
  expect(order.payment_status === "captured", `order payment_status ${order.payment_status}`);
  expect(payments.length === 1 && captures.length === 1, `${payments.length} payments, ${captures.length} captures`);
  expect(Number(order.total) === 25, `order total ${order.total}`);
  return { orderId: order.id, traceId };
}

/**
 * One shop, start to end. Its Medusa install may run while the registry is being set up (it needs only the usual
 * registry); `after` orders it behind the previous shop's, so the shared npm cache is filled once.
 */
async function shop(version, { setup, after, installed, installCommand }) {
  const dir = join(tmp, `shop-${version}`);
  const server = join(dir, ".medusa", "server");
  const database = `mixpay_install_${version.replace(/\W/g, "_")}_${process.pid}`;
  writeShop(dir, version, `${postgresBase()}/${database}`);
  try {
    await installAndRun(version, dir, server, database, { setup, after, installed, installCommand });
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function installAndRun(version, dir, server, database, { setup, after, installed, installCommand }) {
  // A fresh Medusa app…
  try {
    await after;
    await run(`${version} npm install`, "npm", ["install"], { cwd: dir });
  } finally {
    installed();
  }
  // …then the plugin, exactly as its README says. The local registry stands in for npmjs, for our scope only.
  const ready = await setup;
  if (!ready) throw new Error("no local registry (see the check above)");
  const { registry, simulatorUrl: simulator } = ready;
  writeFileSync(join(dir, ".npmrc"), `${SCOPE}:registry=${registry.url}\n`);
  await run(`${version} ${installCommand.join(" ")}`, installCommand[0], installCommand.slice(1), { cwd: dir });
  const framework = readJson(join(dir, "node_modules", "@medusajs", "framework", "package.json")).version;
  expect(framework === version, `the app has @medusajs/framework ${framework}, expected ${version}`);
  const manifest = readJson(join(dir, "package.json"));
  expect(manifest.dependencies["@mixpay-pos/medusa-plugin"], "the plugin is not in the app's dependencies");

  await adminSql(dir, `CREATE DATABASE "${database}"`);
  try {
    await run(`${version} medusa db:migrate`, "npx", ["medusa", "db:migrate"], { cwd: dir });
    await run(`${version} medusa user`, "npx", ["medusa", "user", "-e", ADMIN.email, "-p", ADMIN.password], {
      cwd: dir,
    });
    await run(`${version} medusa build`, "npx", ["medusa", "build"], { cwd: dir });

    // Production, as Medusa documents it: install in .medusa/server and start there (.env copied for a local run).
    for (const file of [".npmrc", ".env"]) writeFileSync(join(server, file), readFileSync(join(dir, file)));
    await run(`${version} .medusa/server npm install`, "npm", ["install"], { cwd: server });
    const port = await freePort();
    const started = Date.now();
    const medusa = start(`medusa-${version}`, "npm", ["run", "start"], {
      cwd: server,
      env: outsideEnv({ PORT: String(port) }),
    });
    try {
      const url = `http://localhost:${port}`;
      await waitForHttp(`${url}/health`, medusa, 180_000, `medusa start (${version})`);
      console.log(`    ${version} medusa start: ${((Date.now() - started) / 1000).toFixed(1)} s`);

      // The admin is served, with the plugin's pages built in.
      const app = await fetch(`${url}/app`);
      expect(app.ok, `GET /app answered ${app.status}`);
      const assets = join(server, "public", "admin", "assets");
      const bundled = readdirSync(assets).some(
        (f) => f.endsWith(".js") && readFileSync(join(assets, f), "utf8").includes("/settings/mixpay"),
      );
      expect(bundled, "the admin build has no MixPay settings page");

      const saleStarted = Date.now();
      const result = await sale(url, simulator);
      console.log(
        `    ${version} paid sale → captured order ${result.orderId}: ${((Date.now() - saleStarted) / 1000).toFixed(1)} s`,
      );
    } finally {
      await stop(medusa);
    }
  } finally {
    await adminSql(dir, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch((e) =>
      console.log(`    could not drop ${database}: ${e.message}`),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A storefront

const STOREFRONT_RENDER = `
import { createRequire } from "node:module";
import Medusa from "@medusajs/js-sdk";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { MixpayCheckout } from "@mixpay-pos/storefront-react";

const cjs = createRequire(import.meta.url)("@mixpay-pos/storefront-react");
if (typeof cjs.MixpayCheckout !== "function") throw new Error("the CommonJS build has no MixpayCheckout");
createRequire(import.meta.url).resolve("@mixpay-pos/storefront-react/styles.css");
const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_install_test" });
const data = {
  trace_id: "0b0c5f5e-0000-4000-8000-000000000001",
  pay_url: "https://mixpay.me/code/install-test",
  qr_data_url: "data:image/png;base64,iVBORw0KGgo=",
  expires_at: new Date(Date.now() + 600000).toISOString(),
};
const cart = {
  id: "cart_install_test",
  total: 6.3,
  currency_code: "usd",
  payment_collection: { payment_sessions: [{ provider_id: "pp_mixpay_mixpay", data }] },
};
process.stdout.write(renderToString(createElement(MixpayCheckout, { sdk, cart, placeOrder: async () => {} })));
`;

async function storefront(setup, medusaVersion) {
  const ready = await setup;
  if (!ready) throw new Error("the registry was not set up");
  const dir = join(tmp, "storefront");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(dir, ".npmrc"), `${SCOPE}:registry=${ready.registry.url}\n`);
  await run(
    "npm install @mixpay-pos/storefront-react",
    "npm",
    ["install", "@mixpay-pos/storefront-react", "react@19", "react-dom@19", `@medusajs/js-sdk@${medusaVersion}`],
    { cwd: dir },
  );
  writeFileSync(join(dir, "render.mjs"), STOREFRONT_RENDER);
  const html = await run("render MixpayCheckout", process.execPath, ["render.mjs"], { cwd: dir, quiet: true });
  for (const part of [
    'data-testid="mixpay-qr"',
    'href="https://mixpay.me/code/install-test"',
    "6.30 USD",
    "Scan to pay",
  ]) {
    expect(html.includes(part), `the rendered checkout has no ${part}:\n${html.slice(0, 2000)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const report = createReport("install test (scripts/install-test.mjs)");
const began = Date.now();
console.log(`install test in ${tmp}`);
let registry;
let simulator;
try {
  const versions = medusaVersions();
  const installCommand = readmeInstallCommand();
  let simulatorUrl;
  const setupCheck = report.check(
    "publish every package to a local registry; start the published simulator",
    async () => {
      registry = await startRegistry();
      const published = await publishAll(registry);
      console.log(`    published ${published.join(", ")} to ${registry.url}`);
      const tools = join(tmp, "tools");
      mkdirSync(tools);
      writeFileSync(join(tools, "package.json"), JSON.stringify({ private: true }));
      writeFileSync(join(tools, ".npmrc"), `${SCOPE}:registry=${registry.url}\n`);
      await run("npm install @mixpay-pos/simulator", "npm", ["install", "@mixpay-pos/simulator"], { cwd: tools });
      const port = await freePort();
      simulator = start("simulator", join(tools, "node_modules", ".bin", "mixpay-simulator"), [
        "--port",
        String(port),
        "--host",
        "127.0.0.1",
        "--rate-limit",
        "off",
      ]);
      simulatorUrl = `http://127.0.0.1:${port}`;
      await waitForHttp(`${simulatorUrl}/_control`, simulator, 30_000, "mixpay-simulator");
    },
  );
  const setup = setupCheck.then((ok) => (ok ? { registry, simulatorUrl } : null));
  // The shops run side by side (on 2 cores one's installs overlap the other's builds); their Medusa installs one
  // after the other.
  const lowest = versions[0];
  let after = Promise.resolve();
  const shops = versions.map((version) => {
    const title = `Medusa ${version}${version === lowest && versions.length > 1 ? " (lowest supported)" : ""}: npm install, \`${installCommand.join(" ")}\`, db:migrate, build, start from .medusa/server, a paid sale → captured order`;
    let installed;
    const previous = after;
    after = new Promise((resolve) => {
      installed = resolve;
    });
    return report.check(title, () => shop(version, { setup, after: previous, installed, installCommand }));
  });
  const storefrontCheck = report.check(
    `a storefront: npm install @mixpay-pos/storefront-react with React 19 and @medusajs/js-sdk ${versions.at(-1)}; ESM, CommonJS, the stylesheet, and its checkout rendered on the server`,
    () => storefront(setup, versions.at(-1)),
  );
  await Promise.all([setupCheck, ...shops, storefrontCheck]);
} catch (error) {
  await report.check("install test setup", () => {
    throw error;
  });
} finally {
  await stop(simulator);
  await stop(registry?.server);
  for (const child of children) await stop(child);
}

const total = Date.now() - began;
console.log(`install test: ${(total / 1000 / 60).toFixed(1)} min in all`);
if (reportFile) report.write(reportFile);
if (keep || report.failed > 0) {
  // Keep the logs (the shops' node_modules are removed unless --keep).
  if (!keep) rmSync(npmCache, { recursive: true, force: true });
  console.log(`logs kept in ${logs}`);
} else {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(report.failed > 0 ? 1 : 0);
