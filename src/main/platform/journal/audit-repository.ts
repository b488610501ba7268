import type { Db } from '../db/database'
import type { AuditEntry } from '../../../shared/domain'
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
      return forEntity.all(entity, entityId).map((row) => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
        after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown)
      }))
    }
  }
}
export type AuditRepository = ReturnType<typeof createAuditRepository>
