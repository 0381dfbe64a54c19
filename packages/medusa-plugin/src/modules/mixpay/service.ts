import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { BigNumberInput, Logger } from "@medusajs/framework/types";
import { MedusaError, MedusaService } from "@medusajs/framework/utils";
import {
  buildCodeLink,
  MIXPAY_API_BASE,
  MIXPAY_CHECKOUT_BASE,
  MixPayBusyError,
  MixPayClient,
  PayeeNotFoundError,
  type PaymentResult,
  type QuoteAsset,
  RateLimiter,
  type ResolvedPayee,
  resolvePayee,
  type SettlementAsset,
  toQrDataUrl,
  toQrSvg,
  traceIdFor,
  verifyPaymentResult,
} from "@mixpay-pos/core";
import { apiBaseProblem, type BaseKind, sameBase } from "../../lib/api-base";
import { callbackBaseProblem, callbackUrlFor } from "../../lib/callback-url";
import {
  type CheckDecision,
  type CheckPolicy,
  type CheckRecordState,
  type CheckTrigger,
  decideCheck,
  nextJobCheckAt,
} from "../../lib/check-rule";
import { gatewayErrorDetail, summariseGatewayError } from "../../lib/gateway-error";
import { medusaAmountToDecimal, toQuoteAmount } from "../../lib/money";
import { mixpayOrderIdFor } from "../../lib/order-id";
import { PostgresRateLimitStore } from "../../lib/postgres-rate-limit-store";
import { quoteChoiceFor, quotedFiats } from "../../lib/quote";
import { Semaphore } from "../../lib/semaphore";
import { applyVerification, historyJson, isChange } from "./apply-verification";
import { MixpayPayment } from "./models/mixpay-payment";
import { MixpaySetting } from "./models/mixpay-setting";
import { type MixpayModuleOptions, mixpayModuleOptionsSchema } from "./options";
import type {
  AssetCheck,
  AssetLists,
  ConnectionReport,
  ConnectionTestInput,
  ManualRefund,
  MixpayPaymentDTO,
  MixpaySettingDTO,
  RefreshOutcome,
  SettingsInput,
} from "./types";
import { OPEN_STATUSES, SettingsFieldError } from "./types";

export { statusHistoryOf } from "./apply-verification";
export * from "./types";

type Injected = { logger?: Logger; __pg_connection__?: Knex };

const ASSET_CACHE_MS = 10 * 60_000;

/**
 * The MixPay module: merchant settings, one record per MixPay payment, and every conversation with MixPay
 * (one client per process, sharing the 60-requests-a-minute budget with every other process through
 * PostgreSQL). The payment provider, the routes and the reconciliation job all go through it.
 */
