import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { MixPayBusyError, type PaymentResult, verifyPaymentResult } from "@mixpay-pos/core";
import {
  type CheckDecision,
  type CheckPolicy,
  type CheckRecordState,
  type CheckTrigger,
  decideCheck,
  nextJobCheckAt,
} from "../../lib/check-rule";
import { applyVerification, isChange } from "./apply-verification";
import type { MixpayGateway } from "./gateway";
import type { PaymentLedger } from "./ledger";
import type { MixpaySettings } from "./settings";
import type { MixpayPaymentDTO, MixpaySettingDTO, RefreshOutcome } from "./types";

export interface RefresherDeps {
  ledger: Pick<PaymentLedger, "retrievePaymentByTrace" | "updatePayment">;
  gateway: Pick<MixpayGateway, "apiBaseFor" | "retrievePayment" | "gatewayErrorSummary">;
  settings: Pick<MixpaySettings, "getSettings" | "policyFor">;
  /** Where checks are claimed across processes; without it every check the rule allows is made. */
  knex?: Knex;
  logger?: Logger;
}

/**
 * The one way any caller learns a payment's outcome: lib/check-rule.ts decides whether MixPay is asked, the check
 * is claimed on the locked record, MixPay's answer is verified (core `verifyPaymentResult`) and written
 * (`applyVerification`).
 */
export class PaymentRefresher {
  readonly #deps: RefresherDeps;
  readonly #inflight = new Map<string, Promise<RefreshOutcome | null>>();

  constructor(deps: RefresherDeps) {
    this.#deps = deps;
  }

  /**
   * The record as it is, or — when the rule lets this `trigger` ask now — a fresh check with MixPay, verified
   * against what this shop asked for (never against a callback body) and recorded. The check is claimed on the
   * record in a locked transaction, so across every server process one caller asks and the others answer from the
   * record; in this process concurrent callers share a check in flight. MixPay being unreachable or its budget
   * being used up is not an error here: the record stays as it was and `error` says why.
   */
  async checkPayment(traceId: string, trigger: CheckTrigger): Promise<RefreshOutcome | null> {
    const { ledger, settings } = this.#deps;
    const inflight = this.#inflight.get(traceId);
    if (inflight) return inflight;
    const payment = await ledger.retrievePaymentByTrace(traceId);
    if (!payment) return null;
    // Read once: the rule's numbers and the API base of the check both come from these settings.
    const current = await settings.getSettings();
    const policy = settings.policyFor(current);
    const decision = decideCheck(checkStateOf(payment), trigger, Date.now(), policy);
    if (!decision.ask)
      return { payment, verification: null, changed: false, asked: false, retryAtMs: decision.retryAtMs };
    if (this.#inflight.get(traceId)) return this.#inflight.get(traceId) ?? null;
    const run = (async (): Promise<RefreshOutcome> => {
      const claim = await this.#claimCheck(payment.id, trigger, policy);
      if (!claim.ask) {
        const current = (await ledger.retrievePaymentByTrace(traceId)) ?? payment;
        return { payment: current, verification: null, changed: false, asked: false, retryAtMs: claim.retryAtMs };
      }
      return this.#refresh((await ledger.retrievePaymentByTrace(traceId)) ?? payment, current, policy, claim);
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
    const knex = this.#deps.knex;
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
    const knex = this.#deps.knex;
    if (!knex || !claim.previous) return;
    await knex.raw(
      "update mixpay_payment set check_claimed_at = ?, callback_asked_at = ? where id = ? and check_claimed_at = ?",
      [claim.previous.check_claimed_at, claim.previous.callback_asked_at, id, claim.at],
    );
  }

  async #refresh(
    payment: MixpayPaymentDTO,
    current: MixpaySettingDTO | null,
    policy: CheckPolicy,
    claim: Claim,
  ): Promise<RefreshOutcome> {
    const { ledger, gateway, logger } = this.#deps;
    let result: PaymentResult;
    try {
      const apiBase = gateway.apiBaseFor(current);
      result = await gateway.retrievePayment(apiBase, payment.trace_id, { news: claim.news });
    } catch (error) {
      // Our own words for whoever shows it; MixPay's or the network's text goes to the log only.
      const message = gateway.gatewayErrorSummary(error, `the check of ${payment.trace_id}`);
      if (error instanceof MixPayBusyError) {
        // Nothing was sent: the window goes back, and whoever asked may try when the budget frees.
        await this.#releaseClaim(payment.id, claim);
        const retryAtMs = Date.now() + error.retryAfterMs;
        await ledger.updatePayment(payment.id, { next_check_at: new Date(retryAtMs) });
        return { payment, verification: null, changed: false, asked: false, retryAtMs, error: message };
      }
      // Nothing was learnt: the job tries again after its first interval, without backing off further.
      const now = Date.now();
      await ledger.updatePayment(payment.id, {
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
    const updated = await ledger.updatePayment(
      payment.id,
      applyVerification(payment, verification, result, new Date(), policy),
    );
    if (changed) {
      logger?.info(`MixPay: ${payment.trace_id} ${payment.status} → ${verification.status} (${verification.reason})`);
    }
    return { payment: updated, verification, changed, asked: true };
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
