import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import {
  blockWindow,
  type RateLimitStore,
  type RateLimitTake,
  type RateWindow,
  takeFromWindow,
} from "@mixpay-pos/core";

/**
 * MixPay's 60-requests-a-minute budget in PostgreSQL, so every Medusa server process that shares the
 * database (and so the same MixPay IP budget) shares it too — with or without Redis. Each take locks the
 * budget's row (`SELECT … FOR UPDATE`) for one read-decide-write, applying core's `takeFromWindow` rule.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  readonly #knex: Knex;
  readonly #table: string;

  constructor(knex: Knex, table = "mixpay_rate_budget") {
    this.#knex = knex;
    this.#table = table;
  }

  async take(key: string, limit: number, windowMs: number, nowMs: number, reserved = 0): Promise<RateLimitTake> {
    return this.#update(key, (window) => {
      // The row lock may have taken a while under load: decide and record with the time it was got, never
      // earlier, or the request would leave the window before MixPay stops counting it. `reserved`: slots a
      // background request leaves free for checkouts (core's rule).
      const { take, window: next } = takeFromWindow(window, limit, windowMs, Math.max(nowMs, Date.now()), reserved);
      return { result: take, next };
    });
  }

  async blockUntil(key: string, untilMs: number): Promise<void> {
    await this.#update(key, (window) => ({ result: undefined, next: blockWindow(window, untilMs) }));
  }

  async #update<T>(key: string, decide: (window: RateWindow) => { result: T; next: RateWindow }): Promise<T> {
    return this.#knex.transaction(async (trx) => {
      await trx.raw(`insert into "${this.#table}" (id, state) values (?, ?::jsonb) on conflict (id) do nothing`, [
        key,
        JSON.stringify({ log: [], blockedUntil: 0 }),
      ]);
      const locked = await trx.raw(`select state from "${this.#table}" where id = ? for update`, [key]);
      const { result, next } = decide(readWindow(locked.rows?.[0]?.state));
      await trx.raw(`update "${this.#table}" set state = ?::jsonb, updated_at = now() where id = ?`, [
        JSON.stringify(next),
        key,
      ]);
      return result;
    });
  }
}

/** A stored window, or an empty one when the row holds something unreadable (it is only a budget). */
function readWindow(state: unknown): RateWindow {
  const value = typeof state === "string" ? safeJson(state) : state;
  if (!value || typeof value !== "object") return { log: [], blockedUntil: 0 };
  const { log, blockedUntil } = value as { log?: unknown; blockedUntil?: unknown };
  return {
    log: Array.isArray(log) ? log.filter((t): t is number => typeof t === "number" && Number.isFinite(t)) : [],
    blockedUntil: typeof blockedUntil === "number" && Number.isFinite(blockedUntil) ? blockedUntil : 0,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
