import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/** The price of an order placed with coupons, as the shopper saw it: lines, coupons, breakdown. */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table order_prices (
  order_id uuid primary key references orders(id),
  tenant_id uuid not null references tenants(id),
  coupon_ids jsonb not null,
  items_fen bigint not null check (items_fen >= 0),
  discount_fen bigint not null check (discount_fen >= 0),
  shipping_fen bigint not null check (shipping_fen >= 0),
  total_fen bigint not null check (total_fen >= 0 and total_fen = items_fen - discount_fen + shipping_fen),
  price jsonb not null,
  created_at timestamptz not null
);
`,
  )
}
