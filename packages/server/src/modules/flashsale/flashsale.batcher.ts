type Waiting<Req, Res> = { req: Req; ok: (r: Res) => void; fail: (e: unknown) => void }

/**
 * Group commit for a hot key: requests for the same slot SKU queue while a batch is being decided,
 * and the next batch takes everything that arrived meanwhile, in one transaction. Under a crowd the
 * batches grow by themselves; a lone request is decided at once (no fixed delay). Two batches of a
 * key may be in flight, so the next one is already waiting on the row lock while the first commits
 * (the database serialises them; this only saves the round trips before the lock).
 */
export class GroupCommit<Req, Res> {
  private readonly queues = new Map<string, Waiting<Req, Res>[]>()
  private readonly running = new Map<string, number>()

  constructor(
    private readonly decide: (key: string, reqs: Req[]) => Promise<(Res | Error)[]>,
    private readonly o: { maxBatch: number; inFlight: number } = { maxBatch: 500, inFlight: 2 },
  ) {}

  submit(key: string, req: Req): Promise<Res> {
    return new Promise<Res>((ok, fail) => {
      const q = this.queues.get(key) ?? []
      this.queues.set(key, q)
      q.push({ req, ok, fail })
      const n = this.running.get(key) ?? 0
      if (n < this.o.inFlight) {
        this.running.set(key, n + 1)
        // Let the requests parsed in this turn of the event loop join the same batch.
        setImmediate(() => void this.work(key))
      }
    })
  }

  private async work(key: string) {
    const q = this.queues.get(key)
    while (q?.length) {
      const batch = q.splice(0, this.o.maxBatch)
      try {
        const out = await this.decide(
          key,
          batch.map((b) => b.req),
        )
        batch.forEach((b, i) => {
          const r = out[i]
          if (r instanceof Error) b.fail(r)
          else b.ok(r)
        })
      } catch (err) {
        for (const b of batch) b.fail(err)
      }
    }
    const n = (this.running.get(key) ?? 1) - 1
    if (n > 0) this.running.set(key, n)
    else {
      this.running.delete(key)
      if (!q?.length) this.queues.delete(key)
    }
  }
}
