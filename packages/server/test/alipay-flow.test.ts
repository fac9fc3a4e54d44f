import { generateKeyPairSync } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { AlipayProvider, signParams, toBeijingTime } from '../src/modules/payments/providers/alipay.js'
import { FakeClock } from '../src/platform/clock.js'
import { call, closeDatabase, createProduct, createShop, createWorld } from './helpers.js'

/** The Alipay adapter wired through the server: pay URL, a signed form notification, replays, a forgery. */
const keys = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
const app = keys()
const alipay = keys()
const APP_ID = '2021004100000001'
const clock = new FakeClock()
const provider = new AlipayProvider({
  appId: APP_ID,
  appPrivateKeyPem: app.privateKey,
  alipayPublicKeyPem: alipay.publicKey,
  clock,
})
const world = await createWorld({ providers: { alipay: provider }, clock })
afterAll(async () => {
  await world.close()
  await closeDatabase()
})

const form = (params: Record<string, string>) => new URLSearchParams(params).toString()
function notification(over: Record<string, string>) {
  const now = toBeijingTime(clock.now())
  const params: Record<string, string> = {
    notify_time: now,
    notify_type: 'trade_status_sync',
    notify_id: `n${Date.now()}`,
    charset: 'utf-8',
    version: '1.0',
    app_id: APP_ID,
    trade_no: '2026112322001404330000999999',
    trade_status: 'TRADE_SUCCESS',
    gmt_payment: now,
    ...over,
  }
  return { ...params, sign_type: 'RSA2', sign: signParams(params, alipay.privateKey) }
}
const notify = (params: Record<string, string>) =>
  call(world, {
    method: 'POST',
    url: '/api/v1/payments/notify/alipay',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(params),
  })

describe('Alipay through the server', () => {
  it('pays by the gateway URL and is captured once from its signed notification', async () => {
    const s = await createShop(world)
    const { skuIds } = await createProduct(world, s.shop.id, { prices: [12_30] })
    const a = await s.shopper()
    const o = (
      await a.call({
        method: 'POST',
        url: '/api/v1/store/orders',
        payload: { items: [{ skuId: skuIds[0], quantity: 2 }], fulfillment: 'pickup' },
      })
    ).json()
    const p = (
      await a.call({
        method: 'POST',
        url: `/api/v1/store/orders/${o.id}/pay`,
        payload: { provider: 'alipay' },
      })
    ).json()
    expect(p.provider).toBe('alipay')
    const url = new URL(p.payUrl)
    expect(url.origin + url.pathname).toBe('https://openapi.alipay.com/gateway.do')
    expect(JSON.parse(url.searchParams.get('biz_content')!)).toMatchObject({
      out_trade_no: p.outTradeNo,
      total_amount: '24.60',
    })

    const forged = await notify({
      ...notification({ out_trade_no: p.outTradeNo, total_amount: '24.60' }),
      total_amount: '0.01',
    })
    expect(forged.body).not.toBe('success')
    const good = notification({ out_trade_no: p.outTradeNo, total_amount: '24.60' })
    for (let i = 0; i < 3; i++) {
      const r = await notify(good)
      expect(r.statusCode).toBe(200)
      expect(r.body).toBe('success')
    }
    await world.core.worker.runDue()
    const d = (await s.asOwner({ method: 'GET', url: `/api/v1/console/orders/${o.id}` })).json()
    expect(d.status).toBe('paid')
    expect(d.payments).toMatchObject([{ provider: 'alipay', amountFen: 2460, status: 'succeeded' }])
    const accounts = (await s.asOwner({ method: 'GET', url: '/api/v1/console/ledger/accounts' })).json()
    expect(accounts).toEqual(
      expect.arrayContaining([{ code: 'cash:alipay', kind: 'asset', balanceFen: 2460 }]),
    )
  })
})
