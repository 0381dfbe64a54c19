import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimulatorServer } from "@mixpay-pos/simulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuilt,
  freePort,
  migrateAndSeed,
  startEmbeddedPostgres,
  startProductionTopology,
  startRedis,
  topologyEnv,
} from "../scripts/stack.mjs";
import { openSaleStream } from "./event-stream.mjs";
import { sandboxEnv, startTestSimulator, till } from "./till";

/**
 * Sale streams across server processes, on the production topology (`npm start -- --topology production`: two
 * server-mode Medusa processes, one worker, Redis, one database): a stream open on server A receives the change a
 * callback handled by server B made (PostgreSQL NOTIFY from B, LISTEN on A). The simulator's own callbacks are
 * dropped and the worker's job is off, so the only way the sale can complete is the callback sent to server B.
 */

type Topology = Awaited<ReturnType<typeof startProductionTopology>>;

const dataDir = mkdtempSync(join(tmpdir(), "mixpay-streams-production-"));
const log = join(dataDir, "medusa.log");
let simulator: SimulatorServer;
let db: pg.Client;
let pgStop: () => Promise<void>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let topology: Topology;
let publishableKey: string;
let regionId: string;

const serverUrl = (i: number) => {
  const server = topology.servers[i];
  if (!server) throw new Error(`no server ${i + 1}`);
  return server.url;
};
const { createSale, act, recordOf } = till({
  medusaUrl: () => serverUrl(0),
  publishableKey: () => publishableKey,
  regionId: () => regionId,
  db: () => db,
  simulator: () => simulator,
});

beforeAll(async () => {
  writeFileSync(log, "");
  await ensureBuilt(log);
  const [pgPort, balancerPort, serverA, serverB, workerPort, simulatorPort, redisPort] = await Promise.all(
    Array.from({ length: 7 }, () => freePort()),
  );
  const database = await startEmbeddedPostgres({ dataDir, port: pgPort, log });
  pgStop = database.stop;
  redis = await startRedis({ dataDir, port: redisPort, log });
  simulator = await startTestSimulator(simulatorPort);
  const env = {
    ...sandboxEnv({ databaseUrl: database.url, medusaPort: balancerPort, simulatorUrl: simulator.url }),
    MIXPAY_RECONCILE_SCHEDULE: "off",
  };
  const seed = await migrateAndSeed({
    env: topologyEnv(env, redis.url, "server"),
    log,
    seedOut: join(dataDir, "s.json"),
  });
  publishableKey = seed.publishableKey;
  regionId = seed.regions.usd;
  topology = await startProductionTopology({
    env,
    log,
    redisUrl: redis.url,
    serverPorts: [serverA, serverB],
    workerPort,
    balancerPort,
  });
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 300_000);

afterAll(async () => {
  await db?.end();
  await topology?.stop();
  await redis?.stop();
  await simulator?.close();
  await pgStop?.();
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describe("sale streams on the production topology (2 servers + worker + Redis)", () => {
  it("a callback handled by server B reaches the stream open on server A", async () => {
    simulator.simulator.setFaults({ callbacks: "drop" });
    const sale = await createSale("stream across servers", true);
    const url = `${serverUrl(0)}/store/mixpay/payments/${sale.traceId}/events`;
    const stream = await openSaleStream(url, { "x-publishable-api-key": publishableKey });
    try {
      expect(stream.status).toBe(200);
      const first = await stream.next(() => true, 5_000);
      expect(first.data.payment).toMatchObject({ status: "unpaid", amount: "5" });

      act(sale, { action: "pay" });
      // MixPay's callback, as the balancer would hand it to server B.
      const answer = await fetch(`${serverUrl(1)}/hooks/mixpay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ orderId: sale.sessionId, traceId: sale.traceId, payeeId: "" }),
      });
      expect(answer.status).toBe(200);
      const handledAt = Date.now();
      const paid = await stream.next((d) => d.payment?.status === "paid" && d.payment?.completed === true, 15_000);
      expect(paid.data.payment).toMatchObject({ status: "paid", final: true, amount: "5", currency_code: "usd" });
      // Server B recorded it; server A only re-read the record it was told about (its own screen window of 15 s
      // since the sale was created had not opened, and the worker's job is off).
      expect((await recordOf(sale))?.completed_at).toBeTruthy();
      expect(paid.atMs - handledAt).toBeLessThan(5_000);
      await stream.ended;
    } finally {
      stream.close();
      simulator.simulator.setFaults({ callbacks: "normal" });
    }
  }, 60_000);

  it("a server told to stop ends its open streams at once instead of waiting for them (a deploy is not held)", async () => {
    const sale = await createSale("stream during a deploy", false);
    const url = `${serverUrl(0)}/store/mixpay/payments/${sale.traceId}/events`;
    const stream = await openSaleStream(url, { "x-publishable-api-key": publishableKey });
    expect(stream.status).toBe(200);
    await stream.next(() => true, 5_000);
    const server = topology.servers[0];
    const started = Date.now();
    await server?.stop(); // SIGTERM; the stack's stop() sends SIGKILL after 15 s
    topology.servers.splice(0, 1);
    expect(Date.now() - started).toBeLessThan(10_000);
    await stream.ended;
    // The sale was never settled: the screen would reconnect (to server B through the balancer) or poll.
    expect(stream.events.at(-1)?.data.payment.status).toBe("unpaid");
  }, 60_000);
});
