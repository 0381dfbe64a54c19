import type { InferTypeOf } from "@medusajs/framework/types";
import type { QuoteAsset, SettlementAsset, Verification } from "@mixpay-pos/core";
import type { MixpayPayment } from "./models/mixpay-payment";
import type { MixpaySetting } from "./models/mixpay-setting";

export type MixpaySettingDTO = InferTypeOf<typeof MixpaySetting>;
export type MixpayPaymentDTO = InferTypeOf<typeof MixpayPayment>;

export interface StatusHistoryEntry {
  status: string;
  reported: string | null;
  reason: string;
  at: string;
}

export interface ManualRefund {
  amount: string;
  reference: string | null;
  note: string | null;
  refund_id: string | null;
  recorded_at: string;
}

/** Payments whose outcome may still change, so reconciliation looks at them. */
export const OPEN_STATUSES = ["unpaid", "processing", "underpaid", "review"] as const;

export interface SettingsInput {
  enabled?: boolean;
  payee_id: string;
  settlement_asset_id: string;
  quote_asset_id?: string | null;
  expiry_minutes?: number;
  strict_mode?: boolean;
  public_base_url?: string | null;
  api_base_url?: string | null;
  checkout_base_url?: string | null;
}

export interface AssetLists {
  settlement: SettlementAsset[];
  quote: QuoteAsset[];
  fetched_at: string;
}

export interface ConnectionTestInput {
  api_base_url?: string | null;
  payee_id?: string | null;
  settlement_asset_id?: string | null;
  quote_asset_id?: string | null;
}

export interface AssetCheck {
  id: string;
  listed: boolean;
  symbol: string | null;
}

/** What MixPay (or the simulator) said to a "Test connection" from the settings page. */
export interface ConnectionReport {
  ok: boolean;
  api_base_url: string;
  latency_ms: number;
  settlement_assets: number | null;
  quote_assets: number | null;
  payee: { id: string; known: boolean | null; message: string } | null;
  settlement_asset: AssetCheck | null;
  quote_asset: AssetCheck | null;
  error: string | null;
}

export interface RefreshOutcome {
  payment: MixpayPaymentDTO;
  verification: Verification | null;
  /** The verified status changed with this check. */
  changed: boolean;
  /** MixPay could not be asked (down, rate limited, timed out): the record is as it was. */
  error?: string;
  /** MixPay was asked (false: the record answered, see lib/check-rule.ts). */
  asked: boolean;
  /** When not asked: when this caller's trigger may ask next (null for a final record). */
  retryAtMs?: number | null;
}
