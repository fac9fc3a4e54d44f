import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
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
 * Alipay open platform (RSA2). Every request is signed with the app private key over its sorted
 * parameters; every notification and answer is checked against the Alipay public key before a
 * single field of it is used. Amounts cross the wire as yuan strings and are converted to fen by
 * string arithmetic only.
 */

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'
const BEIJING_OFFSET_MS = 8 * 3_600_000
const SUBJECT_MAX_CHARS = 256
const REFUND_REASON_MAX_CHARS = 256

export type { HeaderBag }
export type AlipayHttpRequest = ProviderHttpRequest
export type AlipayHttpResponse = ProviderHttpResponse
export type AlipayTransport = ProviderTransport

export interface AlipayConfig {
  appId: string
  /** The seller (PID, 2088…) the app collects for; when set, notifications must name it. */
  sellerId?: string
  /** The app private key: PEM, or the bare base64 (PKCS#8 or PKCS#1) the Alipay console hands out. */
  appPrivateKeyPem: string
  /** The Alipay public key: PEM, or bare base64 SPKI. */
  alipayPublicKeyPem: string
  gateway?: string
  http?: AlipayTransport
  clock?: Clock
  /** How far a notification's `notify_time` may be from our clock before it counts as replayed. */
  maxSkewSeconds?: number
}

/** A failed call to Alipay, carrying Alipay's `sub_code` (or `code`), e.g. `ACQ.SYSTEM_ERROR`. */
export class AlipayError extends ProviderError {
  constructor(code: string, message: string, httpStatus?: number, options?: { cause?: unknown }) {
    super('Alipay', code, message, httpStatus, options)
    this.name = 'AlipayError'
  }
}

/** The production transport to Alipay. */
export const alipayFetchTransport = fetchTransport

/** Accepts a PEM or the bare base64 DER Alipay's tools produce. */
function privateKeyOf(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPrivateKey(text)
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64')
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })
  }
}

function publicKeyOf(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPublicKey(text)
  return createPublicKey({
    key: Buffer.from(text.replace(/\s+/g, ''), 'base64'),
    format: 'der',
    type: 'spki',
  })
}

/**
 * The string Alipay signs: keys in ascending order, `k=v` joined by `&`, values as they are (not
 * URL-encoded), empty values and the excluded keys left out.
 */
export function signingString(
  params: Readonly<Record<string, string | undefined>>,
  exclude: readonly string[] = ['sign'],
): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

function rsa2Sign(key: KeyObject | string, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), key).toString('base64')
}

function rsa2Verify(key: KeyObject | string, message: string, signatureB64: string): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signatureB64, 'base64'))
  } catch {
    return false
  }
}

/** SHA256withRSA (RSA2) over the request signing string (everything but `sign`), base64. */
export function signParams(
  params: Readonly<Record<string, string | undefined>>,
  appPrivateKey: KeyObject | string,
): string {
  return rsa2Sign(appPrivateKey, signingString(params, ['sign']))
}

/**
 * True only when `params.sign` is Alipay's RSA2 signature over the other parameters, `sign_type`
 * excluded as Alipay does for notifications.
 */
export function verifyParams(
  params: Readonly<Record<string, string | undefined>>,
  alipayPublicKey: KeyObject | string,
): boolean {
  const signature = params.sign
  if (!signature) return false
  return rsa2Verify(alipayPublicKey, signingString(params, ['sign', 'sign_type']), signature)
}

/** Whole fen as a yuan string with exactly two decimals: 1 → '0.01', 1230 → '12.30'. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a whole number of fen: ${fen}`)
  const digits = String(fen).padStart(3, '0')
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/**
 * A yuan string as whole fen, by string arithmetic: plain digits with at most two decimals; signs,
 * exponents, leading zeros, a third decimal or anything else is refused with a RangeError.
 */
