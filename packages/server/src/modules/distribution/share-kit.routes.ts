import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core.js'
import type { Ctx } from '../../platform/context.js'
import { invalid, notFound } from '../../platform/errors.js'
import { scoped } from '../../platform/tenancy.js'
import { renderSharePoster, type SharePosterInput } from './share-kit/poster.js'
import { qrPng, qrSvg } from './share-kit/qr.js'

const store = { tags: ['store'] }
const Token = Type.Object({ token: Type.String({ pattern: '^[0-9A-Za-z]{10}$' }) })
const Size = Type.Object(
  { size: Type.Optional(Type.Integer({ minimum: 128, maximum: 1024 })) },
  { additionalProperties: true },
)

/** A QR code only encodes the link, which never changes for a token: browsers and CDNs may keep it a day. */
const QR_CACHE = 'public, max-age=86400'
/** A poster shows the product's current price and title: kept briefly, revalidated by its ETag. */
const POSTER_CACHE = 'public, max-age=600'
/** Rendered posters kept in memory by ETag, so a promoter downloading twice does not render twice. */
const RENDERED_MAX = 24

/**
 * The share link a QR code and a poster carry: the storefront's short link `/s/<token>`, naming the
 * shop unless it is the default one (the storefront picks its shop from `?shop=`).
 */
export function shareLink(core: Core, token: string, shopSlug: string): string {
  const shop = shopSlug === core.config.defaultShop ? '' : `?shop=${encodeURIComponent(shopSlug)}`
  return `${core.config.publicUrl}/s/${token}${shop}`
}

/** Bytes of a picture we store ourselves (`/uploads/...`); pictures elsewhere are not fetched. */
async function ownPicture(core: Core, url: string | null | undefined): Promise<Buffer | undefined> {
  if (!url?.startsWith('/uploads/')) return undefined
  try {
    return await core.storage.get(url.slice('/uploads/'.length))
  } catch {
    return undefined // an odd key must not stop the promoter from sharing
  }
}

/** The share and the shop's link for it; 404 for a token this shop does not have. */
async function shareOf(core: Core, ctx: Ctx, token: string) {
  const share = await core.sharing.find(ctx, token)
  if (!share) throw notFound('share', 'token')
  const shop = await core.shops.get(ctx)
  return { share, shop, link: shareLink(core, token, shop.slug) }
}

/** 304 when the browser already holds this version. */
function notModified(req: FastifyRequest, reply: FastifyReply, etag: string) {
  reply.header('ETag', etag)
  const seen = req.headers['if-none-match']
  return !!seen && seen.split(',').some((t) => t.trim() === etag)
}

/**
 * The promoter's share kit: the QR code (PNG, SVG) and the 750×1334 poster of any share token.
 * Anyone holding a token may fetch them (they only show what the link already leads to, and the
 * storefront loads them as plain images); an unknown token is a 404.
 */
export const shareKitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const core = app.core
  const rendered = new Map<string, Buffer>()

  app.get(
    '/store/shares/:token/qr.png',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary: 'The QR code of a share link, as a PNG (`size` in pixels, 512 by default)',
        params: Token,
        querystring: Size,
      },
    },
    async (req, reply) => {
      const { link } = await shareOf(core, req.ctx(), req.params.token)
      const size = req.query.size ?? 512
      const etag = `"qr-${createHash('sha1').update(`${link}|${size}`).digest('base64url')}"`
      reply.header('Cache-Control', QR_CACHE).header('Vary', 'Authorization, X-Shop')
      if (notModified(req, reply, etag)) return reply.status(304).send()
      return reply.type('image/png').send(await qrPng(link, { width: size }))
    },
  )

  app.get(
    '/store/shares/:token/qr.svg',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { ...store, summary: 'The QR code of a share link, as an SVG', params: Token },
    },
    async (req, reply) => {
      const { link } = await shareOf(core, req.ctx(), req.params.token)
      const etag = `"qrs-${createHash('sha1').update(link).digest('base64url')}"`
      reply.header('Cache-Control', QR_CACHE).header('Vary', 'Authorization, X-Shop')
      if (notModified(req, reply, etag)) return reply.status(304).send()
      return reply.type('image/svg+xml').send(await qrSvg(link))
    },
  )

  app.get(
    '/store/shares/:token/poster.png',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        ...store,
        summary:
          "A product share's poster (750×1334 PNG): the product's picture, title and price, the promoter's name and avatar, and the QR code of the share link",
        params: Token,
        querystring: Type.Object(
          { download: Type.Optional(Type.String({ maxLength: 1 })) },
          { additionalProperties: true },
        ),
      },
    },
    async (req, reply) => {
      const ctx = req.ctx()
      const { share, shop, link } = await shareOf(core, ctx, req.params.token)
      if (share.targetKind !== 'product')
        throw invalid('token', 'posters are made for product shares', '海报仅支持商品分享')
      const s = scoped(ctx)
      const [product, sku, sharer] = await Promise.all([
        s
          .selectFrom('products')
          .select(['title', 'images', 'price_from_fen'])
          .where('id', '=', share.targetId)
          .where('status', '=', 'published')
          .executeTakeFirst(),
        // The cheapest SKU on sale: its price is the "from" price, its list price the struck one.
        s
          .selectFrom('skus')
          .select(['price_fen', 'list_price_fen'])
          .where('product_id', '=', share.targetId)
          .where('status', '=', 'active')
          .orderBy('price_fen')
          .orderBy('position')
          .limit(1)
          .executeTakeFirst(),
        s
          .selectFrom('shoppers')
          .select(['nickname', 'avatar_url'])
          .where('id', '=', share.sharerId)
          .executeTakeFirst(),
      ])
      if (!product) throw notFound('product', 'token')
      const priceFen = Number(sku?.price_fen ?? product.price_from_fen)
      const listFen = sku?.list_price_fen == null ? null : Number(sku.list_price_fen)
      const picture = product.images[0] ?? null
      const facts = {
        shopName: shop.name,
        productTitle: product.title,
        priceFen,
        originalPriceFen: listFen !== null && listFen > priceFen ? listFen : null,
        promoterName: sharer?.nickname || shop.name,
        link,
      } satisfies Partial<SharePosterInput>
      const etag = `"poster-${createHash('sha1')
        .update(JSON.stringify([facts, picture, sharer?.avatar_url ?? null]))
        .digest('base64url')}"`
      reply.header('Cache-Control', POSTER_CACHE).header('Vary', 'Authorization, X-Shop')
      if (notModified(req, reply, etag)) return reply.status(304).send()
      let png = rendered.get(etag)
      if (!png) {
        const [productImage, promoterAvatar] = await Promise.all([
          ownPicture(core, picture),
          ownPicture(core, sharer?.avatar_url),
        ])
        png = await renderSharePoster({ ...facts, productImage, promoterAvatar })
        rendered.set(etag, png)
        if (rendered.size > RENDERED_MAX) rendered.delete(rendered.keys().next().value as string)
      }
      if (req.query.download !== undefined)
        reply.header('Content-Disposition', `attachment; filename="poster-${share.token}.png"`)
      return reply.type('image/png').send(png)
    },
  )
}
