/**
 * Group commit for a hot key: requests for the same slot SKU wait while one batch is being decided,
 * then the next batch takes everything that arrived meanwhile in one transaction. Under a crowd the
 * batches grow by themselves; with one buyer a request is decided at once (no fixed delay).
 */
export class GroupCommit<Req, Res> {
  private readonly queues = new Map<
    string,
    { items: { req: Req; ok: (r: Res) => void; fail: (e: unknown) => void }[] }
  >()
  private readonly busy = new Set<string>()

  constructor(
    private readonly decide: (key: string, reqs: Req[]) => Promise<(Res | Error)[]>,
    private readonly maxBatch = 400,
  ) {}

  submit(key: string, req: Req): Promise<Res> {
    return new Promise<Res>((ok, fail) => {
      let q = this.queues.get(key)
      if (!q) {
        q = { items: [] }
        this.queues.set(key, q)
      }
      q.items.push({ req, ok, fail })
      // Let the requests parsed in this turn of the event loop join the same batch.
      if (!this.busy.has(key)) {
        this.busy.add(key)
        setImmediate(() => void this.drain(key))
      }
    })
  }

  private async drain(key: string) {
    const q = this.queues.get(key)
    while (q?.items.length) {
      const batch = q.items.splice(0, this.maxBatch)
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
    this.queues.delete(key)
    this.busy.delete(key)
  }
}
