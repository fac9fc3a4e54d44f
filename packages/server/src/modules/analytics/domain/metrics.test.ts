import { describe, expect, it } from 'vitest'
import { DAY_MS, type FissionEvent } from './events.js'
import { activations, campaignCascade, cascadeStats, funnel, kFactor } from './metrics.js'

/**
 * A hand-built history whose answers are worked out by hand (docs/metrics.md walks through it):
 * A buys on their own and shares; B and C buy through A's link; B's link brings E (by token) and
 * F (by the last link F opened); E brings G, G brings H — four generations below A.
 */
const T0 = Date.UTC(2026, 2, 1, -8)
const d = (days: number) => T0 + days * DAY_MS
const P1 = 'product:p1'

const ev = (e: Partial<FissionEvent> & Pick<FissionEvent, 'type' | 'at'>): FissionEvent => ({
  actor: null,
  token: null,
  sharer: null,
  campaign: null,
  amountFen: 0,
  ref: null,
  firstVisit: false,
  source: null,
  channel: null,
  ...e,
})
const created = (sharer: string, token: string, at: number) =>
  ev({ type: 'share.created', at, actor: sharer, sharer, token, campaign: P1 })
const sent = (sharer: string, token: string, at: number) =>
  ev({ type: 'share.sent', at, actor: sharer, sharer, token, campaign: P1 })
const opened = (who: string, sharer: string, token: string, at: number, firstVisit = true) =>
  ev({ type: 'share.opened', at, actor: who, sharer, token, campaign: P1, firstVisit })
const paid = (who: string, ref: string, at: number, fen: number, via?: { sharer: string; token: string }) =>
  ev({
    type: 'order.paid',
    at,
    actor: who,
    ref,
    amountFen: fen,
    sharer: via?.sharer ?? null,
    token: via?.token ?? null,
    campaign: via ? P1 : null,
    source: via ? 'share' : 'direct',
  })

const history: FissionEvent[] = [
  ev({ type: 'page.viewed', at: d(0.2), actor: 'A', campaign: P1 }),
  paid('A', 'o1', d(0), 10_000),
  created('A', 'tA', d(0.5)),
  sent('A', 'tA', d(0.5)),
  sent('A', 'tA', d(0.6)),
  sent('A', 'tA', d(1.0)),
  ev({ type: 'page.viewed', at: d(1), actor: 'X', campaign: P1 }),
  opened('B', 'A', 'tA', d(1)),
  ev({ type: 'page.viewed', at: d(1.05), actor: 'B', campaign: P1 }),
  opened('v:dev1', 'A', 'tA', d(1.1)),
  opened('C', 'A', 'tA', d(1.2)),
  opened('D', 'A', 'tA', d(1.5)),
  opened('B', 'A', 'tA', d(2), false),
  paid('B', 'o2', d(2), 5_000, { sharer: 'A', token: 'tA' }),
  created('B', 'tB', d(2.5)),
  opened('E', 'B', 'tB', d(3)),
  opened('F', 'B', 'tB', d(3)),
  paid('E', 'o3', d(4), 4_000, { sharer: 'B', token: 'tB' }),
  created('E', 'tE', d(4.5)),
  paid('F', 'o4', d(5), 2_000),
  opened('G', 'E', 'tE', d(5)),
  paid('G', 'o5', d(6), 6_000, { sharer: 'E', token: 'tE' }),
  created('G', 'tG', d(6.1)),
  opened('H', 'G', 'tG', d(6.2)),
  paid('H', 'o6', d(6.5), 7_000, { sharer: 'G', token: 'tG' }),
  paid('B', 'o7', d(8), 1_000),
  paid('C', 'o8', d(9), 3_000, { sharer: 'A', token: 'tA' }),
  ev({ type: 'order.refunded', at: d(6.8), actor: 'G', ref: 'o5', amountFen: 6_000 }),
]

