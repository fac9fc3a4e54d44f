import {
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto'
import { type Clock, systemClock } from '../../../platform/clock.js'
import { AppError } from '../../../platform/errors.js'
import {
  fetchTransport,
  type HeaderBag,
  ProviderError,
  type ProviderHttpRequest,
  type ProviderHttpResponse,
  type ProviderTransport,
} from './http.js'
import type {
  CreatedPayment,
  CreatePaymentInput,
  PaymentNotification,
  PaymentProvider,
  ProviderNotification,
  RefundInput,
  RefundNotification,
  RefundResult,
} from './provider.js'

/**
 * WeChat Pay API v3 (直连商户). Every call we make is signed with the merchant key, every answer
 * and notification WeChat sends is checked against the platform key that signed it, and
 * notification payloads are decrypted with the APIv3 key. Nothing here trusts a field before
 * those checks pass.
 */

export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com'
const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'
// WeChat rejects requests without a User-Agent; naming ourselves helps their support trace calls.
const USER_AGENT = `Liebian-WechatPay/1.0 (Node.js ${process.versions.node})`
const GCM_TAG_BYTES = 16
// WeChat counts `description` in UTF-8 bytes and refuses anything over 127.
const DESCRIPTION_MAX_BYTES = 127
const REFUND_REASON_MAX_CHARS = 80

export type { HeaderBag }
export type WechatPayHttpRequest = ProviderHttpRequest
export type WechatPayHttpResponse = ProviderHttpResponse
export type WechatPayTransport = ProviderTransport
export { fetchTransport }

export interface WechatPayConfig {
  appId: string
  mchId: string
  /** Serial number of the merchant API certificate, sent so WeChat knows which key signed. */
  mchSerialNo: string
  mchPrivateKeyPem: string
  /** The 32-byte APIv3 key set in the merchant platform; decrypts notification resources. */
  apiV3Key: string
  /** WeChat platform keys by serial (`Wechatpay-Serial`): a public key or certificate PEM each. */
  platformCertificates: Record<string, string>
  baseUrl?: string
  http?: WechatPayTransport
  clock?: Clock
  /** How far a WeChat timestamp may be from our clock before we treat the message as replayed. */
  maxSkewSeconds?: number
}

/** A failed call to WeChat Pay, carrying WeChat's own error code (e.g. `ORDER_NOT_EXIST`). */
/** A failed call to WeChat Pay, carrying WeChat's error code. */
export class WechatPayError extends ProviderError {
  constructor(code: string, message: string, httpStatus?: number, options?: { cause?: unknown }) {
    super('WeChat Pay', code, message, httpStatus, options)
    this.name = 'WechatPayError'
  }
}

/** The URL as WeChat signs it: absolute path plus query, the way it goes on the wire. */
export function canonicalUrl(url: string): string {
  // Parsing normalises the same way fetch does, so what we sign is what the server receives.
  const u = new URL(url, 'https://canonical.invalid')
  return u.pathname + u.search
}

/** WeChat's signing string: each part followed by a newline, the last one included. */
export function signatureMessage(...parts: string[]): string {
  return `${parts.join('\n')}\n`
}

/** SHA256withRSA (PKCS#1 v1.5), base64, as every v3 signature is. */
export function rsaSign(privateKey: KeyObject | string, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64')
}

/** True only for a valid SHA256withRSA signature; malformed input is simply not valid. */
export function rsaVerify(publicKey: KeyObject | string, message: string, signatureB64: string): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signatureB64, 'base64'))
  } catch {
    return false
  }
}

export interface AuthorizationInput {
  method: string
  /** Full URL or path with query. */
  url: string
  /** The exact body bytes that will be sent; '' for GET. */
  body: string
  mchId: string
  serialNo: string
  privateKey: KeyObject | string
  /** Unix seconds. */
  timestamp: number
  nonce: string
}

/** The `Authorization` header value for one v3 request. */
export function buildAuthorization(a: AuthorizationInput): string {
  const timestamp = String(a.timestamp)
  const message = signatureMessage(a.method.toUpperCase(), canonicalUrl(a.url), timestamp, a.nonce, a.body)
  const signature = rsaSign(a.privateKey, message)
  return (
    `${AUTH_SCHEMA} mchid="${a.mchId}",nonce_str="${a.nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${a.serialNo}"`
  )
}

/** Reads a header whatever its case; Node lower-cases incoming names, other transports may not. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue
    return Array.isArray(value) ? value[0] : value
  }
  return undefined
}

export interface VerifyInput {
  headers: HeaderBag
  body: string
  /** Platform public keys by serial. */
  platformKeys: ReadonlyMap<string, KeyObject | string>
  now: Date
  maxSkewSeconds: number
}