export function yuanToFen(yuan: string): number {
  const m = typeof yuan === 'string' ? /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(yuan) : null
  if (!m) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`)
  const fen = Number(`${m[1]}${(m[2] ?? '').padEnd(2, '0')}`)
  if (!Number.isSafeInteger(fen)) throw new RangeError(`yuan amount out of range: ${yuan}`)
  return fen
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, Alipay's format for `timestamp` and `time_expire`. */
export function toBeijingTime(d: Date): string {
  const shifted = new Date(Math.floor(d.getTime() / 1000) * 1000 + BEIJING_OFFSET_MS)
  return shifted.toISOString().slice(0, 19).replace('T', ' ')
}

/** Reads a `yyyy-MM-dd HH:mm:ss` Beijing time; undefined for anything else, impossible dates included. */
export function fromBeijingTime(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s)
  if (!m) return undefined
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number)
  const d8 = new Date(Date.UTC(y, mo - 1, d, h, mi, se) - BEIJING_OFFSET_MS)
  // Date.UTC rolls 02-30 over to March; the round trip catches it.
  return toBeijingTime(d8) === s ? d8 : undefined
}

/** What an Alipay `trade_status` means for us; `undefined` while the shopper may still pay. */
export function paymentStatusOf(tradeStatus: unknown): PaymentNotification['status'] | undefined {
  switch (tradeStatus) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return 'succeeded'
    case 'TRADE_CLOSED':
      return 'closed'
    default:
      return undefined
  }
}

/** The end of the JSON string starting at `i` (a `"`), just past its closing quote. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++
    else if (text[j] === '"') return j + 1
  }
  throw new SyntaxError('unterminated string')
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i])) i++
  return i
}

/** The end of the JSON value starting at `i`, strings inside objects and arrays skipped whole. */
function skipValue(text: string, i: number): number {
  const c = text[i]
  if (c === '"') return skipString(text, i)
  if (c === '{' || c === '[') {
    let depth = 0
    for (let j = i; j < text.length; j++) {
      const ch = text[j]
      if (ch === '"') {
        j = skipString(text, j) - 1
      } else if (ch === '{' || ch === '[') {
        depth++
      } else if (ch === '}' || ch === ']') {
        depth--
        if (depth === 0) return j + 1
      }
    }
    throw new SyntaxError('unbalanced value')
  }
  let j = i
  while (j < text.length && !',}] \t\r\n'.includes(text[j])) j++
  if (j === i) throw new SyntaxError('missing value')
  return j
}

/**
 * The raw text of each top-level member of a JSON object, exactly as it appears in `text`. Alipay
 * signs the bytes of `<method>_response` as sent, so this is what gets verified, and what gets
 * parsed afterwards. Returns undefined for anything that is not one well-formed JSON object with
 * distinct keys.
 */
export function topLevelMembers(text: string): Map<string, string> | undefined {
  try {
    JSON.parse(text)
    const members = new Map<string, string>()
    let i = skipSpace(text, 0)
    if (text[i] !== '{') return undefined
    i = skipSpace(text, i + 1)
    if (text[i] === '}') return members
    for (;;) {
      if (text[i] !== '"') return undefined
      const keyEnd = skipString(text, i)
      const key = JSON.parse(text.slice(i, keyEnd)) as string
      i = skipSpace(text, keyEnd)
      if (text[i] !== ':') return undefined
      const start = skipSpace(text, i + 1)
      const end = skipValue(text, start)
      if (members.has(key)) return undefined
      members.set(key, text.slice(start, end))
      i = skipSpace(text, end)
      if (text[i] === '}') return members
      if (text[i] !== ',') return undefined
      i = skipSpace(text, i + 1)
    }
  } catch {
    return undefined
  }
}

/** Form fields of a urlencoded body; undefined when a field repeats (which value was signed?). */
function parseForm(body: string): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.hasOwn(out, k)) return undefined
    out[k] = v
  }
  return out
}

const untrusted = () => new AppError('invalid_signature')
const mismatch = () => new AppError('payment_mismatch')
const isText = (s: unknown): s is string => typeof s === 'string' && s.length > 0

/** Fen from an amount Alipay sent; anything malformed means the message is not what we expect. */
function fenOf(yuan: unknown): number {
  try {
    return yuanToFen(yuan as string)
  } catch {
    throw mismatch()
  }
}

interface AlipayAnswer {
  code?: string
  msg?: string
  sub_code?: string
  sub_msg?: string
  [field: string]: unknown
}

