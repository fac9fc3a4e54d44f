import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { fileWorld } from '../../../test/helpers.js'
import { fen, formatYuan, prorate } from '../money.js'

const world = await fileWorld()

describe('the money codec, on this engine', () => {
  it('reads bigint and count(*) back as safe JS integers', async () => {
    const r = await sql<{
      a: unknown
      b: unknown
      c: unknown
    }>`select 123456789012::bigint as a, -5::bigint as b, count(*) as c from (values (1), (2)) v`.execute(
      world.core.db,
    )
    expect(r.rows[0]).toEqual({ a: 123456789012, b: -5, c: 2 })
    expect(typeof r.rows[0].a).toBe('number')
  })

  it('refuses an int8 beyond the safe range instead of rounding it', async () => {
    const big = sql`select 9007199254740993::bigint as a`.execute(world.core.db)
    if (world.core.engine === 'postgres') await expect(big).rejects.toThrow(/safe range/)
    else {
      // PGlite parses int8 itself; whatever it hands back, the money codec must not accept a rounded value.
      const v = (await big).rows[0] as { a: unknown }
      expect(() => fen(v.a)).toThrow()
    }
  })
})

describe('money helpers', () => {
  it('prorates with parts that always sum to the whole', () => {
    for (const [total, weights] of [
      [100, [1, 1, 1]],
      [1, [1, 1]],
      [9999, [3, 7, 11, 13]],
      [0, [1, 2]],
    ] as [number, number[]][]) {
      const parts = prorate(total, weights)
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total)
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true)
    }
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33])
  })

  it('formats fen as yuan and refuses fractions', () => {
    expect(formatYuan(123456)).toBe('1234.56')
    expect(formatYuan(-5)).toBe('-0.05')
    expect(() => fen(1.5)).toThrow()
    expect(fen('42')).toBe(42)
  })
})
