import { describe, expect, it } from 'vitest'
import { createShop, fileWorld } from '../../../test/helpers.js'
import { SandboxClock } from '../clock.js'

const world = await fileWorld()

describe('the sandbox clock', () => {
  it('is real time moved forward by what the owner asked, never back', () => {
    const c = new SandboxClock()
    const before = Date.now()
    c.advance(8 * 86_400_000)
    expect(c.now().getTime()).toBeGreaterThanOrEqual(before + 8 * 86_400_000)
    expect(c.offset).toBe(8 * 86_400_000)
    expect(() => c.advance(-1)).toThrow(/only moves forward/)
  })

  it('cannot be moved on a server that is not on it', async () => {
    const s = await createShop(world)
    const r = await s.asOwner({
      method: 'POST',
      url: '/api/v1/console/sandbox/clock/advance',
      payload: { minutes: 60 },
    })
    expect(r.statusCode).toBe(403)
  })
})
