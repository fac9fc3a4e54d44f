import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { commitSeed, drawWinners, verifyDraw } from './lucky-draw.js'

const seed = '6f1c2a9e0b7d4c3a8e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5'
const members = ['u-08', 'u-03', 'u-11', 'u-01', 'u-05', 'u-09', 'u-02', 'u-07', 'u-04', 'u-10']

/** The documented algorithm, written out again from its description. */
function recompute(revealed: string, ids: string[], k: number) {
  const score = (id: string) => createHmac('sha256', revealed).update(id).digest('hex')
  return [...ids]
    .sort()
    .sort((a, b) => score(a).localeCompare(score(b), 'en'))
    .slice(0, k)
}

describe('commitSeed', () => {
  it('is the SHA-256 of the seed in lowercase hex', () => {
    expect(commitSeed('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(commitSeed(seed)).toBe(createHash('sha256').update(seed).digest('hex'))
  })
})

describe('drawWinners', () => {
  it('can be recomputed by anyone from the revealed seed', () => {
    const winners = drawWinners(seed, members, 3)
    expect(winners).toEqual(recompute(seed, members, 3))
    expect(drawWinners(seed, [...members].reverse(), 3)).toEqual(winners)
  })

  it('gives k distinct members of the group', () => {
    const winners = drawWinners(seed, members, 4)
    expect(winners).toHaveLength(4)
    expect(new Set(winners).size).toBe(4)
    for (const w of winners) expect(members).toContain(w)
  })

  it('changes with the seed', () => {
    const a = drawWinners(seed, members, 3)
    const b = drawWinners(`${seed}0`, members, 3)
    expect([...b].sort()).not.toEqual([...a].sort())
  })

  it('favours no position in the member list', () => {
    const five = ['a', 'b', 'c', 'd', 'e']
    const wins = new Map(five.map((id) => [id, 0]))
    for (let i = 0; i < 1000; i++)
      for (const w of drawWinners(`seed-${i}`, five, 2)) wins.set(w, wins.get(w)! + 1)
    for (const count of wins.values()) expect(count).toBeGreaterThan(330)
    for (const count of wins.values()) expect(count).toBeLessThan(470)
  })

  it('refuses an empty seed, repeated members and k out of range', () => {
    expect(() => drawWinners('', members, 1)).toThrow(/seed/)
    expect(() => drawWinners(seed, ['a', 'a', 'b'], 1)).toThrow(/twice/)
    expect(() => drawWinners(seed, members, 0)).toThrow(/k/)
    expect(() => drawWinners(seed, members, 11)).toThrow(/k/)
  })
})

describe('verifyDraw', () => {
  const commit = commitSeed(seed)
  const winners = drawWinners(seed, members, 3)

  it('accepts the revealed seed and its winners in any order', () => {
    expect(verifyDraw(commit, seed, members, 3, winners)).toBe(true)
    expect(verifyDraw(commit.toUpperCase(), seed, members, 3, [...winners].reverse())).toBe(true)
  })

  it('rejects a seed that does not match the commitment, even with its own winners', () => {
    const other = `${seed}1`
    expect(verifyDraw(commit, other, members, 3, drawWinners(other, members, 3))).toBe(false)
  })

  it('rejects other winners, repeated winners and a wrong k', () => {
    const loser = members.find((m) => !winners.includes(m))!
    expect(verifyDraw(commit, seed, members, 3, [winners[0], winners[1], loser])).toBe(false)
    expect(verifyDraw(commit, seed, members, 3, [winners[0], winners[0], winners[1]])).toBe(false)
    expect(verifyDraw(commit, seed, members, 2, winners)).toBe(false)
    for (const extra of members.filter((m) => !winners.includes(m)))
      expect(verifyDraw(commit, seed, members, 3, [...winners, extra])).toBe(false)
    expect(verifyDraw(commit, seed, members, 11, winners)).toBe(false)
  })
})
