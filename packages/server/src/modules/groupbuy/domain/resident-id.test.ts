import { describe, expect, it } from 'vitest'
import { maskResidentId, normalizeResidentId, residentIdCheckChar, residentIdProblem } from './resident-id.js'

/** The MOD 11-2 check from its definition: weights 2^(17-i) mod 11, check (12 - sum mod 11) mod 11, 10 as X. */
function check(first17: string) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11)
  const c = (12 - (sum % 11)) % 11
  return c === 10 ? 'X' : String(c)
}
/** A made-up ID: area 999999 exists nowhere, so no person can hold it. */
const madeUp = (birth: string, sequence: string) => {
  const body = `999999${birth}${sequence}`
  return body + check(body)
}
const today = new Date('2025-06-10T04:00:00Z')

describe('residentIdCheckChar', () => {
  it('agrees with the definition for every sequence number', () => {
    for (let n = 0; n < 1000; n++) {
      const body = `99999919900101${String(n).padStart(3, '0')}`
      expect(residentIdCheckChar(body)).toBe(check(body))
    }
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError)
  })
})

describe('residentIdProblem', () => {
  it('accepts a made-up ID with the right check character', () => {
    expect(residentIdProblem(madeUp('19900101', '123'), today)).toBeUndefined()
    expect(residentIdProblem(madeUp('20000229', '001'), today)).toBeUndefined()
  })

  it('accepts a check character X, in either case', () => {
    const seq = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')).find((s) =>
      madeUp('19851231', s).endsWith('X'),
    )!
    const id = madeUp('19851231', seq)
    expect(residentIdProblem(id, today)).toBeUndefined()
    expect(residentIdProblem(id.toLowerCase(), today)).toBeUndefined()
    expect(normalizeResidentId(` ${id.toLowerCase()} `)).toBe(id)
  })

  it('refuses a wrong check character or a changed digit', () => {
    const id = madeUp('19900101', '123')
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0')
    expect(residentIdProblem(wrongCheck, today)).toBe('checksum')
    const changed = `${id.slice(0, 15)}${id[15] === '9' ? '8' : '9'}${id.slice(16)}`
    expect(residentIdProblem(changed, today)).toBe('checksum')
  })

  it('refuses anything but 17 digits and a check character', () => {
    expect(residentIdProblem(madeUp('19900101', '123').slice(0, 17), today)).toBe('format')
    expect(residentIdProblem('99999919900101123A', today)).toBe('format')
    expect(residentIdProblem('9999991990010112X5', today)).toBe('format')
  })

  it('refuses birth dates that do not exist, are too old or lie ahead in China time', () => {
    expect(residentIdProblem(madeUp('19990229', '001'), today)).toBe('birth_date')
    expect(residentIdProblem(madeUp('19901301', '001'), today)).toBe('birth_date')
    expect(residentIdProblem(madeUp('19900431', '001'), today)).toBe('birth_date')
    expect(residentIdProblem(madeUp('18991231', '001'), today)).toBe('birth_date')
    expect(residentIdProblem(madeUp('20250611', '001'), today)).toBe('birth_date')
    // 16:30 UTC on the 10th is already the 11th in China.
    expect(residentIdProblem(madeUp('20250611', '001'), new Date('2025-06-10T16:30:00Z'))).toBeUndefined()
  })
})

describe('maskResidentId', () => {
  it('keeps the area code and the last four only', () => {
    expect(maskResidentId('999999199001011234')).toBe('999999********1234')
    expect(maskResidentId('99999919900101123x')).toBe('999999********123X')
    expect(maskResidentId('12345')).toBe('*****')
  })
})
