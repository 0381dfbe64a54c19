import type { PaymentInfo, PaymentResult } from "@mixpay-pos/protocol";
import type { PayeeDirectory, SimAsset } from "./assets.js";
import type { Behaviour } from "./options.js";
import { settlementAmount } from "./pricing.js";
import type { PaymentRecord, PaymentStore, Transaction } from "./state.js";

/** MixPay's Mixin bot that receives raw Mixin payments (the one in MixPay's payments_info example). */
export const MIXPAY_RECIPIENT_ID = "3539c3ce-52c0-4b0b-9573-c035ecb98d48";
/** The price-lock ("tolerance") window of payments_info, in seconds: the payment's own price lock, not the order's deadline. */
export const TOLERANCE_SECONDS = 900;

export type ResultTransaction = {
  paymentAmount: string;
  paymentAssetId: string;
  paymentAssetSymbol: string;
  paymentAssetVersion: string;
  requiredConfirms: number;
  confirmations: number;
  txid: string;
  blockExplorerUrl: string;
  broadcastAt: string;
  confirmSeconds: number;
};

/** payments_result `data`, every documented field, and `expiredAt` for current-lifecycle payments. A type alias
 * (not an interface) so it is checked against protocol's PaymentResult, whose objects are loose. */
export type PaymentResultData = {
  status: string;
  quoteAmount: string;
  quoteSymbol: string;
  quoteAssetId: string;
  quoteAssetVersion: string;
  paymentAmount: string;
  paymentSymbol: string;
  paymentAssetId: string;
  paymentAssetVersion: string;
  payee: string;
  payeeId: string;
  payeeMixinNumber: string;
  payeeAvatarUrl: string;
  txid: string;
  blockExplorerUrl: string;
  date: number | string | null;
  surplusAmount: string;
  surplusStatus: string;
  confirmations: number;
  payableAmount: string;
  payableSymbol: string;
  payableAssetId: string;
  payableAssetVersion: string;
  failureCode: string;
  failureReason: string;
  returnTo: string;
  traceId: string;
  orderId?: string;
  /** The order's fixed payment deadline, unix seconds (current lifecycle only). */
  expiredAt?: number;
  settleStatus: string;
  settleAmount: string;
  settleSymbol: string;
  settleAsset: string;
  settleAssetVersion: string;
  transactions?: ResultTransaction[];
  payment?: { isMultiPay: boolean; isFullyPaid: boolean; totalTransactionsAmount: string };
};

/** one_time_payment `data.info` (current lifecycle): the order a code belongs to. */
export interface OneTimePaymentInfo {
  /** "" when the payment was created without one. */
  orderId: string;
  traceId: string;
  payeeId: string;
  quoteAmount: string;
  quoteAssetId: string;
  settlementAssetId: string;
  status: string;
  /** The payment deadline, unix seconds. */
  expiredAt: number | null;
}

export interface ResultContext {
  store: PaymentStore;
  payees: PayeeDirectory;
  behaviour: Behaviour;
}

/** `with=payment,transactions` → {"payment","transactions"}. */
export function parseWith(value: string | undefined): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function unpaidDate(behaviour: Behaviour): number | string | null {
  if (behaviour.dateWhileUnpaid === "null") return null;
  if (behaviour.dateWhileUnpaid === "zero") return 0;
  return "";
}

/** "2023-06-25T13:47:23.000000Z", the microsecond ISO form MixPay shows. */
function mixpayIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function transactionView(t: Transaction, confirmations: number, asset: SimAsset | undefined): ResultTransaction {
  return {
    paymentAmount: t.amount,
    paymentAssetId: t.assetId,
    paymentAssetSymbol: asset?.symbol ?? "",
    paymentAssetVersion: asset?.version ?? "",
    requiredConfirms: t.requiredConfirms,
    confirmations,
    txid: t.txid,
    blockExplorerUrl: asset ? asset.explorerTxUrl + t.txid : "",
    broadcastAt: mixpayIso(t.broadcastAtMs),
    confirmSeconds: 0,
  };
}

/** payments_result `expiredAt`: the payment deadline in unix seconds; only payments of the current lifecycle carry it. */
export function expiredAtOf(p: PaymentRecord): number | undefined {
  if (p.lifecycle !== "current" || p.deadlineMs === undefined) return undefined;
  return Math.floor(p.deadlineMs / 1000);
}

