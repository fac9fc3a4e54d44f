import type { Problem } from './program.js'

/**
 * Fraud and fairness rules for commissions. Given what is known about one referred order (who
 * bought, the promoter as a person, where and how the order was placed, the promoter's other
 * recent referrals), they say whether its commission is refused outright (`block`: the buyer is
 * provably the promoter) or held for an operator to look at (`hold`: a pattern that honest
 * promoters rarely produce). Every flag names its rule and says why in plain words, with figures.
 */

const SECOND_MS = 1000
const HOUR_MS = 60 * 60 * SECOND_MS
const DAY_MS = 24 * HOUR_MS

export type FraudRule =
  | 'self_account'
  | 'same_phone'
  | 'same_payment_account'
  | 'same_device'
  | 'ip_buyers'
  | 'referral_burst'
  | 'new_accounts_device'
  | 'new_accounts_ip_range'
  | 'fast_order'
  | 'regular_intervals'
  | 'refund_after_settlement'

/** One reason to refuse or hold a commission. */
export interface FraudFlag {
  rule: FraudRule
  en: string
  zh: string
}

export interface FraudVerdict {
  block: FraudFlag[]
  hold: FraudFlag[]
}

/**
 * Where the lines are. Every "max" is the most that is still fine: one more holds the order.
 * A shop may change any of them on its program (`program.fraud`).
 */
export interface FraudThresholds {
  /** Different referred buyers ordering from one IP address within `ipWindowDays`. */
  maxBuyersPerIp: number
  ipWindowDays: number
  /** New customers (their first paid order in the shop) referred within any one hour. */
  maxNewReferralsPerHour: number
  /**
   * New accounts (registered at most `newAccountHours` before they ordered) buying through the
   * promoter from one device, or from one IP range (IPv4 /24, IPv6 /64), within `newAccountHours`.
   */
  maxNewAccountsPerCluster: number
  newAccountHours: number
  /** An order placed sooner than this after the buyer first opened the promoter's link; 0 = off. */
  minClickToOrderSeconds: number
  /**
   * The promoter's latest referred orders (within `intervalWindowHours`) whose click-to-order times
   * all lie within `intervalToleranceSeconds` of one another: this many in a row is the most allowed.
   */
  maxSameIntervalOrders: number
  intervalToleranceSeconds: number
  intervalWindowHours: number
  /** A refund this many days or fewer after the commission settled; 0 = off. */
  refundAfterSettlementDays: number
  /** Orders with a commission confirmed as fraud after which the promoter is suspended. */
  suspendAfterConfirmed: number
}

export const DEFAULT_FRAUD: FraudThresholds = {
  maxBuyersPerIp: 3,
  ipWindowDays: 30,
  maxNewReferralsPerHour: 5,
  maxNewAccountsPerCluster: 2,
  newAccountHours: 24,
  minClickToOrderSeconds: 10,
  maxSameIntervalOrders: 4,
  intervalToleranceSeconds: 1,
  intervalWindowHours: 24,
  refundAfterSettlementDays: 3,
  suspendAfterConfirmed: 3,
}

/** The range each threshold may take (whole numbers); the program schema uses the same bounds. */
export const FRAUD_BOUNDS: { [K in keyof FraudThresholds]: { min: number; max: number; zh: string } } = {
  maxBuyersPerIp: { min: 1, max: 1000, zh: '同一 IP 的买家数上限' },
  ipWindowDays: { min: 1, max: 365, zh: '同一 IP 统计天数' },
  maxNewReferralsPerHour: { min: 1, max: 1000, zh: '每小时新客上限' },
  maxNewAccountsPerCluster: { min: 1, max: 1000, zh: '同设备或同网段新账号上限' },
  newAccountHours: { min: 1, max: 720, zh: '新账号时长（小时）' },
  minClickToOrderSeconds: { min: 0, max: 3600, zh: '点击到下单最短秒数' },
  maxSameIntervalOrders: { min: 2, max: 100, zh: '相同间隔订单上限' },
  intervalToleranceSeconds: { min: 0, max: 60, zh: '间隔误差（秒）' },
  intervalWindowHours: { min: 1, max: 720, zh: '间隔统计时长（小时）' },
  refundAfterSettlementDays: { min: 0, max: 90, zh: '结算后退款天数' },
  suspendAfterConfirmed: { min: 1, max: 100, zh: '确认作弊几单后暂停' },
}

