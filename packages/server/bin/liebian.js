#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so there is no build step to forget.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'src/cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
process.exit(r.status ?? 1)
