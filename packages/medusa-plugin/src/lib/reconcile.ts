import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { MIXPAY_MODULE } from "../modules/mixpay";
import type MixpayModuleService from "../modules/mixpay/service";
import { completePaidSale, syncPayment } from "./complete-sale";

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

/**
 * One reconciliation pass:
 * 1. paid payments whose sale never reached Medusa (a lost callback, a crash) are completed — no MixPay call;
 * 2. up to `batchSize` open payments (unpaid, processing, underpaid, review), least recently checked first, are
 *    re-checked with MixPay through the shared rate budget; paid ones complete the sale, late and underpaid
 *    ones are flagged for the merchant (`attention`).
 * Safe to run on several servers at once: completion is idempotent and the budget is shared.
 */
export async function reconcileMixpayPayments(
  container: MedusaContainer,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const mixpay = container.resolve<MixpayModuleService>(MIXPAY_MODULE);
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const report: ReconcileReport = { checked: 0, completed: 0, flagged: 0, errors: [] };
  const fail = (traceId: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
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
      const synced = await syncPayment(container, payment.trace_id);
      report.checked += 1;
      if (synced?.error) fail(payment.trace_id, synced.error);
      if (synced?.completion?.outcome === "completed") report.completed += 1;
      if (synced?.payment.attention && synced.payment.attention !== payment.attention) report.flagged += 1;
    } catch (error) {
      fail(payment.trace_id, error);
    }
  }
  return report;
}
