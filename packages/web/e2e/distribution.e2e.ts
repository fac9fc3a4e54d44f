/**
 * A promoter shares a product; a new shopper opens the link, signs in, buys and pays; the promoter
 * center shows the commission frozen; the order is completed and the sandbox clock moved past the
 * return window, so it settles; the promoter withdraws and the operator approves in the console.
 *
 *   npx tsx --test packages/web/e2e/distribution.e2e.ts      (from the repo root)
 *
 * The server, browser and screenshots: see harness.ts.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { demoServer, type StoreProduct, shot, signIn, waitFor } from './harness'

const demo = demoServer('dist')
const { api } = demo

interface Program {
  program: Record<string, unknown>
  plan: Record<string, unknown>
}

/** Reloads the promoter center until `testId` reads `text`. */
async function waitForText(page: Page, testId: string, text: string) {
  await waitFor(
    `${testId} to read ${text}`,
    async () => {
      await page.reload()
      const got = await page.getByTestId(testId).textContent({ timeout: 10_000 })
      return got?.includes(text) ? true : undefined
    },
    60_000,
    1_000,
  )
}

test('a promoter shares, a friend buys, the commission settles and is withdrawn', {
  timeout: 600_000,
}, async () => {
  const { base, browser } = demo
  const token = await demo.staffToken()
  const stamp = String(Date.now()).slice(-8)

  // The shop takes promoters at once, binds on the first click, and pays 10% on one level.
  const current = await api<Program>('/console/distribution/program', { token })
  await api('/console/distribution/program', {
    method: 'PUT',
    token,
    body: {
      program: {
        ...current.program,
        qualifications: [{ kind: 'apply', approval: 'auto' }],
        binding: { bindOn: 'click', touch: 'first', lockDays: 30, permanent: false },
        withdrawal: { minFen: 100, feeFen: 0, dailyLimitFen: null },
      },
      plan: { ...current.plan, defaultRate: { kind: 'rate', level1Bp: 1_000 }, dealOverrides: {} },
    },
  })
  const list = await api<{ items: { id: string; soldOut: boolean }[] }>('/store/products?limit=20')
  const productId = list.items.find((p) => !p.soldOut)?.id
  assert.ok(productId, 'a product in stock')
  const product = await api<StoreProduct>(`/store/products/${productId}`)
  const sku = product.skus.find((s) => s.available > 0)
  assert.ok(sku, 'a SKU in stock')

  // Promoter: sign in, apply, make a link to the product.
  const promoterCtx = await demo.phoneContext()
  const pro = await promoterCtx.newPage()
  await pro.goto(`${base}/login?redirect=${encodeURIComponent('/promoter')}`)
  await signIn(pro, `138${stamp}`)
  await pro.getByTestId('promoter-apply').click()
  await pro.locator('[data-testid="promoter-status"][data-status="active"]').waitFor()
  await shot(pro, 'dist-01-promoter-active')
  await pro.goto(`${base}/promoter?tab=share`)
  const row = pro.locator(`[data-testid="share-product"][data-product-id="${productId}"]`)
  await row.getByRole('button').click()
  const link = await pro.getByTestId('share-link').inputValue()
  assert.match(link, /\/s\/[A-Za-z0-9]+/, 'a short share link')
  await pro.getByTestId('share-qr').waitFor()
  await shot(pro, 'dist-02-share-sheet')

  // A new shopper opens the link, signs in, buys one unit and pays.
  const friendCtx = await demo.phoneContext()
  const shop = await friendCtx.newPage()
  await shop.goto(link)
  await shop.waitForURL(`**/products/${productId}**`)
  await shop.goto(`${base}/login?redirect=${encodeURIComponent(`/products/${productId}`)}`)
  await signIn(shop, `137${stamp}`)
  await shop.waitForURL(`**/products/${productId}`)
  await shop.getByTestId('buy-now').click()
  for (const name of product.specNames) {
    const option = shop.locator(
      `[data-testid="sku-option"][data-spec-name="${name}"][data-value="${sku.spec[name]}"]`,
    )
    if ((await option.getAttribute('aria-pressed')) !== 'true') await option.click()
  }
  await shop.getByTestId('sku-confirm').click()
  await shop.waitForURL('**/checkout?**')
  await shop.getByTestId('submit-order').waitFor()
  await shop.getByTestId('address-picker').click()
  await shop.locator('[data-testid="address-name"] input').fill('李四')
  await shop.locator('[data-testid="address-phone"] input').fill(`137${stamp}`)
  await shop.locator('[data-testid="address-region"] input').fill('上海市 浦东新区')
  await shop.locator('[data-testid="address-detail"] textarea:not([aria-hidden])').fill('世纪大道 100 号')
  await shop.getByTestId('address-save').click()
  await shop.getByTestId('address-picker').filter({ hasText: '李四' }).waitFor()
  await shop.getByTestId('submit-order').click()
  await shop.waitForURL('**/sandbox/pay/**')
  await shop.getByTestId('sandbox-pay').click()
  await shop.waitForURL('**/orders/**')
  const orderId = new URL(shop.url()).pathname.split('/').pop() as string
  await shop.locator('[data-testid="order-status"][data-status="paid"]').waitFor({ timeout: 30_000 })
  await shot(shop, 'dist-03-friend-paid')

  // The promoter center shows the commission, frozen: 10% of what the friend paid for the goods.
  const commission = Math.floor(sku.priceFen / 10)
  const yuan = (fen: number) => (fen / 100).toFixed(2)
  await pro.goto(`${base}/promoter?tab=commissions`)
  await waitForText(pro, 'earnings-frozen', yuan(commission))
  await pro.locator('[data-testid="promoter-commission"]').first().waitFor()
  await shot(pro, 'dist-04-commission-frozen')

  // The operator ships and completes the order; the sandbox clock passes the 7-day return window.
  await api(`/console/orders/${orderId}/ship`, {
    method: 'POST',
    token,
    body: { carrier: '顺丰', trackingNo: `SF${stamp}` },
  })
  await api(`/console/orders/${orderId}/complete`, { method: 'POST', token, body: {} })
  await api('/console/sandbox/clock/advance', { method: 'POST', token, body: { minutes: 8 * 24 * 60 } })
  await waitForText(pro, 'earnings-available', yuan(commission))
  await shot(pro, 'dist-05-commission-settled')

  // The promoter withdraws all of it.
  await pro.goto(`${base}/promoter?tab=withdraw`)
  await pro
    .locator('[data-testid="withdraw-amount"] input, input[data-testid="withdraw-amount"]')
    .fill(yuan(commission))
  await pro.getByTestId('withdraw-submit').click()
  await pro.locator('[data-testid="withdrawal"][data-status="requested"]').waitFor()
  await shot(pro, 'dist-06-withdrawal-requested')

  // The operator approves it in the console; the sandbox provider pays it.
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const con = await desk.newPage()
  await demo.consoleSignIn(con)
  await con.goto(`${base}/console/withdrawals`)
  const pending = con.locator('[data-testid="withdrawal-row"][data-status="requested"]').first()
  const withdrawalId = await pending.getAttribute('data-withdrawal-id')
  await pending.getByTestId('withdrawal-approve').click()
  await con.locator('.ant-popconfirm .ant-btn-primary').click()
  await con
    .locator(`[data-withdrawal-id="${withdrawalId}"]:is([data-status="approved"], [data-status="paid"])`)
    .waitFor()
  await shot(con, 'dist-07-console-approved')
  await waitFor(
    'the withdrawal to be paid',
    async () => {
      await pro.reload()
      // The list loads after the page does: wait for it before reading a status.
      const row = pro.locator('[data-testid="withdrawal"]').first()
      await row.waitFor({ timeout: 15_000 })
      return (await row.getAttribute('data-status')) === 'paid' ? true : undefined
    },
    // The payout job may queue behind jobs the 8-day clock jump made due at once.
    120_000,
    1_000,
  )
  await waitForText(pro, 'earnings-withdrawn', yuan(commission))
  await shot(pro, 'dist-08-withdrawn')
})
