import type { Kysely } from 'kysely'
import { runSql } from '../../../platform/sql.js'

export async function up(db: Kysely<any>) {
  await runSql(
    db,
    `
-- Who paid, as the provider names the payer (WeChat openid, Alipay buyer id, the sandbox's payer):
-- commission fraud rules compare it with the promoter's own payments.
alter table payments add column payer_account text;
create index payments_payer on payments (tenant_id, payer_account) where payer_account is not null;
alter table sandbox_payments add column payer text;
`,
  )
}
