// Hostile traffic against a running sandbox, shared by the fault suite (test/faults.e2e.test.ts) and the stack
// benchmark (bench/run.mjs): a plain .mjs module so both the suite (vitest) and the benchmark (node) import it.
//
// For `durationMs` an anonymous client holding only the shop's publishable key sends, spread evenly and
// concurrently with genuine sales that are created on the till and paid at the simulator:
//   - forged callbacks (POST {traceId, orderId, payeeId} to /hooks/mixpay) naming its own real traces,
//   - forged callbacks naming unknown traces (random UUIDs),
//   - status polls (GET /store/mixpay/payments/:traceId) of its own traces,
//   - storefront completes (POST /store/carts/:id/complete) of its unpaid carts,
//   - new payment sessions (each costs MixPay one create),
// after opening `upfrontSessions` carts with MixPay sessions through Medusa's store API, as a storefront would
// (cart, line item, payment collection, session pp_mixpay_mixpay). Its requests go to 127.0.0.1, so they come from
// 127.0.0.1; the simulator's callbacks may come from another loopback address (its callbackSourceAddress option).
//
// What it costs is read from the simulator's request record and the database, and returned as figures.
// The simulator's clock must not have been moved (advanceClock) before: its record is read from Date.now() on.
import { randomUUID } from "node:crypto";

const MINUTE = 60_000;
const CREATE_PATH = "/v1/one_time_payment";
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * @typedef {object} AttackRates Requests a minute of each kind (sessions: new MixPay payment sessions).
 * @property {number} realCallbacks
 * @property {number} unknownCallbacks
 * @property {number} statusPolls
 * @property {number} completes
 * @property {number} sessions
 */

/** @type {Readonly<AttackRates>} */
export const FULL_ATTACK = Object.freeze({
  realCallbacks: 300,
  unknownCallbacks: 300,
  statusPolls: 300,
  completes: 300,
  sessions: 15,
});

/** @type {Readonly<AttackRates>} Forged callbacks only (what a callback source allowlist is for). */
export const FORGED_CALLBACKS_ONLY = Object.freeze({
  realCallbacks: 300,
  unknownCallbacks: 300,
  statusPolls: 0,
  completes: 0,
  sessions: 0,
});

/**
 * @typedef {object} QueryClient The part of pg.Client used here.
 * @property {(text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>} query
 */

/**
 * @typedef {object} RecordedRequest One entry of the simulator's request record.
 * @property {number} atMs
 * @property {string} method
 * @property {string} path
 * @property {string | null} traceId
 * @property {number | null} code
 */

/**
 * @typedef {object} SimulatorLike The part of the in-process simulator used here.
 * @property {(traceId: string, action: { action: string; failureCode?: string }) => unknown} act
 * @property {(traceId: string) => ({ status: string; deliveries: { httpStatus: number | null; ok: boolean }[] } | undefined)} payment
 * @property {(sinceMs?: number) => RecordedRequest[]} requests
 */

/**
 * @typedef {object} HostileOptions
 * @property {string} medusaUrl
 * @property {string} publishableKey
 * @property {string} regionId The region of the genuine till sales (the attacker finds its own through the store API).
 * @property {SimulatorLike} simulator
 * @property {QueryClient} db
 * @property {number} [durationMs] Default 60 000.
 * @property {Partial<AttackRates>} [perMinute] Default FULL_ATTACK.
 * @property {number} [upfrontSessions] The attacker's carts whose traces it attacks. Default 5.
 * @property {number} [genuineSales] Default 5, spread over the attack; each is paid 3 s after it was created.
 * @property {number} [completionTimeoutMs] How long a genuine sale may take to become an order. Default 120 000.
 * @property {(line: string) => void} [progress]
 */

/**
 * @typedef {object} Cart A cart with a MixPay payment session.
 * @property {string} cartId
 * @property {string} sessionId
 * @property {string} traceId
 * @property {string} orderId MixPay's orderId of the payment (session data `mixpay_order_id`).
 * @property {string} payeeId
 */

