/**
 * Screenshots of the storefront (375×812) and the console (1440×900) against a running server,
 * for looking at the pages: `npx tsx packages/web/e2e/screenshots.ts http://localhost:3000 /tmp/shots`.
 * Signs in a shopper by sandbox code and the demo owner, and walks the main pages.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium } from './harness'

const base = process.argv[2] ?? 'http://localhost:3000'
const out = process.argv[3] ?? 'screenshots'
const only = process.argv[4] ?? 'all'
mkdirSync(out, { recursive: true })

async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(out, `${name}.png`) })
  console.log('  ', name)
}

async function storefront(page: Page) {
  await page.goto(`${base}/`)
  await page.getByTestId('product-card').first().waitFor()
  await shot(page, 'store-01-home')
  await page.goto(`${base}/category`)
  await shot(page, 'store-02-category')
  await page.goto(`${base}/login?redirect=/me`)
  await page.getByTestId('phone-input').fill('13900139000')
  await page.getByTestId('send-code').click()
  await page.getByTestId('sandbox-code').waitFor()
  await shot(page, 'store-03-login')
  await page.getByTestId('sandbox-fill').click()
  await page.getByTestId('login-button').click()
  await page.waitForURL('**/me')
  await shot(page, 'store-04-me')
  await page.goto(`${base}/`)
  await page.getByTestId('product-card').nth(1).click()
  await page.getByTestId('buy-now').waitFor()
  await shot(page, 'store-05-product')
  await page.getByTestId('add-to-cart').click()
  await page.waitForTimeout(500)
  await shot(page, 'store-06-sku-popup')
  const options = page.getByTestId('sku-option')
  if ((await options.count()) > 0) await options.first().click()
  await page.getByTestId('sku-confirm').click()
  await page.waitForTimeout(800)
  await page.goto(`${base}/cart`)
  await page.getByTestId('cart-item').first().waitFor()
  await shot(page, 'store-07-cart')
  await page.getByTestId('cart-checkout').click()
  await page.getByTestId('submit-order').waitFor()
  await shot(page, 'store-08-checkout')
  await page.getByTestId('address-picker').click()
  await page.waitForTimeout(500)
  await shot(page, 'store-09-address-form')
  await page.goto(`${base}/cart`)
  await page.getByTestId('cart-checkout').click()
  await page.getByTestId('fulfillment-pickup').click()
  await page.getByTestId('submit-order').click()
  await page.waitForURL('**/sandbox/pay/**')
  const back = await page.locator('a').first().getAttribute('href')
  await page.goto((back ?? `${base}/orders`).replace('?paid=1', ''))
  await page.getByTestId('order-status').waitFor()
  await shot(page, 'store-10-order-pending')
  await page.goto(`${base}/orders`)
  await page.getByTestId('order-card').first().waitFor()
  await shot(page, 'store-11-orders')
  await page.evaluate(() => localStorage.setItem('liebian.store.lang', 'en'))
  await page.goto(`${base}/`)
  await page.getByTestId('product-card').first().waitFor()
  await shot(page, 'store-12-home-en')
  await page.goto(`${base}/orders`)
  await page.getByTestId('order-card').first().click()
  await page.getByTestId('order-status').waitFor()
  await shot(page, 'store-13-order-en')
  await page.evaluate(() => localStorage.setItem('liebian.store.lang', 'zh-CN'))
}

async function consolePages(page: Page) {
  await page.goto(`${base}/console/login`)
  await page.getByTestId('console-email').waitFor()
  await shot(page, 'console-01-login')
  await page.getByTestId('console-shop').fill('demo')
  await page.getByTestId('console-email').fill('owner@demo.liebian.dev')
  await page.getByTestId('console-password').fill('liebian123')
  await page.getByTestId('console-login').click()
  await page.waitForURL(/\/console\/?$/)
  await shot(page, 'console-02-dashboard')
  for (const [path, name] of [
    ['/console/products', 'console-03-products'],
    ['/console/categories', 'console-05-categories'],
    ['/console/inventory', 'console-06-inventory'],
    ['/console/orders', 'console-07-orders'],
    ['/console/after-sales', 'console-09-after-sales'],
    ['/console/staff', 'console-10-staff'],
    ['/console/settings', 'console-11-settings'],
    ['/console/ledger', 'console-12-ledger'],
  ] as const) {
    await page.goto(`${base}${path}`)
    await shot(page, name)
  }
  await page.goto(`${base}/console/products`)
  await page.locator('.cell-product').first().click()
  await page.getByTestId('product-title').waitFor()
  await shot(page, 'console-04-product-edit')
  await page.goto(`${base}/console/orders`)
  const row = page.getByTestId('order-row').first()
  await row.waitFor({ timeout: 5000 }).catch(() => undefined)
  if (await row.count()) {
    await row.click()
    await page.getByTestId('console-order-status').waitFor()
    await shot(page, 'console-08-order')
  }
  await page.evaluate(() => localStorage.setItem('liebian.console.lang', 'en'))
  await page.goto(`${base}/console/orders`)
  await page.waitForTimeout(500)
  await shot(page, 'console-13-orders-en')
  await page.goto(`${base}/console/`)
  await shot(page, 'console-14-dashboard-en')
  await page.evaluate(() => localStorage.setItem('liebian.console.lang', 'zh-CN'))
}

const browser = await launchChromium()
try {
  if (only === 'all' || only === 'store') {
    const mobile = await browser.newPage({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    await storefront(mobile)
  }
  if (only === 'all' || only === 'console') {
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await consolePages(desk)
  }
} finally {
  await browser.close()
}
