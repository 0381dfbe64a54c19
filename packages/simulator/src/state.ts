import { randomBytes, randomUUID } from "node:crypto";
import {
  type CallbackEvent,
  decimalAdd,
  decimalCompare,
  decimalSub,
  FAILURE_CODES,
  FINAL_PAYMENT_STATUSES,
  type OptInCallbackEvent,
  type PaymentStatus,
  type SurplusStatus,
} from "@mixpay-pos/protocol";
import { type ControlAction, ControlError } from "./actions.js";
import type { AssetCatalog, QuoteAssetInfo, SimAsset } from "./assets.js";
import type { SimClock } from "./clock.js";
import { failureReasonOf } from "./lifecycle.js";
import type { Behaviour, Lifecycle } from "./options.js";
import { payableAmount, scaleAmount } from "./pricing.js";

/**
 * The one in-memory state machine of payments. A payment follows the lifecycle that was current when it was
 * created (behaviour.lifecycle).
 *
 * Current lifecycle (MixPay's 2026-08-13 release):
 *
 *   unpaid ─pay─► success                       unpaid|paid_less ─pay(hold)─► confirming ─confirm─► success
 *   unpaid|paid_less ─underpay─► paid_less       confirming ─process─► pending ─confirm─► success
 *   paid_less ─pay / overpay─► success (top-up on the same trace; with hold ─► confirming)
 *   unpaid|confirming|pending ─audit─► auditing ─confirm─► success
 *   at expiredAt (or expire):   unpaid ─► failed 40000 (nothing received)
 *                               paid_less ─► failed 40024 (what arrived is kept)
 *   at expiredAt + the confirmation deadline (or expire):  confirming ─► failed 40000 (money received)
 *   pending and auditing outlive the deadline; anything not final ─fail─► failed (any failure code)
 *
 * Legacy lifecycle (payments created before the release):
 *
 *   unpaid ─pay─► success            unpaid ─pay(hold)─► pending ─confirm─► success
 *   unpaid ─underpay─► pending (multi-pay, not fully paid) ─pay─► success
 *   unpaid|pending ─audit─► auditing ─confirm─► success | ─fail─► failed
 *   unpaid|underpaid ─expiredTimestamp passes / expire─► failed 40000
 *   anything not final ─fail─► failed
 *
 * success and failed are final: nothing changes their status again. Every change is appended to the payment's
 * history and reported as callback events.
 */

export type PaymentSource = "one_time_payment" | "pay_link";

/** What the merchant asked for (already validated and normalised). */
export interface PaymentTerms {
  source: PaymentSource;
  traceId: string;
  orderId?: string;
  payeeId: string;
  quoteAssetId: string;
  quoteAmount: string;
  /** undefined (pay link without one): the payee receives whatever the payer pays. */
  settlementAssetId?: string;
  strictMode: boolean;
  paymentAssetId?: string;
  remark?: string;
  settlementMemo?: string;
  returnTo?: string;
  failedReturnTo?: string;
  callbackUrl?: string;
  callbackEvents: OptInCallbackEvent[];
  /** unix seconds */
  expiredTimestamp?: number;
}

export interface Transaction {
  amount: string;
  assetId: string;
  txid: string;
  /** false while the transaction waits for confirmations (pay/overpay with hold). */
  confirmed: boolean;
  requiredConfirms: number;
  broadcastAtMs: number;
}

export interface StatusChange {
  status: PaymentStatus;
  atMs: number;
  reason: string;
}

export interface CallbackDelivery {
  event: CallbackEvent;
  /** 1..9 (1..10 in the legacy lifecycle); 0 when the delivery was dropped by a fault and never sent. */
  attempt: number;
  atMs: number;
  /** null when no HTTP answer arrived (network error, timeout, dropped). */
  httpStatus: number | null;
  ok: boolean;
  error?: string;
  /** The reply body, cut to 200 characters. */
  reply?: string;
  /** The second copy sent by the "duplicate" fault. */
  duplicate?: boolean;
  dropped?: boolean;
}

