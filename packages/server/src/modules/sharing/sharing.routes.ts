import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, shopperId } from '../../platform/http/context.js'

const store = { tags: ['store'] }
const TargetKind = Type.Union(
  ['product', 'deal', 'group', 'flash_slot', 'bargain', 'draw', 'page'].map((k) => Type.Literal(k)),
)
const Share = Type.Object({
  token: Type.String(),
  path: Type.String({ description: 'the short link, `/s/<token>`' }),
  sharerId: Type.String(),
  targetKind: Type.String(),
  targetId: Type.String(),
})
const Token = Type.Object({ token: Type.String({ pattern: '^[0-9A-Za-z]{10}$' }) })

export const sharingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sharing } = app.core

  app.post(
    '/store/shares',
    {
      onRequest: requireShopper,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'My share token for a product, deal, group, slot, bargain or draw (one per target and channel)',
        body: Type.Object(
          {
            targetKind: TargetKind,
            targetId: Type.String({ minLength: 1, maxLength: 64 }),
            channel: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Share },
      },
    },
    async (req) =>
      sharing.create(req.ctx(), {
        sharerId: shopperId(req),
        targetKind: req.body.targetKind as never,
        targetId: req.body.targetId,
        channel: req.body.channel,
      }),
  )

  app.post(
    '/store/shares/:token/open',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'A share link was opened: records the click (signed in, or by the `X-Visitor-Key` device key) and says where it leads',
        params: Token,
        headers: Type.Object({ 'x-visitor-key': Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.Object({ ...Share.properties, firstVisit: Type.Boolean() }) },
      },
    },
    async (req) =>
      sharing.open(req.ctx(), req.params.token, {
        shopperId: req.actor.kind === 'shopper' ? req.actor.id : undefined,
        visitorKey: req.headers['x-visitor-key'] || undefined,
      }),
  )
}