/** What is wrong with a shop's thresholds, each named by its field (`fraud.<name>`); empty when fine. */
export function fraudThresholdProblems(
  t: Partial<Record<keyof FraudThresholds, unknown>> | undefined,
): Problem[] {
  if (!t) return []
  const out: Problem[] = []
  for (const [key, value] of Object.entries(t)) {
    const b = FRAUD_BOUNDS[key as keyof FraudThresholds]
    const field = `fraud.${key}`
    if (!b) {
      out.push({
        field,
        code: 'unknown',
        en: `there is no threshold called ${key}`,
        zh: `没有名为 ${key} 的阈值`,
      })
      continue
    }
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < b.min || value > b.max)
      out.push({
        field,
        code: 'out_of_range',
        en: `${key} must be a whole number from ${b.min} to ${b.max}`,
        zh: `${b.zh}须为 ${b.min} 到 ${b.max} 之间的整数`,
      })
  }
  return out
}

/** The thresholds a program uses: its own where valid, the defaults elsewhere. */
export function fraudThresholds(program: { fraud?: Partial<FraudThresholds> }): FraudThresholds {
  const out = { ...DEFAULT_FRAUD }
  for (const key of Object.keys(DEFAULT_FRAUD) as (keyof FraudThresholds)[]) {
    const v = program.fraud?.[key]
    if (v !== undefined && !fraudThresholdProblems({ [key]: v }).length) out[key] = v
  }
  return out
}

// Signals ---------------------------------------------------------------------------------------

/** A person as far as telling them apart goes: phones, payment accounts, device keys. */
export interface Identity {
  shopperId: string
  phones: string[]
  paymentAccounts: string[]
  deviceKeys: string[]
}

/** A referred order as the rules see it. */
export interface ReferralSignal {
  orderId: string
  buyerId: string
  /** When it was paid: the moment it became a referral. */
  at: Date
  placedAt: Date
  /** The buyer's first paid order in the shop. */
  newCustomer: boolean
  buyerCreatedAt: Date
  ip: string | null
  deviceKey: string | null
  /** When the buyer first opened one of the promoter's share links before ordering; null when unknown. */
  firstClickAt: Date | null
}

export interface OrderSignals {
  order: ReferralSignal
  /** The buyer: their account phone and the phone the order ships to, this order's payer and device. */
  buyer: Identity
  /** The promoter as a person: their account phone, and the payers and devices of their own orders. */
  promoter: Identity
  /** The plan pays promoters on their own purchases: buying on one's own account is then no fraud. */
  ownPurchasesPay: boolean
  /** The promoter's other referred orders, as far back as the longest window (the order itself may be among them). */
  referrals: ReferralSignal[]
}

/** Digits only, without a +86 prefix, so 138 0013 8000 and +8613800138000 compare equal. */
export function normalizePhone(p: string): string {
  const d = p.replace(/\D/g, '')
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d
}

/** An address as one spelling: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4, IPv6 lower case. */
export function normalizeIp(ip: string): string {
  const s = ip.trim().toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  return mapped ? mapped[1] : s
}

/**
 * The range an address belongs to: `a.b.c.0/24` for IPv4, the first four groups `/64` for IPv6
 * (what one household or one mobile operator cell usually holds); null when it is not an address.
 */