export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay'
  private readonly appId: string
  private readonly sellerId: string | undefined
  private readonly privateKey: KeyObject
  private readonly alipayKey: KeyObject
  private readonly gateway: string
  private readonly http: AlipayTransport
  private readonly clock: Clock
  private readonly maxSkewSeconds: number

  constructor(config: AlipayConfig) {
    if (!config.appId) throw new Error('Alipay appId is required')
    this.appId = config.appId
    this.sellerId = config.sellerId || undefined
    // Parsed now so a misconfigured shop fails at start-up, not on its first payment.
    this.privateKey = privateKeyOf(config.appPrivateKeyPem)
    this.alipayKey = publicKeyOf(config.alipayPublicKeyPem)
    this.gateway = config.gateway ?? ALIPAY_GATEWAY
    this.http = config.http ?? alipayFetchTransport()
    this.clock = config.clock ?? systemClock
    this.maxSkewSeconds = config.maxSkewSeconds ?? 300
  }

  /** The common parameters plus `biz_content`, signed. */
  private signed(method: string, biz: object, extra: Record<string, string | undefined> = {}) {
    const params: Record<string, string> = {}
    const all: Record<string, string | undefined> = {
      app_id: this.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: toBeijingTime(this.clock.now()),
      version: '1.0',
      ...extra,
      biz_content: JSON.stringify(biz),
    }
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') params[k] = v
    params.sign = signParams(params, this.privateKey)
    return params
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
      throw new RangeError(`Alipay amount must be a positive whole number of fen, got ${input.amountFen}`)
    }
    const params = this.signed(
      'alipay.trade.wap.pay',
      {
        out_trade_no: input.outTradeNo,
        total_amount: fenToYuan(input.amountFen),
        subject: [...input.description].slice(0, SUBJECT_MAX_CHARS).join(''),
        product_code: 'QUICK_WAP_WAY',
        time_expire: toBeijingTime(input.expiresAt),
        ...(input.returnUrl ? { quit_url: input.returnUrl } : {}),
      },
      { notify_url: input.notifyUrl, return_url: input.returnUrl },
    )
    const sep = this.gateway.includes('?') ? '&' : '?'
    return { payUrl: `${this.gateway}${sep}${new URLSearchParams(params).toString()}` }
  }

  async parseNotification(input: { headers: HeaderBag; rawBody: string }): Promise<ProviderNotification> {
    const n = parseForm(input.rawBody)
    if (!n || !isText(n.sign)) throw untrusted()
    if (n.sign_type !== undefined && n.sign_type !== 'RSA2') throw untrusted()
    if (!verifyParams(n, this.alipayKey)) throw untrusted()
    // A captured notification replayed later fails here; replays inside the window are harmless
    // because settling a payment or refund is idempotent on its number.
    const sentAt = fromBeijingTime(n.notify_time)
    if (!sentAt) throw untrusted()
    if (Math.abs(this.clock.now().getTime() - sentAt.getTime()) > this.maxSkewSeconds * 1000)
      throw untrusted()

    if (n.app_id !== this.appId) throw mismatch()
    if (this.sellerId !== undefined && n.seller_id !== this.sellerId) throw mismatch()
    if (!isText(n.out_trade_no) || !isText(n.trade_no)) throw mismatch()

    if (isText(n.out_biz_no) && (n.refund_fee !== undefined || n.gmt_refund !== undefined)) {
      // Alipay only notifies refunds that went through. `refund_fee` is the trade's refunded total.
      const refund: RefundNotification = {
        kind: 'refund',
        outRefundNo: n.out_biz_no,
        outTradeNo: n.out_trade_no,
        providerRefundId: n.trade_no,
        refundedTotalFen: fenOf(n.refund_fee),
        status: 'succeeded',
      }
      if (refund.refundedTotalFen === 0) throw mismatch()
      return refund
    }

    const status = paymentStatusOf(n.trade_status)
    // WAIT_BUYER_PAY and the like are not sent unless subscribed to: refuse so it is looked at.
    if (!status) throw new AppError('bad_request')
    const amountFen = fenOf(n.total_amount)
    if (amountFen === 0) throw mismatch()
    const paidAt = status === 'succeeded' ? fromBeijingTime(n.gmt_payment) : undefined
    return {
      kind: 'payment',
      outTradeNo: n.out_trade_no,
      providerTxnId: n.trade_no,
      amountFen,
      status,
      ...(paidAt ? { paidAt } : {}),
      ...(isText(n.seller_id) ? { merchantId: n.seller_id } : {}),
      appId: n.app_id,
    }
  }

  ack(ok: boolean): { status: number; body?: unknown } {
    // Alipay reads the body: exactly `success` stops its retries, anything else (`fail`) retries.
    return { status: 200, body: ok ? 'success' : 'fail' }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const reason = [...input.reason].slice(0, REFUND_REASON_MAX_CHARS).join('')
    const res = await this.call(
      'alipay.trade.refund',
      {
        out_trade_no: input.outTradeNo,
        refund_amount: fenToYuan(input.amountFen),
        out_request_no: input.outRefundNo,
        ...(reason ? { refund_reason: reason } : {}),
      },
      { notify_url: input.notifyUrl },
    )
    if (res.code === '10000') {
      if (res.out_trade_no !== undefined && res.out_trade_no !== input.outTradeNo) throw mismatch()
      return {
        // fund_change N: nothing moved on this call (a repeat); the notification or a query tells.
        status: res.fund_change === 'Y' ? 'succeeded' : 'pending',
        ...(isText(res.trade_no) ? { providerRefundId: res.trade_no } : {}),
      }
    }
    // Outcome unknown: Alipay asks to retry with the same out_request_no, so let the job retry.
    if (res.code === '20000' || res.sub_code === 'ACQ.SYSTEM_ERROR') throw this.errorOf(res)
    return { status: 'failed' }
  }

  async queryPayment(outTradeNo: string): Promise<PaymentNotification | undefined> {
    const res = await this.call('alipay.trade.query', { out_trade_no: outTradeNo })
    if (res.code !== '10000') {
      // Never opened at Alipay (the shopper never reached the cashier): nothing was paid.
      if (res.sub_code === 'ACQ.TRADE_NOT_EXIST') return undefined
      throw this.errorOf(res)
    }
    if (res.out_trade_no !== outTradeNo) throw mismatch()
    const status = paymentStatusOf(res.trade_status)
    if (!status) return undefined
    const amountFen = fenOf(res.total_amount)
    if (amountFen === 0) throw mismatch()
    if (status === 'succeeded' && !isText(res.trade_no)) throw mismatch()
    const paidAt = status === 'succeeded' ? fromBeijingTime(res.send_pay_date) : undefined
    return {
      kind: 'payment',
      outTradeNo,
      providerTxnId: isText(res.trade_no) ? res.trade_no : '',
      amountFen,
      status,
      ...(paidAt ? { paidAt } : {}),
      // The query went out under our app_id and the answer is signed by Alipay.
      appId: this.appId,
    }
  }

  private errorOf(res: AlipayAnswer, httpStatus?: number): AlipayError {
    const code = isText(res.sub_code) ? res.sub_code : isText(res.code) ? res.code : 'UNKNOWN'
    const message = [res.msg, res.sub_msg].filter(isText).join(' / ') || 'no message'
    return new AlipayError(code, message, httpStatus)
  }

  /**
   * One signed call; returns the `<method>_response` object once its signature checks out.
   * Unsigned answers are only ever errors and are thrown as `AlipayError`, never acted on.
   */
  private async call(
    method: string,
    biz: object,
    extra: Record<string, string | undefined> = {},
  ): Promise<AlipayAnswer> {
    const params = this.signed(method, biz, extra)
    const res = await this.http({
      method: 'POST',
      url: this.gateway,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8',
        Accept: 'application/json',
      },
      body: new URLSearchParams(params).toString(),
    })
    if (res.status < 200 || res.status >= 300) {
      throw new AlipayError(`HTTP_${res.status}`, res.body.slice(0, 200), res.status)
    }
    const members = topLevelMembers(res.body)
    if (!members) throw new AlipayError('RESPONSE_NOT_JSON', 'the answer is not a JSON object', res.status)
    const section = members.get(`${method.replace(/\./g, '_')}_response`) ?? members.get('error_response')
    if (section === undefined || !section.startsWith('{')) {
      throw new AlipayError('RESPONSE_MALFORMED', 'no response object in the answer', res.status)
    }
    const answer = JSON.parse(section) as AlipayAnswer
    const signRaw = members.get('sign')
    const signature = signRaw === undefined ? undefined : JSON.parse(signRaw)
    if (!isText(signature)) {
      if (answer.code === '10000') {
        throw new AlipayError('RESPONSE_SIGNATURE_INVALID', 'the answer is not signed', res.status)
      }
      throw this.errorOf(answer, res.status)
    }
    if (!rsa2Verify(this.alipayKey, section, signature)) {
      // Reported as our upstream failing, not as the caller's bad signature (which would be a 401).
      throw new AlipayError('RESPONSE_SIGNATURE_INVALID', 'the answer is not signed by Alipay', res.status)
    }
    return answer
  }
}