/**
 * @typedef {object} GenuineSale
 * @property {string} cartId
 * @property {string} sessionId
 * @property {string} traceId
 * @property {number} refusals Attempts to open it that were refused or answered 5xx.
 * @property {number | null} paidAt When the simulator's pay action ran (ms).
 * @property {number | null} orderMs Paid → the order exists (ms), null when it did not within the timeout.
 * @property {number | null} completedMs Paid → the payment record's completed_at (ms).
 * @property {(number | null)[]} callbackStatuses The HTTP answers to MixPay's callbacks for it, in order.
 */

/**
 * @typedef {object} HostileFigures
 * @property {number} durationMs
 * @property {Record<string, { sent: number; answers: Record<string, number> }>} attack Per kind: answers by status.
 * @property {number} attacker5xx Attacker requests answered 5xx.
 * @property {number} attackerNoAnswer Attacker requests with no answer within 30 s.
 * @property {number} forgedCallbacks
 * @property {number} forgedCallbacks403
 * @property {number} attackerSessions Payment sessions the attacker opened (up front and during the attack).
 * @property {number} attackerSessionsRefused
 * @property {Cart[]} attackerCarts
 * @property {number} attackerOrders Orders made from the attacker's carts (must be 0: none was paid).
 * @property {GenuineSale[]} genuine
 * @property {number} genuineRefused
 * @property {number} genuineCompleted
 * @property {number} orderP50
 * @property {number} orderP95
 * @property {number} completedP50
 * @property {number} completedP95
 * @property {number} mixpayRequests Every MixPay request from the attacker's first cart to the end.
 * @property {number} mixpayCreates
 * @property {number} peakPerMinute The most MixPay requests in any sliding 60 s window of the run.
 * @property {number} unknownTraceRequests MixPay requests naming one of the unknown traces.
 * @property {number[]} perAttackedTrace MixPay requests per attacked trace during the attack, creation excluded.
 * @property {number} attackedTraceRequests Their sum.
 */

/**
 * @typedef {object} StoreAnswer The parts of Medusa's store API answers used here.
 * @property {string} [message]
 * @property {{ id: string; currency_code: string }[]} [regions]
 * @property {{ id: string; variants: { id: string }[] }[]} [products]
 * @property {{ id: string }} [cart]
 * @property {{ id: string; payment_sessions: { id: string; provider_id: string; data: Record<string, string> }[] }} [payment_collection]
 */

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {number[]} values @param {number} p */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The most entries in any window of `windowMs` (entries sorted by atMs). @param {RecordedRequest[]} sorted */
export function peakInWindow(sorted, windowMs = MINUTE) {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last].atMs - sorted[first].atMs >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** @param {string} url The same server, addressed as 127.0.0.1 (so requests come from 127.0.0.1). */
function viaLoopbackV4(url) {
  const u = new URL(url);
  if (u.hostname === "localhost") u.hostname = "127.0.0.1";
  return u.origin;
}

/**
 * @param {string} base
 * @param {string} publishableKey
 * @returns {(method: string, path: string, body?: unknown) => Promise<{ status: number; data: StoreAnswer }>}
 */
function client(base, publishableKey) {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": publishableKey },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const data = await res.json().catch(() => ({}));
    return { status: res.status, data };
  };
}

/** @param {string} what @param {{ status: number; data: StoreAnswer }} answer */
function ok(what, answer) {
  if (answer.status >= 200 && answer.status < 300) return answer.data;
  throw Object.assign(new Error(`${what}: ${answer.status} ${answer.data?.message ?? ""}`), { status: answer.status });
}

/**
 * Runs the attack and the genuine sales, waits for the genuine sales to become orders, then ends the attacker's
 * open payments at the simulator (cancelled, 40032: the carts are abandoned) so they stop costing checks.
 * @param {HostileOptions} opts
 * @returns {Promise<HostileFigures>}
 */
