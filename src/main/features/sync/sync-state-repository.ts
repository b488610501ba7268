import type { Db } from '../../platform/db/database'
import type { DeviceRole } from '../../../shared/sync-protocol'

/** Who this bench is to the server; the secret is kept apart (see sync/credentials.ts). */
export interface SyncDevice {
  deviceId: string
  serverUrl: string
  role: DeviceRole
  benchName: string
  osProtected: boolean
  pairedAt: string
}

export interface SyncProgress {
  cursor: number
  ackedOpSeq: number
  snapshotNeeded: boolean
  generation: number
  drift: boolean
  lastSuccessAt: string | null
  lastAttemptAt: string | null
  lastError: { code: string; message: string } | null
}

interface StateRow {
  device_id: string | null
  server_url: string | null
  role: DeviceRole | null
  bench_name: string | null
  os_protected: number | null
  paired_at: string | null
  cursor: number
  acked_op_seq: number
  snapshot_needed: number
  generation: number
  drift: number
  last_success_at: string | null
  last_attempt_at: string | null
  last_error_code: string | null
  last_error_message: string | null
}

/** The one row of sync_state: pairing, cursor, acknowledged op and the outcome of the last round. */
export function createSyncStateRepository(db: Db) {
  const read = db.prepare<[], StateRow>(`SELECT * FROM sync_state WHERE id = 1`)
  const setDevice = db.prepare(
    `UPDATE sync_state SET device_id = @deviceId, server_url = @serverUrl, role = @role, bench_name = @benchName,
       os_protected = @osProtected, paired_at = @pairedAt, cursor = 0, acked_op_seq = 0, snapshot_needed = 1, drift = 0,
       last_error_code = NULL, last_error_message = NULL WHERE id = 1`
  )
  const clearDevice = db.prepare(
    `UPDATE sync_state SET device_id = NULL, server_url = NULL, role = NULL, bench_name = NULL, os_protected = NULL,
       paired_at = NULL, cursor = 0, acked_op_seq = 0, snapshot_needed = 1, drift = 0, last_error_code = NULL,
       last_error_message = NULL WHERE id = 1`
  )
  const setCursor = db.prepare(`UPDATE sync_state SET cursor = ? WHERE id = 1`)
  const setAcked = db.prepare(`UPDATE sync_state SET acked_op_seq = ? WHERE id = 1`)
  const finishSnapshot = db.prepare(`UPDATE sync_state SET cursor = ?, snapshot_needed = 0 WHERE id = 1`)
  const requestSnapshot = db.prepare(`UPDATE sync_state SET snapshot_needed = 1 WHERE id = 1`)
  const nextGeneration = db.prepare<[], { generation: number }>(
    `UPDATE sync_state SET generation = generation + 1 WHERE id = 1 RETURNING generation`
  )
  const setDrift = db.prepare(`UPDATE sync_state SET drift = ? WHERE id = 1`)
  const attempt = db.prepare(`UPDATE sync_state SET last_attempt_at = ? WHERE id = 1`)
  const success = db.prepare(`UPDATE sync_state SET last_success_at = ?, last_error_code = NULL, last_error_message = NULL WHERE id = 1`)
  const failure = db.prepare(`UPDATE sync_state SET last_error_code = ?, last_error_message = ? WHERE id = 1`)

  const row = (): StateRow => read.get()!

  return {
    device(): SyncDevice | null {
      const r = row()
      if (!r.device_id || !r.server_url || !r.role) return null
      return {
        deviceId: r.device_id,
        serverUrl: r.server_url,
        role: r.role,
        benchName: r.bench_name ?? '',
        osProtected: r.os_protected === 1,
        pairedAt: r.paired_at ?? ''
      }
    },
    /** A new pairing starts from nothing: cursor 0, nothing acknowledged, a snapshot first. */
    pair(device: SyncDevice): void {
      setDevice.run({ ...device, osProtected: device.osProtected ? 1 : 0 })
    },
    unpair(): void {
      clearDevice.run()
    },
    progress(): SyncProgress {
      const r = row()
      return {
        cursor: r.cursor,
        ackedOpSeq: r.acked_op_seq,
        snapshotNeeded: r.snapshot_needed === 1,
        generation: r.generation,
        drift: r.drift === 1,
        lastSuccessAt: r.last_success_at,
        lastAttemptAt: r.last_attempt_at,
        lastError: r.last_error_code ? { code: r.last_error_code, message: r.last_error_message ?? '' } : null
      }
    },
    setCursor(cursor: number): void {
      setCursor.run(cursor)
    },
    setAcked(opSeq: number): void {
      setAcked.run(opSeq)
    },
    requestSnapshot(): void {
      requestSnapshot.run()
    },
    /** A new mark for the rows a snapshot is about to see. */
    nextGeneration(): number {
      return nextGeneration.get()!.generation
    },
    finishSnapshot(snapshotSeq: number): void {
      finishSnapshot.run(snapshotSeq)
    },
    setDrift(drift: boolean): void {
      setDrift.run(drift ? 1 : 0)
    },
    recordAttempt(at: string): void {
      attempt.run(at)
    },
    recordSuccess(at: string): void {
      success.run(at)
    },
    recordFailure(code: string, message: string): void {
      failure.run(code, message)
    }
  }
}
export type SyncStateRepository = ReturnType<typeof createSyncStateRepository>
