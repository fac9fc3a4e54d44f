import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const HZ = 100

interface Sample {
  at: number
  /** Busy ticks of the whole machine, and its number of CPUs. */
  machine: number
  cpus: number
  /** CPU ticks so far of each process of the server's group and of each `postgres` process. */
  server: Map<number, number>
  postgres: Map<number, number>
  self: number
}

/** Where the CPU went during a phase, in percent of one core (200 = both cores of a 2-core machine). */
export interface CpuShare {
  server: number
  /** The benchmark database's backends and Postgres's own background processes. */
  postgres: number
  loadGenerator: number
  /** Everything else on the machine: other work there is noise for the measurement. */
  other: number
  idle: number
}

function procStat(pid: string): { comm: string; pgrp: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = text.lastIndexOf(')')
    const comm = text.slice(text.indexOf('(') + 1, close)
    const f = text.slice(close + 2).split(' ')
    // after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    return { comm, pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return undefined
  }
}

function sample(serverGroup: number): Sample | undefined {
  let stat: string
  try {
    stat = readFileSync('/proc/stat', 'utf8')
  } catch {
    return undefined
  }
  const lines = stat.split('\n')
  const [user, nice, system, , , irq, softirq, steal] = lines[0].trim().split(/\s+/).slice(1).map(Number)
  const server = new Map<number, number>()
  const postgres = new Map<number, number>()
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue
    const p = procStat(pid)
    if (p?.pgrp === serverGroup) server.set(Number(pid), p.ticks)
    else if (p?.comm === 'postgres') postgres.set(Number(pid), p.ticks)
  }
  const usage = process.cpuUsage()
  return {
    at: performance.now(),
    machine: user + nice + system + irq + softirq + steal,
    cpus: lines.filter((l) => /^cpu\d/.test(l)).length,
    server,
    postgres,
    self: ((usage.user + usage.system) / 1e6) * HZ,
  }
}

/** Ticks the processes spent between two samples; a process that exited in between is not counted. */
function spent(start: Map<number, number>, end: Map<number, number>, only?: Set<number>) {
  let ticks = 0
  for (const [pid, t] of end) if (!only || only.has(pid)) ticks += t - (start.get(pid) ?? 0)
  return ticks
}

/**
 * Starts measuring; the returned function ends the measurement, given the Postgres processes that
 * count as the benchmark's (all of them when not given). Linux only: elsewhere it gives undefined.
 */
export function measureCpu(serverGroup: number): (postgresPids?: Set<number>) => CpuShare | undefined {
  const start = sample(serverGroup)
  return (postgresPids) => {
    const end = sample(serverGroup)
    if (!start || !end) return undefined
    const seconds = (end.at - start.at) / 1000
    const pct = (ticks: number) => Math.round((ticks / HZ / seconds) * 100)
    const server = pct(spent(start.server, end.server))
    const postgres = pct(spent(start.postgres, end.postgres, postgresPids))
    const loadGenerator = pct(end.self - start.self)
    const busy = pct(end.machine - start.machine)
    return {
      server,
      postgres,
      loadGenerator,
      other: Math.max(0, busy - server - postgres - loadGenerator),
      idle: Math.max(0, end.cpus * 100 - busy),
    }
  }
}
