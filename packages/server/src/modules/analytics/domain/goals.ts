/**
 * Goals (SMART): a metric, a target value, a start and a deadline. The progress and the linear
 * projection to the deadline are pure, so the tests can state the answer.
 */

/** What a goal can aim at, and how the metric accrues over time. */
export const GOAL_METRICS = {
  /** Counters: what happened from the start to now, added up day by day. */
  gmv_fen: 'total',
  net_gmv_fen: 'total',
  orders: 'total',
  new_customers: 'total',
  shares: 'total',
  share_actions: 'total',
  first_opens: 'total',
  views: 'total',
  /** A ratio: its value now is what it is heading to. */
  k_factor: 'level',
} as const satisfies Record<string, 'total' | 'level'>

export type GoalMetric = keyof typeof GOAL_METRICS
export const GOAL_METRIC_NAMES = Object.keys(GOAL_METRICS) as GoalMetric[]

/** Metrics whose values are whole numbers (counts and fen). */
export const isWhole = (m: GoalMetric) => GOAL_METRICS[m] === 'total'

export type GoalStatus = 'not_started' | 'on_track' | 'behind' | 'achieved' | 'missed'

export interface GoalProgress {
  /** current / target (1 = reached; may pass 1). */
  progress: number
  /** Share of the goal's time gone by, 0–1. */
  elapsed: number
  /** Where a straight line from 0 to the target stands now (totals only). */
  expectedNow: number | null
  /** The value at the deadline if it goes on as so far: a total at its average pace, a level as it is. */
  projected: number | null
  /** projected / target. */
  projectedProgress: number | null
  status: GoalStatus
}

/**
 * Progress of a goal over [start, end) (epoch ms; the end is the close of the deadline day) at
 * `now`, given the metric's value so far. A total projects linearly: current / elapsed share of the
 * time; it is achieved once it reaches the target. A level (a ratio such as K) projects as it
 * stands and is only achieved or missed at the deadline. `on_track` when the projection reaches
 * the target, else `behind`; after the deadline `achieved` or `missed`.
 */
export function goalProgress(g: {
  metric: GoalMetric
  target: number
  current: number
  start: number
  end: number
  now: number
}): GoalProgress {
  const kind = GOAL_METRICS[g.metric]
  const span = g.end - g.start
  const elapsed = Math.min(1, Math.max(0, (g.now - g.start) / span))
  const progress = g.current / g.target
  const reached = g.current >= g.target
  const over = g.now >= g.end
  if (elapsed === 0)
    return {
      progress,
      elapsed,
      expectedNow: kind === 'total' ? 0 : null,
      projected: null,
      projectedProgress: null,
      status: 'not_started',
    }
  const projected = kind === 'total' ? g.current / elapsed : g.current
  let status: GoalStatus
  if (over) status = reached ? 'achieved' : 'missed'
  else if (kind === 'total' && reached) status = 'achieved'
  else status = projected >= g.target ? 'on_track' : 'behind'
  return {
    progress,
    elapsed,
    expectedNow: kind === 'total' ? g.target * elapsed : null,
    projected,
    projectedProgress: projected / g.target,
    status,
  }
}