export async function runHostileTraffic(opts) {
  const durationMs = opts.durationMs ?? MINUTE;
  const rates = { ...FULL_ATTACK, ...opts.perMinute };
  const upfront = opts.upfrontSessions ?? 5;
  const genuineCount = opts.genuineSales ?? 5;
  const progress = opts.progress ?? (() => {});
  const { simulator, db } = opts;
  const attackerBase = viaLoopbackV4(opts.medusaUrl);
  const storefront = client(attackerBase, opts.publishableKey);
  const till = client(opts.medusaUrl, opts.publishableKey);
  const runStart = Date.now();

  // The attacker, as a storefront: a region and a product of the shop, then carts with MixPay sessions.
  const { regions } = ok("GET /store/regions", await storefront("GET", "/store/regions"));
  const region = regions.find((r) => r.currency_code === "usd") ?? regions[0];
  const { products } = ok(
    "GET /store/products",
    await storefront("GET", `/store/products?region_id=${region.id}&limit=1`),
  );
  const variantId = products[0].variants[0].id;
  let attackerSessions = 0;
  let attackerSessionsRefused = 0;
  /** @returns {Promise<Cart | null>} */
  const openCart = async () => {
    try {
      const { cart } = ok(
        "POST /store/carts",
        await storefront("POST", "/store/carts", {
          region_id: region.id,
          email: `visitor-${randomUUID()}@example.com`,
        }),
      );
      ok(
        "POST line item",
        await storefront("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variantId, quantity: 1 }),
      );
      const { payment_collection: collection } = ok(
        "POST /store/payment-collections",
        await storefront("POST", "/store/payment-collections", { cart_id: cart.id }),
      );
      const answer = ok(
        "POST payment session",
        await storefront("POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
          provider_id: "pp_mixpay_mixpay",
        }),
      );
      const session = answer.payment_collection.payment_sessions.find((s) => s.provider_id === "pp_mixpay_mixpay");
      attackerSessions += 1;
      return {
        cartId: cart.id,
        sessionId: session.id,
        traceId: session.data.trace_id,
        orderId: session.data.mixpay_order_id,
        payeeId: session.data.payee_id,
      };
    } catch (error) {
      attackerSessionsRefused += 1;
      progress(`attacker's payment session refused: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  /** @type {Cart[]} */
  const attacked = (await Promise.all(Array.from({ length: upfront }, openCart))).filter((c) => c !== null);
  if (attacked.length === 0) throw new Error("the attacker could not open a single cart with a MixPay session");
  const later = /** @type {Cart[]} */ ([]);
  const payeeId = attacked[0].payeeId;
  /** @type {string[]} */
  const unknownTraces = [];

  /** @type {Record<string, { sent: number; answers: Record<string, number> }>} */
  const attack = {};
  for (const kind of Object.keys(rates)) attack[kind] = { sent: 0, answers: {} };
  /** @param {string} kind @param {string} answer */
  const tally = (kind, answer) => {
    attack[kind].answers[answer] = (attack[kind].answers[answer] ?? 0) + 1;
  };
  /** @param {string} kind @param {string} method @param {string} path @param {unknown} [body] */
  const hit = async (kind, method, path, body) => {
    attack[kind].sent += 1;
    try {
      const res = await fetch(`${attackerBase}${path}`, {
        method,
        headers:
          kind === "realCallbacks" || kind === "unknownCallbacks"
            ? { "content-type": "application/json" }
            : { "content-type": "application/json", "x-publishable-api-key": opts.publishableKey },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      tally(kind, String(res.status));
    } catch {
      tally(kind, "no answer");
    }
  };
  /** @type {Record<keyof AttackRates, (i: number) => Promise<void>>} */
  const actions = {
    realCallbacks: (i) => {
      const c = attacked[i % attacked.length];
      return hit("realCallbacks", "POST", "/hooks/mixpay", { orderId: c.orderId, traceId: c.traceId, payeeId });
    },
    unknownCallbacks: () => {
      const traceId = randomUUID();
      unknownTraces.push(traceId);
      return hit("unknownCallbacks", "POST", "/hooks/mixpay", {
        orderId: randomUUID().replaceAll("-", "").slice(0, 24),
        traceId,
        payeeId,
      });
    },
    statusPolls: (i) => hit("statusPolls", "GET", `/store/mixpay/payments/${attacked[i % attacked.length].traceId}`),
    completes: (i) => hit("completes", "POST", `/store/carts/${attacked[i % attacked.length].cartId}/complete`),
    sessions: async () => {
      attack.sessions.sent += 1;
      const cart = await openCart();
      tally("sessions", cart ? "opened" : "refused");
      if (cart) later.push(cart);
    },
  };

  // Every request of the attack, evenly spread over the duration; each kind starts at its own phase.
  /** @type {{ at: number; kind: keyof AttackRates; i: number }[]} */
  const schedule = [];
  const kinds = /** @type {(keyof AttackRates)[]} */ (Object.keys(rates));
  kinds.forEach((kind, k) => {
    const n = Math.round((rates[kind] * durationMs) / MINUTE);
    for (let i = 0; i < n; i++) schedule.push({ at: ((i + (k + 0.5) / kinds.length) * durationMs) / n, kind, i });
  });
  schedule.sort((a, b) => a.at - b.at);

  // The genuine sales, on the till, spread over the attack; each paid 3 s after it is opened.
  /** @type {GenuineSale[]} */
  const genuine = [];
  let genuineRefused = 0;
  /** Genuine sales that could not be opened at all (refused for a minute). */
  let genuineFailed = 0;
  /** @param {number} n */
  const genuineSale = async (n) => {
    await sleep(((n + 0.2) * durationMs) / genuineCount);
    const until = Date.now() + 60_000;
    let refusals = 0;
    for (;;) {
      try {
        const { cart } = ok(
          "POST /pos/carts",
          await till("POST", "/pos/carts", {
            region_id: opts.regionId,
            items: [{ title: "hostile traffic: genuine sale", amount: "5.00", quantity: 1 }],
          }),
        );
        const { payment_collection: collection } = ok(
          "POST /store/payment-collections",
          await till("POST", "/store/payment-collections", { cart_id: cart.id }),
        );
        const answer = ok(
          "POST payment session",
          await till("POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
            provider_id: "pp_mixpay_mixpay",
          }),
        );
        const session = answer.payment_collection.payment_sessions.find((s) => s.provider_id === "pp_mixpay_mixpay");
        /** @type {GenuineSale} */
        const sale = {
          cartId: cart.id,
          sessionId: session.id,
          traceId: session.data.trace_id,
          refusals,
          paidAt: null,
          orderMs: null,
          completedMs: null,
          callbackStatuses: [],
        };
        genuine.push(sale);
        await sleep(3_000); // the customer scans and pays
        simulator.act(sale.traceId, { action: "pay" });
        sale.paidAt = Date.now();
        return;
      } catch (error) {
        refusals += 1;
        genuineRefused += 1;
        progress(`genuine checkout refused: ${error instanceof Error ? error.message : String(error)}`);
        if (Date.now() > until) throw error;
        await sleep(2_000);
      }
    }
  };

  // Watches every paid genuine sale while the attack goes on: paid → order, paid → the record's completed_at.
  let completionDeadline = Number.POSITIVE_INFINITY;
  const watch = async () => {
    for (;;) {
      for (const sale of genuine) {
        if (sale.paidAt === null) continue;
        if (sale.orderMs === null) {
          const { rows } = await db.query(
            "select count(distinct order_id)::int n from order_cart where cart_id = $1 and deleted_at is null",
            [sale.cartId],
          );
          if (Number(rows[0]?.n) > 0) sale.orderMs = Date.now() - sale.paidAt;
        }
        if (sale.completedMs === null) {
          const { rows } = await db.query("select completed_at from mixpay_payment where trace_id = $1", [
            sale.traceId,
          ]);
          const at = rows[0]?.completed_at;
          if (at instanceof Date) sale.completedMs = at.getTime() - sale.paidAt;
        }
      }
      const settled =
        genuine.length + genuineFailed === genuineCount &&
        genuine.every((s) => s.paidAt !== null && s.orderMs !== null && s.completedMs !== null);
      if (settled || Date.now() > completionDeadline) return;
      await sleep(200);
    }
  };

  progress(`attack: ${schedule.length} requests over ${durationMs / 1000} s, ${genuineCount} genuine sales`);
  const attackStart = Date.now();
  const sales = Array.from({ length: genuineCount }, (_, n) =>
    genuineSale(n).catch((error) => {
      genuineFailed += 1;
      progress(`genuine sale never opened: ${error instanceof Error ? error.message : String(error)}`);
    }),
  );
  const watching = watch();
  /** @type {Promise<void>[]} */
  const inFlight = [];
  for (const event of schedule) {
    const wait = attackStart + event.at - Date.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(actions[event.kind](event.i));
  }
  const attackEnd = Math.max(Date.now(), attackStart + durationMs);
  await Promise.all(sales);
  completionDeadline = Date.now() + (opts.completionTimeoutMs ?? 120_000);
  await watching;
  await Promise.all(inFlight);
  const runEnd = Date.now();
  for (const sale of genuine) {
    sale.callbackStatuses = (simulator.payment(sale.traceId)?.deliveries ?? []).map((d) => d.httpStatus);
  }

  // What MixPay was asked.
  const recorded = simulator.requests(runStart).filter((r) => r.atMs <= runEnd);
  const unknown = new Set(unknownTraces);
  const attackedIds = attacked.map((c) => c.traceId);
  const perAttackedTrace = attackedIds.map(
    (id) =>
      recorded.filter((r) => r.traceId === id && r.path !== CREATE_PATH && r.atMs >= attackStart && r.atMs <= attackEnd)
        .length,
  );

  // None of the attacker's carts may have become an order. Medusa's completeCartWorkflow creates the order (and its
  // order_cart link) before it authorises the payment, and removes both when authorisation fails: a complete the
  // attacker gave up on (no answer within 30 s) may still be running on the server and show such an order for a
  // moment. So the count is taken once the carts are quiet: it is repeated, for up to a minute (Medusa's cart lock
  // waits 30 s at most), while it is not 0.
  const countAttackerOrders = async () => {
    let n = 0;
    for (const cart of [...attacked, ...later]) {
      const { rows } = await db.query(
        "select count(distinct order_id)::int n from order_cart where cart_id = $1 and deleted_at is null",
        [cart.cartId],
      );
      n += Number(rows[0]?.n ?? 0);
    }
    return n;
  };
  let attackerOrders = await countAttackerOrders();
  const quietBy = Date.now() + 60_000;
  while (attackerOrders > 0 && Date.now() < quietBy) {
    await sleep(1_000);
    attackerOrders = await countAttackerOrders();
  }

  // The attacker walks away: its payments end at MixPay (cancelled), so nothing keeps checking them.
  for (const cart of [...attacked, ...later]) {
    try {
      simulator.act(cart.traceId, { action: "fail", failureCode: "40032" });
    } catch {
      // already final
    }
  }

  const answers = Object.values(attack).flatMap((k) => Object.entries(k.answers));
  const sum = (/** @type {[string, number][]} */ list) => list.reduce((n, [, count]) => n + count, 0);
  const orderTimes = genuine.map((s) => s.orderMs).filter((ms) => ms !== null);
  const completedTimes = genuine.map((s) => s.completedMs).filter((ms) => ms !== null);
  return {
    durationMs,
    attack,
    attacker5xx: sum(answers.filter(([status]) => /^5\d\d$/.test(status))),
    attackerNoAnswer: sum(answers.filter(([status]) => status === "no answer")),
    forgedCallbacks: attack.realCallbacks.sent + attack.unknownCallbacks.sent,
    forgedCallbacks403: (attack.realCallbacks.answers["403"] ?? 0) + (attack.unknownCallbacks.answers["403"] ?? 0),
    attackerSessions,
    attackerSessionsRefused,
    attackerCarts: [...attacked, ...later],
    attackerOrders,
    genuine,
    genuineRefused,
    genuineCompleted: genuine.filter((s) => s.orderMs !== null).length,
    orderP50: percentile(orderTimes, 50),
    orderP95: percentile(orderTimes, 95),
    completedP50: percentile(completedTimes, 50),
    completedP95: percentile(completedTimes, 95),
    mixpayRequests: recorded.length,
    mixpayCreates: recorded.filter((r) => r.path === CREATE_PATH).length,
    peakPerMinute: peakInWindow(recorded),
    unknownTraceRequests: recorded.filter((r) => r.traceId !== null && unknown.has(r.traceId)).length,
    perAttackedTrace,
    attackedTraceRequests: perAttackedTrace.reduce((a, b) => a + b, 0),
  };
}

/**
 * The figures of one or more runs as a Markdown table, one column per run.
 * @param {{ title: string; figures: HostileFigures }[]} runs
 * @returns {string[]}
 */
export function hostileTable(runs) {
  const s = (/** @type {number} */ ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "–");
  const answers = (/** @type {Record<string, number>} */ a) =>
    Object.entries(a)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([status, n]) => `${n}× ${status}`)
      .join(", ") || "–";
  /** @type {[string, (f: HostileFigures) => string][]} */
  const rows = [
    ["attack", (f) => `${s(f.durationMs)}, ${f.perAttackedTrace.length} attacked traces`],
    [
      "forged callbacks, real traces",
      (f) => `${f.attack.realCallbacks.sent}: ${answers(f.attack.realCallbacks.answers)}`,
    ],
    [
      "forged callbacks, unknown traces",
      (f) => `${f.attack.unknownCallbacks.sent}: ${answers(f.attack.unknownCallbacks.answers)}`,
    ],
    ["status polls", (f) => `${f.attack.statusPolls.sent}: ${answers(f.attack.statusPolls.answers)}`],
    ["storefront completes", (f) => `${f.attack.completes.sent}: ${answers(f.attack.completes.answers)}`],
    ["attacker's payment sessions (refused)", (f) => `${f.attackerSessions} (${f.attackerSessionsRefused})`],
    ["attacker requests answered 5xx / no answer", (f) => `${f.attacker5xx} / ${f.attackerNoAnswer}`],
    ["orders from the attacker's carts", (f) => String(f.attackerOrders)],
    ["genuine sales completed", (f) => `${f.genuineCompleted}/${f.genuine.length}`],
    ["genuine checkouts refused or 5xx", (f) => String(f.genuineRefused)],
    [
      "genuine callbacks answered (in order)",
      (f) => f.genuine.map((g) => g.callbackStatuses.map((c) => c ?? "none").join("→") || "none").join("; "),
    ],
    ["paid → order p50 / p95", (f) => `${s(f.orderP50)} / ${s(f.orderP95)}`],
    ["paid → record completed p50 / p95", (f) => `${s(f.completedP50)} / ${s(f.completedP95)}`],
    ["MixPay requests (of which creates)", (f) => `${f.mixpayRequests} (${f.mixpayCreates})`],
    ["peak MixPay requests in any 60 s (budget 60)", (f) => String(f.peakPerMinute)],
    ["MixPay requests naming an unknown trace", (f) => String(f.unknownTraceRequests)],
    [
      "MixPay requests for the attacked traces during the attack (per trace)",
      (f) => `${f.attackedTraceRequests} (${f.perAttackedTrace.join(", ")})`,
    ],
  ];
  return [
    `| hostile traffic | ${runs.map((r) => r.title).join(" | ")} |`,
    `|---|${runs.map(() => "---:").join("|")}|`,
    ...rows.map(([label, value]) => `| ${label} | ${runs.map((r) => value(r.figures)).join(" | ")} |`),
  ];
}
