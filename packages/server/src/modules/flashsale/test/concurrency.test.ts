import { describe } from 'vitest'
import { fileWorld } from '../../../../test/helpers.js'
import { crowdTests } from './crowd.js'

const world = await fileWorld()

describe('a crowd at one flash-sale slot (optimistic batches)', () => crowdTests(world))
