import { describe, expect, it } from 'vitest'
import { call, createShop, fileWorld } from '../../../../test/helpers.js'

const world = await fileWorld()

describe('staff sign-in', () => {
  it('signs in with the right password and refuses a wrong one, in the caller’s language', async () => {
    const s = await createShop(world)
    const me = await s.asOwner({ method: 'GET', url: '/api/v1/console/auth/me' })
    expect(me.statusCode).toBe(200)
    expect(me.json().role).toBe('owner')
    const bad = await call(world, {
      method: 'POST',
      url: '/api/v1/console/auth/login',
      headers: { 'x-shop': s.shop.slug, 'accept-language': 'en' },
      payload: { email: `owner-${s.shop.slug}@example.com`, password: 'wrong-pass1' },
    })
    expect(bad.statusCode).toBe(401)
    expect(bad.json().error).toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong email or password',
    })
  })

  it('logout ends the session', async () => {
    const s = await createShop(world)
    expect((await s.asOwner({ method: 'POST', url: '/api/v1/console/auth/logout' })).statusCode).toBe(200)
    const after = await s.asOwner({ method: 'GET', url: '/api/v1/console/auth/me' })
    expect(after.statusCode).toBe(401)
    expect(after.json().error.code).toBe('session_expired')
  })

  it('a remembered shopper session ends at logout and at its expiry', async () => {
    const s = await createShop(world)
    const a = await s.shopper()
    const me = () => a.call({ method: 'GET', url: '/api/v1/store/me' })
    expect((await me()).statusCode).toBe(200)
    expect((await me()).statusCode).toBe(200)
    expect((await a.call({ method: 'POST', url: '/api/v1/store/auth/logout' })).statusCode).toBe(200)
    expect((await me()).statusCode).toBe(401)

    const b = await s.shopper()
    expect((await b.call({ method: 'GET', url: '/api/v1/store/me' })).statusCode).toBe(200)
    // Revoked by another server process: this one may serve it for at most a few seconds more.
    await world.core.db.updateTable('sessions').set({ revoked_at: world.clock.now() }).execute()
    world.clock.advance(5_001)
    expect((await b.call({ method: 'GET', url: '/api/v1/store/me' })).statusCode).toBe(401)
  })

  it('only the owner adds staff; an operator cannot; passwords follow the rules', async () => {
    const s = await createShop(world)
    const weak = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/staff',
      payload: { email: 'op@example.com', name: 'Op', password: 'abcdefgh', role: 'operator' },
    })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error).toMatchObject({
      field: 'password',
      message: '输入有误：密码须同时包含字母和数字',
    })
    const ok = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/staff',
      payload: { email: 'op@example.com', name: 'Op', password: 'abcdefg1', role: 'operator' },
    })
    expect(ok.statusCode).toBe(201)
    const login = await call(world, {
      method: 'POST',
      url: '/api/v1/console/auth/login',
      headers: { 'x-shop': s.shop.slug },
      payload: { email: 'op@example.com', password: 'abcdefg1' },
    })
    const opToken = login.json().token
    const denied = await call(world, {
      method: 'POST',
      url: '/api/v1/console/staff',
      headers: { authorization: `Bearer ${opToken}` },
      payload: { email: 'x@example.com', name: 'X', password: 'abcdefg1', role: 'owner' },
    })
    expect(denied.statusCode).toBe(403)
    // Disabling revokes the session at once.
    await s.asOwner({
      method: 'PATCH',
      url: `/api/v1/console/staff/${ok.json().id}`,
      payload: { status: 'disabled' },
    })
    expect(
      (
        await call(world, {
          method: 'GET',
          url: '/api/v1/console/auth/me',
          headers: { authorization: `Bearer ${opToken}` },
        })
      ).statusCode,
    ).toBe(401)
  })
})

