import { describe, expect, it } from 'vitest'
import { call, createShop, fileWorld } from '../../../../test/helpers.js'
import { application } from './fixtures.js'

const world = await fileWorld()

type Shop = Awaited<ReturnType<typeof createShop>>
type Shopper = Awaited<ReturnType<Shop['shopper']>>

const apply = (sh: Shopper, body: Record<string, unknown>) =>
  sh.call({ method: 'POST', url: '/api/v1/store/community/leader/apply', payload: body })
const act = (s: Shop, id: string, action: string, reason?: string) =>
  s.asOwner({
    method: 'POST',
    url: `/api/v1/console/community/leaders/${id}/${action}`,
    payload: reason ? { reason } : {},
  })
const near = (s: Shop, q: string) =>
  s.asGuest({ method: 'GET', url: `/api/v1/store/community/pickup-points?${q}` })

describe('a shopper applies to be a community leader', () => {
  it('refuses a wrong field by name, in Chinese or English', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    const phone = await apply(sh, application({ phone: '12345' }))
    expect(phone.statusCode).toBe(400)
    expect(phone.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'phone',
      message: '输入有误：请填写 11 位手机号',
    })
    const lat = await apply(sh, application({ lat: 95 }))
    expect(lat.statusCode).toBe(400)
    expect(lat.json().error.field).toBe('lat')
    const hours = await sh.call({
      method: 'POST',
      url: '/api/v1/store/community/leader/apply',
      headers: { 'accept-language': 'en' },
      payload: application({ hours: [{ days: [1], opens: '21:00', closes: '08:00' }] }),
    })
    expect(hours.json().error).toMatchObject({
      field: 'hours.0.closes',
      message: 'Invalid input: closes (08:00) must be after opens (21:00)',
    })
    const badTime = await apply(sh, application({ hours: [{ days: [1], opens: '8am', closes: '20:00' }] }))
    expect(badTime.statusCode).toBe(400)
    const extra = await apply(sh, { ...application(), status: 'active' })
    expect(extra.statusCode).toBe(400)
    const anon = await s.asGuest({
      method: 'POST',
      url: '/api/v1/store/community/leader/apply',
      payload: application(),
    })
    expect(anon.statusCode).toBe(401)
    expect((await sh.call({ method: 'GET', url: '/api/v1/store/community/leader/me' })).json()).toEqual({
      leader: null,
      history: [],
      pickupPoint: null,
    })
  })

  it('applies, corrects the waiting application, is approved (the pickup point opens), paused and resumed', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    const first = await apply(sh, application())
    expect(first.statusCode, first.body).toBe(200)
    const id = first.json().leader.id as string
    expect(first.json()).toMatchObject({
      leader: { status: 'applied', name: '王芳', communityName: '阳光花园', pickupPointId: null },
      history: [{ from: null, to: 'applied', event: 'apply', actorKind: 'shopper' }],
      pickupPoint: null,
    })
    const again = await apply(sh, application({ communityName: '阳光花园二期' }))
    expect(again.json().leader).toMatchObject({ id, status: 'applied', communityName: '阳光花园二期' })
    expect(again.json().history).toHaveLength(1)
    // Not public until approved.
    expect((await near(s, 'lat=31.2304&lng=121.4737')).json().items).toEqual([])

    const listed = await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?status=applied' })
    expect(listed.json().items.map((l: { id: string }) => l.id)).toEqual([id])

    const approved = await act(s, id, 'approve')
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json().leader.status).toBe('active')
    expect(approved.json().pickupPoint).toMatchObject({
      name: '阳光花园二期',
      address: '上海市浦东新区阳光路 88 号 3 栋门口',
      leaderName: '王芳',
      active: true,
      hoursNote: '节假日照常',
    })
    const pointId = approved.json().pickupPoint.id
    expect((await near(s, 'lat=31.2304&lng=121.4737')).json().items.map((p: { id: string }) => p.id)).toEqual(
      [pointId],
    )
    // An active leader cannot apply again; approving twice is not a move the machine has.
    expect((await apply(sh, application())).statusCode).toBe(409)
    const twice = await act(s, id, 'approve')
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('invalid_transition')

    const paused = await act(s, id, 'pause', '投诉核实中')
    expect(paused.json()).toMatchObject({
      leader: { status: 'paused', reason: '投诉核实中' },
      pickupPoint: { active: false },
    })
    expect((await near(s, 'lat=31.2304&lng=121.4737')).json().items).toEqual([])
    const hidden = await s.asGuest({ method: 'GET', url: `/api/v1/store/community/pickup-points/${pointId}` })
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().error.message).toBe('自提点不存在')

    const resumed = await act(s, id, 'resume')
    expect(resumed.json()).toMatchObject({
      leader: { status: 'active', reason: null },
      pickupPoint: { id: pointId, active: true },
    })
    const me = (await sh.call({ method: 'GET', url: '/api/v1/store/community/leader/me' })).json()
    expect(me.history.map((h: { event: string; to: string }) => `${h.event}:${h.to}`)).toEqual([
      'apply:applied',
      'approve:active',
      'pause:paused',
      'resume:active',
    ])
    expect(me.pickupPoint.id).toBe(pointId)

    // Each move left an outbox event and each operator action an audit row.
    const events = await world.core.db
      .selectFrom('outbox_events')
      .select('type')
      .where('tenant_id', '=', s.shop.id)
      .where('type', 'like', 'community.%')
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.type)).toEqual([
      'community.leader.applied',
      'community.leader.active',
      'community.leader.paused',
      'community.leader.active',
    ])
    const audits = await world.core.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('tenant_id', '=', s.shop.id)
      .where('action', 'like', 'community.%')
      .orderBy('id')
      .execute()
    expect(audits.map((a) => a.action)).toEqual([
      'community.leader.approve',
      'community.leader.pause',
      'community.leader.resume',
    ])
  })

  it('a rejection needs a reason the applicant sees; they may apply again', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    const id = (await apply(sh, application())).json().leader.id
    const noReason = await act(s, id, 'reject')
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.field).toBe('reason')
    const rejected = await act(s, id, 'reject', '地址不在配送范围内')
    expect(rejected.json().leader).toMatchObject({ status: 'rejected', reason: '地址不在配送范围内' })
    const me = (await sh.call({ method: 'GET', url: '/api/v1/store/community/leader/me' })).json()
    expect(me.leader.reason).toBe('地址不在配送范围内')
    expect((await act(s, id, 'pause')).statusCode).toBe(409)

    const reapplied = await apply(sh, application({ address: '上海市浦东新区阳光路 90 号' }))
    expect(reapplied.json().leader).toMatchObject({ id, status: 'applied', reason: null })
    expect((await act(s, id, 'approve')).json().pickupPoint.address).toBe('上海市浦东新区阳光路 90 号')
  })

  it('the operator edits a pickup point; the application stays as it was sent', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    const id = (await apply(sh, application())).json().leader.id
    const body = {
      name: '阳光花园自提点',
      address: '上海市浦东新区阳光路 88 号 南门便利店',
      lat: 31.231,
      lng: 121.474,
      hours: [
        { days: [1, 2, 3, 4, 5], opens: '07:30', closes: '12:00' },
        { days: [1, 2, 3, 4, 5], opens: '14:00', closes: '21:30' },
      ],
      hoursNote: '',
      photoUrl: '/uploads/t/x/img/door.jpg',
    }
    // No pickup point before approval.
    const early = await s.asOwner({
      method: 'PUT',
      url: `/api/v1/console/community/leaders/${id}/pickup-point`,
      payload: body,
    })
    expect(early.statusCode).toBe(404)
    expect(early.json().error.message).toBe('自提点不存在')
    await act(s, id, 'approve')
    const edited = await s.asOwner({
      method: 'PUT',
      url: `/api/v1/console/community/leaders/${id}/pickup-point`,
      payload: body,
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ ...body, active: true, leaderName: '王芳' })
    const overlap = await s.asOwner({
      method: 'PUT',
      url: `/api/v1/console/community/leaders/${id}/pickup-point`,
      payload: { ...body, hours: [body.hours[0], { ...body.hours[1], opens: '11:00' }] },
    })
    expect(overlap.json().error).toMatchObject({
      field: 'hours.1',
      message: '输入有误：与周一的另一个时段重叠',
    })
    const got = (await s.asOwner({ method: 'GET', url: `/api/v1/console/community/leaders/${id}` })).json()
    expect(got.leader.address).toBe('上海市浦东新区阳光路 88 号 3 栋门口')
    expect(got.pickupPoint.address).toBe(body.address)
  })

  it('lists by status and search, newest first, page by page', async () => {
    const s = await createShop(world)
    const ids: string[] = []
    for (const [i, name] of ['张伟', '李娜', '刘洋'].entries()) {
      world.clock.advance(1000)
      const sh = await s.shopper()
      ids.push((await apply(sh, application({ name, phone: `1390000000${i}` }))).json().leader.id)
    }
    await act(s, ids[0], 'approve')
    const page1 = (
      await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?limit=2' })
    ).json()
    expect(page1.items.map((l: { id: string }) => l.id)).toEqual([ids[2], ids[1]])
    const page2 = (
      await s.asOwner({
        method: 'GET',
        url: `/api/v1/console/community/leaders?limit=2&cursor=${page1.nextCursor}`,
      })
    ).json()
    expect(page2).toMatchObject({ items: [{ id: ids[0], status: 'active' }], nextCursor: null })
    const byName = (await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?q=李' })).json()
    expect(byName.items.map((l: { name: string }) => l.name)).toEqual(['李娜'])
    const byPhone = (
      await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?q=13900000002' })
    ).json()
    expect(byPhone.items.map((l: { name: string }) => l.name)).toEqual(['刘洋'])
    const active = (
      await s.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders?status=active' })
    ).json()
    expect(active.items.map((l: { id: string }) => l.id)).toEqual([ids[0]])
  })

  it('keeps shops apart: another shop sees none of it and cannot act on it', async () => {
    const a = await createShop(world)
    const b = await createShop(world)
    const id = (await apply(await a.shopper(), application())).json().leader.id
    await act(a, id, 'approve')
    expect((await act(b, id, 'pause')).statusCode).toBe(404)
    expect(
      (await b.asOwner({ method: 'GET', url: `/api/v1/console/community/leaders/${id}` })).statusCode,
    ).toBe(404)
    expect(
      (await b.asOwner({ method: 'GET', url: '/api/v1/console/community/leaders' })).json().items,
    ).toEqual([])
    expect((await near(b, 'lat=31.2304&lng=121.4737')).json().items).toEqual([])
    expect((await near(a, 'lat=31.2304&lng=121.4737')).json().items).toHaveLength(1)
  })

  it('a shopper uploads a photo for the application', async () => {
    const s = await createShop(world)
    const sh = await s.shopper()
    // A 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    )
    const boundary = '----liebian'
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="door.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const up = await sh.call({
      method: 'POST',
      url: '/api/v1/store/community/leader/photo',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(up.statusCode, up.body).toBe(201)
    const url = up.json().url as string
    expect(url).toMatch(/^\/uploads\//)
    const applied = await apply(sh, application({ photoUrl: url }))
    expect(applied.json().leader.photoUrl).toBe(url)
    const anon = await call(world, {
      method: 'POST',
      url: '/api/v1/store/community/leader/photo',
      headers: { 'x-shop': s.shop.slug, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(anon.statusCode).toBe(401)
  })
})
