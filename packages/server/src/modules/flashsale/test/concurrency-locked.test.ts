import { describe } from 'vitest'
import { fileWorld } from '../../../../test/helpers.js'
import { crowdTests } from './crowd.js'

// Every batch through the locked transaction, the path optimistic batches fall back to.
process.env.FLASH_SALE_BATCH = 'locked'
const world = await fileWorld()

describe('a crowd at one flash-sale slot (locked batches)', () => crowdTests(world))
