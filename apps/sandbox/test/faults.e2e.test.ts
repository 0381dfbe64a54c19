import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimulatorServer } from "@mixpay-pos/simulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// A plain .mjs module of the sandbox's scripts (the same stack the start command runs).
import { ensureBuilt, freePort, migrateAndSeed, startEmbeddedPostgres, startMedusa } from "../scripts/stack.mjs";
// The hostile-traffic scenario, shared with the stack benchmark (bench/run.mjs).
import { FORGED_CALLBACKS_ONLY, type HostileFigures, hostileTable, runHostileTraffic } from "./hostile.mjs";
import { addHostileSales, ledgerFaults, ledgerRows, ledgerTable } from "./ledger";
import { sandboxEnv, sleep, startTestSimulator, till } from "./till";

/**
 * The merchant's worst day, scripted against a running Medusa (the sandbox's build, embedded PostgreSQL) and the
 * MixPay simulator: MixPay down, 1429 storms, latency, lost / duplicated / reordered / early callbacks, Medusa
 * restarted between payment and callback, a second server running the reconciliation job at the same time, late
 * payment after expiry, overpay, and MixPay's 2026-08-13 lifecycle: paid_less then a top-up or the deadline (40024),
 * confirming past the deadline then success, the confirmation deadline with the money received, cancelled (40032),
 * review rejected (10095), and the earlier lifecycle; a minute of hostile traffic (forged callbacks, status polls,
 * storefront completes and new sessions from an anonymous client) beside genuine sales, then the same forged
 * callbacks against a Medusa with a callback source allowlist. Each scenario states its expected end state; at the
 * end the suite prints a table (scenario, payments, orders completed, refund due, lost, double-completed, wrongly
 * paid) and fails on any lost, double or wrong, then the hostile traffic's figures.
 */

type Stack = { url: string; stop: () => Promise<void> };

const APP = join(import.meta.dirname, "..");
const REPORT = join(APP, ".reports", "faults.md");
const dataDir = mkdtempSync(join(tmpdir(), "mixpay-faults-"));
const log = join(dataDir, "medusa.log");

let simulator: SimulatorServer;
let db: pg.Client;
let pgStop: () => Promise<void>;
let env: NodeJS.ProcessEnv;
let medusa: Stack;
let medusaPort: number;
let publishableKey: string;
let regionId: string;
/** All of 127/8 is loopback on Linux: the simulator's callbacks come from 127.0.0.2, a forger's from 127.0.0.1. */
const CALLBACK_SOURCE = process.platform === "linux" ? "127.0.0.2" : undefined;
/** The hostile-traffic figures, for the report. */
const hostile: { title: string; figures: HostileFigures }[] = [];

const { sales, store, createSale, ordersOf, capturesOf, recordOf, recorded, completed, act, callback } = till({
  medusaUrl: () => medusa.url,
  publishableKey: () => publishableKey,
  regionId: () => regionId,
  db: () => db,
  simulator: () => simulator,
});

beforeAll(async () => {
  mkdirSync(join(APP, ".reports"), { recursive: true });
  writeFileSync(log, "");
  await ensureBuilt(log);
  const pgPort = await freePort();
  medusaPort = await freePort();
  const database = await startEmbeddedPostgres({ dataDir, port: pgPort, log });
  pgStop = database.stop;
  simulator = await startTestSimulator(await freePort(), {}, { callbackSourceAddress: CALLBACK_SOURCE });
  env = {
    ...sandboxEnv({ databaseUrl: database.url, medusaPort, simulatorUrl: simulator.url }),
    // The job every 2 s, so lost callbacks are found quickly.
    MIXPAY_RECONCILE_SCHEDULE: "*/2 * * * * *",
  };
  const seed = await migrateAndSeed({ env, log, seedOut: join(dataDir, "seed.json") });
  publishableKey = seed.publishableKey;
  regionId = seed.regions.usd;
  medusa = await startMedusa({ port: medusaPort, env, log });
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
}, 300_000);

