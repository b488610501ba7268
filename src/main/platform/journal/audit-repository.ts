import type { Db } from '../db/database'
import type { AuditEntry } from '../../../shared/domain'
import type { AuditFilter } from '../../../shared/audit'
import { newId } from '../../../shared/ids'

export interface AuditRecord {
  at: string
  actor: string
  action: string
  entity: string
  entityId: string
  before?: unknown
  after?: unknown
}

interface AuditRow {
  id: string
  at: string
  actor: string
  action: string
  entity: string
  entity_id: string
  before_json: string | null
  after_json: string | null
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  action: row.action,
  entity: row.entity,
  entityId: row.entity_id,
  before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
  after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown)
})

/** LIKE's own characters in typed text match themselves. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`

/** The WHERE clause and parameters of a filter; every part optional. */
function whereOf(filter: AuditFilter): { sql: string; params: Record<string, string> } {
  const parts: string[] = []
  const params: Record<string, string> = {}
  if (filter.actor) {
    parts.push('actor = @actor')
    params.actor = filter.actor
  }
  if (filter.entity) {
    parts.push('entity = @entity')
    params.entity = filter.entity
  }
  if (filter.text) {
    parts.push(
      `(action LIKE @text ESCAPE '\\' OR entity LIKE @text ESCAPE '\\' OR entity_id LIKE @text ESCAPE '\\' OR actor LIKE @text ESCAPE '\\'
        OR before_json LIKE @text ESCAPE '\\' OR after_json LIKE @text ESCAPE '\\')`
    )
    params.text = likePattern(filter.text)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/** Append-only: audit rows are never updated or deleted by the app. */
export function createAuditRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
     VALUES (@id, @at, @actor, @action, @entity, @entityId, @before, @after)`
  )
  const forEntity = db.prepare<[string, string], AuditRow>(
    `SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY at DESC, id DESC LIMIT 500`
  )
  return {
    append(record: AuditRecord): string {
      const id = newId()
      insert.run({
        id,
        at: record.at,
        actor: record.actor,
        action: record.action,
        entity: record.entity,
        entityId: record.entityId,
        before: record.before === undefined ? null : JSON.stringify(record.before),
        after: record.after === undefined ? null : JSON.stringify(record.after)
      })
      return id
    },
    listFor(entity: string, entityId: string): AuditEntry[] {
      return forEntity.all(entity, entityId).map(toEntry)
    },
    /** Newest first. The statement depends on which filters are set, so it is prepared per call (a search is a clerk's keystroke, not a hot path). */
    search(filter: AuditFilter, offset: number, limit: number): AuditEntry[] {
      const where = whereOf(filter)
      return db
        .prepare<[Record<string, string | number>], AuditRow>(`SELECT * FROM audit_log ${where.sql} ORDER BY at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
        .all({ ...where.params, limit, offset })
        .map(toEntry)
    },
    count(filter: AuditFilter): number {
      const where = whereOf(filter)
      return db.prepare<[Record<string, string>], { n: number }>(`SELECT count(*) AS n FROM audit_log ${where.sql}`).get(where.params)!.n
    },
    /** Every entry matching the filter, newest first, a chunk at a time (the CSV export). */
    *chunks(filter: AuditFilter, chunkSize: number): Generator<AuditEntry[]> {
      // Keyset, not offset: entries appended while the file is written come before the first one read and shift nothing.
      const where = whereOf(filter)
      const after = `${where.sql ? `${where.sql} AND` : 'WHERE'} (at, rowid) < (@at, @seq)`
      const first = db.prepare<[Record<string, string | number>], AuditRow & { seq: number }>(
        `SELECT rowid AS seq, * FROM audit_log ${where.sql} ORDER BY at DESC, rowid DESC LIMIT @limit`
      )
      const next = db.prepare<[Record<string, string | number>], AuditRow & { seq: number }>(
        `SELECT rowid AS seq, * FROM audit_log ${after} ORDER BY at DESC, rowid DESC LIMIT @limit`
      )
      let rows = first.all({ ...where.params, limit: chunkSize })
      while (rows.length > 0) {
        yield rows.map(toEntry)
        if (rows.length < chunkSize) return
        const last = rows[rows.length - 1]!
        rows = next.all({ ...where.params, limit: chunkSize, at: last.at, seq: last.seq })
      }
    },
    facets(): { actors: string[]; entities: string[] } {
      return {
        actors: db.prepare<[], string>(`SELECT DISTINCT actor FROM audit_log ORDER BY actor`).pluck().all(),
        entities: db.prepare<[], string>(`SELECT DISTINCT entity FROM audit_log ORDER BY entity`).pluck().all()
      }
    }
  }
}
export type AuditRepository = ReturnType<typeof createAuditRepository>