export interface PaymentRecord extends PaymentTerms {
  code: string;
  clientId: string;
  createdAtMs: number;
  lifecycle: Lifecycle;
  /**
   * MixPay's fixed payment deadline (expiredAt), unix ms: expiredTimestamp, else creation + defaultDeadlineSeconds.
   * Legacy payments have one only when expiredTimestamp was given.
   */
  deadlineMs?: number;
  status: PaymentStatus;
  failureCode: string;
  failureReason: string;
  transactions: Transaction[];
  /** True once a payment arrived in parts (on-chain multi-pay). */
  multiPay: boolean;
  surplusStatus: SurplusStatus;
  settled: boolean;
  history: StatusChange[];
  deliveries: CallbackDelivery[];
}

export const FINAL_STATUSES: readonly PaymentStatus[] = FINAL_PAYMENT_STATUSES;

export interface StoreDeps {
  clock: SimClock;
  catalog: AssetCatalog;
  behaviour: () => Behaviour;
  /** Called after every change with the events it raised, in order. */
  onEvents: (payment: PaymentRecord, events: CallbackEvent[]) => void;
}

export class PaymentStore {
  private readonly payments = new Map<string, PaymentRecord>();

  constructor(private readonly deps: StoreDeps) {}

  get catalog(): AssetCatalog {
    return this.deps.catalog;
  }

  create(terms: PaymentTerms): PaymentRecord {
    const now = this.deps.clock.now();
    const behaviour = this.deps.behaviour();
    const record: PaymentRecord = {
      ...terms,
      code: terms.traceId,
      clientId: randomUUID(),
      createdAtMs: now,
      lifecycle: behaviour.lifecycle,
      status: "unpaid",
      failureCode: "0",
      failureReason: "",
      transactions: [],
      multiPay: false,
      surplusStatus: "no",
      settled: false,
      history: [{ status: "unpaid", atMs: now, reason: `created (${terms.source}, ${behaviour.lifecycle} lifecycle)` }],
      deliveries: [],
    };
    if (behaviour.lifecycle === "current") {
      // The earliest of the merchant's deadline (else MixPay's default) and MixPay's own limit on the window.
      const asked =
        terms.expiredTimestamp !== undefined
          ? terms.expiredTimestamp * 1000
          : now + behaviour.defaultDeadlineSeconds * 1000;
      record.deadlineMs = Math.min(asked, now + behaviour.maxPaymentWindowSeconds * 1000);
    } else if (terms.expiredTimestamp !== undefined) record.deadlineMs = terms.expiredTimestamp * 1000;
    this.payments.set(terms.traceId, record);
    return record;
  }

  /** By traceId without applying deadlines (for bookkeeping such as recording callback deliveries). */
  peek(traceId: string): PaymentRecord | undefined {
    return this.payments.get(traceId.toLowerCase());
  }

  /** By traceId (= one-time payment code). Applies the deadlines first. */
  get(traceId: string): PaymentRecord | undefined {
    const p = this.payments.get(traceId.toLowerCase());
    if (p) this.refresh(p);
    return p;
  }

  findByOrder(payeeId: string, orderId: string): PaymentRecord | undefined {
    for (const p of this.payments.values()) {
      if (p.payeeId === payeeId && p.orderId === orderId) {
        this.refresh(p);
        return p;
      }
    }
    return undefined;
  }

  list(): PaymentRecord[] {
    const all = [...this.payments.values()];
    for (const p of all) this.refresh(p);
    return all;
  }

  /** Lazily applies the deadlines to every payment (after a clock jump, before answering a request). */
  expireDue(): void {
    for (const p of this.payments.values()) this.refresh(p);
  }

  reset(): void {
    this.payments.clear();
  }

  // --- derived values -------------------------------------------------------------------------------------

