import { describe, expect, it, vi } from 'vitest'
import { ApiError, createApiClient, rememberShop, toApiError, toQueryString } from './api'

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

describe('toApiError', () => {
  it('keeps the server’s code, message and field', () => {
    const e = toApiError(
      409,
      { error: { code: 'sold_out', message: '库存不足，已售罄', field: 'items.0.quantity' } },
      'zh-CN',
    )
    expect(e).toBeInstanceOf(ApiError)
    expect(e.message).toBe('库存不足，已售罄')
    expect(e.code).toBe('sold_out')
    expect(e.field).toBe('items.0.quantity')
    expect(e.status).toBe(409)
  })
  it('carries the request id of a 500', () => {
    const e = toApiError(
      500,
      { error: { code: 'internal', message: '服务器内部错误', requestId: 'r-1' } },
      'zh-CN',
    )
    expect(e.requestId).toBe('r-1')
  })
  it('gives a plain message in the user’s language when the body is not ours', () => {
    expect(toApiError(502, null, 'en').message).toMatch(/try again/i)
    expect(toApiError(502, '<html>', 'zh-CN').message).toBe('服务器开小差了，请稍后重试')
    expect(toApiError(0, null, 'zh-CN').code).toBe('network')
    expect(toApiError(404, {}, 'en').message).toBe('Request failed (404)')
    expect(toApiError(401, null, 'en').code).toBe('unauthorized')
  })
})

describe('createApiClient', () => {
  it('sends token, shop, language and JSON, and returns the body', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true }))
    const storage = memoryStorage({ tok: 'abc' })
    const c = createApiClient({ tokenKey: 'tok', shop: () => 'demo', lang: () => 'en', storage, fetch })
    await expect(c.post('/store/cart/items', { skuId: 's', quantity: 1 })).resolves.toEqual({ ok: true })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/store/cart/items')
    const h = init.headers as Record<string, string>
    expect(h.Authorization).toBe('Bearer abc')
    expect(h['X-Shop']).toBe('demo')
    expect(h['Accept-Language']).toBe('en')
    expect(h['Content-Type']).toBe('application/json')
    expect(h['Idempotency-Key']).toBeUndefined()
    expect(init.body).toBe('{"skuId":"s","quantity":1}')
  })
  it('adds an Idempotency-Key when asked, reusing a given one', async () => {
    const fetch = vi.fn(async () => json(201, { id: 'o1' }))
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'zh-CN',
      storage: memoryStorage(),
      fetch,
    })
    await c.post('/store/orders', {}, { idempotencyKey: true })
    await c.post('/store/orders', {}, { idempotencyKey: 'same-key' })
    const keys = fetch.mock.calls.map(
      (call) =>
        ((call as unknown as [string, RequestInit])[1].headers as Record<string, string>)['Idempotency-Key'],
    )
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe('same-key')
  })
  it('builds query strings without empty values', async () => {
    const fetch = vi.fn(async () => json(200, { items: [], nextCursor: null }))
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'zh-CN',
      storage: memoryStorage(),
      fetch,
    })
    await c.get('/store/products', { q: '茶', categoryId: undefined, cursor: null, limit: 10 })
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe(
      `/api/v1/store/products?q=${encodeURIComponent('茶')}&limit=10`,
    )
    expect(toQueryString({ c: ['a', 'b'], x: '' })).toBe('?c=a&c=b')
  })
  it('throws the server’s message as an ApiError', async () => {
    const fetch = vi.fn(async () =>
      json(409, { error: { code: 'sold_out', message: 'Sold out', field: 'items.0.quantity' } }),
    )
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'en',
      storage: memoryStorage(),
      fetch,
    })
    await expect(c.post('/store/orders', {})).rejects.toMatchObject({
      name: 'ApiError',
      message: 'Sold out',
      code: 'sold_out',
      status: 409,
    })
  })
  it('drops the session on a 401 and says so', async () => {
    const fetch = vi.fn(async () => json(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    const storage = memoryStorage({ t: 'old' })
    const onUnauthorized = vi.fn()
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'zh-CN',
      storage,
      fetch,
      onUnauthorized,
    })
    await expect(c.get('/store/me')).rejects.toMatchObject({ status: 401, message: '请先登录' })
    expect(storage.map.has('t')).toBe(false)
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })
  it('turns a failed connection into a network error', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'zh-CN',
      storage: memoryStorage(),
      fetch,
    })
    await expect(c.get('/store/shop')).rejects.toMatchObject({ code: 'network', status: 0 })
  })
  it('sends an empty JSON object for a POST without a body', async () => {
    const fetch = vi.fn(async () => json(200, { ok: true }))
    const c = createApiClient({
      tokenKey: 't',
      shop: () => null,
      lang: () => 'zh-CN',
      storage: memoryStorage(),
      fetch,
    })
    await c.post('/store/auth/logout')
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body).toBe('{}')
  })
})

describe('rememberShop', () => {
  it('remembers ?shop= and falls back to the remembered one', () => {
    const s = memoryStorage()
    expect(rememberShop('k', '', s)).toBeNull()
    expect(rememberShop('k', '?shop=tea-house', s)).toBe('tea-house')
    expect(rememberShop('k', '?x=1', s)).toBe('tea-house')
    expect(rememberShop('k', '?shop=../evil', s)).toBe('tea-house')
  })
})
