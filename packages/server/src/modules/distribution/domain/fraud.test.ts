import { describe, expect, it } from 'vitest'
import {
  assessOrder,
  DEFAULT_FRAUD,
  FRAUD_BOUNDS,
  type FraudThresholds,
  fraudSuspension,
  fraudThresholdProblems,
  fraudThresholds,
  ipRange,
  lookbackMs,
  mergeFlags,
  normalizeIp,
  type OrderSignals,
  type ReferralSignal,
  refundAfterSettlement,
} from './fraud.js'

const T0 = new Date('2026-11-23T10:00:00Z')
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const at = (ms: number) => new Date(T0.getTime() + ms)

let seq = 0
/** A referred order paid at T0 + `offset`, by a long-standing buyer, placed a minute after their first click. */
function referral(over: Partial<ReferralSignal> = {}, offset = 0): ReferralSignal {
  seq++
  return {
    orderId: `o${seq}`,
    buyerId: `b${seq}`,
    at: at(offset),
    placedAt: at(offset - MIN),
    newCustomer: false,
    buyerCreatedAt: at(-400 * DAY),
    ip: `10.${seq % 250}.${(seq * 7) % 250}.${(seq * 13) % 250}`,
    deviceKey: `device-${seq}-abcdefgh`,
    firstClickAt: null,
    ...over,
  }
}

/** The order under test (paid at T0) and the promoter's other referrals. */
function signals(order: Partial<ReferralSignal> = {}, referrals: ReferralSignal[] = []): OrderSignals {
  const o = referral(order)
  return {
    order: o,
    buyer: { shopperId: o.buyerId, phones: ['13900000001'], paymentAccounts: ['wx-buyer'], deviceKeys: [] },
    promoter: {
      shopperId: 'promoter',
      phones: ['13800138000'],
      paymentAccounts: ['wx-promoter'],
      deviceKeys: ['promoter-device-1'],
    },
    ownPurchasesPay: false,
    referrals,
  }
}

const rules = (v: { block: { rule: string }[]; hold: { rule: string }[] }) => ({
  block: v.block.map((f) => f.rule),
  hold: v.hold.map((f) => f.rule),
})

/** `n` referrals by `n` different buyers, each built by `make(i)`. */
const many = (
  n: number,
  make: (i: number) => Partial<ReferralSignal>,
  offset = (i: number) => -(i + 1) * MIN,
) => Array.from({ length: n }, (_, i) => referral(make(i), offset(i)))

describe('a plain referred order', () => {
  it('is neither blocked nor held', () => {
    expect(rules(assessOrder(signals(), DEFAULT_FRAUD))).toEqual({ block: [], hold: [] })
  })
})

describe('exact self-referral is blocked', () => {
  it('own account, unless the plan pays on own purchases', () => {
    const s = signals({ buyerId: 'promoter' })
    s.buyer.shopperId = 'promoter'
    const v = assessOrder(s)
    expect(rules(v).block).toEqual(['self_account'])
    expect(v.block[0].zh).toContain('推广员本人')
    expect(assessOrder({ ...s, ownPurchasesPay: true }).block).toEqual([])
  })

  it('the order ships to the promoter’s phone (however written)', () => {
    const s = signals()
    s.buyer.phones = ['13900000001', '+86 138 0013 8000']
    const v = assessOrder(s)
    expect(rules(v).block).toEqual(['same_phone'])
    expect(v.block[0].en).toBe("the order uses the phone 138****8000, which is the promoter's own")
    expect(v.block[0].zh).toBe('订单使用的手机号 138****8000 是推广员本人的手机号')
  })

  it('paid from the promoter’s payment account', () => {
    const s = signals()
    s.buyer.paymentAccounts = ['wx-promoter']
    const v = assessOrder(s)
    expect(rules(v).block).toEqual(['same_payment_account'])
    expect(v.block[0].zh).toContain('尾号 oter')
  })

  it('placed on the promoter’s device', () => {
    const s = signals()
    s.buyer.deviceKeys = ['promoter-device-1']
    expect(rules(assessOrder(s)).block).toEqual(['same_device'])
  })

  it('different people are not matched by empty values', () => {
    const s = signals()
    s.buyer.phones = ['']
    s.promoter.phones = ['']
    s.buyer.deviceKeys = []
    expect(assessOrder(s).block).toEqual([])
  })
})