  quoteOf(p: PaymentRecord): QuoteAssetInfo {
    const q = this.deps.catalog.quoteAsset(p.quoteAssetId);
    if (!q) throw new Error(`quote asset ${p.quoteAssetId} of payment ${p.traceId} is no longer listed`);
    return q;
  }

  /** The asset the payer pays in: the one already used, else the preselected one, else the first listed. */
  payAssetOf(p: PaymentRecord): SimAsset {
    const id = p.transactions[0]?.assetId ?? p.paymentAssetId;
    return (id && this.deps.catalog.asset(id)) || this.deps.catalog.defaultPaymentAsset();
  }

  payableOf(p: PaymentRecord, asset: SimAsset = this.payAssetOf(p)): string {
    return payableAmount(p.quoteAmount, this.quoteOf(p), asset);
  }

  paidOf(p: PaymentRecord): string {
    return p.transactions.reduce((sum, t) => decimalAdd(sum, t.amount), "0");
  }

  /** max(payable − paid, 0) in the payment asset. */
  remainingOf(p: PaymentRecord): string {
    const remaining = decimalSub(this.payableOf(p), this.paidOf(p));
    return decimalCompare(remaining, "0") > 0 ? remaining : "0";
  }

  isFullyPaid(p: PaymentRecord): boolean {
    return p.transactions.length > 0 && decimalCompare(this.paidOf(p), this.payableOf(p)) >= 0;
  }

  surplusOf(p: PaymentRecord): string {
    if (!this.isFullyPaid(p)) return "0";
    return decimalSub(this.paidOf(p), this.payableOf(p));
  }

  /** Part paid, the rest still payable: `paid_less` (current), or `pending` not fully paid (legacy). */
  isUnderpaid(p: PaymentRecord): boolean {
    if (p.lifecycle === "current") return p.status === "paid_less";
    return p.status === "pending" && !this.isFullyPaid(p);
  }

  /** The payer can still send money on this trace: unpaid, or underpaid. */
  canPay(p: PaymentRecord): boolean {
    return p.status === "unpaid" || this.isUnderpaid(p);
  }

  /**
   * Confirmations of a transaction now. A confirmed one has all it needs. An unconfirmed one gains one per
   * behaviour.confirmationIntervalMs since its broadcast, never reaching the required count until `confirm`
   * (legacy payments stay at 0).
   */
  confirmationsOf(p: PaymentRecord, t: Transaction): number {
    if (t.confirmed) return t.requiredConfirms;
    if (p.lifecycle === "legacy") return 0;
    const interval = this.deps.behaviour().confirmationIntervalMs;
    const elapsed = Math.max(0, this.deps.clock.now() - t.broadcastAtMs);
    return Math.max(0, Math.min(t.requiredConfirms - 1, Math.floor(elapsed / interval)));
  }

  /** payments_result `confirmations`: the last transaction's while confirming (legacy: pending), else −1. */
  reportedConfirmations(p: PaymentRecord): number {
    const waiting = p.lifecycle === "current" ? p.status === "confirming" : p.status === "pending";
    if (!waiting) return -1;
    const last = p.transactions[p.transactions.length - 1];
    return last ? this.confirmationsOf(p, last) : 0;
  }

  // --- transitions ----------------------------------------------------------------------------------------

