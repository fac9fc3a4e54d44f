import { PassThrough } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { invalid } from '../../platform/errors.js'
import { requireStaff } from '../../platform/http/context.js'
import { IdParams, Ok } from '../../platform/http/schemas.js'
import { type ExportData, writeWorkbook } from './analytics.export.js'
import {
  CascadeQuery,
  CascadeResult,
  ExportQuery,
  FunnelQuery,
  FunnelResult,
  Goal,
  GoalBody,
  GoalList,
  IngestBody,
  IngestResult,
  KFactorQuery,
  KFactorResult,
  Overview,
  RangeQuery,
  RetentionResult,
} from './analytics.schemas.js'
import type { CascadeNode } from './domain/metrics.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')
const VISITOR_KEY = /^[A-Za-z0-9_-]{8,64}$/

const node = (n: CascadeNode) => ({ ...n, at: new Date(n.at).toISOString() })

export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { analytics } = app.core

  app.post(
    '/store/analytics/events',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          'Page views, taps and share actions from the storefront, in batches of up to 50 (signed in, or by the `X-Visitor-Key` device key); a retried event id is stored once',
        headers: Type.Object({ 'x-visitor-key': Type.Optional(Type.String({ maxLength: 64 })) }),
        body: IngestBody,
        response: { 200: IngestResult },
      },
    },
    async (req) => {
      const shopperId = req.actor.kind === 'shopper' ? req.actor.id : undefined
      const visitorKey = req.headers['x-visitor-key'] || undefined
      if (!shopperId && !(visitorKey && VISITOR_KEY.test(visitorKey)))
        throw invalid(
          'x-visitor-key',
          'sign in, or send a device key of 8–64 letters, digits, - or _',
          '请登录，或提供8到64位的设备标识（字母、数字、-或_）',
        )
      return analytics.ingestClient(req.ctx(), { shopperId, visitorKey }, req.body.events)
    },
  )

  app.get(
    '/console/analytics/overview',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'GMV, orders, new customers, shares and opens per day and in total, by source and channel; new against returning; groups; commission as a share of GMV',
        querystring: RangeQuery,
        response: { 200: Overview },
      },
    },
    async (req) => analytics.overview(req.ctx(), req.query),
  )

  app.get(
    '/console/analytics/k-factor',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'K-factor of the buyers activated in the range (new buyers each brought within the window) with its terms s, f, r, c, cycle time and activation definition',
        querystring: KFactorQuery,
        response: { 200: KFactorResult },
      },
    },
    async (req) => analytics.kFactor(req.ctx(), req.query),
  )

  app.get(
    '/console/analytics/cascades',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'A campaign’s (or product’s) tree of shares → opens → orders, generation by generation, with tree sizes and depths and the top spreaders',
        querystring: CascadeQuery,
        response: { 200: CascadeResult },
      },
    },
    async (req) => {
      const c = await analytics.cascades(req.ctx(), req.query)
      return { ...c, topSpreaders: c.topSpreaders.map(node), nodes: c.nodes.map(node) }
    },
  )

  app.get(
    '/console/analytics/funnel',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'People who viewed → shared → opened a share → bought through one, for the shop or a campaign',
        querystring: FunnelQuery,
        response: { 200: FunnelResult },
      },
    },
    async (req) => analytics.funnel(req.ctx(), req.query),
  )

  app.get(
    '/console/analytics/retention',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Weekly retention cohorts by acquisition source: customers by the week of their first paid order, and the share who paid again in each later week (default: the last 12 weeks)',
        querystring: RangeQuery,
        response: { 200: RetentionResult },
      },
    },
    async (req) => analytics.retention(req.ctx(), req.query),
  )

  app.get(
    '/console/analytics/goals',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'The shop’s goals, nearest deadline first: value so far, progress, and the linear projection to the deadline (on track or behind)',
        response: { 200: GoalList },
      },
    },
    async (req) => analytics.goals.list(req.ctx()),
  )

  app.post(
    '/console/analytics/goals',
    {
      onRequest: staff,
      config: { idempotent: true },
      schema: {
        ...consoleTag,
        summary:
          'Set a goal: a metric, the value to reach and a deadline (shop days; it counts from `startsOn`, default today)',
        body: GoalBody,
        response: { 201: Goal },
      },
    },
    async (req, reply) => reply.status(201).send(await analytics.goals.create(req.ctx(), req.body)),
  )

  app.delete(
    '/console/analytics/goals/:id',
    {
      onRequest: staff,
      schema: { ...consoleTag, summary: 'Remove a goal', params: IdParams, response: { 200: Ok } },
    },
    async (req) => analytics.goals.remove(req.ctx(), req.params.id),
  )

  app.get(
    '/console/analytics/export.xlsx',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'A report (overview, funnel, cascades or retention) streamed as an .xlsx workbook, one sheet per table: headers in Chinese, English with `lang=en` or Accept-Language: en; money in yuan',
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const { report, lang, ...q } = req.query
      const ctx = req.ctx()
      // The report is read in full first, so a bad range is a JSON 400, never a broken file.
      let d: ExportData
      if (report === 'overview') d = { report, data: await analytics.overview(ctx, q) }
      else if (report === 'funnel') d = { report, data: await analytics.funnel(ctx, q) }
      else if (report === 'retention') d = { report, data: await analytics.retention(ctx, q) }
      else d = { report, data: await analytics.cascades(ctx, q) }
      const range = 'from' in d.data ? { from: d.data.from, to: d.data.to } : { from: q.from, to: q.to }
      const campaign = 'campaign' in d.data ? d.data.campaign : null
      const at = app.core.clock.now()
      const out = new PassThrough()
      writeWorkbook(out, d, { ...range, campaign, at }, lang ?? ctx.lang).catch((err) => out.destroy(err))
      const name = ['analytics', report, range.from, range.to ?? at.toISOString().slice(0, 10)]
        .filter(Boolean)
        .join('-')
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
        .header('Cache-Control', 'no-store')
        .send(out)
    },
  )
}