describe('activations', () => {
  it('takes each shopper’s first paid order and who brought them in, by token or by their last open', () => {
    const acts = activations(history)
    expect(acts.map((a) => [a.buyer, (a.at - T0) / DAY_MS, a.parent, a.via])).toEqual([
      ['A', 0, null, null],
      ['B', 2, 'A', 'order'],
      ['E', 4, 'B', 'order'],
      ['F', 5, 'B', 'last_open'],
      ['G', 6, 'E', 'order'],
      ['H', 6.5, 'G', 'order'],
      ['C', 9, 'A', 'order'],
    ])
  })

  it('leaves out orders refunded in full when activation is the first kept order', () => {
    const acts = activations(history, { definition: 'first_kept_order' })
    expect(acts.map((a) => a.buyer)).toEqual(['A', 'B', 'E', 'F', 'H', 'C'])
  })

  it('does not reach back past the attribution window for an order without a token', () => {
    const late = [opened('Z', 'A', 'tA', d(1)), paid('Z', 'oz', d(9), 100)]
    expect(activations(late)[0]).toMatchObject({ buyer: 'Z', parent: null })
    expect(activations(late, { attributionDays: 10 })[0]).toMatchObject({ buyer: 'Z', parent: 'A' })
  })
})

describe('K-factor and its terms', () => {
  it('computes s, f, r, c and K = s·f·r·c on the hand-built history', () => {
    const k = kFactor(history, { from: d(0), to: d(10), windowDays: 7 })
    // 7 buyers; A, B, E, G shared; A sent 3 times, the others' tokens count once each;
    // 8 first opens in time; B, E, F, G, H came in within their parent's 7 days (C at day 9 did not).
    expect(k).toMatchObject({ buyers: 7, sharers: 4, sends: 6, opens: 8, newBuyers: 5, windowDays: 7 })
    expect(k.s).toBeCloseTo(4 / 7, 12)
    expect(k.f).toBeCloseTo(6 / 4, 12)
    expect(k.r).toBeCloseTo(8 / 6, 12)
    expect(k.c).toBeCloseTo(5 / 8, 12)
    expect(k.k).toBeCloseTo(5 / 7, 12)
    expect(k.s * k.f * k.r * k.c).toBeCloseTo(k.k, 12)
    // Cycle times 2, 2, 3, 2 and 0.5 days.
    expect(k.cycleTime!.meanDays).toBeCloseTo(1.9, 12)
    expect(k.cycleTime!.medianDays).toBeCloseTo(2, 12)
    expect(k.cycleTime!.p90Days).toBeCloseTo(2.6, 12)
    expect(k.activation).toBe('first_paid_order')
  })

  it('counts only what happens within the window after each buyer’s activation', () => {
    const k = kFactor(history, { from: d(0), to: d(10), windowDays: 1 })
    // Only H (half a day after G) came in within a day of their parent.
    expect(k.newBuyers).toBe(1)
    expect(k.k).toBeCloseTo(1 / 7, 12)
  })

  it('takes the cohort by activation date', () => {
    const k = kFactor(history, { from: d(0), to: d(3), windowDays: 7 })
    // A and B; A brought B, B brought E and F.
    expect(k).toMatchObject({ buyers: 2, newBuyers: 3, k: 1.5 })
  })

  it('follows the activation definition', () => {
    const k = kFactor(history, { from: d(0), to: d(10), windowDays: 7, definition: 'first_kept_order' })
    // G's only order was refunded: 6 buyers, and G no longer counts as E's new buyer.
    expect(k).toMatchObject({ buyers: 6, newBuyers: 3, k: 0.5, activation: 'first_kept_order' })
  })

  it('is zero, not NaN, for an empty cohort', () => {
    expect(kFactor([], { from: 0, to: 1 })).toMatchObject({ k: 0, s: 0, f: 0, r: 0, c: 0, cycleTime: null })
  })
})

