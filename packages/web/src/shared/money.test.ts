import { describe, expect, it } from 'vitest'
import { fenToYuanString, formatFen, splitFen, yuanToFen } from './money'

describe('formatFen', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(1230)).toBe('¥12.30')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(100)).toBe('¥1.00')
  })
  it('groups thousands and keeps the sign in front', () => {
    expect(formatFen(123456789)).toBe('¥1,234,567.89')
    expect(formatFen(-500)).toBe('-¥5.00')
  })
  it('can drop .00 and change the symbol', () => {
    expect(formatFen(39900, { trimZeros: true })).toBe('¥399')
    expect(formatFen(39950, { trimZeros: true })).toBe('¥399.50')
    expect(formatFen(100, { symbol: '' })).toBe('1.00')
  })
  it('shows a dash for missing amounts', () => {
    expect(formatFen(null)).toBe('¥--')
    expect(formatFen(undefined)).toBe('¥--')
    expect(formatFen(Number.NaN)).toBe('¥--')
  })
})

describe('splitFen', () => {
  it('splits into yuan and cents for a two-size price tag', () => {
    expect(splitFen(1999)).toEqual({ sign: '', yuan: '19', cents: '99' })
    expect(splitFen(-7)).toEqual({ sign: '-', yuan: '0', cents: '07' })
  })
})

describe('yuanToFen', () => {
  it('parses what an operator types without float drift', () => {
    expect(yuanToFen('12.3')).toBe(1230)
    expect(yuanToFen('0.07')).toBe(7)
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('1,299.00')).toBe(129900)
    expect(yuanToFen('¥8')).toBe(800)
    expect(yuanToFen(' 5. ')).toBe(500)
    expect(yuanToFen('0.30')).toBe(30)
    expect(yuanToFen(String(0.1 + 0.2).slice(0, 4))).toBe(30)
  })
  it('refuses anything that is not an amount with at most two decimals', () => {
    for (const bad of ['', 'abc', '1.234', '1e3', '--1', '.5', null, undefined])
      expect(yuanToFen(bad)).toBeNull()
  })
  it('keeps negatives', () => {
    expect(yuanToFen('-3.5')).toBe(-350)
  })
  it('round-trips with fenToYuanString', () => {
    for (const fen of [0, 1, 99, 100, 1234567, 39900]) expect(yuanToFen(fenToYuanString(fen))).toBe(fen)
    expect(fenToYuanString(null)).toBe('')
  })
})
