import type { SalePhase } from "./sale-phase";

/**
 * Whether the cashier may close a sale's screen (Esc, or the screen's own close button) in this phase: not while
 * the paid sale's order is being created; in every other phase the screen's close button says what closing does
 * (cancel the open sale, or start a new one). Both tills ask this; neither decides it itself.
 */
export function canCloseSaleScreen(phase: SalePhase): boolean {
  return phase !== "completing";
}
