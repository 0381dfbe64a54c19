import { MedusaError } from "@medusajs/framework/utils";
import { callbackBaseProblem, callbackUrlFor } from "../../lib/callback-url";
import type { CheckPolicy } from "../../lib/check-rule";
import { MixpayFieldError } from "../../lib/errors";
import type { MixpayGateway } from "./gateway";
import type { MixpayModuleOptions } from "./options";
import type { SettingsStore } from "./store";
import type { MixpaySettingDTO, SettingsInput } from "./types";

export interface SettingsDeps {
  store: SettingsStore;
  options: MixpayModuleOptions;
  /** Checks a save against MixPay before it is written. */
  gateway: Pick<MixpayGateway, "assertBaseUrl" | "assertPayeeAndAssets">;
}

/**
 * The merchant's settings (one row, edited in the admin) and what follows from them with the plugin options:
 * where MixPay calls back, who may call back, and the check rule's numbers.
 */
export class MixpaySettings {
  readonly #store: SettingsStore;
  readonly #options: MixpayModuleOptions;
  readonly #gateway: SettingsDeps["gateway"];

  constructor(deps: SettingsDeps) {
    this.#store = deps.store;
    this.#options = deps.options;
    this.#gateway = deps.gateway;
  }

  /** The merchant's settings (the newest row), or null before anything was saved. */
  async getSettings(): Promise<MixpaySettingDTO | null> {
    const [settings] = await this.#store.listMixpaySettings({}, { take: 1, order: { created_at: "DESC" } });
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
    this.#gateway.assertBaseUrl("api", input.api_base_url);
    this.#gateway.assertBaseUrl("checkout", input.checkout_base_url);
    const callbackProblem = input.public_base_url
      ? callbackBaseProblem(input.public_base_url, this.#options.allowHttpCallbackHosts)
      : null;
    if (callbackProblem) throw MixpayFieldError.of("public_base_url", callbackProblem);
    await this.#gateway.assertPayeeAndAssets(input, apiBase ?? null);
    if (current) {
      return this.#store.updateMixpaySettings({ id: current.id, ...input });
    }
    return this.#store.createMixpaySettings(input);
  }

  /**
   * Where MixPay will send callbacks for these settings, or null when no public base URL is set or MixPay would
   * refuse it (an http URL saved before MixPay required https: its payments are then followed by polling).
   */
  callbackUrlFor(settings: Pick<MixpaySettingDTO, "public_base_url"> | null): string | null {
    return callbackUrlFor(settings?.public_base_url, this.#options.allowHttpCallbackHosts);
  }

  /** Who may send callbacks (the `callbackSourceIps` option; empty: anyone) and how to find the caller's address. */
  get callbackSource(): { allowlist: readonly string[]; trustedProxyHops: number } {
    return { allowlist: this.#options.callbackSourceIps, trustedProxyHops: this.#options.trustedProxyHops };
  }

  /** How long the callback route may work before it acknowledges MixPay's callback (MixPay waits 20 s). */
  get callbackReplyMs(): number {
    return this.#options.callbackReplyMs;
  }

  /**
   * The check rule's numbers for these settings (lib/check-rule.ts): while MixPay calls back, one trace is asked
   * about at most once per `callbackGraceMs` (growing to four times that while nothing changes), since the callback
   * brings the news; without callbacks, screens are the news and the window is `statusMaxAgeMs`, growing to twice
   * that. Callers pass the settings they have already read.
   */
  policyFor(settings: Pick<MixpaySettingDTO, "public_base_url"> | null): CheckPolicy {
    const callbacks = Boolean(this.callbackUrlFor(settings));
    const windowMs = callbacks ? this.#options.callbackGraceMs : this.#options.statusMaxAgeMs;
    return {
      windowMs,
      maxWindowMs: windowMs * (callbacks ? 4 : 2),
      minGapMs: Math.min(1_000, windowMs),
      jobIntervalMs: this.#options.reconcileRecheckMs,
      jobMaxIntervalMs: this.#options.reconcileMaxIntervalMs,
      afterDeadlineMs: 5_000,
    };
  }
}
