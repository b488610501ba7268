/**
 * Numbering: the blocks of numbers per series and year this bench may hand out: protocol types
 * (`HP 26/0123`, `CT 26/0042`) and work orders (`OT 26/0007`), so a sample is numbered at once,
 * offline too. Owns the `number_blocks` table (blocks leased from the central server, ranges an
 * administrator typed while the server was out of reach with each one's claim state, and the demo
 * blocks of a bench trying the app) and `number_aliases` (numbers a row carried before it was
 * renumbered). `take` gives the next number inside the caller's transaction, so a number is never
 * given twice; reception and work orders take, sync leases, claims and closes blocks.
 */
import type { Db } from '../../platform/db/database'
import type { NumberSeries } from '../../../shared/numbering'
import { newId } from '../../../shared/ids'

export type BlockSource = 'server' | 'local' | 'demo'

export interface NumberBlock {
  id: string
  type: NumberSeries
  year: number
  rangeStart: number
  rangeEnd: number
  nextSeq: number
  source: BlockSource
  /** A typed (local) range: whether the server registered it for this bench, or refused it. */
  claimStatus: 'claimed' | 'refused' | null
}

/** A local range not yet registered for the paired device. */
export type UnclaimedRange = Omit<NumberBlock, 'source' | 'claimStatus'>

/**
 * Which blocks a number may come from. live: a working bench's server blocks, then the ranges
 * its administrator typed (claimed at first contact). demo: a bench trying the app numbers its
 * demo receptions from its demo blocks only. confirmed: numbers the server already said are this
 * bench's (server blocks and claimed ranges): what a renumbered row must get.
 */
export type NumberSource = 'live' | 'demo' | 'confirmed'

const SOURCE_SQL: Record<NumberSource, string> = {
  live: `source IN ('server', 'local')`,
  demo: `source = 'demo'`,
  confirmed: `(source = 'server' OR (source = 'local' AND claim_status = 'claimed'))`
}

interface BlockRow {
  id: string
  type: NumberSeries
  year: number
  range_start: number
  range_end: number
  next_seq: number
  source: BlockSource
  claim_status: 'claimed' | 'refused' | null
}

const toBlock = (row: BlockRow): NumberBlock => ({
  id: row.id,
  type: row.type,
  year: row.year,
  rangeStart: row.range_start,
  rangeEnd: row.range_end,
  nextSeq: row.next_seq,
  source: row.source,
  claimStatus: row.claim_status
})

/** Sorted, merged [from, to] intervals: overlapping blocks count each number once. */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1]
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged
}

/** Where the numbers a series already gave are: protocols carry their type, work orders are all OT. */
const USED_SQL = {
  protocol: `SELECT seq FROM protocols WHERE type = @series AND year = @year AND seq BETWEEN @from AND @to
             UNION SELECT seq FROM number_aliases WHERE series = @series AND year = @year AND seq BETWEEN @from AND @to`,
  workOrder: `SELECT seq FROM work_orders WHERE year = @year AND seq BETWEEN @from AND @to
              UNION SELECT seq FROM number_aliases WHERE series = @series AND year = @year AND seq BETWEEN @from AND @to`
}

/**
 * Hands out sequence numbers from the blocks this bench holds. `take` must be called inside the
 * transaction of the row it numbers: the number and the row commit together, so a crash can leave
 * a gap (fine) but never give one number twice.
 */