export function ipRange(ip: string | null | undefined): string | null {
  if (!ip) return null
  const s = normalizeIp(ip)
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? `${v4[1]}.${v4[2]}.${v4[3]}.0/24` : null
  if (!s.includes(':') || !/^[0-9a-f:]+$/.test(s)) return null
  const [head, tail] = s.split('::')
  if (s.split('::').length > 2) return null
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(8 - left.length - right.length, 0)).fill('0'), ...right]
  if (groups.length !== 8 || groups.some((g) => g.length > 4)) return null
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

// Rules -----------------------------------------------------------------------------------------

const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****')
const tail4 = (s: string) => `…${s.slice(-4)}`
const shared = (a: string[], b: string[], norm: (s: string) => string = (s) => s) => {
  const mine = new Set(b.filter(Boolean).map(norm))
  return a.filter(Boolean).find((x) => mine.has(norm(x)))
}
const distinct = (xs: string[]) => new Set(xs).size
const seconds = (ms: number) => Math.round(ms / SECOND_MS)

/** The order and the promoter's other referrals paid within `ms` before it (and not after it). */
function within(s: OrderSignals, ms: number): ReferralSignal[] {
  const end = s.order.at.getTime()
  const others = s.referrals.filter(
    (r) => r.orderId !== s.order.orderId && r.at.getTime() <= end && r.at.getTime() > end - ms,
  )
  return [s.order, ...others]
}

const isNewAccount = (r: ReferralSignal, t: FraudThresholds) =>
  r.placedAt.getTime() - r.buyerCreatedAt.getTime() <= t.newAccountHours * HOUR_MS

/**
 * Exact self-referral: the buyer is the promoter, by account, by the phone the order ships to,
 * by the payment account, or by the device it was placed from. These refuse the commission.
 */
export function selfReferral(s: OrderSignals): FraudFlag[] {
  const out: FraudFlag[] = []
  const { buyer, promoter } = s
  if (buyer.shopperId === promoter.shopperId) {
    if (!s.ownPurchasesPay)
      out.push({
        rule: 'self_account',
        en: 'the buyer is the promoter: an order on their own account is not a referral',
        zh: '买家就是推广员本人（同一账号），自己下单不算推广',
      })
    return out
  }
  const phone = shared(buyer.phones, promoter.phones, normalizePhone)
  if (phone)
    out.push({
      rule: 'same_phone',
      en: `the order uses the phone ${maskPhone(normalizePhone(phone))}, which is the promoter's own`,
      zh: `订单使用的手机号 ${maskPhone(normalizePhone(phone))} 是推广员本人的手机号`,
    })
  const account = shared(buyer.paymentAccounts, promoter.paymentAccounts)
  if (account)
    out.push({
      rule: 'same_payment_account',
      en: `the order was paid from payment account ${tail4(account)}, which the promoter pays their own orders from`,
      zh: `订单的付款账户（尾号 ${account.slice(-4)}）与推广员本人下单的付款账户相同`,
    })
  const device = shared(buyer.deviceKeys, promoter.deviceKeys)
  if (device)
    out.push({
      rule: 'same_device',
      en: `the order was placed on device ${tail4(device)}, which the promoter places their own orders on`,
      zh: `订单的下单设备（尾号 ${device.slice(-4)}）与推广员本人下单的设备相同`,
    })
  return out
}

/** More than `maxBuyersPerIp` different buyers of the promoter ordering from this order's IP address. */
export function ipBuyers(s: OrderSignals, t: FraudThresholds): FraudFlag | null {
  if (!s.order.ip) return null
  const ip = normalizeIp(s.order.ip)
  const buyers = distinct(
    within(s, t.ipWindowDays * DAY_MS)
      .filter((r) => r.ip && normalizeIp(r.ip) === ip)
      .map((r) => r.buyerId),
  )
  if (buyers <= t.maxBuyersPerIp) return null
  return {
    rule: 'ip_buyers',
    en: `${buyers} different buyers referred by this promoter ordered from IP ${ip} within ${t.ipWindowDays} days (more than ${t.maxBuyersPerIp})`,
    zh: `${t.ipWindowDays} 天内有 ${buyers} 位经该推广员下单的不同买家使用同一 IP ${ip}（超过 ${t.maxBuyersPerIp} 位）`,
  }
}

