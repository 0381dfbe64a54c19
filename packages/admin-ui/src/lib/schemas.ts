import { z } from "zod";

/**
 * What the plugin's admin routes answer, as zod schemas: every response is parsed here before a component sees
 * it, so a plugin/admin-ui version mismatch shows up as a clear error instead of `undefined` on screen.
 * Objects are loose (new server fields pass through); amounts stay strings.
 */

const str = z.string();
const optStr = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const amount = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
/** Fields an older plugin does not send read as null (never as a failed parse). */
const optBool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? null);
const optInt = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);

/** An underpayment in the sale's currency: `paid` of the sale's `amount` arrived, `due` is still due. */
const saleShareSchema = z
  .looseObject({ paid: amount, due: amount })
  .nullish()
  .catch(null)
  .transform((v) => (v?.paid && v.due ? { paid: v.paid, due: v.due } : null));
export type SaleShare = z.output<typeof saleShareSchema>;

/**
 * What the plugin's payment view says about the lifecycle (MixPay's 2026-08-13 one), on every payment answer
 * (store view, terminal sale, admin view). Each may be missing on an older plugin.
 */
const lifecycleFields = {
  /** One plain sentence from the server: what the merchant or cashier does next. */
  next_step: optStr,
  /** What the whole payment costs in the crypto asset (`paid_symbol`). */
  payable_amount: amount,
  sale_share: saleShareSchema,
  /** Confirmations counted while MixPay is confirming; null otherwise. */
  confirmations: optInt,
  /** Money arrived but the sale will not complete: it is owed back to the customer (`paid_amount paid_symbol`). */
  refund_due: optBool,
  /** MixPay's failure code (40000, 40020, 40024, 40032, 10095, …) when failed. */
  failure_code: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v))),
};

export const settingsSchema = z.looseObject({
  id: str,
  enabled: z.boolean(),
  payee_id: str,
  settlement_asset_id: str,
  quote_asset_id: optStr,
  expiry_minutes: z.number(),
  strict_mode: z.boolean(),
  public_base_url: optStr,
  api_base_url: optStr,
  checkout_base_url: optStr,
});
export type MixpaySettings = z.output<typeof settingsSchema>;

export const settingsResponseSchema = z.object({
  settings: settingsSchema.nullable(),
  callback_url: optStr,
});
export type SettingsResponse = z.output<typeof settingsResponseSchema>;

/** What the settings form sends (POST /admin/mixpay/settings). */
export interface SettingsInput {
  enabled: boolean;
  payee_id: string;
  settlement_asset_id: string;
  quote_asset_id: string | null;
  expiry_minutes: number;
  strict_mode: boolean;
  public_base_url: string | null;
  api_base_url: string | null;
  checkout_base_url: string | null;
}

const chainAssetSchema = z
  .union([
    z.looseObject({ id: optStr, name: optStr, symbol: optStr, iconUrl: optStr }),
    z.array(z.unknown()).transform(() => ({ id: null, name: null, symbol: null, iconUrl: null })),
  ])
  .nullish();

/** One of MixPay's assets (settlement or quote list), reduced to what a picker shows. */
export const assetSchema = z
  .looseObject({
    assetId: str,
    symbol: str,
    name: optStr,
    iconUrl: optStr,
    network: optStr,
    isAsset: z.union([z.boolean(), z.number()]).nullish(),
    chainAsset: chainAssetSchema,
  })
  .transform((a) => {
    const isFiat = a.isAsset === undefined || a.isAsset === null ? !a.assetId.includes("-") : !a.isAsset;
    return {
      id: a.assetId,
      symbol: a.symbol,
      name: a.name,
      iconUrl: a.iconUrl,
      /** The network it lives on ("Ethereum(ERC20)"), else its chain asset's name; null for fiat. */
      chain: isFiat ? null : (a.network ?? a.chainAsset?.name ?? a.chainAsset?.symbol ?? null),
      chainIconUrl: a.chainAsset?.iconUrl ?? null,
      isFiat,
    };
  });
export type AssetOption = z.output<typeof assetSchema>;

export const assetListsSchema = z.object({
  settlement: z.array(assetSchema),
  quote: z.array(assetSchema),
  fetched_at: optStr,
});
export type AssetLists = z.output<typeof assetListsSchema>;

const historyEntrySchema = z.looseObject({ status: str, reported: optStr, reason: optStr, at: str });
export type StatusHistoryEntry = z.output<typeof historyEntrySchema>;

const manualRefundSchema = z.looseObject({
  amount: str,
  reference: optStr,
  note: optStr,
  refund_id: optStr,
  recorded_at: optStr,
});
export type ManualRefund = z.output<typeof manualRefundSchema>;

