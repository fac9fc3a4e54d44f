import { Type } from '@sinclair/typebox'
import { DateTime, Id, Nullable } from '../../platform/http/schemas.js'
import { MAX_PERIODS } from './domain/hours.js'

const Str = Type.String()
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })
/** Where a photo lives: an upload's `/uploads/…` path or an absolute http(s) URL. */
const PhotoUrl = Type.String({ minLength: 1, maxLength: 500, pattern: '^(https?://|/)[^\\s]*$' })
export const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude, degrees' })
export const Lng = Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude, degrees' })
export const LeaderStatus = Type.Union(
  ['applied', 'active', 'rejected', 'paused'].map((s) => Type.Literal(s)),
)

export const OpeningPeriod = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      minItems: 1,
      maxItems: 7,
      description: 'days of the week: 1 = Monday … 7 = Sunday',
    }),
    opens: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, shop time' }),
    closes: Type.String({
      pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
      description: 'HH:MM, shop time; 24:00 for midnight',
    }),
  },
  { additionalProperties: false },
)
export const OpeningHours = Type.Array(OpeningPeriod, { minItems: 1, maxItems: MAX_PERIODS })

const placeFields = {
  address: Text(200),
  lat: Lat,
  lng: Lng,
  hours: OpeningHours,
  hoursNote: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  photoUrl: Type.Optional(Nullable(PhotoUrl)),
}

export const ApplicationInput = Type.Object(
  {
    name: Text(30),
    phone: Type.String({ minLength: 1, maxLength: 20, description: 'an 11-digit mainland mobile number' }),
    communityName: Text(60),
    ...placeFields,
  },
  { additionalProperties: false },
)

export const PickupPointInput = Type.Object(
  { name: Text(60), ...placeFields },
  { additionalProperties: false },
)

const Hours = Type.Array(Type.Object({ days: Type.Array(Type.Integer()), opens: Str, closes: Str }))

export const PickupPoint = Type.Object({
  id: Id,
  leaderId: Id,
  leaderName: Str,
  name: Str,
  address: Str,
  lat: Type.Number(),
  lng: Type.Number(),
  hours: Hours,
  hoursNote: Str,
  photoUrl: Nullable(Str),
  active: Type.Boolean({ description: 'open to shoppers: its leader is active' }),
  openNow: Type.Boolean({ description: 'inside its opening hours now (shop time)' }),
  distanceM: Nullable(Type.Integer({ description: 'geodesic distance in metres (WGS-84), when measured' })),
})

export const Leader = Type.Object({
  id: Id,
  shopperId: Id,
  name: Str,
  phone: Str,
  communityName: Str,
  address: Str,
  lat: Type.Number(),
  lng: Type.Number(),
  hours: Hours,
  hoursNote: Str,
  photoUrl: Nullable(Str),
  status: Str,
  reason: Nullable(Str),
  appliedAt: DateTime,
  reviewedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  pickupPointId: Nullable(Id),
})

export const LeaderDetail = Type.Object({
  leader: Nullable(Leader),
  history: Type.Array(
    Type.Object({
      from: Nullable(Str),
      to: Str,
      event: Str,
      reason: Nullable(Str),
      actorKind: Str,
      at: DateTime,
    }),
  ),
  pickupPoint: Nullable(PickupPoint),
})

export const NearestQuery = Type.Object({
  lat: Lat,
  lng: Lng,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 200, default: 10 })),
})

export const Nearest = Type.Object({
  items: Type.Array(PickupPoint),
  origin: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
  radiusKm: Type.Number(),
  searched: Type.Object({
    rounds: Type.Integer({ description: 'boxes read, each wider than the last' }),
    candidates: Type.Integer({ description: 'points measured exactly' }),
  }),
})

export const FromQuery = Type.Object({ lat: Type.Optional(Lat), lng: Type.Optional(Lng) })

export const Chosen = Type.Object({ pickupPoint: Nullable(PickupPoint), chosenAt: Nullable(DateTime) })

export const ReviewBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
)
