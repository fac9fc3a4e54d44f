import { DAY_MS, type FissionEvent } from './events.js'

/**
 * Fission metrics as pure functions over events (docs/metrics.md gives each formula). The service
 * feeds them rows it selected in SQL; the tests feed them hand-built histories and simulations.
 */

/** When a shopper counts as an activated buyer. */
export type ActivationDefinition = 'first_paid_order' | 'first_kept_order'

export const ACTIVATION_TEXT: Record<ActivationDefinition, string> = {
  first_paid_order: "a shopper's first paid order",
  first_kept_order: "a shopper's first paid order that was not refunded in full",
}

/** How long after an open an order without a share token still counts as brought by it. */
export const ATTRIBUTION_DAYS = 7

/** A new activated buyer and who brought them in (the sharer), if anyone. */
export interface Activation {
  buyer: string
  at: number
  parent: string | null
  token: string | null
  campaign: string | null
  /** How the parent was found: the order's share token, or the buyer's last open before it. */
  via: 'order' | 'last_open' | null
  amountFen: number
  source: string | null
}

/**
 * Activated buyers from the events: each shopper's first qualifying paid order. The parent is the
 * sharer of the order's share token; without one, the sharer of the last share the buyer opened
 * within `ATTRIBUTION_DAYS` before it. Nobody is their own parent.
 */
export function activations(
  events: readonly FissionEvent[],
  opts: { definition?: ActivationDefinition; attributionDays?: number } = {},
): Activation[] {
  const definition = opts.definition ?? 'first_paid_order'
  const attributionMs = (opts.attributionDays ?? ATTRIBUTION_DAYS) * DAY_MS
  const refunded = new Map<string, number>()
  if (definition === 'first_kept_order')
    for (const e of events)
      if (e.type === 'order.refunded' && e.ref)
        refunded.set(e.ref, (refunded.get(e.ref) ?? 0) + (e.amountFen ?? 0))
  const opensBy = new Map<string, FissionEvent[]>()
  const first = new Map<string, FissionEvent>()
  for (const e of events) {
    if (e.type === 'share.opened' && e.actor && e.sharer && e.sharer !== e.actor) {
      const list = opensBy.get(e.actor)
      if (list) list.push(e)
      else opensBy.set(e.actor, [e])
    } else if (e.type === 'order.paid' && e.actor) {
      if (definition === 'first_kept_order' && e.ref && (refunded.get(e.ref) ?? 0) >= (e.amountFen ?? 0))
        continue
      const had = first.get(e.actor)
      if (!had || e.at < had.at || (e.at === had.at && (e.ref ?? '') < (had.ref ?? ''))) first.set(e.actor, e)
    }
  }
  const out: Activation[] = []
  for (const [buyer, o] of first) {
    let parent: string | null = null
    let token: string | null = null
    let campaign: string | null = o.campaign ?? null
    let via: Activation['via'] = null
    if (o.sharer && o.sharer !== buyer) {
      parent = o.sharer
      token = o.token ?? null
      via = 'order'
    } else {
      let best: FissionEvent | undefined
      for (const open of opensBy.get(buyer) ?? [])
        if (open.at <= o.at && open.at >= o.at - attributionMs && (!best || open.at >= best.at)) best = open
      if (best) {
        parent = best.sharer!
        token = best.token ?? null
        campaign = campaign ?? best.campaign ?? null
        via = 'last_open'
      }
    }
    out.push({
      buyer,
      at: o.at,
      parent,
      token,
      campaign,
      via,
      amountFen: o.amountFen ?? 0,
      source: o.source ?? null,
    })
  }
  return out.sort((a, b) => a.at - b.at || (a.buyer < b.buyer ? -1 : 1))
}

/** The share activity K needs: each token's sharer and creation, each send, each first open. */
export interface ShareActivity {
  tokens: Map<string, { sharer: string; createdAt: number }>
  sends: { token: string; at: number }[]
  opens: { token: string; at: number }[]
}

