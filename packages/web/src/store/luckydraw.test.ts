import { describe, expect, it } from 'vitest'
import { landingCell, percent, RING, ringCells, spinPath } from './luckydraw'

describe('the draw grid', () => {
  const cells = ringCells([
    { id: 'a', position: 0 },
    { id: 'b', position: 3 },
    { id: 'c', position: 5 },
  ])

  it('places prizes at their positions and leaves the rest as no-prize cells', () => {
    expect(cells).toEqual(['a', null, null, 'b', null, 'c', null, null])
    expect(RING).toHaveLength(8)
    // Clockwise around the centre, never the centre itself.
    expect(RING.some(([r, c]) => r === 1 && c === 1)).toBe(false)
  })

  it('lands on the prize won, or on a no-prize cell for no prize', () => {
    expect(landingCell(cells, 'b')).toBe(3)
    expect(landingCell(cells, null, () => 0)).toBe(1)
    expect(landingCell(cells, null, (n) => n - 1)).toBe(7)
    for (let i = 0; i < 50; i++) expect(cells[landingCell(cells, null)]).toBeNull()
  })

  it('spins whole rounds and stops on the target, slowing down at the end', () => {
    const path = spinPath(6, 3, 2)
    expect(path.at(-1)?.cell).toBe(3)
    expect(path).toHaveLength(2 * 8 + 5)
    expect(path[0].cell).toBe(7)
    expect(path.at(-1)!.delayMs).toBeGreaterThan(path[0].delayMs)
    // From a cell to itself still goes round.
    expect(spinPath(2, 2, 0)).toHaveLength(8)
  })

  it('shows basis points as percentages', () => {
    expect(percent(2500)).toBe('25%')
    expect(percent(5)).toBe('0.05%')
    expect(percent(10_000)).toBe('100%')
    expect(percent(150)).toBe('1.5%')
  })
})
