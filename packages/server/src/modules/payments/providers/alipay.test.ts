import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../../platform/clock.js'
import { AppError } from '../../../platform/errors.js'
import {
  type AlipayHttpRequest,
  type AlipayHttpResponse,
  AlipayProvider,
  fenToYuan,
  fromBeijingTime,
  signingString,
  signParams,
  toBeijingTime,
  topLevelMembers,
  verifyParams,
  yuanToFen,
} from './alipay.js'

const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

const app = keyPair()
const alipay = keyPair()
const stranger = keyPair()

const APP_ID = '2021000123456789'
const SELLER_ID = '2088102177846880'
const GATEWAY = 'https://openapi.alipay.com/gateway.do'

const rsa2 = (privatePem: string, message: string) =>
  sign('sha256', Buffer.from(message), privatePem).toString('base64')
const rsa2Ok = (publicPem: string, message: string, sig: string) =>
  verify('sha256', Buffer.from(message), publicPem, Buffer.from(sig, 'base64'))

/** Signs notification fields as Alipay does: sorted, `sign` and `sign_type` left out. */
function signedNotification(fields: Record<string, string>, key = alipay.privateKey): Record<string, string> {
  const content = Object.keys(fields)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&')
  return { ...fields, sign_type: 'RSA2', sign: rsa2(key, content) }
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

const paidFields = (over: Record<string, string> = {}) => ({
  notify_time: '2026-11-23 10:00:10',
  notify_type: 'trade_status_sync',
  notify_id: 'ac05099524730693a8b330c5ecf72da9786',
  charset: 'utf-8',
  version: '1.0',
  app_id: APP_ID,
  seller_id: SELLER_ID,
  trade_no: '2026112322001404330000121536',
  out_trade_no: 'PAY20261123000001',
  trade_status: 'TRADE_SUCCESS',
  total_amount: '99.00',
  receipt_amount: '99.00',
  buyer_pay_amount: '99.00',
  subject: '云南普洱 357g',
  gmt_create: '2026-11-23 09:59:50',
  gmt_payment: '2026-11-23 10:00:05',
  ...over,
})

/** Builds an answer the way Alipay lays it out: the response object's text, then its signature. */
function alipayAnswer(method: string, response: object, opts: { key?: string; unsigned?: boolean } = {}) {
  const section = JSON.stringify(response)
  const key = `${method.replace(/\./g, '_')}_response`
  if (opts.unsigned) return `{"${key}":${section}}`
  return `{"${key}":${section},"sign":"${rsa2(opts.key ?? alipay.privateKey, section)}"}`
}

let clock: FakeClock
let requests: AlipayHttpRequest[]
let next: AlipayHttpResponse | undefined
let provider: AlipayProvider

function makeProvider(over: Partial<ConstructorParameters<typeof AlipayProvider>[0]> = {}) {
  return new AlipayProvider({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPrivateKeyPem: app.privateKey,
    alipayPublicKeyPem: alipay.publicKey,
    clock,
    http: async (req) => {
      requests.push(req)
      if (!next) throw new Error('no answer queued')
      const answer = next
      next = undefined
      return answer
    },
    ...over,
  })
}

const reply = (body: string, status = 200) => {
  next = { status, headers: { 'content-type': 'text/html;charset=utf-8' }, body }
}

beforeEach(() => {
  clock = new FakeClock('2026-11-23T02:00:00Z')
  requests = []
  next = undefined
  provider = makeProvider()
})

async function expectAppError(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
}

/** The signed request parameters a call sent, checked against the app public key. */
function sentParams(req: AlipayHttpRequest): Record<string, string> {
  const params = Object.fromEntries(new URLSearchParams(req.body))
  const content = signingString(params)
  expect(rsa2Ok(app.publicKey, content, params.sign)).toBe(true)
  return params
}

describe('signing', () => {
  it('builds the signing string: sorted keys, k=v with &, empty values and sign left out', () => {
    const s = signingString({ method: 'm', app_id: '1', sign: 'x', empty: '', biz_content: '{"a":"b c"}' })
    expect(s).toBe('app_id=1&biz_content={"a":"b c"}&method=m')
    expect(signingString({ b: '2', a: '1', sign_type: 'RSA2' }, ['sign', 'sign_type'])).toBe('a=1&b=2')
  })

  it('signs with SHA256withRSA so the app public key verifies it, and only that content', () => {
    const params = { app_id: APP_ID, method: 'alipay.trade.query', sign_type: 'RSA2', charset: 'utf-8' }
    const sig = signParams(params, app.privateKey)
    const content = `app_id=${APP_ID}&charset=utf-8&method=alipay.trade.query&sign_type=RSA2`
    expect(rsa2Ok(app.publicKey, content, sig)).toBe(true)
    expect(rsa2Ok(app.publicKey, content.replace('query', 'refund'), sig)).toBe(false)
    // A `sign` already present is not part of what is signed.
    expect(signParams({ ...params, sign: 'old' }, app.privateKey)).toBe(sig)
  })

  it('verifies notification parameters without sign and sign_type, and refuses a changed one', () => {
    const n = signedNotification({ a: '1', b: '二' })
    expect(verifyParams(n, alipay.publicKey)).toBe(true)
    expect(verifyParams({ ...n, sign_type: 'RSA' }, alipay.publicKey)).toBe(true)
    expect(verifyParams({ ...n, b: '三' }, alipay.publicKey)).toBe(false)
    expect(verifyParams({ ...n, c: 'added' }, alipay.publicKey)).toBe(false)
    expect(verifyParams({ ...n, sign: undefined }, alipay.publicKey)).toBe(false)
    expect(verifyParams(signedNotification({ a: '1' }, stranger.privateKey), alipay.publicKey)).toBe(false)
  })

  it('accepts keys as bare base64, the way the Alipay console gives them', () => {
    const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
    const p = makeProvider({
      appPrivateKeyPem: bare(app.privateKey),
      alipayPublicKeyPem: bare(alipay.publicKey),
    })
    return expect(
      p.parseNotification({ headers: {}, rawBody: form(signedNotification(paidFields())) }),
    ).resolves.toMatchObject({ kind: 'payment' })
  })
})

describe('yuan and fen', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [1230, '12.30'],
    [9999999999, '99999999.99'],
    [0, '0.00'],
  ])('%i fen is %s yuan, both ways', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan)
    expect(yuanToFen(yuan)).toBe(fen)
  })

  it('reads one or no decimals too', () => {
    expect(yuanToFen('12.3')).toBe(1230)
    expect(yuanToFen('12')).toBe(1200)
    expect(yuanToFen('0.1')).toBe(10)
  })

  it('is exact where floating point is not', () => {
    expect(Math.round(1.005 * 100)).toBe(100)
    expect(yuanToFen('1.01')).toBe(101)
    expect(yuanToFen('4.35')).toBe(435)
    expect(yuanToFen('90071992547409.91')).toBe(9007199254740991)
  })

  it.each([
    '1.234',
    '-1',
    '1e3',
    '',
    ' 1.00',
    '1.00 ',
    '+1',
    '.5',
    '1.',
    '01.00',
    '1,00',
    'NaN',
    'Infinity',
    '0x10',
    '90071992547409.92',
  ])('refuses %j', (s) => {
    expect(() => yuanToFen(s)).toThrow(RangeError)
  })

  it('refuses fen that are not whole or not positive', () => {
    for (const n of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => fenToYuan(n)).toThrow(RangeError)
  })
})

