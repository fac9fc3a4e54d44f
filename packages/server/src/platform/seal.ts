import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/**
 * Personal data sealed at rest with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url. The key
 * is SHA-256 of the configured data key, so any length of secret works; a wrong key or a changed
 * byte fails to open rather than returning garbage.
 */
const keyOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest()

export function seal(secret: string, text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

export function unseal(secret: string, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.')
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value')
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