/** Share tokens, sends and first opens from events. */
export function shareActivity(events: readonly FissionEvent[]): ShareActivity {
  const tokens = new Map<string, { sharer: string; createdAt: number }>()
  const sends: ShareActivity['sends'] = []
  const opens: ShareActivity['opens'] = []
  for (const e of events) {
    if (!e.token) continue
    if (e.type === 'share.created' && e.sharer) {
      const had = tokens.get(e.token)
      if (!had || e.at < had.createdAt) tokens.set(e.token, { sharer: e.sharer, createdAt: e.at })
    } else if (e.type === 'share.sent') sends.push({ token: e.token, at: e.at })
    else if (e.type === 'share.opened' && e.firstVisit) opens.push({ token: e.token, at: e.at })
  }
  return { tokens, sends, opens }
}

export interface KFactorOptions {
  /** Cohort: buyers activated in [from, to), epoch ms. */
  from: number
  to: number
  /** How long after activation a buyer's shares and new buyers count. Default 7. */
  windowDays?: number
  definition?: ActivationDefinition
}

export interface CycleTime {
  meanDays: number
  medianDays: number
  p90Days: number
}

export interface KFactor {
  /** New activated buyers brought in per activated buyer within the window: s·f·r·c. */
  k: number
  /** Share rate: the cohort's buyers who shared within the window. */
  s: number
  /** Fan-out: sends (one chat or friend each) per sharer. */
  f: number
  /** Opens per recipient: distinct people opening per send. */
  r: number
  /** Conversion per open: new activated buyers per distinct open. */
  c: number
  buyers: number
  sharers: number
  sends: number
  opens: number
  newBuyers: number
  windowDays: number
  activation: ActivationDefinition
  activationText: string
  /** From a buyer's activation to the activation of each buyer they brought in. */
  cycleTime: CycleTime | null
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0)

function quantile(sorted: number[], q: number) {
  if (!sorted.length) return 0
  const i = (sorted.length - 1) * q
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo)
}

/** Mean, median and 90th percentile of durations in ms, as days. */
export function cycleTimeOf(durationsMs: number[]): CycleTime | null {
  if (!durationsMs.length) return null
  const sorted = [...durationsMs].sort((a, b) => a - b)
  const mean = sorted.reduce((n, d) => n + d, 0) / sorted.length
  return {
    meanDays: mean / DAY_MS,
    medianDays: quantile(sorted, 0.5) / DAY_MS,
    p90Days: quantile(sorted, 0.9) / DAY_MS,
  }
}

/**
 * K-factor of the cohort activated in [from, to), and its terms. For each cohort buyer b, only what
 * happens by b's activation + window counts: b's sends (a token counts as at least one send once
 * created; the storefront's `share.sent` events count each further chat), first opens of b's
 * tokens, and buyers whose parent is b. Then s = sharers/buyers, f = sends/sharers,
 * r = opens/sends, c = new buyers/opens, and K = new buyers/buyers = s·f·r·c.
 */
