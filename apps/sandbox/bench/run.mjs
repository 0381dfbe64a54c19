#!/usr/bin/env node
// Benchmarks of the whole stack (the sandbox's build, embedded PostgreSQL or DATABASE_URL, the simulator):
//  (1) MixPay requests per confirmed payment at 1, 10 and 50 concurrent open payments, with a POS screen polling
//      each sale — against MixPay's budget of 60 requests a minute — with callbacks on (a callback URL, callbacks
//      delivered), lost (a callback URL, every callback dropped) and off (no callback URL: polling only);
//  (2) time from the simulator marking a payment paid to the POS status route answering "completed" (p50/p95);
//  (3) payment-session creation latency of pp_mixpay_mixpay against Medusa's pp_system_default, as a ratio;
//  (4) hostile traffic: a minute of forged callbacks, status polls, storefront completes and new sessions from an
//      anonymous client beside five genuine sales, without and with a callback source allowlist (test/hostile.mjs,
//      the fault suite's scenario): what it costs MixPay's budget and the genuine sales;
//  (5) pushed status: with callbacks on and BENCH_STREAM_SALES (10) open sales, each watched by a POS screen on the
//      store's sale stream (server-sent events), the time from the simulator marking a payment paid to the stream
//      delivering "paid" and then "completed" (p50/p95), and MixPay requests per sale.
// MixPay requests are counted from the simulator's request record. (QR and link generation per second is
// packages/core's benchmark.) Prints tables; writes .reports/bench.md.
//
//   node bench/run.mjs            BENCH_CONCURRENCY=1,10,50 by default; BENCH_SECTIONS=load,hostile,stream by
//                                 default (load: (1)–(3); hostile: (4); stream: (5))
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startSimulatorServer } from "@mixpay-pos/simulator";
import pg from "pg";
import { ensureBuilt, freePort, migrateAndSeed, startEmbeddedPostgres, startMedusa } from "../scripts/stack.mjs";
import { openSaleStream } from "../test/event-stream.mjs";
import { hostileTable, peakInWindow, percentile, runHostileTraffic, sleep } from "../test/hostile.mjs";

const APP = join(import.meta.dirname, "..");
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,10,50").split(",").map(Number);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? "load,hostile,stream").split(",").map((s) => s.trim()));
const STREAM_SALES = Number(process.env.BENCH_STREAM_SALES ?? 10);
// All of 127/8 is loopback on Linux: the simulator's callbacks come from 127.0.0.2, the attacker's from 127.0.0.1.
const CALLBACK_SOURCE = process.platform === "linux" ? "127.0.0.2" : undefined;
const PAY_AFTER_MS = 3_000; // the customer takes a moment to scan and pay
const POLL_MS = 2_000; // the POS page's polling interval
const BUDGET = 60;

const dataDir = mkdtempSync(join(os.tmpdir(), "mixpay-bench-"));
const log = join(dataDir, "medusa.log");
const stops = [];

