import { MAX_SEQ } from '../../src/shared/domain'
import { MAX_RANGE_NUMBERS } from '../../src/shared/numbering'
import type { ProtocolType } from '../../src/shared/domain'
import type { BridgeClient } from './bridge-client'

/** The admin PIN a bench data folder gets with its first typed range (a bench's first PIN is the one typed first). */
const BENCH_ADMIN_PIN = '4321'

/**
 * Gives a bench at least `count` free numbers of `type` for this year, as its administrator
 * would: typed ranges (each at most MAX_RANGE_NUMBERS long) from the top of the sequence down,
 * where the seeded data folders leave room. Used numbers inside a range are skipped by the bench.
 */
export async function typeFreeNumbers(bridge: BridgeClient, type: ProtocolType, count: number): Promise<void> {
  const year = new Date().getFullYear()
  for (let end = MAX_SEQ; end > MAX_SEQ - count; end -= MAX_RANGE_NUMBERS) {
    const start = Math.max(1, end - MAX_RANGE_NUMBERS + 1)
    await bridge.call('numbers.addLocalRange', { type, year, start, end, adminPin: BENCH_ADMIN_PIN, acknowledged: true })
  }
}