export function kFactorOf(
  acts: readonly Activation[],
  activity: ShareActivity,
  opts: KFactorOptions,
): KFactor {
  const windowMs = (opts.windowDays ?? 7) * DAY_MS
  const definition = opts.definition ?? 'first_paid_order'
  const deadline = new Map<string, number>()
  const activatedAt = new Map<string, number>()
  for (const a of acts) {
    activatedAt.set(a.buyer, a.at)
    if (a.at >= opts.from && a.at < opts.to) deadline.set(a.buyer, a.at + windowMs)
  }
  // Per token: created in time (counts as one send), sends by the storefront in time.
  const tokenSends = new Map<string, number>()
  for (const s of activity.sends) {
    const t = activity.tokens.get(s.token)
    const d = t && deadline.get(t.sharer)
    if (d !== undefined && s.at <= d) tokenSends.set(s.token, (tokenSends.get(s.token) ?? 0) + 1)
  }
  const sendsBy = new Map<string, number>()
  for (const [token, t] of activity.tokens) {
    const d = deadline.get(t.sharer)
    if (d === undefined) continue
    const n = Math.max(t.createdAt <= d ? 1 : 0, tokenSends.get(token) ?? 0)
    if (n) sendsBy.set(t.sharer, (sendsBy.get(t.sharer) ?? 0) + n)
  }
  let opens = 0
  for (const o of activity.opens) {
    const t = activity.tokens.get(o.token)
    const d = t && deadline.get(t.sharer)
    if (d !== undefined && o.at <= d) opens++
  }
  let newBuyers = 0
  const cycles: number[] = []
  for (const a of acts) {
    if (!a.parent) continue
    const d = deadline.get(a.parent)
    if (d === undefined || a.at > d) continue
    newBuyers++
    cycles.push(Math.max(0, a.at - activatedAt.get(a.parent)!))
  }
  const buyers = deadline.size
  let sends = 0
  for (const n of sendsBy.values()) sends += n
  const sharers = sendsBy.size
  return {
    k: ratio(newBuyers, buyers),
    s: ratio(sharers, buyers),
    f: ratio(sends, sharers),
    r: ratio(opens, sends),
    c: ratio(newBuyers, opens),
    buyers,
    sharers,
    sends,
    opens,
    newBuyers,
    windowDays: windowMs / DAY_MS,
    activation: definition,
    activationText: ACTIVATION_TEXT[definition],
    cycleTime: cycleTimeOf(cycles),
  }
}

/** K-factor straight from events (tests, the simulator, small shops). */
export function kFactor(events: readonly FissionEvent[], opts: KFactorOptions): KFactor {
  return kFactorOf(activations(events, { definition: opts.definition }), shareActivity(events), opts)
}

export interface CascadeStats {
  /** Trees: one per buyer nobody brought in (or per sharer who brought buyers without buying). */
  roots: number
  buyers: number
  /** Buyers per tree, on average: for K < 1 it tends to 1/(1−K). */
  meanSize: number
  maxSize: number
  /** Generations below the root in the deepest tree (a lone buyer is depth 0). */
  maxDepth: number
  /** Trees by size band: 1, 2, 3–5, 6–10, 11–50, 51–100, 101+. */
  sizes: { band: string; trees: number }[]
  /** Trees by depth. */
  depths: { depth: number; trees: number }[]
  /** Buyers by generation (0 = roots that bought). */
  generations: { generation: number; buyers: number }[]
}

const SIZE_BANDS: [string, number, number][] = [
  ['1', 1, 1],
  ['2', 2, 2],
  ['3-5', 3, 5],
  ['6-10', 6, 10],
  ['11-50', 11, 50],
  ['51-100', 51, 100],
  ['101+', 101, Number.POSITIVE_INFINITY],
]

/** A tree edge runs from an earlier person to a later one: no cycles, whatever the data says. */
const earlier = (pa: number, pid: string, ca: number, cid: string) => pa < ca || (pa === ca && pid < cid)

/**
 * The activation forest: each buyer under the buyer who brought them in. A sharer who brought
 * buyers but never bought heads a tree of their own (not counted as a buyer). An edge from a
 * parent who activated after the child is dropped (the child heads its own tree) so trees stay trees.
 */