describe('Beijing time', () => {
  it('formats and reads yyyy-MM-dd HH:mm:ss at +08:00', () => {
    expect(toBeijingTime(new Date('2026-11-23T16:30:00.900Z'))).toBe('2026-11-24 00:30:00')
    expect(fromBeijingTime('2026-11-24 00:30:00')).toEqual(new Date('2026-11-23T16:30:00Z'))
    expect(fromBeijingTime('2026-02-30 10:00:00')).toBeUndefined()
    expect(fromBeijingTime('2026-11-24T00:30:00')).toBeUndefined()
  })
})

describe('createPayment', () => {
  const base = {
    outTradeNo: 'PAY20261123000001',
    amountFen: 9900,
    description: '云南普洱 357g & 茶',
    notifyUrl: 'https://shop.example.com/api/v1/payments/notify/alipay',
    returnUrl: 'https://shop.example.com/orders/1?from=pay',
    expiresAt: new Date('2026-11-23T02:30:00Z'),
  }

  it('returns a gateway URL whose parameters carry a valid app signature', async () => {
    const created = await provider.createPayment(base)
    expect(requests).toHaveLength(0)
    const url = new URL(created.payUrl!)
    expect(`${url.origin}${url.pathname}`).toBe(GATEWAY)
    const params = Object.fromEntries(url.searchParams)
    expect(params).toMatchObject({
      app_id: APP_ID,
      method: 'alipay.trade.wap.pay',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2026-11-23 10:00:00',
      version: '1.0',
      notify_url: base.notifyUrl,
      return_url: base.returnUrl,
    })
    expect(JSON.parse(params.biz_content)).toEqual({
      out_trade_no: 'PAY20261123000001',
      total_amount: '99.00',
      subject: '云南普洱 357g & 茶',
      product_code: 'QUICK_WAP_WAY',
      time_expire: '2026-11-23 10:30:00',
      quit_url: base.returnUrl,
    })
    const content = signingString(params)
    expect(rsa2Ok(app.publicKey, content, params.sign)).toBe(true)
    expect(rsa2Ok(app.publicKey, content.replace('99.00', '0.01'), params.sign)).toBe(false)
  })

  it('leaves out the return parameters when there is no return URL', async () => {
    const { returnUrl: _, ...noReturn } = base
    const created = await provider.createPayment({ ...noReturn, amountFen: 1 })
    const params = Object.fromEntries(new URL(created.payUrl!).searchParams)
    expect(params.return_url).toBeUndefined()
    expect(JSON.parse(params.biz_content)).not.toHaveProperty('quit_url')
    expect(JSON.parse(params.biz_content).total_amount).toBe('0.01')
  })

  it('refuses amounts that are not a positive whole number of fen', async () => {
    for (const amountFen of [0, -100, 99.5]) {
      await expect(provider.createPayment({ ...base, amountFen })).rejects.toThrow(RangeError)
    }
  })
})

