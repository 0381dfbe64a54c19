#!/usr/bin/env node
// The sandbox: PostgreSQL (embedded, unless DATABASE_URL is set), the MixPay simulator, migrations, the idempotent
// seed and Medusa with the MixPay plugin — then it prints every URL and login and writes them to
// <data dir>/sandbox.json. Ctrl-C stops Medusa, the simulator and PostgreSQL cleanly.
//
//   node scripts/sandbox.mjs [--reset] [--onboarding] [--topology single|production]
//
// --reset starts over with an empty database; --onboarding clears the MixPay settings, so Settings → MixPay opens
// the setup wizard (try the simulator's Mixin ID 7000104111). --topology production runs Medusa as a shop would
// in production: Redis (REDIS_URL, or a redis-server of its own), two server-mode Medusa processes on PORT+1 and
// PORT+2 behind a round-robin balancer on PORT, and a worker-mode process (jobs, subscribers) on PORT+3.
// Environment: PORT (Medusa, 9000), SIMULATOR_PORT (4010), DATABASE_URL (use this database instead of the
// embedded one), SANDBOX_PG_PORT (embedded PostgreSQL, 54329), SANDBOX_DATA_DIR (default apps/sandbox/.data),
// SANDBOX_ADMIN_EMAIL / SANDBOX_ADMIN_PASSWORD, MIXPAY_RECONCILE_SCHEDULE (cron of the plugin's job), REDIS_URL.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  APP_DIR,
  ensureBuilt,
  findRedisServer,
  freePort,
  migrateAndSeed,
  REDIS_MISSING,
  startEmbeddedPostgres,
  startMedusa,
  startProductionTopology,
  startRedis,
  tail,
  topologyEnv,
} from "./stack.mjs";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    reset: { type: "boolean", default: false },
    onboarding: { type: "boolean", default: false },
    topology: { type: "string", default: "single" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  process.stdout.write(
    readFileSync(import.meta.filename, "utf8")
      .split("\n")
      .slice(1, helpEnd())
      .join("\n")
      .replace(/^\/\/ ?/gm, ""),
  );
  process.stdout.write("\n");
  process.exit(0);
}

if (!["single", "production"].includes(values.topology ?? "")) {
  process.stderr.write(`sandbox: --topology must be single or production, got ${values.topology}\n`);
  process.exit(1);
}
const production = values.topology === "production";
if (production && !process.env.REDIS_URL && !findRedisServer()) {
  process.stderr.write(`sandbox: ${REDIS_MISSING}\n`);
  process.exit(1);
}

/** The line after the opening comment (the usage text --help prints). */
function helpEnd() {
  const lines = readFileSync(import.meta.filename, "utf8").split("\n");
  const end = lines.findIndex((line, i) => i > 0 && !line.startsWith("//"));
  return end < 0 ? lines.length : end;
}

