import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams, Page, paged } from '../../platform/http/schemas.js'
import type { CampaignInput as Input } from './domain/campaign-rules.js'
import {
  Award,
  Campaign,
  CampaignInput,
  CampaignSummary,
  DrawPage,
  DrawResult,
  MyPrize,
  OpenCampaign,
  ShareResult,
  Winner,
} from './luckydraw.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')

const toInput = (b: typeof CampaignInput.static): Input => ({
  ...b,
  startsAt: new Date(b.startsAt),
  endsAt: new Date(b.endsAt),
})

/** One CSV cell: quoted, and a leading =+-@ defused so a spreadsheet never runs it. */
const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
}

export const luckyDrawRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { luckyDraw } = app.core

  // Console ------------------------------------------------------------------------------------
  app.get(
    '/console/luckydraw/campaigns',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Lucky draw campaigns',
        response: { 200: Type.Array(CampaignSummary) },
      },
    },
    async (req) => luckyDraw.list(req.ctx()),
  )

  app.post(
    '/console/luckydraw/campaigns',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary: 'Create a lucky draw (a draft): window, chances and a prize pool summing to 10000 bp',
        body: CampaignInput,
        response: { 201: Campaign },
      },
    },
    async (req, reply) => reply.status(201).send(await luckyDraw.create(req.ctx(), toInput(req.body))),
  )

  app.get(
    '/console/luckydraw/campaigns/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A lucky draw with its pool, stock left, odds in force and figures',
        params: IdParams,
        response: { 200: Campaign },
      },
    },
    async (req) => luckyDraw.get(req.ctx(), req.params.id),
  )

  app.put(
    '/console/luckydraw/campaigns/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Edit a lucky draw and its prize pool (prizes keep their ids; a won prize stays)',
        params: IdParams,
        body: CampaignInput,
        response: { 200: Campaign },
      },
    },
    async (req) => luckyDraw.update(req.ctx(), req.params.id, toInput(req.body)),
  )

  app.post(
    '/console/luckydraw/campaigns/:id/:action',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Publish, pause, resume or end a lucky draw',
        params: Type.Object({
          id: Id,
          action: Type.Union([
            Type.Literal('publish'),
            Type.Literal('pause'),
            Type.Literal('resume'),
            Type.Literal('end'),
          ]),
        }),
        response: { 200: Campaign },
      },
    },
    async (req) => luckyDraw.act(req.ctx(), req.params.id, req.params.action),
  )

  app.get(
    '/console/luckydraw/campaigns/:id/winners',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Winners of a lucky draw, newest first',
        params: IdParams,
        querystring: Page,
        response: { 200: paged(Winner) },
      },
    },
    async (req) =>
      luckyDraw.winners(req.ctx(), req.params.id, { limit: req.query.limit ?? 20, cursor: req.query.cursor }),
  )

  app.get(
    '/console/luckydraw/campaigns/:id/winners.csv',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Every winner of a lucky draw as CSV (UTF-8 with BOM)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const rows = []
      let cursor: string | undefined
      do {
        const page = await luckyDraw.winners(req.ctx(), req.params.id, { limit: 100, cursor })
        rows.push(...page.items)
        cursor = page.nextCursor ?? undefined
      } while (cursor && rows.length < 100_000)
      const head = [
        'wonAt',
        'prize',
        'kind',
        'amount',
        'reference',
        'status',
        'shopperPhone',
        'nickname',
        'name',
        'phone',
        'region',
        'detail',
      ]
      const lines = rows.map((w) =>
        [
          new Date(w.createdAt).toISOString(),
          w.name,
          w.kind,
          w.amount,
          w.reference,
          w.status,
          w.shopperPhone,
          w.shopperNickname,
          w.address?.name,
          w.address?.phone,
          w.address?.region,
          w.address?.detail,
        ]
          .map(cell)
          .join(','),
      )
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="draw-${req.params.id}-winners.csv"`)
        .send(`\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`)
    },
  )

  app.post(
    '/console/luckydraw/awards/:id/fulfil',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Mark a prize won as shipped (product) or honoured (points, coupon)',
        params: IdParams,
        response: { 200: Award },
      },
    },
    async (req) => luckyDraw.fulfil(req.ctx(), req.params.id),
  )

  // Storefront ---------------------------------------------------------------------------------
  app.get(
    '/store/luckydraw/campaigns',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'Lucky draws open now', response: { 200: Type.Array(OpenCampaign) } },
    },
    async (req) => luckyDraw.openCampaigns(req.ctx()),
  )

  app.get(
    '/store/luckydraw/campaigns/:id',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'A lucky draw: prizes with the odds in force (the odds the draw uses) and my chances today',
        params: IdParams,
        response: { 200: DrawPage },
      },
    },
    async (req) => luckyDraw.page(req.ctx(), shopperId(req), req.params.id),
  )

  app.post(
    '/store/luckydraw/campaigns/:id/draw',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary: 'Draw once (uses one chance)',
        params: IdParams,
        response: { 200: DrawResult },
      },
    },
    async (req) => luckyDraw.draw(req.ctx(), shopperId(req), req.params.id),
  )

  app.post(
    '/store/luckydraw/campaigns/:id/share',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Share this draw: a share link, and a chance within today’s cap',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { channel: Type.Optional(Type.String({ maxLength: 32 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: ShareResult },
      },
    },
    async (req) => luckyDraw.share(req.ctx(), shopperId(req), req.params.id, req.body?.channel),
  )

  app.get(
    '/store/luckydraw/prizes',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'My prizes', response: { 200: Type.Array(MyPrize) } },
    },
    async (req) => luckyDraw.myPrizes(req.ctx(), shopperId(req)),
  )

  app.post(
    '/store/luckydraw/prizes/:id/claim',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Claim a product prize: the address to ship it to',
        params: IdParams,
        body: Type.Object({ addressId: Id }, { additionalProperties: false }),
        response: { 200: Award },
      },
    },
    async (req) => luckyDraw.claim(req.ctx(), shopperId(req), req.params.id, req.body.addressId),
  )
}
