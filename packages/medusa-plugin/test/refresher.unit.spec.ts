import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import { MixPayBusyError, MixPayNetworkError, type PaymentResult, paymentResultDataSchema } from "@mixpay-pos/core";
import { type CheckTrigger, nextJobCheckAt } from "../src/lib/check-rule";
import { summariseGatewayError } from "../src/lib/gateway-error";
import { MixpayGateway } from "../src/modules/mixpay/gateway";
import type { PaymentChanges } from "../src/modules/mixpay/ledger";
import { mixpayModuleOptionsSchema } from "../src/modules/mixpay/options";
import { PaymentRefresher, type RefresherDeps } from "../src/modules/mixpay/refresher";
import type { MixpayPaymentDTO } from "../src/modules/mixpay/types";
import { PAID_FIELDS, PAYEE_ID, paymentRecord, settingsRecord, TEST_POLICY } from "./support/records";

const policy = TEST_POLICY;

/** MixPay's answer for the test record (12.5 USD to PAYEE_ID), with `fields` as MixPay would send them. */
function mixpayAnswer(payment: MixpayPaymentDTO, fields: Record<string, unknown> = {}): PaymentResult {
  return paymentResultDataSchema.parse({
    payeeId: PAYEE_ID,
    quoteAssetId: payment.quote_asset_id,
    quoteAmount: payment.quote_amount,
    traceId: payment.trace_id,
    status: "unpaid",
    ...fields,
  });
}

/** An open payment made two minutes ago, nothing asked yet, with `over` on top. */
function openPayment(over: Partial<MixpayPaymentDTO> = {}): MixpayPaymentDTO {
  const now = Date.now();
  return paymentRecord({
    created_at: new Date(now - 120_000),
    expires_at: new Date(now + 600_000),
    ...over,
  });
}

/**
 * The database as the claim sees it: the locked row is the record, every statement is kept (whitespace folded) with
 * its bindings.
 */
function fakeKnex(row: MixpayPaymentDTO) {
  const statements: { sql: string; bindings: unknown[] }[] = [];
  const raw = async (sql: string, bindings: unknown[] = []) => {
    statements.push({ sql: sql.replace(/\s+/g, " ").trim(), bindings });
    return { rows: sql.trimStart().startsWith("select") ? [row] : [] };
  };
  const knex = { raw, transaction: async <T>(work: (trx: { raw: typeof raw }) => Promise<T>) => work({ raw }) };
  return { knex: knex as unknown as Knex, statements };
}

/** The refresher over fake settings, gateway and ledger: MixPay answers with `answer`. */
function setup(record: MixpayPaymentDTO, answer: () => Promise<PaymentResult>, knex?: Knex) {
  const records = new Map([[record.trace_id, record]]);
  const asked: { apiBase: string | undefined; traceId: string; news: boolean }[] = [];
  const updates: PaymentChanges[] = [];
  const deps: RefresherDeps = {
    settings: {
      getSettings: async () => settingsRecord({ api_base_url: "https://api.example/v1" }),
      policyFor: () => policy,
    },
    gateway: {
      apiBaseFor: (s) => s?.api_base_url ?? undefined,
      retrievePayment: async (apiBase, traceId, rank) => {
        asked.push({ apiBase, traceId, news: rank.news });
        return answer();
      },
      gatewayErrorSummary: (error) => summariseGatewayError(error),
    },
    ledger: {
      retrievePaymentByTrace: async (traceId) => records.get(traceId) ?? null,
      updatePayment: async (id, changes) => {
        updates.push(changes);
        const current = [...records.values()].find((p) => p.id === id) ?? record;
        const updated = { ...current, ...changes };
        records.set(updated.trace_id, updated);
        return updated;
      },
    },
    ...(knex ? { knex } : {}),
  };
  return { refresher: new PaymentRefresher(deps), asked, updates };
}