describe('parseNotification', () => {
  const notify = (fields: Record<string, string>, key?: string) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    rawBody: form(signedNotification(fields, key)),
  })

  it('decodes a verified payment notification', async () => {
    await expect(provider.parseNotification(notify(paidFields()))).resolves.toEqual({
      kind: 'payment',
      outTradeNo: 'PAY20261123000001',
      providerTxnId: '2026112322001404330000121536',
      amountFen: 9900,
      status: 'succeeded',
      paidAt: new Date('2026-11-23T02:00:05Z'),
      merchantId: SELLER_ID,
      appId: APP_ID,
    })
  })

  it.each([
    ['TRADE_SUCCESS', 'succeeded'],
    ['TRADE_FINISHED', 'succeeded'],
    ['TRADE_CLOSED', 'closed'],
  ])('maps trade_status %s to %s', async (tradeStatus, ours) => {
    const n = await provider.parseNotification(notify(paidFields({ trade_status: tradeStatus })))
    expect(n).toMatchObject({ kind: 'payment', status: ours })
  })

  it('decodes a refund notification', async () => {
    const fields = paidFields({
      out_biz_no: 'RF20261123000001',
      refund_fee: '30.00',
      gmt_refund: '2026-11-23 11:00:00.123',
    })
    await expect(provider.parseNotification(notify(fields))).resolves.toEqual({
      kind: 'refund',
      outRefundNo: 'RF20261123000001',
      outTradeNo: 'PAY20261123000001',
      providerRefundId: '2026112322001404330000121536',
      refundedTotalFen: 3000,
      status: 'succeeded',
    })
  })

  it('refuses a tampered amount', async () => {
    const good = notify(paidFields())
    const rawBody = good.rawBody.replace('total_amount=99.00', 'total_amount=0.01')
    expect(rawBody).not.toBe(good.rawBody)
    await expectAppError(provider.parseNotification({ ...good, rawBody }), 'invalid_signature')
  })

  it('refuses a notification signed by another key, unsigned, or with a broken signature', async () => {
    await expectAppError(
      provider.parseNotification(notify(paidFields(), stranger.privateKey)),
      'invalid_signature',
    )
    const good = signedNotification(paidFields())
    const { sign: _, ...unsigned } = good
    await expectAppError(
      provider.parseNotification({ headers: {}, rawBody: form(unsigned) }),
      'invalid_signature',
    )
    const flipped = good.sign[10] === 'A' ? 'B' : 'A'
    const broken = { ...good, sign: `${good.sign.slice(0, 10)}${flipped}${good.sign.slice(11)}` }
    expect(broken.sign).not.toBe(good.sign)
    await expectAppError(
      provider.parseNotification({ headers: {}, rawBody: form(broken) }),
      'invalid_signature',
    )
    await expectAppError(
      provider.parseNotification({ headers: {}, rawBody: form({ ...good, sign_type: 'RSA' }) }),
      'invalid_signature',
    )
    // A repeated field is refused: which of the values was signed is not knowable.
    await expectAppError(
      provider.parseNotification({ headers: {}, rawBody: `${form(good)}&total_amount=0.01` }),
      'invalid_signature',
    )
  })

  it('refuses a correctly signed notification for another app or seller', async () => {
    await expectAppError(
      provider.parseNotification(notify(paidFields({ app_id: '2021000999999999' }))),
      'payment_mismatch',
    )
    await expectAppError(
      provider.parseNotification(notify(paidFields({ seller_id: '2088000000000000' }))),
      'payment_mismatch',
    )
    // Without a configured seller, only the app is checked.
    const anySeller = makeProvider({ sellerId: undefined })
    await expect(
      anySeller.parseNotification(notify(paidFields({ seller_id: '2088000000000000' }))),
    ).resolves.toMatchObject({ kind: 'payment' })
  })

  it('refuses a correctly signed notification with a malformed amount', async () => {
    for (const total_amount of ['99.001', '-99.00', '9.9e1', '0.00']) {
      await expectAppError(
        provider.parseNotification(notify(paidFields({ total_amount }))),
        'payment_mismatch',
      )
    }
    await expectAppError(
      provider.parseNotification(notify(paidFields({ out_biz_no: 'RF1', refund_fee: '1.234' }))),
      'payment_mismatch',
    )
  })

  it('refuses a notification sent too long ago or with no send time', async () => {
    for (const notify_time of ['2026-11-23 09:54:59', '2026-11-23 10:05:01', 'yesterday']) {
      await expectAppError(
        provider.parseNotification(notify(paidFields({ notify_time }))),
        'invalid_signature',
      )
    }
    await expect(
      provider.parseNotification(notify(paidFields({ notify_time: '2026-11-23 09:55:01' }))),
    ).resolves.toMatchObject({ kind: 'payment' })
  })

  it('refuses a status it does not settle', async () => {
    await expectAppError(
      provider.parseNotification(notify(paidFields({ trade_status: 'WAIT_BUYER_PAY' }))),
      'bad_request',
    )
  })
})

