import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkout } from './checkout.js'
import { commissions } from './commissions.js'
import { flashSale } from './flash-sale.js'
import { pickupPoints } from './pickup-points.js'

/** A benchmark takes its own command-line options and the repository root. */
export interface Benchmark {
  name: string
  summary: string
  run(argv: string[], root: string): Promise<void>
}

const benchmarks: Benchmark[] = [checkout, flashSale, commissions, pickupPoints]

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const [name, ...rest] = process.argv.slice(2)
const bench = benchmarks.find((b) => b.name === name)

if (!bench) {
  console.error(`usage: npm run bench -- <name> [options]   (--help after the name for its options)\n`)
  for (const b of benchmarks) console.error(`  ${b.name.padEnd(12)} ${b.summary}`)
  process.exit(name ? 1 : 0)
}

try {
  await bench.run(rest, root)
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
}
