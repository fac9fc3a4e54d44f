/** WeChat Pay fixtures for tests: keys, merchant constants, encrypted resources, signed headers. */
import { createCipheriv, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { EncryptedResource } from './wechatpay.js'

/** A fresh 2048-bit RSA key pair in PEM (SPKI public, PKCS#8 private). */
export const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

/** Our merchant key, the key playing WeChat's platform key, and a key neither side trusts. */
export const fixtureKeys = {
  merchant: keyPair(),
  platform: keyPair(),
  stranger: keyPair(),
}

export const APP_ID = 'wx8888888888888888'
export const MCH_ID = '1900000109'
export const MCH_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1'
export const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000'
export const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb'

/**
 * Encrypts a resource the way WeChat does: AES-256-GCM under the APIv3 key, tag appended, base64.
 * The associated data defaults to `transaction`, and the original type to the associated data.
 */
export function encryptResource(
  plain: object,
  opts: { key?: string; associatedData?: string; originalType?: string } = {},
): EncryptedResource {
  const associatedData = opts.associatedData ?? 'transaction'
  const nonce = randomBytes(6).toString('hex') // 12 characters, like WeChat's
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(opts.key ?? API_V3_KEY), Buffer.from(nonce))
  cipher.setAAD(Buffer.from(associatedData))
  const body = Buffer.concat([cipher.update(JSON.stringify(plain)), cipher.final(), cipher.getAuthTag()])
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: body.toString('base64'),
    nonce,
    associated_data: associatedData,
    original_type: opts.originalType ?? associatedData,
  }
}

/**
 * The headers WeChat puts on an answer or a notification: time, nonce, serial and RSA signature,
 * signed with the platform key unless another key is given.
 */
export function signedHeaders(
  body: string,
  opts: { at: Date; key?: string; serial?: string; nonce?: string },
): Record<string, string> {
  const timestamp = String(Math.floor(opts.at.getTime() / 1000))
  const nonce = opts.nonce ?? randomBytes(16).toString('hex')
  const message = Buffer.from(`${timestamp}\n${nonce}\n${body}\n`)
  const signature = sign('sha256', message, opts.key ?? fixtureKeys.platform.privateKey).toString('base64')
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': signature,
    'wechatpay-serial': opts.serial ?? PLATFORM_SERIAL,
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  }
}

/** Reads the fields of a `WECHATPAY2-SHA256-RSA2048 k="v",…` Authorization header. */
export function authorizationFields(header: string | undefined): Record<string, string> {
  if (!header?.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return {}
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
}
