import { describe, expect, it } from 'vitest'
import { decideBatch } from './purchase-batch.js'

describe('decideBatch', () => {
  it('sells in arrival order until the stock is gone', () => {
    const r = decideBatch(
      ['a', 'b', 'c', 'd'].map((s) => ({ shopperId: s, quantity: 1 })),
      { left: 2, limit: 1, standing: new Map() },
    )
    expect(r.decisions.map((d) => d.kind)).toEqual(['new', 'new', 'refused', 'refused'])
    expect(r.decisions[2]).toEqual({ kind: 'refused', code: 'sold_out' })
    expect(r.left).toBe(0)
  })

  it('a repeat returns the unpaid purchase, in the batch or from before', () => {
    const r = decideBatch(
      [
        { shopperId: 'a', quantity: 1 },
        { shopperId: 'a', quantity: 1 },
        { shopperId: 'b', quantity: 1 },
      ],
      { left: 5, limit: 3, standing: new Map([['b', { activeQuantity: 1, pending: 'pb' }]]) },
    )
    expect(r.decisions).toEqual([
      { kind: 'new' },
      { kind: 'same_as', index: 0 },
      { kind: 'existing', purchase: 'pb' },
    ])
    expect(r.left).toBe(4)
  })

  it('counts paid units and takes towards the per-person limit', () => {
    const r = decideBatch(
      [
        { shopperId: 'a', quantity: 2 },
        { shopperId: 'b', quantity: 1 },
        { shopperId: 'c', quantity: 3 },
      ],
      { left: 10, limit: 2, standing: new Map([['b', { activeQuantity: 2 }]]) },
    )
    expect(r.decisions.map((d) => (d.kind === 'refused' ? d.code : d.kind))).toEqual([
      'new',
      'limit_reached',
      'limit_reached',
    ])
  })

  it('a request larger than what is left is sold out, a smaller one after it still sells', () => {
    const r = decideBatch(
      [
        { shopperId: 'a', quantity: 2 },
        { shopperId: 'b', quantity: 1 },
      ],
      { left: 1, limit: 2, standing: new Map() },
    )
    expect(r.decisions.map((d) => d.kind)).toEqual(['refused', 'new'])
  })
})
