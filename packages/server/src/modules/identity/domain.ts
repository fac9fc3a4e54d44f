/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export const PHONE = /^1[3-9]\d{9}$/

/** At least 8 characters with a letter and a digit; what is wrong, in English and in Chinese. */
export function passwordProblem(pw: string): { detail: string; zh: string } | undefined {
  if (pw.length < 8) return { detail: 'at least 8 characters', zh: '密码至少 8 位' }
  if (pw.length > 128) return { detail: 'at most 128 characters', zh: '密码最多 128 位' }
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw))
    return { detail: 'needs a letter and a digit', zh: '密码须同时包含字母和数字' }
  return undefined
}

/** What a Chinese reader sees when a phone number is not a mainland mobile number. */
export const PHONE_ZH = '请输入正确的 11 位手机号'

/** 138****8000: enough for the owner to recognise, useless to anyone else. */
export const maskPhone = (p: string) => (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****')

export const CODE_TTL_MS = 5 * 60_000
export const CODE_RESEND_MS = 60_000
export const CODE_MAX_ATTEMPTS = 5
export const CODES_PER_DAY = 10
