import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import { completePaidSale, syncPayment } from "./complete-sale";
import { errorMessage } from "./errors";

export interface ReconcileReport {
  checked: number;
  completed: number;
  flagged: number;
  errors: { trace_id: string; message: string }[];
}

export interface ReconcileOptions {
  /** Open payments checked per run (each costs one MixPay request out of 60 a minute). Default 20. */
  batchSize?: number;
}

/** The pass under way in this process, if any. */
let running: Promise<ReconcileReport> | null = null;

/**
 * One reconciliation pass:
 * 1. paid payments whose sale never reached Medusa (a lost callback, a crash) are completed — no MixPay call;
 * 2. up to `batchSize` open payments that are due (`next_check_at`: `reconcileRecheckMs` after the last check,
 *    doubling while a payment does not change, never much past its deadline; lib/check-rule.ts) are re-checked
 *    with MixPay through the shared rate budget; paid ones complete the sale, late and underpaid ones are flagged
 *    for the merchant (`attention`).
 * Safe to run on several servers at once: completion is idempotent and the budget is shared. Within one process a
 * pass never overlaps the previous one.
 */
export async function reconcileMixpayPayments(
  container: MedusaContainer,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  // One pass at a time per process: a pass waiting on MixPay's budget must not be joined by the next scheduled one.
  if (running) return running;
  running = reconcileOnce(container, options).finally(() => {
    running = null;
  });
  return running;
}

async function reconcileOnce(container: MedusaContainer, options: ReconcileOptions): Promise<ReconcileReport> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const report: ReconcileReport = { checked: 0, completed: 0, flagged: 0, errors: [] };
  const fail = (traceId: string, error: unknown) => {
    const message = errorMessage(error);
    report.errors.push({ trace_id: traceId, message });
    logger.warn(`MixPay reconciliation of ${traceId}: ${message}`);
  };

  for (const payment of await mixpay.listPaidNotCompleted(100)) {
    try {
      const result = await completePaidSale(container, payment);
      if (result.outcome === "completed") report.completed += 1;
      if (result.outcome === "orphaned") report.flagged += 1;
    } catch (error) {
      fail(payment.trace_id, error);
    }
  }

  for (const payment of await mixpay.listOpenPayments(options.batchSize ?? 20)) {
    try {
      const synced = await syncPayment(container, payment.trace_id, "job");
      if (synced?.asked) report.checked += 1;
      if (synced?.error) fail(payment.trace_id, synced.error);
      if (synced?.completion?.outcome === "completed") report.completed += 1;
      if (synced?.payment.attention && synced.payment.attention !== payment.attention) report.flagged += 1;
    } catch (error) {
      fail(payment.trace_id, error);
    }
  }
  return report;
}
