import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Ctx } from '../../platform/context.js'
import { notFound } from '../../platform/errors.js'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { decodeCursor, Id, IdParams, Nullable } from '../../platform/http/schemas.js'
import { scoped } from '../../platform/tenancy.js'
import { Binding } from './bindings.routes.js'
import {
  CommissionPage,
  CommissionQuery,
  ConsoleCommission,
  ConsoleCommissionPage,
  ConsoleWithdrawal,
  Downline,
  Earnings,
  Withdrawal,
  WithdrawalSettings,
  WithdrawalStatus,
} from './commissions.schemas.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const closed = { additionalProperties: false }

/** The caller's promoter id, or 404 when they have never been one. */
async function myPromoterId(ctx: Ctx, shopper: string) {
  const p = await scoped(ctx)
    .selectFrom('promoters')
    .select('id')
    .where('shopper_id', '=', shopper)
    .executeTakeFirst()
  if (!p) throw notFound('promoter')
  return p.id
}

export const commissionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { commissions, withdrawals } = app.core.distribution

  // Storefront: the promoter center -------------------------------------------------------------
  app.get(
    '/store/promoter/earnings',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My commission money: frozen, available, being withdrawn, withdrawn',
        response: { 200: Earnings },
      },
    },
    async (req) => commissions.earnings(req.ctx(), await myPromoterId(req.ctx(), shopperId(req))),
  )

  app.get(
    '/store/promoter/commissions',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My commissions, newest first, with the order and the buyer masked',
        querystring: CommissionQuery,
        response: { 200: CommissionPage },
      },
    },
    async (req) => {
      const q = req.query
      const { items, nextCursor } = await commissions.list(req.ctx(), {
        ...q,
        after: decodeCursor(q.cursor),
        promoterId: await myPromoterId(req.ctx(), shopperId(req)),
      })
      return { items: items.map(({ promoterId: _, promoterName: __, ...c }) => c), nextCursor }
    },
  )

  app.get(
    '/store/promoter/downline',
    {
      onRequest: requireShopper,
      schema: { ...store, summary: 'Customers bound to me, by level', response: { 200: Downline } },
    },
    async (req) => commissions.downline(req.ctx(), await myPromoterId(req.ctx(), shopperId(req))),
  )

  app.post(
    '/store/promoter/withdrawals',
    {
      onRequest: requireShopper,
      config: { idempotent: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'Withdraw from my available balance (409 withdrawal_refused with the reason when not allowed)',
        body: Type.Object({ amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }) }, closed),
        response: { 200: Withdrawal },
      },
    },
    async (req) => withdrawals.request(req.ctx(), shopperId(req), req.body.amountFen),
  )

  app.get(
    '/store/promoter/withdrawals',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My withdrawals and the terms (minimum, fee, daily limit)',
        response: { 200: Type.Object({ items: Type.Array(Withdrawal), settings: WithdrawalSettings }) },
      },
    },
    async (req) => ({
      items: await withdrawals.list(req.ctx(), { promoterId: await myPromoterId(req.ctx(), shopperId(req)) }),
      settings: await withdrawals.settings(req.ctx()),
    }),
  )

  // Console -------------------------------------------------------------------------------------
  app.get(
    '/console/commissions',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Commissions, newest first, by status, review and promoter',
        querystring: Type.Composite(
          [CommissionQuery, Type.Object({ promoterId: Type.Optional(Id) })],
          closed,
        ),
        response: { 200: ConsoleCommissionPage },
      },
    },
    async (req) => commissions.list(req.ctx(), { ...req.query, after: decodeCursor(req.query.cursor) }),
  )

  app.get(
    '/console/orders/:id/referral',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: "Who brought the order in, who the buyer is bound to and why, and the order's commissions",
        params: IdParams,
        response: {
          200: Type.Object({
            referredBy: Nullable(
              Type.Object({
                promoterId: Id,
                promoterName: Nullable(Type.String()),
                newCustomer: Type.Boolean(),
              }),
            ),
            binding: Nullable(Binding),
            commissions: Type.Array(ConsoleCommission),
          }),
        },
      },
    },
    async (req) => commissions.referralOf(req.ctx(), req.params.id),
  )

  app.get(
    '/console/promoters/:id/earnings',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: "A promoter's commission money",
        params: IdParams,
        response: { 200: Earnings },
      },
    },
    async (req) => commissions.earnings(req.ctx(), req.params.id),
  )

  app.get(
    '/console/withdrawals',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Withdrawals, newest first',
        querystring: Type.Object(
          {
            status: Type.Optional(WithdrawalStatus),
            promoterId: Type.Optional(Id),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          closed,
        ),
        response: { 200: Type.Object({ items: Type.Array(ConsoleWithdrawal) }) },
      },
    },
    async (req) => ({ items: await withdrawals.list(req.ctx(), req.query) }),
  )

  app.post(
    '/console/withdrawals/:id/approve',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Approve a withdrawal; an automatic payout provider then pays it',
        params: IdParams,
        response: { 200: Withdrawal },
      },
    },
    async (req) => withdrawals.approve(req.ctx(), req.params.id),
  )

  app.post(
    '/console/withdrawals/:id/reject',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Reject a withdrawal with a reason; the amount returns to available',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, closed),
        response: { 200: Withdrawal },
      },
    },
    async (req) => withdrawals.reject(req.ctx(), req.params.id, req.body.reason),
  )

  app.post(
    '/console/withdrawals/:id/paid',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Record a manual payout of an approved withdrawal, with the transfer reference',
        params: IdParams,
        body: Type.Object({ reference: Type.String({ minLength: 1, maxLength: 200 }) }, closed),
        response: { 200: Withdrawal },
      },
    },
    async (req) => withdrawals.recordPaid(req.ctx(), req.params.id, req.body.reference),
  )
}