function port(name, fallback) {
  const text = process.env[name] ?? String(fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    fail(`${name} must be a port number (1-65535), got ${text}`);
  return value;
}

const config = {
  dataDir: resolve(process.env.SANDBOX_DATA_DIR ?? join(APP_DIR, ".data")),
  medusaPort: port("PORT", 9000),
  simulatorPort: port("SIMULATOR_PORT", 4010),
  pgPort: port("SANDBOX_PG_PORT", 54329),
  adminEmail: process.env.SANDBOX_ADMIN_EMAIL ?? "admin@mixpay.local",
  adminPassword: process.env.SANDBOX_ADMIN_PASSWORD ?? "mixpay-sandbox",
};
const medusaUrl = `http://localhost:${config.medusaPort}`;
const log = join(config.dataDir, "medusa.log");

function fail(message) {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(1);
}

function step(message) {
  process.stdout.write(`• ${message}\n`);
}

const stops = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write("\nStopping the sandbox…\n");
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      process.stderr.write(`  ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  process.stdout.write("Stopped.\n");
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

try {
  // ---- 0. data folder and build -------------------------------------------------------------------------------
  if (values.reset) {
    step(`--reset: deleting ${config.dataDir}`);
    rmSync(config.dataDir, { recursive: true, force: true });
  }
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(log, `sandbox started ${new Date().toISOString()}\n`);
  if (await ensureBuilt(log)) step("Built the Medusa app (first run)");

  // ---- 1. PostgreSQL ------------------------------------------------------------------------------------------
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    step("Using the database in DATABASE_URL");
  } else {
    step(`Starting PostgreSQL (embedded, port ${config.pgPort}, data in ${join(config.dataDir, "postgres")})…`);
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.pgPort, log });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }

  // ---- 2. the MixPay simulator ----------------------------------------------------------------------------------
  step(`Starting the MixPay simulator on port ${config.simulatorPort}…`);
  const { startSimulatorServer } = await import("@mixpay-pos/simulator");
  // MixPay calls back over HTTPS only; the sandbox is plain http on localhost, so its simulator is told to take it.
  const simulator = await startSimulatorServer({
    port: config.simulatorPort,
    host: "127.0.0.1",
    behaviour: { allowHttpCallbacksUnlikeMixpay: true },
  });
  stops.push(() => simulator.close());

  // ---- 2b. Redis (production topology) ---------------------------------------------------------------------------
  let redisUrl = process.env.REDIS_URL;
  if (production && redisUrl) {
    step("Using the Redis in REDIS_URL");
  } else if (production) {
    const redisPort = await freePort();
    step(
      `Starting Redis (redis-server, port ${redisPort}, no persistence, working folder ${join(config.dataDir, "redis")})…`,
    );
    const redis = await startRedis({
      dataDir: config.dataDir,
      port: redisPort,
      log,
      onExit: (code) => {
        process.stderr.write(`sandbox: redis-server exited (code ${code}); see ${log}\n`);
        stopAll(1);
      },
    });
    stops.push(redis.stop);
    redisUrl = redis.url;
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SANDBOX_MEDUSA_URL: medusaUrl,
    SANDBOX_SIMULATOR_URL: simulator.url,
    SANDBOX_ADMIN_EMAIL: config.adminEmail,
    SANDBOX_ADMIN_PASSWORD: config.adminPassword,
    SANDBOX_ONBOARDING: values.onboarding ? "1" : "",
    // The sandbox is served over plain http on localhost: its admin cookie must not be Secure (medusa-config.ts).
    SANDBOX_PLAIN_HTTP: "1",
    // The plugin's defaults (medusa-config.ts): the simulator stands in for MixPay.
    MIXPAY_API_BASE_URL: `${simulator.url}/v1`,
    MIXPAY_CHECKOUT_BASE_URL: simulator.url,
  };

  // ---- 3. migrations and seed -------------------------------------------------------------------------------------
  step("Migrating the database and seeding it (idempotent): store, regions, products, key, admin, MixPay settings…");
  const seed = await migrateAndSeed({
    env: production ? topologyEnv(env, redisUrl, "server") : env,
    log,
    seedOut: join(config.dataDir, "seed.json"),
  });

  // ---- 4. Medusa ----------------------------------------------------------------------------------------------
  const exited = (which) => (code) => {
    if (stopping) return; // Ctrl-C reaches Medusa's processes too
    process.stderr.write(tail(readFileSync(log, "utf8"), 30));
    process.stderr.write(`sandbox: Medusa${which ? ` ${which}` : ""} exited (code ${code}); see ${log}\n`);
    stopAll(1);
  };
  let topology;
  if (production) {
    const serverPorts = [config.medusaPort + 1, config.medusaPort + 2];
    const workerPort = config.medusaPort + 3;
    step(
      `Starting Medusa: servers on ports ${serverPorts.join(" and ")}, the worker on ${workerPort}, the balancer on ${config.medusaPort} (log: ${log})…`,
    );
    topology = await startProductionTopology({
      env,
      log,
      redisUrl,
      serverPorts,
      workerPort,
      balancerPort: config.medusaPort,
      onExit: (which, code) => exited(which)(code),
    });
    stops.push(topology.stop);
  } else {
    step(`Starting Medusa on port ${config.medusaPort} (log: ${log})…`);
    const medusa = await startMedusa({ port: config.medusaPort, env, log, onExit: exited("") });
    stops.push(medusa.stop);
  }

  // ---- 5. tell the user --------------------------------------------------------------------------------------------
  const info = {
    medusaUrl,
    adminUrl: `${medusaUrl}/app`,
    storeApiUrl: `${medusaUrl}/store`,
    posUrl: `${medusaUrl}/pos`,
    simulatorUrl: simulator.url,
    simulatorControlUrl: `${simulator.url}/_control`,
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    publishableKey: seed.publishableKey,
    databaseUrl: process.env.DATABASE_URL ? "(from DATABASE_URL)" : databaseUrl,
    ...(topology
      ? {
          topology: "production",
          balancerUrl: topology.url,
          serverUrls: topology.servers.map((s) => s.url),
          workerUrl: topology.worker.url,
          redisUrl: process.env.REDIS_URL ? "(from REDIS_URL)" : redisUrl,
        }
      : {}),
  };
  writeFileSync(join(config.dataDir, "sandbox.json"), `${JSON.stringify(info, null, 2)}\n`);
  process.stdout.write(
    [
      "",
      "MixPay sandbox is ready",
      `  POS page          ${info.posUrl}`,
      `  Medusa admin      ${info.adminUrl}   login ${info.adminEmail} / ${info.adminPassword}`,
      `  Store API         ${info.storeApiUrl}   publishable key ${info.publishableKey}`,
      `  MixPay simulator  ${info.simulatorUrl}   (checkout pages /code/…, control API /_control)`,
      `  Database          ${info.databaseUrl}`,
      ...(topology
        ? [
            `  Balancer          ${info.balancerUrl}   (round robin over the servers; every URL above goes through it)`,
            ...info.serverUrls.map((url, i) => `  Server ${i + 1}          ${url}   (workerMode "server")`),
            `  Worker            ${info.workerUrl}   (workerMode "worker": jobs and subscribers, /health only)`,
            `  Redis             ${info.redisUrl}   (events, workflows, caches, locks, admin sessions)`,
          ]
        : []),
      `  Details           ${join(config.dataDir, "sandbox.json")}`,
      "",
      values.onboarding
        ? "MixPay is not configured: open Settings → MixPay in the admin for the setup wizard (Mixin ID 7000104111 is the simulator's demo shop)."
        : "Sell something on the POS page, open the QR's link in another tab (the customer's phone) and press Pay.",
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
} catch (error) {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
}
