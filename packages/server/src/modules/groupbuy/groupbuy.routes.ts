import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams } from '../../platform/http/schemas.js'
import { Order } from '../orders/orders.schemas.js'
import { ConsoleGroup, Deal, DealBody, DealStats, Group, SeatBody } from './groupbuy.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const Seated = Type.Object({ group: Group, order: Order })
const GroupStatus = Type.Union(
  ['opening', 'forming', 'succeeded', 'drawn', 'failed', 'cancelled'].map((s) => Type.Literal(s)),
)
/** How often a live group page checks for changes, and how often it says it is still there. */
const POLL_MS = 1000
const HEARTBEAT_MS = 15_000

export const groupBuyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { groupBuy } = app.core
  const viewer = (req: { actor: { kind: string; id?: string } }) =>
    req.actor.kind === 'shopper' ? req.actor.id : undefined

  // Storefront ---------------------------------------------------------------------------------
  app.get(
    '/store/deals',
    {
      schema: {
        ...store,
        summary: 'Group-buy deals on now',
        querystring: Type.Object(
          {
            productId: Type.Optional(Id),
            type: Type.Optional(
              Type.Union(
                ['standard', 'ladder', 'lucky_draw', 'flash', 'cross_border'].map((t) => Type.Literal(t)),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Deal) }) },
      },
    },
    async (req) => ({ items: await groupBuy.activeDeals(req.ctx(), req.query as never) }),
  )

  app.get(
    '/store/deals/:id',
    {
      schema: {
        ...store,
        summary: 'A deal with the groups one can join right now, nearest to completion first',
        params: IdParams,
        response: { 200: Type.Object({ ...Deal.properties, openGroups: Type.Array(Group) }) },
      },
    },
    async (req) => groupBuy.storeDeal(req.ctx(), req.params.id, viewer(req)),
  )

  app.post(
    '/store/deals/:id/groups',
    {
      onRequest: requireShopper,
      config: { idempotent: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary: 'Open a group: the opener’s order is placed; once paid, the group opens and can be shared',
        params: IdParams,
        body: SeatBody,
        response: { 201: Seated },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await groupBuy.open(req.ctx(), shopperId(req), req.params.id, req.body)),
  )

  app.post(
    '/store/groups/:id/join',
    {
      onRequest: requireShopper,
      config: { idempotent: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'Join a group: a seat is held for the payment timeout; 409 group_full, group_closed, already_member, …',
        params: IdParams,
        body: SeatBody,
        response: { 201: Seated },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await groupBuy.join(req.ctx(), shopperId(req), req.params.id, req.body)),
  )

  app.get(
    '/store/groups/:id',
    {
      schema: {
        ...store,
        summary: 'A group, as its share link shows it (paid members only; `me` when signed in)',
        params: IdParams,
        response: { 200: Group },
      },
    },
    async (req) => groupBuy.storeGroup(req.ctx(), req.params.id, viewer(req)),
  )

  // Open live pages, ended when the server shuts down so it never waits on them.
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of streams) end()
  })

  app.get(
    '/store/groups/:id/events',
    {
      schema: {
        ...store,
        summary:
          'Server-sent events: the group (as GET /store/groups/:id) at once and whenever it changes; a comment line every 15 s keeps the connection open',
        params: IdParams,
        produces: ['text/event-stream'],
      },
    },
    async (req, reply) => {
      const ctx = req.ctx()
      const id = req.params.id
      const who = viewer(req)
      const first = await groupBuy.storeGroup(ctx, id, who)
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      const send = (g: unknown) => res.write(`event: group\ndata: ${JSON.stringify(g)}\n\n`)
      send(first)
      let version = await groupBuy.groupVersion(ctx, id)
      let quietFor = 0
      let busy = false
      const poll = setInterval(async () => {
        if (busy) return
        busy = true
        try {
          const now = await groupBuy.groupVersion(ctx, id)
          if (now !== version) {
            version = now
            quietFor = 0
            send(await groupBuy.storeGroup(ctx, id, who))
          } else {
            quietFor += POLL_MS
            if (quietFor >= HEARTBEAT_MS) {
              quietFor = 0
              res.write(': still here\n\n')
            }
          }
        } catch (err) {
          req.log.warn({ err }, 'live group update failed')
        } finally {
          busy = false
        }
      }, POLL_MS)
      const end = () => {
        clearInterval(poll)
        streams.delete(end)
        res.end()
      }
      streams.add(end)
      req.raw.on('close', end)
    },
  )

  app.get(
    '/store/me/groups',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Groups I opened or joined',
        response: { 200: Type.Object({ items: Type.Array(Group) }) },
      },
    },
    async (req) => ({ items: await groupBuy.myGroups(req.ctx(), shopperId(req)) }),
  )

  // Console ------------------------------------------------------------------------------------
  const DealWithStats = Type.Object({ ...Deal.properties, stats: DealStats })

  app.get(
    '/console/deals',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Group-buy deals with live figures',
        response: { 200: Type.Object({ items: Type.Array(DealWithStats) }) },
      },
    },
    async (req) => ({ items: await groupBuy.listDeals(req.ctx()) }),
  )

  app.post(
    '/console/deals',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Create a group-buy deal',
        body: DealBody,
        response: { 201: DealWithStats },
      },
    },
    async (req, reply) => reply.status(201).send(await groupBuy.createDeal(req.ctx(), req.body)),
  )

  app.get(
    '/console/deals/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A deal with live figures',
        params: IdParams,
        response: { 200: DealWithStats },
      },
    },
    async (req) => groupBuy.getDeal(req.ctx(), req.params.id),
  )

  app.patch(
    '/console/deals/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Edit a deal (its terms are fixed once a group has opened; the window and limits may move)',
        params: IdParams,
        body: DealBody,
        response: { 200: DealWithStats },
      },
    },
    async (req) => groupBuy.updateDeal(req.ctx(), req.params.id, req.body),
  )

  app.post(
    '/console/deals/:id/status',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Pause, resume or end a deal (forming groups run on to their own end)',
        params: IdParams,
        body: Type.Object(
          { status: Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('ended')]) },
          { additionalProperties: false },
        ),
        response: { 200: DealWithStats },
      },
    },
    async (req) => groupBuy.setDealStatus(req.ctx(), req.params.id, req.body.status),
  )

  app.get(
    '/console/deals/:id/groups',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A deal’s groups with their seats and history',
        params: IdParams,
        querystring: Type.Object({ status: Type.Optional(GroupStatus) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ConsoleGroup) }) },
      },
    },
    async (req) => ({ items: await groupBuy.consoleGroups(req.ctx(), req.params.id, req.query.status) }),
  )

  app.get(
    '/console/groups/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A group: seats, orders and history',
        params: IdParams,
        response: { 200: ConsoleGroup },
      },
    },
    async (req) => groupBuy.consoleGroup(req.ctx(), req.params.id),
  )

  app.post(
    '/console/groups/:id/close',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Close a forming group by hand: every paid member is refunded (audited)',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: ConsoleGroup },
      },
    },
    async (req) => groupBuy.close(req.ctx(), req.params.id, req.body.reason),
  )
}
