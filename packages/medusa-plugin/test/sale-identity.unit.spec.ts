import { MedusaError } from "@medusajs/framework/utils";
import { MixPayBusyError, ORDER_ID_PATTERN, traceIdFor, UUID_PATTERN } from "@mixpay-pos/core";
import { mixpayOrderIdFor } from "../src/lib/order-id";
import type { NewPaymentRecord } from "../src/modules/mixpay/ledger";
import { findAgainOrCreate, saleIdentity } from "../src/modules/mixpay/sale-identity";
import { SalePayments, type SalePaymentsDeps } from "../src/modules/mixpay/sales";
import type { MixpayPaymentDTO, MixpaySettingDTO } from "../src/modules/mixpay/types";
import { PAYEE_ID, paymentRecord, settingsRecord, TEST_POLICY, USDT_ASSET_ID } from "./support/records";

const SESSION = "payses_01JQ3Z7G8N5V4C2B1A0S9D8F7E";

describe("saleIdentity: MixPay's ids for a Medusa payment session", () => {
  it("the first payment is the session: orderId the session id, traceId a uuid v5 of it", () => {
    const id = saleIdentity(SESSION);
    expect(id).toEqual({ orderId: SESSION, traceId: traceIdFor(SESSION) });
    expect(id.traceId).toMatch(UUID_PATTERN);
    expect(saleIdentity(SESSION, 0)).toEqual(id);
  });

  it("is derived, never drawn: a retried call gets the same ids", () => {
    expect(saleIdentity(SESSION, 2)).toEqual(saleIdentity(SESSION, 2));
  });

  it("every later revision of the session is its own MixPay payment", () => {
    const ids = [0, 1, 2, 10].map((r) => saleIdentity(SESSION, r));
    expect(new Set(ids.map((i) => i.traceId)).size).toBe(4);
    expect(new Set(ids.map((i) => i.orderId)).size).toBe(4);
    expect(ids[1]).toEqual({ orderId: mixpayOrderIdFor(SESSION, 1), traceId: traceIdFor(`${SESSION}#1`) });
    for (const { orderId } of ids) expect(orderId).toMatch(ORDER_ID_PATTERN);
  });

  it("refuses what cannot become MixPay ids", () => {
    expect(() => saleIdentity("ab")).toThrow(RangeError);
    expect(() => saleIdentity(SESSION, -1)).toThrow(RangeError);
  });
});

describe("findAgainOrCreate: one record per identity", () => {
  function steps(found: (string | null)[], insert: () => Promise<string>) {
    const calls: string[] = [];
    return {
      calls,
      steps: {
        find: async () => {
          calls.push("find");
          return found.shift() ?? null;
        },
        prepare: async () => {
          calls.push("prepare");
          return "prepared";
        },
        insert: async (prepared: string) => {
          calls.push(`insert ${prepared}`);
          return insert();
        },
      },
    };
  }

  it("finds again what a retried call made, without preparing anything", async () => {
    const { calls, steps: s } = steps(["existing"], async () => "new");
    await expect(findAgainOrCreate(s)).resolves.toBe("existing");
    expect(calls).toEqual(["find"]);
  });

  it("prepares and inserts when there is nothing yet", async () => {
    const { calls, steps: s } = steps([], async () => "new");
    await expect(findAgainOrCreate(s)).resolves.toBe("new");
    expect(calls).toEqual(["find", "prepare", "insert prepared"]);
  });

  it("answers with the concurrent call's record when that one won the insert", async () => {
    const { calls, steps: s } = steps([null, "raced"], async () => {
      throw new Error("duplicate key value violates unique constraint");
    });
    await expect(findAgainOrCreate(s)).resolves.toBe("raced");
    expect(calls).toEqual(["find", "prepare", "insert prepared", "find"]);
  });

  it("throws the insert's error when nobody else recorded it", async () => {
    const { steps: s } = steps([], async () => {
      throw new Error("database down");
    });
    await expect(findAgainOrCreate(s)).rejects.toThrow("database down");
  });

  it("a failed prepare (MixPay refusing) is the caller's: nothing is looked up again", async () => {
    const { calls, steps: s } = steps([], async () => "new");
    s.prepare = async () => {
      calls.push("prepare");
      throw new MixPayBusyError(2_000);
    };
    await expect(findAgainOrCreate(s)).rejects.toBeInstanceOf(MixPayBusyError);
    expect(calls).toEqual(["find", "prepare"]);
  });
});

