/**
 * Bulk actions over protocols (receive, change status, assign to a work order, reprint labels,
 * undo). Owns the `bulk_batches` and `bulk_items` tables, the `bulk.*` requests and the
 * `bulk.run` job. A batch is one durable job with one row per item. Items run in small chunks,
 * one transaction each, yielding between chunks; the item's outcome commits with its effect, so
 * a batch resumed after a crash picks up where it stopped and never does an item twice. Progress
 * reaches the renderer coalesced. Receiving, reprinting and assigning go through the reception
 * service, printing's label queue and the work-orders service, as a clerk's single action does.
 */
import { jobKeys } from '../../../shared/job-subjects'
import { z } from 'zod'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import { HandledError } from '../../platform/dispatch'
import { defineJobKind, PermanentJobError } from '../../platform/queue/job-kinds'
import { createBulkRepository, type BatchRecord } from './bulk-repository'
import { newId } from '../../../shared/ids'
import { actionUndoable, MAX_BULK_ITEMS, type BulkAction, type BulkBatchView, type BulkParams, type BulkSelection } from '../../../shared/bulk'
import { ProtocolFilter } from '../../../shared/exports'
import { protocolMatchSql } from '../protocols/protocol-query'
import { createChunkRunners, type BulkActionDeps, type BulkActionOptions } from './bulk-actions'
import { createCoalescedEmitter } from './bulk-events'

export type { WorkOrderAssigner, WorkOrderAssignment } from './bulk-actions'

export const BULK_RUN = 'bulk.run'

export interface BulkModuleOptions extends BulkActionOptions {
  /** Items per transaction; between chunks the batch yields so main keeps answering. */
  chunkSize?: number
}

/** Receiving writes more per item than a reprint; both chunks stay well under a frame of main's time. */
const DEFAULT_CHUNK: Record<BulkAction, number> = { receive: 20, status: 50, assignWorkOrder: 50, reprint: 50, undo: 50 }

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface BulkDeps extends BulkActionDeps, Pick<Platform, 'emit' | 'queue'> {
  session: Pick<BenchSession, 'clerk' | 'actor'>
}

