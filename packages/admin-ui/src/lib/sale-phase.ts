import { countdown } from "./countdown";
import { isMixpayStatus } from "./status";

/**
 * Where a terminal sale stands, from the server's answer and the clock: what the cashier's screen shows.
 * - waiting: show the QR code and the countdown;
 * - completing: paid and verified, the order is being created (keep polling);
 * - paid: receipt;
 * - attention: underpaid or needs review — the sale is still open, the cashier must act;
 * - ended: failed or expired — nothing was paid, start again;
 * - expiring: the clock says expired but the server has not confirmed it yet (a late payment may still land).
 */
export type SalePhase = "waiting" | "completing" | "paid" | "attention" | "ended" | "expiring";

export interface SaleLike {
  status: string;
  final?: boolean | null;
  completed?: boolean | null;
  expires_at?: string | null;
}

export function salePhase(sale: SaleLike, now: number): SalePhase {
  const status = isMixpayStatus(sale.status) ? sale.status : "unpaid";
  if (status === "paid") return sale.completed ? "paid" : "completing";
  if (status === "failed" || status === "expired") return "ended";
  if (status === "underpaid" || status === "review") return "attention";
  const c = countdown(sale.expires_at, now);
  if (c?.expired) return "expiring";
  return "waiting";
}

/** Whether polling can stop: the outcome can no longer change (paid with its order, failed, expired, final review). */
export function isSaleSettled(sale: SaleLike): boolean {
  if (sale.status === "paid") return Boolean(sale.completed);
  if (sale.status === "failed" || sale.status === "expired") return true;
  return sale.status === "review" && sale.final === true;
}
