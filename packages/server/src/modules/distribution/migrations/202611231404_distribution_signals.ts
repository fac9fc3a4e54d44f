import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
-- Where each order was placed from, for the fraud rules on commissions (written in the order's transaction).
create table order_signals (
  tenant_id uuid not null references tenants(id),
  order_id uuid not null references orders(id),
  shopper_id uuid not null references shoppers(id),
  ip text,
  -- IPv4 /24 or IPv6 /64, for "many new accounts from one range".
  ip_range text,
  device_key text,
  user_agent text,
  placed_at timestamptz not null,
  primary key (tenant_id, order_id)
);
create index order_signals_shopper on order_signals (tenant_id, shopper_id);
`,
  )
}