const untrusted = () => new AppError('invalid_signature')

/**
 * Checks a response or notification from WeChat: a known platform serial, a fresh timestamp and a
 * valid signature over `timestamp\nnonce\nbody\n`. Throws `AppError('invalid_signature')` otherwise.
 */
export function verifySignature(v: VerifyInput): void {
  const timestamp = headerValue(v.headers, 'wechatpay-timestamp')
  const nonce = headerValue(v.headers, 'wechatpay-nonce')
  const signature = headerValue(v.headers, 'wechatpay-signature')
  const serial = headerValue(v.headers, 'wechatpay-serial')
  if (!timestamp || !nonce || !signature || !serial) throw untrusted()
  const key = v.platformKeys.get(serial)
  if (!key) throw untrusted()
  if (!/^\d{1,12}$/.test(timestamp)) throw untrusted()
  // A captured message replayed later fails here; replays inside the window are harmless because
  // settling a payment or refund is idempotent on its out_trade_no / out_refund_no.
  if (Math.abs(v.now.getTime() / 1000 - Number(timestamp)) > v.maxSkewSeconds) throw untrusted()
  if (!rsaVerify(key, signatureMessage(timestamp, nonce, v.body), signature)) throw untrusted()
}

export interface EncryptedResource {
  algorithm: string
  ciphertext: string
  nonce: string
  associated_data?: string
  original_type?: string
}

/**
 * Decrypts a notification `resource` (AEAD_AES_256_GCM, tag appended to the ciphertext) with the
 * APIv3 key. A wrong key or any altered byte fails the GCM tag → `AppError('invalid_signature')`.
 */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource?.algorithm !== 'AEAD_AES_256_GCM') throw untrusted()
  if (typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string') throw untrusted()
  const key = Buffer.from(apiV3Key, 'utf8')
  if (key.length !== 32) throw untrusted()
  const data = Buffer.from(resource.ciphertext, 'base64')
  if (data.length <= GCM_TAG_BYTES) throw untrusted()
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), {
      authTagLength: GCM_TAG_BYTES,
    })
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'))
    decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES))
    const plain = Buffer.concat([
      decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)),
      decipher.final(),
    ])
    return plain.toString('utf8')
  } catch {
    throw untrusted()
  }
}

/** RFC 3339 in China Standard Time, the form WeChat expects for `time_expire`. */
export function toBeijingRfc3339(d: Date): string {
  const shifted = new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3_600_000)
  return `${shifted.toISOString().slice(0, 19)}+08:00`
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s
  let out = ''
  let bytes = 0
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8')
    if (bytes + n > maxBytes) break
    out += ch
    bytes += n
  }
  return out
}

/**
 * What a WeChat `trade_state` means for us; `undefined` while the shopper may still pay.
 * `REFUND` (转入退款) means it was paid and a refund followed: the payment itself succeeded.
 */
export function paymentStatusOf(tradeState: unknown): PaymentNotification['status'] | undefined {
  switch (tradeState) {
    case 'SUCCESS':
    case 'REFUND':
      return 'succeeded'
    case 'CLOSED':
    case 'REVOKED':
      return 'closed'
    case 'PAYERROR':
      return 'failed'
    default:
      return undefined
  }
}

/** What a WeChat refund `status` means for us; anything not final is still pending. */
export function refundStatusOf(status: unknown): RefundResult['status'] {
  switch (status) {
    case 'SUCCESS':
      return 'succeeded'
    case 'ABNORMAL':
    case 'CLOSED':
      return 'failed'
    default:
      return 'pending'
  }
}

