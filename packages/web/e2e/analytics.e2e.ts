/**
 * Four days of a shop's fission, made through the public API as shoppers would (sign in, buy,
 * share, open a friend's link, buy through it), with the sandbox clock moved a day between rounds:
 * a product's cascade four generations deep under its first sharer. Then the operator opens the
 * analytics dashboard and the cascade explorer in the console and sees the charts drawn and the
 * numbers in their tables; the screenshots are kept in docs/screenshots/.
 *
 *   npx tsx --test packages/web/e2e/analytics.e2e.ts      (from the repo root)
 *
 * The server, browser and screenshots: see harness.ts.
 */
import assert from 'node:assert/strict'
import { mkdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { demoServer, SLOW, type StoreProduct, shot, waitFor } from './harness'

const demo = demoServer('analytics')
const docs = resolve(import.meta.dirname, '../../../docs/screenshots')

interface CallInit {
  method?: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

/** The JSON API as the demo shop, with headers of one's own (a device key, an idempotency key). */
async function call<T>(path: string, init: CallInit = {}): Promise<T> {
  const res = await fetch(`${demo.base}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-Shop': 'demo',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${text}`)
  return JSON.parse(text) as T
}

/** A shopper signed in by sandbox SMS code, with a nickname. */
async function shopper(phone: string, nickname: string) {
  await call('/store/auth/code', { method: 'POST', body: { phone } })
  const { code } = await call<{ code: string }>(`/store/auth/sandbox-code?phone=${phone}`)
  const { token } = await call<{ token: string }>('/store/auth/login', {
    method: 'POST',
    body: { phone, code },
  })
  await call('/store/me', { method: 'PATCH', token, body: { nickname } })
  return { token, nickname, phone }
}
type Shopper = Awaited<ReturnType<typeof shopper>>

let seq = 0
/** What the storefront reports for a person: page views and share sends. */
async function report(who: Shopper, events: Record<string, unknown>[]) {
  const batch = events.map((e) => ({ id: `e2e-an-${Date.now()}-${seq++}`, ...e }))
  return call<{ accepted: number }>('/store/analytics/events', {
    method: 'POST',
    token: who.token,
    body: { events: batch },
  })
}

/** Places an order for one unit (through a share when a token is given) and pays in the sandbox. */
async function buy(who: Shopper, skuId: string, shareToken?: string) {
  const order = await call<{ id: string }>('/store/orders', {
    method: 'POST',
    token: who.token,
    body: {
      items: [{ skuId, quantity: 1 }],
      fulfillment: 'pickup',
      ...(shareToken ? { attribution: { shareToken } } : {}),
    },
  })
  const { payUrl } = await call<{ payUrl: string }>(`/store/orders/${order.id}/pay`, {
    method: 'POST',
    token: who.token,
  })
  const confirm = await fetch(`${demo.base}${new URL(payUrl).pathname}/confirm`, {
    method: 'POST',
    redirect: 'manual',
  })
  assert.ok(confirm.status < 400, `the sandbox took the payment (${confirm.status})`)
  await waitFor(
    `order ${order.id} to be paid`,
    async () => {
      const o = await call<{ status: string }>(`/store/orders/${order.id}`, { token: who.token })
      return o.status === 'paid' ? true : undefined
    },
    SLOW,
  )
}

/** A share link of the product on a channel, reported as sent there. */
async function share(who: Shopper, productId: string, channel: string) {
  const { token } = await call<{ token: string }>('/store/shares', {
    method: 'POST',
    token: who.token,
    body: { targetKind: 'product', targetId: productId, channel },
  })
  await report(who, [{ type: 'share.sent', shareToken: token, channel }])
  return token
}

/** A friend opens the link and looks at the product. */
async function open(who: Shopper, token: string, productId: string) {
  await call(`/store/shares/${token}/open`, { method: 'POST', token: who.token })
  await report(who, [{ type: 'page.viewed', productId, shareToken: token, path: `/products/${productId}` }])
}

/** The canvas of a chart, drawn at a real size. */
async function chartDrawn(page: Page, testId: string) {
  const canvas = page.locator(`[data-testid="${testId}"] canvas`).first()
  await canvas.waitFor({ timeout: SLOW })
  const box = await canvas.boundingBox()
  assert.ok(box && box.width > 100 && box.height > 100, `${testId} is drawn (${JSON.stringify(box)})`)
}

/** The numbers of a table's rows, cell by cell. */
async function tableRows(page: Page, testId: string) {
  return page
    .locator(`[data-testid="${testId}"] .ant-table-tbody tr.ant-table-row`)
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    )
}

const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')}`

test('the dashboard and the cascade explorer draw four days of shares, opens and orders', {
  timeout: 600_000,
}, async () => {
  const staff = await demo.staffToken()
  const stamp = String(Date.now()).slice(-8)

  // Promoters are approved at once, so the first sharers earn commission (10% by default).
  const current = await call<{ program: Record<string, unknown>; plan: unknown }>(
    '/console/distribution/program',
    {
      token: staff,
    },
  )
  await call('/console/distribution/program', {
    method: 'PUT',
    token: staff,
    body: {
      program: { ...current.program, qualifications: [{ kind: 'apply', approval: 'auto' }] },
      plan: current.plan,
    },
  })

  const list = await call<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  let product: StoreProduct | undefined
  for (const p of list.items.filter((x) => !x.soldOut)) {
    const full = await call<StoreProduct>(`/store/products/${p.id}`)
    if (full.skus.some((s) => s.available >= 20)) {
      product = full
      break
    }
  }
  assert.ok(product, 'a product with stock for ten orders')
  const sku = product.skus.find((s) => s.available >= 20)
  assert.ok(sku)
  const pid = product.id

  const names = ['林晓', '王芳', '陈静', '赵磊', '孙悦', '周婷', '吴昊', '郑雪', '冯宁']
  const people: Shopper[] = []
  for (const [i, n] of names.entries()) people.push(await shopper(`15${i}${stamp}`, n))
  const [a, b, c, d, e, f, g, h, solo] = people
  const apply = (who: Shopper) =>
    call('/store/promoter/apply', {
      method: 'POST',
      token: who.token,
      body: {},
      headers: { 'Idempotency-Key': `apply-${who.phone}` },
    })
  const nextDay = () =>
    call('/console/sandbox/clock/advance', { method: 'POST', token: staff, body: { minutes: 24 * 60 } })

  // Day 1: A buys and shares to a chat and Moments; B and C buy through A's link; a second
  // sharer's poster is opened by a visitor who never signs in.
  await buy(a, sku.id)
  await apply(a)
  const tA = await share(a, pid, 'wechat_chat')
  await report(a, [{ type: 'share.sent', shareToken: tA, channel: 'moments' }])
  await open(b, tA, pid)
  await buy(b, sku.id, tA)
  await open(c, tA, pid)
  await buy(c, sku.id, tA)
  await buy(solo, sku.id)
  const tSolo = await share(solo, pid, 'poster')
  await call(`/store/shares/${tSolo}/open`, {
    method: 'POST',
    headers: { 'x-visitor-key': `e2e-visitor-${stamp}` },
  })

  // Day 2: B's and C's friends.
  await nextDay()
  const tB = await share(b, pid, 'moments')
  await open(d, tB, pid)
  await buy(d, sku.id, tB)
  await open(e, tB, pid)
  const tC = await share(c, pid, 'wechat_chat')
  await open(f, tC, pid)
  await buy(f, sku.id, tC)

  // Day 3: D, now a promoter, brings G; B comes back and buys again.
  await nextDay()
  await apply(d)
  const tD = await share(d, pid, 'wechat_chat')
  await open(g, tD, pid)
  await buy(g, sku.id, tD)
  await buy(b, sku.id)

  // Day 4: G brings H, four generations below A; A buys again.
  await nextDay()
  const tG = await share(g, pid, 'moments')
  await open(h, tG, pid)
  await buy(h, sku.id, tG)
  await buy(a, sku.id)

  const clock = await call<{ now: string }>('/console/sandbox/clock', { token: staff })
  type Totals = {
    totals: Record<string, number>
    days: { day: string; orders: number }[]
    customers: { new: { orders: number }; returning: { orders: number } }
  }
  // The rollup runs once a minute on the server's clock, in the order events came; the last day's two
  // orders are the last events, so once they are counted every day is.
  const overview = await waitFor(
    'the rollup to count the last day',
    async () => {
      const o = await call<Totals>('/console/analytics/overview', { token: staff })
      return (o.days.at(-1)?.orders ?? 0) >= 2 ? o : undefined
    },
    180_000,
    2_000,
  )
  // Ten orders of ours (the demo seed may have placed its own): eight first orders, A and B came back.
  const orders = overview.totals.orders
  assert.ok(orders >= 10, `at least our ten orders: ${orders}`)
  assert.ok(overview.customers.new.orders >= 8 && overview.customers.returning.orders >= 2)

  // A goal set today: GMV of ¥5,000 within 30 days.
  const today = new Date(new Date(clock.now).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  const deadline = new Date(Date.parse(today) + 29 * 86_400_000).toISOString().slice(0, 10)
  await call('/console/analytics/goals', {
    method: 'POST',
    token: staff,
    body: { metric: 'gmv_fen', target: 500_000, deadline, title: '月度成交冲刺' },
    headers: { 'Idempotency-Key': `goal-${stamp}` },
  })

  // The console's "today" is the shop's: the browser follows the sandbox clock the days were made on.
  const desk = await demo.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })
  desk.setDefaultTimeout(SLOW)
  await desk.clock.setFixedTime(new Date(clock.now))
  desk.on('weberror', (err) => console.error(`page error: ${err.error().message}`))
  const page = await desk.newPage()
  await demo.consoleSignIn(page)

  await page.goto(`${demo.base}/console/analytics?range=7d`)
  await page.getByTestId('analytics-page').waitFor()
  await page
    .getByTestId('an-fig-gmv')
    .filter({ hasText: yuan(overview.totals.gmvFen) })
    .waitFor()
  for (const id of [
    'an-chart-gmv',
    'an-chart-funnel',
    'an-chart-source',
    'an-chart-customers',
    'an-chart-channels',
    'an-chart-commission',
  ])
    await chartDrawn(page, id)
  assert.match((await page.getByTestId('an-fig-orders').textContent()) ?? '', new RegExp(`${orders}`))
  assert.match(
    (await page.getByTestId('an-fig-new').textContent()) ?? '',
    new RegExp(`^新客${overview.totals.newCustomers}`),
  )
  const k = (await page.getByTestId('an-fig-k').textContent()) ?? ''
  assert.match(k, /\d\.\d\d/, 'a K-factor')
  assert.match(k, /首笔支付订单/, 'shown with its activation definition')
  assert.match(k, /中位/, 'and its cycle time')

  const days = await tableRows(page, 'an-table-days')
  const busy = days.filter((r) => r[2] !== '0')
  assert.ok(busy.length >= 4, 'orders on four days')
  assert.equal(
    busy.reduce((sum, r) => sum + Number(r[2]), 0),
    orders,
  )
  const funnel = await tableRows(page, 'an-table-funnel')
  assert.deepEqual(
    funnel.map((r) => r[0]),
    ['浏览', '分享', '打开', '下单'],
  )
  assert.ok(
    funnel.every((r) => Number(r[1]) > 0),
    `every funnel step has people: ${JSON.stringify(funnel)}`,
  )
  const sources = await tableRows(page, 'an-table-source')
  for (const name of ['分享链接', '直接购买'])
    assert.ok(
      sources.some((r) => r[0] === name),
      `${name} among the sources`,
    )
  const customers = await tableRows(page, 'an-table-customers')
  assert.deepEqual(
    customers.map((r) => r[1]),
    [String(overview.customers.new.orders), String(overview.customers.returning.orders)],
  )
  const channels = await tableRows(page, 'an-table-channels')
  assert.ok(channels.length >= 2, 'shares on more than one channel')
  assert.match((await page.getByTestId('an-commission-share').textContent()) ?? '', /%/)
  // Four days fall within one week: no week after it to measure retention in yet.
  await page.getByTestId('an-card-retention').filter({ hasText: '复购留存' }).waitFor()
  const goals = await tableRows(page, 'an-table-goals')
  assert.equal(goals.length, 1)
  assert.match(goals[0][0], /月度成交冲刺/)
  assert.match(goals[0][2], /\/ ¥5,000$/, `so far / target: ${goals[0][2]}`)
  // And one set on the page: 30 new customers by the same day.
  await page.getByTestId('an-goal-add').click()
  await page.locator('.ant-modal').getByText('成交额', { exact: true }).click()
  await page.locator('.ant-select-item-option', { hasText: /^新客$/ }).click()
  await page.locator('[data-testid="an-goal-target"] input, input[data-testid="an-goal-target"]').fill('30')
  await page
    .locator('[data-testid="an-goal-deadline"] input, input[data-testid="an-goal-deadline"]')
    .fill(deadline)
  await page.keyboard.press('Enter')
  await page.locator('.ant-modal .ant-btn-primary').click()
  await page.locator('[data-testid="an-table-goals"] tr.ant-table-row').nth(1).waitFor()
  const both = await tableRows(page, 'an-table-goals')
  assert.ok(
    both.some((r) => /\/ 30$/.test(r[2])),
    `the new goal listed: ${JSON.stringify(both)}`,
  )
  // The sticky side menu would be drawn mid-page in a full-page shot taken while scrolled.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(800)
  mkdirSync(docs, { recursive: true })
  await page.screenshot({ path: resolve(docs, 'analytics-dashboard.png'), fullPage: true })
  await shot(page, 'analytics-01-dashboard')

  // The overview as an Excel workbook.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('an-export').click()])
  assert.match(download.suggestedFilename(), /^analytics-overview-.*\.xlsx$/)
  const file = await download.path()
  assert.ok(file && statSync(file).size > 1_000, 'a workbook, not an empty file')

  await page.goto(`${demo.base}/console/cascades?kind=product&key=${pid}`)
  await page.getByTestId('cascade-page').waitFor()
  await chartDrawn(page, 'an-chart-tree')
  await chartDrawn(page, 'an-chart-generations')
  await chartDrawn(page, 'cx-chart-sizes')
  await chartDrawn(page, 'cx-chart-depths')
  await page.getByTestId('cx-fig-depth').filter({ hasText: '4' }).waitFor()
  const generations = await tableRows(page, 'cx-table-generations')
  assert.deepEqual(
    generations.map((r) => [r[0], r[1]]),
    [
      ['第 0 代', '2'],
      ['第 1 代', '2'],
      ['第 2 代', '2'],
      ['第 3 代', '1'],
      ['第 4 代', '1'],
    ],
  )
  const top = await tableRows(page, 'cx-table-top')
  assert.match(top[0][1], /林晓/, 'A, who started it, spread furthest')
  assert.equal(top[0][4], '6', 'six people came in below A')
  await page.waitForTimeout(800)
  await page.screenshot({ path: resolve(docs, 'cascade-explorer.png'), fullPage: true })
  await shot(page, 'analytics-02-cascades')

  // A campaign is picked among the shop's group buys, bargains and lucky draws.
  await page.getByTestId('cx-kind').getByText('按活动').click()
  await page.locator('[data-testid="cx-campaign"] input').click()
  for (const group of ['拼团', '砍价', '幸运抽奖'])
    await page.locator('.ant-select-item-group', { hasText: group }).first().waitFor()
  await page.locator('.ant-select-item-option').first().click()
  await page.waitForURL(/kind=campaign&key=(deal|bargain|draw)%3A/)
  await page
    .getByTestId('cascade-page')
    .locator('.ant-empty, [data-testid="an-chart-tree"]')
    .first()
    .waitFor()
  await shot(page, 'analytics-03-campaign')
  await desk.close()
})
