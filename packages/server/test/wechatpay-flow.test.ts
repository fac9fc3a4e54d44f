import { randomBytes, verify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLedger } from '../src/modules/ledger/index.js'
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
} from '../src/modules/payments/providers/wechatpay.fixtures.js'
import {
  toBeijingRfc3339,
  type WechatPayHttpRequest,
  type WechatPayHttpResponse,
  WechatPayProvider,
} from '../src/modules/payments/providers/wechatpay.js'
import { FakeClock } from '../src/platform/clock.js'
import { call, closeDatabase, createProduct, createShop, createWorld, type TestWorld } from './helpers.js'

/**
 * The WeChat Pay v3 adapter wired through the whole server: pay, notification, replays, forgeries,
 * refund and its notification, with a fake WeChat that signs its answers like the real one.
 */

const { merchant, platform, stranger } = fixtureKeys
const NOTIFY_URL = 'http://liebian.test/api/v1/payments/notify/wechatpay'

interface FakeTrade {
  outTradeNo: string
  amountFen: number
  transactionId: string
  paid: boolean
}

/** Plays WeChat Pay's API: checks our signature, keeps the trades it opened, answers signed. */
class FakeWechat {
  readonly requests: WechatPayHttpRequest[] = []
  readonly trades = new Map<string, FakeTrade>()
  private seq = 0

  constructor(private readonly clock: FakeClock) {}

  readonly transport = async (req: WechatPayHttpRequest): Promise<WechatPayHttpResponse> => {
    this.requests.push(req)
    const url = new URL(req.url)
    const body = req.body ?? ''
    const auth = authorizationFields(req.headers.Authorization)
    const signedOk =
      auth.mchid === MCH_ID &&
      auth.serial_no === MCH_SERIAL &&
      verify(
        'sha256',
        Buffer.from(
          `${req.method}\n${url.pathname}${url.search}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`,
        ),
        merchant.publicKey,
        Buffer.from(auth.signature ?? '', 'base64'),
      )
    if (!signedOk) return this.answer(401, { code: 'SIGN_ERROR', message: '签名错误' })

    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const order = JSON.parse(body)
      this.trades.set(order.out_trade_no, {
        outTradeNo: order.out_trade_no,
        amountFen: order.amount.total,
        transactionId: `42000000012026112300${String(++this.seq).padStart(8, '0')}`,
        paid: false,
      })
      return this.answer(200, { code_url: `weixin://wxpay/bizpayurl?pr=${order.out_trade_no}` })
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const r = JSON.parse(body)
      return this.answer(200, {
        refund_id: `5030000000202611230000${String(++this.seq).padStart(8, '0')}`,
        out_refund_no: r.out_refund_no,
        out_trade_no: r.out_trade_no,
        status: 'PROCESSING',
        amount: { refund: r.amount.refund, total: r.amount.total, currency: 'CNY' },
      })
    }
    const queried = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname)
    if (req.method === 'GET' && queried && url.searchParams.get('mchid') === MCH_ID) {
      const t = this.trades.get(decodeURIComponent(queried[1]))
      if (!t) return this.answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' })
      return this.answer(200, this.transaction(t, t.paid ? 'SUCCESS' : 'NOTPAY'))
    }
    return this.answer(404, { code: 'NOT_FOUND', message: 'no such API' })
  }

  /** The transaction as WeChat describes it (query answer, decrypted notification resource). */
  transaction(t: FakeTrade, state: 'SUCCESS' | 'NOTPAY', over: Record<string, unknown> = {}) {
    return {
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: t.outTradeNo,
      trade_type: 'NATIVE',
      trade_state: state,
      ...(state === 'SUCCESS'
        ? { transaction_id: t.transactionId, success_time: '2026-11-23T10:01:00+08:00' }
        : {}),
      amount: { total: t.amountFen, payer_total: t.amountFen, currency: 'CNY', payer_currency: 'CNY' },
      ...over,
    }
  }

  private answer(status: number, body: object): WechatPayHttpResponse {
    const text = JSON.stringify(body)
    return { status, headers: signedHeaders(text, { at: this.clock.now() }), body: text }
  }

  /** A signed notification, as WeChat posts it to notify_url. */
  notification(eventType: string, plain: object, opts: { tamper?: 'ciphertext' | 'signature' } = {}) {
    const resource = encryptResource(plain, {
      associatedData: eventType.startsWith('REFUND') ? 'refund' : 'transaction',
    })
    if (opts.tamper === 'ciphertext') {
      const bytes = Buffer.from(resource.ciphertext, 'base64')
      bytes[3] ^= 0x20
      resource.ciphertext = bytes.toString('base64')
    }
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`,
      create_time: '2026-11-23T10:01:01+08:00',
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType.startsWith('REFUND') ? '退款成功' : '支付成功',
      resource,
    })
    const key = opts.tamper === 'signature' ? stranger.privateKey : platform.privateKey
    return { body, headers: signedHeaders(body, { at: this.clock.now(), key }) }
  }

  /** WeChat settles the trade and produces its TRANSACTION.SUCCESS notification. */
  paid(
    outTradeNo: string,
    over: Record<string, unknown> = {},
    opts: { tamper?: 'ciphertext' | 'signature' } = {},
  ) {
    const t = this.trades.get(outTradeNo)
    if (!t) throw new Error(`WeChat never opened ${outTradeNo}`)
    t.paid = true
    return this.notification('TRANSACTION.SUCCESS', this.transaction(t, 'SUCCESS', over), opts)
  }

  requestsTo(method: string, path: string) {
    return this.requests.filter((r) => r.method === method && new URL(r.url).pathname.startsWith(path))
  }
}

const clock = new FakeClock('2026-11-23T02:00:00Z')
const wechat = new FakeWechat(clock)
let world: TestWorld

beforeAll(async () => {
  const provider = new WechatPayProvider({
    appId: APP_ID,
    mchId: MCH_ID,
    mchSerialNo: MCH_SERIAL,
    mchPrivateKeyPem: merchant.privateKey,
    apiV3Key: API_V3_KEY,
    platformCertificates: { [PLATFORM_SERIAL]: platform.publicKey },
    http: wechat.transport,
    clock,
  })
  world = await createWorld({ providers: { wechatpay: provider }, clock })
})
afterAll(async () => {
  await world.close()
  await closeDatabase()
})

type Shop = Awaited<ReturnType<typeof createShop>>

const notify = (n: { body: string; headers: Record<string, string> }) =>
  call(world, {
    method: 'POST',
    url: '/api/v1/payments/notify/wechatpay',
    headers: { ...n.headers, 'content-type': 'application/json' },
    payload: n.body,
  })

const detail = async (s: Shop, orderId: string) =>
  (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${orderId}` })).json()

