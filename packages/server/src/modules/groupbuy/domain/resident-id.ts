/** The mainland 18-digit resident ID a cross-border group needs for customs. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** The check character for each remainder of the weighted sum mod 11 (ISO 7064 MOD 11-2). */
const CHECK_CHARS = '10X98765432'
const CHINA_OFFSET_MS = 8 * 3_600_000

export type ResidentIdProblem = 'format' | 'checksum' | 'birth_date'

/** The ISO 7064 MOD 11-2 check character (0-9 or X) for the first 17 digits of a resident ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('17 digits expected')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/** The ID as stored and compared: no surrounding spaces, a trailing x in upper case. */
export const normalizeResidentId = (id: string) => id.trim().toUpperCase()

/**
 * Why a resident ID cannot be accepted, or undefined when it can: 17 digits and a check character
 * that matches, and a birth date (digits 7–14) that exists, is not before 1900 and not after
 * `today` in China time.
 */
export function residentIdProblem(id: string, today: Date): ResidentIdProblem | undefined {
  const value = normalizeResidentId(id)
  if (!/^\d{17}[\dX]$/.test(value)) return 'format'
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return 'checksum'
  const digits = value.slice(6, 14)
  const iso = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`
  const birth = new Date(`${iso}T00:00:00Z`)
  // An impossible date either does not parse or rolls over into another day.
  const exists = !Number.isNaN(birth.getTime()) && birth.toISOString().startsWith(iso)
  const todayInChina = new Date(today.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
  if (!exists || iso < '1900-01-01' || iso > todayInChina) return 'birth_date'
  return undefined
}

/** How an ID is shown and logged: the area code and the last four characters, the birth date hidden. */
export function maskResidentId(id: string): string {
  const value = normalizeResidentId(id)
  if (value.length !== 18) return '*'.repeat(value.length)
  return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(14)}`
}