describe('more than 3 referred buyers from one IP', () => {
  const t = DEFAULT_FRAUD
  const ip = '203.0.113.9'
  it('holds the 4th buyer, not the 3rd', () => {
    const three = assessOrder(
      signals(
        { ip },
        many(2, () => ({ ip })),
      ),
      t,
    )
    expect(rules(three).hold).toEqual([])
    const four = assessOrder(
      signals(
        { ip },
        many(3, () => ({ ip })),
      ),
      t,
    )
    expect(rules(four).hold).toEqual(['ip_buyers'])
    expect(four.hold[0].en).toBe(
      '4 different buyers referred by this promoter ordered from IP 203.0.113.9 within 30 days (more than 3)',
    )
    expect(four.hold[0].zh).toBe('30 天内有 4 位经该推广员下单的不同买家使用同一 IP 203.0.113.9（超过 3 位）')
  })
  it('counts buyers, not orders, and only within the window', () => {
    const sameBuyer = many(3, () => ({ ip, buyerId: 'repeat' }))
    expect(assessOrder(signals({ ip }, sameBuyer), t).hold).toEqual([])
    const old = many(
      3,
      () => ({ ip }),
      () => -31 * DAY,
    )
    expect(assessOrder(signals({ ip }, old), t).hold).toEqual([])
    // IPv4-mapped IPv6 is the same address.
    expect(
      rules(
        assessOrder(
          signals(
            { ip: `::ffff:${ip}` },
            many(3, () => ({ ip })),
          ),
        ),
      ),
    ).toEqual({
      block: [],
      hold: ['ip_buyers'],
    })
  })
  it('follows the shop’s threshold', () => {
    const loose = { ...t, maxBuyersPerIp: 4 }
    expect(
      assessOrder(
        signals(
          { ip },
          many(3, () => ({ ip })),
        ),
        loose,
      ).hold,
    ).toEqual([])
    expect(
      rules(
        assessOrder(
          signals(
            { ip },
            many(4, () => ({ ip })),
          ),
          loose,
        ),
      ).hold,
    ).toEqual(['ip_buyers'])
  })
})

describe('more than 5 new referrals in an hour', () => {
  const fresh = { newCustomer: true }
  it('holds the 6th new customer within the hour, not the 5th', () => {
    expect(
      assessOrder(
        signals(
          fresh,
          many(4, () => fresh),
        ),
      ).hold,
    ).toEqual([])
    const six = assessOrder(
      signals(
        fresh,
        many(5, () => fresh),
      ),
    )
    expect(rules(six).hold).toEqual(['referral_burst'])
    expect(six.hold[0].en).toBe('6 new customers ordered through this promoter within one hour (more than 5)')
    expect(six.hold[0].zh).toBe('1 小时内有 6 位新客户通过该推广员下单（超过 5 位）')
  })
  it('an hour is sixty minutes back from this order; returning customers do not count', () => {
    expect(
      assessOrder(
        signals(
          fresh,
          many(
            5,
            () => fresh,
            () => -HOUR,
          ),
        ),
      ).hold,
    ).toEqual([])
    expect(
      assessOrder(
        signals(
          fresh,
          many(5, () => ({})),
        ),
      ).hold,
    ).toEqual([])
    expect(
      assessOrder(
        signals(
          {},
          many(5, () => fresh),
        ),
      ).hold,
    ).toEqual([])
  })
})

describe('many new accounts from one device or IP range', () => {
  const young = (h: number) => ({ buyerCreatedAt: at(-h * HOUR) })
  it('holds the 3rd new account on one device within 24 hours, not the 2nd', () => {
    const deviceKey = 'farm-phone-0001'
    const one = many(1, () => ({ ...young(2), deviceKey }))
    expect(assessOrder(signals({ ...young(1), deviceKey }, one)).hold).toEqual([])
    const two = many(2, () => ({ ...young(2), deviceKey }))
    const v = assessOrder(signals({ ...young(1), deviceKey }, two))
    expect(rules(v).hold).toEqual(['new_accounts_device'])
    expect(v.hold[0].en).toBe(
      '3 accounts registered less than 24 hours before ordering bought through this promoter on one device (…0001) within 24 hours (more than 2)',
    )
    expect(v.hold[0].zh).toContain('同一设备（尾号 0001）')
  })
  it('holds the 3rd new account from one /24 range, not the 2nd', () => {
    const net = (i: number) => ({ ...young(3), ip: `198.51.100.${10 + i}` })
    expect(assessOrder(signals({ ...young(1), ip: '198.51.100.200' }, many(1, net))).hold).toEqual([])
    const v = assessOrder(signals({ ...young(1), ip: '198.51.100.200' }, many(2, net)))
    expect(rules(v).hold).toEqual(['new_accounts_ip_range'])
    expect(v.hold[0].zh).toContain('同一网段 198.51.100.0/24')
  })
  it('old accounts, accounts older than 24 hours when they ordered, and an old buyer are not counted', () => {
    const deviceKey = 'farm-phone-0001'
    expect(
      assessOrder(
        signals(
          { ...young(1), deviceKey },
          many(2, () => ({ deviceKey })),
        ),
      ).hold,
    ).toEqual([])
    expect(
      assessOrder(
        signals(
          { ...young(1), deviceKey },
          many(2, () => ({ ...young(25), deviceKey })),
        ),
      ).hold,
    ).toEqual([])
    expect(
      assessOrder(
        signals(
          { deviceKey },
          many(2, () => ({ ...young(2), deviceKey })),
        ),
      ).hold,
    ).toEqual([])
  })
})