afterAll(async () => {
  await db?.end();
  await medusa?.stop();
  await simulator?.close();
  await pgStop?.();
  if (process.env.SANDBOX_E2E_KEEP) appendFileSync(log, "\n(kept for inspection)\n");
  else rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("fault suite: paid money always becomes exactly one order, and nothing unpaid does", () => {
  it("baseline: three sales paid, callbacks on", async () => {
    const three = await Promise.all([1, 2, 3].map(() => createSale("baseline", true)));
    for (const sale of three) act(sale, { action: "pay" });
    for (const sale of three) await completed(sale);
  });

  it("MixPay down for 20 s mid-checkout: a new sale fails cleanly; paid sales complete once it is back", async () => {
    const [a, b] = [await createSale("MixPay down 20 s", true), await createSale("MixPay down 20 s", true)];
    simulator.simulator.setFaults({ down: true });
    await expect(createSale("MixPay down 20 s (refused while down)", false)).rejects.toThrow(
      /MixPay could not create the payment/,
    );
    // The refused sale never joined the ledger (a sale is recorded once its MixPay session exists).
    act(a, { action: "pay" });
    act(b, { action: "pay" });
    await sleep(20_000);
    expect(await ordersOf(a)).toBe(0); // nobody could verify it while MixPay was down
    simulator.simulator.setFaults({ down: false });
    await completed(a);
    await completed(b);
  });

  it("1429 storm while customers pay: the budget backs off, then both sales complete", async () => {
    const [a, b] = [await createSale("1429 storm", true), await createSale("1429 storm", true)];
    simulator.simulator.setFaults({ rateLimited: true });
    act(a, { action: "pay" });
    act(b, { action: "pay" });
    await sleep(8_000);
    simulator.simulator.setFaults({ rateLimited: false });
    // A 1429 blocks the shared budget for a whole minute (MixPay does not say when its window ends).
    await completed(a, 120_000);
    await completed(b, 120_000);
  }, 180_000);

  it("2 s latency on every MixPay answer", async () => {
    simulator.simulator.setFaults({ latencyMs: 2000 });
    try {
      const sale = await createSale("2 s latency", true);
      act(sale, { action: "pay" });
      await completed(sale);
    } finally {
      simulator.simulator.setFaults({ latencyMs: 0 });
    }
  });

  it("callbacks dropped: the reconciliation job completes the sales", async () => {
    simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const two = [await createSale("callbacks dropped", true), await createSale("callbacks dropped", true)];
      for (const sale of two) act(sale, { action: "pay" });
      for (const sale of two) await completed(sale);
    } finally {
      simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("callbacks duplicated, plus ten more at once", async () => {
    simulator.simulator.setFaults({ callbacks: "duplicate" });
    try {
      const sale = await createSale("callbacks duplicated x10", true);
      act(sale, { action: "pay" });
      const answers = await Promise.all(Array.from({ length: 10 }, () => callback(sale)));
      for (const a of answers) expect(a.status).toBe(200);
      await completed(sale);
    } finally {
      simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("callbacks out of order (held, then delivered newest first)", async () => {
    simulator.simulator.setFaults({ callbacks: "reorder" });
    try {
      const sale = await createSale("callbacks out of order", true);
      act(sale, { action: "underpay", amount: "2" });
      act(sale, { action: "pay" });
      await completed(sale);
    } finally {
      simulator.simulator.setFaults({ callbacks: "normal" });
    }
  });

  it("the callback arrives before the storefront's own complete call", async () => {
    const sale = await createSale("callback before storefront complete", true);
    act(sale, { action: "pay" });
    await completed(sale);
    const done = await store<{ type: string; order: { id: string } }>("POST", `/store/carts/${sale.cartId}/complete`);
    expect(done.type).toBe("order");
  });

  it("Medusa restarted between the payment and its callback", async () => {
    simulator.simulator.setFaults({ callbacks: "delay", callbackDelayMs: 3_000 });
    try {
      const sale = await createSale("Medusa restarted before the callback", true);
      act(sale, { action: "pay" });
      await medusa.stop();
      await sleep(4_000); // the callback comes while Medusa is down, and is retried
      medusa = await startMedusa({ port: medusaPort, env, log });
      await completed(sale, 90_000);
    } finally {
      simulator.simulator.setFaults({ callbacks: "normal" });
    }
  }, 180_000);

  it("a second server instance runs the reconciliation job at the same time", async () => {
    const second = await startMedusa({ port: await freePort(), env, log });
    simulator.simulator.setFaults({ callbacks: "drop" });
    try {
      const four = await Promise.all([1, 2, 3, 4].map(() => createSale("two servers reconciling", true)));
      for (const sale of four) act(sale, { action: "pay" });
      for (const sale of four) await completed(sale);
      await sleep(5_000); // let both jobs run a few more times over the completed sales
    } finally {
      simulator.simulator.setFaults({ callbacks: "normal" });
      await second.stop();
    }
  }, 180_000);

  it("paid_less, then the customer tops up on the same trace", async () => {
    const sale = await createSale("paid_less, then top-up", true);
    act(sale, { action: "underpay", amount: "3" });
    expect(await recorded(sale, "underpaid")).toMatchObject({ reported_status: "paid_less", refund_due: false });
    expect(await ordersOf(sale)).toBe(0);
    act(sale, { action: "pay" });
    await completed(sale);
  });

  it("paid_less until MixPay's deadline (40024): no order, a refund due for what arrived", async () => {
    const sale = await createSale("paid_less, then the deadline (40024)", false);
    act(sale, { action: "underpay", amount: "3" });
    act(sale, { action: "expire" });
    const record = await recorded(sale, "failed");
    expect(record).toMatchObject({ failure_code: "40024", refund_due: true, attention: "refund_due", final: true });
    expect(Number(record.paid_amount)).toBeGreaterThan(0);
    expect(await ordersOf(sale)).toBe(0);
  });

  it("confirming, then MixPay's confirmation deadline (40000 with money): no order, a refund due", async () => {
    const sale = await createSale("confirming, then the confirmation deadline", false);
    act(sale, { action: "pay", hold: true });
    expect(await recorded(sale, "processing")).toMatchObject({ reported_status: "confirming" });
    act(sale, { action: "expire" });
    const record = await recorded(sale, "failed");
    expect(record).toMatchObject({ failure_code: "40000", refund_due: true, attention: "refund_due" });
    expect(Number(record.paid_amount)).toBeGreaterThan(0);
    const status = await store<{ payment: { status: string; refund_due: boolean } }>(
      "GET",
      `/store/mixpay/payments/${sale.traceId}`,
    );
    expect(status.payment).toMatchObject({ status: "failed", refund_due: true });
    expect(await ordersOf(sale)).toBe(0);
  });

  it("cancelled at MixPay (40032): no order, nothing owed", async () => {
    const sale = await createSale("cancelled (40032)", false);
    act(sale, { action: "fail", failureCode: "40032" });
    expect(await recorded(sale, "cancelled")).toMatchObject({ failure_code: "40032", refund_due: false });
    expect(await ordersOf(sale)).toBe(0);
  });

  it("paid, then rejected in MixPay's review (10095): no order, a refund due", async () => {
    const sale = await createSale("review rejected (10095)", false);
    act(sale, { action: "audit" });
    expect(await recorded(sale, "review")).toMatchObject({ final: false });
    act(sale, { action: "fail", failureCode: "10095" });
    expect(await recorded(sale, "failed")).toMatchObject({ failure_code: "10095", refund_due: true });
    expect(await ordersOf(sale)).toBe(0);
  });

  it("the legacy lifecycle (payments made before MixPay's 2026-08-13 release) still completes and ends right", async () => {
    simulator.simulator.configure({ lifecycle: "legacy" });
    try {
      const paid = await createSale("legacy lifecycle", true);
      const topUp = await createSale("legacy lifecycle", true);
      const held = await createSale("legacy lifecycle", true);
      const failed = await createSale("legacy lifecycle (failed)", false);
      act(paid, { action: "pay" });
      act(topUp, { action: "underpay", amount: "2" });
      expect(await recorded(topUp, "underpaid")).toMatchObject({ reported_status: "pending" });
      act(topUp, { action: "pay" });
      act(held, { action: "pay", hold: true });
      expect(await recorded(held, "processing")).toMatchObject({ reported_status: "pending" });
      act(held, { action: "confirm" });
      act(failed, { action: "fail" });
      for (const sale of [paid, topUp, held]) await completed(sale);
      expect(await recorded(failed, "failed")).toMatchObject({ final: true });
      expect(await ordersOf(failed)).toBe(0);
    } finally {
      simulator.simulator.configure({ lifecycle: "current" });
    }
  });

  it("overpay: one order, the surplus recorded", async () => {
    const sale = await createSale("overpay", true);
    act(sale, { action: "overpay", amount: "7" });
    await completed(sale);
    const { rows } = await db.query("select surplus_amount from mixpay_payment where trace_id = $1", [sale.traceId]);
    expect(Number(rows[0].surplus_amount)).toBeGreaterThan(0);
  });

  it("unpaid, failed and underpaid-only sales make no order", async () => {
    const unpaid = await createSale("never paid", false);
    const failed = await createSale("payment failed", false);
    const short = await createSale("underpaid only", false);
    act(failed, { action: "fail" });
    act(short, { action: "underpay", amount: "1" });
    await sleep(6_000); // several job runs
    for (const sale of [unpaid, failed, short]) expect(await ordersOf(sale)).toBe(0);
  });

  it("hostile traffic for 60 s beside five genuine sales: MixPay's budget holds, genuine sales complete", async () => {
    const started = Date.now();
    const figures = await runHostileTraffic({
      medusaUrl: medusa.url,
      publishableKey,
      regionId,
      simulator: simulator.simulator,
      db,
      durationMs: 60_000,
    });
    hostile.push({ title: "60 s, no allowlist", figures });
    addHostileSales(sales, "hostile 60 s", figures);
    process.stdout.write(`\n${hostileTable(hostile).join("\n")}\n(${Math.round((Date.now() - started) / 1000)} s)\n`);
    expect.soft(figures.genuineRefused, "genuine checkouts refused or answered 5xx").toBe(0);
    expect.soft(figures.genuineCompleted, "genuine sales completed").toBe(5);
    // 300 storefront completes a minute on the attacker's 5 unpaid carts keep Medusa's own complete-cart workflow busy
    // (each creates an order, fails to authorise and removes it again, behind the cart's 30 s lock). On this 2-core
    // machine kind that slowed genuine orders to a p95 of 29 s with the previous release as with this one (measured
    // 2026-11-30), and to 41.5 s once in CI: the bound is what the plugin cannot make faster, not what it aims for.
    expect.soft(figures.orderP95, "paid → order p95 (ms)").toBeLessThanOrEqual(60_000);
    expect.soft(figures.peakPerMinute, "MixPay requests in any 60 s").toBeLessThanOrEqual(60);
    expect.soft(figures.unknownTraceRequests, "MixPay requests naming an unknown trace").toBe(0);
    expect.soft(figures.attackedTraceRequests, "MixPay requests for the 5 attacked traces").toBeLessThanOrEqual(20);
    expect.soft(figures.attackerOrders, "orders from the attacker's carts").toBe(0);
  }, 300_000);

  it.skipIf(!CALLBACK_SOURCE)(
    "with a callback source allowlist: forged callbacks answered 403 cost MixPay nothing; a genuine sale completes through its callback",
    async () => {
      const started = Date.now();
      await medusa.stop();
      // Stays on for the rest of the suite: the simulator's callbacks come from the allowed address.
      env = { ...env, MIXPAY_CALLBACK_SOURCE_IPS: CALLBACK_SOURCE };
      medusa = await startMedusa({ port: medusaPort, env, log });
      const figures = await runHostileTraffic({
        medusaUrl: medusa.url,
        publishableKey,
        regionId,
        simulator: simulator.simulator,
        db,
        durationMs: 20_000,
        perMinute: FORGED_CALLBACKS_ONLY,
        genuineSales: 1,
      });
      hostile.push({ title: "20 s of forged callbacks, allowlist", figures });
      addHostileSales(sales, "hostile 20 s, allowlist", figures);
      process.stdout.write(`\n${hostileTable(hostile).join("\n")}\n(${Math.round((Date.now() - started) / 1000)} s)\n`);
      expect.soft(figures.forgedCallbacks403, "forged callbacks answered 403").toBe(figures.forgedCallbacks);
      expect.soft(figures.attackedTraceRequests, "MixPay requests for the forged callbacks' traces").toBe(0);
      expect.soft(figures.unknownTraceRequests, "MixPay requests naming an unknown trace").toBe(0);
      expect.soft(figures.genuineRefused, "genuine checkouts refused or answered 5xx").toBe(0);
      expect.soft(figures.genuineCompleted, "genuine sale completed").toBe(1);
      // Through its callback: acknowledged at the first attempt, and completed before any screen or the job
      // (which leaves payments younger than 30 s to their callbacks) would have asked.
      expect.soft(figures.genuine[0]?.callbackStatuses[0], "the genuine sale's first callback").toBe(200);
      expect.soft(figures.orderP95, "paid → order (ms)").toBeLessThanOrEqual(30_000);
    },
    180_000,
  );

  // The simulated clock only moves forward: this runs last, and creates every sale it needs before moving it.
  it("past MixPay's deadline: an unpaid sale expires and refuses a late payment; a confirming one still completes", async () => {
    const late = await createSale("late payment after expiry", false);
    const confirming = await createSale("confirming past the deadline, then success", true);
    act(confirming, { action: "pay", hold: true });
    simulator.simulator.advanceClock(16 * 60_000); // past the 15-minute deadline, not the confirmation deadline
    expect(() => act(late, { action: "pay" })).toThrow();
    expect(await recorded(late, "expired")).toMatchObject({ failure_code: "40000", refund_due: false });
    // The plugin's first check of the confirming sale (the job's, 30 s after it was made) comes after the deadline:
    // MixPay still says confirming, and so does the record; nothing is expired or completed.
    expect(await recorded(confirming, "processing", 90_000)).toMatchObject({
      reported_status: "confirming",
      final: false,
    });
    expect(await ordersOf(confirming)).toBe(0);
    act(confirming, { action: "confirm" });
    await completed(confirming);
    expect(await ordersOf(late)).toBe(0);
  });

  it("the ledger: no sale lost, none completed twice, nothing paid that MixPay did not confirm", async () => {
    const rows = await ledgerRows(sales, { ordersOf, capturesOf, recordOf, simulator });
    const table = ledgerTable(rows);
    const figures = hostile.length > 0 ? `\n\n${hostileTable(hostile).join("\n")}` : "";
    writeFileSync(REPORT, `${table}${figures}\n`);
    process.stdout.write(`\n${table}${figures}\n\n`);
    expect(ledgerFaults(rows)).toBe(0);
    expect(sales.filter((s) => s.expectOrder).length).toBe(rows.reduce((n, r) => n + r.completed, 0));
    expect(readFileSync(REPORT, "utf8")).toContain("| baseline | 3 | 3 | 0 | 0 | 0 | 0 |");
    // Money that arrived and did not become an order is shown as owed back, in every such scenario.
    const refundRows = rows.filter((r) => /40024|confirmation deadline|10095/.test(r.scenario));
    expect(refundRows.map((r) => r.refundDue)).toEqual([1, 1, 1]);
  });
});
