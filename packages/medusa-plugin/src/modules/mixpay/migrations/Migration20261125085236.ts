import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125085236 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" add column if not exists "cart_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" drop column if exists "cart_id";`);
  }
}
