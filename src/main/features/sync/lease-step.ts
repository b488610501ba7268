/**
 * Number blocks: the bench holds the current block and the next for each series (HP, CT and the
 * work orders' OT), leases again when it falls below that (after a push, which tells the server
 * what it used), and in December also holds next year's, so the first receptions of January never
 * lack a number. A series the server has no number left for is skipped (the clerk is told when
 * numbering from it).
 */
import { NumberSeries } from '../../../shared/numbering'
import type { Db } from '../../platform/db/database'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import { isSyncError, type SyncClient } from './client'

export interface LeaseStepDeps {
  db: Db
  numbers: NumberBlocksRepository
  now: () => Date
  lowWaterMark: () => number
}

export function yearsToHold(now: Date): number[] {
  const year = now.getFullYear()
  return now.getMonth() === 11 ? [year, year + 1] : [year]
}

/** Returns how many new blocks were stored. */
export async function leaseWhereLow(client: SyncClient, deps: LeaseStepDeps): Promise<number> {
  let added = 0
  const now = deps.now()
  for (const year of yearsToHold(now)) {
    for (const type of NumberSeries.options) {
      const holding = deps.numbers.serverHolding(type, year)
      if (holding.blocks >= 2 && holding.left >= deps.lowWaterMark()) continue
      let blocks
      try {
        ;({ blocks } = await client.leaseBlock(type, year))
      } catch (error) {
        if (isSyncError(error) && error.code === 'numbers_exhausted') continue
        throw error
      }
      const at = deps.now().toISOString()
      deps.db.transaction(() => {
        for (const block of blocks) if (deps.numbers.addLeased(block, at)) added += 1
      })()
    }
  }
  return added
}
