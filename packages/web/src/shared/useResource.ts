import { useCallback, useEffect, useRef, useState } from 'react'

export interface Resource<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  /** Loads again; resolves with the fresh value (or undefined on failure). */
  reload: () => Promise<T | undefined>
  /** Replaces the value locally, e.g. with what a write returned. */
  setData: (value: T | undefined) => void
}

/**
 * Runs `load` when `key` changes and keeps its last answer; answers to stale calls are dropped.
 * `key === null` means "not now" (e.g. signed out).
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<Error | undefined>(undefined)
  const [loading, setLoading] = useState<boolean>(key !== null)
  const loadRef = useRef(load)
  loadRef.current = load
  const seq = useRef(0)
  const ctl = useRef<AbortController | null>(null)

  const run = useCallback(async (): Promise<T | undefined> => {
    const my = ++seq.current
    ctl.current?.abort()
    const c = new AbortController()
    ctl.current = c
    setLoading(true)
    try {
      const value = await loadRef.current(c.signal)
      if (my === seq.current) {
        setData(value)
        setError(undefined)
      }
      return value
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError' && my === seq.current) setError(err as Error)
      return undefined
    } finally {
      if (my === seq.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (key === null) {
      setLoading(false)
      return
    }
    void run()
    return () => ctl.current?.abort()
  }, [key, run])

  return { data, error, loading, reload: run, setData }
}
