import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { closeDatabase, createWorld, type TestWorld } from './helpers.js'

const SLOW_MS = 300

type Answer = { status: number; body: string } | { error: string }

/** One GET over a fresh loopback connection, so no pooled socket hides what the server does. */
function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }))
    })
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }))
    req.end()
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let world: TestWorld
let app: FastifyInstance | undefined

beforeAll(async () => {
  world = await createWorld()
})
afterAll(async () => {
  await app?.close()
  await world.close()
  await closeDatabase()
})

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new ones, and only then reports closed', async () => {
    app = await buildApp(world.core)
    let entered!: () => void
    const inHandler = new Promise<void>((r) => {
      entered = r
    })
    let slowFinishedAt = 0
    app.get('/slow', async () => {
      entered()
      await sleep(SLOW_MS)
      slowFinishedAt = performance.now()
      return { done: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo

    const ready = await get(port, '/ready')
    expect(ready).toMatchObject({ status: 200 })
    expect(JSON.parse((ready as { body: string }).body)).toMatchObject({ status: 'ready' })

    const slow = get(port, '/slow')
    await inHandler
    let closedAt = 0
    const closing = app.close().then(() => {
      closedAt = performance.now()
    })
    // Wait for the listening socket to go, which close() does before waiting on open requests.
    for (let i = 0; i < 100 && app.server.listening; i++) await sleep(2)
    expect(app.server.listening).toBe(false)

    const late = await get(port, '/health')
    // The probe was answered (or refused) while the slow request was still running.
    expect(slowFinishedAt).toBe(0)
    if ('error' in late) expect(late.error).toBe('ECONNREFUSED')
    else expect(late.status).toBe(503)

    expect(await slow).toEqual({ status: 200, body: JSON.stringify({ done: true }) })
    await closing
    expect(slowFinishedAt).toBeGreaterThan(0)
    expect(closedAt).toBeGreaterThanOrEqual(slowFinishedAt)
  })
})
