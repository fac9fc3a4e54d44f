/**
 * Staff selling, pure rules: which instants a leaderboard's range covers (days, weeks and months
 * as people in China count them), dense ranking with ties, and reading a staff list sheet into
 * rows or problems with their row numbers.
 */

export type LeaderboardMetric = 'gmv' | 'orders' | 'new_customers'
export type LeaderboardRange = 'today' | 'week' | 'month' | 'custom'

/** A problem with the input, in both languages; `field` names the query parameter or sheet column. */
export interface Problem {
  field: string
  code: string
  en: string
  zh: string
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
/** The longest custom range: a year and a day, so a full leap year fits. */
export const MAX_CUSTOM_DAYS = 366
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Midnight in Shanghai of the Shanghai calendar day `y-m-d` (month 0-based, overflow rolls over). */
const shanghaiMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - SHANGHAI_OFFSET_MS)

/** The Shanghai calendar date of an instant: year, month (0-based), day, weekday (0 = Sunday). */
function shanghaiDate(at: Date) {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS)
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth(),
    d: local.getUTCDate(),
    weekday: local.getUTCDay(),
  }
}

/** `YYYY-MM-DD` of an instant as a Shanghai calendar date. */
export function shanghaiDay(at: Date): string {
  const { y, m, d } = shanghaiDate(at)
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function parseDay(s: string): Date | undefined {
  const m = DATE.exec(s)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])]
  const at = shanghaiMidnight(y, mo, d)
  // 2026-02-30 rolls over to March: not a real date.
  return shanghaiDay(at) === s ? at : undefined
}

/**
 * The half-open interval `[from, to)` a leaderboard covers, in Shanghai time: today, this week
 * (Monday to Sunday), this month, or the custom calendar days `from`…`to`, both included.
 * Returns the problem instead when the custom days are missing, malformed, reversed or too long.
 *
 * @example resolveRange('week', new Date('2026-11-25T12:00:00Z')) // Mon 23 Nov 00:00 to Mon 30 Nov 00:00, Shanghai
 */
export function resolveRange(
  range: LeaderboardRange,
  now: Date,
  custom: { from?: string; to?: string } = {},
): { from: Date; to: Date } | { problem: Problem } {
  const problem = (field: string, code: string, en: string, zh: string) => ({
    problem: { field, code, en, zh },
  })
  if (range !== 'custom') {
    for (const field of ['from', 'to'] as const)
      if (custom[field] !== undefined)
        return problem(field, 'custom_only', 'only with range=custom', '仅在自定义时间范围（custom）时填写')
  }
  const { y, m, d, weekday } = shanghaiDate(now)
  if (range === 'today') return { from: shanghaiMidnight(y, m, d), to: shanghaiMidnight(y, m, d + 1) }
  if (range === 'week') {
    const monday = d - ((weekday + 6) % 7)
    return { from: shanghaiMidnight(y, m, monday), to: shanghaiMidnight(y, m, monday + 7) }
  }
  if (range === 'month') return { from: shanghaiMidnight(y, m, 1), to: shanghaiMidnight(y, m + 1, 1) }
  for (const field of ['from', 'to'] as const)
    if (!custom[field])
      return problem(field, 'missing', 'required with range=custom', '自定义时间范围需要填写开始和结束日期')
  const from = parseDay(custom.from!)
  if (!from) return problem('from', 'invalid_date', 'a date as YYYY-MM-DD', '请填写 YYYY-MM-DD 格式的日期')
  const last = parseDay(custom.to!)
  if (!last) return problem('to', 'invalid_date', 'a date as YYYY-MM-DD', '请填写 YYYY-MM-DD 格式的日期')
  if (last < from) return problem('to', 'before_from', 'on or after from', '结束日期不能早于开始日期')
  const to = new Date(last.getTime() + DAY_MS)
  if ((to.getTime() - from.getTime()) / DAY_MS > MAX_CUSTOM_DAYS)
    return problem(
      'to',
      'too_long',
      `at most ${MAX_CUSTOM_DAYS} days after from`,
      `时间范围最长 ${MAX_CUSTOM_DAYS} 天`,
    )
  return { from, to }
}

