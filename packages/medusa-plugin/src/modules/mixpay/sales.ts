import type { BigNumberInput } from "@medusajs/framework/types";
import { MedusaError } from "@medusajs/framework/utils";
import { nextJobCheckAt } from "../../lib/check-rule";
import { medusaAmountToDecimal, toQuoteAmount } from "../../lib/money";
import { quoteChoiceFor, quotedFiats } from "../../lib/quote";
import { historyJson } from "./apply-verification";
import type { MixpayGateway } from "./gateway";
import type { NewPaymentRecord, PaymentLedger } from "./ledger";
import { findAgainOrCreate, saleIdentity } from "./sale-identity";
import type { MixpaySettings } from "./settings";
import type { MixpayPaymentDTO, MixpaySettingDTO } from "./types";

export interface SaleInput {
  sessionId: string;
  amount: BigNumberInput;
  currencyCode: string;
  revision?: number;
}

export interface SalePaymentsDeps {
  settings: Pick<MixpaySettings, "requireSettings" | "callbackUrlFor" | "policyFor">;
  gateway: Pick<MixpayGateway, "apiBaseFor" | "listAssets" | "createPayment" | "payUrlFor">;
  ledger: Pick<PaymentLedger, "retrievePaymentByTrace" | "createPayment">;
}

/** Creating the MixPay payment of a sale, once per Medusa payment session and revision (./sale-identity.ts). */
export class SalePayments {
  readonly #deps: SalePaymentsDeps;

  constructor(deps: SalePaymentsDeps) {
    this.#deps = deps;
  }

  /**
   * Creates (or, for a retried call with the same session, finds again) the MixPay one-time payment for a
   * Medusa payment session, and records it.
   */
  async createSalePayment(input: SaleInput): Promise<MixpayPaymentDTO> {
    const { settings: settingsPart, gateway, ledger } = this.#deps;
    const settings = await settingsPart.requireSettings();
    const { traceId, orderId } = saleIdentity(input.sessionId, input.revision ?? 0);
    return findAgainOrCreate({
      find: () => ledger.retrievePaymentByTrace(traceId),
      prepare: async (): Promise<NewPaymentRecord> => {
        const quoteAssetId = await this.quoteAssetFor(input.currencyCode, settings);
        const quoteAmount = toQuoteAmount(input.amount, quoteAssetId);
        const expiresAt = new Date(Date.now() + settings.expiry_minutes * 60_000);
        const callbackUrl = settingsPart.callbackUrlFor(settings) ?? undefined;
        const created = await gateway.createPayment(gateway.apiBaseFor(settings), {
          payeeId: settings.payee_id,
          settlementAssetId: settings.settlement_asset_id,
          quoteAssetId,
          quoteAmount,
          orderId,
          traceId,
          strictMode: settings.strict_mode,
          expiredTimestamp: Math.floor(expiresAt.getTime() / 1000),
          // Besides success and fail (always sent), an underpayment is called back too, so the till shows it at
          // once while screens leave the payment to its callback (`callbackGraceMs`).
          ...(callbackUrl ? { callbackUrl, callbackEvent: "paid_less" } : {}),
        });
        // MixPay's own deadline when it says (it may be earlier than the one asked for), so screens count down to it.
        const deadline = created.deadlineMs ? new Date(created.deadlineMs) : expiresAt;
        return {
          trace_id: traceId,
          mixpay_order_id: orderId,
          payment_session_id: input.sessionId,
          payee_id: settings.payee_id,
          quote_asset_id: quoteAssetId,
          quote_amount: quoteAmount,
          settlement_asset_id: settings.settlement_asset_id,
          currency_code: input.currencyCode.toLowerCase(),
          amount: medusaAmountToDecimal(input.amount),
          code: created.code,
          pay_url: gateway.payUrlFor(created.code, settings),
          expires_at: deadline,
          status: "unpaid",
          // The job's first look; callbacks and screens bring the news before that (lib/check-rule.ts).
          next_check_at: nextJobCheckAt(
            { unchanged_checks: 0, expires_at: deadline },
            Date.now(),
            settingsPart.policyFor(settings),
          ),
          status_history: historyJson([
            { status: "unpaid", reported: null, reason: "Payment created.", at: new Date().toISOString() },
          ]),
        };
      },
      insert: (record) => ledger.createPayment(record),
    });
  }

  /**
   * The quote asset for a sale: the currency itself when MixPay quotes it, else the configured quote asset,
   * else a clear error listing what MixPay quotes.
   */
  async quoteAssetFor(currencyCode: string, settings: MixpaySettingDTO): Promise<string> {
    const { gateway } = this.#deps;
    const { quote } = await gateway.listAssets({ apiBase: gateway.apiBaseFor(settings) });
    const choice = quoteChoiceFor(currencyCode, quote, settings.quote_asset_id);
    if (choice) return choice.assetId;
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `MixPay does not quote ${currencyCode.trim().toUpperCase()} (it quotes ${quotedFiats(quote).join(", ") || "no fiat"}); set a quote asset in Settings → MixPay or use a supported currency.`,
    );
  }
}
