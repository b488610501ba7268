/**
 * Bulk actions over many protocols: one job per batch, one result per item. A failing item
 * never stops the batch; failed items can be retried alone; a batch whose action can be
 * reversed (a status change) can be undone as a whole.
 */
import { z } from 'zod'
import { BULK_STATUS_TARGETS } from './vocabulary'
import type { RequestDef } from './request-def'
import { Uuid, type ProtocolStatus as Status } from './domain'
import { ProtocolFilter } from './exports'

/** Enough for "everything registered this month" on a busy bench, small enough to stay one job. */
export const MAX_BULK_ITEMS = 50_000

export const BulkAction = z.enum(['receive', 'status', 'assignWorkOrder', 'reprint', 'undo'])
export type BulkAction = z.infer<typeof BulkAction>

export const BulkStatusTarget = z.enum(BULK_STATUS_TARGETS)
export type BulkStatusTarget = z.infer<typeof BulkStatusTarget>

const ALLOWED_FROM: Record<BulkStatusTarget, readonly Status[]> = {
  processing: ['received'],
  // Back to the bench: a sample sent to processing by mistake.
  received: ['processing'],
  // A voided protocol keeps its number; a finalized report is never voided from the bench.
  voided: ['registered', 'received', 'rejected', 'processing']
}

/** Whether a bulk status change may move a protocol from `from` to `to`. */
export function bulkStatusAllowed(from: Status, to: BulkStatusTarget): boolean {
  return ALLOWED_FROM[to].includes(from)
}

/** Actions whose batch can be undone as a whole (a print cannot be taken back, nor a number). */
export function actionUndoable(action: BulkAction, canUnassign: boolean): boolean {
  return action === 'status' || (action === 'assignWorkOrder' && canUnassign)
}

export const BulkSelection = z.union([
  z.object({ ids: z.array(Uuid).min(1).max(MAX_BULK_ITEMS) }).strict(),
  /** Everything matching a search, resolved when the batch is created. */
  z.object({ query: ProtocolFilter }).strict()
])
export type BulkSelection = z.input<typeof BulkSelection>

export const BulkStartInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('receive'), selection: BulkSelection }).strict(),
  z.object({ action: z.literal('reprint'), selection: BulkSelection }).strict(),
  z.object({ action: z.literal('status'), selection: BulkSelection, status: BulkStatusTarget }).strict(),
  z.object({ action: z.literal('assignWorkOrder'), selection: BulkSelection, workOrderId: z.string().trim().min(1).max(64) }).strict()
])
export type BulkStartInput = z.input<typeof BulkStartInput>

export const BulkParams = z.object({
  status: BulkStatusTarget.optional(),
  workOrderId: z.string().optional(),
  /** For an undo batch: the batch it reverses. */
  undoOf: Uuid.optional()
})
export type BulkParams = z.infer<typeof BulkParams>

export const BulkBatchState = z.enum(['queued', 'running', 'done', 'cancelled'])
export type BulkBatchState = z.infer<typeof BulkBatchState>

export const BulkItemOutcome = z.enum(['pending', 'succeeded', 'failed', 'unavailable'])
export type BulkItemOutcome = z.infer<typeof BulkItemOutcome>

export const BulkCounts = z.object({
  pending: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  unavailable: z.number().int()
})
export type BulkCounts = z.infer<typeof BulkCounts>

export const BulkBatchView = z.object({
  id: Uuid,
  action: BulkAction,
  params: BulkParams,
  state: BulkBatchState,
  total: z.number().int(),
  counts: BulkCounts,
  jobId: z.number().int().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  finishedAt: z.string().nullable(),
  /** True while the batch is done, reversible, and not undone yet. */
  undoable: z.boolean(),
  undoneBy: Uuid.nullable()
})
export type BulkBatchView = z.infer<typeof BulkBatchView>

export const BulkItemView = z.object({
  seq: z.number().int(),
  protocolId: Uuid,
  number: z.string().nullable(),
  animalName: z.string(),
  outcome: BulkItemOutcome,
  /** An error code (`conflict`, `no_printer`, …) for failed and unavailable items. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  attempts: z.number().int(),
  /** What the item did: the number given, the label job, the status moved from/to. */
  result: z.record(z.string(), z.unknown()).nullable()
})
export type BulkItemView = z.infer<typeof BulkItemView>

const BatchId = z.object({ batchId: Uuid }).strict()

export const bulkRequests = {
  'bulk.start': { input: BulkStartInput, output: BulkBatchView },
  'bulk.get': { input: BatchId, output: BulkBatchView },
  'bulk.list': { input: z.object({ limit: z.number().int().min(1).max(100).default(10) }).strict(), output: z.array(BulkBatchView) },
  'bulk.items': {
    input: z
      .object({
        batchId: Uuid,
        outcome: BulkItemOutcome.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100)
      })
      .strict(),
    output: z.object({ rows: z.array(BulkItemView), total: z.number().int() })
  },
  /** Runs the failed (and unavailable) items again; all of them, or only the listed protocols. */
  'bulk.retry': { input: z.object({ batchId: Uuid, protocolIds: z.array(Uuid).min(1).max(MAX_BULK_ITEMS).optional() }).strict(), output: BulkBatchView },
  /** Reverses a finished batch as a whole; answers with the undo batch (itself a batch with per-item results). */
  'bulk.undo': { input: BatchId, output: BulkBatchView },
  /** Stops a running batch; items not reached stay pending and can be run with retry. */
  'bulk.cancel': { input: BatchId, output: BulkBatchView }
} as const satisfies Record<string, RequestDef>

export const bulkEvents = {
  /** Coalesced: a few times a second while a batch runs, and once when it ends. */
  'bulk.changed': BulkBatchView
} as const satisfies Record<string, z.ZodType>
