import type { Db } from './database'

export interface OutboxOperation {
  entity: string
  entityId: string
  op: 'upsert' | 'delete'
  payload: unknown
  at: string
}

/** Every local change appends here in the same transaction as the change; sync pushes in op_seq order. */
export function createOutboxRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outbox (entity, entity_id, op, payload_json, created_at) VALUES (?, ?, ?, ?, ?)`
  )
  const pending = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL`)
  return {
    append(op: OutboxOperation): number {
      return Number(insert.run(op.entity, op.entityId, op.op, JSON.stringify(op.payload), op.at).lastInsertRowid)
    },
    pendingCount(): number {
      return pending.get()?.n ?? 0
    }
  }
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>
