import {
  MIXPAY_API_BASE,
  type MixPayClient,
  PayeeNotFoundError,
  type QuoteAsset,
  resolvePayee,
  type SettlementAsset,
} from "@mixpay-pos/core";
import type { AssetCheck, ConnectionReport, ConnectionTestInput } from "./types";

/**
 * "Test connection": asks the API base (`apiBase`, null for MixPay's) for both asset lists, whether it knows
 * the payee (core `resolvePayee`) and whether the chosen assets are listed. Nothing is
 * saved and the asset cache is not touched; the calls count against MixPay's rate budget like any other.
 * What went wrong is told in our own words (`summarise`, lib/gateway-error.ts), never in the answering server's.
 */
export async function runConnectionTest(
  client: Pick<MixPayClient, "assets" | "users">,
  apiBase: string | null,
  input: ConnectionTestInput,
  opts: { timeoutMs: number; summarise: (error: unknown, what: string) => string },
): Promise<ConnectionReport> {
  const shownBase = apiBase || MIXPAY_API_BASE;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const started = Date.now();
  const report: ConnectionReport = {
    ok: false,
    api_base_url: shownBase,
    latency_ms: 0,
    settlement_assets: null,
    quote_assets: null,
    payee: null,
    settlement_asset: null,
    quote_asset: null,
    error: null,
  };
  let settlement: SettlementAsset[];
  let quote: QuoteAsset[];
  try {
    [settlement, quote] = await Promise.all([
      client.assets.settlement({}, { signal }),
      client.assets.quote({}, { signal }),
    ]);
  } catch (error) {
    report.latency_ms = Date.now() - started;
    report.error = `The asset lists could not be loaded from ${shownBase}: ${opts.summarise(error, "test connection")}`;
    return report;
  }
  report.latency_ms = Date.now() - started;
  report.settlement_assets = settlement.length;
  report.quote_assets = quote.length;
  const check = (id: string | null | undefined, list: { assetId: string; symbol: string }[]): AssetCheck | null => {
    if (!id) return null;
    const found = list.find((a) => a.assetId.toLowerCase() === id.toLowerCase());
    return { id, listed: Boolean(found), symbol: found?.symbol ?? null };
  };
  report.settlement_asset = check(input.settlement_asset_id, settlement);
  report.quote_asset = check(input.quote_asset_id, quote);
  if (input.payee_id) {
    try {
      const payee = await resolvePayee(client, input.payee_id, { signal });
      report.payee = { id: payee.payeeId, known: true, message: "MixPay knows this payee." };
    } catch (error) {
      report.payee =
        error instanceof PayeeNotFoundError
          ? { id: input.payee_id, known: false, message: error.message }
          : {
              id: input.payee_id,
              known: null,
              message: `The payee could not be checked: ${opts.summarise(error, "test connection (payee)")}`,
            };
    }
  }
  report.ok =
    report.payee?.known !== false && report.settlement_asset?.listed !== false && report.quote_asset?.listed !== false;
  return report;
}
