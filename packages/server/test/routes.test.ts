import { describe, expect, it } from 'vitest'
import { call, createProduct, createShop, fileWorld } from './helpers.js'

/**
 * Generated from the route table, so a new route is covered the day it is added: every console
 * route refuses anonymous callers and shoppers, every shopper route refuses anonymous callers and
 * staff, and every write route answers malformed bodies with a coded 4xx and never a 500.
 */
const world = await fileWorld()
const s = await createShop(world)
const shopper = await s.shopper()
await createProduct(world, s.shop.id)

const UUID = '00000000-0000-4000-8000-000000000001'
const PUBLIC_STORE = new Set([
  'GET /api/v1/store/shop',
  'POST /api/v1/store/auth/code',
  'POST /api/v1/store/auth/login',
  'GET /api/v1/store/auth/sandbox-code',
  'GET /api/v1/store/categories',
  'GET /api/v1/store/products',
  'GET /api/v1/store/products/:id',
  // A friend opens a bargain link before signing in; the product page shows its offers.
  'GET /api/v1/store/bargain/offers',
  'GET /api/v1/store/bargains/:id',
  // Group buys: the deal list, a deal's open groups, and a shared group page before signing in.
  'GET /api/v1/store/deals',
  'GET /api/v1/store/deals/:id',
  'GET /api/v1/store/groups/:id',
  'GET /api/v1/store/groups/:id/events',
  // Flash sales: the slots and their countdowns are shown before signing in.
  'GET /api/v1/store/flash-sales',
  'GET /api/v1/store/flash-sales/slots/:id',
  // Opening a share link records the visit, signed in or not.
  'POST /api/v1/store/shares/:token/open',
  // Distribution: the promoter program's rules are shown before signing in.
  'GET /api/v1/store/distribution/program',
  // Analytics: the storefront reports page views and taps, signed in or by device key.
  'POST /api/v1/store/analytics/events',
  // Share kit: a share's QR code and poster load as plain images for anyone holding the token.
  'GET /api/v1/store/shares/:token/qr.png',
  'GET /api/v1/store/shares/:token/qr.svg',
  'GET /api/v1/store/shares/:token/poster.png',
  // Community: shoppers find the nearest pickup points before signing in.
  'GET /api/v1/store/community/pickup-points',
  'GET /api/v1/store/community/pickup-points/:id',
  // Community: a leader's campaign link shows the campaign (prices, what is left, cutoff) before signing in.
  'GET /api/v1/store/community/campaigns/:id',
  // Coupons: the claim centre is a page shoppers browse before signing in to claim.
  'GET /api/v1/store/coupons/centre',
])
const PUBLIC_CONSOLE = new Set(['POST /api/v1/console/auth/login'])

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, UUID)
const apiRoutes = () => world.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'))

describe('generated from the route table', () => {
  it('has the routes it is meant to cover', () => {
    const urls = apiRoutes().map((r) => `${r.method} ${r.url}`)
    expect(urls.length).toBeGreaterThan(50)
    expect(urls).toContain('POST /api/v1/store/orders')
    expect(urls).toContain('POST /api/v1/console/orders/:id/refund')
  })

  it('console routes refuse anonymous callers and shoppers', async () => {
    const routes = apiRoutes().filter(
      (r) => r.url.startsWith('/api/v1/console/') && !PUBLIC_CONSOLE.has(`${r.method} ${r.url}`),
    )
    expect(routes.length).toBeGreaterThan(25)
    for (const r of routes) {
      const url = concrete(r.url)
      const anon = await call(world, {
        method: r.method as any,
        url,
        headers: { 'x-shop': s.shop.slug },
        payload: r.method === 'GET' ? undefined : {},
      })
      // Guards run before validation: an outsider learns nothing about the route's input.
      expect(anon.statusCode, `anonymous ${r.method} ${r.url}`).toBe(401)
      expect(anon.json().error.code).toBe('unauthenticated')
      const asShopper = await shopper.call({
        method: r.method as any,
        url,
        payload: r.method === 'GET' ? undefined : {},
      })
      expect(asShopper.statusCode, `shopper ${r.method} ${r.url}`).toBe(401)
    }
  })

  it('shopper routes refuse anonymous callers and staff', async () => {
    const routes = apiRoutes().filter(
      (r) => r.url.startsWith('/api/v1/store/') && !PUBLIC_STORE.has(`${r.method} ${r.url}`),
    )
    expect(routes.length).toBeGreaterThan(15)
    for (const r of routes) {
      const url = concrete(r.url)
      const anon = await call(world, {
        method: r.method as any,
        url,
        headers: { 'x-shop': s.shop.slug },
        payload: r.method === 'GET' ? undefined : {},
      })
      expect(anon.statusCode, `anonymous ${r.method} ${r.url}`).toBe(401)
      const staff = await s.asOwner({
        method: r.method as any,
        url,
        payload: r.method === 'GET' ? undefined : {},
      })
      expect(staff.statusCode, `staff ${r.method} ${r.url}`).toBe(401)
    }
  })

  it('every write route answers malformed bodies with a coded 4xx, never a 500', async () => {
    const writes = apiRoutes().filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) && r.schema?.body)
    expect(writes.length).toBeGreaterThan(20)
    const bodies: { label: string; payload: string }[] = [
      { label: 'array', payload: '[]' },
      { label: 'unknown field', payload: JSON.stringify({ __unexpected__: 1 }) },
      {
        label: 'wrong types',
        payload: JSON.stringify({
          quantity: 'many',
          priceFen: -1.5,
          phone: 12,
          items: 'x',
          name: 42,
          title: null,
        }),
      },
      { label: 'broken JSON', payload: '{"a":' },
      {
        label: 'huge string',
        payload: JSON.stringify({
          name: 'x'.repeat(5000),
          title: 'x'.repeat(5000),
          reason: 'x'.repeat(5000),
        }),
      },
    ]
    for (const r of writes) {
      const caller = r.url.startsWith('/api/v1/console/')
        ? s.asOwner
        : r.url.startsWith('/api/v1/store/')
          ? shopper.call
          : null
      if (!caller) continue
      for (const b of bodies) {
        const res = await caller({
          method: r.method as any,
          url: concrete(r.url),
          headers: { 'content-type': 'application/json' },
          payload: b.payload,
        })
        const where = `${r.method} ${r.url} with ${b.label} → ${res.statusCode} ${res.body.slice(0, 200)}`
        expect(res.statusCode, where).toBeGreaterThanOrEqual(400)
        expect(res.statusCode, where).toBeLessThan(500)
        expect(res.json().error?.code, where).toBeTruthy()
        expect(res.json().error?.message, where).toBeTruthy()
      }
    }
  })

  it('every route is in the OpenAPI document', async () => {
    const doc = (await call(world, { method: 'GET', url: '/docs/json' })).json()
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    )
    for (const r of apiRoutes()) {
      const openapiPath = r.url.replace(/:([A-Za-z]+)/g, '{$1}')
      expect(
        documented.has(`${r.method} ${openapiPath}`),
        `${r.method} ${r.url} missing from /docs/json`,
      ).toBe(true)
    }
  })
})
