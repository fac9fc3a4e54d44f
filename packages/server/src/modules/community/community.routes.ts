import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError, invalid } from '../../platform/errors.js'
import { requireShopper, requireStaff, shopperId } from '../../platform/http/context.js'
import { Id, IdParams, Page, paged } from '../../platform/http/schemas.js'
import {
  ApplicationInput,
  Chosen,
  FromQuery,
  Leader,
  LeaderDetail,
  LeaderStatus,
  Nearest,
  NearestQuery,
  PickupPoint,
  PickupPointInput,
  ReviewBody,
} from './community.schemas.js'
import type { LatLng } from './domain/geo.js'
import type { LeaderStatus as Status } from './domain/leader-state.js'

const store = { tags: ['store'] }
const consoleTag = { tags: ['console'] }
const staff = requireStaff('owner', 'operator')

/** A place from `lat` and `lng` given together; one without the other is a mistake. */
function fromOf(q: { lat?: number; lng?: number }): LatLng | undefined {
  if (q.lat === undefined && q.lng === undefined) return undefined
  if (q.lat === undefined) throw invalid('lat', 'lat and lng go together', '经纬度须同时提供')
  if (q.lng === undefined) throw invalid('lng', 'lat and lng go together', '经纬度须同时提供')
  return { lat: q.lat, lng: q.lng }
}

export const communityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { community } = app.core

  // Console ------------------------------------------------------------------------------------
  app.get(
    '/console/community/leaders',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'Community leaders and applications, newest first; by status or a name, phone or community',
        querystring: Type.Object({
          ...Page.properties,
          status: Type.Optional(LeaderStatus),
          q: Type.Optional(Type.String({ maxLength: 60 })),
        }),
        response: { 200: paged(Leader) },
      },
    },
    async (req) =>
      community.list(req.ctx(), {
        status: req.query.status as Status | undefined,
        q: req.query.q,
        limit: req.query.limit ?? 20,
        cursor: req.query.cursor,
      }),
  )

  app.get(
    '/console/community/leaders/:id',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: 'A community leader with their history and pickup point',
        params: IdParams,
        response: { 200: LeaderDetail },
      },
    },
    async (req) => community.get(req.ctx(), req.params.id),
  )

  app.post(
    '/console/community/leaders/:id/:action',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary:
          'Approve (opens the pickup point), reject (with a reason), pause (hides the pickup point) or resume a community leader',
        params: Type.Object({
          id: Id,
          action: Type.Union([
            Type.Literal('approve'),
            Type.Literal('reject'),
            Type.Literal('pause'),
            Type.Literal('resume'),
          ]),
        }),
        body: Type.Optional(ReviewBody),
        response: { 200: LeaderDetail },
      },
    },
    async (req) => community.review(req.ctx(), req.params.id, req.params.action, req.body?.reason),
  )

  app.put(
    '/console/community/leaders/:id/pickup-point',
    {
      onRequest: staff,
      schema: {
        ...consoleTag,
        summary: "Edit a leader's pickup point: name, address, location, opening hours, photo",
        params: IdParams,
        body: PickupPointInput,
        response: { 200: PickupPoint },
      },
    },
    async (req) => community.updatePickupPoint(req.ctx(), req.params.id, req.body),
  )

  // Storefront: leaders ------------------------------------------------------------------------
  app.post(
    '/store/community/leader/apply',
    {
      onRequest: requireShopper,
      config: { idempotent: true },
      schema: {
        ...store,
        summary:
          'Apply to be a community leader (or correct a waiting application, or apply again after a rejection)',
        body: ApplicationInput,
        response: { 200: LeaderDetail },
      },
    },
    async (req) => community.apply(req.ctx(), shopperId(req), req.body),
  )

  app.get(
    '/store/community/leader/me',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'My community leader application or leadership, its history and my pickup point',
        response: { 200: LeaderDetail },
      },
    },
    async (req) => community.mine(req.ctx(), shopperId(req)),
  )

  // An upload is a stream, so an Idempotency-Key could not be checked against its body; a retried
  // upload only adds an unused image.
  app.post(
    '/store/community/leader/photo',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary:
          'Upload a photo of the pickup point for an application (multipart field `file`; PNG, JPEG, WebP or GIF, at most 5 MB)',
        consumes: ['multipart/form-data'],
        response: {
          201: Type.Object({ id: Id, url: Type.String(), width: Type.Integer(), height: Type.Integer() }),
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, 'file')
      const file = await req.file()
      if (file?.fieldname !== 'file')
        throw invalid('file', 'a multipart field named file', '请以 file 字段上传图片')
      return reply.status(201).send(await app.core.catalog.storeImage(req.ctx(), await file.toBuffer()))
    },
  )

  // Storefront: pickup points ------------------------------------------------------------------
  app.get(
    '/store/community/pickup-points',
    {
      schema: {
        ...store,
        summary:
          'Open pickup points nearest to a place (WGS-84), nearest first, with the geodesic distance in metres',
        querystring: NearestQuery,
        response: { 200: Nearest },
      },
    },
    async (req) =>
      community.nearest(
        req.ctx(),
        { lat: req.query.lat, lng: req.query.lng },
        { limit: req.query.limit, radiusKm: req.query.radiusKm },
      ),
  )

  app.get(
    '/store/community/pickup-points/:id',
    {
      schema: {
        ...store,
        summary: 'An open pickup point, with its distance from lat, lng when given',
        params: IdParams,
        querystring: FromQuery,
        response: { 200: PickupPoint },
      },
    },
    async (req) => community.pickupPoint(req.ctx(), req.params.id, fromOf(req.query)),
  )

  app.get(
    '/store/community/pickup-point',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary:
          'My chosen pickup point (active: false once its leader is paused), with its distance from lat, lng when given',
        querystring: FromQuery,
        response: { 200: Chosen },
      },
    },
    async (req) => community.chosen(req.ctx(), shopperId(req), fromOf(req.query)),
  )

  app.put(
    '/store/community/pickup-point',
    {
      onRequest: requireShopper,
      schema: {
        ...store,
        summary: 'Choose my pickup point (remembered until I choose another)',
        body: Type.Object({ pickupPointId: Id }, { additionalProperties: false }),
        response: { 200: Chosen },
      },
    },
    async (req) => community.choose(req.ctx(), shopperId(req), req.body.pickupPointId),
  )
}
