import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError, invalid } from '../../platform/errors.js'
import { requireStaff } from '../../platform/http/context.js'
import { DateTime, Fen, Id, IdParams, Nullable, Ok, Page, paged } from '../../platform/http/schemas.js'
import { MAX_IMAGES, MAX_SKUS } from './domain/product.js'

/** Where an image lives: an upload's `/uploads/…` path or an absolute http(s) URL. */
const Url = Type.String({ minLength: 1, maxLength: 500, pattern: '^(https?://|/)[^\\s]*$' })
const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max, pattern: '\\S' })
const ProductStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('unpublished'),
])
const SkuStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')])
const Spec = Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 40 }), {
  maxProperties: 5,
  propertyNames: { minLength: 1, maxLength: 20 },
  description: 'spec name → value, e.g. {"颜色": "红", "尺码": "M"}',
})

const Category = Type.Object({
  id: Id,
  name: Type.String(),
  iconUrl: Nullable(Type.String()),
  parentId: Nullable(Id),
  sort: Type.Integer(),
})
const ConsoleCategory = Type.Object({ ...Category.properties, productCount: Type.Integer() })
const CategoryFields = {
  name: Text(1, 30),
  parentId: Type.Optional(Nullable(Id)),
  iconUrl: Type.Optional(Nullable(Url)),
  sort: Type.Optional(Type.Integer({ minimum: -100_000, maximum: 100_000 })),
}

