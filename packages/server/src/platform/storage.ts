import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'

/** Where uploaded files live; the default keeps them on local disk and serves them under /uploads. */
export interface Storage {
  /** Stores `bytes` under `key` (a safe relative path chosen by the caller) and returns its public URL. */
  put(key: string, bytes: Buffer, contentType: string): Promise<string>
  get(key: string): Promise<Buffer | undefined>
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/i

export class LocalDiskStorage implements Storage {
  constructor(
    readonly root: string,
    private readonly urlPrefix = '/uploads',
  ) {}

  private path(key: string) {
    const clean = normalize(key)
    if (!SAFE_KEY.test(key) || clean.startsWith('..') || clean.includes('/../'))
      throw new Error(`unsafe storage key: ${key}`)
    return join(this.root, clean)
  }

  async put(key: string, bytes: Buffer, _contentType: string) {
    const p = this.path(key)
    await mkdir(dirname(p), { recursive: true })
    await writeFile(p, bytes)
    return `${this.urlPrefix}/${key}`
  }

  async get(key: string) {
    try {
      return await readFile(this.path(key))
    } catch {
      return undefined
    }
  }
}
