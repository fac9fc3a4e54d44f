/**
 * What every browser test needs around its scenario: `demoServer(tag)` registers node:test hooks that
 * build the web app (unless E2E_SKIP_BUILD=1), start `liebian demo --start` on a free port with a fresh
 * data directory, wait for its health and the demo products, and launch Debian's Chromium headless
 * (CHROMIUM_PATH, default /usr/bin/chromium); afterwards they stop the server and remove the data.
 * Screenshots land in E2E_SHOTS (default test-results/e2e). E2E_WEB_DIST serves a build of one's own,
 * when others share the checkout and rebuild dist/ meanwhile.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before } from 'node:test'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const repo = resolve(import.meta.dirname, '../../..')
const webDist = process.env.E2E_WEB_DIST ?? resolve(repo, 'packages/web/dist')
const shots = resolve(repo, process.env.E2E_SHOTS ?? 'test-results/e2e')
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
export const OWNER = { shop: 'demo', email: 'owner@demo.liebian.dev', password: 'liebian123' }
/** Generous: a shared machine, a cold server, the payment notification arriving after the redirect. */
export const SLOW = 60_000

/** The storefront's product as the tests read it. */
export interface StoreProduct {
  id: string
  title: string
  specNames: string[]
  skus: { id: string; spec: Record<string, string>; priceFen: number; available: number }[]
}

export interface ApiInit {
  method?: string
  token?: string
  body?: unknown
}

export interface Demo {
  /** `http://localhost:<port>`, once the `before` hook has run. */
  readonly base: string
  readonly browser: Browser
  /** The JSON API as the demo shop; throws on a status other than 2xx. */
  api<T>(path: string, init?: ApiInit): Promise<T>
  /** A console token of the demo owner. */
  staffToken(): Promise<string>
  /** A phone-sized context; page errors go to stderr beside the TAP output. */
  phoneContext(): Promise<BrowserContext>
  /** Signs the demo owner in to the console and waits for the dashboard. */
  consoleSignIn(page: Page): Promise<void>
}

/** Debian's Chromium, headless (CHROMIUM_PATH, default /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < until) {
    try {
      const v = await fn()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/** A screenshot for looking at afterwards; never fails the test (the page may be gone on a failure). */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`) }).catch(() => undefined)
}

/** The sandbox SMS sign-in; ends back where the login page was sent from. */
export async function signIn(page: Page, phone: string) {
  await page.getByTestId('phone-input').fill(phone)
  await page.getByTestId('send-code').click()
  await page.getByTestId('sandbox-code').waitFor()
  await page.getByTestId('sandbox-fill').click()
  await page.getByTestId('login-button').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** A demo server and a browser for the test file; `tag` names its data directory. */
export function demoServer(tag: string): Demo {
  let server: ChildProcess | undefined
  let serverLog = ''
  let browser: Browser | undefined
  let dataDir = ''
  let base = ''

  async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'X-Shop': OWNER.shop,
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${text}`)
    return JSON.parse(text) as T
  }

  before(async () => {
    mkdirSync(shots, { recursive: true })
    if (process.env.E2E_SKIP_BUILD !== '1') {
      execFileSync('npm', ['run', 'build', '-w', '@liebian/web'], { cwd: repo, stdio: 'ignore' })
    }
    dataDir = mkdtempSync(join(tmpdir(), `liebian-e2e-${tag}-`))
    const port = await freePort()
    base = `http://localhost:${port}`
    server = spawn('npx', ['tsx', 'packages/server/src/cli.ts', 'demo', '--start'], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        LIEBIAN_DATA_DIR: dataDir,
        WEB_DIST: webDist,
        LOG_LEVEL: 'warn',
        PUBLIC_URL: base,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    server.stdout?.on('data', (b) => (serverLog += b))
    server.stderr?.on('data', (b) => (serverLog += b))
    await waitFor(
      'the server',
      async () => {
        if (server?.exitCode !== null) throw new Error(`server exited:\n${serverLog}`)
        const r = await fetch(`${base}/health`).catch(() => undefined)
        return r?.ok ? true : undefined
      },
      180_000,
    )
    // The demo seed runs before listening; the storefront needs its products.
    await waitFor(
      'demo products',
      async () =>
        (await api<{ items: unknown[] }>('/store/products?limit=1')).items.length ? true : undefined,
      60_000,
    )
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
    if (server?.pid) {
      try {
        // Detached: the whole group (npx, tsx, the server) goes.
        process.kill(-server.pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    // The server's warnings and errors, for reading beside the screenshots when a test fails.
    if (serverLog) writeFileSync(join(shots, `${tag}-server.log`), serverLog)
  })

  return {
    get base() {
      return base
    },
    get browser() {
      assert.ok(browser, 'the browser is launched in the before hook')
      return browser
    },
    api,
    async staffToken() {
      return (await api<{ token: string }>('/console/auth/login', { method: 'POST', body: OWNER })).token
    },
    async phoneContext() {
      assert.ok(browser)
      const ctx = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      })
      ctx.setDefaultTimeout(SLOW)
      ctx.setDefaultNavigationTimeout(SLOW)
      ctx.on('weberror', (e) => {
        const [message, frame] = (e.error().stack ?? e.error().message).split('\n')
        console.error(`page error on ${e.page()?.url()}: ${message}${frame ? ` ${frame.trim()}` : ''}`)
      })
      return ctx
    },
    async consoleSignIn(page: Page) {
      await page.goto(`${base}/console/login`)
      await page.getByTestId('console-shop').fill(OWNER.shop)
      await page.getByTestId('console-email').fill(OWNER.email)
      await page.getByTestId('console-password').fill(OWNER.password)
      await page.getByTestId('console-login').click()
      await page.waitForURL(/\/console\/?$/)
    },
  }
}
