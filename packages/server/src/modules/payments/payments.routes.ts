import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, shopperId } from '../../platform/http/context.js'
import { IdParams } from '../../platform/http/schemas.js'
import { formatYuan } from '../../platform/money.js'
import type { SandboxProvider } from './providers/sandbox.js'

const Payment = Type.Object({
  paymentId: Type.String(),
  orderId: Type.String(),
  provider: Type.String(),
  outTradeNo: Type.String(),
  amountFen: Type.Integer(),
  status: Type.String(),
  payUrl: Type.Union([Type.String(), Type.Null()]),
  clientParams: Type.Optional(Type.Record(Type.String(), Type.String())),
})

/** Storefront pay and the providers' notification endpoint. */
export const paymentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { payments } = app.core

  app.post(
    '/store/orders/:id/pay',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        tags: ['store'],
        summary: 'Pay an unpaid order: returns the provider’s pay URL (an open payment is reused)',
        params: IdParams,
        body: Type.Object(
          {
            provider: Type.Optional(
              Type.Union([Type.Literal('sandbox'), Type.Literal('wechatpay'), Type.Literal('alipay')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Payment },
      },
    },
    async (req) =>
      payments.pay(req.ctx(), shopperId(req), req.params.id, req.body.provider ?? payments.defaultProvider()),
  )

  // Providers sign the exact bytes they send, so this route keeps the raw body.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers()
    raw.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    )
    raw.post(
      '/payments/notify/:provider',
      {
        schema: {
          tags: ['payments'],
          summary: 'Payment provider notifications (signed; raw body)',
          params: Type.Object({ provider: Type.String({ maxLength: 20 }) }),
        },
      },
      async (req, reply) => {
        const ans = await payments.notify(
          (req.params as { provider: string }).provider,
          req.headers,
          typeof req.body === 'string' ? req.body : '',
        )
        reply.status(ans.status)
        return ans.body === undefined ? reply.send() : reply.send(ans.body)
      },
    )
  })
}

const page = (
  title: string,
  body: string,
) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>
body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans SC",sans-serif;background:#f2f3f5;color:#1f2329}
.card{max-width:420px;margin:48px auto;background:#fff;border-radius:16px;padding:28px 24px;box-shadow:0 4px 24px rgba(0,0,0,.06);text-align:center}
.brand{color:#07c160;font-weight:600;letter-spacing:.5px}.amount{font-size:40px;font-weight:700;margin:18px 0 6px}.desc{color:#646a73;font-size:14px;margin-bottom:24px}
button{width:100%;border:0;border-radius:10px;padding:14px;font-size:17px;cursor:pointer}.pay{background:#07c160;color:#fff}.back{background:#f2f3f5;color:#1f2329;margin-top:10px}
.note{font-size:12px;color:#8f959e;margin-top:18px}</style></head><body><div class="card">${body}</div></body></html>`

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The sandbox provider's cashier: the page a pay URL opens, standing in for WeChat's or Alipay's. */
export const sandboxCashierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sandbox = () => app.core.payments.provider('sandbox') as SandboxProvider
  const Params = Type.Object({ outTradeNo: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }) })

  // The cashier's pay button is a plain HTML form; its body carries at most the payer's name.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  )

  app.get('/sandbox/pay/:outTradeNo', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const p = await sandbox().get(req.params.outTradeNo)
    reply.type('text/html; charset=utf-8')
    if (!p) return reply.status(404).send(page('支付单不存在', '<p>支付单不存在 / Payment not found</p>'))
    const back = p.return_url
      ? `<a href="${esc(p.return_url)}"><button class="back" type="button">返回商家 / Back to shop</button></a>`
      : ''
    if (p.status === 'paid')
      return page(
        '已支付',
        `<div class="brand">沙箱支付 Sandbox Pay</div><div class="amount">¥${formatYuan(p.amount_fen)}</div><p>已支付 / Paid</p>${back}`,
      )
    return page(
      '沙箱收银台',
      `<div class="brand">沙箱支付 Sandbox Pay</div>
<div class="amount" data-testid="sandbox-amount">¥${formatYuan(p.amount_fen)}</div>
<div class="desc">${esc(p.description)}<br>${esc(p.out_trade_no)}</div>
<form method="post" action="/sandbox/pay/${encodeURIComponent(p.out_trade_no)}/confirm"><button class="pay" data-testid="sandbox-pay" type="submit">确认支付 / Pay now</button></form>${back}
<div class="note">这是内置的沙箱支付，不会产生真实扣款。<br>Built-in sandbox provider: no real money moves.</div>`,
    )
  })

  app.post(
    '/sandbox/pay/:outTradeNo/confirm',
    { schema: { hide: true, params: Params } },
    async (req, reply) => {
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '')
      const q = req.query as { payer?: unknown } | undefined
      const payer = form.get('payer') || (typeof q?.payer === 'string' ? q.payer : '')
      const r = await sandbox().confirm(req.params.outTradeNo, payer.slice(0, 64) || undefined)
      if (r.ok && r.returnUrl) return reply.redirect(r.returnUrl, 303)
      reply.type('text/html; charset=utf-8')
      return reply
        .status(r.ok ? 200 : 409)
        .send(
          page(
            '沙箱支付',
            `<p>${r.ok ? '已支付 / Paid' : `支付失败 / Payment failed: ${esc(r.reason ?? '')}`}</p>`,
          ),
        )
    },
  )
}