describe('abnormal click-to-order', () => {
  const clicked = (secondsBefore: number) => ({
    placedAt: at(-MIN),
    firstClickAt: at(-MIN - secondsBefore * 1000),
  })
  it('an order placed under 10 seconds after the first click is held; at 10 seconds it is not', () => {
    expect(assessOrder(signals(clicked(10))).hold).toEqual([])
    const v = assessOrder(signals(clicked(9)))
    expect(rules(v).hold).toEqual(['fast_order'])
    expect(v.hold[0].en).toBe(
      "the order was placed 9 seconds after the buyer first opened the promoter's link (under 10 seconds)",
    )
    expect(v.hold[0].zh).toBe('买家首次打开推广链接后 9 秒就下单（少于 10 秒）')
    expect(assessOrder(signals(clicked(1)), { ...DEFAULT_FRAUD, minClickToOrderSeconds: 0 }).hold).toEqual([])
  })
  it('5 orders in a row with the same click-to-order time are held; 4 are not', () => {
    const scripted = (i: number) => ({
      placedAt: at(-(i + 1) * 10 * MIN - MIN),
      firstClickAt: at(-(i + 1) * 10 * MIN - MIN - 37_000 - (i % 2) * 800),
    })
    const byPlace = (i: number) => -(i + 1) * 10 * MIN
    expect(assessOrder(signals(clicked(37), many(3, scripted, byPlace))).hold).toEqual([])
    const v = assessOrder(signals(clicked(37), many(4, scripted, byPlace)))
    expect(rules(v).hold).toEqual(['regular_intervals'])
    expect(v.hold[0].en).toBe(
      "the last 5 orders through this promoter were each placed 37 seconds (±1) after the buyer's first click (more than 4 in a row)",
    )
  })
  it('people vary: one different time, or an order without a click, breaks the run', () => {
    const scripted = (i: number) => ({ firstClickAt: at(-(i + 1) * MIN - MIN - 37_000) })
    const runs = many(4, scripted)
    runs[1] = { ...runs[1], firstClickAt: at(-2 * MIN - MIN - 95_000) }
    expect(assessOrder(signals(clicked(37), runs)).hold).toEqual([])
    runs[1] = { ...runs[1], firstClickAt: null }
    expect(assessOrder(signals(clicked(37), runs)).hold).toEqual([])
    // Only the latest run counts: an old run of identical times does not hold a new, different order.
    expect(assessOrder(signals(clicked(300), many(6, scripted))).hold).toEqual([])
  })
})

describe('refunded right after settlement', () => {
  const settled = new Date('2026-12-01T00:00:00Z')
  it('a refund within 3 days of settlement is flagged; later it is not', () => {
    const f = refundAfterSettlement(settled, new Date(settled.getTime() + 2 * DAY + HOUR), DEFAULT_FRAUD)
    expect(f).toEqual({
      rule: 'refund_after_settlement',
      en: 'the order was refunded 2 days after its commission settled (within 3 days)',
      zh: '佣金结算后 2 天订单即退款（3 天以内）',
    })
    expect(refundAfterSettlement(settled, new Date(settled.getTime() + 3 * DAY), DEFAULT_FRAUD)?.rule).toBe(
      'refund_after_settlement',
    )
    expect(
      refundAfterSettlement(settled, new Date(settled.getTime() + 3 * DAY + MIN), DEFAULT_FRAUD),
    ).toBeNull()
    expect(
      refundAfterSettlement(settled, new Date(settled.getTime() + 5 * HOUR), DEFAULT_FRAUD)?.en,
    ).toContain('refunded 5 hours after')
    expect(
      refundAfterSettlement(settled, new Date(settled.getTime() + HOUR), {
        ...DEFAULT_FRAUD,
        refundAfterSettlementDays: 0,
      }),
    ).toBeNull()
  })
})