export default class MixpayModuleService extends MedusaService({ MixpaySetting, MixpayPayment }) {
  protected readonly options_: MixpayModuleOptions;
  protected readonly logger_: Logger | undefined;
  protected readonly rateLimiter_: RateLimiter | undefined;
  protected readonly knex_: Knex | undefined;
  readonly #clients = new Map<string, MixPayClient>();
  readonly #assets = new Map<string, { at: number; lists: AssetLists }>();
  readonly #inflight = new Map<string, Promise<RefreshOutcome | null>>();
  readonly #completionSlots = new Semaphore(2);

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
    this.options_ = parsed.data;
    this.logger_ = container.logger;
    const knex = resolveOptional(() => container.__pg_connection__);
    this.knex_ = knex;
    this.rateLimiter_ =
      this.options_.rateLimit === false
        ? undefined
        : new RateLimiter({
            limit: this.options_.rateLimit.perMinute,
            reserved: this.options_.rateLimit.reservedForCheckout,
            ...(knex ? { store: new PostgresRateLimitStore(knex) } : {}),
          });
  }

  // ---- settings -------------------------------------------------------------------------------------------

  /** The merchant's settings (the newest row), or null before anything was saved. */
  async getSettings(): Promise<MixpaySettingDTO | null> {
    const [settings] = await this.listMixpaySettings({}, { take: 1, order: { created_at: "DESC" } });
    return settings ?? null;
  }

  /** Settings a payment can be made with, or a clear error naming what to configure. */
  async requireSettings(): Promise<MixpaySettingDTO> {
    const settings = await this.getSettings();
    if (!settings) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "MixPay is not configured: set the payee UUID and settlement asset in the admin (Settings → MixPay) or POST /admin/mixpay/settings.",
      );
    }
    if (!settings.enabled) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "MixPay is disabled in Settings → MixPay.");
    }
    const missing = [
      settings.payee_id ? null : "payee_id (the merchant's payee UUID)",
      settings.settlement_asset_id ? null : "settlement_asset_id (the asset MixPay settles into)",
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `MixPay settings are incomplete: set ${missing.join(" and ")}.`,
      );
    }
    return settings;
  }

  /** Saves the settings (one row: updated in place). The caller validated the shape; assets are checked here. */
  async saveSettings(input: SettingsInput): Promise<MixpaySettingDTO> {
    const current = await this.getSettings();
    const apiBase = input.api_base_url === undefined ? current?.api_base_url : input.api_base_url;
    // Before anything is asked of the API base: a base that is not MixPay's (or listed) is never contacted.
    this.assertBaseUrl("api", input.api_base_url);
    this.assertBaseUrl("checkout", input.checkout_base_url);
    const callbackProblem = input.public_base_url
      ? callbackBaseProblem(input.public_base_url, this.options_.allowHttpCallbackHosts)
      : null;
    if (callbackProblem) throw new SettingsFieldError("public_base_url", callbackProblem);
    await this.checkAssets(input, apiBase ?? null);
    if (current) {
      return this.updateMixpaySettings({ id: current.id, ...input });
    }
    return this.createMixpaySettings(input);
  }

  /** Refuses a payee MixPay does not know, or a settlement or quote asset it does not list (a 400 with the field). */
  protected async checkAssets(input: SettingsInput, apiBase: string | null): Promise<void> {
    // The payee first: MixPay must know it, and what it settles in is listed per payee (fiat once approved).
    let payee: ResolvedPayee;
    try {
      payee = await resolvePayee(this.client(apiBase), input.payee_id, {
        signal: AbortSignal.timeout(this.options_.interactiveTimeoutMs),
      });
    } catch (error) {
      if (error instanceof PayeeNotFoundError) throw new SettingsFieldError("payee_id", error.message);
      throw error;
    }
    const lists = await this.listAssets({ apiBase, force: true });
    const settlement = input.settlement_asset_id.toLowerCase();
    if (!payee.settlementAssets.some((a) => a.assetId.toLowerCase() === settlement)) {
      throw new SettingsFieldError(
        "settlement_asset_id",
        `MixPay does not settle in ${input.settlement_asset_id} (see GET /admin/mixpay/assets)`,
      );
    }
    const quote = input.quote_asset_id?.toLowerCase();
    if (quote && !lists.quote.some((a) => a.assetId.toLowerCase() === quote)) {
      throw new SettingsFieldError(
        "quote_asset_id",
        `MixPay does not quote in ${input.quote_asset_id} (see GET /admin/mixpay/assets)`,
      );
    }
  }

  /**
   * Where MixPay will send callbacks for these settings, or null when no public base URL is set or MixPay would
   * refuse it (an http URL saved before MixPay required https: its payments are then followed by polling).
   */
  callbackUrlFor(settings: Pick<MixpaySettingDTO, "public_base_url"> | null): string | null {
    return callbackUrlFor(settings?.public_base_url, this.options_.allowHttpCallbackHosts);
  }

  /** Who may send callbacks (the `callbackSourceIps` option; empty: anyone) and how to find the caller's address. */
  get callbackSource(): { allowlist: readonly string[]; trustedProxyHops: number } {
    return { allowlist: this.options_.callbackSourceIps, trustedProxyHops: this.options_.trustedProxyHops };
  }

  /** How long the callback route may work before it acknowledges MixPay's callback (MixPay waits 20 s). */
  get callbackReplyMs(): number {
    return this.options_.callbackReplyMs;
  }

  /**
   * The rule's numbers in force (lib/check-rule.ts): while MixPay calls back, one trace is asked about at most once
   * per `callbackGraceMs` (growing to four times that while nothing changes), since the callback brings the news;
   * without callbacks, screens are the news and the window is `statusMaxAgeMs`, growing to twice that.
   */
  async checkPolicy(): Promise<CheckPolicy> {
    const callbacks = Boolean(this.callbackUrlFor(await this.getSettings()));
    const windowMs = callbacks ? this.options_.callbackGraceMs : this.options_.statusMaxAgeMs;
    return {
      windowMs,
      maxWindowMs: windowMs * (callbacks ? 4 : 2),
      minGapMs: Math.min(1_000, windowMs),
      jobIntervalMs: this.options_.reconcileRecheckMs,
      jobMaxIntervalMs: this.options_.reconcileMaxIntervalMs,
      afterDeadlineMs: 5_000,
    };
  }

  // ---- MixPay client and asset lists ------------------------------------------------------------------------

  /** The API base in force: the settings', else the plugin option, else MixPay's. */
  apiBaseFor(settings: Pick<MixpaySettingDTO, "api_base_url"> | null): string | undefined {
    return settings?.api_base_url || this.options_.apiBaseUrl || undefined;
  }

  /**
   * Refuses a merchant-given API or checkout base that is not MixPay's own host or one listed in the plugin's
   * `allowApiHosts` (lib/api-base.ts), as a SettingsFieldError naming the field (the routes answer 400), before
   * anything is sent to it. Empty means "the default". The plugin option's own base is the operator's config and
   * is trusted.
   */
  assertBaseUrl(kind: BaseKind, url: string | null | undefined): void {
    if (!url) return;
    const trusted = kind === "api" ? this.options_.apiBaseUrl : this.options_.checkoutBaseUrl;
    if (trusted && sameBase(url, trusted)) return;
    const problem = apiBaseProblem(url, { allowHosts: this.options_.allowApiHosts, kind });
    if (problem) throw new SettingsFieldError(kind === "api" ? "api_base_url" : "checkout_base_url", problem);
  }

  /**
   * An API base an admin route names (`?api_base_url=`, the settings form's): checked like a saved one, except the
   * base in force, which was accepted when it was saved (so a payment's own asset lookups are never refused here).
   */
  protected async checkGivenApiBase(given: string | null | undefined): Promise<void> {
    if (!given) return;
    try {
      this.assertBaseUrl("api", given);
    } catch (error) {
      const inForce = this.apiBaseFor(await this.getSettings());
      if (inForce && sameBase(given, inForce)) return;
      throw error;
    }
  }

  /**
   * What the admin is told about a failed call to MixPay: our own short sentence (lib/gateway-error.ts), never
   * MixPay's or a stranger's text, which goes to the server log only. `what` names the call for the log.
   */
  gatewayErrorSummary(error: unknown, what: string): string {
    this.logger_?.warn(`MixPay: ${what} failed: ${gatewayErrorDetail(error)}`);
    return summariseGatewayError(error);
  }

  /** One client per API base per process, all sharing the rate budget. */
  client(apiBase?: string | null): MixPayClient {
    const key = apiBase || this.options_.apiBaseUrl || "";
    let client = this.#clients.get(key);
    if (!client) {
      client = new MixPayClient({
        ...(key ? { baseUrl: key } : {}),
        timeoutMs: this.options_.requestTimeoutMs,
        rateLimiter: this.rateLimiter_ ?? false,
        userAgent: "mixpay-pos-medusa-plugin",
      });
      this.#clients.set(key, client);
    }
    return client;
  }

  /**
   * MixPay's settlement and quote asset lists, cached for 10 minutes per API base. A given `apiBase` other than the
   * one in force must be MixPay's or listed (SettingsFieldError "api_base_url" otherwise, nothing sent).
   */
  async listAssets(opts: { apiBase?: string | null; force?: boolean } = {}): Promise<AssetLists> {
    await this.checkGivenApiBase(opts.apiBase);
    const apiBase = opts.apiBase === undefined ? this.apiBaseFor(await this.getSettings()) : opts.apiBase;
    const key = apiBase || this.options_.apiBaseUrl || "";
    const cached = this.#assets.get(key);
    if (!opts.force && cached && Date.now() - cached.at < ASSET_CACHE_MS) return cached.lists;
    const client = this.client(apiBase);
    // Someone is waiting (a checkout on a cold cache, the admin): checkout priority, and "busy" rather than a long wait.
    const call = {
      signal: AbortSignal.timeout(this.options_.interactiveTimeoutMs),
      priority: "interactive" as const,
      maxQueueMs: this.options_.checkoutQueueMs,
    };
    const [settlement, quote] = await Promise.all([client.assets.settlement({}, call), client.assets.quote({}, call)]);
    const lists = { settlement, quote, fetched_at: new Date().toISOString() };
    this.#assets.set(key, { at: Date.now(), lists });
    return lists;
  }

  /**
   * The setup wizard's first step: a Mixin ID or payee UUID resolved by MixPay at the API base in force (or the
   * one given), with what MixPay settles into for that payee. Throws core's errors: MixPayValidationError for
   * neither, PayeeNotFoundError for one MixPay does not know, MixPay's own when it cannot be asked; and
   * SettingsFieldError ("api_base_url") for a given base that is not MixPay's or listed, before anything is sent.
   */
  async lookupPayee(ref: string, apiBase?: string | null): Promise<ResolvedPayee> {
    await this.checkGivenApiBase(apiBase);
    const base = apiBase || this.apiBaseFor(await this.getSettings()) || null;
    return resolvePayee(this.client(base), ref, { signal: AbortSignal.timeout(this.options_.interactiveTimeoutMs) });
  }

  /**
   * "Test connection": asks the given API base (else the one in force) for both asset lists, whether it knows
   * the payee (core `resolvePayee`) and whether the chosen assets are listed. Nothing is
   * saved and the asset cache is not touched; the calls count against MixPay's rate budget like any other.
   * A given base that is not MixPay's or listed is a SettingsFieldError ("api_base_url"): nothing is sent to it.
   * What went wrong is told in our own words (lib/gateway-error.ts), never in the answering server's.
   */
  async testConnection(input: ConnectionTestInput): Promise<ConnectionReport> {
    await this.checkGivenApiBase(input.api_base_url);
    const apiBase = input.api_base_url || this.apiBaseFor(await this.getSettings()) || null;
    const shownBase = apiBase || MIXPAY_API_BASE;
    const client = this.client(apiBase);
    const signal = AbortSignal.timeout(this.options_.interactiveTimeoutMs);
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
      report.error = `The asset lists could not be loaded from ${shownBase}: ${this.gatewayErrorSummary(error, "test connection")}`;
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
                message: `The payee could not be checked: ${this.gatewayErrorSummary(error, "test connection (payee)")}`,
              };
      }
    }
    report.ok =
      report.payee?.known !== false &&
      report.settlement_asset?.listed !== false &&
      report.quote_asset?.listed !== false;
    return report;
  }

  // ---- payments -------------------------------------------------------------------------------------------

  /**
   * Creates (or, for a retried call with the same session, finds again) the MixPay one-time payment for a
   * Medusa payment session. MixPay's orderId is the session id and the traceId is derived from it, so a retry
   * can never make a second payment for one sale. `revision` > 0 makes a new payment for the same session
   * (new terms after updatePayment), with its own orderId and traceId.
   */
  async createSalePayment(input: {
    sessionId: string;
    amount: BigNumberInput;
    currencyCode: string;
    revision?: number;
  }): Promise<MixpayPaymentDTO> {
    const settings = await this.requireSettings();
    const revision = input.revision ?? 0;
    const traceId = traceIdFor(revision === 0 ? input.sessionId : `${input.sessionId}#${revision}`);
    const orderId = mixpayOrderIdFor(input.sessionId, revision);
    const [existing] = await this.listMixpayPayments({ trace_id: traceId }, { take: 1 });
    if (existing) return existing;

    const quoteAssetId = await this.quoteAssetFor(input.currencyCode, settings);
    const quoteAmount = toQuoteAmount(input.amount, quoteAssetId);
    const expiresAt = new Date(Date.now() + settings.expiry_minutes * 60_000);
    const apiBase = this.apiBaseFor(settings);
    const callbackUrl = this.callbackUrlFor(settings) ?? undefined;

    const created = await this.client(apiBase).payments.create(
      {
        payeeId: settings.payee_id,
        settlementAssetId: settings.settlement_asset_id,
        quoteAssetId,
        quoteAmount,
        orderId,
        traceId,
        strictMode: settings.strict_mode,
        expiredTimestamp: Math.floor(expiresAt.getTime() / 1000),
        // Besides success and fail (always sent), an underpayment is called back too, so the till shows it at once
        // while screens leave the payment to its callback (`callbackGraceMs`).
        ...(callbackUrl ? { callbackUrl, callbackEvent: "paid_less" } : {}),
      },
      {
        signal: AbortSignal.timeout(this.options_.interactiveTimeoutMs),
        // A customer is waiting: the slots kept for checkouts, and a quick "busy, try again" rather than a long wait.
        priority: "interactive",
        maxQueueMs: this.options_.checkoutQueueMs,
      },
    );
    const payUrl = buildCodeLink(created.code, {
      checkoutBaseUrl: settings.checkout_base_url || this.options_.checkoutBaseUrl || MIXPAY_CHECKOUT_BASE,
    });
    const record = {
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
      pay_url: payUrl,
      // MixPay's own deadline when it says (it may be earlier than the one asked for), so screens count down to it.
      expires_at: created.deadlineMs ? new Date(created.deadlineMs) : expiresAt,
      status: "unpaid",
      // The job's first look; callbacks and screens bring the news before that (lib/check-rule.ts).
      next_check_at: nextJobCheckAt(
        { unchanged_checks: 0, expires_at: created.deadlineMs ? new Date(created.deadlineMs) : expiresAt },
        Date.now(),
        await this.checkPolicy(),
      ),
      status_history: historyJson([
        { status: "unpaid", reported: null, reason: "Payment created.", at: new Date().toISOString() },
      ]),
    };
    try {
      return await this.createMixpayPayments(record);
    } catch (error) {
      // A concurrent call for the same session won the insert (trace_id is unique): both asked MixPay for the
      // same traceId, so there is one payment, already recorded.
      const raced = await this.retrievePaymentByTrace(traceId);
      if (raced) return raced;
      throw error;
    }
  }

  /**
   * The quote asset for a sale: the currency itself when MixPay quotes it, else the configured quote asset,
   * else a clear error listing what MixPay quotes.
   */
  protected async quoteAssetFor(currencyCode: string, settings: MixpaySettingDTO): Promise<string> {
    const { quote } = await this.listAssets({ apiBase: this.apiBaseFor(settings) });
    const choice = quoteChoiceFor(currencyCode, quote, settings.quote_asset_id);
    if (choice) return choice.assetId;
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `MixPay does not quote ${currencyCode.trim().toUpperCase()} (it quotes ${quotedFiats(quote).join(", ") || "no fiat"}); set a quote asset in Settings → MixPay or use a supported currency.`,
    );
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
    const [payment] = await this.listMixpayPayments({ mixpay_order_id: body.orderId }, { take: 1 });
    return payment && payment.payee_id.toLowerCase() === body.payeeId.toLowerCase() ? payment : null;
  }

  /** How many MixPay payments were made for one Medusa session (the next revision number). */
  async countSessionPayments(sessionId: string): Promise<number> {
    const [, count] = await this.listAndCountMixpayPayments({ payment_session_id: sessionId }, { take: 1 });
    return count;
  }

  async retrievePaymentByTrace(traceId: string): Promise<MixpayPaymentDTO | null> {
    const [payment] = await this.listMixpayPayments({ trace_id: traceId }, { take: 1 });
    return payment ?? null;
  }

  /** QR codes of a payment's checkout link, for session data and screens. */
  async qrFor(payUrl: string): Promise<{ svg: string; data_url: string }> {
    const [svg, dataUrl] = await Promise.all([toQrSvg(payUrl), toQrDataUrl(payUrl)]);
    return { svg, data_url: dataUrl };
  }

  /**
   * The one way any caller learns a payment's outcome (lib/check-rule.ts decides whether MixPay is asked):
   * the record as it is, or — when the rule lets this `trigger` ask now — a fresh check with MixPay, verified
   * against what this shop asked for (never against a callback body) and recorded. The check is claimed on the
   * record in a locked transaction, so across every server process one caller asks and the others answer from the
   * record; in this process concurrent callers share a check in flight. MixPay being unreachable or its budget
   * being used up is not an error here: the record stays as it was and `error` says why.
   */
  async checkPayment(traceId: string, trigger: CheckTrigger): Promise<RefreshOutcome | null> {
    const inflight = this.#inflight.get(traceId);
    if (inflight) return inflight;
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment) return null;
    const policy = await this.checkPolicy();
    const decision = decideCheck(checkStateOf(payment), trigger, Date.now(), policy);
    if (!decision.ask)
      return { payment, verification: null, changed: false, asked: false, retryAtMs: decision.retryAtMs };
    if (this.#inflight.get(traceId)) return this.#inflight.get(traceId) ?? null;
    const run = (async (): Promise<RefreshOutcome> => {
      const claim = await this.#claimCheck(payment.id, trigger, policy);
      if (!claim.ask) {
        const current = (await this.retrievePaymentByTrace(traceId)) ?? payment;
        return { payment: current, verification: null, changed: false, asked: false, retryAtMs: claim.retryAtMs };
      }
      return this.#refresh((await this.retrievePaymentByTrace(traceId)) ?? payment, policy, claim);
    })().finally(() => this.#inflight.delete(traceId));
    this.#inflight.set(traceId, run);
    return run;
  }

  /**
   * Claims the check on the locked record (`select … for update`), deciding again with what is stored now: another
   * process may have claimed it since this one read the record. A claim remembers what it replaced, so a check
   * that could not be sent (MixPay's budget was used up) gives its window back.
   */
  async #claimCheck(
    id: string,
    trigger: CheckTrigger,
    policy: CheckPolicy,
  ): Promise<Extract<CheckDecision, { ask: false }> | Claim> {
    const knex = this.knex_;
    if (!knex)
      return { ask: true, news: trigger === "callback" || trigger === "admin", at: new Date(), previous: null };
    return knex.transaction(async (trx) => {
      const locked = await trx.raw(
        `select final, created_at, check_claimed_at, last_checked_at, callback_asked_at, changed_at,
                unchanged_checks, next_check_at, expires_at
           from mixpay_payment where id = ? for update`,
        [id],
      );
      const row = locked.rows?.[0] as CheckRecordState | undefined;
      if (!row) return { ask: false, reason: "final", retryAtMs: null } as const;
      const decision = decideCheck(row, trigger, Date.now(), policy);
      if (!decision.ask) return decision;
      const at = new Date();
      await trx.raw(
        `update mixpay_payment set check_claimed_at = ?${trigger === "callback" ? ", callback_asked_at = ?" : ""} where id = ?`,
        trigger === "callback" ? [at, at, id] : [at, id],
      );
      return {
        ...decision,
        at,
        previous: { check_claimed_at: row.check_claimed_at, callback_asked_at: row.callback_asked_at },
      };
    });
  }

  /** Gives a claim's window back (nothing was sent), unless another check has claimed the record since. */
  async #releaseClaim(id: string, claim: Claim): Promise<void> {
    if (!this.knex_ || !claim.previous) return;
    await this.knex_.raw(
      "update mixpay_payment set check_claimed_at = ?, callback_asked_at = ? where id = ? and check_claimed_at = ?",
      [claim.previous.check_claimed_at, claim.previous.callback_asked_at, id, claim.at],
    );
  }

  /**
   * Runs `work` while holding this sale's lock across every server process that shares the database: a
   * PostgreSQL advisory lock taken with `pg_try_advisory_xact_lock` in a short-lived transaction. Waiters poll
   * instead of blocking, so they hold no pool connection while they wait; the holder keeps one until `work` ends.
   */
  async withSaleLock<T>(sessionId: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    const knex = this.knex_;
    if (!knex) return work();
    // A holder keeps one pool connection while its work needs others: at most two holders per process, so
    // completions can never take the whole pool (ten at once did, in the stack benchmark).
    await this.#completionSlots.acquire();
    try {
      return await this.#withAdvisoryLock(knex, sessionId, work, timeoutMs);
    } finally {
      this.#completionSlots.release();
    }
  }

  async #withAdvisoryLock<T>(knex: Knex, sessionId: string, work: () => Promise<T>, timeoutMs: number): Promise<T> {
    const key = `mixpay-sale:${sessionId}`;
    const until = Date.now() + timeoutMs;
    let delay = 25;
    for (;;) {
      const outcome = await knex.transaction(async (trx) => {
        const got = await trx.raw("select pg_try_advisory_xact_lock(hashtext(?)) as locked", [key]);
        if (!got.rows?.[0]?.locked) return { locked: false as const };
        return { locked: true as const, value: await work() };
      });
      if (outcome.locked) return outcome.value;
      if (Date.now() > until)
        throw new Error(`MixPay: sale ${sessionId} is being completed elsewhere; gave up waiting`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 500);
    }
  }

  async #refresh(payment: MixpayPaymentDTO, policy: CheckPolicy, claim: Claim): Promise<RefreshOutcome> {
    let result: PaymentResult;
    const { reservedForCheckout, reservedForCallbacks } =
      this.options_.rateLimit === false ? { reservedForCheckout: 0, reservedForCallbacks: 0 } : this.options_.rateLimit;
    try {
      const settings = await this.getSettings();
      result = await this.client(this.apiBaseFor(settings)).payments.retrieve(
        { traceId: payment.trace_id, with: "payment" },
        {
          signal: AbortSignal.timeout(this.options_.backgroundTimeoutMs),
          // Checks never take the slots kept for checkouts; routine ones leave those kept for news free too.
          priority: "background",
          reserved: claim.news ? reservedForCheckout : reservedForCheckout + reservedForCallbacks,
          maxQueueMs: this.options_.backgroundQueueMs,
        },
      );
    } catch (error) {
      // Our own words for whoever shows it; MixPay's or the network's text goes to the log only.
      const message = this.gatewayErrorSummary(error, `the check of ${payment.trace_id}`);
      if (error instanceof MixPayBusyError) {
        // Nothing was sent: the window goes back, and whoever asked may try when the budget frees.
        await this.#releaseClaim(payment.id, claim);
        const retryAtMs = Date.now() + error.retryAfterMs;
        await this.updateMixpayPayments({ id: payment.id, next_check_at: new Date(retryAtMs) });
        return { payment, verification: null, changed: false, asked: false, retryAtMs, error: message };
      }
      // Nothing was learnt: the job tries again after its first interval, without backing off further.
      const now = Date.now();
      await this.updateMixpayPayments({
        id: payment.id,
        last_checked_at: new Date(now),
        next_check_at: nextJobCheckAt({ unchanged_checks: 0, expires_at: payment.expires_at }, now, policy),
      });
      return { payment, verification: null, changed: false, asked: true, error: message };
    }
    const verification = verifyPaymentResult(result, {
      payeeId: payment.payee_id,
      quoteAssetId: payment.quote_asset_id,
      quoteAmount: payment.quote_amount,
      traceId: payment.trace_id,
    });
    const changed = isChange(payment, verification);
    const updated = await this.updateMixpayPayments({
      id: payment.id,
      ...applyVerification(payment, verification, result, new Date(), policy),
    });
    if (changed) {
      this.logger_?.info(
        `MixPay: ${payment.trace_id} ${payment.status} → ${verification.status} (${verification.reason})`,
      );
    }
    return { payment: updated, verification, changed, asked: true };
  }

  /**
   * Payments the job should look at now: not final, and due (`next_check_at`, which backs off while a payment does
   * not change; a payment recorded before that column existed is due `reconcileRecheckMs` after it was created).
   */
  async listOpenPayments(limit: number, opts: { now?: Date } = {}): Promise<MixpayPaymentDTO[]> {
    const now = opts.now ?? new Date();
    const createdBefore = new Date(now.getTime() - this.options_.reconcileRecheckMs);
    // A final record (a success that does not match the sale is a final "review") never changes at MixPay again.
    return this.listMixpayPayments(
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
    return this.listMixpayPayments({ status: "paid", completed_at: null, abandoned_at: null }, { take: limit });
  }

  /** The sale reached Medusa: its payment is captured (and, with a cart, its order exists). */
  async markCompleted(traceId: string, ids: { orderId: string | null; cartId: string | null }): Promise<void> {
    const payment = await this.retrievePaymentByTrace(traceId);
    if (!payment || (payment.completed_at && payment.order_id === ids.orderId && payment.cart_id === ids.cartId))
      return;
    await this.updateMixpayPayments({
      id: payment.id,
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
    if (!payment || payment.abandoned_at || payment.completed_at) return;
    await this.updateMixpayPayments({
      id: payment.id,
      abandoned_at: new Date(),
      attention: payment.status === "paid" ? "paid_after_cancel" : payment.attention,
    });
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
    await this.updateMixpayPayments({ id: payment.id, manual_refunds: { entries: next } });
    return next;
  }
}

/** A check claimed on the record: when, at what rank, and what the claim replaced. */
interface Claim {
  ask: true;
  news: boolean;
  at: Date;
  previous: { check_claimed_at: Date | string | null; callback_asked_at: Date | string | null } | null;
}

/** What the check rule reads of a record. */
function checkStateOf(payment: MixpayPaymentDTO): CheckRecordState {
  return {
    final: payment.final,
    created_at: payment.created_at,
    check_claimed_at: payment.check_claimed_at,
    last_checked_at: payment.last_checked_at,
    callback_asked_at: payment.callback_asked_at,
    changed_at: payment.changed_at,
    unchanged_checks: payment.unchanged_checks,
    next_check_at: payment.next_check_at,
    expires_at: payment.expires_at,
  };
}

export function manualRefundsOf(payment: Pick<MixpayPaymentDTO, "manual_refunds">): ManualRefund[] {
  const entries = (payment.manual_refunds as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as ManualRefund[]) : [];
}

function resolveOptional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
