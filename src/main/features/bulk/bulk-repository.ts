import type { ErrorParams } from '../../../shared/error-codes'
import type { Db } from '../../platform/db/database'
import type { ProtocolStatus } from '../../../shared/domain'
import type { BulkAction, BulkBatchState, BulkCounts, BulkItemOutcome, BulkItemView, BulkParams } from '../../../shared/bulk'
import type { ProtocolMatchSql } from '../protocols/protocol-query'

export interface BatchRecord {
  id: string
  action: BulkAction
  params: BulkParams
  state: BulkBatchState
  total: number
  jobId: number | null
  undoOf: string | null
  undoneBy: string | null
  createdAt: string
  createdBy: string
  finishedAt: string | null
}

interface BatchRow {
  id: string
  action: BulkAction
  params_json: string
  state: BulkBatchState
  total: number
  job_id: number | null
  undo_of: string | null
  undone_by: string | null
  created_at: string
  created_by: string
  finished_at: string | null
}

export interface PendingItem {
  seq: number
  protocolId: string
  /** For an undo item: what the reversed item did. */
  result: Record<string, unknown> | null
}

interface ItemRow {
  seq: number
  protocol_id: string
  number: string | null
  animal_name: string | null
  outcome: BulkItemOutcome
  code: string | null
  message: string | null
  params_json: string | null
  attempts: number
  result_json: string | null
}

export interface ItemOutcome {
  outcome: Exclude<BulkItemOutcome, 'pending'>
  code?: string | null
  message?: string | null
  /** What the code's message needs (a number, statuses). */
  params?: ErrorParams | null
  /** Kept as it was when absent (an undo item keeps what it must reverse). */
  result?: Record<string, unknown> | null
}

const toBatch = (row: BatchRow): BatchRecord => ({
  id: row.id,
  action: row.action,
  params: JSON.parse(row.params_json) as BulkParams,
  state: row.state,
  total: row.total,
  jobId: row.job_id,
  undoOf: row.undo_of,
  undoneBy: row.undone_by,
  createdAt: row.created_at,
  createdBy: row.created_by,
  finishedAt: row.finished_at
})

const parseResult = (json: string | null): Record<string, unknown> | null => (json === null ? null : (JSON.parse(json) as Record<string, unknown>))

