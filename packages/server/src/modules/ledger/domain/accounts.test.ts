import { describe, expect, it } from 'vitest'
import { accounts, assertBalanced } from './accounts.js'

describe('assertBalanced', () => {
  it('accepts entries that sum to zero and refuses the rest', () => {
    const cash = accounts.providerCash('sandbox')
    expect(() =>
      assertBalanced([
        { account: cash, amountFen: 100 },
        { account: accounts.sales, amountFen: -100 },
      ]),
    ).not.toThrow()
    expect(() =>
      assertBalanced([
        { account: cash, amountFen: 100 },
        { account: accounts.sales, amountFen: -99 },
      ]),
    ).toThrow(/unbalanced/)
    expect(() =>
      assertBalanced([
        { account: cash, amountFen: 0.5 },
        { account: accounts.sales, amountFen: -0.5 },
      ]),
    ).toThrow(/bad entry/)
    expect(() => assertBalanced([{ account: cash, amountFen: 100 }])).toThrow(/two entries/)
  })
})