/** More than `maxNewReferralsPerHour` new customers referred within the hour up to this order (a new customer itself). */
export function referralBurst(s: OrderSignals, t: FraudThresholds): FraudFlag | null {
  if (!s.order.newCustomer) return null
  const n = distinct(
    within(s, HOUR_MS)
      .filter((r) => r.newCustomer)
      .map((r) => r.buyerId),
  )
  if (n <= t.maxNewReferralsPerHour) return null
  return {
    rule: 'referral_burst',
    en: `${n} new customers ordered through this promoter within one hour (more than ${t.maxNewReferralsPerHour})`,
    zh: `1 小时内有 ${n} 位新客户通过该推广员下单（超过 ${t.maxNewReferralsPerHour} 位）`,
  }
}

/**
 * Many new accounts from one device or one IP range buying through the promoter: the order's
 * buyer is a new account, and more than `maxNewAccountsPerCluster` new accounts ordered through
 * the promoter from its device (or its IP range) within `newAccountHours`.
 */
export function newAccounts(s: OrderSignals, t: FraudThresholds): FraudFlag[] {
  if (!isNewAccount(s.order, t)) return []
  const fresh = within(s, t.newAccountHours * HOUR_MS).filter((r) => isNewAccount(r, t))
  const out: FraudFlag[] = []
  const h = t.newAccountHours
  if (s.order.deviceKey) {
    const n = distinct(fresh.filter((r) => r.deviceKey === s.order.deviceKey).map((r) => r.buyerId))
    if (n > t.maxNewAccountsPerCluster)
      out.push({
        rule: 'new_accounts_device',
        en: `${n} accounts registered less than ${h} hours before ordering bought through this promoter on one device (${tail4(s.order.deviceKey)}) within ${h} hours (more than ${t.maxNewAccountsPerCluster})`,
        zh: `${h} 小时内有 ${n} 个注册不到 ${h} 小时的新账号在同一设备（尾号 ${s.order.deviceKey.slice(-4)}）上通过该推广员下单（超过 ${t.maxNewAccountsPerCluster} 个）`,
      })
  }
  const range = ipRange(s.order.ip)
  if (range) {
    const n = distinct(fresh.filter((r) => ipRange(r.ip) === range).map((r) => r.buyerId))
    if (n > t.maxNewAccountsPerCluster)
      out.push({
        rule: 'new_accounts_ip_range',
        en: `${n} accounts registered less than ${h} hours before ordering bought through this promoter from the IP range ${range} within ${h} hours (more than ${t.maxNewAccountsPerCluster})`,
        zh: `${h} 小时内有 ${n} 个注册不到 ${h} 小时的新账号从同一网段 ${range} 通过该推广员下单（超过 ${t.maxNewAccountsPerCluster} 个）`,
      })
  }
  return out
}

const clickToOrder = (r: ReferralSignal) =>
  r.firstClickAt ? r.placedAt.getTime() - r.firstClickAt.getTime() : null

/**
 * Abnormal click-to-order timing. Too fast: the order was placed less than `minClickToOrderSeconds`
 * after the buyer first opened the promoter's link (choosing, filling in an address and paying
 * takes people longer; scripts do not). Too regular: the promoter's latest referred orders, more
 * than `maxSameIntervalOrders` of them in a row, all came the same time after their first click
 * (within `intervalToleranceSeconds`) — people vary, a script with a fixed delay does not.
 */
