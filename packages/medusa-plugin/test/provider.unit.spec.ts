import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils";
import { MixPayBusyError, MixPayError, MixPayNetworkError, type VerifiedStatus } from "@mixpay-pos/core";
import type { CheckTrigger } from "../src/lib/check-rule";
import { AmountError } from "../src/lib/money";
import { toSessionStatus } from "../src/lib/session-status";
import type { SaleInput } from "../src/modules/mixpay/sales";
import type { ManualRefund, MixpayPaymentDTO, RefreshOutcome } from "../src/modules/mixpay/types";
import {
  MIXPAY_BUSY_CODE,
  MIXPAY_REFUSED_CODE,
  MIXPAY_UNAVAILABLE_CODE,
  type MixpayForProvider,
  MixpayProviderService,
  REFUND_NOTICE,
} from "../src/providers/mixpay/service";
import { paymentRecord } from "./support/records";

const SESSION = "payses_01JQ3Z7G8N5V4C2B1A0S9D8F7E";

/** The provider over a fake of the part of the mixpay module it calls: no database, no MixPay, no HTTP. */
function setup(
  opts: {
    payment?: MixpayPaymentDTO;
    outcome?: Partial<RefreshOutcome> | null;
    found?: MixpayPaymentDTO | null;
    createError?: unknown;
  } = {},
) {
  const payment = opts.payment ?? paymentRecord({ payment_session_id: SESSION });
  const mixpay = {
    createSalePayment: jest.fn(async (_input: SaleInput): Promise<MixpayPaymentDTO> => {
      if (opts.createError) throw opts.createError;
      return payment;
    }),
    checkPayment: jest.fn(
      async (_traceId: string, _trigger: CheckTrigger): Promise<RefreshOutcome | null> =>
        opts.outcome === null ? null : { payment, verification: null, changed: false, asked: true, ...opts.outcome },
    ),
    findByCallback: jest.fn(
      async (_body: { traceId?: string; orderId?: string; payeeId?: string }): Promise<MixpayPaymentDTO | null> =>
        opts.found === undefined ? payment : opts.found,
    ),
    retrievePaymentByTrace: jest.fn(async (_traceId: string): Promise<MixpayPaymentDTO | null> => payment),
    countSessionPayments: jest.fn(async (_sessionId: string) => 1),
    markAbandoned: jest.fn(async (_traceId: string) => {}),
    recordManualRefund: jest.fn(
      async (_traceId: string, refund: { amount: string; note?: string | null; refund_id?: string | null }) => {
        const entry: ManualRefund = {
          amount: refund.amount,
          reference: null,
          note: refund.note ?? null,
          refund_id: refund.refund_id ?? null,
          recorded_at: "2026-11-30T12:30:00.000Z",
        };
        return [entry];
      },
    ),
    qrFor: jest.fn(async (payUrl: string) => ({ svg: `<svg>${payUrl}</svg>`, data_url: `data:image/png,${payUrl}` })),
  } satisfies MixpayForProvider;
  return { provider: new MixpayProviderService({ mixpay }, {}), mixpay, payment };
}

async function medusaErrorOf(promise: Promise<unknown>): Promise<MedusaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MedusaError)) throw new Error(`expected a MedusaError, got ${String(error)}`);
  return error;
}

