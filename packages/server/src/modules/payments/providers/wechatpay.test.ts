import { verify } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../../../platform/clock.js'
import { AppError } from '../../../platform/errors.js'
import {
  API_V3_KEY,
  APP_ID,
  authorizationFields,
  encryptResource,
  fixtureKeys,
  MCH_ID,
  MCH_SERIAL,
  PLATFORM_SERIAL,
  signedHeaders,
} from './wechatpay.fixtures.js'
import {
  buildAuthorization,
  canonicalUrl,
  decryptResource,
  type EncryptedResource,
  type HeaderBag,
  toBeijingRfc3339,
  truncateUtf8,
  verifySignature,
  WechatPayError,
  type WechatPayHttpRequest,
  type WechatPayHttpResponse,
  WechatPayProvider,
} from './wechatpay.js'

const { merchant, platform, stranger } = fixtureKeys

const verifyB64 = (publicPem: string, message: string, sig: string) =>
  verify('sha256', Buffer.from(message), publicPem, Buffer.from(sig, 'base64'))

function notificationBody(eventType: string, resource: EncryptedResource): string {
  return JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-11-23T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource,
  })
}

const paidTransaction = (over: Record<string, unknown> = {}) => ({
  appid: APP_ID,
  mchid: MCH_ID,
  out_trade_no: 'PAY20261123000001',
  transaction_id: '4200000001202611230000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2026-11-23T10:00:05+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 9900, payer_total: 9900, currency: 'CNY', payer_currency: 'CNY' },
  ...over,
})

const refundEvent = (over: Record<string, unknown> = {}) => ({
  mchid: MCH_ID,
  out_trade_no: 'PAY20261123000001',
  transaction_id: '4200000001202611230000000001',
  out_refund_no: 'RF20261123000001',
  refund_id: '50000000382019052709732678859',
  refund_status: 'SUCCESS',
  success_time: '2026-11-23T12:00:00+08:00',
  user_received_account: '招商银行信用卡0403',
  amount: { total: 9900, refund: 3000, payer_total: 9900, payer_refund: 3000 },
  ...over,
})

interface FakeWechat {
  requests: WechatPayHttpRequest[]
  /** Queues the next answer, signed as WeChat would unless a key, serial or time says otherwise. */
  reply: (status: number, body: unknown, opts?: { key?: string; serial?: string; at?: Date }) => void
}

let clock: FakeClock
let wechat: FakeWechat
let provider: WechatPayProvider

function makeProvider(over: Partial<ConstructorParameters<typeof WechatPayProvider>[0]> = {}) {
  return new WechatPayProvider({
    appId: APP_ID,
    mchId: MCH_ID,
    mchSerialNo: MCH_SERIAL,
    mchPrivateKeyPem: merchant.privateKey,
    apiV3Key: API_V3_KEY,
    platformCertificates: { [PLATFORM_SERIAL]: platform.publicKey },
    clock,
    http: async (req): Promise<WechatPayHttpResponse> => {
      wechat.requests.push(req)
      if (!next) throw new Error('no answer queued')
      const answer = next
      next = undefined
      return answer
    },
    ...over,
  })
}

let next: WechatPayHttpResponse | undefined