const isFen = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
const isText = (s: unknown): s is string => typeof s === 'string' && s.length > 0

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay'
  private readonly appId: string
  private readonly mchId: string
  private readonly mchSerialNo: string
  private readonly apiV3Key: string
  private readonly privateKey: KeyObject
  private readonly platformKeys: Map<string, KeyObject>
  private readonly baseUrl: string
  private readonly http: WechatPayTransport
  private readonly clock: Clock
  private readonly maxSkewSeconds: number

  constructor(config: WechatPayConfig) {
    // Checked now so a misconfigured shop fails at start-up, not on its first notification.
    if (Buffer.byteLength(config.apiV3Key, 'utf8') !== 32) {
      throw new Error('WeChat Pay apiV3Key must be exactly 32 bytes')
    }
    const serials = Object.entries(config.platformCertificates)
    if (serials.length === 0) throw new Error('WeChat Pay needs at least one platform certificate')
    this.appId = config.appId
    this.mchId = config.mchId
    this.mchSerialNo = config.mchSerialNo
    this.apiV3Key = config.apiV3Key
    this.privateKey = createPrivateKey(config.mchPrivateKeyPem)
    this.platformKeys = new Map(serials.map(([serial, pem]) => [serial, createPublicKey(pem)]))
    this.baseUrl = (config.baseUrl ?? WECHATPAY_BASE_URL).replace(/\/+$/, '')
    this.http = config.http ?? fetchTransport()
    this.clock = config.clock ?? systemClock
    this.maxSkewSeconds = config.maxSkewSeconds ?? 300
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
      throw new RangeError(`WeChat Pay amount must be a positive whole number of fen, got ${input.amountFen}`)
    }
    const order = {
      appid: this.appId,
      mchid: this.mchId,
      description: truncateUtf8(input.description, DESCRIPTION_MAX_BYTES),
      out_trade_no: input.outTradeNo,
      time_expire: toBeijingRfc3339(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
    }
    if (input.payerOpenId) {
      const res = await this.call('POST', '/v3/pay/transactions/jsapi', {
        ...order,
        payer: { openid: input.payerOpenId },
      })
      if (!isText(res.prepay_id)) throw new WechatPayError('MISSING_PREPAY_ID', 'no prepay_id in the answer')
      return { clientParams: this.jsapiParams(res.prepay_id), providerRef: res.prepay_id }
    }
    const res = await this.call('POST', '/v3/pay/transactions/native', order)
    if (!isText(res.code_url)) throw new WechatPayError('MISSING_CODE_URL', 'no code_url in the answer')
    return { payUrl: res.code_url }
  }

  /** The bundle `wx.requestPayment` needs, signed with the merchant key. */
  private jsapiParams(prepayId: string): Record<string, string> {
    const timeStamp = String(Math.floor(this.clock.now().getTime() / 1000))
    const nonceStr = newNonce()
    const pkg = `prepay_id=${prepayId}`
    const paySign = rsaSign(this.privateKey, signatureMessage(this.appId, timeStamp, nonceStr, pkg))
    return { appId: this.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
  }

  async parseNotification(input: { headers: HeaderBag; rawBody: string }): Promise<ProviderNotification> {
    this.verify(input.headers, input.rawBody)
    const envelope = parseJson(input.rawBody)
    const plain = parseJson(decryptResource(this.apiV3Key, envelope?.resource))
    switch (envelope.event_type) {
      case 'TRANSACTION.SUCCESS': {
        const payment = this.toPayment(plain)
        // This event is only ever sent for a paid order; any other state means the message is off.
        if (!payment) throw new AppError('payment_mismatch')
        return payment
      }
      case 'REFUND.SUCCESS':
      case 'REFUND.ABNORMAL':
      case 'REFUND.CLOSED':
        return this.toRefund(plain)
      default:
        // Signed and decrypted, but not an event we subscribed to: refuse so it is looked at.
        throw new AppError('bad_request')
    }
  }

  ack(ok: boolean, message?: string): { status: number; body?: unknown } {
    // WeChat treats 200/204 as received and retries any 4xx/5xx, reading code/message for its log.
    if (ok) return { status: 204 }
    return { status: 400, body: { code: 'FAIL', message: message ?? '失败' } }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const reason = input.reason ? [...input.reason].slice(0, REFUND_REASON_MAX_CHARS).join('') : undefined
    const res = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(reason ? { reason } : {}),
      notify_url: input.notifyUrl,
      amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
    })
    return {
      status: refundStatusOf(res.status),
      providerRefundId: isText(res.refund_id) ? res.refund_id : undefined,
    }
  }

  async queryPayment(outTradeNo: string): Promise<PaymentNotification | undefined> {
    const path =
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}` +
      `?mchid=${encodeURIComponent(this.mchId)}`
    let res: any
    try {
      res = await this.call('GET', path)
    } catch (err) {
      // Never opened at WeChat (or opened under another merchant): nothing was paid.
      if (err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST') return undefined
      throw err
    }
    return this.toPayment(res)
  }

  /** A decrypted or queried transaction as our payment, after checking it is ours and adds up. */
  private toPayment(t: any): PaymentNotification | undefined {
    if (!t || typeof t !== 'object') throw new AppError('payment_mismatch')
    if (t.mchid !== this.mchId || t.appid !== this.appId) throw new AppError('payment_mismatch')
    const status = paymentStatusOf(t.trade_state)
    if (!status) return undefined
    if (!isText(t.out_trade_no)) throw new AppError('payment_mismatch')
    const amount = t.amount ?? {}
    if (!isFen(amount.total) || amount.total === 0) throw new AppError('payment_mismatch')
    if (amount.currency !== undefined && amount.currency !== 'CNY') throw new AppError('payment_mismatch')
    // payer_total is lower than total when a WeChat coupon paid part; it can never be higher.
    if (
      amount.payer_total !== undefined &&
      !(isFen(amount.payer_total) && amount.payer_total <= amount.total)
    ) {
      throw new AppError('payment_mismatch')
    }
    if (status === 'succeeded' && !isText(t.transaction_id)) throw new AppError('payment_mismatch')
    const paidAt = status === 'succeeded' && isText(t.success_time) ? new Date(t.success_time) : undefined
    return {
      kind: 'payment',
      outTradeNo: t.out_trade_no,
      // A closed order was never paid, so WeChat has no transaction id for it.
      providerTxnId: isText(t.transaction_id) ? t.transaction_id : '',
      amountFen: amount.total,
      status,
      ...(paidAt && !Number.isNaN(paidAt.getTime()) ? { paidAt } : {}),
      merchantId: t.mchid,
      appId: t.appid,
    }
  }

  private toRefund(r: any): RefundNotification {
    // Refund notifications carry no appid; the merchant id is what binds them to us.
    if (!r || typeof r !== 'object' || r.mchid !== this.mchId) throw new AppError('payment_mismatch')
    if (!isText(r.out_refund_no) || !isText(r.out_trade_no) || !isText(r.refund_id)) {
      throw new AppError('payment_mismatch')
    }
    const amount = r.amount ?? {}
    if (!isFen(amount.refund) || amount.refund === 0) throw new AppError('payment_mismatch')
    if (amount.total !== undefined && !(isFen(amount.total) && amount.refund <= amount.total)) {
      throw new AppError('payment_mismatch')
    }
    const status = refundStatusOf(r.refund_status)
    // Notifications are only sent for final states; a "pending" one would mean we misread it.
    if (status === 'pending') throw new AppError('payment_mismatch')
    return {
      kind: 'refund',
      outRefundNo: r.out_refund_no,
      outTradeNo: r.out_trade_no,
      providerRefundId: r.refund_id,
      amountFen: amount.refund,
      status,
    }
  }

  private verify(headers: HeaderBag, body: string) {
    verifySignature({
      headers,
      body,
      platformKeys: this.platformKeys,
      now: this.clock.now(),
      maxSkewSeconds: this.maxSkewSeconds,
    })
  }

  /** One signed call; returns the verified JSON answer or throws `WechatPayError`. */
  private async call(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<any> {
    const url = `${this.baseUrl}${path}`
    const body = payload === undefined ? '' : JSON.stringify(payload)
    const authorization = buildAuthorization({
      method,
      url,
      body,
      mchId: this.mchId,
      serialNo: this.mchSerialNo,
      privateKey: this.privateKey,
      timestamp: Math.floor(this.clock.now().getTime() / 1000),
      nonce: newNonce(),
    })
    const res = await this.http({
      method,
      url,
      headers: {
        Authorization: authorization,
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
      },
      ...(payload === undefined ? {} : { body }),
    })
    if (res.status < 200 || res.status >= 300) {
      // Error answers are not always signed (gateway errors are not), and we never act on one as a
      // success, so WeChat's code and message are reported as they come.
      const err = tryParseJson(res.body)
      throw new WechatPayError(
        typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
        typeof err?.message === 'string' ? err.message : res.body.slice(0, 200),
        res.status,
      )
    }
    try {
      this.verify(res.headers, res.body)
    } catch (cause) {
      // Reported as our upstream failing, not as the caller's bad signature (which would be a 401).
      throw new WechatPayError(
        'RESPONSE_SIGNATURE_INVALID',
        'the answer is not signed by WeChat',
        res.status,
        {
          cause,
        },
      )
    }
    if (res.body === '') return {}
    const data = tryParseJson(res.body)
    if (data === undefined)
      throw new WechatPayError('RESPONSE_NOT_JSON', 'the answer is not JSON', res.status)
    return data
  }
}

function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase()
}

function tryParseJson(s: string): any {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}

/** JSON from a message whose signature passed; unreadable still means we cannot trust it. */
function parseJson(s: string): any {
  const v = tryParseJson(s)
  if (v === undefined || v === null || typeof v !== 'object') throw untrusted()
  return v
}