export function cascadeStats(acts: readonly Activation[]): CascadeStats {
  const at = new Map(acts.map((a) => [a.buyer, a.at]))
  const children = new Map<string, string[]>()
  const roots: { id: string; buyer: boolean }[] = []
  const virtual = new Set<string>()
  for (const a of acts) {
    const p = a.parent
    const pAt = p ? at.get(p) : undefined
    if (p && (pAt === undefined || earlier(pAt, p, a.at, a.buyer))) {
      if (pAt === undefined && !virtual.has(p)) {
        virtual.add(p)
        roots.push({ id: p, buyer: false })
      }
      const list = children.get(p)
      if (list) list.push(a.buyer)
      else children.set(p, [a.buyer])
    } else roots.push({ id: a.buyer, buyer: true })
  }
  const sizes = new Map<string, number>(SIZE_BANDS.map(([b]) => [b, 0]))
  const depths = new Map<number, number>()
  const gens = new Map<number, number>()
  let maxSize = 0
  let maxDepth = 0
  let total = 0
  for (const r of roots) {
    let size = r.buyer ? 1 : 0
    let depth = 0
    if (r.buyer) gens.set(0, (gens.get(0) ?? 0) + 1)
    let level = [r.id]
    for (let g = 1; level.length; g++) {
      const next: string[] = []
      for (const id of level) for (const c of children.get(id) ?? []) next.push(c)
      if (next.length) {
        size += next.length
        depth = g
        gens.set(g, (gens.get(g) ?? 0) + next.length)
      }
      level = next
    }
    total += size
    maxSize = Math.max(maxSize, size)
    maxDepth = Math.max(maxDepth, depth)
    depths.set(depth, (depths.get(depth) ?? 0) + 1)
    const band = SIZE_BANDS.find(([, lo, hi]) => size >= lo && size <= hi)
    if (band) sizes.set(band[0], sizes.get(band[0])! + 1)
  }
  return {
    roots: roots.length,
    buyers: total,
    meanSize: ratio(total, roots.length),
    maxSize,
    maxDepth,
    sizes: [...sizes].map(([band, trees]) => ({ band, trees })),
    depths: [...depths].sort((a, b) => a[0] - b[0]).map(([depth, trees]) => ({ depth, trees })),
    generations: [...gens]
      .sort((a, b) => a[0] - b[0])
      .map(([generation, buyers]) => ({ generation, buyers })),
  }
}

/** One person in a campaign's tree. */
export interface CascadeNode {
  id: string
  parent: string | null
  generation: number
  /** First time they took part in the campaign: their first share of it or first order through it. */
  at: number
  shares: number
  sends: number
  opens: number
  orders: number
  gmvFen: number
  children: number
  descendants: number
  /** GMV of everyone below them. */
  descendantGmvFen: number
}

export interface GenerationRow {
  generation: number
  people: number
  sharers: number
  sends: number
  opens: number
  buyers: number
  orders: number
  gmvFen: number
}

export interface CampaignCascade {
  campaign: string | null
  people: number
  roots: number
  maxDepth: number
  meanTreeSize: number
  generations: GenerationRow[]
  sizes: { band: string; trees: number }[]
  /** Trees by depth (generations below their root). */
  depths: { depth: number; trees: number }[]
  topSpreaders: CascadeNode[]
  /** The tree, generation by generation (at most `limit` nodes). */
  nodes: CascadeNode[]
  truncated: boolean
}

/**
 * A campaign's tree of shares → opens → orders: each buyer under the sharer whose link brought
 * their first order of the campaign; sharers who were brought by no one are roots (generation 0).
 * Every person's shares, sends, opens of their links, orders and GMV, by generation.
 */