/** Bulk batches and their items. Outcomes are written by the caller inside the item's own transaction. */
export function createBulkRepository(db: Db) {
  const insertBatch = db.prepare(
    `INSERT INTO bulk_batches (id, action, params_json, state, total, undo_of, created_at, created_by)
     VALUES (@id, @action, @params, 'queued', 0, @undoOf, @createdAt, @createdBy)`
  )
  const insertItem = db.prepare(`INSERT INTO bulk_items (batch_id, seq, protocol_id) VALUES (?, ?, ?)`)
  const copySucceeded = db.prepare(
    `INSERT INTO bulk_items (batch_id, seq, protocol_id, result_json)
     SELECT ?, row_number() OVER (ORDER BY seq), protocol_id, result_json FROM bulk_items
     WHERE batch_id = ? AND outcome = 'succeeded' ORDER BY seq`
  )
  const byId = db.prepare<[string], BatchRow>(`SELECT * FROM bulk_batches WHERE id = ?`)
  const recent = db.prepare<[number], BatchRow>(`SELECT * FROM bulk_batches ORDER BY created_at DESC, rowid DESC LIMIT ?`)
  const counts = db.prepare<[string], { outcome: BulkItemOutcome; n: number }>(
    `SELECT outcome, count(*) AS n FROM bulk_items WHERE batch_id = ? GROUP BY outcome`
  )
  const pending = db.prepare<[string, number, number], { seq: number; protocol_id: string; result_json: string | null }>(
    `SELECT seq, protocol_id, result_json FROM bulk_items WHERE batch_id = ? AND outcome = 'pending' AND seq > ? ORDER BY seq LIMIT ?`
  )
  const outcome = db.prepare(
    `UPDATE bulk_items SET outcome = @outcome, code = @code, message = @message, params_json = @params,
       result_json = coalesce(@result, result_json), attempts = attempts + 1, updated_at = @at
     WHERE batch_id = @batchId AND seq = @seq`
  )
  const setTotal = db.prepare(`UPDATE bulk_batches SET total = ? WHERE id = ?`)
  const setJob = db.prepare(`UPDATE bulk_batches SET job_id = ?, state = 'queued', finished_at = NULL WHERE id = ?`)
  const setState = db.prepare(`UPDATE bulk_batches SET state = ?, finished_at = ? WHERE id = ?`)
  const setUndoneBy = db.prepare(`UPDATE bulk_batches SET undone_by = ? WHERE id = ? AND undone_by IS NULL`)
  const resetAll = db.prepare(
    `UPDATE bulk_items SET outcome = 'pending', code = NULL, message = NULL, params_json = NULL WHERE batch_id = ? AND outcome IN ('failed', 'unavailable')`
  )
  const resetOne = db.prepare(
    `UPDATE bulk_items SET outcome = 'pending', code = NULL, message = NULL, params_json = NULL
     WHERE batch_id = ? AND protocol_id = ? AND outcome IN ('failed', 'unavailable')`
  )
  const setProtocolStatus = db.prepare(`UPDATE protocols SET status = ?, updated_at = ? WHERE id = ?`)
  const itemSql = (withOutcome: boolean) =>
    `SELECT i.seq, i.protocol_id, p.number, p.animal_name, i.outcome, i.code, i.message, i.params_json, i.attempts, i.result_json
     FROM bulk_items i LEFT JOIN protocols p ON p.id = i.protocol_id
     WHERE i.batch_id = ? ${withOutcome ? 'AND i.outcome = ?' : ''} ORDER BY i.seq LIMIT ? OFFSET ?`
  const itemsAll = db.prepare<[string, number, number], ItemRow>(itemSql(false))
  const itemsWith = db.prepare<[string, BulkItemOutcome, number, number], ItemRow>(itemSql(true))

  return {
    create(batch: { id: string; action: BulkAction; params: BulkParams; createdAt: string; createdBy: string; undoOf?: string }): void {
      insertBatch.run({ id: batch.id, action: batch.action, params: JSON.stringify(batch.params), undoOf: batch.undoOf ?? null, createdAt: batch.createdAt, createdBy: batch.createdBy })
    },

    /** Items in the order given; a protocol listed twice is one item. Returns the count. */
    addItems(batchId: string, protocolIds: readonly string[]): number {
      const unique = [...new Set(protocolIds)]
      unique.forEach((id, index) => insertItem.run(batchId, index + 1, id))
      setTotal.run(unique.length, batchId)
      return unique.length
    },

    /** Items for every protocol a search matches, newest first like the list; at most `limit`. */
    addMatching(batchId: string, match: ProtocolMatchSql, limit: number): number {
      const { changes } = db
        .prepare(
          `INSERT INTO bulk_items (batch_id, seq, protocol_id)
           SELECT ?, row_number() OVER (ORDER BY ${match.key} DESC), p.id FROM ${match.from}
           WHERE ${match.where} ORDER BY ${match.key} DESC LIMIT ?`
        )
        .run(batchId, ...match.params, limit)
      setTotal.run(changes, batchId)
      return changes
    },

    /** The items of an undo batch: every item the reversed batch did, with what it did. */
    addUndoItems(undoBatchId: string, originalBatchId: string): number {
      const { changes } = copySucceeded.run(undoBatchId, originalBatchId)
      setTotal.run(changes, undoBatchId)
      return changes
    },

    get(id: string): BatchRecord | null {
      const row = byId.get(id)
      return row ? toBatch(row) : null
    },

    recent(limit: number): BatchRecord[] {
      return recent.all(limit).map(toBatch)
    },

    counts(batchId: string): BulkCounts {
      const result: BulkCounts = { pending: 0, succeeded: 0, failed: 0, unavailable: 0 }
      for (const row of counts.all(batchId)) result[row.outcome] = row.n
      return result
    },

    /** The next pending items after `afterSeq`, in order. */
    pending(batchId: string, afterSeq: number, limit: number): PendingItem[] {
      return pending.all(batchId, afterSeq, limit).map((row) => ({ seq: row.seq, protocolId: row.protocol_id, result: parseResult(row.result_json) }))
    },

    recordOutcome(batchId: string, seq: number, result: ItemOutcome, at: string): void {
      outcome.run({
        batchId,
        seq,
        outcome: result.outcome,
        code: result.code ?? null,
        message: result.message ?? null,
        params: result.params && Object.keys(result.params).length > 0 ? JSON.stringify(result.params) : null,
        result: result.result === undefined || result.result === null ? null : JSON.stringify(result.result),
        at
      })
    },

    items(batchId: string, filter: { outcome?: BulkItemOutcome | undefined; offset: number; limit: number }): BulkItemView[] {
      const rows = filter.outcome
        ? itemsWith.all(batchId, filter.outcome, filter.limit, filter.offset)
        : itemsAll.all(batchId, filter.limit, filter.offset)
      return rows.map((row) => ({
        seq: row.seq,
        protocolId: row.protocol_id,
        number: row.number,
        animalName: row.animal_name ?? '',
        outcome: row.outcome,
        code: row.code,
        message: row.message,
        params: row.params_json === null ? {} : (JSON.parse(row.params_json) as ErrorParams),
        attempts: row.attempts,
        result: parseResult(row.result_json)
      }))
    },

    /** Failed and unavailable items back to pending (all, or those of the given protocols); returns how many. */
    resetForRetry(batchId: string, protocolIds?: readonly string[]): number {
      if (!protocolIds) return resetAll.run(batchId).changes
      let n = 0
      for (const id of protocolIds) n += resetOne.run(batchId, id).changes
      return n
    },

    setJob(batchId: string, jobId: number): void {
      setJob.run(jobId, batchId)
    },

    setState(batchId: string, state: BulkBatchState, finishedAt: string | null): void {
      setState.run(state, finishedAt, batchId)
    },

    /** Marks a batch undone by `undoBatchId`; false when it already was. */
    markUndone(batchId: string, undoBatchId: string): boolean {
      return setUndoneBy.run(undoBatchId, batchId).changes === 1
    },

    /** The status column only; the caller records history, audit and outbox in the same transaction. */
    setProtocolStatus(protocolId: string, status: ProtocolStatus, at: string): void {
      setProtocolStatus.run(status, at, protocolId)
    }
  }
}
export type BulkRepository = ReturnType<typeof createBulkRepository>
