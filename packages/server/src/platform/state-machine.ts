import { AppError } from './errors.js'

/** A lifecycle as data: for each state, the events it accepts and the state each leads to. */
export type Transitions<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>

export interface Machine<S extends string, E extends string> {
  readonly entity: string
  readonly transitions: Transitions<S, E>
  /** The state `event` leads to from `from`, or a 409 `invalid_transition`. */
  next(from: S, event: E): S
  can(from: S, event: E): boolean
  states: S[]
}

export function defineMachine<S extends string, E extends string>(
  entity: string,
  transitions: Transitions<S, E>,
): Machine<S, E> {
  return {
    entity,
    transitions,
    states: Object.keys(transitions) as S[],
    can: (from, event) => transitions[from]?.[event] !== undefined,
    next(from, event) {
      const to = transitions[from]?.[event]
      if (!to) throw new AppError('invalid_transition', { entity, from, event })
      return to
    },
  }
}

/** Pairs (from, to) the machine allows, for checks over history tables. */
export function allowedMoves<S extends string, E extends string>(m: Machine<S, E>): Set<string> {
  const out = new Set<string>()
  for (const [from, evs] of Object.entries(m.transitions) as [S, Partial<Record<E, S>>][]) {
    for (const to of Object.values(evs) as S[]) out.add(`${from}->${to}`)
  }
  return out
}
