import { randomBytes, randomUUID } from "node:crypto";
import {
  type CallbackEvent,
  decimalAdd,
  decimalCompare,
  decimalSub,
  FAILURE_CODES,
  FAILURE_REASONS,
  type OptInCallbackEvent,
  type PaymentStatus,
  type SurplusStatus,
} from "@mixpay-pos/protocol";
import { type ControlAction, ControlError } from "./actions.js";
import type { AssetCatalog, QuoteAssetInfo, SimAsset } from "./assets.js";
import type { SimClock } from "./clock.js";
import { payableAmount, scaleAmount } from "./pricing.js";

/**
 * The one in-memory state machine of payments (reference §6.1):
 *
 *   unpaid ─pay─► success            unpaid ─pay(hold)─► pending ─confirm─► success
 *   unpaid ─underpay─► pending (multi-pay, not fully paid) ─pay─► success
 *   unpaid|pending ─audit─► auditing ─confirm─► success | ─fail─► failed
 *   unpaid|underpaid ─expiredTimestamp passes / expire─► failed 40000
 *   anything not final ─fail─► failed
 *
 * Every change is appended to the payment's history and reported as callback events.
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
  confirmations: number;
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
  /** 1..10; 0 when the delivery was dropped by a fault and never sent. */
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

export const FINAL_STATUSES: readonly PaymentStatus[] = ["success", "failed"];

