import { describe, expect, it } from 'vitest'
import { importTaxFen, withImportTaxFen } from './import-tax.js'

describe('importTaxFen', () => {
  it('takes the rate of the amount in whole fen', () => {
    expect(importTaxFen(10_000, 910)).toBe(910)
    expect(importTaxFen(9900, 910)).toBe(901) // 900.9
    expect(importTaxFen(0, 910)).toBe(0)
    expect(importTaxFen(12_345, 0)).toBe(0)
    expect(importTaxFen(12_345, 10_000)).toBe(12_345)
  })

  it('rounds half up, not to even', () => {
    expect(importTaxFen(5, 1000)).toBe(1) // 0.5
    expect(importTaxFen(25, 1000)).toBe(3) // 2.5
    expect(importTaxFen(24, 1000)).toBe(2) // 2.4
    expect(importTaxFen(1, 4999)).toBe(0) // 0.4999
    expect(importTaxFen(1, 5000)).toBe(1) // 0.5
  })

  it('stays exact for the largest amounts', () => {
    // 9007199254740991 × 0.9999 = 9006298534815516.9009
    expect(importTaxFen(Number.MAX_SAFE_INTEGER, 9999)).toBe(9_006_298_534_815_517)
  })

  it('refuses fractions of a fen, negative amounts and rates outside 0 to 10000 bp', () => {
    expect(() => importTaxFen(99.5, 910)).toThrow(RangeError)
    expect(() => importTaxFen(-1, 910)).toThrow(RangeError)
    expect(() => importTaxFen(100, -1)).toThrow(RangeError)
    expect(() => importTaxFen(100, 10_001)).toThrow(RangeError)
    expect(() => importTaxFen(100, 9.1)).toThrow(RangeError)
  })
})

describe('withImportTaxFen', () => {
  it('adds the tax to the amount', () => {
    expect(withImportTaxFen(9900, 910)).toBe(10_801)
  })
})