export function campaignCascade(
  events: readonly FissionEvent[],
  opts: { campaign?: string | null; limit?: number; top?: number } = {},
): CampaignCascade {
  const limit = opts.limit ?? 500
  const evs = opts.campaign ? events.filter((e) => e.campaign === opts.campaign) : events
  type Acc = Omit<CascadeNode, 'generation' | 'children' | 'descendants' | 'descendantGmvFen' | 'parent'> & {
    parent: string | null
    parentAt: number
  }
  const people = new Map<string, Acc>()
  const person = (id: string, at: number) => {
    let p = people.get(id)
    if (!p) {
      p = {
        id,
        parent: null,
        parentAt: Number.POSITIVE_INFINITY,
        at,
        shares: 0,
        sends: 0,
        opens: 0,
        orders: 0,
        gmvFen: 0,
      }
      people.set(id, p)
    }
    return p
  }
  const tokenSharer = new Map<string, string>()
  const sentPerToken = new Map<string, number>()
  for (const e of evs) if (e.token && e.sharer) tokenSharer.set(e.token, e.sharer)
  // Participation time first (first share or first order), so edges can be checked against it.
  const firstAt = new Map<string, number>()
  const seen = (id: string, at: number) => {
    const had = firstAt.get(id)
    if (had === undefined || at < had) firstAt.set(id, at)
  }
  for (const e of evs)
    if (e.type === 'order.paid' && e.actor) seen(e.actor, e.at)
    else if (e.type === 'share.created' && e.sharer) seen(e.sharer, e.at)
  const at = (id: string, fallback: number) => firstAt.get(id) ?? fallback
  for (const e of evs) {
    if (e.type === 'share.created' && e.sharer) person(e.sharer, at(e.sharer, e.at)).shares++
    else if (e.type === 'share.sent' && e.token)
      sentPerToken.set(e.token, (sentPerToken.get(e.token) ?? 0) + 1)
    else if (e.type === 'share.opened' && e.firstVisit && e.token) {
      const s = tokenSharer.get(e.token)
      if (s) person(s, at(s, e.at)).opens++
    } else if (e.type === 'order.paid' && e.actor) {
      const p = person(e.actor, at(e.actor, e.at))
      p.orders++
      p.gmvFen += e.amountFen ?? 0
      const sharer = e.sharer ?? (e.token ? tokenSharer.get(e.token) : undefined)
      // The first order through someone else's share names the parent.
      if (sharer && sharer !== e.actor && e.at < p.parentAt) {
        p.parent = sharer
        p.parentAt = e.at
      }
    }
  }
  for (const [token, sharer] of tokenSharer) {
    const p = people.get(sharer)
    if (p?.shares) p.sends += Math.max(1, sentPerToken.get(token) ?? 0)
  }
  // Parents who only appear as sharers of tokens seen on orders.
  for (const p of [...people.values()]) if (p.parent && !people.has(p.parent)) person(p.parent, p.at - 1)
  const kids = new Map<string, string[]>()
  const roots: string[] = []
  for (const p of people.values()) {
    const parent = p.parent ? people.get(p.parent) : undefined
    if (parent && earlier(parent.at, parent.id, p.at, p.id)) {
      const list = kids.get(parent.id)
      if (list) list.push(p.id)
      else kids.set(parent.id, [p.id])
    } else {
      p.parent = null
      roots.push(p.id)
    }
  }
  const byTime = (a: string, b: string) => people.get(a)!.at - people.get(b)!.at || (a < b ? -1 : 1)
  roots.sort(byTime)
  for (const list of kids.values()) list.sort(byTime)
  // Generations breadth first; subtree sums bottom up (reverse BFS order).
  const nodes: CascadeNode[] = []
  const node = new Map<string, CascadeNode>()
  let level = roots
  for (let g = 0; level.length; g++) {
    const next: string[] = []
    for (const id of level) {
      const p = people.get(id)!
      const n: CascadeNode = {
        id,
        parent: p.parent,
        generation: g,
        at: p.at,
        shares: p.shares,
        sends: p.sends,
        opens: p.opens,
        orders: p.orders,
        gmvFen: p.gmvFen,
        children: kids.get(id)?.length ?? 0,
        descendants: 0,
        descendantGmvFen: 0,
      }
      nodes.push(n)
      node.set(id, n)
      for (const c of kids.get(id) ?? []) next.push(c)
    }
    level = next
  }
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]
    if (!n.parent) continue
    const up = node.get(n.parent)!
    up.descendants += 1 + n.descendants
    up.descendantGmvFen += n.gmvFen + n.descendantGmvFen
  }
  const gens = new Map<number, GenerationRow>()
  for (const n of nodes) {
    let row = gens.get(n.generation)
    if (!row) {
      row = {
        generation: n.generation,
        people: 0,
        sharers: 0,
        sends: 0,
        opens: 0,
        buyers: 0,
        orders: 0,
        gmvFen: 0,
      }
      gens.set(n.generation, row)
    }
    row.people++
    if (n.shares) row.sharers++
    row.sends += n.sends
    row.opens += n.opens
    if (n.orders) row.buyers++
    row.orders += n.orders
    row.gmvFen += n.gmvFen
  }
  const sizes = new Map<string, number>(SIZE_BANDS.map(([b]) => [b, 0]))
  for (const r of roots) {
    const size = 1 + node.get(r)!.descendants
    const band = SIZE_BANDS.find(([, lo, hi]) => size >= lo && size <= hi)!
    sizes.set(band[0], sizes.get(band[0])! + 1)
  }
  // Each tree's depth: the deepest generation under its root (nodes are in BFS order).
  const rootOf = new Map<string, string>()
  const treeDepth = new Map<string, number>()
  for (const n of nodes) {
    const root = n.parent ? rootOf.get(n.parent)! : n.id
    rootOf.set(n.id, root)
    treeDepth.set(root, Math.max(treeDepth.get(root) ?? 0, n.generation))
  }
  const depthCount = new Map<number, number>()
  for (const dep of treeDepth.values()) depthCount.set(dep, (depthCount.get(dep) ?? 0) + 1)
  const topSpreaders = nodes
    .filter((n) => n.descendants > 0)
    .sort((a, b) => b.descendants - a.descendants || b.children - a.children || a.at - b.at)
    .slice(0, opts.top ?? 10)
  return {
    campaign: opts.campaign ?? null,
    people: nodes.length,
    roots: roots.length,
    maxDepth: gens.size ? Math.max(...gens.keys()) : 0,
    meanTreeSize: ratio(nodes.length, roots.length),
    generations: [...gens.values()],
    sizes: [...sizes].map(([band, trees]) => ({ band, trees })),
    depths: [...depthCount].sort((a, b) => a[0] - b[0]).map(([depth, trees]) => ({ depth, trees })),
    topSpreaders,
    nodes: nodes.slice(0, limit),
    truncated: nodes.length > limit,
  }
}

