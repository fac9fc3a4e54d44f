import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formatSimulation, runSimulation } from './simulate.js'

const run = promisify(execFile)

describe('liebian simulate', () => {
  it('expects buyers per day for a plan, the same for the same seed', () => {
    const plan = {
      shareRate: 0.5,
      fanOut: 2,
      openRate: 1,
      conversion: 0.3,
      seedBuyers: 200,
      days: 7,
      runs: 40,
    }
    const a = runSimulation(plan)
    expect(runSimulation(plan)).toEqual(a)
    expect(a.k).toBeCloseTo(0.3, 12)
    expect(a.perDay).toHaveLength(7)
    expect(a.perDay[6].cumulative).toBeCloseTo(a.total.mean, 9)
    // The seed buyers buy on day 1; sharing adds about K + K² + … of them, a little less in 7 days.
    expect(a.perDay[0].mean).toBeGreaterThanOrEqual(200)
    expect(a.brought / 200).toBeGreaterThan(0.3)
    expect(a.brought / 200).toBeLessThan(1 / (1 - 0.3) - 1 + 0.05)
    expect(a.total.p10).toBeLessThanOrEqual(a.total.mean)
    expect(a.total.p90).toBeGreaterThanOrEqual(a.total.mean)
    const text = formatSimulation(a)
    expect(text).toContain('K = s·f·r·c = 0.300')
    expect(text).toMatch(/day\s+new buyers \(mean\)\s+p10–p90\s+cumulative/)
    expect(text).toContain(`Expected buyers in 7 days: ${a.total.mean.toFixed(1)}`)
    expect(text).toContain('1/(1−K) = 1.43')
  })

  it('grows a campaign with K above 1 and says when runs hit the cap', () => {
    const s = runSimulation({
      shareRate: 1,
      fanOut: 2,
      openRate: 1,
      conversion: 1,
      seedBuyers: 10,
      days: 10,
      runs: 3,
      maxBuyers: 500,
    })
    expect(s.k).toBe(2)
    expect(s.capped).toBe(3)
    expect(formatSimulation(s)).toMatch(
      /K ≥ 1: the campaign grows by itself[\s\S]*3 run\(s\) reached 500 buyers/,
    )
  })

  it('refuses a plan that cannot happen', () => {
    expect(() => runSimulation({ conversion: 1.5 })).toThrow(/conversion must be between 0 and 1/)
    expect(() => runSimulation({ days: 0 })).toThrow(/days must be a whole number/)
  })

  it.runIf(process.env.TEST_DB !== 'postgres')(
    'runs from the command line',
    async () => {
      const cli = join(import.meta.dirname, '../cli.ts')
      const out = await run(
        'npx',
        [
          'tsx',
          cli,
          'simulate',
          '--share-rate',
          '0.4',
          '--fan-out',
          '3',
          '--conversion',
          '0.25',
          '--runs',
          '5',
          '--days',
          '3',
        ],
        { env: { ...process.env, DATABASE_URL: '' } },
      )
      expect(out.stdout).toContain('K = s·f·r·c = 0.300')
      expect(out.stdout).toMatch(/Expected buyers in 3 days: \d+\.\d/)
      const bad = await run('npx', ['tsx', cli, 'simulate', '--share-rate', '2'], { env: process.env }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      )
      expect(bad?.code).toBe(2)
      expect(bad?.stderr).toContain('share rate must be between 0 and 1')
    },
    240_000,
  )
})
