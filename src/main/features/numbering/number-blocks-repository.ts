import type { Db } from '../../platform/db/database'
import type { ProtocolType } from '../../../shared/domain'
import { newId } from '../../../shared/ids'

export interface NumberBlock {
  id: string
  type: ProtocolType
  year: number
  rangeStart: number
  rangeEnd: number
  nextSeq: number
  source: 'server' | 'local'
}

/** A local range not yet registered for the paired device. */
export interface UnclaimedRange {
  id: string
  type: ProtocolType
  year: number
  rangeStart: number
  rangeEnd: number
  nextSeq: number
}

interface BlockRow {
  id: string
  type: ProtocolType
  year: number
  range_start: number
  range_end: number
  next_seq: number
  source: 'server' | 'local'
}

const toBlock = (row: BlockRow): NumberBlock => ({
  id: row.id,
  type: row.type,
  year: row.year,
  rangeStart: row.range_start,
  rangeEnd: row.range_end,
  nextSeq: row.next_seq,
  source: row.source
})

/**
 * Hands out protocol sequence numbers from the blocks this bench holds. Must be called inside
 * the receive transaction: the number and the protocol commit together, so a crash can leave a
 * gap (fine) but never give one number twice.
 */
export function createNumberBlocksRepository(db: Db) {
  // Server blocks first: the local fallback range is only for a bench that never got one.
  const open = db.prepare<[ProtocolType, number], BlockRow>(
    `SELECT * FROM number_blocks WHERE type = ? AND year = ? AND next_seq <= range_end
     ORDER BY source = 'local', range_start LIMIT 1`
  )
  const advance = db.prepare(`UPDATE number_blocks SET next_seq = ? WHERE id = ? AND next_seq = ?`)
  const used = db.prepare<[ProtocolType, number, number], { n: number }>(
    `SELECT count(*) AS n FROM protocols WHERE type = ? AND year = ? AND seq = ?`
  )
  const remaining = db.prepare<[ProtocolType, number], { n: number | null }>(
    `SELECT sum(range_end - next_seq + 1) AS n FROM number_blocks WHERE type = ? AND year = ? AND next_seq <= range_end`
  )
  const insert = db.prepare(
    `INSERT INTO number_blocks (id, type, year, range_start, range_end, next_seq, source, created_at)
     VALUES (@id, @type, @year, @rangeStart, @rangeEnd, @nextSeq, @source, @createdAt)`
  )
  const list = db.prepare<[], BlockRow>(`SELECT * FROM number_blocks ORDER BY year DESC, type, range_start`)
  const overlapping = db.prepare<[ProtocolType, number, number, number], { n: number }>(
    `SELECT count(*) AS n FROM number_blocks WHERE type = ? AND year = ? AND range_start <= ? AND range_end >= ?`
  )
  const byId = db.prepare<[string], BlockRow>(`SELECT * FROM number_blocks WHERE id = ?`)
  const closeServer = db.prepare(`UPDATE number_blocks SET next_seq = range_end + 1 WHERE source = 'server' AND next_seq <= range_end`)
  const openServer = db.prepare<[ProtocolType, number], { blocks: number; left: number | null }>(
    `SELECT count(*) AS blocks, sum(range_end - next_seq + 1) AS left FROM number_blocks
     WHERE source = 'server' AND type = ? AND year = ? AND next_seq <= range_end`
  )
  const usedInRange = db.prepare<[ProtocolType, number, number, number], { top: number | null }>(
    `SELECT max(seq) AS top FROM protocols WHERE type = ? AND year = ? AND seq BETWEEN ? AND ?`
  )
  // Claimed for an earlier pairing (another device id) counts as unclaimed; a refusal is final.
  const unclaimed = db.prepare<[string], UnclaimedRange>(
    `SELECT id, type, year, range_start AS rangeStart, range_end AS rangeEnd, next_seq AS nextSeq FROM number_blocks
     WHERE source = 'local' AND (claim_status IS NULL OR (claim_status = 'claimed' AND claim_device <> ?))
     ORDER BY year, type, range_start`
  )
  const markClaimed = db.prepare(`UPDATE number_blocks SET claim_device = ?, claim_status = 'claimed' WHERE id = ? AND source = 'local'`)
  const markRefused = db.prepare(
    `UPDATE number_blocks SET claim_device = ?, claim_status = 'refused', next_seq = range_end + 1 WHERE id = ? AND source = 'local'`
  )

  return {
    /** The next free number, or null when every block of (type, year) is used up. */
    take(type: ProtocolType, year: number): number | null {
      for (;;) {
        const block = open.get(type, year)
        if (!block) return null
        // Blocks may overlap (a server block leased over the bench's own claimed local range), so a
        // number the bench already holds is passed over rather than given twice.
        let seq = block.next_seq
        while (seq <= block.range_end && (used.get(type, year, seq)?.n ?? 0) > 0) seq += 1
        advance.run(Math.min(seq + 1, block.range_end + 1), block.id, block.next_seq)
        if (seq <= block.range_end) return seq
      }
    },
    remaining(type: ProtocolType, year: number): number {
      return remaining.get(type, year)?.n ?? 0
    },
    /**
     * Adds a range. Overlaps with a held block are refused; numbers already used inside the range
     * (a restored backup, demo data) are skipped so a duplicate can never be handed out.
     */
    add(block: Omit<NumberBlock, 'id' | 'nextSeq'>, createdAt: string): NumberBlock {
      if ((overlapping.get(block.type, block.year, block.rangeEnd, block.rangeStart)?.n ?? 0) > 0) {
        throw new RangeError('overlaps a block this bench already holds')
      }
      const top = usedInRange.get(block.type, block.year, block.rangeStart, block.rangeEnd)?.top ?? null
      const row: NumberBlock = { ...block, id: newId(), nextSeq: top === null ? block.rangeStart : top + 1 }
      insert.run({ ...row, createdAt })
      return row
    },
    list(): NumberBlock[] {
      return list.all().map(toBlock)
    },
    /**
     * Stores a block the server leased (its id is the server's). A block already held is left as
     * it is: the bench, not the server, knows how far into it it has gone.
     */
    addLeased(block: { id: string; type: ProtocolType; year: number; start: number; end: number }, createdAt: string): boolean {
      if (byId.get(block.id)) return false
      const top = usedInRange.get(block.type, block.year, block.start, block.end)?.top ?? null
      const nextSeq = top === null ? block.start : Math.min(top + 1, block.end + 1)
      insert.run({ id: block.id, type: block.type, year: block.year, rangeStart: block.start, rangeEnd: block.end, nextSeq, source: 'server', createdAt })
      return true
    },
    /** Open server blocks of (type, year) and the numbers left in them. */
    serverHolding(type: ProtocolType, year: number): { blocks: number; left: number } {
      const row = openServer.get(type, year)
      return { blocks: row?.blocks ?? 0, left: row?.left ?? 0 }
    },
    /** Local ranges the server has not registered for `deviceId` yet. */
    unclaimedLocal(deviceId: string): UnclaimedRange[] {
      return unclaimed.all(deviceId)
    },
    /** The server holds the local range as `deviceId`'s: its numbers are accepted. */
    markClaimed(id: string, deviceId: string): void {
      markClaimed.run(deviceId, id)
    },
    /** Another bench holds part of the local range: no number is taken from it any more. */
    closeRefused(id: string, deviceId: string): void {
      markRefused.run(deviceId, id)
    },
    /** Unpairing: numbers of server blocks belong to the old device and must not be handed out. */
    closeServerBlocks(): number {
      return closeServer.run().changes
    }
  }
}
export type NumberBlocksRepository = ReturnType<typeof createNumberBlocksRepository>