describe("MixpayProviderService over a fake mixpay module", () => {
  describe("initiatePayment", () => {
    it("creates the session's MixPay payment and returns its trace id, status and public data with the QR", async () => {
      const { provider, mixpay, payment } = setup();
      const out = await provider.initiatePayment({
        amount: 12.5,
        currency_code: "usd",
        data: { session_id: SESSION },
        context: { idempotency_key: "not-this-one" },
      });
      expect(mixpay.createSalePayment).toHaveBeenCalledWith({
        sessionId: SESSION,
        amount: 12.5,
        currencyCode: "usd",
        revision: 0,
      });
      expect(out.id).toBe(payment.trace_id);
      expect(out.status).toBe(PaymentSessionStatus.PENDING);
      expect(out.data).toMatchObject({
        session_id: SESSION,
        trace_id: payment.trace_id,
        mixpay_order_id: payment.mixpay_order_id,
        pay_url: payment.pay_url,
        qr_svg: `<svg>${payment.pay_url}</svg>`,
        qr_data_url: `data:image/png,${payment.pay_url}`,
        expires_at: new Date(payment.expires_at ?? 0).toISOString(),
        status: "unpaid",
        quote_amount: "12.5",
        quote_asset_id: "usd",
      });
    });

    it("takes the session id from the idempotency key when the data has none, and refuses neither", async () => {
      const { provider, mixpay } = setup();
      await provider.initiatePayment({ amount: 1, currency_code: "usd", context: { idempotency_key: SESSION } });
      expect(mixpay.createSalePayment).toHaveBeenCalledWith(expect.objectContaining({ sessionId: SESSION }));
      const error = await medusaErrorOf(provider.initiatePayment({ amount: 1, currency_code: "usd" }));
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA);
    });

    it("MixPay's budget used up: NOT_ALLOWED with code mixpay_busy and when to try again, never a 500", async () => {
      const { provider } = setup({ createError: new MixPayBusyError(2_500) });
      const error = await medusaErrorOf(
        provider.initiatePayment({ amount: 1, currency_code: "usd", data: { session_id: SESSION } }),
      );
      expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED);
      expect(error.code).toBe(MIXPAY_BUSY_CODE);
      expect(error.message).toBe("MixPay is busy right now. Nothing was charged; try again in 3 s.");
      // The seconds travel as an own property, which Medusa's workflows keep (api/errors.ts reads them).
      expect(Object.getOwnPropertyNames(error)).toContain("retryAfterSeconds");
      expect(error).toMatchObject({ retryAfterSeconds: 3 });
      const limited = setup({ createError: new MixPayError({ code: 1429, message: "slow down", httpStatus: 429 }) });
      const blocked = await medusaErrorOf(
        limited.provider.initiatePayment({ amount: 1, currency_code: "usd", data: { session_id: SESSION } }),
      );
      expect(blocked).toMatchObject({ code: MIXPAY_BUSY_CODE, retryAfterSeconds: 60 });
    });

    it("MixPay down or refusing: NOT_ALLOWED in our own words, retryable or not", async () => {
      const down = setup({ createError: new MixPayNetworkError("SECRET", "timeout", "indeterminate") });
      const unavailable = await medusaErrorOf(
        down.provider.initiatePayment({ amount: 1, currency_code: "usd", data: { session_id: SESSION } }),
      );
      expect(unavailable).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: MIXPAY_UNAVAILABLE_CODE });
      expect(unavailable.message).toBe(
        "MixPay could not create the payment: MixPay did not answer in time. Nothing was charged; try again in a moment.",
      );
      expect(unavailable.message).not.toContain("SECRET");
      expect(unavailable).toMatchObject({ retryAfterSeconds: 5 });

      const refusing = setup({ createError: new MixPayError({ code: 10400, message: "SECRET", httpStatus: 400 }) });
      const refused = await medusaErrorOf(
        refusing.provider.initiatePayment({ amount: 1, currency_code: "usd", data: { session_id: SESSION } }),
      );
      expect(refused).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: MIXPAY_REFUSED_CODE });
      expect(refused.message).not.toContain("SECRET");
      expect(refused.message).not.toContain("try again");
      expect(refused).toMatchObject({ retryAfterSeconds: null });
    });

    it("a bad amount is INVALID_DATA; the module's own MedusaErrors pass through as they are", async () => {
      const bad = setup({ createError: new AmountError("the amount 0 USD rounds to zero: nothing to pay") });
      const amount = await medusaErrorOf(
        bad.provider.initiatePayment({ amount: 0, currency_code: "usd", data: { session_id: SESSION } }),
      );
      expect(amount.type).toBe(MedusaError.Types.INVALID_DATA);
      expect(amount.message).toBe(
        "MixPay could not create the payment: the amount 0 USD rounds to zero: nothing to pay",
      );

      const notConfigured = new MedusaError(MedusaError.Types.NOT_ALLOWED, "MixPay is not configured");
      const own = setup({ createError: notConfigured });
      await expect(
        own.provider.initiatePayment({ amount: 1, currency_code: "usd", data: { session_id: SESSION } }),
      ).rejects.toBe(notConfigured);
    });
  });

  describe("authorizePayment", () => {
    const statuses: [VerifiedStatus, PaymentSessionStatus][] = [
      ["paid", PaymentSessionStatus.CAPTURED],
      ["underpaid", PaymentSessionStatus.REQUIRES_MORE],
      ["unpaid", PaymentSessionStatus.PENDING],
      ["processing", PaymentSessionStatus.PENDING],
      ["review", PaymentSessionStatus.PENDING],
      ["failed", PaymentSessionStatus.ERROR],
      ["expired", PaymentSessionStatus.CANCELED],
      ["cancelled", PaymentSessionStatus.CANCELED],
    ];

    it.each(statuses)("status %s authorizes as %s (lib/session-status.ts)", async (status, expected) => {
      const { provider, mixpay, payment } = setup({ payment: paymentRecord({ status }) });
      const out = await provider.authorizePayment({ data: { trace_id: payment.trace_id, cart: "kept" } });
      expect(mixpay.checkPayment).toHaveBeenCalledWith(payment.trace_id, "screen");
      expect(out.status).toBe(expected);
      expect(out.status).toBe(toSessionStatus(status));
      expect(out.data).toMatchObject({ cart: "kept", trace_id: payment.trace_id, status });
    });

    it("answers from the record without the QR, and says why MixPay could not be asked", async () => {
      const { provider, mixpay, payment } = setup({
        outcome: { asked: true, error: "MixPay did not answer in time." },
      });
      const out = await provider.authorizePayment({ data: { trace_id: payment.trace_id } });
      expect(mixpay.qrFor).not.toHaveBeenCalled();
      expect(out.data).not.toHaveProperty("qr_svg");
      expect(out.data?.mixpay_error).toBe("MixPay did not answer in time.");
    });

    it("no trace id is INVALID_DATA; a trace this shop does not know is NOT_FOUND", async () => {
      const { provider } = setup({ outcome: null });
      expect((await medusaErrorOf(provider.authorizePayment({ data: {} }))).type).toBe(MedusaError.Types.INVALID_DATA);
      expect((await medusaErrorOf(provider.authorizePayment({ data: { trace_id: "t" } }))).type).toBe(
        MedusaError.Types.NOT_FOUND,
      );
    });
  });

  describe("getWebhookActionAndData (Medusa's generic webhook route)", () => {
    const payload = (data: Record<string, unknown>) => ({ data, rawData: JSON.stringify(data), headers: {} });

    it("a callback for a verified paid payment is SUCCESSFUL with the session and amount", async () => {
      const paid = paymentRecord({ status: "paid", payment_session_id: SESSION, amount: "12.5" });
      const { provider, mixpay } = setup({ payment: paid });
      const out = await provider.getWebhookActionAndData(payload({ traceId: paid.trace_id.toUpperCase() }));
      expect(mixpay.findByCallback).toHaveBeenCalledWith(
        expect.objectContaining({ traceId: paid.trace_id.toUpperCase() }),
      );
      expect(mixpay.checkPayment).toHaveBeenCalledWith(paid.trace_id, "callback");
      expect(out).toEqual({ action: PaymentActions.SUCCESSFUL, data: { session_id: SESSION, amount: "12.5" } });
    });

    it("anything else is NOT_SUPPORTED: not paid, paid after the session was abandoned, not this shop's, malformed", async () => {
      const unpaid = setup();
      expect(await unpaid.provider.getWebhookActionAndData(payload({ traceId: unpaid.payment.trace_id }))).toEqual({
        action: PaymentActions.NOT_SUPPORTED,
      });

      const abandoned = setup({ payment: paymentRecord({ status: "paid", abandoned_at: new Date() }) });
      const out = await abandoned.provider.getWebhookActionAndData(payload({ traceId: abandoned.payment.trace_id }));
      expect(out.action).toBe(PaymentActions.NOT_SUPPORTED);

      const unknown = setup({ found: null });
      const other = await unknown.provider.getWebhookActionAndData(payload({ traceId: unknown.payment.trace_id }));
      expect(other.action).toBe(PaymentActions.NOT_SUPPORTED);
      expect(unknown.mixpay.checkPayment).not.toHaveBeenCalled();

      const forged = setup();
      const bad = await forged.provider.getWebhookActionAndData(payload({ traceId: "'; drop table --" }));
      expect(bad.action).toBe(PaymentActions.NOT_SUPPORTED);
      expect(forged.mixpay.findByCallback).not.toHaveBeenCalled();
    });
  });

  describe("refundPayment", () => {
    it("records a manual refund (MixPay has no refund API) and says so in the data", async () => {
      const { provider, mixpay, payment } = setup();
      const out = await provider.refundPayment({
        amount: "5.50",
        data: { trace_id: payment.trace_id },
        context: { idempotency_key: "refund_01" },
      });
      expect(mixpay.recordManualRefund).toHaveBeenCalledWith(payment.trace_id, {
        amount: "5.5",
        refund_id: "refund_01",
        note: REFUND_NOTICE,
      });
      expect(out.data).toMatchObject({
        trace_id: payment.trace_id,
        refund_notice: REFUND_NOTICE,
        manual_refunds: [{ amount: "5.5", refund_id: "refund_01", note: REFUND_NOTICE }],
      });
    });
  });

  describe("the rest of the lifecycle", () => {
    it("updatePayment keeps a payment with the same terms and replaces one with new terms", async () => {
      const same = setup();
      const kept = await same.provider.updatePayment({
        amount: 12.5,
        currency_code: "USD",
        data: { trace_id: same.payment.trace_id },
      });
      expect(kept.status).toBe(PaymentSessionStatus.PENDING);
      expect(same.mixpay.markAbandoned).not.toHaveBeenCalled();
      expect(same.mixpay.createSalePayment).not.toHaveBeenCalled();

      const changed = setup();
      await changed.provider.updatePayment({
        amount: 20,
        currency_code: "usd",
        data: { trace_id: changed.payment.trace_id },
      });
      expect(changed.mixpay.markAbandoned).toHaveBeenCalledWith(changed.payment.trace_id);
      expect(changed.mixpay.countSessionPayments).toHaveBeenCalledWith(SESSION);
      expect(changed.mixpay.createSalePayment).toHaveBeenCalledWith({
        sessionId: SESSION,
        amount: 20,
        currencyCode: "usd",
        revision: 1,
      });
    });

    it("cancel and delete abandon the MixPay payment (it stays payable until it expires); capture has nothing to do", async () => {
      const { provider, mixpay, payment } = setup();
      const data = { trace_id: payment.trace_id };
      expect(await provider.cancelPayment({ data })).toEqual({ data });
      expect(await provider.deletePayment({ data })).toEqual({ data });
      expect(mixpay.markAbandoned).toHaveBeenCalledTimes(2);
      expect(await provider.deletePayment({ data: {} })).toEqual({ data: {} });
      expect(mixpay.markAbandoned).toHaveBeenCalledTimes(2);
      expect(await provider.capturePayment({ data })).toEqual({ data });
    });

    it("without the mixpay module in its container, says how to declare the dependency", async () => {
      const provider = new MixpayProviderService({}, {});
      const error = await medusaErrorOf(provider.authorizePayment({ data: { trace_id: "t" } }));
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA);
      expect(error.message).toContain('dependencies: ["mixpay"]');
    });
  });
});
