/**
 * A lucky draw end to end: the operator's pool editor with its live sum, a shopper drawing on the
 * 3×3 grid (it stops on the server's outcome), sharing for a chance, claiming a prize; the
 * operator's figures and winners.
 *
 *   npx tsx --test packages/web/e2e/lucky-draw.e2e.ts      (from the repo root)
 *
 * The server, browser and screenshots: see harness.ts.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoServer, SLOW, type StoreProduct, shot, signIn } from './harness'

const demo = demoServer('ld')
const { api } = demo

test('an operator sets up a draw; a shopper draws on the 3×3 grid, shares, and claims a prize', {
  timeout: 600_000,
}, async () => {
  const { base, browser } = demo
  const stamp = String(Date.now()).slice(-8)
  const token = await demo.staffToken()
  const list = await api<{ items: { id: string }[] }>('/store/products?limit=5')
  const product = await api<StoreProduct>(`/store/products/${list.items[0].id}`)
  const now = Date.now()
  const title = `幸运九宫格 ${stamp}`

  // Console: the operator opens the editor; the live sum warns until the pool makes 100%.
  const con = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  con.setDefaultTimeout(SLOW)
  await demo.consoleSignIn(con)
  await con.goto(`${base}/console/luckydraw?create=1`)
  await con.getByTestId('ld-form').waitFor()
  await con.locator('[data-testid="ld-sum"][data-ok="true"]').waitFor()
  await con.getByTestId('ld-prize-percent').first().fill('30')
  await con.locator('[data-testid="ld-sum"][data-ok="false"]').waitFor()
  await shot(con, 'ld-01-console-editor-sum')
  await con.keyboard.press('Escape')

  // The draw itself through the API (the editor's fields are plain antd inputs).
  const made = await api<{ id: string }>('/console/luckydraw/campaigns', {
    method: 'POST',
    token,
    body: {
      title,
      description: '每天免费抽，分享多一次',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      dailyChances: 3,
      shareDailyCap: 2,
      inviteVisitChances: 1,
      inviteOrderChances: 2,
      inviteDailyCap: 5,
      noPrizeBp: 0,
      prizes: [
        { kind: 'product', name: '惊喜好礼', skuId: product.skus[0].id, stock: 1, probabilityBp: 10_000 },
      ],
    },
  })
  await api(`/console/luckydraw/campaigns/${made.id}/publish`, { method: 'POST', token })

  // Storefront: the home entry leads to the draw.
  const ctx = await demo.phoneContext()
  const page = await ctx.newPage()
  await page.goto(`${base}/login?redirect=${encodeURIComponent('/')}`)
  await signIn(page, `135${stamp}`)
  await page.getByTestId('ld-home-entry').click()
  // The demo runs a draw of its own: with more than one open, the index offers a choice.
  const pick = page.locator('.ld-pick').filter({ hasText: title })
  await pick.or(page.getByTestId('ld-chances')).first().waitFor()
  if (await pick.count()) await pick.click()
  await page.waitForURL(`**/luckydraw/${made.id}`)
  await page.locator('[data-testid="ld-chances"][data-remaining="3"]').waitFor()
  await shot(page, 'ld-02-store-grid')
  await page.getByTestId('ld-go').click()
  // The spin lands on the server's outcome: the one prize (100%, stock 1).
  await page.locator(`[data-testid="ld-result"][data-prize]`).waitFor()
  const won = await page.getByTestId('ld-result').getAttribute('data-prize')
  assert.ok(won)
  assert.equal(await page.locator('.ld-cell-on').getAttribute('data-prize'), won)
  await shot(page, 'ld-03-store-won')
  await page.getByRole('button', { name: /好的|OK/ }).click()
  // Its stock is gone: the odds shown say so, and the next draw can only miss.
  await page.locator('[data-testid="ld-chances"][data-remaining="2"]').waitFor()
  await page.locator('.ld-odds .ld-out').waitFor()
  await page.getByTestId('ld-go').click()
  await page.locator('[data-testid="ld-result"][data-prize=""]').waitFor()
  await page.getByRole('button', { name: /好的|OK/ }).click()
  await page.getByTestId('ld-share').click()
  // Sharing earns one chance (within today's cap of 2).
  await page.getByTestId('ld-notice').waitFor()
  await page.locator('[data-testid="ld-chances"][data-remaining="2"]').waitFor()
  await shot(page, 'ld-04-store-after-share')

  // My prizes: claim with an address.
  await api('/store/addresses', {
    method: 'POST',
    token: await page.evaluate(() => localStorage.getItem('liebian.store.token') ?? ''),
    body: { name: '王五', phone: '13800138000', region: '上海市 浦东新区', detail: '世纪大道 1 号' },
  })
  await page.goto(`${base}/me`)
  await page.getByTestId('ld-my-prizes').click()
  await page.getByTestId('ld-claim').click()
  await page.getByText('王五 13800138000').click()
  await page.locator('[data-testid="ld-my-prize"][data-status="claimed"]').waitFor()
  await shot(page, 'ld-05-store-my-prizes')

  // Console: figures, stock and the winner with the address.
  await con.goto(`${base}/console/luckydraw/${made.id}`)
  await con.getByText('王五').waitFor()
  await shot(con, 'ld-06-console-campaign')
  await ctx.close()
})