export function createBulkModule(ctx: BulkDeps, options: BulkModuleOptions = {}): HostModule {
  const bulk = createBulkRepository(ctx.db)
  const canUnassign = options.unassignFromWorkOrder !== undefined

  const toView = (batch: BatchRecord): BulkBatchView => {
    const counts = bulk.counts(batch.id)
    return {
      id: batch.id,
      action: batch.action,
      params: batch.params,
      state: batch.state,
      total: batch.total,
      counts,
      jobId: batch.jobId,
      createdAt: batch.createdAt,
      createdBy: batch.createdBy,
      finishedAt: batch.finishedAt,
      undoable: batch.state === 'done' && batch.undoneBy === null && counts.succeeded > 0 && actionUndoable(batch.action, canUnassign),
      undoneBy: batch.undoneBy
    }
  }
  const viewOf = (id: string): BulkBatchView | null => {
    const batch = bulk.get(id)
    return batch ? toView(batch) : null
  }
  const requireBatch = (id: string): BatchRecord => {
    const batch = bulk.get(id)
    if (!batch) throw new HandledError('not_found', `bulk batch ${id} not found`)
    return batch
  }

  const events = createCoalescedEmitter(ctx.emit, viewOf)
  const runChunk = createChunkRunners(ctx, bulk, options, (ids) => events.protocols(ids))
  const chunkTransaction = ctx.db.transaction((batch: BatchRecord, items: Parameters<typeof runChunk>[1]) => {
    const outcomes = runChunk(batch, items, batch.createdBy)
    const at = ctx.clock().toISOString()
    items.forEach((item, index) => bulk.recordOutcome(batch.id, item.seq, outcomes[index]!, at))
  })

  /** Creates the job of a batch inside the caller's transaction. */
  const enqueueRun = (batchId: string): void => {
    const { job } = ctx.queue.enqueue(BULK_RUN, { batchId }, { uniqueKey: jobKeys.bulkRun(batchId) })
    bulk.setJob(batchId, job.id)
  }

  const addSelection = (batchId: string, selection: BulkSelection): number => {
    if ('ids' in selection) return bulk.addItems(batchId, selection.ids)
    const added = bulk.addMatching(batchId, protocolMatchSql(ctx.db, ProtocolFilter.parse(selection.query)), MAX_BULK_ITEMS + 1)
    if (added > MAX_BULK_ITEMS) throw new HandledError('bulk_too_many', `more than ${MAX_BULK_ITEMS} protocols match; narrow the search`, { max: MAX_BULK_ITEMS })
    return added
  }

  const startBatch = ctx.db.transaction((action: BulkAction, params: BulkParams, actor: string, fill: (batchId: string) => number): BatchRecord => {
    const id = newId()
    const at = ctx.clock().toISOString()
    bulk.create({ id, action, params, createdAt: at, createdBy: actor, ...(params.undoOf ? { undoOf: params.undoOf } : {}) })
    const total = fill(id)
    if (total === 0) throw new HandledError('bulk_empty', 'no protocols to act on')
    enqueueRun(id)
    ctx.audit.append({ at, actor, action: `bulk.${action === 'undo' ? 'undo_started' : 'started'}`, entity: 'bulk_batch', entityId: id, after: { action, params, total } })
    return bulk.get(id)!
  })

  const run = async (batchId: string, signal: AbortSignal, progress: (percent: number, step?: string, message?: string) => void) => {
    const batch = bulk.get(batchId)
    if (!batch) throw new PermanentJobError(`bulk batch ${batchId} not found`, { code: 'bulk_batch_not_found' })
    if (batch.state === 'cancelled') return bulk.counts(batchId)
    bulk.setState(batchId, 'running', null)
    events.batch(batchId)
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK[batch.action]
    let done = batch.total - bulk.counts(batchId).pending
    let afterSeq = 0
    for (;;) {
      if (signal.aborted) {
        events.flush()
        return bulk.counts(batchId)
      }
      const items = bulk.pending(batchId, afterSeq, chunkSize)
      if (items.length === 0) break
      afterSeq = items[items.length - 1]!.seq
      chunkTransaction.immediate(batch, items)
      done += items.length
      progress((done / Math.max(1, batch.total)) * 100, 'items', `${done}/${batch.total}`)
      events.batch(batchId)
      await yieldToEventLoop()
    }
    // A cancel that landed during the last yield keeps the batch cancelled.
    if (signal.aborted) return bulk.counts(batchId)
    bulk.setState(batchId, 'done', ctx.clock().toISOString())
    events.batch(batchId)
    events.flush()
    return bulk.counts(batchId)
  }

  return {
    name: 'bulk',
    jobKinds: {
      [BULK_RUN]: defineJobKind({
        payload: z.object({ batchId: z.uuid() }),
        priority: 50,
        maxAttempts: 3,
        timeoutMs: 60 * 60_000,
        run: (job) => run(job.payload.batchId, job.signal, job.progress)
      })
    },
    handlers: {
      'bulk.start': (input) => {
        const actor = ctx.session.clerk()
        if (!actor && input.action === 'receive') throw new HandledError('no_clerk', 'choose the clerk on duty first')
        const params: BulkParams = input.action === 'status' ? { status: input.status } : input.action === 'assignWorkOrder' ? { workOrderId: input.workOrderId } : {}
        const batch = startBatch.immediate(input.action, params, actor ?? ctx.session.actor(), (id) => addSelection(id, input.selection))
        return toView(batch)
      },
      'bulk.get': ({ batchId }) => toView(requireBatch(batchId)),
      'bulk.list': ({ limit }) => bulk.recent(limit).map(toView),
      'bulk.items': ({ batchId, outcome, offset, limit }) => {
        requireBatch(batchId)
        const counts = bulk.counts(batchId)
        const total = outcome ? counts[outcome] : counts.pending + counts.succeeded + counts.failed + counts.unavailable
        return { rows: bulk.items(batchId, { outcome, offset, limit }), total }
      },
      'bulk.retry': ({ batchId, protocolIds }) => {
        const batch = requireBatch(batchId)
        if (batch.state === 'queued' || batch.state === 'running') throw new HandledError('bulk_running', 'the batch is still running')
        if (batch.undoneBy) throw new HandledError('bulk_undone', 'the batch was undone')
        const at = ctx.clock().toISOString()
        ctx.db.transaction(() => {
          const reset = bulk.resetForRetry(batchId, protocolIds)
          if (reset === 0 && bulk.counts(batchId).pending === 0) throw new HandledError('bulk_nothing_to_retry', 'nothing to retry')
          enqueueRun(batchId)
          ctx.audit.append({ at, actor: ctx.session.actor(), action: 'bulk.retried', entity: 'bulk_batch', entityId: batchId, after: { items: reset } })
        }).immediate()
        return toView(requireBatch(batchId))
      },
      'bulk.undo': ({ batchId }) => {
        const original = requireBatch(batchId)
        if (!toView(original).undoable) throw new HandledError('bulk_not_undoable', `batch ${batchId} cannot be undone`)
        const undo = startBatch.immediate('undo', { undoOf: batchId }, ctx.session.actor(), (id) => {
          if (!bulk.markUndone(batchId, id)) throw new HandledError('bulk_undone', 'the batch was already undone')
          ctx.audit.append({ at: ctx.clock().toISOString(), actor: ctx.session.actor(), action: 'bulk.undone', entity: 'bulk_batch', entityId: batchId, after: { undoBatch: id } })
          return bulk.addUndoItems(id, batchId)
        })
        events.batch(batchId)
        return toView(undo)
      },
      'bulk.cancel': ({ batchId }) => {
        const batch = requireBatch(batchId)
        if (batch.state !== 'queued' && batch.state !== 'running') throw new HandledError('bulk_not_running', 'the batch is not running')
        if (batch.jobId !== null) ctx.queue.cancel(batch.jobId)
        bulk.setState(batchId, 'cancelled', ctx.clock().toISOString())
        ctx.audit.append({ at: ctx.clock().toISOString(), actor: ctx.session.actor(), action: 'bulk.cancelled', entity: 'bulk_batch', entityId: batchId })
        events.batch(batchId)
        return toView(requireBatch(batchId))
      }
    },
    close: () => events.flush()
  }
}
