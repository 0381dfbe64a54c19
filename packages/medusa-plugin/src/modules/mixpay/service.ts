import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { MedusaError } from "@medusajs/framework/utils";
import { type MixPayClient, type ResolvedPayee, toQrDataUrl, toQrSvg } from "@mixpay-pos/core";
import type { BaseKind } from "../../lib/api-base";
import type { CheckTrigger } from "../../lib/check-rule";
import { StreamSlots } from "../../lib/stream-slots";
import { MixpayGateway } from "./gateway";
import { PaymentLedger } from "./ledger";
import { type MixpayModuleOptions, mixpayModuleOptionsSchema } from "./options";
import { PaymentRefresher } from "./refresher";
import { knexFeedDatabase, SaleFeed } from "./sale-feed";
import { type SaleInput, SalePayments } from "./sales";
import { MixpaySettings } from "./settings";
import { MixpayRecords } from "./store";
import type {
  AssetLists,
  ConnectionReport,
  ConnectionTestInput,
  ManualRefund,
  MixpayPaymentDTO,
  MixpaySettingDTO,
  RefreshOutcome,
  SettingsInput,
} from "./types";

export { statusHistoryOf } from "./apply-verification";
export { manualRefundsOf } from "./ledger";
export * from "./types";

type Injected = { logger?: Logger; __pg_connection__?: Knex };

/**
 * The MixPay module: merchant settings, one record per MixPay payment, and every conversation with MixPay
 * (one client per process, sharing the 60-requests-a-minute budget with every other process through
 * PostgreSQL). The payment provider, the routes and the reconciliation job all go through it.
 *
 * A façade over parts that each do one job: `settings` (./settings.ts), the MixPay `gateway` (./gateway.ts),
 * the payment `ledger` (./ledger.ts), the `refresher` that checks payments with MixPay (./refresher.ts, writing
 * what ./apply-verification.ts decides), and sale creation (./sales.ts, ids from ./sale-identity.ts).
 * Completing a paid sale in Medusa is a workflow (../../workflows/complete-mixpay-sale.ts).
 */
export default class MixpayModuleService extends MixpayRecords {
  protected readonly options_: MixpayModuleOptions;
  protected readonly logger_: Logger | undefined;
  protected readonly settings_: MixpaySettings;
  protected readonly gateway_: MixpayGateway;
  protected readonly ledger_: PaymentLedger;
  protected readonly refresher_: PaymentRefresher;
  protected readonly sales_: SalePayments;
  protected readonly feed_: SaleFeed;
  protected readonly streamSlots_: StreamSlots;

  /** Medusa calls these when the application stops: the sale streams' LISTEN connection is closed. */
  readonly __hooks = {
    onApplicationShutdown: async () => {
      await this.feed_.close();
    },
  };

