/**
 * Push: sends the outbox in op order, in batches, until nothing unsent is left. Each answer is
 * recorded in one transaction: rows' new base versions, conflicts and rejections for the clerk,
 * the acknowledged opSeq, and the rebase of rows whose operations are now all acknowledged.
 */
import type { PushOpInput, PushResponse } from '../../../shared/sync-protocol'
import type { Db } from '../../platform/db/database'
import type { OutboxEntry, OutboxRepository } from '../../platform/journal/outbox-repository'
import type { SyncRowsRepository } from './sync-rows-repository'
import type { ConflictsRepository } from './conflicts-repository'
import type { SyncStateRepository } from './sync-state-repository'
import { isSyncError, type SyncClient } from './client'
import { buildPushOp, refusedOpSeq } from './push-batch'
import type { RowApplier } from './row-apply'

export const PUSH_BATCH = 500

/**
 * Refusals of a protocol's or work order's number (server/src/push.ts answers both series with
 * these codes): the row keeps it until the clerk renumbers it ("Renumerar").
 */
const REFUSED_NUMBER = new Set(['number_outside_block', 'number_taken'])
const NUMBERED_TABLE: Partial<Record<PushOpInput['entity'], 'protocols' | 'work_orders'>> = { protocol: 'protocols', work_order: 'work_orders' }

export interface PushStepDeps {
  db: Db
  outbox: OutboxRepository
  rows: SyncRowsRepository
  conflicts: ConflictsRepository
  state: SyncStateRepository
  rowApplier: RowApplier
  at: () => string
}

interface Batch {
  ops: PushOpInput[]
  entries: Map<number, OutboxEntry>
}

function refuse(deps: PushStepDeps, entry: OutboxEntry, code: string, message: string, local: unknown): void {
  const at = deps.at()
  deps.db.transaction(() => {
    deps.outbox.refuse(entry.opSeq, at)
    deps.conflicts.add({
      entity: entry.entity as PushOpInput['entity'],
      entityId: entry.entityId,
      opSeq: entry.opSeq,
      kind: 'refused',
      code,
      localValue: local,
      message,
      at
    })
  })()
}

function nextBatch(deps: PushStepDeps, deviceId: string, afterOpSeq: number, size: number): Batch {
  const ops: PushOpInput[] = []
  const entries = new Map<number, OutboxEntry>()
  for (const entry of deps.outbox.unsent(afterOpSeq, size)) {
    const previous = deps.outbox.previous(entry.entity, entry.entityId, entry.opSeq)
    const tracked = deps.rows.get(entry.entity as PushOpInput['entity'], entry.entityId)
    const built = buildPushOp(deviceId, entry, previous, tracked?.baseVersion ?? 0)
    if (!built.ok) {
      refuse(deps, entry, built.code, built.message, entry.payload)
      continue
    }
    ops.push(built.op)
    entries.set(entry.opSeq, entry)
  }
  return { ops, entries }
}

function record(deps: PushStepDeps, batch: Batch, response: PushResponse): void {
  const at = deps.at()
  deps.db.transaction(() => {
    const touched = new Map<string, PushOpInput>()
    const bySeq = new Map(batch.ops.map((op) => [op.opSeq, op]))
    for (const result of response.results) {
      const op = bySeq.get(result.opSeq)
      if (!op) continue
      touched.set(`${op.entity}\n${op.entityId}`, op)
      if (result.status === 'applied') {
        if (result.version !== null) deps.rows.pushed(op.entity, op.entityId, result.version, op.op === 'delete')
        for (const conflict of result.conflicts) {
          deps.conflicts.add({
            entity: op.entity,
            entityId: op.entityId,
            opSeq: op.opSeq,
            kind: 'field',
            code: conflict.reason,
            field: conflict.field,
            localValue: op.op === 'upsert' ? op.fields[conflict.field] : null,
            serverValue: conflict.serverValue,
            message: `${conflict.field}: the server kept its owner's value`,
            at
          })
        }
      } else if (result.status === 'rejected') {
        deps.outbox.refuse(op.opSeq, at)
        deps.conflicts.add({
          entity: op.entity,
          entityId: op.entityId,
          opSeq: op.opSeq,
          kind: 'rejected',
          code: result.code,
          localValue: op.op === 'upsert' ? op.fields : null,
          message: result.message,
          at
        })
        const table = NUMBERED_TABLE[op.entity]
        if (table && REFUSED_NUMBER.has(result.code)) {
          deps.db.prepare(`UPDATE ${table} SET number_refused = ? WHERE id = ? AND number IS NOT NULL`).run(result.code, op.entityId)
        }
      }
    }
    deps.outbox.ackUpTo(response.lastOpSeq, at)
    deps.state.setAcked(response.lastOpSeq)
    for (const op of touched.values()) deps.rowApplier.rebase(op.entity, op.entityId, at)
  }).immediate()
}

/** Pushes until the outbox is empty; returns how many operations the server consumed. */
export async function pushAll(client: SyncClient, deviceId: string, deps: PushStepDeps, signal?: AbortSignal): Promise<number> {
  let size = PUSH_BATCH
  let consumed = 0
  for (;;) {
    signal?.throwIfAborted()
    const afterOpSeq = deps.state.progress().ackedOpSeq
    const batch = nextBatch(deps, deviceId, afterOpSeq, size)
    if (batch.ops.length === 0) {
      if (deps.outbox.unsent(afterOpSeq, 1).length === 0) return consumed
      continue
    }
    let response: PushResponse
    try {
      response = await client.push({ afterOpSeq, ops: batch.ops })
    } catch (error) {
      if (!isSyncError(error)) throw error
      if (error.code === 'op_gap') {
        // The server lost operations (restored from a backup): send again what it last saw after.
        const lastOpSeq = Number((error.details as { lastOpSeq?: unknown } | undefined)?.lastOpSeq)
        if (!Number.isInteger(lastOpSeq) || lastOpSeq >= afterOpSeq) throw error
        deps.db.transaction(() => {
          deps.outbox.reopenAfter(lastOpSeq)
          deps.state.setAcked(lastOpSeq)
        })()
        continue
      }
      if (error.code === 'payload_too_large' && size > 1) {
        size = Math.max(1, Math.floor(Math.min(size, batch.ops.length) / 2))
        continue
      }
      const refused = error.code === 'invalid_payload' ? refusedOpSeq(error.details, batch.ops) : error.code === 'payload_too_large' ? batch.ops[0]!.opSeq : null
      const entry = refused === null ? undefined : batch.entries.get(refused)
      if (!entry) throw error
      const op = batch.ops.find((candidate) => candidate.opSeq === refused)
      refuse(deps, entry, error.code, error.message, op && op.op === 'upsert' ? op.fields : null)
      continue
    }
    const sentTop = batch.ops[batch.ops.length - 1]!.opSeq
    if (response.lastOpSeq < sentTop) throw new Error(`the server acknowledged up to ${response.lastOpSeq}, not ${sentTop}`)
    record(deps, batch, response)
    consumed += response.results.filter((result) => result.status !== 'duplicate').length
    size = PUSH_BATCH
  }
}
