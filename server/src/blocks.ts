/**
 * Number blocks: ranges of protocol numbers leased per bench per (type, year). A counter row per
 * (type, year) hands out consecutive ranges inside the write transaction, so two benches' blocks
 * can never overlap, and nothing is ever handed out twice.
 */
import type { ProtocolType } from '../../src/shared/domain'
import type { NumberBlock } from '../../src/shared/sync-protocol'
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
  type: ProtocolType
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

/** Years a new bench gets blocks for at pairing: this one, and the next in December. */
export function pairingYears(now: Date): number[] {
  const year = now.getFullYear()
  return now.getMonth() === 11 ? [year, year + 1] : [year]
}

/**
 * Tops the device up to `hold` healthy blocks for (type, year) and returns every block of it
 * that still has numbers. Call inside a write transaction that has locked the device row.
 */
export async function leaseBlocks(
  sql: Sql,
  policy: BlockPolicy,
  deviceId: string,
  type: ProtocolType,
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
    await sql.run('INSERT INTO number_counters (type, year, next_start) VALUES (?, ?, 1) ON CONFLICT DO NOTHING', [type, year])
    const counter = await sql.get<{ next_start: number }>(
      'UPDATE number_counters SET next_start = next_start + ? WHERE type = ? AND year = ? RETURNING next_start',
      [policy.size, type, year]
    )
    const start = counter!.next_start - policy.size
    const row: BlockRow = { id: `${type}-${year}-${start}`, type, year, start_seq: start, end_seq: start + policy.size - 1, used_max: 0 }
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

/** Records that the device used (type, year, seq) for protocol `protocolId`, or says why not. */
export async function claimNumber(
  sql: Sql,
  deviceId: string,
  protocolId: string,
  type: string,
  year: number,
  seq: number
): Promise<NumberClaim> {
  const block = await sql.get<{ id: string; used_max: number }>(
    `SELECT id, used_max FROM number_blocks
     WHERE device_id = ? AND type = ? AND year = ? AND start_seq <= ? AND end_seq >= ?`,
    [deviceId, type, year, seq, seq]
  )
  if (!block) return 'number_outside_block'
  const holder = await sql.get<{ protocol_id: string }>(
    'SELECT protocol_id FROM protocol_numbers WHERE type = ? AND year = ? AND seq = ?',
    [type, year, seq]
  )
  if (holder && holder.protocol_id !== protocolId) return 'number_taken'
  if (!holder) {
    await sql.run('INSERT INTO protocol_numbers (type, year, seq, protocol_id, device_id) VALUES (?, ?, ?, ?, ?)', [
      type,
      year,
      seq,
      protocolId,
      deviceId
    ])
  }
  if (seq > block.used_max) await sql.run('UPDATE number_blocks SET used_max = ? WHERE id = ?', [seq, block.id])
  return 'ok'
}

/** POST /v1/blocks: one transaction, the device row locked so parallel requests cannot both top up. */
export async function leaseForDevice(
  storage: Storage,
  policy: BlockPolicy,
  deviceId: string,
  type: ProtocolType,
  year: number,
  now: number
): Promise<NumberBlock[]> {
  checkLeaseYear(year, new Date(now))
  return storage.write(async (sql) => {
    await sql.run('UPDATE devices SET last_seen_at = ? WHERE id = ?', [now, deviceId])
    return leaseBlocks(sql, policy, deviceId, type, year, new Date(now).toISOString())
  })
}
