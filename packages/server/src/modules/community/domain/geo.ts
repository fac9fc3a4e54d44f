import geographiclib from 'geographiclib-geodesic'

/** A place on the WGS-84 ellipsoid, in degrees (what GPS and the browser's geolocation give). */
export interface LatLng {
  lat: number
  lng: number
}

const { Geodesic } = geographiclib
const WGS84 = Geodesic.WGS84

/**
 * The geodesic distance in metres between two places on the WGS-84 ellipsoid, by Karney's
 * algorithm (GeographicLib): exact to nanometres at any distance, antipodes included, where a
 * spherical formula such as haversine is off by up to 0.5%.
 */
export function geodesicMetres(a: LatLng, b: LatLng): number {
  return WGS84.Inverse(a.lat, a.lng, b.lat, b.lng, Geodesic.DISTANCE).s12 ?? Number.NaN
}

/** The place `metres` away from `from` heading `bearing` degrees clockwise from north (for tests and seeds). */
export function destination(from: LatLng, bearing: number, metres: number): LatLng {
  const r = WGS84.Direct(from.lat, from.lng, bearing, metres)
  return { lat: r.lat2 ?? Number.NaN, lng: r.lon2 ?? Number.NaN }
}

/**
 * Latitude bands of the pickup-point index: a point's band is `floor(lat × BANDS_PER_DEGREE)`
 * (0.05°, about 5.6 km). The index is (tenant, band, longitude), so a box is read as one short
 * longitude range per band.
 */
export const BANDS_PER_DEGREE = 20

export const latBand = (lat: number) => Math.floor(lat * BANDS_PER_DEGREE)

/** A latitude/longitude box; `minLng > maxLng` never happens (a box over the antimeridian spans all longitudes). */
export interface Box {
  minLat: number
  maxLat: number
  minLng: number
  maxLng: number
}

/** The fewest metres a degree of latitude spans anywhere on WGS-84 (at the equator). */
const METRES_PER_DEGREE_LAT_MIN = 110_574
/** The smallest radius of curvature of WGS-84, a(1 − e²) at the equator: a conservative sphere. */
const RADIUS_MIN = 6_335_439
/** Headroom for the spherical estimate of the longitude span. */
const MARGIN = 1.01

/**
 * A box that holds every place within `metres` (geodesic) of `c`, a little larger than needed so
 * that the exact distance decides, never the box. Near a pole, or across the antimeridian, it
 * spans all longitudes (correct, just wider).
 */
export function boundingBox(c: LatLng, metres: number): Box {
  const dLat = (metres / METRES_PER_DEGREE_LAT_MIN) * MARGIN
  const minLat = Math.max(-90, c.lat - dLat)
  const maxLat = Math.min(90, c.lat + dLat)
  const all = { minLat, maxLat, minLng: -180, maxLng: 180 }
  if (minLat <= -90 || maxLat >= 90) return all
  // The widest longitude a spherical cap of this angular radius reaches from its centre.
  const s = Math.sin(Math.min(Math.PI / 2, metres / RADIUS_MIN)) / Math.cos((c.lat * Math.PI) / 180)
  if (s >= 1) return all
  const dLng = ((Math.asin(s) * 180) / Math.PI) * MARGIN
  if (c.lng - dLng < -180 || c.lng + dLng > 180) return all
  return { minLat, maxLat, minLng: c.lng - dLng, maxLng: c.lng + dLng }
}

/** The index bands a box covers, south to north. */
export function bandsOf(box: Box): number[] {
  const out: number[] = []
  for (let b = latBand(box.minLat); b <= latBand(box.maxLat); b++) out.push(b)
  return out
}

export interface Ranked<T> {
  item: T
  metres: number
}

/**
 * The nearest `limit` of `candidates` within `metres` of `c`, nearest first (ties by id). Every
 * candidate is measured exactly; those farther than `metres` are left out.
 */
export function rankNearest<T extends LatLng & { id: string }>(
  c: LatLng,
  candidates: T[],
  metres: number,
  limit: number,
): Ranked<T>[] {
  return candidates
    .map((item) => ({ item, metres: geodesicMetres(c, item) }))
    .filter((r) => r.metres <= metres)
    .sort((a, b) => a.metres - b.metres || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0))
    .slice(0, limit)
}

/**
 * How the nearest search widens: it starts with a box of `START_METRES` and multiplies by
 * `GROWTH` until `limit` points lie within the box's own radius or the radius asked for is reached.
 * Each box holds every point within its radius, so the points found within it are exactly the
 * nearest ones: what lies outside is farther.
 */
export const SEARCH = { START_METRES: 2_000, GROWTH: 4 }

/** The radii the search tries for a lookup within `radius` metres, smallest first. */
export function searchRadii(radius: number): number[] {
  const out: number[] = []
  let r = Math.min(radius, SEARCH.START_METRES)
  for (;;) {
    out.push(r)
    if (r >= radius) return out
    r = Math.min(radius, r * SEARCH.GROWTH)
  }
}
