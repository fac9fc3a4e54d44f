import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_STAFF_ROWS,
  normalisePhone,
  rankDense,
  readStaffSheet,
  resolveRange,
  type SheetRow,
  shanghaiDay,
} from './leaderboard.js'

const PHONE = /^1[3-9]\d{9}$/
const isPhone = (p: string) => PHONE.test(p)
const at = (iso: string) => new Date(iso)
const range = (...args: Parameters<typeof resolveRange>) => {
  const r = resolveRange(...args)
  if ('problem' in r) throw new Error(r.problem.en)
  return { from: r.from.toISOString(), to: r.to.toISOString() }
}
const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells }))

describe('resolveRange (Asia/Shanghai)', () => {
  it('today is the Shanghai calendar day, also just after midnight there (still the previous day in UTC)', () => {
    expect(range('today', at('2026-11-23T02:00:00Z'))).toEqual({
      from: '2026-11-22T16:00:00.000Z',
      to: '2026-11-23T16:00:00.000Z',
    })
    // 00:30 on the 24th in Shanghai is 16:30 on the 23rd in UTC.
    expect(range('today', at('2026-11-23T16:30:00Z'))).toEqual({
      from: '2026-11-23T16:00:00.000Z',
      to: '2026-11-24T16:00:00.000Z',
    })
    // 23:59 on the 23rd in Shanghai.
    expect(range('today', at('2026-11-23T15:59:59Z')).from).toBe('2026-11-22T16:00:00.000Z')
  })

  it('a week starts on Monday, also when asked on Sunday or on Monday itself', () => {
    const week = { from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z' } // Mon 23 – Sun 29 Nov
    expect(range('week', at('2026-11-22T16:00:00Z'))).toEqual(week) // Monday 00:00
    expect(range('week', at('2026-11-25T04:00:00Z'))).toEqual(week) // Wednesday
    expect(range('week', at('2026-11-29T15:59:59Z'))).toEqual(week) // Sunday 23:59:59
    // Sunday 22 Nov, 23:00 in Shanghai belongs to the week before.
    expect(range('week', at('2026-11-22T15:00:00Z')).from).toBe('2026-11-15T16:00:00.000Z')
  })

  it('weeks and months cross month and year ends', () => {
    // Thursday 31 Dec 2026: the week runs Mon 28 Dec – Sun 3 Jan.
    expect(range('week', at('2026-12-31T04:00:00Z'))).toEqual({
      from: '2026-12-27T16:00:00.000Z',
      to: '2027-01-03T16:00:00.000Z',
    })
    expect(range('month', at('2026-12-31T20:00:00Z'))).toEqual({
      // 04:00 on 1 Jan 2027 in Shanghai: January.
      from: '2026-12-31T16:00:00.000Z',
      to: '2027-01-31T16:00:00.000Z',
    })
    expect(range('month', at('2028-02-10T00:00:00Z'))).toEqual({
      from: '2028-01-31T16:00:00.000Z',
      to: '2028-02-29T16:00:00.000Z',
    })
  })

  it('custom covers whole Shanghai days, both ends included', () => {
    expect(range('custom', at('2026-11-23T02:00:00Z'), { from: '2026-11-01', to: '2026-11-01' })).toEqual({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-01T16:00:00.000Z',
    })
    expect(range('custom', at('2026-11-23T02:00:00Z'), { from: '2025-11-23', to: '2026-11-23' }).to).toBe(
      '2026-11-23T16:00:00.000Z',
    )
  })

  it('refuses missing, malformed, impossible, reversed and overlong custom days, and days without custom', () => {
    const now = at('2026-11-23T02:00:00Z')
    const problem = (r: ReturnType<typeof resolveRange>) => ('problem' in r ? r.problem : undefined)
    expect(problem(resolveRange('custom', now, { from: '2026-11-01' }))).toMatchObject({
      field: 'to',
      code: 'missing',
    })
    expect(problem(resolveRange('custom', now, { from: '2026/11/01', to: '2026-11-02' }))).toMatchObject({
      field: 'from',
      code: 'invalid_date',
    })
    expect(problem(resolveRange('custom', now, { from: '2026-02-01', to: '2026-02-30' }))).toMatchObject({
      field: 'to',
      code: 'invalid_date',
    })
    expect(problem(resolveRange('custom', now, { from: '2026-11-02', to: '2026-11-01' }))).toMatchObject({
      field: 'to',
      code: 'before_from',
      zh: '结束日期不能早于开始日期',
    })
    expect(problem(resolveRange('custom', now, { from: '2024-01-01', to: '2025-01-01' }))).toMatchObject({
      field: 'to',
      code: 'too_long',
    })
    expect(problem(resolveRange('today', now, { from: '2026-11-01' }))).toMatchObject({
      field: 'from',
      code: 'custom_only',
    })
  })

  it('every instant falls in exactly the day, week and month that shanghaiDay names', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const now = new Date(ms)
        const day = shanghaiDay(now)
        for (const r of ['today', 'week', 'month'] as const) {
          const x = resolveRange(r, now)
          if ('problem' in x) return false
          if (!(x.from <= now && now < x.to)) return false
        }
        const today = resolveRange('today', now) as { from: Date; to: Date }
        const custom = resolveRange('custom', now, { from: day, to: day }) as { from: Date; to: Date }
        const week = resolveRange('week', now) as { from: Date; to: Date }
        return (
          today.from.getTime() === custom.from.getTime() &&
          today.to.getTime() - today.from.getTime() === 86_400_000 &&
          week.to.getTime() - week.from.getTime() === 7 * 86_400_000 &&
          // Monday in Shanghai.
          new Date(week.from.getTime() + 8 * 3_600_000).getUTCDay() === 1
        )
      }),
    )
  })
})