/**
 * Ranks entries by `value`, highest first. Ranks are dense: equal values share a rank and the next
 * value takes the next number (100, 100, 80 → 1, 1, 2). Ties are listed in `tieBreak` order, so
 * the list is the same on every call.
 */
export function rankDense<T>(
  items: readonly T[],
  value: (t: T) => number,
  tieBreak: (a: T, b: T) => number,
): (T & { rank: number })[] {
  const sorted = [...items].sort((a, b) => value(b) - value(a) || tieBreak(a, b))
  let rank = 0
  let previous: number | undefined
  return sorted.map((item) => {
    const v = value(item)
    if (v !== previous) {
      rank++
      previous = v
    }
    return { ...item, rank }
  })
}

// Staff list sheets -----------------------------------------------------------------------------

export type StaffColumn = 'name' | 'phone' | 'department' | 'employeeNo'

/** One valid row of a staff list, with the sheet row it came from. */
export interface StaffRow {
  row: number
  name: string
  phone: string
  department: string
  employeeNo: string | null
}

/** A problem on one row of the sheet (row 1 is the header) or with the file as a whole (row 0). */
export interface RowProblem extends Problem {
  row: number
}

/** A sheet as read from CSV or xlsx: each row's number as the spreadsheet shows it, and its cells as text. */
export interface SheetRow {
  row: number
  cells: string[]
}

export const MAX_STAFF_ROWS = 5000
const MAX_TEXT = 50

/** The headers each column is recognised by, after trimming, lower-casing and dropping `*`, spaces, `_` and `-`. */
const HEADERS: Record<StaffColumn, string[]> = {
  name: ['name', 'staffname', '姓名', '员工姓名', '名字'],
  phone: ['phone', 'mobile', 'phonenumber', 'mobilephone', '手机号', '手机', '手机号码', '电话'],
  department: ['department', 'dept', '部门', '所属部门'],
  employeeNo: ['employeeno', 'employeenumber', 'employeeid', 'staffno', '工号', '员工编号', '员工号'],
}
const REQUIRED: StaffColumn[] = ['name', 'phone', 'department']
const COLUMN_ZH: Record<StaffColumn, string> = {
  name: '姓名',
  phone: '手机号',
  department: '部门',
  employeeNo: '工号',
}

const headerKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s*_\-（）()]/g, '')

/**
 * A phone number as people type it into a sheet: spaces and dashes dropped, a +86 or 86 country
 * prefix dropped. Whether it is a valid mobile number is for the caller's rule to say.
 */
export const normalisePhone = (s: string) => {
  const digits = s.replace(/[\s\-()（）]/g, '')
  return /^(\+?86)1\d{10}$/.test(digits) ? digits.replace(/^\+?86/, '') : digits
}

/**
 * Reads a staff list: the first non-empty row is the header (name, phone, department and an
 * optional employee number, in English or Chinese, in any order; other columns are ignored).
 * Every row is checked (missing fields, phone format by `isPhone`, overlong text, a phone or
 * employee number that appears twice) and every problem is reported with its row number, so one
 * pass shows all there is to fix. Blank rows are skipped.
 */
