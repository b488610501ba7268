import type { Db } from '../db/database'

export interface OutboxOperation {
  entity: string
  entityId: string
  op: 'upsert' | 'delete'
  payload: unknown
  at: string
}

/** An outbox row as sync reads it: `opSeq` is the device's operation number on the server. */
export interface OutboxEntry {
  opSeq: number
  entity: string
  entityId: string
  op: 'upsert' | 'delete'
  payload: unknown
}

interface EntryRow {
  op_seq: number
  entity: string
  entity_id: string
  op: 'upsert' | 'delete'
  payload_json: string
}

const toEntry = (row: EntryRow): OutboxEntry => ({
  opSeq: row.op_seq,
  entity: row.entity,
  entityId: row.entity_id,
  op: row.op,
  payload: JSON.parse(row.payload_json)
})

/** Every local change appends here in the same transaction as the change; sync pushes in op_seq order. */
export function createOutboxRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outbox (entity, entity_id, op, payload_json, created_at) VALUES (?, ?, ?, ?, ?)`
  )
  const pending = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL`)
  const unsent = db.prepare<[number, number], EntryRow>(
    `SELECT op_seq, entity, entity_id, op, payload_json FROM outbox WHERE acked_at IS NULL AND op_seq > ? ORDER BY op_seq LIMIT ?`
  )
  const previous = db.prepare<[string, string, number], EntryRow>(
    `SELECT op_seq, entity, entity_id, op, payload_json FROM outbox
     WHERE entity = ? AND entity_id = ? AND op_seq < ? AND refused_at IS NULL ORDER BY op_seq DESC LIMIT 1`
  )
  const hasUnsent = db.prepare<[string, string], { one: number }>(
    `SELECT 1 AS one FROM outbox WHERE entity = ? AND entity_id = ? AND acked_at IS NULL LIMIT 1`
  )
  const ack = db.prepare(`UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL AND op_seq <= ?`)
  const refuse = db.prepare(`UPDATE outbox SET acked_at = ?, refused_at = ? WHERE op_seq = ?`)
  const reopen = db.prepare(`UPDATE outbox SET acked_at = NULL WHERE op_seq > ? AND acked_at IS NOT NULL AND refused_at IS NULL`)
  const top = db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`)
  const prune = db.prepare(`DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < ?`)
  return {
    append(op: OutboxOperation): number {
      return Number(insert.run(op.entity, op.entityId, op.op, JSON.stringify(op.payload), op.at).lastInsertRowid)
    },
    pendingCount(): number {
      return pending.get()?.n ?? 0
    },
    /** Unsent operations after `afterOpSeq`, oldest first. */
    unsent(afterOpSeq: number, limit: number): OutboxEntry[] {
      return unsent.all(afterOpSeq, limit).map(toEntry)
    },
    /** The operation on the same row before `opSeq` (sent or not): what a patch is computed against. */
    previous(entity: string, entityId: string, opSeq: number): OutboxEntry | null {
      const row = previous.get(entity, entityId, opSeq)
      return row ? toEntry(row) : null
    },
    hasUnsent(entity: string, entityId: string): boolean {
      return hasUnsent.get(entity, entityId) !== undefined
    },
    /** The server consumed every operation up to `opSeq`. */
    ackUpTo(opSeq: number, at: string): number {
      return ack.run(at, opSeq).changes
    },
    /** The server will never take this operation; it leaves the unsent set (a conflict says why). */
    refuse(opSeq: number, at: string): void {
      refuse.run(at, at, opSeq)
    },
    /** The server lost operations after `opSeq` (restored from a backup): send them again. */
    reopenAfter(opSeq: number): number {
      return reopen.run(opSeq).changes
    },
    /** The highest operation number ever written; grows with every local change. */
    lastOpSeq(): number {
      return top.get()?.seq ?? 0
    },
    /** Acknowledged rows are kept a while so a server restored from a backup can be given them again. */
    pruneAcked(before: string): number {
      return prune.run(before).changes
    }
  }
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>
