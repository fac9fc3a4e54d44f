import { createHash, createHmac } from 'node:crypto'

/**
 * The verifiable draw of a lucky-draw group.
 *
 * When the group opens, a secret seed is chosen and only its commitment, SHA-256 of the seed's
 * UTF-8 text in lowercase hex, is shown. When the group is full, every member id gets the score
 * HMAC-SHA256(key = seed as UTF-8, message = member id as UTF-8) in lowercase hex; members are
 * ranked by score ascending (ties, never expected, by id in plain string order), and the first k
 * win. The seed is then revealed, so anyone can check the commitment and recompute the winners.
 * The ranking does not depend on the order members are listed in.
 */

/** The commitment shown while a lucky-draw group forms: SHA-256 of the seed, lowercase hex. */
export function commitSeed(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex')
}

/** A member's score for the draw; lower scores win. */
export function drawScore(seed: string, memberId: string): string {
  return createHmac('sha256', Buffer.from(seed, 'utf8')).update(memberId, 'utf8').digest('hex')
}

/** The k winners among the members, best score first; refuses an empty seed, repeated ids and k outside 1..members. */
export function drawWinners(seed: string, memberIds: readonly string[], k: number): string[] {
  if (seed.length === 0) throw new RangeError('the seed is empty')
  if (new Set(memberIds).size !== memberIds.length) throw new RangeError('a member is listed twice')
  if (!Number.isInteger(k) || k < 1 || k > memberIds.length) throw new RangeError('k is out of range')
  return [...memberIds]
    .sort(byText)
    .map((id) => ({ id, score: drawScore(seed, id) }))
    .sort((a, b) => byText(a.score, b.score) || byText(a.id, b.id))
    .slice(0, k)
    .map((m) => m.id)
}

/** Whether a revealed seed matches the commitment and yields exactly these winners, in any order. */
export function verifyDraw(
  commit: string,
  seed: string,
  memberIds: readonly string[],
  k: number,
  winners: readonly string[],
): boolean {
  if (commitSeed(seed) !== commit.toLowerCase()) return false
  let expected: string[]
  try {
    expected = drawWinners(seed, memberIds, k)
  } catch {
    return false
  }
  const given = [...winners].sort(byText)
  return given.length === expected.length && expected.sort(byText).every((id, i) => id === given[i])
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
