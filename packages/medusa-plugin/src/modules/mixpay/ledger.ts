import { MedusaError } from "@medusajs/framework/utils";
import type { PaymentStore } from "./store";
import { type ManualRefund, type MixpayPaymentDTO, OPEN_STATUSES } from "./types";

/** A new payment's record, as sale creation writes it. */
export type NewPaymentRecord = Partial<MixpayPaymentDTO>;

/** Columns to change on one payment's record. */
export type PaymentChanges = Partial<Omit<MixpayPaymentDTO, "id">>;

/**
 * The payment records: queries by trace, order or session, the job's lists, creating a record, the marks Medusa's
 * side of a sale leaves (completed, abandoned), and refunds made by hand. Nothing here talks to MixPay.
 */
export class PaymentLedger {
  readonly #store: PaymentStore;
  readonly #reconcileRecheckMs: number;
  readonly #announce: (traceId: string) => Promise<void>;

  /** `announce` tells every server process's sale streams that a record changed (./sale-feed.ts). */
  constructor(deps: {
    store: PaymentStore;
    reconcileRecheckMs: number;
    announce?: (traceId: string) => Promise<void>;
  }) {
    this.#store = deps.store;
    this.#reconcileRecheckMs = deps.reconcileRecheckMs;
    this.#announce = deps.announce ?? (async () => undefined);
  }

  async retrievePaymentByTrace(traceId: string): Promise<MixpayPaymentDTO | null> {
    const [payment] = await this.#store.listMixpayPayments({ trace_id: traceId }, { take: 1 });
    return payment ?? null;
  }

  /**
   * The payment a MixPay callback names: by traceId, else by orderId and payee. Only ids are read from the
   * callback (it is unsigned); null when it names nothing of this shop's.
   */
  async findByCallback(body: {
    traceId?: string;
    orderId?: string;
    payeeId?: string;
  }): Promise<MixpayPaymentDTO | null> {
    if (body.traceId) return this.retrievePaymentByTrace(body.traceId.toLowerCase());
    if (!body.orderId || !body.payeeId) return null;
    const [payment] = await this.#store.listMixpayPayments({ mixpay_order_id: body.orderId }, { take: 1 });
    return payment && payment.payee_id.toLowerCase() === body.payeeId.toLowerCase() ? payment : null;
  }

  /** How many MixPay payments were made for one Medusa session (the next revision number). */
  async countSessionPayments(sessionId: string): Promise<number> {
    const [, count] = await this.#store.listAndCountMixpayPayments({ payment_session_id: sessionId }, { take: 1 });
    return count;
  }

  /**
   * Payments the job should look at now: not final, and due (`next_check_at`, which backs off while a payment does
   * not change; a payment recorded before that column existed is due `reconcileRecheckMs` after it was created).
   */
  async listOpenPayments(limit: number, opts: { now?: Date } = {}): Promise<MixpayPaymentDTO[]> {
    const now = opts.now ?? new Date();
    const createdBefore = new Date(now.getTime() - this.#reconcileRecheckMs);
    // A final record (a success that does not match the sale is a final "review") never changes at MixPay again.
    return this.#store.listMixpayPayments(
      {
        status: [...OPEN_STATUSES],
        final: false,
        $or: [{ next_check_at: { $lte: now } }, { next_check_at: null, created_at: { $lte: createdBefore } }],
      },
      { take: limit, order: { next_check_at: "ASC", created_at: "ASC" } },
    );
  }

  /** Paid payments whose sale has not reached Medusa yet (a lost callback, a crash between the two). */
  async listPaidNotCompleted(limit: number): Promise<MixpayPaymentDTO[]> {
    return this.#store.listMixpayPayments({ status: "paid", completed_at: null, abandoned_at: null }, { take: limit });
  }

  async createPayment(record: NewPaymentRecord): Promise<MixpayPaymentDTO> {
    return this.#store.createMixpayPayments(record);
  }

  /**
   * The one write of a payment's record after its creation (checks, completion, abandonment, refunds by hand). The
   * write has committed when it returns; then every server process's streams of that trace are told to re-read.
   */
  async updatePayment(id: string, changes: PaymentChanges): Promise<MixpayPaymentDTO> {
    const updated = await this.#store.updateMixpayPayments({ id, ...changes });
    await this.#announce(updated.trace_id);
    return updated;
  }

  /** The sale reached Medusa: its payment is captured (and, with a cart, its order exists). */
  async markCompleted(traceId: string, ids: { orderId: string | null; cartId: string | null }): Promise<void> {
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment || (payment.completed_at && payment.order_id === ids.orderId && payment.cart_id === ids.cartId))
      return;
    await this.updatePayment(payment.id, {
      completed_at: payment.completed_at ?? new Date(),
      order_id: ids.orderId,
      cart_id: ids.cartId,
    });
  }

  /**
   * Medusa canceled or deleted the session. MixPay has no cancel: the link stays payable until it expires, so
   * the record is kept, and a payment that still arrives is recorded and flagged for the merchant.
   */
  async markAbandoned(traceId: string): Promise<void> {
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment || payment.completed_at) return;
    // Also for a record already abandoned: a check that read it just before it was cancelled wrote "paid" without
    // the flag, and the completion workflow (which found it abandoned) comes here to set it.
    const attention = payment.status === "paid" ? "paid_after_cancel" : payment.attention;
    if (payment.abandoned_at && attention === payment.attention) return;
    await this.updatePayment(payment.id, { abandoned_at: payment.abandoned_at ?? new Date(), attention });
  }

  /**
   * The merchant chose to make the order for a payment that arrived after the sale was cancelled: the record is
   * no longer abandoned, so the completion workflow settles it like any paid sale. Returns false when there is
   * nothing to reinstate (not cancelled, or already completed).
   */
  async reinstateCancelled(traceId: string): Promise<boolean> {
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment?.abandoned_at || payment.completed_at) return false;
    await this.updatePayment(payment.id, {
      abandoned_at: null,
      attention: payment.attention === "paid_after_cancel" ? null : payment.attention,
    });
    return true;
  }

  /** Records a refund the merchant makes by hand (MixPay has no refund API). No money moves here. */
  async recordManualRefund(
    traceId: string,
    refund: { amount: string; reference?: string | null; note?: string | null; refund_id?: string | null },
  ): Promise<ManualRefund[]> {
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `No MixPay payment with traceId ${traceId}`);
    const refunds = manualRefundsOf(payment);
    const entry: ManualRefund = {
      amount: refund.amount,
      reference: refund.reference ?? null,
      note: refund.note ?? null,
      refund_id: refund.refund_id ?? null,
      recorded_at: new Date().toISOString(),
    };
    const existing = entry.refund_id ? refunds.findIndex((r) => r.refund_id === entry.refund_id) : -1;
    const next =
      existing >= 0
        ? refunds.map((r, i) => (i === existing ? { ...r, ...definedOnly(entry), recorded_at: r.recorded_at } : r))
        : [...refunds, entry];
    await this.updatePayment(payment.id, { manual_refunds: { entries: next } });
    return next;
  }
}

/** The refunds recorded by hand (the json column holds `{ entries: [...] }`). */
export function manualRefundsOf(payment: Pick<MixpayPaymentDTO, "manual_refunds">): ManualRefund[] {
  const entries = (payment.manual_refunds as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as ManualRefund[]) : [];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
