import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bandsOf,
  boundingBox,
  destination,
  geodesicMetres,
  latBand,
  rankNearest,
  searchRadii,
} from './geo.js'

const beijing = { lat: 39.9042, lng: 116.4074 }
const shanghai = { lat: 31.2304, lng: 121.4737 }

describe('geodesic distance on WGS-84', () => {
  it('Beijing to Shanghai (city centres) is 1,065.846 km, about 1,067 km as usually quoted', () => {
    // GeographicLib's own figure for these coordinates; haversine on a 6371 km sphere says 1,067.3 km.
    expect(geodesicMetres(beijing, shanghai)).toBeCloseTo(1_065_846.489, 2)
    expect(geodesicMetres(shanghai, beijing)).toBeCloseTo(1_065_846.489, 2)
  })

  it('a metre north on the meridian is a metre, and a place is 0 m from itself', () => {
    expect(geodesicMetres(beijing, beijing)).toBe(0)
    const north = destination(beijing, 0, 1)
    expect(geodesicMetres(beijing, north)).toBeCloseTo(1, 9)
  })

  it('short urban distances are exact to the millimetre (tolerance 1 mm), whatever the heading', () => {
    // Tiananmen to the Forbidden City's Meridian Gate and a Shanghai street block, as the direct
    // problem lays them out: the inverse problem must give back the length it was given.
    for (const [from, bearing, metres] of [
      [beijing, 0, 873],
      [beijing, 90, 250],
      [shanghai, 45, 1_234.5],
      [shanghai, 200, 37.25],
      [{ lat: 22.5431, lng: 114.0579 }, 315, 4_999.999],
    ] as const) {
      const to = destination(from, bearing, metres)
      expect(Math.abs(geodesicMetres(from, to) - metres)).toBeLessThan(0.001)
    }
  })

  it('one degree of latitude at the equator is 110,574 m and at the pole 111,694 m (WGS-84)', () => {
    expect(geodesicMetres({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(110_574.389, 2)
    expect(geodesicMetres({ lat: 89, lng: 0 }, { lat: 90, lng: 0 })).toBeCloseTo(111_693.865, 2)
  })

  it('is exact across the antimeridian and for nearly antipodal places', () => {
    expect(geodesicMetres({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111_319.491, 2)
    // Karney's nearly antipodal example (Algorithms for geodesics, 2013): 19,936,288.579 m.
    expect(geodesicMetres({ lat: 0, lng: 0 }, { lat: 0.5, lng: 179.5 })).toBeCloseTo(19_936_288.579, 2)
  })
})

describe('the bounding box the lookup reads', () => {
  it('holds every place within the radius, in any direction, anywhere but the poles (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: 10, max: 200_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lat, lng, radius, bearing, share) => {
          const c = { lat, lng }
          const box = boundingBox(c, radius)
          const p = destination(c, bearing, radius * share)
          const inLng = box.minLng <= p.lng && p.lng <= box.maxLng
          expect(box.minLat <= p.lat && p.lat <= box.maxLat && inLng).toBe(true)
          expect(bandsOf(box)).toContain(latBand(p.lat))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('is not much larger than it must be: 10 km around Shanghai is about 0.18° × 0.21°', () => {
    const box = boundingBox(shanghai, 10_000)
    expect(box.maxLat - box.minLat).toBeCloseTo(0.1827, 3)
    expect(box.maxLng - box.minLng).toBeGreaterThan(0.2)
    expect(box.maxLng - box.minLng).toBeLessThan(0.22)
    expect(bandsOf(box)).toEqual([622, 623, 624, 625, 626])
  })

  it('spans all longitudes near a pole and across the antimeridian', () => {
    expect(boundingBox({ lat: 89.99, lng: 10 }, 5_000)).toMatchObject({
      minLng: -180,
      maxLng: 180,
      maxLat: 90,
    })
    expect(boundingBox({ lat: 10, lng: 179.99 }, 5_000)).toMatchObject({ minLng: -180, maxLng: 180 })
  })

  it('widens 2, 8, 32 km … up to the radius asked for', () => {
    expect(searchRadii(10_000)).toEqual([2_000, 8_000, 10_000])
    expect(searchRadii(1_500)).toEqual([1_500])
    expect(searchRadii(50_000)).toEqual([2_000, 8_000, 32_000, 50_000])
  })
})

describe('ranking candidates', () => {
  it('sorts by exact distance, leaves out what is beyond the radius, and breaks ties by id', () => {
    const c = shanghai
    const at = (id: string, bearing: number, m: number) => ({ id, ...destination(c, bearing, m) })
    const ranked = rankNearest(
      c,
      [at('far', 0, 3_001), at('b', 90, 500), at('a', 270, 500), at('near', 180, 120), at('mid', 45, 2_000)],
      3_000,
      10,
    )
    expect(ranked.map((r) => r.item.id)).toEqual(['near', 'a', 'b', 'mid'])
    expect(ranked[0].metres).toBeCloseTo(120, 6)
    expect(rankNearest(c, [at('x', 0, 10), at('y', 0, 20)], 100, 1).map((r) => r.item.id)).toEqual(['x'])
  })
})
