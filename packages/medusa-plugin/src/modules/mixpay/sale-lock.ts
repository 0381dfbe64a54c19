import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import { Semaphore } from "../../lib/semaphore";

/**
 * One sale completed at a time across every server process that shares the database: a PostgreSQL advisory lock
 * per payment session, and at most two holders per process.
 */
export class SaleLock {
  readonly #knex: Knex | undefined;
  // A holder keeps one pool connection while its work needs others: at most two holders per process, so
  // completions can never take the whole pool (ten at once did, in the stack benchmark).
  readonly #slots = new Semaphore(2);

  constructor(knex: Knex | undefined) {
    this.#knex = knex;
  }

  /**
   * Runs `work` while holding this sale's lock: `pg_try_advisory_xact_lock` in a short-lived transaction. Waiters
   * poll instead of blocking, so they hold no pool connection while they wait; the holder keeps one until `work`
   * ends. Without a database (no `__pg_connection__`), `work` simply runs.
   */
  async run<T>(sessionId: string, work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    const knex = this.#knex;
    if (!knex) return work();
    await this.#slots.acquire();
    try {
      return await withAdvisoryLock(knex, sessionId, work, timeoutMs);
    } finally {
      this.#slots.release();
    }
  }
}

async function withAdvisoryLock<T>(
  knex: Knex,
  sessionId: string,
  work: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const key = `mixpay-sale:${sessionId}`;
  const until = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    const outcome = await knex.transaction(async (trx) => {
      const got = await trx.raw("select pg_try_advisory_xact_lock(hashtext(?)) as locked", [key]);
      if (!got.rows?.[0]?.locked) return { locked: false as const };
      return { locked: true as const, value: await work() };
    });
    if (outcome.locked) return outcome.value;
    if (Date.now() > until) throw new Error(`MixPay: sale ${sessionId} is being completed elsewhere; gave up waiting`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}
