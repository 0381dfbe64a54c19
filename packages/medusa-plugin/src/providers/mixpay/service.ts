import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types";
import { AbstractPaymentProvider, MedusaError, PaymentActions } from "@medusajs/framework/utils";
import { MixPayBusyError, MixPayCoreError, MixPayError } from "@mixpay-pos/core";
import { readCallback } from "../../lib/callback";
import {
  MIXPAY_BUSY_CODE,
  MIXPAY_REFUSED_CODE,
  MIXPAY_UNAVAILABLE_CODE,
  MixpayCallError,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from "../../lib/errors";
import { summariseGatewayError } from "../../lib/gateway-error";
import { medusaAmountToDecimal } from "../../lib/money";
import { toSessionStatus } from "../../lib/session-status";
import type MixpayModuleService from "../../modules/mixpay/service";
import type { MixpayPaymentDTO } from "../../modules/mixpay/service";

export const MIXPAY_PROVIDER_IDENTIFIER = "mixpay";

/** What the provider keeps in the session's `data` (public: the storefront and POS read it). */
export interface MixpaySessionData extends Record<string, unknown> {
  session_id: string;
  trace_id: string;
  mixpay_order_id: string;
  pay_url: string;
  qr_svg?: string;
  qr_data_url?: string;
  expires_at: string | null;
  status: string;
  quote_amount: string;
  quote_asset_id: string;
  payee_id: string;
  settlement_asset_id: string;
  shortfall?: string | null;
  shortfall_symbol?: string | null;
  surplus?: string | null;
  txid?: string | null;
  /** Why the last check could not reach MixPay, when it could not. */
  mixpay_error?: string;
  manual_refunds?: unknown[];
  refund_notice?: string;
}

/**
 * MedusaError codes of a checkout MixPay did not take (lib/errors.ts, the HTTP error types of the same names):
 * busy or unavailable — the caller may simply try again after `retryAfterSeconds` — or refused.
 */
export { MIXPAY_BUSY_CODE, MIXPAY_REFUSED_CODE, MIXPAY_UNAVAILABLE_CODE };

/**
 * What the provider uses of the mixpay module: all it needs, so a test can hand it a small fake of just this
 * (test/provider.unit.spec.ts) instead of the module and MixPay.
 */
export type MixpayForProvider = Pick<
  MixpayModuleService,
  | "createSalePayment"
  | "checkPayment"
  | "findByCallback"
  | "retrievePaymentByTrace"
  | "countSessionPayments"
  | "markAbandoned"
  | "recordManualRefund"
  | "qrFor"
>;

export const REFUND_NOTICE =
  "MixPay has no refund API: no money was sent. Pay the customer back by hand from the merchant's Mixin wallet and record the transaction hash on this refund.";

/**
 * MixPay as a Medusa payment provider (`pp_mixpay_mixpay`). Thin on purpose: the mixpay module owns the
 * settings, the MixPay client and the payment records; this class turns them into Medusa's provider
 * lifecycle. A payment is captured only when core `verifyPaymentResult` says paid.
 */
export class MixpayProviderService extends AbstractPaymentProvider<Record<string, unknown>> {
  static override identifier = MIXPAY_PROVIDER_IDENTIFIER;

  // The base constructor is protected; Medusa's loader (and ModuleProvider's type) need a public one.
  constructor(cradle: Record<string, unknown>, options?: Record<string, unknown>) {
    super(cradle, options);
  }

  /** The mixpay module, reachable because the payment module declares `dependencies: ["mixpay"]`. */
  protected get mixpay(): MixpayForProvider {
    let service: unknown;
    try {
      service = this.container.mixpay;
    } catch {
      service = undefined;
    }
    if (!service) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        'The MixPay settings module is not reachable from the payment module: add dependencies: ["mixpay"] to the @medusajs/medusa/payment entry in medusa-config (see the plugin README).',
      );
    }
    return service as MixpayForProvider;
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = sessionIdOf(input.data) ?? input.context?.idempotency_key;
    if (!sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "MixPay: initiatePayment needs the payment session id");
    }
    const payment = await this.#create(sessionId, input);
    return {
      id: payment.trace_id,
      status: toSessionStatus(payment.status),
      data: await this.#sessionData(payment, true),
    };
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = await this.#payment(input.data);
    const sameTerms =
      current.currency_code === input.currency_code.toLowerCase() &&
      current.amount === medusaAmountToDecimal(input.amount);
    if (sameTerms) return { status: toSessionStatus(current.status), data: await this.#sessionData(current, true) };
    // MixPay's terms are fixed once created: a new amount is a new MixPay payment; the old one is abandoned.
    await this.mixpay.markAbandoned(current.trace_id);
    const revision = await this.mixpay.countSessionPayments(current.payment_session_id);
    const next = await this.#create(current.payment_session_id, input, revision);
    return { status: toSessionStatus(next.status), data: await this.#sessionData(next, true) };
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.#check(input.data);
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.#check(input.data);
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: (await this.#check(input.data)).data };
  }

  /** MixPay settles as soon as it is paid: there is nothing left to capture. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data ?? {} };
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.#abandon(input.data) };
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: await this.#abandon(input.data) };
  }

  /**
   * MixPay has no refund API. The refund is recorded as manual (amount, Medusa refund id) and the data says
   * so plainly; the merchant pays the customer back by hand and adds the transaction hash in the admin.
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const traceId = traceIdOf(input.data);
    const amount = medusaAmountToDecimal(input.amount);
    const refunds = await this.mixpay.recordManualRefund(traceId, {
      amount,
      refund_id: input.context?.idempotency_key ?? null,
      note: REFUND_NOTICE,
    });
    return { data: { ...(input.data ?? {}), manual_refunds: refunds, refund_notice: REFUND_NOTICE } };
  }

  /**
   * For a MixPay callback sent to Medusa's generic `/hooks/payment/mixpay_mixpay`: the body is unsigned and only
   * names ids, so MixPay is asked again and only a verified payment counts. (The plugin's own callback route,
   * `/hooks/mixpay`, is preferred: it answers `{"code":"SUCCESS"}` as MixPay expects.)
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const callback = readCallback(payload.data);
    if (!callback.ok) return { action: PaymentActions.NOT_SUPPORTED };
    const payment = await this.mixpay.findByCallback(callback.body);
    // Through the one check rule, like /hooks/mixpay: a final payment or a trace checked moments ago costs nothing.
    const outcome = payment ? await this.mixpay.checkPayment(payment.trace_id, "callback") : null;
    if (outcome?.payment.status !== "paid" || outcome.payment.abandoned_at) {
      return { action: PaymentActions.NOT_SUPPORTED };
    }
    return {
      action: PaymentActions.SUCCESSFUL,
      data: { session_id: outcome.payment.payment_session_id, amount: outcome.payment.amount },
    };
  }

  async #create(
    sessionId: string,
    input: InitiatePaymentInput | UpdatePaymentInput,
    revision = 0,
  ): Promise<MixpayPaymentDTO> {
    try {
      return await this.mixpay.createSalePayment({
        sessionId,
        amount: input.amount,
        currencyCode: input.currency_code,
        revision,
      });
    } catch (error) {
      throw asMedusaError(error, "MixPay could not create the payment");
    }
  }

  async #check(data: Record<string, unknown> | undefined): Promise<AuthorizePaymentOutput> {
    const traceId = traceIdOf(data);
    // Authorize (the storefront's complete) and status reads: the record, unless the check rule lets a screen ask.
    const outcome = await this.mixpay.checkPayment(traceId, "screen");
    if (!outcome) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `MixPay: no payment with traceId ${traceId} in this shop`);
    }
    const sessionData = await this.#sessionData(outcome.payment, false);
    if (outcome.error) sessionData.mixpay_error = outcome.error;
    return { status: toSessionStatus(outcome.payment.status), data: { ...(data ?? {}), ...sessionData } };
  }

  async #abandon(data: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
    const traceId = typeof data?.trace_id === "string" ? data.trace_id : null;
    if (traceId) await this.mixpay.markAbandoned(traceId);
    return data ?? {};
  }

  async #payment(data: Record<string, unknown> | undefined): Promise<MixpayPaymentDTO> {
    const traceId = traceIdOf(data);
    const payment = await this.mixpay.retrievePaymentByTrace(traceId);
    if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `MixPay: no payment with traceId ${traceId}`);
    return payment;
  }

  async #sessionData(payment: MixpayPaymentDTO, withQr: boolean): Promise<MixpaySessionData> {
    return {
      session_id: payment.payment_session_id,
      trace_id: payment.trace_id,
      mixpay_order_id: payment.mixpay_order_id,
      pay_url: payment.pay_url,
      ...(withQr
        ? await this.mixpay.qrFor(payment.pay_url).then((qr) => ({ qr_svg: qr.svg, qr_data_url: qr.data_url }))
        : {}),
      expires_at: payment.expires_at ? new Date(payment.expires_at).toISOString() : null,
      status: payment.status,
      quote_amount: payment.quote_amount,
      quote_asset_id: payment.quote_asset_id,
      payee_id: payment.payee_id,
      settlement_asset_id: payment.settlement_asset_id,
      shortfall: payment.shortfall_amount,
      shortfall_symbol: payment.shortfall_symbol,
      surplus: payment.surplus_amount,
      txid: payment.txid,
    };
  }
}

function sessionIdOf(data: Record<string, unknown> | undefined): string | undefined {
  return typeof data?.session_id === "string" && data.session_id ? data.session_id : undefined;
}

function traceIdOf(data: Record<string, unknown> | undefined): string {
  const traceId = data?.trace_id;
  if (typeof traceId !== "string" || !traceId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "MixPay: the payment data has no trace_id");
  }
  return traceId;
}

/**
 * MixPay's and core's errors become MedusaErrors with MixPay's words, so the storefront sees why: a
 * MixpayCallError (NOT_ALLOWED, code mixpay_busy / mixpay_unavailable / mixpay_refused) whose `retryAfterSeconds`
 * travels with it through Medusa's workflows, so the plugin's routes can answer 503 with Retry-After.
 */
function asMedusaError(error: unknown, what: string): unknown {
  if (error instanceof MedusaError) return error;
  const busySeconds =
    error instanceof MixPayBusyError
      ? Math.max(1, Math.ceil(error.retryAfterMs / 1000))
      : error instanceof MixPayError && error.rateLimited
        ? 60 // MixPay answered 1429: the shared budget is blocked for a minute.
        : null;
  if (busySeconds !== null) {
    // The shop's share of MixPay's 60 requests a minute is used up: a plain, retryable answer, never a 500.
    return new MixpayCallError(
      MIXPAY_BUSY_CODE,
      `MixPay is busy right now. Nothing was charged; try again in ${busySeconds} s.`,
      busySeconds,
    );
  }
  if (error instanceof MixPayCoreError) {
    // MixPay down, slow, or refusing: the customer can try again, so a 400 in plain words from Medusa's store route
    // rather than a 500, and in our own words (lib/gateway-error.ts): MixPay's or a stranger's text stays in the log.
    const refused = error.disposition === "fail";
    return new MixpayCallError(
      refused ? MIXPAY_REFUSED_CODE : MIXPAY_UNAVAILABLE_CODE,
      `${what}: ${summariseGatewayError(error)}${refused ? "" : " Nothing was charged; try again in a moment."}`,
      refused ? null : UNAVAILABLE_RETRY_AFTER_SECONDS,
    );
  }
  if (error instanceof Error && error.name === "AmountError") {
    return new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: ${error.message}`);
  }
  return error;
}

export default MixpayProviderService;