describe("SalePayments.createSalePayment, with fake parts", () => {
  const policy = TEST_POLICY;

  function fakes(opts: { settings?: MixpaySettingDTO; existing?: MixpayPaymentDTO; deadlineMs?: number } = {}) {
    const settings = opts.settings ?? settingsRecord();
    const records = new Map<string, MixpayPaymentDTO>();
    if (opts.existing) records.set(opts.existing.trace_id, opts.existing);
    const asked: Parameters<SalePaymentsDeps["gateway"]["createPayment"]>[] = [];
    const inserted: NewPaymentRecord[] = [];
    const deps: SalePaymentsDeps = {
      settings: {
        requireSettings: async () => settings,
        callbackUrlFor: (s) => (s?.public_base_url ? `${s.public_base_url}/hooks/mixpay` : null),
        policyFor: () => policy,
      },
      gateway: {
        apiBaseFor: (s) => s?.api_base_url ?? undefined,
        listAssets: async () => ({
          settlement: [],
          quote: [
            { assetId: "usd", symbol: "USD" },
            { assetId: "eur", symbol: "EUR" },
            { assetId: USDT_ASSET_ID, symbol: "USDT" },
          ],
          fetched_at: new Date().toISOString(),
        }),
        createPayment: async (apiBase, request) => {
          asked.push([apiBase, request]);
          return { code: "code-1", traceId: request.traceId ?? "", deadlineMs: opts.deadlineMs };
        },
        payUrlFor: (code) => `https://checkout.example/code/${code}`,
      },
      ledger: {
        retrievePaymentByTrace: async (traceId) => records.get(traceId) ?? null,
        createPayment: async (record) => {
          inserted.push(record);
          const saved = paymentRecord({ ...record, id: `mxpay_${inserted.length}` });
          records.set(saved.trace_id, saved);
          return saved;
        },
      },
    };
    return { deps, asked, inserted };
  }

  it("asks MixPay for the session's payment under its derived ids and records what was asked", async () => {
    const { deps, asked, inserted } = fakes({
      settings: settingsRecord({ public_base_url: "https://shop.example", api_base_url: "https://api.example/v1" }),
    });
    const before = Date.now();
    const payment = await new SalePayments(deps).createSalePayment({
      sessionId: SESSION,
      amount: 12.5,
      currencyCode: "USD",
    });
    const { traceId, orderId } = saleIdentity(SESSION);
    expect(asked).toHaveLength(1);
    const [apiBase, request] = asked[0];
    expect(apiBase).toBe("https://api.example/v1");
    expect(request).toMatchObject({
      payeeId: PAYEE_ID,
      settlementAssetId: USDT_ASSET_ID,
      quoteAssetId: "usd",
      quoteAmount: "12.5",
      orderId,
      traceId,
      strictMode: false,
      callbackUrl: "https://shop.example/hooks/mixpay",
      callbackEvent: "paid_less",
    });
    expect(request.expiredTimestamp).toBeGreaterThanOrEqual(Math.floor((before + 15 * 60_000) / 1000));
    expect(inserted[0]).toMatchObject({
      trace_id: traceId,
      mixpay_order_id: orderId,
      payment_session_id: SESSION,
      currency_code: "usd",
      amount: "12.5",
      code: "code-1",
      pay_url: "https://checkout.example/code/code-1",
      status: "unpaid",
      status_history: { entries: [expect.objectContaining({ status: "unpaid", reason: "Payment created." })] },
    });
    expect(payment.trace_id).toBe(traceId);
  });

  it("without a callback URL, MixPay is not given one; MixPay's deadline wins over the one asked for", async () => {
    const deadlineMs = Date.now() + 5 * 60_000;
    const { deps, asked, inserted } = fakes({ deadlineMs });
    await new SalePayments(deps).createSalePayment({ sessionId: SESSION, amount: "10", currencyCode: "eur" });
    expect(asked[0][1]).not.toHaveProperty("callbackUrl");
    expect(asked[0][1]).not.toHaveProperty("callbackEvent");
    expect(inserted[0].expires_at).toEqual(new Date(deadlineMs));
    expect(inserted[0].next_check_at).toEqual(expect.any(Date));
  });

  it("a retried call finds the payment again and asks MixPay nothing", async () => {
    const existing = paymentRecord({ trace_id: saleIdentity(SESSION).traceId, id: "mxpay_old" });
    const { deps, asked, inserted } = fakes({ existing });
    const payment = await new SalePayments(deps).createSalePayment({
      sessionId: SESSION,
      amount: 12.5,
      currencyCode: "usd",
    });
    expect(payment.id).toBe("mxpay_old");
    expect(asked).toEqual([]);
    expect(inserted).toEqual([]);
  });

  it("a revision is a new payment with its own ids", async () => {
    const existing = paymentRecord({ trace_id: saleIdentity(SESSION).traceId, id: "mxpay_old" });
    const { deps, asked } = fakes({ existing });
    const payment = await new SalePayments(deps).createSalePayment({
      sessionId: SESSION,
      amount: 20,
      currencyCode: "usd",
      revision: 1,
    });
    expect(payment.trace_id).toBe(saleIdentity(SESSION, 1).traceId);
    expect(asked[0][1]).toMatchObject(saleIdentity(SESSION, 1));
  });

  it("a currency MixPay does not quote is refused before MixPay is asked, unless a quote asset stands in", async () => {
    const refused = fakes();
    const error = await new SalePayments(refused.deps)
      .createSalePayment({ sessionId: SESSION, amount: 100, currencyCode: "jpy" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MedusaError);
    expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect((error as MedusaError).message).toMatch(/does not quote JPY \(it quotes USD, EUR\)/);
    expect(refused.asked).toEqual([]);

    const fallback = fakes({ settings: settingsRecord({ quote_asset_id: USDT_ASSET_ID }) });
    await new SalePayments(fallback.deps).createSalePayment({ sessionId: SESSION, amount: 100, currencyCode: "jpy" });
    expect(fallback.asked[0][1]).toMatchObject({ quoteAssetId: USDT_ASSET_ID, quoteAmount: "100" });
  });
});