export interface FunnelStep {
  step: 'view' | 'share' | 'open' | 'order'
  /** Distinct people at this step (for `open`: distinct openers per link). */
  people: number
  /** This step's people over the previous step's (1 for the first). */
  rate: number
}

export interface Funnel {
  steps: FunnelStep[]
  orders: number
  gmvFen: number
}

/**
 * The sharing funnel over [from, to): people who viewed → shared → opened someone's share →
 * bought through a share. Each step counts distinct people; `rate` is step over step.
 */
export function funnel(
  events: readonly FissionEvent[],
  opts: { from: number; to: number; campaign?: string | null },
): Funnel {
  const viewers = new Set<string>()
  const sharers = new Set<string>()
  const openers = new Set<string>()
  const buyers = new Set<string>()
  let anonymousOpens = 0
  let orders = 0
  let gmvFen = 0
  for (const e of events) {
    if (e.at < opts.from || e.at >= opts.to) continue
    if (opts.campaign && e.campaign !== opts.campaign) continue
    if (e.type === 'page.viewed' && e.actor) viewers.add(e.actor)
    else if ((e.type === 'share.created' || e.type === 'share.sent') && e.sharer) sharers.add(e.sharer)
    else if (e.type === 'share.opened' && e.firstVisit) {
      if (e.actor) openers.add(`${e.token}|${e.actor}`)
      else anonymousOpens++
    } else if (e.type === 'order.paid' && e.token && e.actor) {
      buyers.add(e.actor)
      orders++
      gmvFen += e.amountFen ?? 0
    }
  }
  const counts = [viewers.size, sharers.size, openers.size + anonymousOpens, buyers.size]
  const names: FunnelStep['step'][] = ['view', 'share', 'open', 'order']
  return {
    steps: names.map((step, i) => ({
      step,
      people: counts[i],
      rate: i === 0 ? 1 : ratio(counts[i], counts[i - 1]),
    })),
    orders,
    gmvFen,
  }
}
