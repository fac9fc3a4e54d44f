/** The shop's timezone: days (and daily chances) turn over at its midnight, by server time. */
export const SHOP_TIME_ZONE = 'Asia/Shanghai'

const formats = new Map<string, Intl.DateTimeFormat>()

/** The calendar day `at` falls on in `timeZone`, as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone = SHOP_TIME_ZONE): string {
  let f = formats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formats.set(timeZone, f)
  }
  return f.format(at)
}