describe('rankDense', () => {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
  it('gives equal values the same rank and the next value the next number', () => {
    const ranked = rankDense(
      [
        { name: 'd', v: 80 },
        { name: 'b', v: 100 },
        { name: 'a', v: 100 },
        { name: 'c', v: 0 },
        { name: 'e', v: 0 },
      ],
      (x) => x.v,
      byName,
    )
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['d', 2],
      ['c', 3],
      ['e', 3],
    ])
  })

  it('is an ordering whose ranks start at 1, step by at most 1 and tie exactly on equal values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (values) => {
        const ranked = rankDense(
          values.map((v, i) => ({ name: String(i).padStart(3, '0'), v })),
          (x) => x.v,
          byName,
        )
        if (ranked.length !== values.length) return false
        return ranked.every((r, i) => {
          if (i === 0) return r.rank === 1
          const p = ranked[i - 1]
          return p.v === r.v ? p.rank === r.rank : p.v > r.v && r.rank === p.rank + 1
        })
      }),
    )
  })
})

describe('readStaffSheet', () => {
  it('reads English or Chinese headers in any order, skips blank rows and ignores other columns', () => {
    const zh = readStaffSheet(
      sheet(
        ['部门', '备注', '姓名', '手机号', '工号'],
        ['销售一部', 'x', ' 张 三 ', '138 0013 8000', 'A001'],
        ['', '', '', '', ''],
        ['市场部', '', '李四', '+8613900139000', ''],
      ),
      isPhone,
    )
    expect(zh.problems).toEqual([])
    expect(zh.rows).toEqual([
      { row: 2, name: '张 三', phone: '13800138000', department: '销售一部', employeeNo: 'A001' },
      { row: 4, name: '李四', phone: '13900139000', department: '市场部', employeeNo: null },
    ])
    const en = readStaffSheet(
      sheet(['Name', 'Phone', 'Department', 'Employee No'], ['Ann', '13800138000', 'Sales', 'E1']),
      isPhone,
    )
    expect(en.rows).toEqual([
      { row: 2, name: 'Ann', phone: '13800138000', department: 'Sales', employeeNo: 'E1' },
    ])
  })

  it('reports every problem with its row number, in English and Chinese', () => {
    const { rows, problems } = readStaffSheet(
      sheet(
        ['name', 'phone', 'department', 'employee no'],
        ['张三', '13800138000', '销售部', 'A1'],
        ['', '1380013800', '销售部', ''],
        ['王五', '13800138000', '', 'A1'],
        ['赵六', '', '市场部', ''],
        ['x'.repeat(51), '13700137000', '市场部', ''],
      ),
      isPhone,
    )
    expect(rows.map((r) => r.row)).toEqual([2])
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [3, 'name', 'missing'],
      [3, 'phone', 'invalid_phone'],
      [4, 'department', 'missing'],
      [4, 'phone', 'duplicate_phone'],
      [4, 'employeeNo', 'duplicate_employee_no'],
      [5, 'phone', 'missing'],
      [6, 'name', 'too_long'],
    ])
    expect(problems[3]).toMatchObject({
      en: 'row 4: the phone 13800138000 is already on row 2',
      zh: '第 4 行：手机号 13800138000 与第 2 行重复',
    })
    expect(problems[1].zh).toBe('第 3 行：手机号 1380013800 不是正确的 11 位手机号')
  })

  it('refuses a header without the required columns, an empty file and too many rows', () => {
    expect(
      readStaffSheet(sheet(['姓名', '电话号']), isPhone).problems.map((p) => [p.row, p.field, p.code]),
    ).toEqual([
      [1, 'phone', 'missing_column'],
      [1, 'department', 'missing_column'],
    ])
    expect(readStaffSheet(sheet(['姓名', '姓名', '手机', '部门']), isPhone).problems[0]).toMatchObject({
      code: 'duplicate_column',
      zh: '表头中「姓名」列出现了两次',
    })
    expect(readStaffSheet([], isPhone).problems[0]).toMatchObject({ row: 0, code: 'empty' })
    expect(readStaffSheet(sheet(['姓名', '手机', '部门']), isPhone).problems[0]).toMatchObject({
      code: 'empty',
    })
    const many = sheet(
      ['姓名', '手机', '部门'],
      ...Array.from({ length: MAX_STAFF_ROWS + 1 }, (_, i) => [
        `n${i}`,
        `138${String(i).padStart(8, '0')}`,
        'd',
      ]),
    )
    expect(readStaffSheet(many, isPhone).problems[0]).toMatchObject({ code: 'too_many_rows' })
  })

  it('normalises phones as typed: spaces, dashes and the country prefix', () => {
    expect(normalisePhone('138-0013-8000')).toBe('13800138000')
    expect(normalisePhone('86 138 0013 8000')).toBe('13800138000')
    expect(normalisePhone('+86-13800138000')).toBe('13800138000')
    expect(normalisePhone('8613800')).toBe('8613800')
  })
})