export function clickTiming(s: OrderSignals, t: FraudThresholds): FraudFlag[] {
  const out: FraudFlag[] = []
  const gap = clickToOrder(s.order)
  if (gap === null) return out
  if (t.minClickToOrderSeconds > 0 && gap < t.minClickToOrderSeconds * SECOND_MS)
    out.push({
      rule: 'fast_order',
      en: `the order was placed ${seconds(gap)} seconds after the buyer first opened the promoter's link (under ${t.minClickToOrderSeconds} seconds)`,
      zh: `买家首次打开推广链接后 ${seconds(gap)} 秒就下单（少于 ${t.minClickToOrderSeconds} 秒）`,
    })
  const [self, ...earlier] = within(s, t.intervalWindowHours * HOUR_MS)
  const run = [self, ...earlier.sort((a, b) => b.at.getTime() - a.at.getTime())].slice(
    0,
    t.maxSameIntervalOrders + 1,
  )
  const gaps = run.map(clickToOrder)
  if (run.length > t.maxSameIntervalOrders && gaps.every((g) => g !== null)) {
    const g = gaps as number[]
    if (Math.max(...g) - Math.min(...g) <= t.intervalToleranceSeconds * SECOND_MS)
      out.push({
        rule: 'regular_intervals',
        en: `the last ${run.length} orders through this promoter were each placed ${seconds(gap)} seconds (±${t.intervalToleranceSeconds}) after the buyer's first click (more than ${t.maxSameIntervalOrders} in a row)`,
        zh: `该推广员最近 ${run.length} 笔订单都在买家首次点击后 ${seconds(gap)} 秒（误差 ${t.intervalToleranceSeconds} 秒内）下单（连续超过 ${t.maxSameIntervalOrders} 笔）`,
      })
  }
  return out
}

/** Every rule on one referred order: exact self-referral blocks, the patterns hold. */
export function assessOrder(s: OrderSignals, t: FraudThresholds = DEFAULT_FRAUD): FraudVerdict {
  const block = selfReferral(s)
  const hold = [ipBuyers(s, t), referralBurst(s, t), ...newAccounts(s, t), ...clickTiming(s, t)].filter(
    (f): f is FraudFlag => f !== null,
  )
  return { block, hold }
}

/** How far back the promoter's referrals matter to `assessOrder`. */
export function lookbackMs(t: FraudThresholds): number {
  return Math.max(
    t.ipWindowDays * DAY_MS,
    HOUR_MS,
    t.newAccountHours * HOUR_MS,
    t.intervalWindowHours * HOUR_MS,
  )
}

/** A refund `refundAfterSettlementDays` days or fewer after the commission settled: held for review. */
export function refundAfterSettlement(
  settledAt: Date,
  refundedAt: Date,
  t: FraudThresholds,
): FraudFlag | null {
  if (t.refundAfterSettlementDays === 0) return null
  const gap = refundedAt.getTime() - settledAt.getTime()
  if (gap < 0 || gap > t.refundAfterSettlementDays * DAY_MS) return null
  const days = Math.floor(gap / DAY_MS)
  const hours = Math.floor(gap / HOUR_MS)
  const en = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`
  const zh = days >= 1 ? `${days} 天` : `${hours} 小时`
  return {
    rule: 'refund_after_settlement',
    en: `the order was refunded ${en} after its commission settled (within ${t.refundAfterSettlementDays} days)`,
    zh: `佣金结算后 ${zh}订单即退款（${t.refundAfterSettlementDays} 天以内）`,
  }
}

/** Whether a promoter with this many orders confirmed as fraud is suspended, and the reason in plain words. */
export function fraudSuspension(confirmedOrders: number, t: FraudThresholds): string | null {
  if (confirmedOrders < t.suspendAfterConfirmed) return null
  return `${confirmedOrders} 笔订单的佣金经核实为作弊，推广资格暂停 / commissions on ${confirmedOrders} orders were confirmed as fraud (suspended from ${t.suspendAfterConfirmed})`
}

/** Flags added to those already on a commission, one per rule (the newer text wins). */
export function mergeFlags<F extends { rule: string }>(had: F[], added: F[]): F[] {
  const by = new Map(had.map((f) => [f.rule, f]))
  for (const f of added) by.set(f.rule, f)
  return [...by.values()]
}
