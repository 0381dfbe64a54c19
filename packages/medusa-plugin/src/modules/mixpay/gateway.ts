import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import {
  buildCodeLink,
  MIXPAY_CHECKOUT_BASE,
  MixPayClient,
  type OneTimePaymentRequestInput,
  PayeeNotFoundError,
  type PaymentResult,
  RateLimiter,
  type ResolvedPayee,
  resolvePayee,
} from "@mixpay-pos/core";
import { apiBaseProblem, type BaseKind, sameBase } from "../../lib/api-base";
import { MixpayFieldError } from "../../lib/errors";
import { gatewayErrorDetail, summariseGatewayError } from "../../lib/gateway-error";
import { PostgresRateLimitStore } from "../../lib/postgres-rate-limit-store";
import { runConnectionTest } from "./connection-test";
import type { MixpayModuleOptions } from "./options";
import type { AssetLists, ConnectionReport, ConnectionTestInput, MixpaySettingDTO, SettingsInput } from "./types";

const ASSET_CACHE_MS = 10 * 60_000;

export interface GatewayDeps {
  options: MixpayModuleOptions;
  logger?: Logger;
  /** Shares MixPay's rate budget with every other process through PostgreSQL, when there is a database. */
  knex?: Knex;
  /** The merchant's settings now (their API and checkout bases win over the plugin options). */
  currentSettings: () => Promise<MixpaySettingDTO | null>;
}

/**
 * Every conversation with MixPay: one client per API base per process, all sharing the 60-requests-a-minute
 * budget; the asset lists cache; payee lookups; the checks on merchant-given base URLs; and our own words for
 * what went wrong (lib/gateway-error.ts).
 */
export class MixpayGateway {
  readonly #options: MixpayModuleOptions;
  readonly #logger: Logger | undefined;
  readonly #currentSettings: () => Promise<MixpaySettingDTO | null>;
  readonly #rateLimiter: RateLimiter | undefined;
  readonly #clients = new Map<string, MixPayClient>();
  readonly #assets = new Map<string, { at: number; lists: AssetLists }>();

  constructor(deps: GatewayDeps) {
    this.#options = deps.options;
    this.#logger = deps.logger;
    this.#currentSettings = deps.currentSettings;
    const { rateLimit } = deps.options;
    this.#rateLimiter =
      rateLimit === false
        ? undefined
        : new RateLimiter({
            limit: rateLimit.perMinute,
            reserved: rateLimit.reservedForCheckout,
            ...(deps.knex ? { store: new PostgresRateLimitStore(deps.knex) } : {}),
          });
  }

  /** The API base in force: the settings', else the plugin option, else MixPay's. */
  apiBaseFor(settings: Pick<MixpaySettingDTO, "api_base_url"> | null): string | undefined {
    return settings?.api_base_url || this.#options.apiBaseUrl || undefined;
  }

