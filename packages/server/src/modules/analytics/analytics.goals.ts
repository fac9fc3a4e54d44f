import { sql } from 'kysely'
import type { Core } from '../../core.js'
import { audit } from '../../platform/audit.js'
import type { Ctx } from '../../platform/context.js'
import { inTransaction } from '../../platform/db.js'
import { AppError, invalid } from '../../platform/errors.js'
import { newId } from '../../platform/ids.js'
import { scoped } from '../../platform/tenancy.js'
import { DAY_MS } from './domain/events.js'
import { GOAL_METRICS, type GoalMetric, goalProgress, isWhole } from './domain/goals.js'
import { dayStart, shopDay } from './domain/rollup.js'

/** Goals a shop may keep at once: the dashboard shows them all. */
export const MAX_GOALS = 50
const MAX_GOAL_DAYS = 366

export interface GoalInput {
  metric: GoalMetric
  target: number
  deadline: string
  startsOn?: string
  title?: string
}

interface GoalRow {
  id: string
  metric: string
  target: number
  title: string | null
  starts_on: string
  deadline: string
  created_at: Date | string
}

const days = (from: string, to: string) => Math.round((dayStart(to) - dayStart(from)) / DAY_MS)

/** Goals: what operators aim at, how far they are, and where they are heading. */
export function createGoals(
  core: Core,
  kFactor: (ctx: Ctx, r: { from: string; to: string }) => Promise<{ k: number }>,
) {
  const today = () => shopDay(core.clock.now().getTime())

  /** Each goal's value so far: counters summed from the daily rollup, K measured over the span. */
  async function withProgress(ctx: Ctx, rows: GoalRow[]) {
    if (!rows.length) return []
    const now = core.clock.now().getTime()
    const todayDay = today()
    const from = rows.map((r) => r.starts_on).sort()[0]
    const daily = await scoped(ctx)
      .selectFrom('analytics_daily')
      .select([sql<string>`day::text`.as('day'), 'metric', 'value'])
      .where('dim', '=', '')
      .where('metric', 'in', [
        'gmv_fen',
        'refund_fen',
        'orders',
        'new_customers',
        'shares',
        'share_actions',
        'first_opens',
        'views',
      ])
      .where('day', '>=', from)
      .where('day', '<=', todayDay)
      .execute()
    const out = []
    for (const g of rows) {
      const metric = g.metric as GoalMetric
      const upTo = [g.deadline, todayDay].sort()[0]
      let current = 0
      if (upTo >= g.starts_on) {
        if (metric === 'k_factor') current = (await kFactor(ctx, { from: g.starts_on, to: upTo })).k
        else
          for (const d of daily) {
            if (d.day < g.starts_on || d.day > upTo) continue
            const v = Number(d.value)
            if (metric === 'net_gmv_fen')
              current += d.metric === 'gmv_fen' ? v : d.metric === 'refund_fen' ? -v : 0
            else if (d.metric === metric) current += v
          }
      }
      const target = Number(g.target)
      const p = goalProgress({
        metric,
        target,
        current,
        start: dayStart(g.starts_on),
        end: dayStart(g.deadline) + DAY_MS,
        now,
      })
      out.push({
        id: g.id,
        metric,
        title: g.title,
        target,
        startsOn: g.starts_on,
        deadline: g.deadline,
        createdAt: new Date(g.created_at).toISOString(),
        current,
        ...p,
        daysLeft: Math.max(0, days(todayDay, g.deadline) + (g.deadline >= todayDay ? 1 : 0)),
      })
    }
    return out
  }

  const select = (ctx: Ctx) =>
    scoped(ctx)
      .selectFrom('analytics_goals')
      .select([
        'id',
        'metric',
        'target',
        'title',
        sql<string>`starts_on::text`.as('starts_on'),
        sql<string>`deadline::text`.as('deadline'),
        'created_at',
      ])

  return {
    /** The shop's goals, the nearest deadline first, each with its value so far and projection. */
    async list(ctx: Ctx) {
      const rows = await select(ctx).orderBy('deadline').orderBy('created_at').orderBy('id').execute()
      return { items: await withProgress(ctx, rows) }
    },

    /** Sets a goal: a metric, a target and a deadline from today (or a start within the last year). */
    async create(ctx: Ctx, input: GoalInput) {
      const t = today()
      const startsOn = input.startsOn ?? t
      if (!(input.metric in GOAL_METRICS)) throw invalid('metric', 'unknown metric', '不支持的指标')
      if (!(input.target > 0)) throw invalid('target', 'the target must be above 0', '目标值必须大于0')
      if (isWhole(input.metric) && !Number.isInteger(input.target))
        throw invalid('target', 'the target of this metric is a whole number', '该指标的目标值须为整数')
      if (input.metric === 'k_factor' && input.target > 100)
        throw invalid('target', 'a K-factor target is at most 100', 'K 因子目标不能超过100')
      if (input.deadline < t) throw invalid('deadline', 'the deadline has passed', '截止日期不能早于今天')
      if (input.deadline < startsOn)
        throw invalid('deadline', 'the deadline must not be before the start', '截止日期不能早于开始日期')
      if (days(startsOn, t) > MAX_GOAL_DAYS)
        throw invalid('startsOn', 'the start is at most a year ago', '开始日期最早为一年前')
      if (days(startsOn, input.deadline) >= MAX_GOAL_DAYS)
        throw invalid('deadline', 'a goal runs for at most 366 days', '目标周期最长366天')
      const title = input.title?.trim() || null
      return inTransaction(ctx.db, async (trx) => {
        const tctx = { ...ctx, db: trx }
        // Serialises goal writes of one shop, so the cap holds under concurrent requests.
        await sql`select pg_advisory_xact_lock(hashtext(${`analytics_goals:${ctx.tenantId}`}))`.execute(trx)
        const n = await scoped(tctx)
          .selectFrom('analytics_goals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
        if (Number(n.n) >= MAX_GOALS)
          throw new AppError('conflict', {
            detail: `at most ${MAX_GOALS} goals; delete one first`,
            detail_zh: `最多设置${MAX_GOALS}个目标，请先删除一个`,
          })
        const id = newId()
        await scoped(tctx)
          .insertInto('analytics_goals', {
            id,
            metric: input.metric,
            target: input.target,
            title,
            starts_on: startsOn,
            deadline: input.deadline,
            created_by: ctx.actor.kind === 'staff' ? ctx.actor.id : null,
            created_at: core.clock.now(),
          })
          .execute()
        await audit(tctx, core.clock, 'analytics_goal.create', 'analytics_goal', id, {
          metric: input.metric,
          target: input.target,
          startsOn,
          deadline: input.deadline,
        })
        const [goal] = await withProgress(tctx, [
          await select(tctx).where('id', '=', id).executeTakeFirstOrThrow(),
        ])
        return goal
      })
    },

    /** Removes a goal. */
    async remove(ctx: Ctx, id: string) {
      return inTransaction(ctx.db, async (trx) => {
        const tctx = { ...ctx, db: trx }
        const gone = await scoped(tctx)
          .deleteFrom('analytics_goals')
          .where('id', '=', id)
          .returning(['metric', 'target'])
          .executeTakeFirst()
        if (!gone) throw new AppError('not_found', { entity: 'Goal', entity_zh: '目标' }, 'id')
        await audit(tctx, core.clock, 'analytics_goal.delete', 'analytics_goal', id, { ...gone })
        return { ok: true as const }
      })
    },
  }
}