export function createNumberBlocksRepository(db: Db) {
  // Server blocks first: a typed range is only for a bench that could not reach the server.
  const openBySource = Object.fromEntries(
    (Object.keys(SOURCE_SQL) as NumberSource[]).map((source) => [
      source,
      db.prepare<[NumberSeries, number], BlockRow>(
        `SELECT * FROM number_blocks WHERE type = ? AND year = ? AND next_seq <= range_end AND ${SOURCE_SQL[source]}
         ORDER BY source = 'local', claim_status IS NULL, range_start LIMIT 1`
      )
    ])
  ) as Record<NumberSource, ReturnType<typeof db.prepare<[NumberSeries, number], BlockRow>>>
  const openIntervals = Object.fromEntries(
    (Object.keys(SOURCE_SQL) as NumberSource[]).map((source) => [
      source,
      db.prepare<[NumberSeries, number], { next_seq: number; range_end: number }>(
        `SELECT next_seq, range_end FROM number_blocks WHERE type = ? AND year = ? AND next_seq <= range_end AND ${SOURCE_SQL[source]}`
      )
    ])
  ) as Record<NumberSource, ReturnType<typeof db.prepare<[NumberSeries, number], { next_seq: number; range_end: number }>>>
  const heldBySource = Object.fromEntries(
    (Object.keys(SOURCE_SQL) as NumberSource[]).map((source) => [
      source,
      db.prepare<[NumberSeries, number], { n: number }>(`SELECT count(*) AS n FROM number_blocks WHERE type = ? AND year = ? AND ${SOURCE_SQL[source]}`)
    ])
  ) as Record<NumberSource, ReturnType<typeof db.prepare<[NumberSeries, number], { n: number }>>>
  const advance = db.prepare(`UPDATE number_blocks SET next_seq = ? WHERE id = ? AND next_seq = ?`)
  const usedIn = {
    protocol: db.prepare<{ series: NumberSeries; year: number; from: number; to: number }, { n: number }>(`SELECT count(*) AS n FROM (${USED_SQL.protocol})`),
    workOrder: db.prepare<{ series: NumberSeries; year: number; from: number; to: number }, { n: number }>(`SELECT count(*) AS n FROM (${USED_SQL.workOrder})`)
  }
  const topUsedIn = {
    protocol: db.prepare<{ series: NumberSeries; year: number; from: number; to: number }, { top: number | null }>(`SELECT max(seq) AS top FROM (${USED_SQL.protocol})`),
    workOrder: db.prepare<{ series: NumberSeries; year: number; from: number; to: number }, { top: number | null }>(`SELECT max(seq) AS top FROM (${USED_SQL.workOrder})`)
  }
  const insert = db.prepare(
    `INSERT INTO number_blocks (id, type, year, range_start, range_end, next_seq, source, created_at)
     VALUES (@id, @type, @year, @rangeStart, @rangeEnd, @nextSeq, @source, @createdAt)`
  )
  const list = db.prepare<[], BlockRow>(`SELECT * FROM number_blocks ORDER BY year DESC, type, range_start`)
  const overlapping = db.prepare<[NumberSeries, number, number, number], { n: number }>(
    `SELECT count(*) AS n FROM number_blocks WHERE type = ? AND year = ? AND range_start <= ? AND range_end >= ? AND source <> 'demo'`
  )
  const byId = db.prepare<[string], BlockRow>(`SELECT * FROM number_blocks WHERE id = ?`)
  const closeServer = db.prepare(`UPDATE number_blocks SET next_seq = range_end + 1 WHERE source = 'server' AND next_seq <= range_end`)
  const openServer = db.prepare<[NumberSeries, number], { blocks: number; left: number | null }>(
    `SELECT count(*) AS blocks, sum(range_end - next_seq + 1) AS left FROM number_blocks
     WHERE source = 'server' AND type = ? AND year = ? AND next_seq <= range_end`
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
  const deleteDemo = db.prepare(`DELETE FROM number_blocks WHERE source = 'demo'`)
  const insertAlias = db.prepare(
    `INSERT INTO number_aliases (entity, entity_id, series, year, seq, number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`
  )
  const aliasesOf = db.prepare<[string, string], { number: string }>(
    `SELECT number FROM number_aliases WHERE entity = ? AND entity_id = ? ORDER BY created_at, number`
  )
  const aliasHolders = db.prepare<[string, NumberSeries, number, number], { entity_id: string }>(
    `SELECT entity_id FROM number_aliases WHERE entity = ? AND series = ? AND year = ? AND seq = ?`
  )

  const usedKind = (series: NumberSeries) => (series === 'OT' ? 'workOrder' : 'protocol')
  const isUsed = (series: NumberSeries, year: number, seq: number): boolean =>
    (usedIn[usedKind(series)].get({ series, year, from: seq, to: seq })?.n ?? 0) > 0

  return {
    /**
     * The next free number of (series, year) from the blocks `source` allows, or null when there
     * is none. Blocks may overlap (a server block leased over the bench's own claimed range), and
     * a number a row carried before it was renumbered is still on a label: both are passed over.
     */
    take(series: NumberSeries, year: number, source: NumberSource): number | null {
      for (;;) {
        const block = openBySource[source].get(series, year)
        if (!block) return null
        let seq = block.next_seq
        while (seq <= block.range_end && isUsed(series, year, seq)) seq += 1
        advance.run(Math.min(seq + 1, block.range_end + 1), block.id, block.next_seq)
        if (seq <= block.range_end) return seq
      }
    },
    /** Numbers `take` can still give: each counted once however the blocks overlap, used ones left out. */
    remaining(series: NumberSeries, year: number, source: NumberSource): number {
      const intervals = openIntervals[source].all(series, year).map((row) => [row.next_seq, row.range_end] as const)
      let left = 0
      for (const [from, to] of mergeIntervals(intervals)) {
        left += to - from + 1 - (usedIn[usedKind(series)].get({ series, year, from, to })?.n ?? 0)
      }
      return left
    },
    /** Whether the bench ever held a block of (series, year) of this kind: tells "used up" from "never had any". */
    holds(series: NumberSeries, year: number, source: NumberSource): boolean {
      return (heldBySource[source].get(series, year)?.n ?? 0) > 0
    },
    isUsed,
    /**
     * Adds a typed range (`local`) or a demo block. A typed range overlapping a block the bench
     * holds is refused; numbers already used inside it are skipped so no duplicate can be given.
     */
    add(block: Omit<NumberBlock, 'id' | 'nextSeq' | 'claimStatus'>, createdAt: string): NumberBlock {
      if (block.source !== 'demo' && (overlapping.get(block.type, block.year, block.rangeEnd, block.rangeStart)?.n ?? 0) > 0) {
        throw new RangeError('overlaps a block this bench already holds')
      }
      const top = topUsedIn[usedKind(block.type)].get({ series: block.type, year: block.year, from: block.rangeStart, to: block.rangeEnd })?.top ?? null
      const row: NumberBlock = { ...block, id: newId(), nextSeq: top === null ? block.rangeStart : Math.min(top + 1, block.rangeEnd + 1), claimStatus: null }
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
    addLeased(block: { id: string; type: NumberSeries; year: number; start: number; end: number }, createdAt: string): boolean {
      if (byId.get(block.id)) return false
      const top = topUsedIn[usedKind(block.type)].get({ series: block.type, year: block.year, from: block.start, to: block.end })?.top ?? null
      const nextSeq = top === null ? block.start : Math.min(top + 1, block.end + 1)
      insert.run({ id: block.id, type: block.type, year: block.year, rangeStart: block.start, rangeEnd: block.end, nextSeq, source: 'server', createdAt })
      return true
    },
    /** Open server blocks of (series, year) and the numbers left in them. */
    serverHolding(series: NumberSeries, year: number): { blocks: number; left: number } {
      const row = openServer.get(series, year)
      return { blocks: row?.blocks ?? 0, left: row?.left ?? 0 }
    },
    /** Typed ranges the server has not registered for `deviceId` yet. */
    unclaimedLocal(deviceId: string): UnclaimedRange[] {
      return unclaimed.all(deviceId)
    },
    /** The server holds the typed range as `deviceId`'s: its numbers are accepted. */
    markClaimed(id: string, deviceId: string): void {
      markClaimed.run(deviceId, id)
    },
    /** Another bench holds part of the typed range (or the server will not take it): no number is taken from it any more. */
    closeRefused(id: string, deviceId: string): void {
      markRefused.run(deviceId, id)
    },
    /** Unpairing: numbers of server blocks belong to the old device and must not be handed out. */
    closeServerBlocks(): number {
      return closeServer.run().changes
    },
    /** Removing the demo data: the demo blocks go with it. */
    removeDemoBlocks(): number {
      return deleteDemo.run().changes
    },
    /** Keeps a number a row no longer carries: the label on the tube still shows it. */
    addAlias(alias: { entity: 'protocol' | 'work_order'; entityId: string; series: NumberSeries; year: number; seq: number; number: string; at: string }): void {
      insertAlias.run(alias.entity, alias.entityId, alias.series, alias.year, alias.seq, alias.number, alias.at)
    },
    aliasesOf(entity: 'protocol' | 'work_order', entityId: string): string[] {
      return aliasesOf.all(entity, entityId).map((row) => row.number)
    },
    /** Rows that once carried (series, year, seq). */
    aliasHolders(entity: 'protocol' | 'work_order', series: NumberSeries, year: number, seq: number): string[] {
      return aliasHolders.all(entity, series, year, seq).map((row) => row.entity_id)
    }
  }
}
export type NumberBlocksRepository = ReturnType<typeof createNumberBlocksRepository>