const cashBalance = async (s: Shop) => {
  const accounts = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/accounts' })).json()
  return accounts.find((a: { code: string }) => a.code === 'cash:wechatpay')?.balanceFen
}

const logged = (body: string) =>
  world.core.db
    .selectFrom('payment_notifications')
    .select(['provider', 'outcome', 'detail'])
    .where('body', '=', body)
    .execute()

describe('WeChat Pay through the server', () => {
  it('pays by WeChat notification once, refuses forgeries, and refunds when WeChat confirms', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1990], stock: 5, title: '明前龙井' })
    const shopper = await s.shopper()
    const placed = await shopper.call({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: { items: [{ skuId: skuIds[0], quantity: 2 }], fulfillment: 'pickup' },
    })
    expect(placed.statusCode).toBe(201)
    const order = placed.json()
    expect(order.totalFen).toBe(3980)

    // Pay: the adapter opens a Native payment and the shopper gets WeChat's code_url.
    const pay = await shopper.call({
      method: 'POST',
      url: `/api/v1/store/orders/${order.id}/pay`,
      payload: { provider: 'wechatpay' },
    })
    expect(pay.statusCode).toBe(200)
    const payment = pay.json()
    expect(payment).toMatchObject({ provider: 'wechatpay', amountFen: 3980, status: 'pending' })
    expect(payment.payUrl).toBe(`weixin://wxpay/bizpayurl?pr=${payment.outTradeNo}`)
    const opened = wechat.requestsTo('POST', '/v3/pay/transactions/native')
    expect(opened).toHaveLength(1)
    expect(opened[0].url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native')
    expect(JSON.parse(opened[0].body!)).toEqual({
      appid: APP_ID,
      mchid: MCH_ID,
      description: '明前龙井',
      out_trade_no: payment.outTradeNo,
      time_expire: toBeijingRfc3339(new Date(order.expiresAt)),
      notify_url: NOTIFY_URL,
      amount: { total: 3980, currency: 'CNY' },
    })
    // Asking again reuses the open payment instead of opening another at WeChat.
    const again = await shopper.call({
      method: 'POST',
      url: `/api/v1/store/orders/${order.id}/pay`,
      payload: { provider: 'wechatpay' },
    })
    expect(again.json().outTradeNo).toBe(payment.outTradeNo)
    expect(wechat.requestsTo('POST', '/v3/pay/transactions/native')).toHaveLength(1)

    // Forgeries first, while the order is unpaid: none of them may pay it.
    const tamperedCipher = wechat.paid(payment.outTradeNo, {}, { tamper: 'ciphertext' })
    const tamperedSignature = wechat.paid(payment.outTradeNo, {}, { tamper: 'signature' })
    const otherMerchant = wechat.paid(payment.outTradeNo, { mchid: '1230000109' })
    for (const [n, outcome, detail] of [
      [tamperedCipher, 'rejected', 'invalid_signature'],
      [tamperedSignature, 'rejected', 'invalid_signature'],
      [otherMerchant, 'mismatch', 'payment_mismatch'],
    ] as const) {
      const r = await notify(n)
      expect(r.statusCode, outcome).toBeGreaterThanOrEqual(400)
      expect(r.statusCode, outcome).toBeLessThan(500)
      expect(r.json()).toMatchObject({ code: 'FAIL' })
      expect(await logged(n.body)).toEqual([{ provider: 'wechatpay', outcome, detail }])
    }
    // A genuine notification that is too old (outside the five-minute window) is refused too.
    const stale = wechat.paid(payment.outTradeNo)
    clock.advance(301_000)
    expect((await notify(stale)).statusCode).toBe(400)
    expect(await logged(stale.body)).toEqual([expect.objectContaining({ outcome: 'rejected' })])
    await world.core.worker.runDue()
    expect((await detail(s, order.id)).status).toBe('pending_payment')

    // The real notification pays the order and books the cash once, however often it comes.
    const success = wechat.paid(payment.outTradeNo)
    const first = await notify(success)
    expect(first.statusCode).toBe(204)
    for (let i = 0; i < 5; i++) expect((await notify(success)).statusCode).toBe(204)
    await world.core.worker.runDue()
    const paid = await detail(s, order.id)
    expect(paid.status).toBe('paid')
    expect(paid.paidFen).toBe(3980)
    expect(paid.history.filter((h: { to: string }) => h.to === 'paid')).toHaveLength(1)
    expect(paid.payments).toMatchObject([{ provider: 'wechatpay', status: 'succeeded', amountFen: 3980 }])
    expect(await cashBalance(s)).toBe(3980)
    const transfers = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/transfers' })).json()
    expect(transfers.filter((t: { kind: string }) => t.kind === 'payment.captured')).toHaveLength(1)
    const outcomes = (await logged(success.body)).map((l) => l.outcome).sort()
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])

    // The operator refunds: the job asks WeChat, which answers PROCESSING, so nothing moves yet.
    const refund = await s.asOwner({
      method: 'POST',
      url: `/api/v1/console/orders/${order.id}/refund`,
      payload: { reason: '缺货' },
    })
    expect(refund.statusCode).toBe(201)
    await world.core.worker.runDue()
    const refundCalls = wechat.requestsTo('POST', '/v3/refund/domestic/refunds')
    expect(refundCalls).toHaveLength(1)
    const refundBody = JSON.parse(refundCalls[0].body!)
    expect(refundBody).toEqual({
      out_trade_no: payment.outTradeNo,
      out_refund_no: expect.stringMatching(/^R[0-9a-f]{24}$/),
      reason: '缺货',
      notify_url: NOTIFY_URL,
      amount: { refund: 3980, total: 3980, currency: 'CNY' },
    })
    const pending = await detail(s, order.id)
    expect(pending.status).toBe('paid')
    expect(pending.refunds).toMatchObject([{ amountFen: 3980, status: 'pending' }])
    expect(await cashBalance(s)).toBe(3980)

    // Signed but about a refund we never asked for, or for another amount: refused, nothing moves.
    const refundEvent = (over: Record<string, unknown>) =>
      wechat.notification('REFUND.SUCCESS', {
        mchid: MCH_ID,
        out_trade_no: payment.outTradeNo,
        transaction_id: wechat.trades.get(payment.outTradeNo)!.transactionId,
        out_refund_no: refundBody.out_refund_no,
        refund_id: '50300000002026112300009998',
        refund_status: 'SUCCESS',
        success_time: '2026-11-23T10:20:00+08:00',
        amount: { total: 3980, refund: 3980, payer_total: 3980, payer_refund: 3980 },
        ...over,
      })
    const unknown = await notify(refundEvent({ out_refund_no: 'R000000000000000000000000' }))
    expect(unknown.statusCode).toBeGreaterThanOrEqual(400)
    const wrongAmount = await notify(
      refundEvent({ amount: { total: 3980, refund: 1, payer_total: 3980, payer_refund: 1 } }),
    )
    expect(wrongAmount.statusCode).toBeGreaterThanOrEqual(400)
    expect((await detail(s, order.id)).refunds).toMatchObject([{ status: 'pending' }])
    const refused = await world.core.db
      .selectFrom('payment_notifications')
      .select(['outcome', 'tenant_id'])
      .where('provider', '=', 'wechatpay')
      .where('outcome', 'in', ['unknown', 'mismatch'])
      .execute()
    expect(refused.map((r) => r.outcome).sort()).toEqual(expect.arrayContaining(['mismatch', 'unknown']))
    expect(refused.find((r) => r.outcome === 'unknown')?.tenant_id).toBeNull()

    // WeChat's REFUND.SUCCESS settles it: the order is refunded and the cash is back to nothing.
    const refunded = wechat.notification('REFUND.SUCCESS', {
      mchid: MCH_ID,
      out_trade_no: payment.outTradeNo,
      transaction_id: wechat.trades.get(payment.outTradeNo)!.transactionId,
      out_refund_no: refundBody.out_refund_no,
      refund_id: '50300000002026112300009999',
      refund_status: 'SUCCESS',
      success_time: '2026-11-23T10:20:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: 3980, refund: 3980, payer_total: 3980, payer_refund: 3980 },
    })
    expect((await notify(refunded)).statusCode).toBe(204)
    expect((await notify(refunded)).statusCode).toBe(204)
    await world.core.worker.runDue()
    const done = await detail(s, order.id)
    expect(done.status).toBe('refunded')
    expect(done.refundedFen).toBe(3980)
    expect(done.refunds).toMatchObject([{ amountFen: 3980, status: 'succeeded' }])
    expect(await cashBalance(s)).toBe(0)
    const after = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/transfers' })).json()
    expect(after.filter((t: { kind: string }) => t.kind === 'payment.refunded')).toHaveLength(1)
    expect((await checkLedger(world.core.db)).violations).toEqual([])
  })

  it('an order whose notification never came is looked up at WeChat before it would expire', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [1500], stock: 3 })
    const shopper = await s.shopper()
    const order = (
      await shopper.call({
        method: 'POST',
        url: '/api/v1/store/orders',
        payload: { items: [{ skuId: skuIds[0], quantity: 1 }], fulfillment: 'pickup' },
      })
    ).json()
    const payment = (
      await shopper.call({
        method: 'POST',
        url: `/api/v1/store/orders/${order.id}/pay`,
        payload: { provider: 'wechatpay' },
      })
    ).json()
    // The shopper pays, but WeChat's notification is lost on the way.
    wechat.paid(payment.outTradeNo)
    clock.advanceMinutes(16)
    await world.core.worker.runDue()
    const lookups = wechat.requestsTo('GET', `/v3/pay/transactions/out-trade-no/${payment.outTradeNo}`)
    expect(lookups).toHaveLength(1)
    expect(new URL(lookups[0].url).searchParams.get('mchid')).toBe(MCH_ID)
    const d = await detail(s, order.id)
    expect(d.status).toBe('paid')
    expect(await cashBalance(s)).toBe(1500)
  })
})
