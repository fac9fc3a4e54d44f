import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