/** GET /admin/mixpay/payments/:traceId → payment (the plugin's adminPaymentView). */
export const paymentSchema = z.looseObject({
  trace_id: str,
  status: str,
  final: z.boolean().nullish(),
  reason: optStr,
  pay_url: optStr,
  expires_at: optStr,
  quote_amount: amount,
  quote_asset_id: optStr,
  currency_code: optStr,
  amount: amount,
  ...lifecycleFields,
  paid_amount: amount,
  paid_symbol: optStr,
  paid_asset_id: optStr,
  settle_amount: amount,
  settle_symbol: optStr,
  settlement_asset_id: optStr,
  surplus_amount: amount,
  shortfall_amount: amount,
  shortfall_symbol: optStr,
  txid: optStr,
  attention: optStr,
  completed: z.boolean().nullish(),
  order_id: optStr,
  cart_id: optStr,
  draft_order_id: optStr,
  payee_id: optStr,
  reported_status: optStr,
  last_checked_at: optStr,
  created_at: optStr,
  abandoned_at: optStr,
  completed_at: optStr,
  status_history: z
    .array(historyEntrySchema)
    .nullish()
    .transform((v) => v ?? []),
  manual_refunds: z
    .array(manualRefundSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type MixpayPayment = z.output<typeof paymentSchema>;

export const paymentResponseSchema = z.object({ payment: paymentSchema });
export const recheckResponseSchema = z.looseObject({
  payment: paymentSchema,
  completion: z.looseObject({ outcome: str }).nullish(),
  mixpay_error: optStr,
});
export type RecheckResponse = z.output<typeof recheckResponseSchema>;
export const paymentListSchema = z.looseObject({ payments: z.array(paymentSchema), count: z.number() });
export const manualRefundsResponseSchema = z.object({ manual_refunds: z.array(manualRefundSchema) });

/** What the refund form sends (POST /admin/mixpay/payments/:traceId/refunds). */
export interface RefundInput {
  refund_id?: string;
  amount?: string;
  reference: string;
  note?: string;
}

/** POST /admin/mixpay/settings/check: what MixPay (or the simulator) said for the given settings. */
const assetCheckSchema = z.looseObject({ id: str, listed: z.boolean(), symbol: optStr }).nullish();
export const connectionTestSchema = z.looseObject({
  ok: z.boolean(),
  api_base_url: str,
  latency_ms: z.number(),
  settlement_assets: z.number().nullable(),
  quote_assets: z.number().nullable(),
  payee: z.looseObject({ id: str, known: z.boolean().nullable(), message: str }).nullish(),
  settlement_asset: assetCheckSchema,
  quote_asset: assetCheckSchema,
  error: optStr,
});
export type ConnectionTest = z.output<typeof connectionTestSchema>;

export interface ConnectionTestInput {
  api_base_url?: string | null;
  payee_id?: string | null;
  settlement_asset_id?: string | null;
  quote_asset_id?: string | null;
}

/** GET /admin/mixpay/terminal: can the terminal sell, and in which regions. */
export const terminalConfigSchema = z.looseObject({
  ready: z.boolean(),
  problem: optStr,
  regions: z.array(z.looseObject({ id: str, name: str, currency_code: str })),
  /** The store's default region when it offers MixPay (older plugins leave it out). */
  default_region_id: optStr,
});
export type TerminalConfig = z.output<typeof terminalConfigSchema>;

/** A terminal sale: the MixPay payment plus the cart and order it belongs to. */
export const terminalSaleSchema = z.looseObject({
  trace_id: str,
  status: str,
  final: z.boolean().nullish(),
  reason: optStr,
  pay_url: optStr,
  qr_svg: optStr,
  expires_at: optStr,
  amount: amount,
  ...lifecycleFields,
  currency_code: optStr,
  quote_amount: amount,
  quote_asset_id: optStr,
  paid_amount: amount,
  paid_symbol: optStr,
  shortfall_amount: amount,
  shortfall_symbol: optStr,
  txid: optStr,
  completed: z.boolean().nullish(),
  /** Cancelled at the till: MixPay cannot void the QR code, so a payment may still arrive (never an order by itself). */
  cancelled: z.boolean().nullish(),
  /** MixPay's surplus figure, when the server sends it (the receipt shows any surplus). */
  surplus_amount: amount,
  cart_id: optStr,
  /** The draft order the sale charges (it becomes the order, with the same id). */
  draft_order_id: optStr,
  order_id: optStr,
  order_display_id: z.union([z.number(), z.string()]).nullish(),
  last_checked_at: optStr,
});
export type TerminalSale = z.output<typeof terminalSaleSchema>;
export const terminalSaleResponseSchema = z.object({ sale: terminalSaleSchema });

/** What starts a sale: an amount typed on the keypad, or an open (draft) cart. */
export type CreateSaleInput =
  | { amount: string; currency_code: string; region_id?: string; title?: string }
  | { cart_id: string };

/** A sale for a draft order; `amount` is the total the page shows (the plugin refuses it if the draft differs). */
export interface CreateDraftOrderSaleInput {
  draft_order_id: string;
  amount?: string;
}

export const terminalCartSchema = z.looseObject({
  id: str,
  email: optStr,
  currency_code: str,
  region_id: optStr,
  total: amount,
  item_count: z.number(),
  created_at: optStr,
});
export type TerminalCart = z.output<typeof terminalCartSchema>;
export const terminalCartsSchema = z.object({ carts: z.array(terminalCartSchema) });

/** GET /admin/mixpay/payees/:ref: the payee MixPay knows for a Mixin ID or UUID, and what it settles into. */
export const payeeLookupSchema = z.looseObject({
  payee: z.looseObject({
    payee_id: str,
    from: z.enum(["mixin-id", "uuid"]),
    mixin_id: optStr,
    kind: z.enum(["user", "bot", "unknown"]).catch("unknown"),
  }),
  settlement: z.array(assetSchema),
  fiat_available: z.boolean(),
});
export type PayeeLookup = z.output<typeof payeeLookupSchema>;

/** GET /admin/mixpay/regions: each region's currency, whether it offers MixPay, and what MixPay prices it in. */
export const regionQuotesSchema = z.looseObject({
  regions: z.array(
    z.looseObject({
      id: str,
      name: str,
      currency_code: str,
      mixpay_enabled: z.boolean(),
      quote: z.looseObject({ asset_id: str, symbol: str, direct: z.boolean() }).nullable(),
    }),
  ),
  quoted_fiats: z.array(str),
});
export type RegionQuotes = z.output<typeof regionQuotesSchema>;
export type RegionQuote = RegionQuotes["regions"][number];

/** Medusa's own `GET /admin/stores`, as far as the terminal reads it (the store's name for the receipt). */
export const storeListSchema = z.object({ stores: z.array(z.looseObject({ name: z.string().nullish() })) });