  constructor(container: Injected & Record<string, unknown>, options: unknown = {}) {
    // biome-ignore lint/complexity/noArguments: MedusaService reads every constructor argument.
    super(...arguments);
    const parsed = mixpayModuleOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `MixPay plugin options: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    const opts = parsed.data;
    this.options_ = opts;
    this.logger_ = container.logger;
    const knex = resolveOptional(() => container.__pg_connection__);
    const logger = this.logger_;
    this.gateway_ = new MixpayGateway({ options: opts, logger, knex, currentSettings: () => this.getSettings() });
    this.settings_ = new MixpaySettings({ store: this, options: opts, gateway: this.gateway_ });
    this.feed_ = new SaleFeed({ db: knex ? knexFeedDatabase(knex) : null, logger });
    this.streamSlots_ = new StreamSlots({ perClient: opts.streamsPerClient, perProcess: opts.streamsPerProcess });
    this.ledger_ = new PaymentLedger({
      store: this,
      reconcileRecheckMs: opts.reconcileRecheckMs,
      announce: (traceId) => this.feed_.announce(traceId),
    });
    const parts = { settings: this.settings_, gateway: this.gateway_, ledger: this.ledger_ };
    this.refresher_ = new PaymentRefresher({ ...parts, knex, logger });
    this.sales_ = new SalePayments(parts);
  }

  // ---- settings (./settings.ts) ----------------------------------------------------------------------------

  /** The merchant's settings (the newest row), or null before anything was saved. */
  getSettings(): Promise<MixpaySettingDTO | null> {
    return this.settings_.getSettings();
  }

  /** Settings a payment can be made with, or a clear error naming what to configure. */
  requireSettings(): Promise<MixpaySettingDTO> {
    return this.settings_.requireSettings();
  }

  /** Saves the settings (one row: updated in place). The caller validated the shape; assets are checked here. */
  saveSettings(input: SettingsInput): Promise<MixpaySettingDTO> {
    return this.settings_.saveSettings(input);
  }

  /** Where MixPay will send callbacks for these settings, or null (no public base URL, or one MixPay refuses). */
  callbackUrlFor(settings: Pick<MixpaySettingDTO, "public_base_url"> | null): string | null {
    return this.settings_.callbackUrlFor(settings);
  }

  /** Who may send callbacks (the `callbackSourceIps` option; empty: anyone) and how to find the caller's address. */
  get callbackSource(): { allowlist: readonly string[]; trustedProxyHops: number } {
    return this.settings_.callbackSource;
  }

  /** How long the callback route may work before it acknowledges MixPay's callback (MixPay waits 20 s). */
  get callbackReplyMs(): number {
    return this.settings_.callbackReplyMs;
  }

  // ---- sale streams (./sale-feed.ts, ../../lib/stream-slots.ts) -------------------------------------------

  /** Where this process's sale streams learn that a record changed, on any server process. */
  get saleFeed(): SaleFeed {
    return this.feed_;
  }

  /** This process's caps on open sale streams. */
  get streamSlots(): StreamSlots {
    return this.streamSlots_;
  }

  /** How long a sale stream may stay open. */
  get streamMaxLifetimeMs(): number {
    return this.options_.streamMaxLifetimeMs;
  }

  // ---- MixPay (./gateway.ts) -------------------------------------------------------------------------------

  /** The API base in force: the settings', else the plugin option, else MixPay's. */
  apiBaseFor(settings: Pick<MixpaySettingDTO, "api_base_url"> | null): string | undefined {
    return this.gateway_.apiBaseFor(settings);
  }

  /** Refuses a merchant-given API or checkout base that is not MixPay's or listed (MixpayFieldError). */
  assertBaseUrl(kind: BaseKind, url: string | null | undefined): void {
    this.gateway_.assertBaseUrl(kind, url);
  }

  /** Our own short sentence for a failed call to MixPay; MixPay's or a stranger's text goes to the log only. */
  gatewayErrorSummary(error: unknown, what: string): string {
    return this.gateway_.gatewayErrorSummary(error, what);
  }

  /** One client per API base per process, all sharing the rate budget. */
  client(apiBase?: string | null): MixPayClient {
    return this.gateway_.client(apiBase);
  }

  /** MixPay's settlement and quote asset lists, cached for 10 minutes per API base. */
  listAssets(opts: { apiBase?: string | null; force?: boolean } = {}): Promise<AssetLists> {
    return this.gateway_.listAssets(opts);
  }

  /** A Mixin ID or payee UUID resolved by MixPay, with what MixPay settles into for that payee. */
  lookupPayee(ref: string, apiBase?: string | null): Promise<ResolvedPayee> {
    return this.gateway_.lookupPayee(ref, apiBase);
  }

  /** "Test connection": what MixPay (or the given API base) says of the asset lists, the payee and the assets. */
  testConnection(input: ConnectionTestInput): Promise<ConnectionReport> {
    return this.gateway_.testConnection(input);
  }

  // ---- payments ------------------------------------------------------------------------------------------

  /**
   * Creates (or, for a retried call with the same session, finds again) the MixPay one-time payment for a
   * Medusa payment session (./sales.ts). `revision` > 0 makes a new payment for the same session.
   */
  createSalePayment(input: SaleInput): Promise<MixpayPaymentDTO> {
    return this.sales_.createSalePayment(input);
  }

  /** The payment a MixPay callback names (by traceId, else orderId and payee); null when it is not this shop's. */
  findByCallback(body: { traceId?: string; orderId?: string; payeeId?: string }): Promise<MixpayPaymentDTO | null> {
    return this.ledger_.findByCallback(body);
  }

  /** How many MixPay payments were made for one Medusa session (the next revision number). */
  countSessionPayments(sessionId: string): Promise<number> {
    return this.ledger_.countSessionPayments(sessionId);
  }

  retrievePaymentByTrace(traceId: string): Promise<MixpayPaymentDTO | null> {
    return this.ledger_.retrievePaymentByTrace(traceId);
  }

  /** QR codes of a payment's checkout link, for session data and screens. */
  async qrFor(payUrl: string): Promise<{ svg: string; data_url: string }> {
    const [svg, dataUrl] = await Promise.all([toQrSvg(payUrl), toQrDataUrl(payUrl)]);
    return { svg, data_url: dataUrl };
  }

  /**
   * The one way any caller learns a payment's outcome (./refresher.ts): the record as it is, or — when
   * lib/check-rule.ts lets this `trigger` ask now — a fresh, verified and recorded check with MixPay.
   */
  checkPayment(traceId: string, trigger: CheckTrigger): Promise<RefreshOutcome | null> {
    return this.refresher_.checkPayment(traceId, trigger);
  }

  /** Payments the job should look at now: not final, and due. */
  listOpenPayments(limit: number, opts: { now?: Date } = {}): Promise<MixpayPaymentDTO[]> {
    return this.ledger_.listOpenPayments(limit, opts);
  }

  /** Paid payments whose sale has not reached Medusa yet (a lost callback, a crash between the two). */
  listPaidNotCompleted(limit: number): Promise<MixpayPaymentDTO[]> {
    return this.ledger_.listPaidNotCompleted(limit);
  }

  /** The sale reached Medusa: its payment is captured (and, with a cart, its order exists). */
  markCompleted(traceId: string, ids: { orderId: string | null; cartId: string | null }): Promise<void> {
    return this.ledger_.markCompleted(traceId, ids);
  }

  /** Medusa canceled or deleted the session: the record is kept, and a payment that still arrives is flagged. */
  markAbandoned(traceId: string): Promise<void> {
    return this.ledger_.markAbandoned(traceId);
  }

  /** See ledger.ts: a payment that arrived after Cancel is to become an order after all. */
  reinstateCancelled(traceId: string): Promise<boolean> {
    return this.ledger_.reinstateCancelled(traceId);
  }

  /** Records a refund the merchant makes by hand (MixPay has no refund API). No money moves here. */
  recordManualRefund(
    traceId: string,
    refund: { amount: string; reference?: string | null; note?: string | null; refund_id?: string | null },
  ): Promise<ManualRefund[]> {
    return this.ledger_.recordManualRefund(traceId, refund);
  }
}

function resolveOptional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
