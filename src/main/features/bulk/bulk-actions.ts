import { z } from 'zod'
import type { LogFn, Platform } from '../../platform/module'
import type { LabelQueue } from '../printing/printing-module'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { ReceptionService } from '../reception/reception-service'
import { HandledError } from '../../platform/dispatch'
import type { BatchRecord, BulkRepository, ItemOutcome, PendingItem } from './bulk-repository'
import { ProtocolStatus, type Protocol } from '../../../shared/domain'
import { ReceiveInput } from '../../../shared/reception'
import { bulkStatusAllowed, type BulkAction } from '../../../shared/bulk'
import type { ErrorParams } from '../../../shared/error-codes'

/** One protocol's outcome as a work-order assigner reports it. */
export type WorkOrderAssignment =
  | { protocolId: string; ok: true; result?: Record<string, unknown> }
  | { protocolId: string; ok: false; code: string; message: string; params?: ErrorParams }

/**
 * Adds (or removes) protocols to a work order. Called synchronously inside the chunk's
 * transaction, so the work-order change, its audit and outbox rows commit with the items'
 * outcomes; answer per protocol, throw only when the whole chunk cannot be done.
 */
export type WorkOrderAssigner = (protocolIds: readonly string[], workOrderId: string, actor: string) => readonly WorkOrderAssignment[]

export interface BulkActionOptions {
  assignToWorkOrder?: WorkOrderAssigner | undefined
  /** Makes an assignment batch undoable when given. */
  unassignFromWorkOrder?: WorkOrderAssigner | undefined
}

/** Runs a chunk of one batch's items; called inside the chunk's transaction, answers in item order. */
export type ChunkRunner = (batch: BatchRecord, items: readonly PendingItem[], actor: string) => ItemOutcome[]

