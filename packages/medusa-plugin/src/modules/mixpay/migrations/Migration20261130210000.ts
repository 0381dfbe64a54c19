import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Draft-order sales: the draft order a terminal sale charges (the order it becomes keeps the same id). Only adds a
 * column; a payment recorded before has none.
 */
export class Migration20261130210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "draft_order_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" drop column if exists "draft_order_id";`);
  }
}
