import { createHash, randomBytes, randomUUID } from 'node:crypto'

export const newId = () => randomUUID()

/** Human-readable order number: date + 10 random digits, e.g. 20261123 4821930551. */
export function orderNo(now: Date) {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '')
  const digits = Array.from(randomBytes(10), (b) => b % 10).join('')
  return d + digits
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url')
export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')