describe('ack', () => {
  it('answers the plain text Alipay looks for', () => {
    expect(provider.ack(true)).toEqual({ status: 200, body: 'success' })
    expect(provider.ack(false)).toEqual({ status: 200, body: 'fail' })
  })
})

describe('reading signed answers', () => {
  it('takes each top-level member as its exact text, whatever the spacing or nesting', () => {
    const text = '{ "a_response" : {"x":"}\\"{","y":[1,{"z":"]"}]} ,"sign":"abc","n":-1.5e3}'
    const m = topLevelMembers(text)!
    expect(m.get('a_response')).toBe('{"x":"}\\"{","y":[1,{"z":"]"}]}')
    expect(m.get('sign')).toBe('"abc"')
    expect(m.get('n')).toBe('-1.5e3')
  })

  it('refuses text that is not one JSON object with distinct keys', () => {
    expect(topLevelMembers('{"a":{"b":1}')).toBeUndefined()
    expect(topLevelMembers('[1]')).toBeUndefined()
    expect(topLevelMembers('{"a":1,"a":2}')).toBeUndefined()
  })
})

describe('refund', () => {
  const input = {
    outTradeNo: 'PAY20261123000001',
    outRefundNo: 'RF20261123000001',
    amountFen: 3000,
    totalFen: 9900,
    reason: '七天无理由退货',
    notifyUrl: 'https://shop.example.com/api/v1/payments/notify/alipay',
  }
  const answer = (over: Record<string, unknown> = {}) => ({
    code: '10000',
    msg: 'Success',
    trade_no: '2026112322001404330000121536',
    out_trade_no: 'PAY20261123000001',
    buyer_logon_id: '159****5620',
    fund_change: 'Y',
    refund_fee: '30.00',
    ...over,
  })

  it('posts a signed alipay.trade.refund to the gateway', async () => {
    reply(alipayAnswer('alipay.trade.refund', answer()))
    await provider.refund(input)
    const req = requests[0]
    expect(req.method).toBe('POST')
    expect(req.url).toBe(GATEWAY)
    expect(req.headers['Content-Type']).toMatch(/^application\/x-www-form-urlencoded/)
    const params = sentParams(req)
    expect(params).toMatchObject({ app_id: APP_ID, method: 'alipay.trade.refund', sign_type: 'RSA2' })
    expect(JSON.parse(params.biz_content)).toEqual({
      out_trade_no: 'PAY20261123000001',
      refund_amount: '30.00',
      out_request_no: 'RF20261123000001',
      refund_reason: '七天无理由退货',
    })
  })

  it.each([
    ['Y', 'succeeded'],
    ['N', 'pending'],
  ])('maps code 10000 with fund_change %s to %s', async (fundChange, ours) => {
    reply(alipayAnswer('alipay.trade.refund', answer({ fund_change: fundChange })))
    await expect(provider.refund(input)).resolves.toEqual({
      status: ours,
      providerRefundId: '2026112322001404330000121536',
    })
  })

  it('maps a signed business refusal to failed', async () => {
    const refusal = {
      code: '40004',
      msg: 'Business Failed',
      sub_code: 'ACQ.TRADE_HAS_CLOSE',
      sub_msg: '交易已经关闭',
    }
    reply(alipayAnswer('alipay.trade.refund', refusal))
    await expect(provider.refund(input)).resolves.toEqual({ status: 'failed' })
  })

  it('throws when the outcome is unknown, so the refund is retried with the same number', async () => {
    reply(alipayAnswer('alipay.trade.refund', { code: '20000', msg: 'Service Currently Unavailable' }))
    await expect(provider.refund(input)).rejects.toMatchObject({ name: 'AlipayError', code: '20000' })
    reply(
      alipayAnswer('alipay.trade.refund', {
        code: '40004',
        msg: 'Business Failed',
        sub_code: 'ACQ.SYSTEM_ERROR',
      }),
    )
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'ACQ.SYSTEM_ERROR' })
  })

  it('refuses a success not signed by Alipay, or changed after signing', async () => {
    reply(alipayAnswer('alipay.trade.refund', answer(), { key: stranger.privateKey }))
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
    reply(alipayAnswer('alipay.trade.refund', answer(), { unsigned: true }))
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
    reply(alipayAnswer('alipay.trade.refund', answer({ fund_change: 'N' })).replace('"N"', '"Y"'))
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
  })

  it('reports an unsigned error as it comes, without acting on it', async () => {
    const error = { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' }
    reply(alipayAnswer('alipay.trade.refund', error, { unsigned: true }))
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'isv.invalid-signature' })
  })

  it('verifies the exact text even with the signature first and unusual spacing', async () => {
    const section = '{ "code":"10000", "msg":"Success","fund_change":"Y","trade_no":"T1" }'
    reply(`{"sign":"${rsa2(alipay.privateKey, section)}",\n "alipay_trade_refund_response":${section}}`)
    await expect(provider.refund(input)).resolves.toEqual({ status: 'succeeded', providerRefundId: 'T1' })
  })
})

