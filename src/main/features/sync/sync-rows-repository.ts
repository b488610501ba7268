import type { Db } from '../../platform/db/database'
import type { SyncEntity, SyncRow } from '../../../shared/sync-protocol'
import { digestFromHex, EMPTY_DIGEST_HEX, rowDigest, tableDigest, xorInto } from './table-digest'

export interface TrackedRow {
  entity: SyncEntity
  id: string
  baseVersion: number
  serverVersion: number
  serverDeleted: boolean
  shadow: SyncRow | null
}

interface Row {
  entity: SyncEntity
  id: string
  base_version: number
  server_version: number
  server_deleted: number
  shadow_json: string | null
}

const toTracked = (row: Row): TrackedRow => ({
  entity: row.entity,
  id: row.id,
  baseVersion: row.base_version,
  serverVersion: row.server_version,
  serverDeleted: row.server_deleted === 1,
  shadow: row.shadow_json === null ? null : (JSON.parse(row.shadow_json) as SyncRow)
})

/**
 * What the bench knows of each server row, and the per-entity digest over it (kept row by row,
 * as the server keeps its own, so a drift check costs one read instead of hashing every row).
 */
export function createSyncRowsRepository(db: Db) {
  const one = db.prepare<[string, string], Row>(`SELECT * FROM sync_rows WHERE entity = ? AND id = ?`)
  const upsert = db.prepare(
    `INSERT INTO sync_rows (entity, id, base_version, server_version, server_deleted, shadow_json, generation)
     VALUES (@entity, @id, @baseVersion, @serverVersion, @serverDeleted, @shadow, @generation)
     ON CONFLICT (entity, id) DO UPDATE SET base_version = excluded.base_version, server_version = excluded.server_version,
       server_deleted = excluded.server_deleted, shadow_json = excluded.shadow_json, generation = excluded.generation`
  )
  const dropShadow = db.prepare(`UPDATE sync_rows SET shadow_json = NULL WHERE entity = ? AND id = ?`)
  const setBase = db.prepare(`UPDATE sync_rows SET base_version = ? WHERE entity = ? AND id = ?`)
  const digestRow = db.prepare<[string], { row_count: number; hash: string }>(`SELECT row_count, hash FROM sync_digests WHERE entity = ?`)
  const writeDigest = db.prepare(
    `INSERT INTO sync_digests (entity, row_count, hash) VALUES (?, ?, ?)
     ON CONFLICT (entity) DO UPDATE SET row_count = excluded.row_count, hash = excluded.hash`
  )
  const unseen = db.prepare<[number], Row>(`SELECT * FROM sync_rows WHERE generation <> ? AND server_deleted = 0`)
  const live = db.prepare<[], { entity: SyncEntity; id: string; version: number }>(
    `SELECT entity, id, server_version AS version FROM sync_rows WHERE server_deleted = 0 AND server_version > 0`
  )
  const clearAll = db.prepare(`DELETE FROM sync_rows`)
  const clearDigests = db.prepare(`DELETE FROM sync_digests`)

  /** Moves a row's contribution to the digest from its old state to its new one. */
  const adjustDigest = (entity: SyncEntity, id: string, before: Row | undefined, version: number, deleted: boolean) => {
    const wasLive = before !== undefined && before.server_deleted === 0 && before.server_version > 0
    const isLive = !deleted && version > 0
    if (wasLive && isLive && before.server_version === version) return
    const current = digestRow.get(entity)
    const hash = digestFromHex(current?.hash ?? EMPTY_DIGEST_HEX)
    let count = current?.row_count ?? 0
    if (wasLive) {
      xorInto(hash, rowDigest(id, before.server_version))
      count -= 1
    }
    if (isLive) {
      xorInto(hash, rowDigest(id, version))
      count += 1
    }
    writeDigest.run(entity, count, hash.toString('hex'))
  }

  return {
    get(entity: SyncEntity, id: string): TrackedRow | null {
      const row = one.get(entity, id)
      return row ? toTracked(row) : null
    },
    /**
     * Records a server row. `applied`: the local row now reflects it (base moves to its version);
     * otherwise it is kept aside as the shadow until the local operations are acknowledged.
     */
    seen(row: SyncRow, applied: boolean, generation: number): void {
      const before = one.get(row.entity, row.id)
      const deleted = row.deletedAt !== null
      // Never step back: a page can only bring a version at least as new as what a push reported.
      const serverVersion = Math.max(row.version, before?.server_version ?? 0)
      adjustDigest(row.entity, row.id, before, serverVersion, deleted)
      upsert.run({
        entity: row.entity,
        id: row.id,
        baseVersion: applied ? row.version : (before?.base_version ?? 0),
        serverVersion,
        serverDeleted: deleted ? 1 : 0,
        shadow: applied ? null : JSON.stringify(row),
        generation
      })
    },
    /** A push made the server row reach `version` from this bench's own change. */
    pushed(entity: SyncEntity, id: string, version: number, deleted: boolean): void {
      const before = one.get(entity, id)
      if (before && before.server_version > version) {
        setBase.run(version, entity, id)
        return
      }
      adjustDigest(entity, id, before, version, deleted)
      upsert.run({
        entity,
        id,
        baseVersion: version,
        serverVersion: version,
        serverDeleted: deleted ? 1 : 0,
        shadow: before?.shadow_json ?? null,
        generation: 0
      })
    },
    dropShadow(entity: SyncEntity, id: string): void {
      dropShadow.run(entity, id)
    },
    /** Tracked live rows a snapshot of `generation` did not bring: gone from the server. */
    unseen(generation: number): TrackedRow[] {
      return unseen.all(generation).map(toTracked)
    },
    markDeleted(entity: SyncEntity, id: string): void {
      const before = one.get(entity, id)
      if (!before) return
      adjustDigest(entity, id, before, before.server_version, true)
      upsert.run({
        entity,
        id,
        baseVersion: before.base_version,
        serverVersion: before.server_version,
        serverDeleted: 1,
        shadow: null,
        generation: 0
      })
    },
    digest(entity: SyncEntity): { count: number; hash: string } {
      const row = digestRow.get(entity)
      return { count: row?.row_count ?? 0, hash: row?.hash ?? EMPTY_DIGEST_HEX }
    },
    /** Recomputes every digest from the rows (after a replacement: the kept digest may be what drifted). */
    rebuildDigests(): void {
      const byEntity = new Map<SyncEntity, { id: string; version: number }[]>()
      for (const row of live.iterate()) {
        let list = byEntity.get(row.entity)
        if (!list) byEntity.set(row.entity, (list = []))
        list.push(row)
      }
      clearDigests.run()
      for (const [entity, list] of byEntity) {
        const digest = tableDigest(list)
        writeDigest.run(entity, digest.count, digest.hash)
      }
    },
    /** Forgets every server row (a new pairing: the next snapshot tells what exists). */
    clear(): void {
      clearAll.run()
      clearDigests.run()
    }
  }
}
export type SyncRowsRepository = ReturnType<typeof createSyncRowsRepository>
