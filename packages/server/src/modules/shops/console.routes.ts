import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import { requireStaff } from '../../platform/http/context.js'
import { DateTime } from '../../platform/http/schemas.js'
import { scoped } from '../../platform/tenancy.js'

/** The console's front page and the audit trail: reads across modules, joined in SQL. */
export const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/console/dashboard',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        tags: ['console'],
        summary: 'Today at a glance (shop time = UTC+8)',
        response: {
          200: Type.Object({
            todayGmvFen: Type.Integer(),
            todayOrders: Type.Integer(),
            todayPaidOrders: Type.Integer(),
            toShip: Type.Integer(),
            toPickUp: Type.Integer(),
            openAfterSales: Type.Integer(),
            lowStockSkus: Type.Integer(),
            last7Days: Type.Array(
              Type.Object({ day: Type.String(), gmvFen: Type.Integer(), orders: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const ctx = req.ctx()
      const now = app.core.clock.now()
      // Days start at midnight in China.
      const startOf = (d: Date) =>
        new Date(Math.floor((d.getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000)
      const today = startOf(now)
      const weekAgo = new Date(today.getTime() - 6 * 86_400_000)
      const t = ctx.tenantId
      const [counts, days, stock] = await Promise.all([
        sql<any>`select
            count(*) filter (where created_at >= ${today})::int as today_orders,
            count(*) filter (where paid_at >= ${today})::int as today_paid,
            coalesce(sum(paid_fen - refunded_fen) filter (where paid_at >= ${today}), 0)::bigint as today_gmv,
            count(*) filter (where status = 'paid' and fulfillment = 'delivery')::int as to_ship,
            count(*) filter (where status in ('paid', 'ready_for_pickup') and fulfillment = 'pickup')::int as to_pick_up,
            (select count(*) from after_sales a where a.tenant_id = ${t} and a.status = 'requested')::int as open_after_sales
          from orders where tenant_id = ${t}`.execute(ctx.db),
        sql<any>`select to_char(paid_at + interval '8 hours', 'YYYY-MM-DD') as day, coalesce(sum(paid_fen - refunded_fen), 0)::bigint as gmv, count(*)::int as n
          from orders where tenant_id = ${t} and paid_at >= ${weekAgo} group by 1 order by 1`.execute(ctx.db),
        sql<any>`select count(*)::int as n from stock where tenant_id = ${t} and on_hand - reserved < 10`.execute(
          ctx.db,
        ),
      ])
      const c = counts.rows[0]
      const byDay = new Map(days.rows.map((r: any) => [r.day, r]))
      const last7Days = Array.from({ length: 7 }, (_, i) => {
        const day = new Date(weekAgo.getTime() + i * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10)
        const r: any = byDay.get(day)
        return { day, gmvFen: Number(r?.gmv ?? 0), orders: Number(r?.n ?? 0) }
      })
      return {
        todayGmvFen: Number(c.today_gmv),
        todayOrders: c.today_orders,
        todayPaidOrders: c.today_paid,
        toShip: c.to_ship,
        toPickUp: c.to_pick_up,
        openAfterSales: c.open_after_sales,
        lowStockSkus: stock.rows[0].n,
        last7Days,
      }
    },
  )

  app.get(
    '/console/audit',
    {
      onRequest: requireStaff('owner', 'operator'),
      schema: {
        tags: ['console'],
        summary: 'Operator actions, newest first',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              actorKind: Type.String(),
              actorId: Type.Union([Type.String(), Type.Null()]),
              actorName: Type.Union([Type.String(), Type.Null()]),
              action: Type.String(),
              entity: Type.String(),
              entityId: Type.Union([Type.String(), Type.Null()]),
              data: Type.Any(),
              at: DateTime,
            }),
          ),
        },
      },
    },
    async (req) => {
      let q = scoped(req.ctx())
        .selectFrom('audit_log')
        .leftJoin('staff', 'staff.id', 'audit_log.actor_id')
        .select([
          'audit_log.id',
          'audit_log.actor_kind',
          'audit_log.actor_id',
          'staff.name',
          'audit_log.action',
          'audit_log.entity',
          'audit_log.entity_id',
          'audit_log.data',
          'audit_log.at',
        ])
        .orderBy('audit_log.id', 'desc')
        .limit(req.query.limit)
      if (req.query.before) q = q.where('audit_log.id', '<', req.query.before)
      const rows = await q.execute()
      return rows.map((r) => ({
        id: r.id,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        actorName: r.name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        data: r.data,
        at: r.at,
      }))
    },
  )
}
