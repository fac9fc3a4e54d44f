import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

/**
 * Orders placed through a deal: `kind` names the module that owns the order's extra rules (a group
 * seat, a flash purchase, a bargain), `kind_ref` its row there. Group orders wait in
 * `awaiting_group` until the group succeeds. Cross-border orders carry import tax.
 */
export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check check (status in ('pending_payment', 'awaiting_group', 'paid', 'shipped', 'ready_for_pickup', 'completed', 'cancelled', 'refunded'));
alter table orders add column kind text not null default 'standard';
alter table orders add column kind_ref text;
alter table orders add column tax_fen bigint not null default 0 check (tax_fen >= 0);
create index orders_kind_ref on orders (tenant_id, kind, kind_ref) where kind_ref is not null;
`,
  )
}
