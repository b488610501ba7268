import type { Db } from '../../platform/db/database'
import type { SyncEntity } from '../../../shared/sync-protocol'
import type { SyncConflictKind, SyncConflictView } from '../../../shared/sync-status'
import { newId } from '../../../shared/ids'

export interface NewConflict {
  entity: SyncEntity
  entityId: string
  opSeq: number | null
  kind: SyncConflictKind
  code: string
  field?: string | null
  localValue?: unknown
  serverValue?: unknown
  message: string
  at: string
}

interface Row {
  id: string
  entity: SyncEntity
  entity_id: string
  op_seq: number | null
  kind: SyncConflictKind
  code: string
  field: string | null
  local_json: string | null
  server_json: string | null
  message: string
  created_at: string
  resolved_at: string | null
  label: string | null
  renumberable: number
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json))

const toView = (row: Row): SyncConflictView => ({
  id: row.id,
  entity: row.entity,
  entityId: row.entity_id,
  label: row.label,
  renumberable: row.renumberable === 1,
  opSeq: row.op_seq,
  kind: row.kind,
  code: row.code,
  field: row.field,
  localValue: parse(row.local_json),
  serverValue: parse(row.server_json),
  message: row.message,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at
})

// A readable name for the row, looked up where the bench keeps one (a refused local range is
// filed under protocol or work_order with the number block's id, and named like 'HP 26/0001-0899').
// A row whose number the server refused can be renumbered ("Renumerar") until it is.
const LABEL = `CASE c.entity
    WHEN 'protocol' THEN coalesce(
      (SELECT coalesce(p.number,
         (SELECT a.number FROM number_aliases a WHERE a.entity = 'protocol' AND a.entity_id = p.id ORDER BY a.created_at DESC LIMIT 1),
         p.animal_name) FROM protocols p WHERE p.id = c.entity_id),
      (SELECT printf('%s %02d/%04d-%04d', b.type, b.year % 100, b.range_start, b.range_end) FROM number_blocks b WHERE b.id = c.entity_id))
    WHEN 'work_order' THEN coalesce(
      (SELECT coalesce(w.number,
         (SELECT a.number FROM number_aliases a WHERE a.entity = 'work_order' AND a.entity_id = w.id ORDER BY a.created_at DESC LIMIT 1))
       FROM work_orders w WHERE w.id = c.entity_id),
      (SELECT printf('%s %02d/%04d-%04d', b.type, b.year % 100, b.range_start, b.range_end) FROM number_blocks b WHERE b.id = c.entity_id))
    WHEN 'veterinarian' THEN (SELECT v.name FROM veterinarians v WHERE v.id = c.entity_id)
    WHEN 'service' THEN (SELECT s.code FROM services s WHERE s.id = c.entity_id)
    WHEN 'notification' THEN (SELECT n.subject FROM notifications n WHERE n.id = c.entity_id)
  END AS label,
  CASE c.entity
    WHEN 'protocol' THEN EXISTS (SELECT 1 FROM protocols p WHERE p.id = c.entity_id AND p.number_refused IS NOT NULL)
    WHEN 'work_order' THEN EXISTS (SELECT 1 FROM work_orders w WHERE w.id = c.entity_id AND w.number_refused IS NOT NULL AND w.deleted_at IS NULL)
    ELSE 0
  END AS renumberable`

/** Sync conflicts and refusals the bench shows to the clerk until they are reviewed. */
export function createConflictsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO sync_conflicts (id, entity, entity_id, op_seq, kind, code, field, local_json, server_json, message, created_at)
     VALUES (@id, @entity, @entityId, @opSeq, @kind, @code, @field, @localJson, @serverJson, @message, @at)`
  )
  const open = db.prepare<[number], Row>(
    `SELECT c.*, ${LABEL} FROM sync_conflicts c WHERE c.resolved_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT ?`
  )
  const all = db.prepare<[number], Row>(`SELECT c.*, ${LABEL} FROM sync_conflicts c ORDER BY c.created_at DESC, c.id DESC LIMIT ?`)
  const one = db.prepare<[string], Row>(`SELECT c.*, ${LABEL} FROM sync_conflicts c WHERE c.id = ?`)
  const openCount = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL`)
  const resolve = db.prepare(`UPDATE sync_conflicts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL`)
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value))

  return {
    add(conflict: NewConflict): string {
      const id = newId()
      insert.run({
        id,
        entity: conflict.entity,
        entityId: conflict.entityId,
        opSeq: conflict.opSeq,
        kind: conflict.kind,
        code: conflict.code,
        field: conflict.field ?? null,
        localJson: json(conflict.localValue),
        serverJson: json(conflict.serverValue),
        message: conflict.message,
        at: conflict.at
      })
      return id
    },
    list(includeResolved: boolean, limit = 500): SyncConflictView[] {
      return (includeResolved ? all : open).all(limit).map(toView)
    },
    get(id: string): SyncConflictView | null {
      const row = one.get(id)
      return row ? toView(row) : null
    },
    openCount(): number {
      return openCount.get()?.n ?? 0
    },
    resolve(id: string, at: string): boolean {
      return resolve.run(at, id).changes > 0
    }
  }
}
export type ConflictsRepository = ReturnType<typeof createConflictsRepository>
