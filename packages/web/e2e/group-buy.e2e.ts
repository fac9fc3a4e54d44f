/**
 * Two shoppers complete a group buy: A opens a 2-person group and pays in the sandbox cashier, lands
 * on the group page and copies the invite link; B opens the link, signs in, joins and pays; both
 * pages (A's never reloaded) turn to 拼团成功 from the live feed.
 *
 *   npx tsx --test packages/web/e2e/group-buy.e2e.ts      (from the repo root)
 *
 * Seeds the deal through the console API as the demo owner (the server, browser and screenshots: see
 * harness.ts); a failure leaves both shoppers' pages among the screenshots as gb-fail-a.png and
 * gb-fail-b.png.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { demoServer, SLOW, type StoreProduct, shot, signIn, waitFor } from './harness'

const demo = demoServer('gb')
const { api } = demo

/** The open/join sheet: pickup in store (no address to type), then on to the cashier and pay. */
async function takeSeatAndPay(page: Page) {
  await page.getByTestId('gb-fulfillment-pickup').click()
  await page.getByTestId('gb-submit').click()
  await page.waitForURL('**/sandbox/pay/**')
  await page.getByTestId('sandbox-pay').click()
  // The cashier returns to the order page, which goes on to the group page.
  await page.waitForURL('**/groups/**')
}

test('two shoppers fill a 2-person group; both pages show 拼团成功 live', { timeout: 600_000 }, async () => {
  const { base } = demo
  const stamp = String(Date.now()).slice(-8)
  const phoneA = `138${stamp}`
  const phoneB = `137${stamp}`

  // Owner: a standard 2-person deal on a SKU with stock.
  const token = await demo.staffToken()
  const list = await api<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  let product: StoreProduct | undefined
  let sku: StoreProduct['skus'][number] | undefined
  for (const p of list.items.filter((x) => !x.soldOut)) {
    product = await api<StoreProduct>(`/store/products/${p.id}`)
    sku = product.skus.find((s) => s.available >= 2 && s.priceFen >= 200)
    if (sku) break
  }
  assert.ok(product && sku, 'a SKU with two units in stock')
  const deal = await api<{ id: string; groupPriceFen: number }>('/console/deals', {
    method: 'POST',
    token,
    body: {
      type: 'standard',
      skuId: sku.id,
      title: '两人拼团 e2e',
      groupSize: 2,
      groupPriceFen: Math.floor(sku.priceFen * 0.7),
      timeLimitMinutes: 60,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      perPersonLimit: 1,
    },
  })

  // Shopper A: sign in from the product page, open a group, pay.
  const ctxA = await demo.phoneContext()
  const a = await ctxA.newPage()
  const ctxB = await demo.phoneContext()
  const b = await ctxB.newPage()
  try {
    await a.goto(`${base}/login?redirect=${encodeURIComponent(`/products/${product.id}`)}`)
    await signIn(a, phoneA)
    const block = a.locator(`[data-testid="gb-block"][data-deal-id="${deal.id}"]`)
    await block.waitFor()
    await shot(a, 'gb-01-product-block')
    await block.getByTestId('gb-open').click()
    await a.getByTestId('gb-submit').waitFor()
    await shot(a, 'gb-02-open-sheet')
    await takeSeatAndPay(a)
    const groupId = new URL(a.url()).pathname.split('/').pop() as string
    // Paid: the group forms and A may invite.
    await a.locator('[data-testid="gb-status"][data-status="forming"]').waitFor()
    await a.getByTestId('gb-short').filter({ hasText: '1' }).waitFor()
    assert.equal(await a.getByTestId('gb-seat-member').count(), 1, 'one paid member: the opener')
    assert.equal(await a.getByTestId('gb-seat-empty').count(), 1, 'one empty seat, nobody invented')
    await a.getByTestId('gb-invite').click()
    const linkField = a.getByTestId('gb-invite-link')
    await waitFor('the invite link', async () => (await linkField.inputValue()) || undefined, SLOW, 200)
    await a.getByTestId('gb-copy').click()
    const invite = await linkField.inputValue()
    assert.match(invite, /\/s\/[0-9A-Za-z]{10}$/, `an invite link: ${invite}`)
    await shot(a, 'gb-03-invite')
    await a.locator('.adm-popup-close-icon').last().click()

    // Shopper B: opens the link signed out, is sent to sign in and back, joins and pays.
    await b.goto(invite)
    await b.waitForURL(`**/groups/${groupId}`)
    await b.locator('[data-testid="gb-status"][data-status="forming"]').waitFor()
    await shot(b, 'gb-04-shared-group')
    await b.getByTestId('gb-join').click()
    await b.waitForURL('**/login?**')
    await signIn(b, phoneB)
    await b.waitForURL(`**/groups/${groupId}`)
    await b.getByTestId('gb-join').click()
    await b.getByTestId('gb-submit').waitFor()
    await takeSeatAndPay(b)
    assert.ok(b.url().includes(`/groups/${groupId}`), 'B lands on the same group')

    // Both pages: 拼团成功, A's without a reload.
    const succeeded = '[data-testid="gb-status"][data-status="succeeded"]'
    await b.locator(succeeded).filter({ hasText: '拼团成功' }).waitFor()
    await shot(b, 'gb-05-b-succeeded')
    await a.locator(succeeded).filter({ hasText: '拼团成功' }).waitFor()
    assert.equal(await a.getByTestId('gb-seat-member').count(), 2, 'A sees both paid members')
    assert.equal(await a.getByTestId('gb-seat-empty').count(), 0, 'no empty seat left')
    await shot(a, 'gb-06-a-succeeded')

    // The console agrees: two paid seats, the group succeeded.
    const g = await api<{ status: string; seats: { status: string }[] }>(`/console/groups/${groupId}`, {
      token,
    })
    assert.equal(g.status, 'succeeded')
    assert.equal(g.seats.filter((s) => s.status === 'paid').length, 2)
  } catch (err) {
    await shot(a, 'gb-fail-a')
    await shot(b, 'gb-fail-b')
    throw err
  } finally {
    await ctxA.close()
    await ctxB.close()
  }
})
