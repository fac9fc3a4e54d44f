import { describe, expect, it } from 'vitest'
import type { CascadeNode } from './analyticsApi'
import {
  analyticsUrls,
  cascadeTree,
  daysIn,
  funnelRows,
  parseAnalytics,
  parseCascade,
  percent,
  personLabel,
  pickOf,
  rangeOf,
  roleOf,
  sharesOf,
  shopDay,
  symbolSizeOf,
  visibleLeaves,
} from './analyticsView'

const sp = (s: string) => new URLSearchParams(s)
// 2026-11-23 17:30 UTC is already 2026-11-24 01:30 in Beijing.
const LATE_UTC = Date.UTC(2026, 10, 23, 17, 30)

describe('range presets as shop days', () => {
  it('counts days in Beijing, not in UTC', () => {
    expect(shopDay(LATE_UTC)).toBe('2026-11-24')
    expect(shopDay(Date.UTC(2026, 10, 23, 15, 59))).toBe('2026-11-23')
  })
  it('ends today and covers 1, 7 or 30 days', () => {
    expect(rangeOf('today', LATE_UTC)).toEqual({ from: '2026-11-24', to: '2026-11-24' })
    expect(rangeOf('7d', LATE_UTC)).toEqual({ from: '2026-11-18', to: '2026-11-24' })
    expect(rangeOf('30d', LATE_UTC)).toEqual({ from: '2026-10-26', to: '2026-11-24' })
    expect(daysIn(rangeOf('7d', LATE_UTC) as { from: string; to: string })).toBe(7)
    expect(daysIn(rangeOf('30d', LATE_UTC) as { from: string; to: string })).toBe(30)
    expect(rangeOf('all', LATE_UTC)).toEqual({})
  })
  it('takes a custom range only when both days are given, in order', () => {
    expect(rangeOf('custom', LATE_UTC, { from: '2026-11-01' })).toBeNull()
    expect(rangeOf('custom', LATE_UTC, { from: '2026-11-01', to: 'soon' })).toBeNull()
    expect(rangeOf('custom', LATE_UTC, { from: '2026-11-10', to: '2026-11-01' })).toEqual({
      from: '2026-11-01',
      to: '2026-11-10',
    })
  })
})

describe('analytics URLs', () => {
  it('round-trips the dashboard range and keeps custom days only for the custom range', () => {
    const url = analyticsUrls.dashboard({ range: 'custom', from: '2026-11-01', to: '2026-11-07' })
    expect(url).toBe('/analytics?range=custom&from=2026-11-01&to=2026-11-07')
    expect(parseAnalytics(sp(url.split('?')[1]))).toEqual({
      range: 'custom',
      from: '2026-11-01',
      to: '2026-11-07',
    })
    expect(parseAnalytics(sp('range=30d&from=2026-11-01'))).toEqual({
      range: '30d',
      from: undefined,
      to: undefined,
    })
    expect(parseAnalytics(sp('range=year')).range).toBe('7d')
  })
  it('reads the explorer pick and turns it into the API query', () => {
    const p = parseCascade(sp('kind=campaign&key=deal:abc&range=7d'))
    expect(p).toEqual({ kind: 'campaign', key: 'deal:abc', range: '7d', from: undefined, to: undefined })
    expect(pickOf(p)).toEqual({ campaign: 'deal:abc' })
    expect(pickOf(parseCascade(sp('key=p1')))).toEqual({ productId: 'p1' })
    expect(pickOf(parseCascade(sp('kind=campaign')))).toBeNull()
    expect(parseCascade(sp('')).range).toBe('all')
    expect(analyticsUrls.cascades({ kind: 'product', key: 'p1' })).toBe('/cascades?kind=product&key=p1')
  })
})