describe("PaymentRefresher: ranks in MixPay's budget", () => {
  const now = () => Date.now();
  const cases: { name: string; trigger: CheckTrigger; over: () => Partial<MixpayPaymentDTO>; news: boolean }[] = [
    { name: "the admin's recheck", trigger: "admin", over: () => ({}), news: true },
    { name: "the first callback", trigger: "callback", over: () => ({}), news: true },
    {
      name: "the first callback since the payment changed",
      trigger: "callback",
      over: () => ({
        check_claimed_at: new Date(now() - 30_000),
        last_checked_at: new Date(now() - 30_000),
        callback_asked_at: new Date(now() - 30_000),
        changed_at: new Date(now() - 20_000),
      }),
      news: true,
    },
    {
      name: "a repeated callback",
      trigger: "callback",
      over: () => ({
        check_claimed_at: new Date(now() - 30_000),
        last_checked_at: new Date(now() - 30_000),
        callback_asked_at: new Date(now() - 30_000),
      }),
      news: false,
    },
    { name: "a screen", trigger: "screen", over: () => ({}), news: false },
    { name: "the job", trigger: "job", over: () => ({ next_check_at: new Date(now() - 1_000) }), news: false },
  ];

  for (const c of cases) {
    it(`${c.name} asks MixPay as ${c.news ? "news" : "a routine check"}`, async () => {
      const record = openPayment(c.over());
      const { knex } = fakeKnex(record);
      const { refresher, asked } = setup(record, async () => mixpayAnswer(record), knex);
      const outcome = await refresher.checkPayment(record.trace_id, c.trigger);
      expect(outcome).toMatchObject({ asked: true, changed: false });
      expect(asked).toEqual([{ apiBase: "https://api.example/v1", traceId: record.trace_id, news: c.news }]);
    });
  }
});