  /** Applies a control action. Throws ControlError 404/409/400 when it can't. */
  act(traceId: string, action: ControlAction): PaymentRecord {
    const p = this.get(traceId);
    if (!p) throw new ControlError(404, `no payment with traceId ${traceId}`);
    const events: CallbackEvent[] = [];
    switch (action.action) {
      case "pay": {
        this.requirePayable(p, "pay");
        const asset = this.assetFor(p, action.assetId);
        const remaining = decimalSub(this.payableOf(p, asset), this.paidOf(p));
        this.addTransaction(p, asset, remaining, action.hold !== true);
        if (action.hold) this.toUnconfirmed(p, "paid in full, waiting for confirmations", events);
        else this.toSuccess(p, "paid in full", events);
        break;
      }
      case "underpay": {
        this.requirePayable(p, "underpay");
        const asset = this.assetFor(p, action.assetId);
        const remaining = decimalSub(this.payableOf(p, asset), this.paidOf(p));
        const amount = action.amount ?? scaleAmount(remaining, "0.5");
        if (decimalCompare(amount, "0") <= 0 || decimalCompare(amount, remaining) >= 0) {
          throw new ControlError(
            409,
            `underpay amount ${amount} must be more than 0 and less than the remaining ${remaining} ${asset.symbol}; use pay or overpay`,
            "amount",
          );
        }
        this.addTransaction(p, asset, amount, true);
        p.multiPay = true;
        const reason = `paid ${this.paidOf(p)} of ${this.payableOf(p, asset)} ${asset.symbol}`;
        this.setStatus(p, p.lifecycle === "current" ? "paid_less" : "pending", reason);
        events.push("paid_less");
        break;
      }
      case "overpay": {
        this.requirePayable(p, "overpay");
        const asset = this.assetFor(p, action.assetId);
        const remaining = decimalSub(this.payableOf(p, asset), this.paidOf(p));
        const amount = action.amount ?? scaleAmount(remaining, "1.5");
        if (decimalCompare(amount, remaining) <= 0) {
          throw new ControlError(
            409,
            `overpay amount ${amount} must be more than the remaining ${remaining} ${asset.symbol}; use pay or underpay`,
            "amount",
          );
        }
        this.addTransaction(p, asset, amount, action.hold !== true);
        p.surplusStatus = "pending";
        if (action.hold) this.toUnconfirmed(p, "overpaid, waiting for confirmations", events);
        else this.toSuccess(p, `overpaid by ${this.surplusOf(p)} ${asset.symbol}`, events);
        break;
      }
      case "fail": {
        if (FINAL_STATUSES.includes(p.status)) {
          throw new ControlError(409, `cannot fail payment ${p.traceId}: it is already ${p.status}`);
        }
        const code = action.failureCode ?? FAILURE_CODES.INSUFFICIENT_AMOUNT;
        this.toFailed(p, code, "failed by control action", events);
        break;
      }
      case "expire":
        this.expireNow(p, events);
        break;
      case "audit": {
        if (p.status === "unpaid") {
          const asset = this.assetFor(p, action.assetId);
          this.addTransaction(p, asset, this.payableOf(p, asset), true);
        } else if (!this.isAuditable(p)) {
          const which =
            p.lifecycle === "current" ? "unpaid, or fully paid confirming or pending" : "unpaid or fully paid pending";
          throw new ControlError(
            409,
            `cannot audit payment ${p.traceId}: only ${which} payments go to auditing, it is ${this.describe(p)}`,
          );
        }
        this.setStatus(p, "auditing", "held for review");
        break;
      }
      case "confirm": {
        if (!this.isConfirmable(p)) {
          const which =
            p.lifecycle === "current" ? "fully paid confirming, pending or auditing" : "fully paid pending or auditing";
          throw new ControlError(
            409,
            `cannot confirm payment ${p.traceId}: only ${which} payments can be confirmed, it is ${this.describe(p)}`,
          );
        }
        const processed = p.lifecycle === "current" && p.status === "pending";
        const reason = p.status === "auditing" ? "review passed" : processed ? "processed" : "confirmations reached";
        this.toSuccess(p, reason, events);
        break;
      }
      case "process": {
        if (p.lifecycle === "legacy") {
          throw new ControlError(
            409,
            `cannot process payment ${p.traceId}: it follows the legacy lifecycle, where a fully paid pending payment goes to success with confirm`,
          );
        }
        if (!(p.status === "confirming" && this.isFullyPaid(p))) {
          throw new ControlError(
            409,
            `cannot process payment ${p.traceId}: only fully paid confirming payments move on to pending, it is ${this.describe(p)}`,
          );
        }
        for (const t of p.transactions) t.confirmed = true;
        this.setStatus(p, "pending", "confirmed, MixPay processing");
        events.push("pending");
        break;
      }
      case "settle": {
        if (p.status !== "success" || p.settled) {
          throw new ControlError(
            409,
            `cannot settle payment ${p.traceId}: only successful unsettled payments settle, it is ${this.describe(p)}`,
          );
        }
        this.settle(p, events);
        break;
      }
      case "refund-surplus": {
        const next: Partial<Record<SurplusStatus, SurplusStatus>> = { pending: "sending", sending: "success" };
        const to = next[p.surplusStatus];
        if (!to) {
          throw new ControlError(
            409,
            `cannot advance the surplus refund of ${p.traceId}: surplusStatus is "${p.surplusStatus}" (needs an overpayment)`,
          );
        }
        p.surplusStatus = to;
        break;
      }
    }
    this.deps.onEvents(p, events);
    return p;
  }