/** A thrown error as the item's outcome: the clerk sees the code, the log keeps the surprises. */
export function failureOf(error: unknown, log: LogFn): ItemOutcome {
  if (error instanceof HandledError) {
    return { outcome: error.code === 'unavailable' ? 'unavailable' : 'failed', code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) }
  }
  if (error instanceof z.ZodError) return { outcome: 'failed', code: 'invalid_input', message: error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }
  log('error', 'bulk item failed unexpectedly', error)
  return { outcome: 'failed', code: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** What a status item did, kept on the item so its undo knows where to go back to. */
const StatusMove = z.object({ from: ProtocolStatus, to: ProtocolStatus })

const UNAVAILABLE: ItemOutcome = { outcome: 'unavailable', code: 'unavailable', message: 'work orders are not available on this bench' }

/**
 * What each bulk action does to one protocol. Every item runs in its own savepoint inside the
 * chunk's transaction: a failing item rolls back only itself, and its outcome row commits with
 * the effects of the others. `changed` collects the protocols whose rows changed.
 */
/** What bulk actions build on: the Reception page's own receive and the printing feature's reprint. */
export interface BulkActionDeps extends Pick<Platform, 'db' | 'clock' | 'audit' | 'outbox' | 'log'> {
  protocols: ProtocolsRepository
  reception: Pick<ReceptionService, 'receive'>
  labels: Pick<LabelQueue, 'reprint'>
}

export function createChunkRunners(ctx: BulkActionDeps, bulk: BulkRepository, options: BulkActionOptions, changed: (ids: string[]) => void) {
  const { db } = ctx

  const perItem = (items: readonly PendingItem[], run: (item: PendingItem) => Record<string, unknown>): ItemOutcome[] =>
    items.map((item) => {
      try {
        return { outcome: 'succeeded', result: db.transaction(() => run(item))() }
      } catch (error) {
        return failureOf(error, ctx.log)
      }
    })

  const protocolOf = (id: string): Protocol => {
    const protocol = ctx.protocols.get(id)
    if (!protocol) throw new HandledError('not_found', `protocol ${id} not found`)
    return protocol
  }

  const moveStatus = (before: Protocol, to: ProtocolStatus, actor: string, note: string): void => {
    const at = ctx.clock().toISOString()
    bulk.setProtocolStatus(before.id, to, at)
    ctx.protocols.recordStatus(before.id, { at, actor, from: before.status, to, note })
    const after = protocolOf(before.id)
    ctx.audit.append({ at, actor, action: 'protocol.status_changed', entity: 'protocol', entityId: before.id, before, after })
    ctx.outbox.append({ entity: 'protocol', entityId: before.id, op: 'upsert', payload: after, at })
    changed([before.id])
  }

  const perChunkAssign = (assigner: WorkOrderAssigner | undefined, items: readonly PendingItem[], workOrderId: string, actor: string): ItemOutcome[] => {
    if (!assigner) return items.map(() => UNAVAILABLE)
    let answers: readonly WorkOrderAssignment[]
    try {
      answers = db.transaction(() => assigner(items.map((item) => item.protocolId), workOrderId, actor))()
    } catch (error) {
      const failure = failureOf(error, ctx.log)
      return items.map(() => failure)
    }
    const byId = new Map(answers.map((answer) => [answer.protocolId, answer]))
    return items.map((item): ItemOutcome => {
      const answer = byId.get(item.protocolId)
      if (!answer) return { outcome: 'failed', code: 'internal', message: 'the work order gave no answer for this protocol' }
      if (!answer.ok) return { outcome: answer.code === 'unavailable' ? 'unavailable' : 'failed', code: answer.code, message: answer.message, ...(answer.params ? { params: answer.params } : {}) }
      return { outcome: 'succeeded', result: { workOrderId, ...answer.result } }
    })
  }

  const runners: Record<Exclude<BulkAction, 'undo'>, ChunkRunner> = {
    // The same receive as the Reception page, signed by whoever started the batch.
    receive: (_batch, items, actor) =>
      perItem(items, (item) => {
        const protocol = protocolOf(item.protocolId)
        const input = ReceiveInput.parse({
          id: protocol.id,
          type: protocol.type,
          veterinarianId: protocol.veterinarianId,
          animal: protocol.animal,
          sample: protocol.sample,
          decision: 'accept'
        })
        const received = ctx.reception.receive(input, { actor, quiet: true })
        changed([received.protocol.id])
        return { number: received.protocol.number, labelJobId: received.labelJobId }
      }),

    status: (batch, items, actor) => {
      const to = batch.params.status
      if (!to) return items.map(() => ({ outcome: 'failed', code: 'invalid_input', message: 'no target status' }))
      return perItem(items, (item) => {
        const before = protocolOf(item.protocolId)
        if (!bulkStatusAllowed(before.status, to)) {
          throw new HandledError('status_not_allowed', `${before.number ?? before.id} is ${before.status}; it cannot become ${to}`, {
            number: before.number ?? before.animal.name,
            from: before.status,
            to
          })
        }
        moveStatus(before, to, actor, `bulk ${batch.id}`)
        return { from: before.status, to }
      })
    },

    assignWorkOrder: (batch, items, actor) => perChunkAssign(options.assignToWorkOrder, items, batch.params.workOrderId ?? '', actor),

    reprint: (_batch, items, actor) => perItem(items, (item) => ({ labelJobId: ctx.labels.reprint(item.protocolId, actor).jobId }))
  }

  /** Undo reverses what each item of the original batch did, if nobody changed it since. */
  const undo: ChunkRunner = (batch, items, actor) => {
    const original = batch.params.undoOf ? bulk.get(batch.params.undoOf) : null
    if (original?.action === 'assignWorkOrder') return perChunkAssign(options.unassignFromWorkOrder, items, original.params.workOrderId ?? '', actor)
    return perItem(items, (item) => {
      const did = StatusMove.parse(item.result ?? {})
      const now = protocolOf(item.protocolId)
      if (now.status !== did.to) {
        throw new HandledError('changed_meanwhile', `${now.number ?? now.id} changed since (now ${now.status})`, { number: now.number ?? now.animal.name, status: now.status })
      }
      moveStatus(now, did.from, actor, `undo of bulk ${batch.params.undoOf ?? ''}`)
      return { from: did.to, to: did.from }
    })
  }

  return (batch: BatchRecord, items: readonly PendingItem[], actor: string): ItemOutcome[] => {
    return batch.action === 'undo' ? undo(batch, items, actor) : runners[batch.action](batch, items, actor)
  }
}
