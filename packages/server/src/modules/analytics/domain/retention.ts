import { DAY_MS } from './events.js'
import { dayStart, shopDay } from './rollup.js'

/**
 * Weekly retention cohorts (docs/metrics.md): customers grouped by the shop week of their first
 * paid order and their acquisition source, with the share of each cohort that paid an order again
 * in each following week. Weeks run Monday to Sunday in the shop's time (Asia/Shanghai).
 */

/** The Monday (YYYY-MM-DD) of the shop week a shop day falls in. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00.000Z`)
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7
  return new Date(t - sinceMonday * DAY_MS).toISOString().slice(0, 10)
}

/** The shop week an instant falls in. */
export const weekAt = (at: number) => weekOf(shopDay(at))

/** Whole weeks from one Monday to another. */
const weeksBetween = (from: string, to: string) => Math.round((dayStart(to) - dayStart(from)) / (7 * DAY_MS))

const addWeeks = (monday: string, n: number) => shopDay(dayStart(monday) + n * 7 * DAY_MS)

/** A customer's activation: when their first paid order was and where it came from. */
export interface RetentionCustomer {
  shopper: string
  activatedAt: number
  source: string
}

/** A paid order (one per shopper and week is enough; more count once). */
export interface RetentionOrder {
  shopper: string
  at: number
}

export interface RetentionCell {
  /** Weeks after the cohort's week (1 = the week after). */
  week: number
  /** Its Monday. */
  weekStart: string
  /** Cohort customers who paid at least one order that week. */
  customers: number
  /** customers / the cohort's size. */
  rate: number
  /** The week is not over by the end of the range: it may still grow. */
  partial: boolean
}

export interface RetentionCohort {
  /** The Monday of the week the cohort first paid. */
  week: string
  /** Acquisition source of their first paid order, or `all` for the week's cohorts together. */
  source: string
  customers: number
  retained: RetentionCell[]
}

export interface Retention {
  /** Monday of the first cohort week, and the last day observed. */
  from: string
  to: string
  /** Cohorts by week (oldest first), each week's `all` row first, then its sources by size. */
  cohorts: RetentionCohort[]
  /** Per source over every cohort: the weighted share still buying n weeks after their first. */
  bySource: {
    source: string
    customers: number
    retained: { week: number; customers: number; rate: number }[]
  }[]
}

/**
 * The cohorts of customers activated from the Monday of `from`'s week to the end of `to`, and for
 * each the share who paid again in each later week up to the one holding `to` (that last week is
 * `partial` unless `to` is its Sunday). The per-source summary adds up, for each n, every cohort
 * whose n-th week was observed in full.
 */
export function retentionCohorts(
  customers: readonly RetentionCustomer[],
  orders: readonly RetentionOrder[],
  range: { from: string; to: string },
): Retention {
  const first = weekOf(range.from)
  const last = weekOf(range.to)
  const end = dayStart(range.to) + DAY_MS
  const lastComplete = dayStart(last) + 7 * DAY_MS <= end
  const start = dayStart(first)
  const cohortOf = new Map<string, { week: string; source: string }>()
  for (const c of customers)
    if (c.activatedAt >= start && c.activatedAt < end)
      cohortOf.set(c.shopper, { week: weekAt(c.activatedAt), source: c.source })

  // Which weeks after their own each customer paid in.
  const active = new Map<string, Set<number>>()
  for (const o of orders) {
    const c = cohortOf.get(o.shopper)
    if (!c || o.at >= end) continue
    const n = weeksBetween(c.week, weekAt(o.at))
    if (n < 1) continue
    const set = active.get(o.shopper) ?? new Set<number>()
    set.add(n)
    active.set(o.shopper, set)
  }

  type Acc = { customers: number; byWeek: Map<number, number> }
  const groups = new Map<string, Acc>()
  const key = (week: string, source: string) => `${week}|${source}`
  for (const [shopper, c] of cohortOf)
    for (const source of ['all', c.source]) {
      const k = key(c.week, source)
      const g = groups.get(k) ?? { customers: 0, byWeek: new Map() }
      g.customers++
      for (const n of active.get(shopper) ?? []) g.byWeek.set(n, (g.byWeek.get(n) ?? 0) + 1)
      groups.set(k, g)
    }

  const cohorts: RetentionCohort[] = []
  const totals = new Map<
    string,
    { customers: number; byWeek: Map<number, { customers: number; base: number }> }
  >()
  for (let w = 0; w <= weeksBetween(first, last); w++) {
    const week = addWeeks(first, w)
    const here = [...groups]
      .filter(([k]) => k.startsWith(`${week}|`))
      .map(([k, g]) => ({ source: k.slice(week.length + 1), ...g }))
      .sort(
        (a, b) =>
          Number(b.source === 'all') - Number(a.source === 'all') ||
          b.customers - a.customers ||
          (a.source < b.source ? -1 : 1),
      )
    const following = weeksBetween(week, last)
    for (const g of here) {
      const retained: RetentionCell[] = []
      for (let n = 1; n <= following; n++) {
        const got = g.byWeek.get(n) ?? 0
        const partial = n === following && !lastComplete
        retained.push({
          week: n,
          weekStart: addWeeks(week, n),
          customers: got,
          rate: got / g.customers,
          partial,
        })
        if (partial) continue
        const t = totals.get(g.source) ?? { customers: 0, byWeek: new Map() }
        const cell = t.byWeek.get(n) ?? { customers: 0, base: 0 }
        cell.customers += got
        cell.base += g.customers
        t.byWeek.set(n, cell)
        totals.set(g.source, t)
      }
      cohorts.push({ week, source: g.source, customers: g.customers, retained })
      const t = totals.get(g.source) ?? { customers: 0, byWeek: new Map() }
      t.customers += g.customers
      totals.set(g.source, t)
    }
  }
  const bySource = [...totals]
    .sort(
      (a, b) =>
        Number(b[0] === 'all') - Number(a[0] === 'all') ||
        b[1].customers - a[1].customers ||
        (a[0] < b[0] ? -1 : 1),
    )
    .map(([source, t]) => ({
      source,
      customers: t.customers,
      retained: [...t.byWeek]
        .sort((a, b) => a[0] - b[0])
        .map(([week, c]) => ({ week, customers: c.customers, rate: c.customers / c.base })),
    }))
  return { from: first, to: range.to, cohorts, bySource }
}
