import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { reconcileMixpayPayments } from "../lib/reconcile";

/**
 * Every minute: re-checks open MixPay payments within MixPay's shared budget and completes the ones whose
 * callback never came (see lib/reconcile.ts).
 */
export default async function mixpayReconcileJob(container: MedusaContainer) {
  if (reconcileDisabled()) return;
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const report = await reconcileMixpayPayments(container);
  if (report.checked > 0 || report.errors.length > 0) {
    logger.info(
      `MixPay reconciliation: ${report.checked} checked, ${report.completed} completed, ${report.flagged} flagged, ${report.errors.length} errors`,
    );
  }
}

/** MIXPAY_RECONCILE_SCHEDULE=off: the job does nothing (e.g. tests that run reconciliation themselves). */
function reconcileDisabled(): boolean {
  return process.env.MIXPAY_RECONCILE_SCHEDULE === "off";
}

export const config = {
  name: "mixpay-reconcile",
  // Every minute; MIXPAY_RECONCILE_SCHEDULE (a cron expression, seconds allowed) overrides it.
  schedule: reconcileDisabled() ? "* * * * *" : process.env.MIXPAY_RECONCILE_SCHEDULE || "* * * * *",
};