const skuFields = {
  spec: Type.Optional(Spec),
  code: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  priceFen: Fen,
  listPriceFen: Type.Optional(Nullable(Fen)),
  imageUrl: Type.Optional(Nullable(Url)),
  status: Type.Optional(SkuStatus),
  initialStock: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'units received into stock on creation' }),
  ),
}
const NewSku = Type.Object(skuFields, { additionalProperties: false })
const SkuChange = Type.Object(
  { id: Type.Optional({ ...Id, description: 'an existing SKU; leave out to add one' }), ...skuFields },
  { additionalProperties: false },
)
const productFields = {
  title: Text(1, 60),
  subtitle: Type.Optional(Type.String({ maxLength: 120 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  categoryId: Type.Optional(Nullable(Id)),
  merchantId: Type.Optional(Nullable({ ...Id, description: 'marketplace mode: the selling merchant' })),
  images: Type.Optional(Type.Array(Url, { maxItems: MAX_IMAGES, description: 'the first is the cover' })),
  specNames: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 20 }), {
      maxItems: 5,
      description: 'e.g. ["颜色", "尺码"]',
    }),
  ),
  returnable7d: Type.Optional(Type.Boolean({ description: '7-day no-reason returns apply' })),
}
const NewProduct = Type.Object(
  { ...productFields, skus: Type.Array(NewSku, { minItems: 1, maxItems: MAX_SKUS }) },
  { additionalProperties: false },
)
const ProductChange = Type.Object(
  {
    ...productFields,
    title: Type.Optional(productFields.title),
    skus: Type.Optional(
      Type.Array(SkuChange, {
        minItems: 1,
        maxItems: MAX_SKUS,
        description: 'the whole list: SKUs left out are disabled',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
)

const StoreSku = Type.Object({
  id: Id,
  spec: Type.Record(Type.String(), Type.String()),
  specLabel: Type.String(),
  priceFen: Fen,
  listPriceFen: Nullable(Fen),
  imageUrl: Nullable(Type.String()),
  available: Type.Integer({ description: 'units that can be bought now' }),
})
const ConsoleSku = Type.Object({
  ...StoreSku.properties,
  code: Nullable(Type.String()),
  status: SkuStatus,
})
const productBase = {
  id: Id,
  title: Type.String(),
  subtitle: Type.String(),
  description: Type.String(),
  categoryId: Nullable(Id),
  images: Type.Array(Type.String()),
  coverUrl: Nullable(Type.String()),
  specNames: Type.Array(Type.String()),
  returnable7d: Type.Boolean(),
  priceFromFen: Fen,
}
const ConsoleProduct = Type.Object({
  ...productBase,
  merchantId: Nullable(Id),
  status: ProductStatus,
  createdAt: DateTime,
  updatedAt: DateTime,
  skus: Type.Array(ConsoleSku),
})
const StoreProduct = Type.Object({ ...productBase, soldOut: Type.Boolean(), skus: Type.Array(StoreSku) })
const StoreListItem = Type.Object({
  id: Id,
  title: Type.String(),
  subtitle: Type.String(),
  coverUrl: Nullable(Type.String()),
  priceFromFen: Fen,
  soldOut: Type.Boolean(),
})
const Q = Type.String({ maxLength: 60, description: 'words in the title' })
const Image = Type.Object({ id: Id, url: Type.String(), width: Type.Integer(), height: Type.Integer() })

const read = requireStaff()
const write = requireStaff('owner', 'operator')

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalog } = app.core

  // Storefront -----------------------------------------------------------------
  app.get(
    '/store/categories',
    {
      schema: {
        tags: ['store'],
        summary: 'Categories, in display order',
        response: { 200: Type.Array(Category) },
      },
    },
    async (req) => catalog.listCategories(req.ctx()),
  )

  app.get(
    '/store/products',
    {
      schema: {
        tags: ['store'],
        summary: 'Products on sale, newest first',
        querystring: Type.Object({ ...Page.properties, categoryId: Type.Optional(Id), q: Type.Optional(Q) }),
        response: { 200: paged(StoreListItem) },
      },
    },
    async (req) => catalog.listStoreProducts(req.ctx(), req.query),
  )

  app.get(
    '/store/products/:id',
    {
      schema: {
        tags: ['store'],
        summary: 'A product on sale with its active SKUs and stock',
        params: IdParams,
        response: { 200: StoreProduct },
      },
    },
    async (req) => catalog.getStoreProduct(req.ctx(), req.params.id),
  )

  // Console: categories ------------------------------------------------------------
  app.get(
    '/console/categories',
    {
      onRequest: read,
      schema: {
        tags: ['console'],
        summary: 'Categories with their product counts',
        response: { 200: Type.Array(ConsoleCategory) },
      },
    },
    async (req) => catalog.listCategoriesWithCounts(req.ctx()),
  )

  app.post(
    '/console/categories',
    {
      onRequest: write,
      config: { idempotent: true },
      schema: {
        tags: ['console'],
        summary: 'Add a category',
        body: Type.Object(CategoryFields, { additionalProperties: false }),
        response: { 201: Category },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createCategory(req.ctx(), req.body)),
  )

  app.patch(
    '/console/categories/:id',
    {
      onRequest: write,
      schema: {
        tags: ['console'],
        summary: 'Rename, move or reorder a category',
        params: IdParams,
        body: Type.Object(
          { ...CategoryFields, name: Type.Optional(CategoryFields.name) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Category },
      },
    },
    async (req) => catalog.updateCategory(req.ctx(), req.params.id, req.body),
  )

  app.delete(
    '/console/categories/:id',
    {
      onRequest: write,
      schema: {
        tags: ['console'],
        summary: 'Delete an empty category',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await catalog.deleteCategory(req.ctx(), req.params.id)
      return { ok: true as const }
    },
  )

  // Console: products ----------------------------------------------------------------
  app.get(
    '/console/products',
    {
      onRequest: read,
      schema: {
        tags: ['console'],
        summary: 'Products with their SKUs and stock, newest first',
        querystring: Type.Object({
          ...Page.properties,
          status: Type.Optional(ProductStatus),
          categoryId: Type.Optional(Id),
          q: Type.Optional(Q),
        }),
        response: { 200: paged(ConsoleProduct) },
      },
    },
    async (req) => catalog.listProducts(req.ctx(), req.query),
  )

  app.post(
    '/console/products',
    {
      onRequest: write,
      config: { idempotent: true },
      schema: {
        tags: ['console'],
        summary: 'Add a product (a draft) with its SKUs and, optionally, their first stock',
        body: NewProduct,
        response: { 201: ConsoleProduct },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createProduct(req.ctx(), req.body)),
  )

  app.get(
    '/console/products/:id',
    {
      onRequest: read,
      schema: {
        tags: ['console'],
        summary: 'A product with all its SKUs',
        params: IdParams,
        response: { 200: ConsoleProduct },
      },
    },
    async (req) => catalog.getProduct(req.ctx(), req.params.id),
  )

  app.patch(
    '/console/products/:id',
    {
      onRequest: write,
      schema: {
        tags: ['console'],
        summary: 'Change a product; `skus` replaces the SKU list (left-out SKUs are disabled)',
        params: IdParams,
        body: ProductChange,
        response: { 200: ConsoleProduct },
      },
    },
    async (req) => catalog.updateProduct(req.ctx(), req.params.id, req.body),
  )

  for (const event of ['publish', 'unpublish'] as const) {
    app.post(
      `/console/products/:id/${event}`,
      {
        onRequest: write,
        schema: {
          tags: ['console'],
          summary:
            event === 'publish'
              ? 'Put on sale (needs an image and an active SKU)'
              : 'Take off sale (kept for orders and history)',
          params: IdParams,
          response: { 200: ConsoleProduct },
        },
      },
      async (req) => catalog.setShelf(req.ctx(), req.params.id, event),
    )
  }

  // An upload is a stream, so an Idempotency-Key could not be checked against its body; a retried
  // upload only adds an unused image.
  app.post(
    '/console/images',
    {
      onRequest: write,
      schema: {
        tags: ['console'],
        summary: 'Upload an image (multipart field `file`; PNG, JPEG, WebP or GIF, at most 5 MB)',
        consumes: ['multipart/form-data'],
        response: { 201: Image },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', {}, 'file')
      const file = await req.file()
      if (file?.fieldname !== 'file')
        throw invalid('file', 'a multipart field named file', '请以 file 字段上传图片')
      const bytes = await file.toBuffer()
      return reply.status(201).send(await catalog.storeImage(req.ctx(), bytes))
    },
  )
}
