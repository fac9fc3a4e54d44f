import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
create table payment_history (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  payment_id uuid references payments(id),
  refund_id uuid references refunds(id),
  from_status text,
  to_status text not null,
  event text not null,
  detail text,
  at timestamptz not null,
  check ((payment_id is null) <> (refund_id is null))
);
create index payment_history_payment on payment_history (payment_id, id);
create index payment_history_refund on payment_history (refund_id, id);
insert into payment_history (tenant_id, payment_id, from_status, to_status, event, at)
  select tenant_id, id, null, 'pending', 'create', created_at from payments;
insert into payment_history (tenant_id, payment_id, from_status, to_status, event, at)
  select tenant_id, id, 'pending', status, case status when 'succeeded' then 'succeed' when 'closed' then 'close' else 'fail' end, updated_at
  from payments where status <> 'pending';
insert into payment_history (tenant_id, refund_id, from_status, to_status, event, at)
  select tenant_id, id, null, 'pending', 'create', created_at from refunds;
insert into payment_history (tenant_id, refund_id, from_status, to_status, event, at)
  select tenant_id, id, 'pending', status, case status when 'succeeded' then 'succeed' else 'fail' end, updated_at
  from refunds where status <> 'pending';
`,
  )
}

export async function down(db: Kysely<any>) {
  await runSql(db, 'drop table payment_history;')
}
