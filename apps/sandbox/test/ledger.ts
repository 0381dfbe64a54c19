import type { SimulatorServer } from "@mixpay-pos/simulator";
import type { HostileFigures } from "./hostile.mjs";
import type { PaymentRecord, Sale } from "./till";

/**
 * The fault suites' ledger (test/faults.e2e.test.ts on one Medusa, test/faults-production.e2e.test.ts on Medusa's
 * production topology): every sale a scenario made, checked at the end against MixPay's side (the simulator) and
 * what Medusa recorded. Paid at MixPay and no order: lost. More than one order or capture: double-completed. An
 * order without MixPay's success, or for a sale that should have none: wrongly paid.
 */

export interface LedgerRow {
  scenario: string;
  payments: number;
  completed: number;
  lost: number;
  double: number;
  wrong: number;
  refundDue: number;
}

export interface LedgerDeps {
  ordersOf: (sale: Sale) => Promise<number>;
  capturesOf: (sale: Sale) => Promise<number>;
  recordOf: (sale: Sale) => Promise<PaymentRecord | undefined>;
  simulator: SimulatorServer;
}

/** One row per scenario, in the order the scenarios ran. */
export async function ledgerRows(sales: readonly Sale[], deps: LedgerDeps): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = [];
  for (const sale of sales) {
    const orders = await deps.ordersOf(sale);
    const captures = await deps.capturesOf(sale);
    const atMixPay = deps.simulator.simulator.payment(sale.traceId)?.status;
    let row = rows.find((r) => r.scenario === sale.scenario);
    if (!row) {
      row = { scenario: sale.scenario, payments: 0, completed: 0, lost: 0, double: 0, wrong: 0, refundDue: 0 };
      rows.push(row);
    }
    row.payments += 1;
    row.completed += orders > 0 ? 1 : 0;
    row.refundDue += (await deps.recordOf(sale))?.refund_due ? 1 : 0;
    if (atMixPay === "success" && orders === 0) row.lost += 1;
    if (orders > 1 || captures > 1) row.double += 1;
    if (orders > 0 && atMixPay !== "success") row.wrong += 1;
    if (sale.expectOrder !== orders > 0) row.wrong += sale.expectOrder ? 0 : 1;
  }
  return rows;
}

/** The ledger as a Markdown table. */
export function ledgerTable(rows: readonly LedgerRow[]): string {
  const header =
    "| scenario | payments | orders completed | refund due | lost | double-completed | wrongly paid |\n|---|---:|---:|---:|---:|---:|---:|";
  return [
    header,
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.payments} | ${r.completed} | ${r.refundDue} | ${r.lost} | ${r.double} | ${r.wrong} |`,
    ),
  ].join("\n");
}

/** Lost + double-completed + wrongly paid, over every row: must be 0. */
export const ledgerFaults = (rows: readonly LedgerRow[]) => rows.reduce((n, r) => n + r.lost + r.double + r.wrong, 0);

/** The hostile run's sales join the ledger: the genuine ones must become orders, the attacker's carts never. */
export function addHostileSales(sales: Sale[], scenario: string, figures: HostileFigures): void {
  const entry = (c: { cartId: string; sessionId: string; traceId: string }, expectOrder: boolean): Sale => ({
    scenario: `${scenario}: ${expectOrder ? "genuine sales" : "attacker's carts"}`,
    cartId: c.cartId,
    sessionId: c.sessionId,
    traceId: c.traceId,
    expectOrder,
  });
  sales.push(...figures.genuine.map((g) => entry(g, true)), ...figures.attackerCarts.map((c) => entry(c, false)));
}