  /**
   * Refuses a merchant-given API or checkout base that is not MixPay's own host or one listed in the plugin's
   * `allowApiHosts` (lib/api-base.ts), as a MixpayFieldError naming the field (the routes answer 400), before
   * anything is sent to it. Empty means "the default". The plugin option's own base is the operator's config and
   * is trusted.
   */
  assertBaseUrl(kind: BaseKind, url: string | null | undefined): void {
    if (!url) return;
    const trusted = kind === "api" ? this.#options.apiBaseUrl : this.#options.checkoutBaseUrl;
    if (trusted && sameBase(url, trusted)) return;
    const problem = apiBaseProblem(url, { allowHosts: this.#options.allowApiHosts, kind });
    if (problem) throw MixpayFieldError.of(kind === "api" ? "api_base_url" : "checkout_base_url", problem);
  }

  /**
   * An API base an admin route names (`?api_base_url=`, the settings form's): checked like a saved one, except the
   * base in force, which was accepted when it was saved (so a payment's own asset lookups are never refused here).
   */
  async checkGivenApiBase(given: string | null | undefined): Promise<void> {
    if (!given) return;
    try {
      this.assertBaseUrl("api", given);
    } catch (error) {
      const inForce = this.apiBaseFor(await this.#currentSettings());
      if (inForce && sameBase(given, inForce)) return;
      throw error;
    }
  }

  /**
   * What the admin is told about a failed call to MixPay: our own short sentence (lib/gateway-error.ts), never
   * MixPay's or a stranger's text, which goes to the server log only. `what` names the call for the log.
   */
  gatewayErrorSummary(error: unknown, what: string): string {
    this.#logger?.warn(`MixPay: ${what} failed: ${gatewayErrorDetail(error)}`);
    return summariseGatewayError(error);
  }

  /** One client per API base per process, all sharing the rate budget. */
  client(apiBase?: string | null): MixPayClient {
    const key = apiBase || this.#options.apiBaseUrl || "";
    let client = this.#clients.get(key);
    if (!client) {
      client = new MixPayClient({
        ...(key ? { baseUrl: key } : {}),
        timeoutMs: this.#options.requestTimeoutMs,
        rateLimiter: this.#rateLimiter ?? false,
        userAgent: "mixpay-pos-medusa-plugin",
      });
      this.#clients.set(key, client);
    }
    return client;
  }

  /**
   * MixPay's settlement and quote asset lists, cached for 10 minutes per API base. A given `apiBase` other than the
   * one in force must be MixPay's or listed (MixpayFieldError "api_base_url" otherwise, nothing sent).
   */
  async listAssets(opts: { apiBase?: string | null; force?: boolean } = {}): Promise<AssetLists> {
    await this.checkGivenApiBase(opts.apiBase);
    const apiBase = opts.apiBase === undefined ? this.apiBaseFor(await this.#currentSettings()) : opts.apiBase;
    const key = apiBase || this.#options.apiBaseUrl || "";
    const cached = this.#assets.get(key);
    if (!opts.force && cached && Date.now() - cached.at < ASSET_CACHE_MS) return cached.lists;
    const client = this.client(apiBase);
    // Someone is waiting (a checkout on a cold cache, the admin): checkout priority, and "busy" rather than a long wait.
    const call = {
      signal: AbortSignal.timeout(this.#options.interactiveTimeoutMs),
      priority: "interactive" as const,
      maxQueueMs: this.#options.checkoutQueueMs,
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
   * MixpayFieldError ("api_base_url") for a given base that is not MixPay's or listed, before anything is sent.
   */
  async lookupPayee(ref: string, apiBase?: string | null): Promise<ResolvedPayee> {
    await this.checkGivenApiBase(apiBase);
    const base = apiBase || this.apiBaseFor(await this.#currentSettings()) || null;
    return resolvePayee(this.client(base), ref, { signal: AbortSignal.timeout(this.#options.interactiveTimeoutMs) });
  }

  /** Refuses a payee MixPay does not know, or a settlement or quote asset it does not list (a 400 with the field). */
  async assertPayeeAndAssets(input: SettingsInput, apiBase: string | null): Promise<void> {
    // The payee first: MixPay must know it, and what it settles in is listed per payee (fiat once approved).
    let payee: ResolvedPayee;
    try {
      payee = await resolvePayee(this.client(apiBase), input.payee_id, {
        signal: AbortSignal.timeout(this.#options.interactiveTimeoutMs),
      });
    } catch (error) {
      if (error instanceof PayeeNotFoundError) throw MixpayFieldError.of("payee_id", error.message);
      throw error;
    }
    const lists = await this.listAssets({ apiBase, force: true });
    const settlement = input.settlement_asset_id.toLowerCase();
    if (!payee.settlementAssets.some((a) => a.assetId.toLowerCase() === settlement)) {
      throw MixpayFieldError.of(
        "settlement_asset_id",
        `MixPay does not settle in ${input.settlement_asset_id} (see GET /admin/mixpay/assets)`,
      );
    }
    const quote = input.quote_asset_id?.toLowerCase();
    if (quote && !lists.quote.some((a) => a.assetId.toLowerCase() === quote)) {
      throw MixpayFieldError.of(
        "quote_asset_id",
        `MixPay does not quote in ${input.quote_asset_id} (see GET /admin/mixpay/assets)`,
      );
    }
  }

  /** "Test connection" from the settings page (./connection-test.ts). */
  async testConnection(input: ConnectionTestInput): Promise<ConnectionReport> {
    await this.checkGivenApiBase(input.api_base_url);
    const apiBase = input.api_base_url || this.apiBaseFor(await this.#currentSettings()) || null;
    return runConnectionTest(this.client(apiBase), apiBase, input, {
      timeoutMs: this.#options.interactiveTimeoutMs,
      summarise: (error, what) => this.gatewayErrorSummary(error, what),
    });
  }

  /** Creates a one-time payment: a customer is waiting, so checkout priority and a quick "busy" (MixPayBusyError). */
  createPayment(
    apiBase: string | undefined,
    request: OneTimePaymentRequestInput,
  ): Promise<{ code: string; traceId: string; deadlineMs?: number }> {
    return this.client(apiBase).payments.create(request, {
      signal: AbortSignal.timeout(this.#options.interactiveTimeoutMs),
      // A customer is waiting: the slots kept for checkouts, and a quick "busy, try again" rather than a long wait.
      priority: "interactive",
      maxQueueMs: this.#options.checkoutQueueMs,
    });
  }

  /**
   * Asks MixPay for a payment's result: a background check, ranked by `news` (lib/check-rule.ts). Throws
   * MixPayBusyError, nothing sent, when the budget its rank may use stays used up longer than backgroundQueueMs.
   */
  retrievePayment(apiBase: string | undefined, traceId: string, rank: { news: boolean }): Promise<PaymentResult> {
    const { rateLimit } = this.#options;
    const { reservedForCheckout, reservedForCallbacks } =
      rateLimit === false ? { reservedForCheckout: 0, reservedForCallbacks: 0 } : rateLimit;
    return this.client(apiBase).payments.retrieve(
      { traceId, with: "payment" },
      {
        signal: AbortSignal.timeout(this.#options.backgroundTimeoutMs),
        // Checks never take the slots kept for checkouts; routine ones leave those kept for news free too.
        priority: "background",
        reserved: rank.news ? reservedForCheckout : reservedForCheckout + reservedForCallbacks,
        maxQueueMs: this.#options.backgroundQueueMs,
      },
    );
  }

  /** The checkout link of a payment's code: the settings' checkout base, else the plugin option's, else MixPay's. */
  payUrlFor(code: string, settings: Pick<MixpaySettingDTO, "checkout_base_url">): string {
    return buildCodeLink(code, {
      checkoutBaseUrl: settings.checkout_base_url || this.#options.checkoutBaseUrl || MIXPAY_CHECKOUT_BASE,
    });
  }
}
