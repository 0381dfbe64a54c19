import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The rule for when MixPay is asked (lib/check-rule.ts): when a callback last claimed a check, when the status last
 * changed, how many checks in a row found nothing new, and when the job looks next. Only adds columns; a payment
 * recorded before has no `next_check_at` and is due for the job `reconcileRecheckMs` after it was created.
 */
export class Migration20261130140000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "mixpay_payment" add column if not exists "callback_asked_at" timestamptz null;`,
    );
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "changed_at" timestamptz null;`);
    this.addSql(
      `alter table if exists "mixpay_payment" add column if not exists "unchanged_checks" integer not null default 0;`,
    );
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "next_check_at" timestamptz null;`);
    this.addSql(
      `create index if not exists "IDX_mixpay_payment_next_check_at" on "mixpay_payment" ("next_check_at") where final = false and deleted_at is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_mixpay_payment_next_check_at";`);
    for (const column of ["callback_asked_at", "changed_at", "unchanged_checks", "next_check_at"]) {
      this.addSql(`alter table if exists "mixpay_payment" drop column if exists "${column}";`);
    }
  }
}
