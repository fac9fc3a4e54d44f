import { describe, expect, it } from 'vitest'
import { phaseAt, soldPercent } from './flashsaleApi'

describe('flash-sale slot helpers', () => {
  const slot = {
    startsAt: '2026-11-23T10:00:00Z',
    endsAt: '2026-11-23T11:00:00Z',
    phase: 'upcoming' as const,
  }
  it('reads the phase from the server clock', () => {
    expect(phaseAt(slot, Date.parse('2026-11-23T09:59:59Z'))).toBe('upcoming')
    expect(phaseAt(slot, Date.parse('2026-11-23T10:00:00Z'))).toBe('live')
    expect(phaseAt(slot, Date.parse('2026-11-23T11:00:00Z'))).toBe('ended')
    expect(phaseAt({ ...slot, phase: 'ended' }, Date.parse('2026-11-23T10:30:00Z'))).toBe('ended')
  })
  it('sold share for the progress bar', () => {
    expect(soldPercent({ soldUnits: 25, stock: 100 })).toBe(25)
    expect(soldPercent({ soldUnits: 3, stock: 0 })).toBe(0)
    expect(soldPercent({ soldUnits: 120, stock: 100 })).toBe(100)
  })
})