async function main() {
  await ensureBuilt(log);
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }
  const simulator = await startSimulatorServer({
    port: await freePort(),
    host: "127.0.0.1",
    rateLimitPerMinute: false,
    behaviour: { allowHttpCallbacksUnlikeMixpay: true },
    ...(CALLBACK_SOURCE ? { callbackSourceAddress: CALLBACK_SOURCE } : {}),
  });
  stops.push(() => simulator.close());

  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SANDBOX_MEDUSA_URL: `http://localhost:${port}`,
    SANDBOX_SIMULATOR_URL: simulator.url,
    SANDBOX_ADMIN_EMAIL: "admin@mixpay.local",
    SANDBOX_ADMIN_PASSWORD: "mixpay-sandbox",
    SANDBOX_ADMIN: "off",
    // The plugin's defaults (medusa-config.ts), as scripts/sandbox.mjs sets them: the simulator stands in for MixPay.
    MIXPAY_API_BASE_URL: `${simulator.url}/v1`,
    MIXPAY_CHECKOUT_BASE_URL: simulator.url,
  };
  const seed = await migrateAndSeed({ env, log, seedOut: join(dataDir, "seed.json") });
  let medusa = await startMedusa({ port, env, log });
  stops.push(() => medusa.stop());
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  stops.push(() => db.end());
  const headers = { "content-type": "application/json", "x-publishable-api-key": seed.publishableKey };
  const call = async (method, path, body) => {
    const res = await fetch(`${medusa.url}${path}`, { method, headers, body: body && JSON.stringify(body) });
    const data = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${data.message}`);
    return data;
  };
  const newCart = async () =>
    (
      await call("POST", "/pos/carts", {
        region_id: seed.regions.usd,
        items: [{ title: "bench", amount: "5.00", quantity: 1 }],
      })
    ).cart;
  // Callbacks on/lost/off: the settings' callback URL (the seed saved it) is kept, or removed for "off".
  const adminLogin = await fetch(`${medusa.url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: env.SANDBOX_ADMIN_EMAIL, password: env.SANDBOX_ADMIN_PASSWORD }),
  }).then((r) => r.json());
  const adminHeaders = { "content-type": "application/json", authorization: `Bearer ${adminLogin.token}` };
  const setCallbackUrl = async (publicBaseUrl) => {
    const { settings } = await fetch(`${medusa.url}/admin/mixpay/settings`, { headers: adminHeaders }).then((r) =>
      r.json(),
    );
    const { id: _id, created_at: _c, updated_at: _u, deleted_at: _d, ...editable } = settings;
    const res = await fetch(`${medusa.url}/admin/mixpay/settings`, {
      method: "POST",
      headers: adminHeaders,
      body: JSON.stringify({ ...editable, public_base_url: publicBaseUrl }),
    });
    if (!res.ok) throw new Error(`saving the callback URL: ${res.status} ${await res.text()}`);
  };
  const callbackBase = `http://localhost:${port}`;
  const newSession = async (cartId, provider) => {
    const { payment_collection: pc } = await call("POST", "/store/payment-collections", { cart_id: cartId });
    const started = performance.now();
    const res = await call("POST", `/store/payment-collections/${pc.id}/payment-sessions`, { provider_id: provider });
    const ms = performance.now() - started;
    return { ms, session: res.payment_collection.payment_sessions.find((s) => s.provider_id === provider) };
  };

  // (3) session creation latency, MixPay vs Medusa's system provider (warm both first).
  const latency = { pp_system_default: [], pp_mixpay_mixpay: [] };
  for (let i = 0; i < (SECTIONS.has("load") ? 23 : 0); i++) {
    for (const provider of Object.keys(latency)) {
      const { ms, session } = await newSession((await newCart()).id, provider);
      if (i >= 3) latency[provider].push(ms);
      // Those customers walk away: fail their MixPay payments so reconciliation does not keep checking them
      // during the rounds below (that would be load of other payments, counted against these).
      if (session.data?.trace_id) simulator.simulator.act(session.data.trace_id, { action: "fail" });
    }
  }

  // (1) and (2)
  const rounds = [];
  for (const mode of SECTIONS.has("load") ? ["on", "lost", "off"] : []) {
    for (const n of CONCURRENCY) {
      simulator.simulator.setFaults({ callbacks: mode === "lost" ? "drop" : "normal" });
      // A fresh minute of budget for each round, the first too: (3) just created 23 MixPay payments and failed them.
      await sleep(61_000);
      // Saving checks the payee with MixPay: done once the budget is back, and not counted in the round.
      if (n === CONCURRENCY[0]) await setCallbackUrl(mode === "off" ? null : callbackBase);
      // Every MixPay request from here on counts (the simulator's clock is never moved here).
      const roundStart = Date.now();
      let retries = 0;
      const sales = await Promise.all(
        Array.from({ length: n }, async () => {
          const cart = await newCart();
          // Over MixPay's budget the checkout says "try again"; the cashier does, every 5 s.
          for (;;) {
            try {
              const { session } = await newSession(cart.id, "pp_mixpay_mixpay");
              return { traceId: session.data.trace_id, paidAt: 0, seenAt: 0 };
            } catch (error) {
              if (!/try again/.test(String(error))) throw error;
              retries += 1;
              await sleep(5_000);
            }
          }
        }),
      );
      await sleep(PAY_AFTER_MS);
      for (const sale of sales) {
        simulator.simulator.act(sale.traceId, { action: "pay" });
        sale.paidAt = Date.now();
      }
      // One POS screen per sale polls the status route until it says completed.
      const deadline = Date.now() + 600_000;
      await Promise.all(
        sales.map(async (sale) => {
          while (Date.now() < deadline) {
            const { payment } = await call("GET", `/store/mixpay/payments/${sale.traceId}`);
            if (payment.completed) {
              sale.seenAt = Date.now();
              return;
            }
            await sleep(POLL_MS);
          }
        }),
      );
      const used = simulator.simulator.requests(roundStart);
      const peak = peakInWindow(used);
      const waits = sales.filter((s) => s.seenAt).map((s) => s.seenAt - s.paidAt);
      rounds.push({
        callbacks: mode,
        n,
        confirmed: waits.length,
        perPayment: used.length / n,
        checksPerPayment: used.filter((r) => r.path === "/v1/payments_result").length / n,
        peak,
        p50: percentile(waits, 50),
        p95: percentile(waits, 95),
        retries,
      });
      process.stdout.write(`round callbacks ${mode}, ${n} open payments: done\n`);
    }
  }

  // (4) hostile traffic, a minute each: the shop as configured, then restarted with the simulator's callback address
  // as its only callback source (callbackSourceIps, as a shop lists MixPay's 52.198.117.57).
  const hostile = [];
  if (SECTIONS.has("hostile")) {
    simulator.simulator.setFaults({ callbacks: "normal" });
    await sleep(61_000); // a fresh minute of budget
    await setCallbackUrl(callbackBase);
    const common = {
      publishableKey: seed.publishableKey,
      regionId: seed.regions.usd,
      simulator: simulator.simulator,
      db,
      durationMs: 60_000,
      progress: (line) => process.stdout.write(`  ${line}\n`),
    };
    hostile.push({
      title: "no allowlist",
      figures: await runHostileTraffic({ ...common, medusaUrl: medusa.url }),
    });
    process.stdout.write("hostile traffic, no allowlist: done\n");
    if (CALLBACK_SOURCE) {
      await medusa.stop();
      medusa = await startMedusa({ port, env: { ...env, MIXPAY_CALLBACK_SOURCE_IPS: CALLBACK_SOURCE }, log });
      await sleep(61_000);
      hostile.push({
        title: `callbackSourceIps ${CALLBACK_SOURCE}`,
        figures: await runHostileTraffic({ ...common, medusaUrl: medusa.url }),
      });
      process.stdout.write("hostile traffic, allowlist: done\n");
    }
  }

  // (5) pushed status: each sale watched on its store stream (as a POS screen does), callbacks on.
  let pushed = null;
  if (SECTIONS.has("stream")) {
    simulator.simulator.setFaults({ callbacks: "normal" });
    if (SECTIONS.has("load") || SECTIONS.has("hostile")) await sleep(61_000); // a fresh minute of budget
    await setCallbackUrl(callbackBase);
    const roundStart = Date.now();
    const sales = await Promise.all(
      Array.from({ length: STREAM_SALES }, async () => {
        const { session } = await newSession((await newCart()).id, "pp_mixpay_mixpay");
        const traceId = session.data.trace_id;
        const stream = await openSaleStream(`${medusa.url}/store/mixpay/payments/${traceId}/events`, headers);
        if (stream.status !== 200) throw new Error(`stream of ${traceId}: ${stream.status}`);
        await stream.next(() => true, 10_000);
        return { traceId, stream, paidAt: 0, paidSeenAt: 0, completedSeenAt: 0 };
      }),
    );
    await sleep(PAY_AFTER_MS);
    for (const sale of sales) {
      simulator.simulator.act(sale.traceId, { action: "pay" });
      sale.paidAt = Date.now();
    }
    await Promise.all(
      sales.map(async (sale) => {
        sale.paidSeenAt = (await sale.stream.next((d) => d.payment?.status === "paid", 120_000)).atMs;
        sale.completedSeenAt = (await sale.stream.next((d) => d.payment?.completed === true, 120_000)).atMs;
        sale.stream.close();
      }),
    );
    const used = simulator.simulator.requests(roundStart);
    const paidWaits = sales.map((s) => s.paidSeenAt - s.paidAt);
    // Where the time goes: paid → the shop's check of what the callback announced reaches MixPay.
    const checkWaits = sales.map((s) => {
      const check = used.find((r) => r.traceId === s.traceId && r.path === "/v1/payments_result" && r.atMs >= s.paidAt);
      return check ? check.atMs - s.paidAt : Number.NaN;
    });
    const completedWaits = sales.map((s) => s.completedSeenAt - s.paidAt);
    pushed = {
      n: STREAM_SALES,
      perPayment: used.length / STREAM_SALES,
      paid: [percentile(paidWaits, 50), percentile(paidWaits, 95)],
      check: [percentile(checkWaits, 50), percentile(checkWaits, 95)],
      completed: [percentile(completedWaits, 50), percentile(completedWaits, 95)],
    };
    process.stdout.write("pushed status over sale streams: done\n");
  }

  const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`;
  const load = SECTIONS.has("load");
  const lines = [
    `Stack benchmark: node ${process.version}, ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, PostgreSQL ${process.env.DATABASE_URL ? "(DATABASE_URL)" : "embedded 18"}`,
    "",
  ];
  if (load)
    lines.push(
      "(1)+(2) MixPay requests per confirmed payment and paid → POS sees the order (a POS screen polls each sale every 2 s)",
      "",
      "| callbacks | open payments | confirmed | checkouts told to try again | MixPay requests / payment | of which status checks | peak requests in any minute (budget 60) | paid → completed p50 | p95 |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rounds.map(
        (r) =>
          `| ${r.callbacks} | ${r.n} | ${r.confirmed}/${r.n} | ${r.retries} | ${r.perPayment.toFixed(2)} | ${r.checksPerPayment.toFixed(2)} | ${r.peak} | ${(r.p50 / 1000).toFixed(2)} s | ${(r.p95 / 1000).toFixed(2)} s |`,
      ),
      "",
      "(3) payment-session creation (POST /store/payment-collections/:id/payment-sessions), 20 each after 3 warm-up",
      "",
      "| provider | p50 | p95 | mean |",
      "|---|---:|---:|---:|",
      ...Object.entries(latency).map(([provider, values]) => {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        return `| ${provider} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 95).toFixed(1)} ms | ${mean.toFixed(1)} ms |`;
      }),
      "",
      `MixPay session / system session (p50): ${(percentile(latency.pp_mixpay_mixpay, 50) / percentile(latency.pp_system_default, 50)).toFixed(1)}×`,
      `Budget kept: ${rounds.every((r) => r.peak <= BUDGET) ? "yes" : "NO"} (peak ${Math.max(...rounds.map((r) => r.peak))} requests in a minute)`,
    );
  if (hostile.length > 0) {
    lines.push(
      ...(load ? [""] : []),
      "(4) hostile traffic for 60 s (an anonymous client: 300 forged callbacks for its 5 real traces, 300 for unknown traces, 300 status polls, 300 storefront completes, 20 sessions) beside 5 genuine sales",
      "",
      ...hostileTable(hostile),
    );
  }
  if (pushed) {
    const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
    lines.push(
      ...(lines.length > 2 ? [""] : []),
      `(5) pushed status: paid → the sale stream (server-sent events) delivers it to a POS screen, callbacks on, ${pushed.n} open sales`,
      "",
      "| open sales | MixPay requests / sale | paid → the callback's check reaches MixPay p50 | p95 | paid → stream says paid p50 | p95 | paid → stream says completed p50 | p95 |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|",
      `| ${pushed.n} | ${pushed.perPayment.toFixed(2)} | ${sec(pushed.check[0])} | ${sec(pushed.check[1])} | ${sec(pushed.paid[0])} | ${sec(pushed.paid[1])} | ${sec(pushed.completed[0])} | ${sec(pushed.completed[1])} |`,
    );
  }
  const text = lines.join("\n");
  mkdirSync(join(APP, ".reports"), { recursive: true });
  writeFileSync(join(APP, ".reports", "bench.md"), `${text}\n`);
  process.stdout.write(`\n${text}\n`);
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
