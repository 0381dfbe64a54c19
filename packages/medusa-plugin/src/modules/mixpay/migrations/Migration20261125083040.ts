import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125083040 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mixpay_payment" drop constraint if exists "mixpay_payment_trace_id_unique";`);
    this.addSql(
      `create table if not exists "mixpay_payment" ("id" text not null, "trace_id" text not null, "mixpay_order_id" text not null, "payment_session_id" text not null, "order_id" text null, "payee_id" text not null, "quote_asset_id" text not null, "quote_amount" text not null, "settlement_asset_id" text not null, "currency_code" text not null, "amount" text not null, "code" text not null, "pay_url" text not null, "expires_at" timestamptz null, "status" text not null default 'unpaid', "reported_status" text null, "final" boolean not null default false, "reason" text null, "paid_amount" text null, "paid_asset_id" text null, "paid_symbol" text null, "settle_amount" text null, "settle_symbol" text null, "surplus_amount" text null, "shortfall_amount" text null, "shortfall_symbol" text null, "txid" text null, "attention" text null, "status_history" jsonb null, "manual_refunds" jsonb null, "last_checked_at" timestamptz null, "check_claimed_at" timestamptz null, "abandoned_at" timestamptz null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mixpay_payment_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mixpay_payment_trace_id_unique" ON "mixpay_payment" ("trace_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mixpay_payment_payment_session_id" ON "mixpay_payment" ("payment_session_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mixpay_payment_deleted_at" ON "mixpay_payment" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mixpay_payment_status" ON "mixpay_payment" ("status") WHERE deleted_at IS NULL;`,
    );

    this.addSql(
      `create table if not exists "mixpay_rate_budget" ("id" text not null, "state" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mixpay_rate_budget_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mixpay_rate_budget_deleted_at" ON "mixpay_rate_budget" ("deleted_at") WHERE deleted_at IS NULL;`,
    );

    this.addSql(
      `create table if not exists "mixpay_setting" ("id" text not null, "enabled" boolean not null default true, "payee_id" text not null, "settlement_asset_id" text not null, "quote_asset_id" text null, "expiry_minutes" integer not null default 15, "strict_mode" boolean not null default false, "public_base_url" text null, "api_base_url" text null, "checkout_base_url" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mixpay_setting_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mixpay_setting_deleted_at" ON "mixpay_setting" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mixpay_payment" cascade;`);

    this.addSql(`drop table if exists "mixpay_rate_budget" cascade;`);

    this.addSql(`drop table if exists "mixpay_setting" cascade;`);
  }
}