  private describe(p: PaymentRecord): string {
    if (p.status === "failed") return `failed (${p.failureCode} ${p.failureReason})`;
    if (p.lifecycle === "legacy") {
      if (p.status === "pending") return this.isFullyPaid(p) ? "pending (fully paid)" : "pending (underpaid)";
      return p.status;
    }
    if (p.status === "paid_less") {
      return `paid_less (${this.paidOf(p)} of ${this.payableOf(p)} ${this.payAssetOf(p).symbol} paid)`;
    }
    if (p.status === "confirming") return this.isFullyPaid(p) ? "confirming (fully paid)" : "confirming (underpaid)";
    return p.status;
  }

  private isAuditable(p: PaymentRecord): boolean {
    if (!this.isFullyPaid(p)) return false;
    if (p.lifecycle === "legacy") return p.status === "pending";
    return p.status === "confirming" || p.status === "pending";
  }

  private isConfirmable(p: PaymentRecord): boolean {
    if (p.status === "auditing") return true;
    if (p.lifecycle === "legacy") return p.status === "pending" && this.isFullyPaid(p);
    return p.status === "pending" || (p.status === "confirming" && this.isFullyPaid(p));
  }

  private requirePayable(p: PaymentRecord, action: string): void {
    if (this.canPay(p)) return;
    const hint = FINAL_STATUSES.includes(p.status) ? "; it is final" : "; it is fully paid, use confirm";
    throw new ControlError(409, `cannot ${action} payment ${p.traceId}: it is ${this.describe(p)}${hint}`);
  }

  /** The expire action: what reaching the deadline (or the confirmation deadline) does to this payment now. */
  private expireNow(p: PaymentRecord, events: CallbackEvent[]): void {
    if (p.lifecycle === "legacy") {
      if (!this.canPay(p)) {
        throw new ControlError(
          409,
          `cannot expire payment ${p.traceId}: only unpaid or underpaid payments expire, it is ${this.describe(p)}`,
        );
      }
      this.toFailed(p, FAILURE_CODES.DEADLINE_PASSED, "expired by control action", events);
      return;
    }
    const outcome = this.deadlineOutcome(p, true);
    if (!outcome) {
      throw new ControlError(
        409,
        `cannot expire payment ${p.traceId}: only unpaid, paid_less or fully paid confirming payments can run out of time (pending and auditing outlive the deadline), it is ${this.describe(p)}`,
      );
    }
    this.toFailed(p, outcome.code, `${outcome.reason} (expire control action)`, events);
  }

  /**
   * What a deadline does to a current-lifecycle payment: unpaid → 40000, paid_less → 40024, fully paid
   * confirming → 40000 once the confirmation deadline is reached too. null: the payment outlives it.
   */
  private deadlineOutcome(
    p: PaymentRecord,
    confirmationDeadlineReached: boolean,
  ): { code: string; reason: string } | null {
    if (p.status === "unpaid") {
      return { code: FAILURE_CODES.DEADLINE_PASSED, reason: "payment deadline passed with nothing paid" };
    }
    if (p.status === "paid_less") {
      return { code: FAILURE_CODES.INSUFFICIENT_AMOUNT, reason: "payment deadline passed with too little paid" };
    }
    if (p.status === "confirming" && confirmationDeadlineReached) {
      return { code: FAILURE_CODES.DEADLINE_PASSED, reason: "confirmation deadline passed, still unconfirmed" };
    }
    return null;
  }