export function readStaffSheet(
  sheet: readonly SheetRow[],
  isPhone: (phone: string) => boolean,
): { rows: StaffRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const nonEmpty = sheet.filter((r) => r.cells.some((c) => c.trim() !== ''))
  if (!nonEmpty.length)
    return {
      rows: [],
      problems: [
        {
          row: 0,
          field: 'file',
          code: 'empty',
          en: 'the file has no rows; the first row names the columns: name, phone, department',
          zh: '文件中没有内容；第一行为表头：姓名、手机号、部门',
        },
      ],
    }
  const [header, ...body] = nonEmpty
  const index = new Map<StaffColumn, number>()
  header.cells.forEach((cell, i) => {
    const key = headerKey(cell)
    const column = (Object.keys(HEADERS) as StaffColumn[]).find((c) => HEADERS[c].includes(key))
    if (!column) return
    if (index.has(column))
      problems.push({
        row: header.row,
        field: column,
        code: 'duplicate_column',
        en: `the column ${column} appears twice`,
        zh: `表头中「${COLUMN_ZH[column]}」列出现了两次`,
      })
    else index.set(column, i)
  })
  for (const column of REQUIRED)
    if (!index.has(column))
      problems.push({
        row: header.row,
        field: column,
        code: 'missing_column',
        en: `no ${column} column (the header may say ${column} or ${COLUMN_ZH[column]})`,
        zh: `缺少「${COLUMN_ZH[column]}」列（表头可写 ${COLUMN_ZH[column]} 或 ${column}）`,
      })
  if (problems.length) return { rows: [], problems }
  if (!body.length)
    problems.push({
      row: 0,
      field: 'file',
      code: 'empty',
      en: 'the file has a header but no staff rows',
      zh: '文件只有表头，没有员工数据',
    })
  if (body.length > MAX_STAFF_ROWS)
    return {
      rows: [],
      problems: [
        {
          row: 0,
          field: 'file',
          code: 'too_many_rows',
          en: `at most ${MAX_STAFF_ROWS} staff rows per file`,
          zh: `每个文件最多 ${MAX_STAFF_ROWS} 行员工数据`,
        },
      ],
    }

  const rows: StaffRow[] = []
  const phoneRow = new Map<string, number>()
  const employeeRow = new Map<string, number>()
  for (const r of body) {
    const cell = (c: StaffColumn) => {
      const i = index.get(c)
      return i === undefined ? '' : (r.cells[i] ?? '').trim()
    }
    const problem = (field: StaffColumn, code: string, en: string, zh: string) =>
      problems.push({ row: r.row, field, code, en: `row ${r.row}: ${en}`, zh: `第 ${r.row} 行：${zh}` })
    const before = problems.length
    const name = cell('name').replace(/\s+/g, ' ')
    const department = cell('department').replace(/\s+/g, ' ')
    const employeeNo = cell('employeeNo') || null
    const rawPhone = cell('phone')
    const phone = normalisePhone(rawPhone)
    for (const [field, value] of [
      ['name', name],
      ['phone', rawPhone],
      ['department', department],
    ] as const) {
      if (!value) problem(field, 'missing', `${field} is missing`, `缺少${COLUMN_ZH[field]}`)
      else if (value.length > MAX_TEXT)
        problem(
          field,
          'too_long',
          `${field} is longer than ${MAX_TEXT} characters`,
          `${COLUMN_ZH[field]}超过 ${MAX_TEXT} 个字`,
        )
    }
    if (employeeNo && employeeNo.length > MAX_TEXT)
      problem(
        'employeeNo',
        'too_long',
        `employee no is longer than ${MAX_TEXT} characters`,
        `工号超过 ${MAX_TEXT} 个字`,
      )
    if (rawPhone && !isPhone(phone))
      problem(
        'phone',
        'invalid_phone',
        `${rawPhone} is not an 11-digit mainland mobile number`,
        `手机号 ${rawPhone} 不是正确的 11 位手机号`,
      )
    else if (rawPhone) {
      const first = phoneRow.get(phone)
      if (first !== undefined)
        problem(
          'phone',
          'duplicate_phone',
          `the phone ${phone} is already on row ${first}`,
          `手机号 ${phone} 与第 ${first} 行重复`,
        )
      else phoneRow.set(phone, r.row)
    }
    if (employeeNo) {
      const first = employeeRow.get(employeeNo)
      if (first !== undefined)
        problem(
          'employeeNo',
          'duplicate_employee_no',
          `the employee no ${employeeNo} is already on row ${first}`,
          `工号 ${employeeNo} 与第 ${first} 行重复`,
        )
      else employeeRow.set(employeeNo, r.row)
    }
    if (problems.length === before) rows.push({ row: r.row, name, phone, department, employeeNo })
  }
  return { rows, problems }
}