describe('table helpers', () => {
  it('writes ratios as percentages and nothing to divide by as a dash', () => {
    expect(percent(0.12345)).toBe('12.3%')
    expect(percent(1, 0)).toBe('100%')
    expect(percent(null)).toBe('-')
    expect(percent(Number.NaN)).toBe('-')
  })
  it('gives each part its share of the whole, and zeros for an empty whole', () => {
    expect(sharesOf([30, 10, 60])).toEqual([0.3, 0.1, 0.6])
    expect(sharesOf([0, 0])).toEqual([0, 0])
  })
  it('converts the funnel step by step and from the top', () => {
    const rows = funnelRows([
      { step: 'view', people: 200 },
      { step: 'share', people: 50 },
      { step: 'open', people: 0 },
      { step: 'order', people: 0 },
    ])
    expect(rows.map((r) => r.fromPrevious)).toEqual([1, 0.25, 0, 0])
    expect(rows.map((r) => r.fromFirst)).toEqual([1, 0.25, 0, 0])
    expect(funnelRows([{ step: 'view', people: 0 }])[0].fromFirst).toBe(0)
  })
})

const node = (
  id: string,
  parent: string | null,
  generation: number,
  extra: Partial<CascadeNode> = {},
): CascadeNode => ({
  id,
  parent,
  generation,
  at: '2026-11-20T08:00:00.000Z',
  shares: 1,
  sends: 1,
  opens: 1,
  orders: 1,
  gmvFen: 5_000,
  children: 0,
  descendants: 0,
  descendantGmvFen: 0,
  ...extra,
})

/** Two seed sharers: A brought B and C, B brought D, D brought E (four generations under A); Z alone. */
const NODES: CascadeNode[] = [
  node('A', null, 0, { children: 2, descendants: 4 }),
  node('Z', null, 0, { orders: 0 }),
  node('B', 'A', 1, { children: 1, descendants: 2 }),
  node('v:visitor-1', 'A', 1, { orders: 0, shares: 0 }),
  node('D', 'B', 2, { children: 1, descendants: 1 }),
  node('E', 'D', 3, { orders: 0 }),
]

describe('the cascade as an ECharts tree', () => {
  it('hangs every seed sharer under the campaign and each person under who brought them', () => {
    const tree = cascadeTree(NODES, '春季拼团', (id) => `@${id}`)
    expect(tree.name).toBe('春季拼团')
    expect(tree.role).toBe('campaign')
    expect(tree.children.map((c) => c.name)).toEqual(['@A', '@Z'])
    const a = tree.children[0]
    expect(a.children.map((c) => c.name)).toEqual(['@B', '@v:visitor-1'])
    expect(a.children[0].children[0].children[0].name).toBe('@E')
    expect(a.value).toBe(4)
    expect(a.children[0].children[0].children[0].node?.generation).toBe(3)
    expect(visibleLeaves(tree)).toBe(3)
  })
  it('puts people whose sharer was cut off by the limit under the campaign', () => {
    const tree = cascadeTree([NODES[0], NODES[4]], 'x', (id) => id)
    expect(tree.children.map((c) => c.name)).toEqual(['A', 'D'])
  })
  it('folds subtrees below a depth so a large campaign opens readable', () => {
    const tree = cascadeTree(NODES, 'x', (id) => id, { collapseBelow: 2 })
    const b = tree.children[0].children[0]
    expect(tree.children[0].collapsed).toBeUndefined()
    expect(b.collapsed).toBe(true)
    expect(visibleLeaves(tree)).toBe(3)
    expect(visibleLeaves(cascadeTree(NODES, 'x', (id) => id, { collapseBelow: 1 }))).toBe(2)
  })
  it('colours people by what they did and sizes them by who they brought', () => {
    expect(NODES.map(roleOf)).toEqual(['seed', 'seed', 'buyer', 'visitor', 'buyer', 'sharer'])
    expect(symbolSizeOf(0)).toBe(8)
    expect(symbolSizeOf(4)).toBe(16)
    expect(symbolSizeOf(10_000)).toBe(26)
  })
  it('names people by their known name, else a short id', () => {
    const names = new Map([['0190b2a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b', '小林']])
    expect(personLabel('0190b2a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b', names)).toBe('小林')
    expect(personLabel('0190b2a4-1c2d-7e3f-8a9b-0c1d2e3fab12', names)).toBe('顾客 AB12')
    expect(personLabel('v:k3y-device', names, { customer: 'Customer', visitor: 'Visitor' })).toBe(
      'Visitor k3y-',
    )
  })
})
