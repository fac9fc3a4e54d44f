/** Opening hours are read in the shop's time zone. */
export const SHOP_TIME_ZONE = 'Asia/Shanghai'

/**
 * When a pickup point is open: periods, each on some days of the week (1 = Monday … 7 = Sunday)
 * from `opens` to `closes` (HH:MM, shop time; `closes` may be 24:00). A day may have several
 * periods (a lunch break), never overlapping.
 */
export interface OpeningPeriod {
  days: number[]
  opens: string
  closes: string
}

export type OpeningHours = OpeningPeriod[]

export interface Problem {
  field: string
  en: string
  zh: string
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
const DAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']
const DAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
export const MAX_PERIODS = 14

/** What is wrong with opening hours, each naming its field under `prefix` (e.g. `hours.1.closes`). */
export function hoursProblems(hours: OpeningHours, prefix = 'hours'): Problem[] {
  const out: Problem[] = []
  if (!hours.length)
    out.push({ field: prefix, en: 'at least one opening period', zh: '请至少填写一个营业时段' })
  if (hours.length > MAX_PERIODS)
    out.push({
      field: prefix,
      en: `at most ${MAX_PERIODS} opening periods`,
      zh: `营业时段最多 ${MAX_PERIODS} 个`,
    })
  hours.forEach((p, i) => {
    const f = `${prefix}.${i}`
    if (!p.days.length) out.push({ field: `${f}.days`, en: 'at least one day', zh: '请选择至少一天' })
    if (p.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      out.push({
        field: `${f}.days`,
        en: 'days are 1 (Monday) to 7 (Sunday)',
        zh: '星期须为 1（周一）到 7（周日）',
      })
    if (new Set(p.days).size !== p.days.length)
      out.push({ field: `${f}.days`, en: 'a day is listed twice', zh: '同一天重复选择' })
    for (const k of ['opens', 'closes'] as const)
      if (!HHMM.test(p[k])) out.push({ field: `${f}.${k}`, en: 'a time as HH:MM', zh: '时间格式应为 HH:MM' })
    if (HHMM.test(p.opens) && HHMM.test(p.closes) && minutes(p.opens) >= minutes(p.closes))
      out.push({
        field: `${f}.closes`,
        en: `closes (${p.closes}) must be after opens (${p.opens})`,
        zh: `结束时间（${p.closes}）须晚于开始时间（${p.opens}）`,
      })
  })
  if (out.length) return out
  // Periods on the same day must not overlap.
  for (let d = 1; d <= 7; d++) {
    const day = hours
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.days.includes(d))
      .sort((a, b) => minutes(a.p.opens) - minutes(b.p.opens))
    for (let k = 1; k < day.length; k++)
      if (minutes(day[k].p.opens) < minutes(day[k - 1].p.closes))
        out.push({
          field: `${prefix}.${day[k].i}`,
          en: `overlaps another period on ${DAY_EN[d]}`,
          zh: `与${DAY_ZH[d]}的另一个时段重叠`,
        })
  }
  return out
}

const parts = new Map<string, Intl.DateTimeFormat>()
/** The ISO weekday (1 = Monday) and minute of the day of `at` in `timeZone`. */
export function weekMinute(at: Date, timeZone = SHOP_TIME_ZONE): { day: number; minute: number } {
  let f = parts.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    parts.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]))
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1
  return { day, minute: Number(p.hour) * 60 + Number(p.minute) }
}

/** Whether the hours are open at `at` (shop time). */
export function isOpenAt(hours: OpeningHours, at: Date, timeZone = SHOP_TIME_ZONE): boolean {
  const { day, minute } = weekMinute(at, timeZone)
  return hours.some((p) => p.days.includes(day) && minutes(p.opens) <= minute && minute < minutes(p.closes))
}
