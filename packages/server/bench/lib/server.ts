import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { BenchDatabase } from './database.js'

export interface ServerUnderTest {
  origin: string
  /** Process id of the group leader: the server and the processes it started share it as group. */
  pid: number
  /** The last lines the server printed (warnings and errors at LOG_LEVEL=warn). */
  output(): string
  /** SIGTERM (a graceful shutdown), then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Resolves once every process of the group has exited, or false after `ms`. */
async function groupGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (groupAlive(pid)) {
    if (Date.now() > deadline) return false
    await sleep(100)
  }
  return true
}

/**
 * Starts `liebian start` in its own process group on the benchmark's database, with the job
 * worker off, and waits until `/ready` answers.
 */
export async function startServerProcess(root: string, db: BenchDatabase): Promise<ServerUnderTest> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    LOG_LEVEL: 'warn',
    LIEBIAN_WORKER: 'off',
    LIEBIAN_DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl ?? '',
  }
  const child = spawn('npx', ['tsx', 'packages/server/src/cli.ts', 'start'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean))
    if (lines.length > 40) lines.splice(0, lines.length - 40)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const output = () => lines.join('\n')

  const pid = child.pid
  if (pid === undefined) throw new Error('could not start the server process')
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig)
    } catch {
      // the group is already gone
    }
  }
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      signal('SIGTERM')
      if (await groupGone(pid, 15_000)) return
      signal('SIGKILL')
      await groupGone(pid, 5_000)
    })()
    return stopping
  }

  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited before it was ready:\n${output()}`)
    try {
      const res = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return { origin, pid, output, stop }
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  await stop()
  throw new Error(`the server was not ready within 120 s:\n${output()}`)
}