describe('shopper sign-in by phone code', () => {
  it('creates the account on first sign-in and masks the phone', async () => {
    const s = await createShop(world)
    const shopper = await s.shopper('13800138000')
    const me = await shopper.call({ method: 'GET', url: '/api/v1/store/me' })
    expect(me.json().phone).toBe('138****8000')
  })

  it('a code works once, expires, and five wrong tries burn it', async () => {
    const s = await createShop(world)
    const h = { 'x-shop': s.shop.slug }
    const phone = '13700137000'
    await call(world, { method: 'POST', url: '/api/v1/store/auth/code', headers: h, payload: { phone } })
    const code = (world.core.sms as any).lastCode(s.shop.id, phone)
    const again = await call(world, {
      method: 'POST',
      url: '/api/v1/store/auth/code',
      headers: h,
      payload: { phone },
    })
    expect(again.statusCode).toBe(429)
    for (let i = 0; i < 5; i++) {
      const wrong = await call(world, {
        method: 'POST',
        url: '/api/v1/store/auth/login',
        headers: h,
        payload: { phone, code: code === '000000' ? '111111' : '000000' },
      })
      expect(wrong.statusCode).toBe(401)
    }
    const burnt = await call(world, {
      method: 'POST',
      url: '/api/v1/store/auth/login',
      headers: h,
      payload: { phone, code },
    })
    expect(burnt.statusCode).toBe(401)

    world.clock.advanceMinutes(2)
    await call(world, { method: 'POST', url: '/api/v1/store/auth/code', headers: h, payload: { phone } })
    const fresh = (world.core.sms as any).lastCode(s.shop.id, phone)
    expect(
      (
        await call(world, {
          method: 'POST',
          url: '/api/v1/store/auth/login',
          headers: h,
          payload: { phone, code: fresh },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await call(world, {
          method: 'POST',
          url: '/api/v1/store/auth/login',
          headers: h,
          payload: { phone, code: fresh },
        })
      ).statusCode,
    ).toBe(401)

    world.clock.advanceMinutes(2)
    await call(world, { method: 'POST', url: '/api/v1/store/auth/code', headers: h, payload: { phone } })
    const late = (world.core.sms as any).lastCode(s.shop.id, phone)
    world.clock.advanceMinutes(6)
    expect(
      (
        await call(world, {
          method: 'POST',
          url: '/api/v1/store/auth/login',
          headers: h,
          payload: { phone, code: late },
        })
      ).statusCode,
    ).toBe(401)
  })

  it('rate-limits code requests per IP', async () => {
    const s = await createShop(world)
    const codes = []
    for (let i = 0; i < 12; i++) {
      codes.push(
        await call(world, {
          method: 'POST',
          url: '/api/v1/store/auth/code',
          remoteAddress: '10.9.9.9',
          headers: { 'x-shop': s.shop.slug },
          payload: { phone: `1360000${String(i).padStart(4, '0')}` },
        }),
      )
    }
    expect(codes.filter((r) => r.statusCode === 429).length).toBeGreaterThan(0)
    expect(codes.at(-1)!.json().error.code).toBe('rate_limited')
  })

  it('rejects bad input with a code and a field', async () => {
    const s = await createShop(world)
    const r = await s.asGuest({ method: 'POST', url: '/api/v1/store/auth/code', payload: { phone: '12345' } })
    expect(r.statusCode).toBe(400)
    expect(r.json().error).toMatchObject({ code: 'validation_failed', field: 'phone' })
  })

  it('a shopper token cannot be used in another shop', async () => {
    const a = await createShop(world)
    const b = await createShop(world)
    const shopper = await a.shopper()
    const r = await shopper.call({
      method: 'GET',
      url: '/api/v1/store/me',
      headers: { 'x-shop': b.shop.slug },
    })
    expect(r.statusCode).toBe(403)
  })
})

describe('rate limits shared through Redis', () => {
  it('two app instances on one Redis count one budget per IP', async () => {
    const { buildApp } = await import('../../../app.js')
    const { Redis } = await import('ioredis')
    const probe = new Redis('redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
    })
    const up = await probe.ping().then(
      () => true,
      () => false,
    )
    probe.disconnect()
    if (!up && process.env.CI !== 'true')
      return console.warn('Redis is not running on 127.0.0.1:6379: shared rate limits not tested here')
    const prefix = `liebian-test-${process.pid}-${Date.now()}:`
    const config = { ...world.core.config, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: prefix }
    const coreWithRedis = { ...world.core, config } as typeof world.core
    const a = await buildApp(coreWithRedis)
    const b = await buildApp(coreWithRedis)
    try {
      const s = await createShop(world)
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) {
        const app = i % 2 ? a : b
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/store/auth/code',
          remoteAddress: '10.77.0.1',
          headers: { 'x-shop': s.shop.slug },
          payload: { phone: `1350000${String(i).padStart(4, '0')}` },
        })
        statuses.push(r.statusCode)
      }
      // 10 a minute per IP across both instances: the 11th and 12th are refused.
      expect(statuses.filter((c) => c === 200)).toHaveLength(10)
      expect(statuses.slice(10)).toEqual([429, 429])
    } finally {
      await a.close()
      await b.close()
      const r = new Redis('redis://127.0.0.1:6379')
      const keys = await r.keys(`${prefix}*`)
      if (keys.length) await r.del(...keys)
      r.disconnect()
    }
  })
})
