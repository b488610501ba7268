/**
 * Number blocks: ranges of one series' numbers (protocol types HP and CT, work orders OT) leased
 * per bench per year. A counter row per (series, year) hands out consecutive ranges inside the
 * write transaction, so two benches' blocks can never overlap, and nothing is ever handed out
 * twice. A range a bench numbered from before it could reach the server is claimed under the same
 * counter lock; leases step over claimed ranges. Nothing is leased or claimed above MAX_SEQ, the
 * largest sequence the documented number format (and every bench's scan pattern) can carry.
 */
import { MAX_SEQ } from '../../src/shared/domain'
import { formatRange, formatSeriesNumber, type NumberSeries } from '../../src/shared/numbering'
import type { ClaimRequest, NumberBlock, RangeTakenDetails } from '../../src/shared/sync-protocol'
import { ApiError } from './http'
import type { Sql, Storage } from './storage/types'

export interface BlockPolicy {
  /** Numbers per block. */
  size: number
  /** A block with this many numbers left or fewer no longer counts as a spare. */
  lowWater: number
  /** Blocks with more than lowWater numbers left a bench should hold: the current one and the next. */
  hold: number
}

export function defaultBlockPolicy(size = 100, lowWater = Math.floor(size / 5)): BlockPolicy {
  return { size, lowWater: Math.min(lowWater, size - 1), hold: 2 }
}

interface BlockRow {
  id: string
  type: NumberSeries
  year: number
  start_seq: number
  end_seq: number
  used_max: number
}

const toBlock = (row: BlockRow): NumberBlock => ({
  id: row.id,
  type: row.type,
  year: row.year,
  start: row.start_seq,
  end: row.end_seq
})

/** Where the numbers a series has accepted are kept, one row per number for ever. */
const USED: Record<NumberSeries, { table: string; holder: string }> = {
  HP: { table: 'protocol_numbers', holder: 'protocol_id' },
  CT: { table: 'protocol_numbers', holder: 'protocol_id' },
  OT: { table: 'work_order_numbers', holder: 'work_order_id' }
}

/** The series filter of a used-numbers table: protocol numbers carry their type, work-order numbers are all OT. */
const usedWhere = (series: NumberSeries): { sql: string; params: string[] } =>
  series === 'OT' ? { sql: '1 = 1', params: [] } : { sql: 'n.type = ?', params: [series] }

/** Numbers of the block the server has not seen used (benches consume a block from its start). */
export function remaining(row: Pick<BlockRow, 'start_seq' | 'end_seq' | 'used_max'>): number {
  return row.end_seq - Math.max(row.used_max, row.start_seq - 1)
}

/** The bench may lease for last year (late pushes), this year, and next year (December). */
export function checkLeaseYear(year: number, now: Date): void {
  const current = now.getFullYear()
  if (year < current - 1 || year > current + 1) {
    throw new ApiError(422, 'year_out_of_range', `blocks are leased for ${current - 1}..${current + 1} only`)
  }
}

/** A range is claimed for this year or the next only: a bench numbers from it now, not for a past or distant year. */
export function checkClaimYear(year: number, now: Date): void {
  const current = now.getFullYear()
  if (year !== current && year !== current + 1) {
    throw new ApiError(422, 'year_out_of_range', `ranges are claimed for ${current} or ${current + 1} only`)
  }
}

/** Years a new bench gets blocks for at pairing: this one, and the next in December. */
export function pairingYears(now: Date): number[] {
  const year = now.getFullYear()
  return now.getMonth() === 11 ? [year, year + 1] : [year]
}

/** Creates the counter row of (series, year) if needed and locks it: leases and claims of (series, year) take turns. */
async function lockCounter(sql: Sql, type: NumberSeries, year: number): Promise<void> {
  await sql.run('INSERT INTO number_counters (type, year, next_start) VALUES (?, ?, 1) ON CONFLICT DO NOTHING', [type, year])
  await sql.run('UPDATE number_counters SET next_start = next_start WHERE type = ? AND year = ?', [type, year])
}

/**
 * The first free run of `size` numbers at or above `from` that meets no claimed range (claims may
 * sit anywhere; the counter never jumps over more than the claim it meets). Null when the series
 * has no room left below MAX_SEQ.
 */
