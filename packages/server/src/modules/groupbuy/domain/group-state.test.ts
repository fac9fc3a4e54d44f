import { describe, expect, it } from 'vitest'
import { allowedMoves } from '../../../platform/state-machine.js'
import { groupMachine, isJoinable, seatMachine } from './group-state.js'

describe('groupMachine', () => {
  it('opens only once the opener has paid, or is cancelled', () => {
    expect(groupMachine.next('opening', 'open')).toBe('forming')
    expect(groupMachine.next('opening', 'cancel')).toBe('cancelled')
    expect(() => groupMachine.next('opening', 'succeed')).toThrow(/invalid_transition/)
  })

  it('ends a forming group by success, auto-fill, failure or an operator close', () => {
    expect(groupMachine.next('forming', 'succeed')).toBe('succeeded')
    expect(groupMachine.next('forming', 'auto_fill')).toBe('succeeded')
    expect(groupMachine.next('forming', 'fail')).toBe('failed')
    expect(groupMachine.next('forming', 'close')).toBe('failed')
  })

  it('draws only after success, and nothing leaves a final state', () => {
    expect(groupMachine.next('succeeded', 'draw')).toBe('drawn')
    expect(groupMachine.can('forming', 'draw')).toBe(false)
    for (const s of ['drawn', 'failed', 'cancelled'] as const)
      expect(Object.keys(groupMachine.transitions[s])).toEqual([])
    expect(() => groupMachine.next('failed', 'succeed')).toThrow(/invalid_transition/)
    expect(() => groupMachine.next('succeeded', 'fail')).toThrow(/invalid_transition/)
  })

  it('lists exactly the moves a history table may hold', () => {
    expect([...allowedMoves(groupMachine)].sort()).toEqual([
      'forming->failed',
      'forming->succeeded',
      'opening->cancelled',
      'opening->forming',
      'succeeded->drawn',
    ])
  })

  it('takes members only while forming', () => {
    expect(groupMachine.states.filter(isJoinable)).toEqual(['forming'])
  })
})

describe('seatMachine', () => {
  it('pays or releases a held seat and refunds only a paid one', () => {
    expect(seatMachine.next('held', 'pay')).toBe('paid')
    expect(seatMachine.next('held', 'release')).toBe('released')
    expect(seatMachine.next('paid', 'refund')).toBe('refunded')
    expect(() => seatMachine.next('held', 'refund')).toThrow(/invalid_transition/)
    expect(() => seatMachine.next('released', 'pay')).toThrow(/invalid_transition/)
    expect(() => seatMachine.next('paid', 'release')).toThrow(/invalid_transition/)
  })
})