describe("PaymentRefresher: claims, and a check MixPay's budget has no room for", () => {
  it("a callback claims both its columns with one time, on the locked row", async () => {
    const record = openPayment();
    const { knex, statements } = fakeKnex(record);
    const { refresher } = setup(record, async () => mixpayAnswer(record), knex);
    await refresher.checkPayment(record.trace_id, "callback");
    expect(statements.map((s) => s.sql)).toEqual([
      expect.stringMatching(/^select .* from mixpay_payment where id = \? for update$/),
      "update mixpay_payment set check_claimed_at = ?, callback_asked_at = ? where id = ?",
    ]);
    const [at, callbackAt, id] = statements[1].bindings;
    expect(at).toBeInstanceOf(Date);
    expect(callbackAt).toBe(at);
    expect(id).toBe(record.id);
  });

  it("busy: nothing sent, nothing learnt; the claim is given back and the record is due when the budget frees", async () => {
    const claimedBefore = new Date(Date.now() - 60_000);
    const record = openPayment({ check_claimed_at: claimedBefore, last_checked_at: claimedBefore });
    const { knex, statements } = fakeKnex(record);
    const { refresher, asked, updates } = setup(
      record,
      async () => {
        throw new MixPayBusyError(1_500);
      },
      knex,
    );
    const before = Date.now();
    const outcome = await refresher.checkPayment(record.trace_id, "callback");
    const after = Date.now();

    expect(asked).toHaveLength(1);
    expect(outcome).toMatchObject({
      payment: record,
      verification: null,
      changed: false,
      // Not a check: nothing reached MixPay.
      asked: false,
      error: "This shop's share of MixPay's 60 requests a minute is used up; try again in 2 s.",
    });
    const retryAtMs = outcome?.retryAtMs ?? 0;
    expect(retryAtMs).toBeGreaterThanOrEqual(before + 2_000);
    expect(retryAtMs).toBeLessThanOrEqual(after + 2_000);
    // The window goes back — only if no other check claimed the record since — and last_checked_at is untouched.
    const claimAt = statements[1].bindings[0];
    expect(statements[2]).toEqual({
      sql: "update mixpay_payment set check_claimed_at = ?, callback_asked_at = ? where id = ? and check_claimed_at = ?",
      bindings: [claimedBefore, null, record.id, claimAt],
    });
    expect(updates).toEqual([{ next_check_at: new Date(retryAtMs) }]);
  });

  it("busy without a database: nothing to give back, the same answer", async () => {
    const record = openPayment();
    const { refresher, updates } = setup(record, async () => {
      throw new MixPayBusyError(3_000);
    });
    const outcome = await refresher.checkPayment(record.trace_id, "admin");
    expect(outcome).toMatchObject({ asked: false, verification: null, error: expect.stringMatching(/in 3 s\.$/) });
    expect(updates).toEqual([{ next_check_at: new Date(outcome?.retryAtMs ?? 0) }]);
  });

  it("MixPay unreachable: it was a check; the claim stands and the job tries again after its first interval", async () => {
    const record = openPayment();
    const { knex, statements } = fakeKnex(record);
    const { refresher, updates } = setup(
      record,
      async () => {
        throw new MixPayNetworkError("socket hang up", "connection", "retry");
      },
      knex,
    );
    const before = Date.now();
    const outcome = await refresher.checkPayment(record.trace_id, "admin");
    expect(outcome).toMatchObject({ asked: true, verification: null, changed: false, error: expect.any(String) });
    expect(outcome?.retryAtMs).toBeUndefined();
    expect(statements).toHaveLength(2);
    expect(updates).toHaveLength(1);
    const checkedAt = updates[0].last_checked_at as Date;
    expect(checkedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(updates[0].next_check_at).toEqual(
      nextJobCheckAt({ unchanged_checks: 0, expires_at: record.expires_at }, checkedAt.getTime(), policy),
    );
  });

  it("an answer is verified and written", async () => {
    const record = openPayment();
    const { refresher, updates } = setup(record, async () => mixpayAnswer(record, PAID_FIELDS));
    const outcome = await refresher.checkPayment(record.trace_id, "admin");
    expect(outcome).toMatchObject({ asked: true, changed: true, payment: { status: "paid", txid: "0xabc" } });
    expect(outcome?.verification?.status).toBe("paid");
    expect(updates).toHaveLength(1);
  });
});

describe("MixpayGateway.retrievePayment: what a check's rank leaves free", () => {
  function gatewayWith(options: unknown) {
    const gateway = new MixpayGateway({
      options: mixpayModuleOptionsSchema.parse(options),
      currentSettings: async () => null,
    });
    const record = openPayment();
    const retrieve = jest.spyOn(gateway.client(undefined).payments, "retrieve").mockResolvedValue(mixpayAnswer(record));
    return { gateway, retrieve, record };
  }

  it("news leaves the checkout slots free; routine checks leave the callbacks' too", async () => {
    const { gateway, retrieve, record } = gatewayWith({});
    await gateway.retrievePayment(undefined, record.trace_id, { news: true });
    await gateway.retrievePayment(undefined, record.trace_id, { news: false });
    expect(
      retrieve.mock.calls.map(([input, call]) => [input, call?.priority, call?.reserved, call?.maxQueueMs]),
    ).toEqual([
      [{ traceId: record.trace_id, with: "payment" }, "background", 15, 10_000],
      [{ traceId: record.trace_id, with: "payment" }, "background", 25, 10_000],
    ]);
  });

  it("follows the configured shares, and reserves nothing without a rate limit", async () => {
    const shares = gatewayWith({ rateLimit: { perMinute: 30, reservedForCheckout: 5, reservedForCallbacks: 4 } });
    await shares.gateway.retrievePayment(undefined, shares.record.trace_id, { news: true });
    await shares.gateway.retrievePayment(undefined, shares.record.trace_id, { news: false });
    expect(shares.retrieve.mock.calls.map(([, call]) => call?.reserved)).toEqual([5, 9]);

    const unlimited = gatewayWith({ rateLimit: false });
    await unlimited.gateway.retrievePayment(undefined, unlimited.record.trace_id, { news: false });
    expect(unlimited.retrieve.mock.calls.map(([, call]) => call?.reserved)).toEqual([0]);
  });
});
