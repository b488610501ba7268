/**
 * Reading the synchronised records: pull pages since a cursor, snapshot pages bounded by the
 * sequence at the snapshot's start, and per-table digests. Pages are serialised by splicing the
 * stored field JSON, so a 1,000-row page is never parsed and re-stringified.
 */
import {
  SyncEntity,
  type DigestsResponse,
  type PullQuery,
  type SnapshotQuery
} from '../../src/shared/sync-protocol'
import { EMPTY_DIGEST_HEX } from '../../src/main/features/sync/table-digest'
import type { Sql, Storage } from './storage/types'

interface RecordRow {
  entity: string
  id: string
  fields: string
  version: number
  deleted_at: string | null
  owner_bench: string | null
}

/**
 * A document (work order, report) names the bench that made it, so another bench can say where
 * its read-only copy came from; other rows do not carry it (pages stay lean).
 */
const COLUMNS = `r.entity, r.id, r.fields, r.version, r.deleted_at,
  CASE WHEN r.entity IN ('work_order', 'report') THEN d.name END AS owner_bench`
const FROM = 'records r LEFT JOIN devices d ON d.id = r.owner_device'

function rowJson(row: RecordRow): string {
  const owner = row.owner_bench === null ? '' : `,"ownerBench":${JSON.stringify(row.owner_bench)}`
  return `{"id":${JSON.stringify(row.id)},"entity":${JSON.stringify(row.entity)},"version":${row.version},"deletedAt":${JSON.stringify(row.deleted_at)}${owner},"fields":${row.fields}}`
}

const rowsJson = (rows: RecordRow[]): string => `[${rows.map(rowJson).join(',')}]`

async function serverSeq(sql: Sql): Promise<number> {
  return (await sql.get<{ value: number }>("SELECT value FROM counters WHERE name = 'server_seq'"))!.value
}

/** JSON text of a PullResponse. */
export async function pullPage(storage: Storage, query: PullQuery): Promise<string> {
  const rows = await storage.read((sql) =>
    sql.all<RecordRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.version > ? ORDER BY r.version LIMIT ?`, [query.since, query.limit + 1])
  )
  const hasMore = rows.length > query.limit
  const page = hasMore ? rows.slice(0, query.limit) : rows
  const cursor = page.length > 0 ? page[page.length - 1]!.version : query.since
  return `{"rows":${rowsJson(page)},"cursor":${cursor},"hasMore":${hasMore}}`
}

/**
 * JSON text of a SnapshotResponse: live rows with after < version <= snapshotSeq. Rows changed
 * or deleted while the bench pages move above snapshotSeq, and the pull that follows brings them.
 */
export async function snapshotPage(storage: Storage, query: SnapshotQuery): Promise<string> {
  return storage.read(async (sql) => {
    const until = query.until ?? (await serverSeq(sql))
    const rows = await sql.all<RecordRow>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.version > ? AND r.version <= ? AND r.deleted_at IS NULL ORDER BY r.version LIMIT ?`,
      [query.after, until, query.limit + 1]
    )
    const hasMore = rows.length > query.limit
    const page = hasMore ? rows.slice(0, query.limit) : rows
    const next = hasMore ? page[page.length - 1]!.version : null
    return `{"rows":${rowsJson(page)},"snapshotSeq":${until},"next":${next}}`
  })
}

export async function tableDigests(storage: Storage): Promise<DigestsResponse> {
  return storage.read(async (sql) => {
    const seq = await serverSeq(sql)
    const rows = await sql.all<{ entity: string; row_count: number; hash: string }>('SELECT entity, row_count, hash FROM entity_digests')
    const byEntity = new Map(rows.map((row) => [row.entity, row]))
    return {
      serverSeq: seq,
      tables: SyncEntity.options.map((entity) => ({
        entity,
        count: byEntity.get(entity)?.row_count ?? 0,
        hash: byEntity.get(entity)?.hash ?? EMPTY_DIGEST_HEX
      }))
    }
  })
}
