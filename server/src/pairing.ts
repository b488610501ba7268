/**
 * Pairing: an admin creates a one-time code; a bench trades it once for a device id, a secret
 * and its first number blocks (protocol types and work orders). Only a hash of each code is stored.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto'
import { ProtocolType } from '../../src/shared/domain'
import { WORK_ORDER_SERIES, type NumberSeries } from '../../src/shared/numbering'
import {
  SYNC_PROTOCOL_VERSION,
  type DeviceRole,
  type DeviceSummary,
  type NumberBlock,
  type PairingCodeResponse,
  type PairRequest,
  type PairResponse
} from '../../src/shared/sync-protocol'
import { newDeviceSecret } from '../../src/main/features/sync/signing'
import { leaseBlocks, pairingYears, type BlockPolicy } from './blocks'
import { ApiError } from './http'
import type { Storage } from './storage/types'

/** No 0/O, 1/I/L: the code is read off a screen and typed by hand. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 10

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

const codeHash = (code: string): string => createHash('sha256').update(normalizeCode(code)).digest('hex')

/** `ABCDE-FGHJK`: 10 characters of a 31-letter alphabet, about 50 bits. */
export function newPairingCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!)
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

export async function createPairingCode(
  storage: Storage,
  options: { role: DeviceRole; ttlMinutes: number; now: number }
): Promise<PairingCodeResponse> {
  const code = newPairingCode()
  const expiresAt = options.now + options.ttlMinutes * 60_000
  await storage.write((sql) =>
    sql.run('INSERT INTO pairing_codes (code_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      codeHash(code),
      options.role,
      new Date(options.now).toISOString(),
      expiresAt
    ])
  )
  return { code, role: options.role, expiresAt }
}

export async function pairDevice(storage: Storage, policy: BlockPolicy, req: PairRequest, now: number): Promise<PairResponse> {
  const deviceId = randomUUID()
  const secret = newDeviceSecret()
  const nowIso = new Date(now).toISOString()
  return storage.write(async (sql) => {
    const code = await sql.get<{ role: DeviceRole }>(
      `UPDATE pairing_codes SET used_at = ?, device_id = ?
       WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING role`,
      [nowIso, deviceId, codeHash(req.code), now]
    )
    if (!code) throw new ApiError(401, 'pairing_code_invalid', 'pairing code unknown, already used or expired')
    await sql.run('INSERT INTO devices (id, name, role, secret, last_op_seq, paired_at, last_seen_at) VALUES (?, ?, ?, ?, 0, ?, ?)', [
      deviceId,
      req.benchName,
      code.role,
      secret,
      nowIso,
      now
    ])
    const blocks: NumberBlock[] = []
    const workOrderBlocks: NumberBlock[] = []
    // A series with no number left does not stop the pairing: the bench is told when it leases.
    const leased = (type: NumberSeries, year: number) =>
      leaseBlocks(sql, policy, deviceId, type, year, nowIso).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'numbers_exhausted') return []
        throw error
      })
    for (const year of pairingYears(new Date(now))) {
      for (const type of ProtocolType.options) blocks.push(...(await leased(type, year)))
      workOrderBlocks.push(...(await leased(WORK_ORDER_SERIES, year)))
    }
    return {
      deviceId,
      secret,
      role: code.role,
      benchName: req.benchName,
      protocolVersion: SYNC_PROTOCOL_VERSION,
      serverTime: now,
      blocks,
      workOrderBlocks
    }
  })
}

export async function listDevices(storage: Storage): Promise<DeviceSummary[]> {
  const rows = await storage.read((sql) =>
    sql.all<{ id: string; name: string; role: DeviceRole; last_op_seq: number; paired_at: string; revoked_at: string | null }>(
      'SELECT id, name, role, last_op_seq, paired_at, revoked_at FROM devices ORDER BY paired_at'
    )
  )
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    lastOpSeq: row.last_op_seq,
    pairedAt: row.paired_at,
    revokedAt: row.revoked_at
  }))
}

export async function revokeDevice(storage: Storage, deviceId: string, now: number): Promise<boolean> {
  const changed = await storage.write((sql) =>
    sql.run('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [new Date(now).toISOString(), deviceId])
  )
  return changed > 0
}

export interface PairingThrottleOptions {
  /** Failed codes one client address may send per window before it has to wait. */
  perAddress?: number
  /**
   * Failed codes from all addresses per window above which every address that has already
   * failed must wait. An address with no failure is never turned away: a valid code typed at
   * another bench still pairs while someone guesses elsewhere.
   */
  globalCeiling?: number
  windowMs?: number
}

/**
 * The unit a client is counted by: an IPv4 address, or the /64 an IPv6 host holds (one host can
 * pick any address inside its /64, so counting single IPv6 addresses would count nothing).
 */
export function throttleKey(address: string | undefined): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups] : headGroups
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/**
 * Brute-force brake on the public pairing endpoint: failures per client address, with a global
 * ceiling. The failures live in the shared database, so server processes behind one balancer
 * count the same guesses; rows older than the window are deleted as new failures come in.
 */
export function createPairingThrottle(storage: Storage, options: PairingThrottleOptions = {}) {
  const perAddress = options.perAddress ?? 10
  const globalCeiling = options.globalCeiling ?? 100
  const windowMs = options.windowMs ?? 60_000

  return {
    async check(address: string | undefined, now: number): Promise<void> {
      const since = now - windowMs
      const counts = await storage.statement((sql) =>
        sql.get<{ mine: number | string | null; total: number | string | null }>(
          `SELECT sum(CASE WHEN throttle_key = ? THEN 1 ELSE 0 END) AS mine, count(*) AS total
           FROM pairing_failures WHERE failed_at > ?`,
          [throttleKey(address), since]
        )
      )
      const mine = Number(counts?.mine ?? 0)
      const total = Number(counts?.total ?? 0)
      if (mine >= perAddress || (mine > 0 && total >= globalCeiling)) {
        throw new ApiError(429, 'rate_limited', 'too many failed pairing attempts from this address; wait a minute')
      }
    },
    async fail(address: string | undefined, now: number): Promise<void> {
      await storage.write(async (sql) => {
        await sql.run('DELETE FROM pairing_failures WHERE failed_at <= ?', [now - windowMs])
        await sql.run('INSERT INTO pairing_failures (throttle_key, failed_at) VALUES (?, ?)', [throttleKey(address), now])
      })
    }
  }
}
