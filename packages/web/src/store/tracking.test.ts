import { afterEach, describe, expect, it, vi } from 'vitest'
import { BATCH, describePage, flush, track } from './tracking'

const ID = '0b7c6a52-4f1e-4d7a-9a3b-2c1d0e9f8a7b'

describe('describePage', () => {
  it('names a product page by its product', () => {
    expect(describePage(`/products/${ID}`)).toEqual({
      path: `/products/${ID}`,
      targetKind: 'product',
      targetId: ID,
      productId: ID,
    })
  })

  it('names deals, groups, bargains and draws by kind, without a product', () => {
    expect(describePage(`/groups/${ID}`)).toEqual({
      path: `/groups/${ID}`,
      targetKind: 'group',
      targetId: ID,
    })
    expect(describePage(`/bargains/${ID}/`)).toMatchObject({ targetKind: 'bargain', targetId: ID })
  })

  it('keeps only the path for other pages and for ids that are not uuids', () => {
    expect(describePage('/')).toEqual({ path: '/' })
    expect(describePage('')).toEqual({ path: '/' })
    expect(describePage('/me')).toEqual({ path: '/me' })
    expect(describePage('/products/not-an-id')).toEqual({ path: '/products/not-an-id' })
  })

  it('cuts a very long path to what the server takes', () => {
    expect(describePage(`/${'a'.repeat(500)}`).path).toHaveLength(200)
  })
})

describe('track and flush', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends queued events in batches the server accepts, each with its own id', async () => {
    const bodies: { events: { id: string; type: string; path: string; at: string }[] }[] = []
    const headers: Record<string, string>[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        bodies.push(JSON.parse(String(init.body)))
        headers.push(init.headers as Record<string, string>)
        return new Response('{}')
      }),
    )
    for (let i = 0; i < BATCH + 7; i++) track({ type: 'page.viewed', path: `/p${i}` })
    flush()
    expect(bodies.map((b) => b.events.length)).toEqual([BATCH, 7])
    const events = bodies.flatMap((b) => b.events)
    expect(new Set(events.map((e) => e.id)).size).toBe(BATCH + 7)
    expect(events[0]).toMatchObject({ type: 'page.viewed', path: '/p0' })
    expect(Number.isNaN(Date.parse(events[0].at))).toBe(false)
    // Signed out: the browser's visitor key stands in, in the form the server checks.
    expect(headers[0]['X-Visitor-Key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    flush()
    expect(bodies).toHaveLength(2)
  })

  it('drops a batch the network refuses without throwing', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new Error('offline'))),
    )
    track({ type: 'page.viewed', path: '/' })
    expect(() => flush()).not.toThrow()
  })
})
