/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export const PHONE = /^1[3-9]\d{9}$/

/** At least 8 characters with a letter and a digit. */
export function passwordProblem(pw: string): string | undefined {
  if (pw.length < 8) return 'at least 8 characters'
  if (pw.length > 128) return 'at most 128 characters'
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return 'needs a letter and a digit'
  return undefined
}

/** 138****8000: enough for the owner to recognise, useless to anyone else. */
export const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****')

export const CODE_TTL_MS = 5 * 60_000
export const CODE_RESEND_MS = 60_000
export const CODE_MAX_ATTEMPTS = 5
export const CODES_PER_DAY = 10