beforeEach(() => {
  clock = new FakeClock('2026-11-23T02:00:00Z')
  next = undefined
  wechat = {
    requests: [],
    reply: (status, body, opts = {}) => {
      const text = body === undefined ? '' : JSON.stringify(body)
      next = { status, headers: signedHeaders(text, { at: opts.at ?? clock.now(), ...opts }), body: text }
    },
  }
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

describe('request signing', () => {
  it('builds an Authorization header whose signature verifies with the merchant public key', () => {
    const body = '{"a":1}'
    const header = buildAuthorization({
      method: 'post',
      url: 'https://api.mch.weixin.qq.com/v3/pay/transactions/native?x=1',
      body,
      mchId: MCH_ID,
      serialNo: MCH_SERIAL,
      privateKey: merchant.privateKey,
      timestamp: 1554208460,
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    })
    const fields = authorizationFields(header)
    expect(header.slice(0, header.indexOf(' '))).toBe('WECHATPAY2-SHA256-RSA2048')
    expect(Object.keys(fields).sort()).toEqual(['mchid', 'nonce_str', 'serial_no', 'signature', 'timestamp'])
    expect(fields).toMatchObject({
      mchid: MCH_ID,
      nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
      timestamp: '1554208460',
      serial_no: MCH_SERIAL,
    })
    const message = `POST\n/v3/pay/transactions/native?x=1\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`
    expect(verifyB64(merchant.publicKey, message, fields.signature)).toBe(true)
    expect(verifyB64(merchant.publicKey, message.replace('x=1', 'x=2'), fields.signature)).toBe(false)
  })

  it('signs only the path and query of a URL', () => {
    expect(canonicalUrl('https://api.mch.weixin.qq.com/v3/certificates')).toBe('/v3/certificates')
    expect(canonicalUrl('/v3/pay/transactions/out-trade-no/A1?mchid=1')).toBe(
      '/v3/pay/transactions/out-trade-no/A1?mchid=1',
    )
  })

  it('sends each call signed over exactly the bytes it sends, with the required headers', async () => {
    wechat.reply(200, { code_url: 'weixin://wxpay/bizpayurl?pr=abc' })
    await provider.createPayment({
      outTradeNo: 'PAY1',
      amountFen: 100,
      description: 'Tea',
      notifyUrl: 'https://shop.example.com/api/v1/payments/wechatpay/notify',
      expiresAt: new Date('2026-11-23T02:30:00Z'),
    })
    const req = wechat.requests[0]
    expect(req.headers.Accept).toBe('application/json')
    expect(req.headers['Content-Type']).toBe('application/json')
    expect(req.headers['User-Agent']).toMatch(/\S/)
    const fields = authorizationFields(req.headers.Authorization)
    expect(fields.timestamp).toBe(String(Math.floor(clock.now().getTime() / 1000)))
    expect(fields.nonce_str).toMatch(/^[0-9A-F]{32}$/)
    const message = `POST\n/v3/pay/transactions/native\n${fields.timestamp}\n${fields.nonce_str}\n${req.body}\n`
    expect(verifyB64(merchant.publicKey, message, fields.signature)).toBe(true)
  })
})

describe('createPayment', () => {
  const base = {
    outTradeNo: 'PAY20261123000001',
    amountFen: 9900,
    description: '云南普洱 357g',
    notifyUrl: 'https://shop.example.com/api/v1/payments/wechatpay/notify',
    expiresAt: new Date('2026-11-23T02:30:00Z'),
  }

  it('opens a Native payment and returns its code_url when there is no payer openid', async () => {
    wechat.reply(200, { code_url: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' })
    const created = await provider.createPayment(base)
    expect(created).toEqual({ payUrl: 'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' })
    const req = wechat.requests[0]
    expect(req.method).toBe('POST')
    expect(req.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native')
    expect(JSON.parse(req.body!)).toEqual({
      appid: APP_ID,
      mchid: MCH_ID,
      description: '云南普洱 357g',
      out_trade_no: 'PAY20261123000001',
      time_expire: '2026-11-23T10:30:00+08:00',
      notify_url: base.notifyUrl,
      amount: { total: 9900, currency: 'CNY' },
    })
  })

  it('opens a JSAPI payment and returns a wx.requestPayment bundle signed by the merchant', async () => {
    wechat.reply(200, { prepay_id: 'wx201410272009395522657a690389285100' })
    const created = await provider.createPayment({ ...base, payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
    const req = wechat.requests[0]
    expect(req.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi')
    expect(JSON.parse(req.body!)).toMatchObject({
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: 'PAY20261123000001',
      amount: { total: 9900, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    })
    const p = created.clientParams!
    expect(created.payUrl).toBeUndefined()
    expect(p).toMatchObject({
      appId: APP_ID,
      timeStamp: String(Math.floor(clock.now().getTime() / 1000)),
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    })
    expect(p.nonceStr).toMatch(/^\w{16,32}$/)
    const message = `${APP_ID}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
    expect(verifyB64(merchant.publicKey, message, p.paySign)).toBe(true)
    expect(verifyB64(merchant.publicKey, message.replace(APP_ID, 'wx0'), p.paySign)).toBe(false)
  })

  it('reports WeChat’s code and message when it refuses', async () => {
    wechat.reply(400, { code: 'PARAM_ERROR', message: '参数错误' })
    const err = await provider.createPayment(base).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WechatPayError)
    expect(err).toMatchObject({ code: 'PARAM_ERROR', httpStatus: 400 })
    expect((err as Error).message).toContain('参数错误')
  })

  it('refuses an answer that is not signed by a known platform key, or is stale', async () => {
    const cases: Array<{ key?: string; serial?: string; at?: Date }> = [
      { key: stranger.privateKey },
      { serial: 'SOME_OTHER_SERIAL' },
      { at: new Date(clock.now().getTime() - 301_000) },
    ]
    for (const opts of cases) {
      wechat.reply(200, { code_url: 'weixin://wxpay/bizpayurl?pr=evil' }, opts)
      const err = await provider.createPayment(base).catch((e: unknown) => e)
      expect(err, JSON.stringify(opts)).toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
    }
    // The same answer correctly signed goes through, so the refusals above are about the signature.
    wechat.reply(200, { code_url: 'weixin://wxpay/bizpayurl?pr=good' })
    await expect(provider.createPayment(base)).resolves.toEqual({
      payUrl: 'weixin://wxpay/bizpayurl?pr=good',
    })
  })

  it('refuses an answer whose body was changed after signing', async () => {
    wechat.reply(200, { code_url: 'weixin://wxpay/bizpayurl?pr=good' })
    next!.body = next!.body.replace('good', 'evil')
    await expect(provider.createPayment(base)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
  })
})

describe('parseNotification', () => {
  function notify(eventType: string, plain: object, opts: { key?: string; serial?: string; at?: Date } = {}) {
    const rawBody = notificationBody(eventType, encryptResource(plain))
    const headers: HeaderBag = signedHeaders(rawBody, { at: opts.at ?? clock.now(), ...opts })
    return { headers, rawBody }
  }

  it('decodes a verified payment notification', async () => {
    const n = await provider.parseNotification(notify('TRANSACTION.SUCCESS', paidTransaction()))
    expect(n).toEqual({
      kind: 'payment',
      outTradeNo: 'PAY20261123000001',
      providerTxnId: '4200000001202611230000000001',
      amountFen: 9900,
      status: 'succeeded',
      paidAt: new Date('2026-11-23T02:00:05Z'),
      merchantId: MCH_ID,
      appId: APP_ID,
    })
  })

  it('reports the order total when a coupon paid part of it', async () => {
    const t = paidTransaction({ amount: { total: 9900, payer_total: 8900, currency: 'CNY' } })
    const n = await provider.parseNotification(notify('TRANSACTION.SUCCESS', t))
    expect(n).toMatchObject({ kind: 'payment', amountFen: 9900 })
  })

  it('decodes refund notifications, final success and failure', async () => {
    const ok = await provider.parseNotification(notify('REFUND.SUCCESS', refundEvent()))
    expect(ok).toEqual({
      kind: 'refund',
      outRefundNo: 'RF20261123000001',
      outTradeNo: 'PAY20261123000001',
      providerRefundId: '50000000382019052709732678859',
      amountFen: 3000,
      status: 'succeeded',
    })
    for (const [event, state] of [
      ['REFUND.ABNORMAL', 'ABNORMAL'],
      ['REFUND.CLOSED', 'CLOSED'],
    ]) {
      const n = await provider.parseNotification(notify(event, refundEvent({ refund_status: state })))
      expect(n).toMatchObject({ kind: 'refund', status: 'failed' })
    }
  })

  it('refuses a body changed after WeChat signed it', async () => {
    const good = notify('TRANSACTION.SUCCESS', paidTransaction())
    const tampered = good.rawBody.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ')
    expect(tampered).not.toBe(good.rawBody)
    await expectAppError(provider.parseNotification({ ...good, rawBody: tampered }), 'invalid_signature')
  })

  it('refuses a notification signed by another key', async () => {
    await expectAppError(
      provider.parseNotification(
        notify('TRANSACTION.SUCCESS', paidTransaction(), { key: stranger.privateKey }),
      ),
      'invalid_signature',
    )
  })

  it('refuses a notification from a platform serial we do not know', async () => {
    await expectAppError(
      provider.parseNotification(
        notify('TRANSACTION.SUCCESS', paidTransaction(), { serial: 'PUB_KEY_ID_X' }),
      ),
      'invalid_signature',
    )
  })

  it('refuses a notification whose timestamp is outside the allowed skew, either way', async () => {
    const now = clock.now().getTime()
    for (const offset of [-301_000, 301_000]) {
      await expectAppError(
        provider.parseNotification(
          notify('TRANSACTION.SUCCESS', paidTransaction(), { at: new Date(now + offset) }),
        ),
        'invalid_signature',
      )
    }
    // Just inside the window is still accepted.
    const n = await provider.parseNotification(
      notify('TRANSACTION.SUCCESS', paidTransaction(), { at: new Date(now - 299_000) }),
    )
    expect(n.kind).toBe('payment')
  })

  it('refuses a notification with signature headers missing', async () => {
    const good = notify('TRANSACTION.SUCCESS', paidTransaction())
    const { 'wechatpay-nonce': _, ...headers } = good.headers as Record<string, string>
    await expectAppError(provider.parseNotification({ headers, rawBody: good.rawBody }), 'invalid_signature')
  })

  it('refuses a resource encrypted with another APIv3 key', async () => {
    const rawBody = notificationBody(
      'TRANSACTION.SUCCESS',
      encryptResource(paidTransaction(), { key: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ' }),
    )
    await expectAppError(
      provider.parseNotification({ headers: signedHeaders(rawBody, { at: clock.now() }), rawBody }),
      'invalid_signature',
    )
  })

  it('refuses a signed notification whose ciphertext or associated data was altered', async () => {
    const resource = encryptResource(paidTransaction())
    const bytes = Buffer.from(resource.ciphertext, 'base64')
    bytes[5] ^= 0x01
    const variants: EncryptedResource[] = [
      { ...resource, ciphertext: bytes.toString('base64') },
      { ...resource, associated_data: 'refund' },
      { ...resource, algorithm: 'AEAD_AES_128_GCM' },
      { ...resource, ciphertext: 'c2hvcnQ=' },
    ]
    for (const r of variants) {
      const rawBody = notificationBody('TRANSACTION.SUCCESS', r)
      await expectAppError(
        provider.parseNotification({ headers: signedHeaders(rawBody, { at: clock.now() }), rawBody }),
        'invalid_signature',
      )
    }
  })

  it('refuses a payment for another merchant or app, and amounts that do not add up', async () => {
    const bad = [
      paidTransaction({ mchid: '1230000109' }),
      paidTransaction({ appid: 'wx0000000000000000' }),
      paidTransaction({ amount: { total: 9900, payer_total: 9901, currency: 'CNY' } }),
      paidTransaction({ amount: { total: 9900, payer_total: 9900, currency: 'USD' } }),
      paidTransaction({ trade_state: 'NOTPAY' }),
    ]
    for (const t of bad) {
      await expectAppError(provider.parseNotification(notify('TRANSACTION.SUCCESS', t)), 'payment_mismatch')
    }
    await expectAppError(
      provider.parseNotification(notify('REFUND.SUCCESS', refundEvent({ mchid: '1230000109' }))),
      'payment_mismatch',
    )
  })

  it('reads header names whatever their case', async () => {
    const good = notify('TRANSACTION.SUCCESS', paidTransaction())
    const headers = Object.fromEntries(
      Object.entries(good.headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v]),
    )
    expect(Object.keys(headers)).toContain('Wechatpay-Signature')
    await expect(provider.parseNotification({ headers, rawBody: good.rawBody })).resolves.toMatchObject({
      kind: 'payment',
    })
  })
})

describe('ack', () => {
  it('answers 204 for a notification we accepted and FAIL with a message otherwise', () => {
    expect(provider.ack(true)).toEqual({ status: 204 })
    const refused = provider.ack(false, '签名错误')
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.body).toEqual({ code: 'FAIL', message: '签名错误' })
  })
})

describe('refund', () => {
  const input = {
    outTradeNo: 'PAY20261123000001',
    outRefundNo: 'RF20261123000001',
    amountFen: 3000,
    totalFen: 9900,
    reason: '七天无理由退货',
    notifyUrl: 'https://shop.example.com/api/v1/payments/wechatpay/refund-notify',
  }

  it('asks WeChat for the refund with both amounts', async () => {
    wechat.reply(200, { refund_id: '50000000382019052709732678859', status: 'PROCESSING' })
    await provider.refund(input)
    const req = wechat.requests[0]
    expect(req.method).toBe('POST')
    expect(req.url).toBe('https://api.mch.weixin.qq.com/v3/refund/domestic/refunds')
    expect(JSON.parse(req.body!)).toEqual({
      out_trade_no: 'PAY20261123000001',
      out_refund_no: 'RF20261123000001',
      reason: '七天无理由退货',
      notify_url: input.notifyUrl,
      amount: { refund: 3000, total: 9900, currency: 'CNY' },
    })
  })

  it.each([
    ['SUCCESS', 'succeeded'],
    ['PROCESSING', 'pending'],
    ['ABNORMAL', 'failed'],
    ['CLOSED', 'failed'],
  ])('maps refund status %s to %s', async (wechatStatus, ours) => {
    wechat.reply(200, { refund_id: 'R1', out_refund_no: input.outRefundNo, status: wechatStatus })
    await expect(provider.refund(input)).resolves.toEqual({ status: ours, providerRefundId: 'R1' })
  })

  it('reports a refund WeChat refuses', async () => {
    wechat.reply(403, { code: 'NOT_ENOUGH', message: '基本账户余额不足' })
    await expect(provider.refund(input)).rejects.toMatchObject({ code: 'NOT_ENOUGH' })
  })
})

describe('queryPayment', () => {
  it('looks the payment up by our number and merchant id', async () => {
    wechat.reply(200, paidTransaction())
    const p = await provider.queryPayment('PAY/2026 1')
    const req = wechat.requests[0]
    expect(req.method).toBe('GET')
    expect(req.body).toBeUndefined()
    expect(req.url).toBe(
      `https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PAY%2F2026%201?mchid=${MCH_ID}`,
    )
    const fields = authorizationFields(req.headers.Authorization)
    const message = `GET\n/v3/pay/transactions/out-trade-no/PAY%2F2026%201?mchid=${MCH_ID}\n${fields.timestamp}\n${fields.nonce_str}\n\n`
    expect(verifyB64(merchant.publicKey, message, fields.signature)).toBe(true)
    expect(p).toMatchObject({ kind: 'payment', status: 'succeeded', amountFen: 9900 })
  })

  it.each([
    ['SUCCESS', 'succeeded'],
    ['CLOSED', 'closed'],
    ['REVOKED', 'closed'],
    ['PAYERROR', 'failed'],
    ['NOTPAY', undefined],
    ['USERPAYING', undefined],
  ])('maps trade_state %s to %s', async (state, ours) => {
    const unpaid = state !== 'SUCCESS'
    wechat.reply(
      200,
      paidTransaction({
        trade_state: state,
        ...(unpaid ? { transaction_id: undefined, success_time: undefined } : {}),
      }),
    )
    const p = await provider.queryPayment('PAY20261123000001')
    expect(p?.status).toBe(ours)
    if (ours && unpaid) expect(p?.paidAt).toBeUndefined()
  })

  it('treats an order WeChat never saw as unpaid', async () => {
    wechat.reply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' })
    await expect(provider.queryPayment('PAY404')).resolves.toBeUndefined()
  })

  it('refuses a looked-up payment that belongs to another merchant', async () => {
    wechat.reply(200, paidTransaction({ mchid: '1230000109' }))
    await expectAppError(provider.queryPayment('PAY20261123000001'), 'payment_mismatch')
  })

  it('refuses a looked-up payment whose answer is not signed by WeChat', async () => {
    wechat.reply(200, paidTransaction(), { key: stranger.privateKey })
    await expect(provider.queryPayment('PAY20261123000001')).rejects.toMatchObject({
      code: 'RESPONSE_SIGNATURE_INVALID',
    })
  })
})

describe('helpers', () => {
  it('decrypts what WeChat encrypts, and nothing encrypted under other associated data', () => {
    const r = encryptResource({ hello: '世界' }, { associatedData: 'certificate' })
    expect(JSON.parse(decryptResource(API_V3_KEY, r))).toEqual({ hello: '世界' })
    expect(() => decryptResource(API_V3_KEY, { ...r, associated_data: '' })).toThrow(AppError)
  })

  it('verifies a signature only with the right key, serial and time', () => {
    const now = new Date('2026-11-23T02:00:00Z')
    const headers = signedHeaders('{}', { at: now })
    const platformKeys = new Map([[PLATFORM_SERIAL, platform.publicKey]])
    expect(() =>
      verifySignature({ headers, body: '{}', platformKeys, now, maxSkewSeconds: 300 }),
    ).not.toThrow()
    expect(() => verifySignature({ headers, body: '{ }', platformKeys, now, maxSkewSeconds: 300 })).toThrow(
      AppError,
    )
    const later = new Date(now.getTime() + 301_000)
    expect(() =>
      verifySignature({ headers, body: '{}', platformKeys, now: later, maxSkewSeconds: 300 }),
    ).toThrow(AppError)
  })

  it('formats expiry times in Beijing time', () => {
    expect(toBeijingRfc3339(new Date('2026-11-23T16:30:00.900Z'))).toBe('2026-11-24T00:30:00+08:00')
  })

  it('cuts long descriptions at a character boundary within WeChat’s byte limit', () => {
    const s = truncateUtf8('普'.repeat(50), 127)
    expect(Buffer.byteLength(s)).toBe(126)
    expect(s).toBe('普'.repeat(42))
    expect(truncateUtf8('short', 127)).toBe('short')
  })

  it('refuses an APIv3 key that is not 32 bytes', () => {
    expect(() => makeProvider({ apiV3Key: 'too-short' })).toThrow(/32 bytes/)
  })
})