describe('queryPayment', () => {
  const paid = (over: Record<string, unknown> = {}) => ({
    code: '10000',
    msg: 'Success',
    trade_no: '2026112322001404330000121536',
    out_trade_no: 'PAY20261123000001',
    buyer_logon_id: '159****5620',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '99.00',
    send_pay_date: '2026-11-23 10:00:05',
    ...over,
  })

  it('asks alipay.trade.query by our number and decodes a paid trade', async () => {
    reply(alipayAnswer('alipay.trade.query', paid()))
    const p = await provider.queryPayment('PAY20261123000001')
    const params = sentParams(requests[0])
    expect(params.method).toBe('alipay.trade.query')
    expect(JSON.parse(params.biz_content)).toEqual({ out_trade_no: 'PAY20261123000001' })
    expect(p).toEqual({
      kind: 'payment',
      outTradeNo: 'PAY20261123000001',
      providerTxnId: '2026112322001404330000121536',
      amountFen: 9900,
      status: 'succeeded',
      paidAt: new Date('2026-11-23T02:00:05Z'),
      appId: APP_ID,
    })
  })

  it.each([
    ['TRADE_SUCCESS', 'succeeded'],
    ['TRADE_FINISHED', 'succeeded'],
    ['TRADE_CLOSED', 'closed'],
    ['WAIT_BUYER_PAY', undefined],
  ])('maps trade_status %s to %s', async (tradeStatus, ours) => {
    reply(alipayAnswer('alipay.trade.query', paid({ trade_status: tradeStatus })))
    const p = await provider.queryPayment('PAY20261123000001')
    expect(p?.status).toBe(ours)
  })

  it('treats a trade Alipay never saw as unpaid', async () => {
    const missing = {
      code: '40004',
      msg: 'Business Failed',
      sub_code: 'ACQ.TRADE_NOT_EXIST',
      sub_msg: '交易不存在',
    }
    reply(alipayAnswer('alipay.trade.query', missing))
    await expect(provider.queryPayment('PAY404')).resolves.toBeUndefined()
    // The same answer unsigned is not trusted to mean unpaid.
    reply(alipayAnswer('alipay.trade.query', missing, { unsigned: true }))
    await expect(provider.queryPayment('PAY404')).rejects.toMatchObject({ name: 'AlipayError' })
  })

  it('refuses an answer about another trade or with a malformed amount', async () => {
    reply(alipayAnswer('alipay.trade.query', paid({ out_trade_no: 'PAY-OTHER' })))
    await expectAppError(provider.queryPayment('PAY20261123000001'), 'payment_mismatch')
    reply(alipayAnswer('alipay.trade.query', paid({ total_amount: '99.001' })))
    await expectAppError(provider.queryPayment('PAY20261123000001'), 'payment_mismatch')
  })

  it('refuses an answer not signed by Alipay', async () => {
    reply(alipayAnswer('alipay.trade.query', paid(), { key: stranger.privateKey }))
    await expect(provider.queryPayment('PAY20261123000001')).rejects.toMatchObject({
      code: 'RESPONSE_SIGNATURE_INVALID',
    })
  })

  it('reports an HTTP failure', async () => {
    reply('Bad Gateway', 502)
    await expect(provider.queryPayment('PAY20261123000001')).rejects.toMatchObject({ code: 'HTTP_502' })
  })
})