describe('cascades', () => {
  it('builds the activation forest: one tree of 7 buyers, 4 generations deep', () => {
    const c = cascadeStats(activations(history))
    expect(c).toMatchObject({ roots: 1, buyers: 7, meanSize: 7, maxSize: 7, maxDepth: 4 })
    expect(c.generations).toEqual([
      { generation: 0, buyers: 1 },
      { generation: 1, buyers: 2 },
      { generation: 2, buyers: 2 },
      { generation: 3, buyers: 1 },
      { generation: 4, buyers: 1 },
    ])
    expect(c.sizes.find((s) => s.band === '6-10')?.trees).toBe(1)
  })

  it('heads a tree with a sharer who brought buyers without buying', () => {
    const c = cascadeStats(activations(history, { definition: 'first_kept_order' }))
    // A's tree (A, B, C, E, F) and G's (H only: G is not a buyer).
    expect(c).toMatchObject({ roots: 2, buyers: 6, meanSize: 3, maxDepth: 2 })
  })

  it('never makes a cycle, whatever the data says', () => {
    const odd = [
      paid('P', 'p1', d(1), 100, { sharer: 'Q', token: 'tQ' }),
      paid('Q', 'q1', d(2), 100, { sharer: 'P', token: 'tP' }),
    ]
    expect(cascadeStats(activations(odd))).toMatchObject({ roots: 1, buyers: 2, maxDepth: 1 })
  })

  it('shows a campaign generation by generation, with its top spreaders', () => {
    const c = campaignCascade(history, { campaign: P1 })
    expect(c).toMatchObject({ people: 6, roots: 1, maxDepth: 4, truncated: false })
    expect(c.depths).toEqual([{ depth: 4, trees: 1 }])
    expect(c.sizes.find((s) => s.band === '6-10')?.trees).toBe(1)
    expect(c.generations).toEqual([
      { generation: 0, people: 1, sharers: 1, sends: 3, opens: 4, buyers: 0, orders: 0, gmvFen: 0 },
      { generation: 1, people: 2, sharers: 1, sends: 1, opens: 2, buyers: 2, orders: 2, gmvFen: 8_000 },
      { generation: 2, people: 1, sharers: 1, sends: 1, opens: 1, buyers: 1, orders: 1, gmvFen: 4_000 },
      { generation: 3, people: 1, sharers: 1, sends: 1, opens: 1, buyers: 1, orders: 1, gmvFen: 6_000 },
      { generation: 4, people: 1, sharers: 0, sends: 0, opens: 0, buyers: 1, orders: 1, gmvFen: 7_000 },
    ])
    expect(c.topSpreaders.map((n) => [n.id, n.children, n.descendants, n.descendantGmvFen])).toEqual([
      ['A', 2, 5, 25_000],
      ['B', 1, 3, 17_000],
      ['E', 1, 2, 13_000],
      ['G', 1, 1, 7_000],
    ])
    expect(c.nodes.map((n) => [n.id, n.parent, n.generation])).toEqual([
      ['A', null, 0],
      ['B', 'A', 1],
      ['C', 'A', 1],
      ['E', 'B', 2],
      ['G', 'E', 3],
      ['H', 'G', 4],
    ])
    expect(campaignCascade(history, { campaign: P1, limit: 2 })).toMatchObject({ truncated: true })
  })
})

describe('funnel', () => {
  it('counts people who viewed, shared, opened and bought through a share', () => {
    const f = funnel(history, { from: d(0), to: d(10) })
    expect(f.steps.map((s) => [s.step, s.people])).toEqual([
      ['view', 3],
      ['share', 4],
      ['open', 8],
      ['order', 5],
    ])
    expect(f.steps[3].rate).toBeCloseTo(5 / 8, 12)
    expect(f).toMatchObject({ orders: 5, gmvFen: 25_000 })
    expect(funnel(history, { from: d(0), to: d(3) }).steps.map((s) => s.people)).toEqual([3, 2, 4, 1])
  })
})
