import type { Logger, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { syncPayment } from "./complete-sale";
import { errorMessage } from "./errors";

/**
 * A callback the check rule did not let ask MixPay (its trace was checked moments ago, perhaps because a stranger
 * forged callbacks for it) may still be MixPay's real news. Its check is put off, not dropped: one timer per trace in
 * this process fires when the trace's window opens and checks it then, unless another check (any caller, any
 * process) came first — that one started after the callback arrived, so it saw the news. At most one pending
 * timer per trace, so forged callbacks add nothing beyond the one check per window the rule allows anyway.
 */
const pending = new Map<string, ReturnType<typeof setTimeout>>();

export function deferCallbackCheck(container: MedusaContainer, traceId: string, atMs: number): void {
  if (pending.has(traceId)) return;
  const delay = Math.max(0, atMs - Date.now()) + 25;
  const timer = setTimeout(() => {
    pending.delete(traceId);
    syncPayment(container, traceId, "callback").then(
      (synced) => {
        if (synced?.error) logger(container)?.warn(`MixPay: deferred check of ${traceId}: ${synced.error}`);
      },
      (error: unknown) =>
        logger(container)?.warn(`MixPay: deferred check of ${traceId} failed: ${errorMessage(error)}`),
    );
  }, delay);
  timer.unref?.();
  pending.set(traceId, timer);
}

/** Deferred checks waiting in this process (for tests and diagnostics). */
export function pendingCallbackChecks(): number {
  return pending.size;
}

function logger(container: MedusaContainer): Logger | undefined {
  try {
    return container.resolve<Logger>(ContainerRegistrationKeys.LOGGER);
  } catch {
    return undefined;
  }
}
