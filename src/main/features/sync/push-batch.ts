/**
 * Outbox rows to push operations (pure). An outbox row holds the whole row as it was saved; the
 * push carries a patch: the fields that differ from the previous operation on the same row, so a
 * bench never re-asserts a field it did not touch (a shared `status` the lab moved on stays moved).
 */
import { SyncEntity, type Fields, type PushOpInput } from '../../../shared/sync-protocol'
import type { OutboxEntry } from '../../platform/journal/outbox-repository'

/** The row's fields as the server stores them: everything but its id. */
export function fieldsOf(payload: unknown): Fields {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return {}
  const { id: _id, ...fields } = payload as Record<string, unknown>
  return fields
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Fields of `current` that are new or changed compared with `previous` (all of them without one). */
export function changedFields(current: Fields, previous: Fields | null): Fields {
  if (previous === null) return current
  const patch: Fields = {}
  for (const [field, value] of Object.entries(current)) {
    if (!Object.hasOwn(previous, field) || !same(previous[field], value)) patch[field] = value
  }
  return patch
}

export type BuiltOp = { ok: true; op: PushOpInput } | { ok: false; code: string; message: string }

export function buildPushOp(
  deviceId: string,
  entry: OutboxEntry,
  previous: OutboxEntry | null,
  baseVersion: number
): BuiltOp {
  const entity = SyncEntity.safeParse(entry.entity)
  if (!entity.success) return { ok: false, code: 'unknown_entity', message: `"${entry.entity}" is not a synchronised entity` }
  const base = { deviceId, opSeq: entry.opSeq, entity: entity.data, entityId: entry.entityId, ...(baseVersion > 0 ? { baseVersion } : {}) }
  if (entry.op === 'delete') return { ok: true, op: { ...base, op: 'delete' } }
  const before = previous && previous.op === 'upsert' ? fieldsOf(previous.payload) : null
  return { ok: true, op: { ...base, op: 'upsert', fields: changedFields(fieldsOf(entry.payload), before) } }
}

/**
 * Which operation of a refused batch the server named: `details.opSeq`, or the `ops.<index>`
 * of the first issue path.
 */
export function refusedOpSeq(details: unknown, batch: readonly PushOpInput[]): number | null {
  const d = details as { opSeq?: unknown; issues?: { path?: unknown }[] } | undefined
  if (typeof d?.opSeq === 'number') return d.opSeq
  for (const issue of d?.issues ?? []) {
    const match = /^ops\.(\d+)(\.|$)/.exec(String(issue.path ?? ''))
    const op = match ? batch[Number(match[1])] : undefined
    if (op) return op.opSeq
  }
  return null
}