  private assetFor(p: PaymentRecord, assetId: string | undefined): SimAsset {
    if (assetId !== undefined && !this.deps.catalog.paymentAsset(assetId)) {
      throw new ControlError(400, `assetId: ${assetId} is not a payment asset of this simulator`, "assetId");
    }
    const first = p.transactions[0];
    if (first && assetId !== undefined && first.assetId !== assetId.toLowerCase()) {
      throw new ControlError(
        409,
        `payment ${p.traceId} was partly paid in ${first.assetId}; a top-up must use the same asset`,
        "assetId",
      );
    }
    const id = assetId ?? first?.assetId ?? p.paymentAssetId;
    return (id && this.deps.catalog.paymentAsset(id)) || this.deps.catalog.defaultPaymentAsset();
  }

  private addTransaction(p: PaymentRecord, asset: SimAsset, amount: string, confirmed: boolean): void {
    p.transactions.push({
      amount,
      assetId: asset.assetId.toLowerCase(),
      txid: randomBytes(32).toString("hex"),
      confirmed,
      requiredConfirms: asset.requiredConfirms,
      broadcastAtMs: this.deps.clock.now(),
    });
  }

  private setStatus(p: PaymentRecord, status: PaymentStatus, reason: string): void {
    p.history.push({ status, atMs: this.deps.clock.now(), reason });
    p.status = status;
  }

  /** A full payment seen but not confirmed: `confirming` (legacy: `pending`), with the `pending` event. */
  private toUnconfirmed(p: PaymentRecord, reason: string, events: CallbackEvent[]): void {
    this.setStatus(p, p.lifecycle === "current" ? "confirming" : "pending", reason);
    events.push("pending");
  }

  private toSuccess(p: PaymentRecord, reason: string, events: CallbackEvent[]): void {
    for (const t of p.transactions) t.confirmed = true;
    this.setStatus(p, "success", reason);
    events.push("success");
    if (this.deps.behaviour().autoSettle) this.settle(p, events);
  }

  private toFailed(p: PaymentRecord, code: string, reason: string, events: CallbackEvent[]): void {
    p.failureCode = code;
    p.failureReason = failureReasonOf(code, p.lifecycle);
    this.setStatus(p, "failed", `${reason}: ${code} ${p.failureReason}`);
    events.push("fail");
  }

  private settle(p: PaymentRecord, events: CallbackEvent[]): void {
    p.settled = true;
    p.history.push({ status: p.status, atMs: this.deps.clock.now(), reason: "settled to the payee" });
    events.push("settle");
  }

  /** Applies the payment deadline (and, for a confirming payment, the confirmation deadline after it). */
  private refresh(p: PaymentRecord): void {
    if (p.deadlineMs === undefined || FINAL_STATUSES.includes(p.status)) return;
    const now = this.deps.clock.now();
    if (now <= p.deadlineMs) return;
    const events: CallbackEvent[] = [];
    if (p.lifecycle === "legacy") {
      if (!this.canPay(p)) return;
      this.toFailed(p, FAILURE_CODES.DEADLINE_PASSED, "expiredTimestamp passed", events);
    } else {
      const confirmationDeadlineMs = p.deadlineMs + this.deps.behaviour().confirmationDeadlineSeconds * 1000;
      const outcome = this.deadlineOutcome(p, now > confirmationDeadlineMs);
      if (!outcome) return;
      this.toFailed(p, outcome.code, outcome.reason, events);
    }
    this.deps.onEvents(p, events);
  }
}