export interface StoreDeps {
  clock: SimClock;
  catalog: AssetCatalog;
  autoSettle: () => boolean;
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
    const record: PaymentRecord = {
      ...terms,
      code: terms.traceId,
      clientId: randomUUID(),
      createdAtMs: now,
      status: "unpaid",
      failureCode: "0",
      failureReason: "",
      transactions: [],
      multiPay: false,
      surplusStatus: "no",
      settled: false,
      history: [{ status: "unpaid", atMs: now, reason: `created (${terms.source})` }],
      deliveries: [],
    };
    this.payments.set(terms.traceId, record);
    return record;
  }

  /** By traceId without evaluating expiry (for bookkeeping such as recording callback deliveries). */
  peek(traceId: string): PaymentRecord | undefined {
    return this.payments.get(traceId.toLowerCase());
  }

  /** By traceId (= one-time payment code). Evaluates expiry first. */
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

  /** Lazily applies expiredTimestamp to every payment (after a clock jump, before answering a request). */
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

  isFullyPaid(p: PaymentRecord): boolean {
    return p.transactions.length > 0 && decimalCompare(this.paidOf(p), this.payableOf(p)) >= 0;
  }

  surplusOf(p: PaymentRecord): string {
    if (!this.isFullyPaid(p)) return "0";
    return decimalSub(this.paidOf(p), this.payableOf(p));
  }

  /** pending with a partial payment: the state in which a top-up or expiry is still possible. */
  isUnderpaid(p: PaymentRecord): boolean {
    return p.status === "pending" && !this.isFullyPaid(p);
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
        this.addTransaction(p, asset, remaining, action.hold === true);
        if (action.hold) this.toPending(p, "paid in full, waiting for confirmations", events);
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
        this.addTransaction(p, asset, amount, false);
        p.multiPay = true;
        this.setStatus(p, "pending", `paid ${amount} of ${this.payableOf(p, asset)} ${asset.symbol}`);
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
        this.addTransaction(p, asset, amount, action.hold === true);
        p.surplusStatus = "pending";
        if (action.hold) this.toPending(p, "overpaid, waiting for confirmations", events);
        else this.toSuccess(p, `overpaid by ${this.surplusOf(p)} ${asset.symbol}`, events);
        break;
      }
      case "fail": {
        if (FINAL_STATUSES.includes(p.status)) {
          throw new ControlError(409, `cannot fail payment ${p.traceId}: it is already ${p.status}`);
        }
        const code = action.failureCode ?? FAILURE_CODES.WRONG_AMOUNT;
        this.toFailed(p, code, "failed by control action", events);
        break;
      }
      case "expire": {
        if (p.status !== "unpaid" && !this.isUnderpaid(p)) {
          throw new ControlError(
            409,
            `cannot expire payment ${p.traceId}: only unpaid or underpaid payments expire, it is ${this.describe(p)}`,
          );
        }
        this.toFailed(p, FAILURE_CODES.PAYMENT_OVERTIME, "expired by control action", events);
        break;
      }
      case "audit": {
        if (p.status === "unpaid") {
          const asset = this.assetFor(p, action.assetId);
          this.addTransaction(p, asset, this.payableOf(p, asset), false);
        } else if (!(p.status === "pending" && this.isFullyPaid(p))) {
          throw new ControlError(
            409,
            `cannot audit payment ${p.traceId}: only unpaid or fully paid pending payments go to auditing, it is ${this.describe(p)}`,
          );
        }
        this.setStatus(p, "auditing", "held for review");
        break;
      }
      case "confirm": {
        if (!(p.status === "auditing" || (p.status === "pending" && this.isFullyPaid(p)))) {
          throw new ControlError(
            409,
            `cannot confirm payment ${p.traceId}: only fully paid pending or auditing payments can be confirmed, it is ${this.describe(p)}`,
          );
        }
        this.toSuccess(p, p.status === "auditing" ? "review passed" : "confirmations reached", events);
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
    if (p.status === "pending") return this.isFullyPaid(p) ? "pending (fully paid)" : "pending (underpaid)";
    if (p.status === "failed") return `failed (${p.failureCode} ${p.failureReason})`;
    return p.status;
  }

  private requirePayable(p: PaymentRecord, action: string): void {
    if (p.status === "unpaid" || this.isUnderpaid(p)) return;
    const hint =
      p.status === "pending" || p.status === "auditing" ? "; it is fully paid, use confirm" : "; it is final";
    throw new ControlError(409, `cannot ${action} payment ${p.traceId}: it is ${this.describe(p)}${hint}`);
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

  private addTransaction(p: PaymentRecord, asset: SimAsset, amount: string, unconfirmed: boolean): void {
    p.transactions.push({
      amount,
      assetId: asset.assetId.toLowerCase(),
      txid: randomBytes(32).toString("hex"),
      confirmations: unconfirmed ? 0 : asset.requiredConfirms,
      requiredConfirms: asset.requiredConfirms,
      broadcastAtMs: this.deps.clock.now(),
    });
  }

  private setStatus(p: PaymentRecord, status: PaymentStatus, reason: string): void {
    p.history.push({ status, atMs: this.deps.clock.now(), reason });
    p.status = status;
  }

  private toPending(p: PaymentRecord, reason: string, events: CallbackEvent[]): void {
    this.setStatus(p, "pending", reason);
    events.push("pending");
  }

  private toSuccess(p: PaymentRecord, reason: string, events: CallbackEvent[]): void {
    for (const t of p.transactions) t.confirmations = Math.max(t.confirmations, t.requiredConfirms);
    this.setStatus(p, "success", reason);
    events.push("success");
    if (this.deps.autoSettle()) this.settle(p, events);
  }

  private toFailed(p: PaymentRecord, code: string, reason: string, events: CallbackEvent[]): void {
    p.failureCode = code;
    p.failureReason = FAILURE_REASONS[code] ?? "";
    this.setStatus(p, "failed", `${reason}: ${code} ${p.failureReason}`);
    events.push("fail");
  }

  private settle(p: PaymentRecord, events: CallbackEvent[]): void {
    p.settled = true;
    p.history.push({ status: p.status, atMs: this.deps.clock.now(), reason: "settled to the payee" });
    events.push("settle");
  }

  /** expiredTimestamp passed → an unpaid or underpaid payment fails with 40000 "Payment overtime". */
  private refresh(p: PaymentRecord): void {
    if (p.expiredTimestamp === undefined) return;
    if (this.deps.clock.now() <= p.expiredTimestamp * 1000) return;
    if (p.status !== "unpaid" && !this.isUnderpaid(p)) return;
    const events: CallbackEvent[] = [];
    this.toFailed(p, FAILURE_CODES.PAYMENT_OVERTIME, "expiredTimestamp passed", events);
    this.deps.onEvents(p, events);
  }
}