async function nextFreeStart(sql: Sql, type: NumberSeries, year: number, from: number, size: number): Promise<number | null> {
  let start = from
  while (start <= MAX_SEQ) {
    const claimed = await sql.get<{ top: number | null }>(
      'SELECT max(end_seq) AS top FROM number_claims WHERE type = ? AND year = ? AND start_seq <= ? AND end_seq >= ?',
      [type, year, start + size - 1, start]
    )
    if (claimed?.top === null || claimed?.top === undefined) return start
    start = Number(claimed.top) + 1
  }
  return null
}

/**
 * Tops the device up to `hold` healthy blocks for (series, year) and returns every block of it
 * that still has numbers. Call inside a write transaction that has locked the device row.
 */
export async function leaseBlocks(
  sql: Sql,
  policy: BlockPolicy,
  deviceId: string,
  type: NumberSeries,
  year: number,
  nowIso: string
): Promise<NumberBlock[]> {
  const rows = await sql.all<BlockRow>(
    `SELECT id, type, year, start_seq, end_seq, used_max FROM number_blocks
     WHERE device_id = ? AND type = ? AND year = ? ORDER BY start_seq`,
    [deviceId, type, year]
  )
  const open = rows.filter((row) => remaining(row) > 0)
  let healthy = open.filter((row) => remaining(row) > policy.lowWater).length
  while (healthy < policy.hold) {
    await lockCounter(sql, type, year)
    const counter = await sql.get<{ next_start: number }>('SELECT next_start FROM number_counters WHERE type = ? AND year = ?', [type, year])
    const start = await nextFreeStart(sql, type, year, Number(counter!.next_start), policy.size)
    if (start === null) {
      // The holder still numbers from what it has; only a bench with nothing left is refused.
      if (open.length > 0) break
      throw new ApiError(409, 'numbers_exhausted', `every ${type} number of ${year} up to ${MAX_SEQ} is leased or claimed`)
    }
    const end = Math.min(start + policy.size - 1, MAX_SEQ)
    await sql.run('UPDATE number_counters SET next_start = ? WHERE type = ? AND year = ?', [end + 1, type, year])
    const row: BlockRow = { id: `${type}-${year}-${start}`, type, year, start_seq: start, end_seq: end, used_max: 0 }
    await sql.run(
      `INSERT INTO number_blocks (id, device_id, type, year, start_seq, end_seq, used_max, leased_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
      [row.id, deviceId, type, year, row.start_seq, row.end_seq, nowIso]
    )
    open.push(row)
    healthy += 1
  }
  return open.map(toBlock)
}

export type NumberClaim = 'ok' | 'number_outside_block' | 'number_taken'

/** Records that the device used (series, year, seq) for row `holderId`, or says why not. */
export async function claimNumber(
  sql: Sql,
  deviceId: string,
  holderId: string,
  type: NumberSeries,
  year: number,
  seq: number
): Promise<NumberClaim> {
  // Two statements in the common case (a push holds the change sequence only at its end, but
  // every statement here is a round trip to the database).
  const block = await sql.get<{ id: string }>(
    `UPDATE number_blocks SET used_max = CASE WHEN used_max < ? THEN ? ELSE used_max END
     WHERE device_id = ? AND type = ? AND year = ? AND start_seq <= ? AND end_seq >= ? RETURNING id`,
    [seq, seq, deviceId, type, year, seq, seq]
  )
  if (!block && !(await sql.get('SELECT id FROM number_claims WHERE device_id = ? AND type = ? AND year = ? AND start_seq <= ? AND end_seq >= ?', [deviceId, type, year, seq, seq]))) {
    return 'number_outside_block'
  }
  const inserted =
    type === 'OT'
      ? await sql.get('INSERT INTO work_order_numbers (year, seq, work_order_id, device_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq', [year, seq, holderId, deviceId])
      : await sql.get('INSERT INTO protocol_numbers (type, year, seq, protocol_id, device_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq', [type, year, seq, holderId, deviceId])
  if (inserted) return 'ok'
  const { table, holder: holderColumn } = USED[type]
  const where = usedWhere(type)
  const holder = await sql.get<{ holder: string }>(`SELECT n.${holderColumn} AS holder FROM ${table} n WHERE ${where.sql} AND n.year = ? AND n.seq = ?`, [
    ...where.params,
    year,
    seq
  ])
  if (!holder) throw new Error(`${holderId} already holds another ${type} number than ${year} ${seq}`)
  if (holder.holder !== holderId) return 'number_taken'
  return 'ok'
}

/** Whether a work-order number was ever accepted (a correction carries the number of the order it corrects). */
export async function workOrderNumberAccepted(sql: Sql, year: number, seq: number): Promise<boolean> {
  return (await sql.get('SELECT 1 AS one FROM work_order_numbers WHERE year = ? AND seq = ?', [year, seq])) !== undefined
}

/** POST /v1/blocks: one transaction, the device row locked so parallel requests cannot both top up. */
export async function leaseForDevice(
  storage: Storage,
  policy: BlockPolicy,
  deviceId: string,
  type: NumberSeries,
  year: number,
  now: number
): Promise<NumberBlock[]> {
  checkLeaseYear(year, new Date(now))
  return storage.write(async (sql) => {
    await sql.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, deviceId])
    return leaseBlocks(sql, policy, deviceId, type, year, new Date(now).toISOString())
  })
}

interface Holding {
  start_seq: number
  end_seq: number
  name: string
}

const claimId = (range: ClaimRequest): string => `claim-${range.type}-${range.year}-${range.start}-${range.end}`

/**
 * POST /v1/blocks/claim: registers a range the device already numbers from as its own, unless
 * another device holds a block, a claim or a used number inside it (409 range_taken, naming what
 * overlaps). The same claim again answers the same block. Later leases step over it. The range's
 * size and bounds are checked by its schema; its year must be this one or the next (422).
 */
export async function claimRange(storage: Storage, deviceId: string, range: ClaimRequest, now: number): Promise<NumberBlock> {
  const { type, year, start, end } = range
  checkClaimYear(year, new Date(now))
  const block: NumberBlock = { id: claimId(range), type, year, start, end }
  return storage.write(async (sql) => {
    await sql.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, deviceId])
    await lockCounter(sql, type, year)
    const same = await sql.get('SELECT id FROM number_claims WHERE id = ? AND device_id = ?', [block.id, deviceId])
    if (same) return block
    const overlapParams = [type, year, deviceId, end, start]
    const { table } = USED[type]
    const where = usedWhere(type)
    const held = [
      ...(await sql.all<Holding>(
        `SELECT b.start_seq, b.end_seq, d.name FROM number_blocks b JOIN devices d ON d.id = b.device_id
         WHERE b.type = ? AND b.year = ? AND b.device_id <> ? AND b.start_seq <= ? AND b.end_seq >= ?`,
        overlapParams
      )),
      ...(await sql.all<Holding>(
        `SELECT c.start_seq, c.end_seq, d.name FROM number_claims c JOIN devices d ON d.id = c.device_id
         WHERE c.type = ? AND c.year = ? AND c.device_id <> ? AND c.start_seq <= ? AND c.end_seq >= ?`,
        overlapParams
      )),
      // Every accepted number lies in a block or claim of its device; this also covers a lab's own data.
      ...(await sql.all<Holding>(
        `SELECT min(n.seq) AS start_seq, max(n.seq) AS end_seq, d.name FROM ${table} n JOIN devices d ON d.id = n.device_id
         WHERE ${where.sql} AND n.year = ? AND n.device_id <> ? AND n.seq <= ? AND n.seq >= ? GROUP BY d.name`,
        [...where.params, year, deviceId, end, start]
      ))
    ].sort((a, b) => a.start_seq - b.start_seq)
    if (held.length > 0) {
      const details: RangeTakenDetails = {
        overlaps: held.map((row) => ({ start: Number(row.start_seq), end: Number(row.end_seq), benchName: row.name }))
      }
      const first = held[0]!
      throw new ApiError(
        409,
        'range_taken',
        `${formatRange(type, year, start, end)} overlaps ${formatRange(type, year, Number(first.start_seq), Number(first.end_seq))} of bench "${first.name}"`,
        details
      )
    }
    await sql.run(
      'INSERT INTO number_claims (id, device_id, type, year, start_seq, end_seq, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [block.id, deviceId, type, year, start, end, new Date(now).toISOString()]
    )
    return block
  })
}

/** `HP 26/0123` or `OT 26/0007`, for messages. */
export const describeNumber = (type: NumberSeries, year: number, seq: number): string => formatSeriesNumber(type, year, seq)