export function buildPaymentResult(p: PaymentRecord, ctx: ResultContext, withParts: Set<string>): PaymentResultData {
  const { store, payees, behaviour } = ctx;
  const quote = store.quoteOf(p);
  const asset = store.payAssetOf(p);
  const payable = store.payableOf(p, asset);
  const paid = store.paidOf(p);
  const payee = payees.get(p.payeeId);
  const firstTx = p.transactions[0];
  const lastTx = p.transactions[p.transactions.length - 1];
  const settleAsset = p.settlementAssetId ? store.catalog.asset(p.settlementAssetId) : asset;
  const settled = p.settled && settleAsset !== undefined;
  const result: PaymentResultData = {
    status: p.status,
    quoteAmount: p.quoteAmount,
    quoteSymbol: quote.symbol,
    quoteAssetId: p.quoteAssetId,
    quoteAssetVersion: quote.version,
    // "" until something was paid: the fail event doc says paymentAmount is non-empty only if the user paid.
    paymentAmount: p.transactions.length > 0 ? paid : "",
    paymentSymbol: asset.symbol,
    paymentAssetId: asset.assetId,
    paymentAssetVersion: asset.version,
    payee: payee?.name ?? "",
    payeeId: p.payeeId,
    payeeMixinNumber: payee?.mixinId ?? "",
    payeeAvatarUrl: payee?.avatarUrl ?? "",
    txid: lastTx?.txid ?? "",
    blockExplorerUrl: lastTx ? asset.explorerTxUrl + lastTx.txid : "",
    date: firstTx ? Math.floor(firstTx.broadcastAtMs / 1000) : unpaidDate(behaviour),
    surplusAmount: store.surplusOf(p),
    surplusStatus: p.surplusStatus,
    confirmations: store.reportedConfirmations(p),
    payableAmount: payable,
    payableSymbol: asset.symbol,
    payableAssetId: asset.assetId,
    payableAssetVersion: asset.version,
    failureCode: p.failureCode,
    failureReason: p.failureReason,
    returnTo: (p.status === "failed" ? p.failedReturnTo : p.returnTo) ?? "",
    traceId: p.traceId,
    settleStatus: settled ? "success" : "pending",
    settleAmount: settled ? settlementAmount(p.quoteAmount, quote, settleAsset) : "",
    settleSymbol: settled ? settleAsset.symbol : "",
    settleAsset: settled ? settleAsset.assetId : "",
    settleAssetVersion: settled ? settleAsset.version : "",
  };
  if (behaviour.orderIdInResult) result.orderId = p.orderId ?? "";
  const expiredAt = expiredAtOf(p);
  if (expiredAt !== undefined) result.expiredAt = expiredAt;
  if (withParts.has("transactions")) {
    result.transactions = p.transactions.map((t) =>
      transactionView(t, store.confirmationsOf(p, t), store.catalog.asset(t.assetId)),
    );
  }
  if (withParts.has("payment")) {
    result.payment = {
      isMultiPay: p.multiPay,
      isFullyPaid: store.isFullyPaid(p),
      totalTransactionsAmount: paid,
    };
  }
  return result satisfies PaymentResult;
}

/** behaviour.unknownTrace = "unpaid": what a never-created payment looks like. */
export function blankUnpaidResult(
  ids: { traceId?: string; orderId?: string; payeeId?: string },
  behaviour: Behaviour,
): PaymentResultData {
  const result: PaymentResultData = {
    status: "unpaid",
    quoteAmount: "",
    quoteSymbol: "",
    quoteAssetId: "",
    quoteAssetVersion: "",
    paymentAmount: "",
    paymentSymbol: "",
    paymentAssetId: "",
    paymentAssetVersion: "",
    payee: "",
    payeeId: ids.payeeId ?? "",
    payeeMixinNumber: "",
    payeeAvatarUrl: "",
    txid: "",
    blockExplorerUrl: "",
    date: unpaidDate(behaviour),
    surplusAmount: "0",
    surplusStatus: "no",
    confirmations: -1,
    payableAmount: "",
    payableSymbol: "",
    payableAssetId: "",
    payableAssetVersion: "",
    failureCode: "0",
    failureReason: "",
    returnTo: "",
    traceId: ids.traceId ?? "",
    settleStatus: "pending",
    settleAmount: "",
    settleSymbol: "",
    settleAsset: "",
    settleAssetVersion: "",
  };
  if (behaviour.orderIdInResult) result.orderId = ids.orderId ?? "";
  return result;
}

/** payments_info `data`: the Mixin-wallet variant. */
export function buildPaymentInfo(p: PaymentRecord, store: PaymentStore, nowMs: number): PaymentInfo {
  const quote = store.quoteOf(p);
  const asset = store.payAssetOf(p);
  const settleAsset = p.settlementAssetId ? store.catalog.asset(p.settlementAssetId) : asset;
  return {
    isChain: false,
    expire: Math.floor(nowMs / 1000) + TOLERANCE_SECONDS,
    seconds: TOLERANCE_SECONDS,
    payeeId: p.payeeId,
    traceId: p.traceId,
    clientId: p.clientId,
    orderId: p.orderId ?? "",
    paymentAssetId: asset.assetId,
    settlementAssetId: settleAsset?.assetId ?? "",
    quoteAssetId: p.quoteAssetId,
    paymentAmount: store.payableOf(p, asset),
    quoteAmount: p.quoteAmount,
    estimatedSettlementAmount: settleAsset ? settlementAmount(p.quoteAmount, quote, settleAsset) : "",
    memo: Buffer.from(`payment|${p.clientId}`).toString("base64"),
    recipient: MIXPAY_RECIPIENT_ID,
    settlementAssetSymbol: settleAsset?.symbol ?? "",
    paymentAssetSymbol: asset.symbol,
    quoteAssetSymbol: quote.symbol,
    destination: "",
    tag: "",
  };
}
