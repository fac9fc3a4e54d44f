import { type TNull, type TSchema, type TUnion, Type } from '@sinclair/typebox'

/** Shared schema pieces, so every route describes ids, money and pages the same way. */
export const Id = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Id })
export const Fen = Type.Integer({
  minimum: 0,
  maximum: 100_000_000_00,
  description: 'amount in fen (1 元 = 100 fen)',
})
export const ErrorBody = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
  },
  { $id: 'Error' },
)
export const Page = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
})
export const paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export const Ok = Type.Object({ ok: Type.Literal(true) })

/** Keyset cursors: opaque to clients, `(created_at, id)` inside. */
export const encodeCursor = (at: Date, id: string) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
export function decodeCursor(c?: string): { at: Date; id: string } | undefined {
  if (!c) return undefined
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|')
  const d = new Date(at)
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return undefined
  return { at: d, id }
}

/** A timestamp: services hand back Dates, clients read ISO strings. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })

/**
 * `T | null` as one JSON type list (`type: ['integer', 'null']`). A union (anyOf) would let the
 * validator's type coercion turn `null` into 0 or '' before the null branch is tried.
 */
export const Nullable = <T extends TSchema>(t: T) =>
  ({ ...t, type: [t.type, 'null'] }) as unknown as TUnion<[T, TNull]>