describe('suspension after confirmed fraud', () => {
  it('suspends at 3 confirmed orders, not at 2, with the reason in words', () => {
    expect(fraudSuspension(2, DEFAULT_FRAUD)).toBeNull()
    expect(fraudSuspension(3, DEFAULT_FRAUD)).toContain('3 笔订单的佣金经核实为作弊')
    expect(fraudSuspension(1, { ...DEFAULT_FRAUD, suspendAfterConfirmed: 1 })).not.toBeNull()
  })
})

describe('thresholds', () => {
  it('defaults are within their own bounds', () => {
    expect(fraudThresholdProblems(DEFAULT_FRAUD)).toEqual([])
    for (const [k, b] of Object.entries(FRAUD_BOUNDS))
      expect(DEFAULT_FRAUD[k as keyof FraudThresholds]).toBeGreaterThanOrEqual(b.min)
  })
  it('refuses fractions, negatives, out-of-range values and unknown names, naming the field', () => {
    expect(fraudThresholdProblems({ maxBuyersPerIp: 0 })).toEqual([
      {
        field: 'fraud.maxBuyersPerIp',
        code: 'out_of_range',
        en: 'maxBuyersPerIp must be a whole number from 1 to 1000',
        zh: '同一 IP 的买家数上限须为 1 到 1000 之间的整数',
      },
    ])
    expect(fraudThresholdProblems({ ipWindowDays: 1.5 })[0].field).toBe('fraud.ipWindowDays')
    expect(fraudThresholdProblems({ refundAfterSettlementDays: -1 })).toHaveLength(1)
    expect(fraudThresholdProblems({ maxSameIntervalOrders: 1 })).toHaveLength(1)
    expect(fraudThresholdProblems({ minClickToOrderSeconds: '5' as never })).toHaveLength(1)
    expect(fraudThresholdProblems({ nope: 1 } as never)[0].code).toBe('unknown')
    expect(fraudThresholdProblems({ minClickToOrderSeconds: 0, refundAfterSettlementDays: 0 })).toEqual([])
  })
  it('a program’s valid values replace the defaults; invalid ones are ignored', () => {
    expect(fraudThresholds({})).toEqual(DEFAULT_FRAUD)
    expect(fraudThresholds({ fraud: { maxBuyersPerIp: 10, ipWindowDays: 0 } })).toEqual({
      ...DEFAULT_FRAUD,
      maxBuyersPerIp: 10,
    })
  })
  it('the look-back covers the longest window', () => {
    expect(lookbackMs(DEFAULT_FRAUD)).toBe(30 * DAY)
    expect(lookbackMs({ ...DEFAULT_FRAUD, ipWindowDays: 1, newAccountHours: 48 })).toBe(48 * HOUR)
  })
})

describe('addresses', () => {
  it('ranges: IPv4 /24, IPv6 /64, nothing for junk', () => {
    expect(ipRange('198.51.100.7')).toBe('198.51.100.0/24')
    expect(ipRange('::ffff:198.51.100.7')).toBe('198.51.100.0/24')
    expect(ipRange('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64')
    expect(ipRange('2001:DB8::1')).toBe('2001:db8:0:0::/64')
    expect(ipRange('2001:0db8:0000:0001:0:0:0:1')).toBe('2001:db8:0:1::/64')
    expect(ipRange('999.1.1.1')).toBeNull()
    expect(ipRange('not an ip')).toBeNull()
    expect(ipRange(null)).toBeNull()
    expect(normalizeIp(' ::FFFF:1.2.3.4 ')).toBe('1.2.3.4')
  })
})

describe('flags on a commission', () => {
  it('one per rule, the newer text replacing the older', () => {
    const a = { rule: 'ip_buyers' as const, en: 'a', zh: 'a' }
    const b = { rule: 'refund_after_settlement' as const, en: 'b', zh: 'b' }
    expect(mergeFlags([a], [b, { ...a, en: 'a2' }])).toEqual([{ ...a, en: 'a2' }, b])
  })
})
