import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * MixPay's 2026-08-13 lifecycle: what a payment cost in crypto, its confirmations, MixPay's failure code, whether
 * money that arrived is owed back, and the merchant's next step. Only adds columns, with defaults that describe
 * every payment recorded before: nothing is owed back until a check says so.
 */
export class Migration20261130090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "payable_amount" text null;`);
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "confirmations" integer null;`);
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "failure_code" text null;`);
    this.addSql(
      `alter table if exists "mixpay_payment" add column if not exists "refund_due" boolean not null default false;`,
    );
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "next_step" text null;`);
  }

  override async down(): Promise<void> {
    for (const column of ["payable_amount", "confirmations", "failure_code", "refund_due", "next_step"]) {
      this.addSql(`alter table if exists "mixpay_payment" drop column if exists "${column}";`);
    }
  }
}
