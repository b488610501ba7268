/**
 * Field-by-field conflict rules (docs/sync-api.md, "Conflicts"). Pure: current row state and one
 * incoming change in, merged state and the conflicts to report out. Only the server's sequence
 * orders anything; no wall clock of any bench is consulted.
 */
import {
  fieldOwner,
  type FieldConflict,
  type Fields,
  type SyncEntity,
  type Writer
} from '../../src/shared/sync-protocol'

/** Version of the field's last change, and the role that made it. */
export interface FieldStamp {
  v: number
  by: Writer
}
export type FieldMeta = Record<string, FieldStamp>

export interface MergeInput {
  entity: SyncEntity
  current: Fields
  meta: FieldMeta
  incoming: Fields
  writer: Writer
  /** Row version the writer had seen; 0 when it had seen none. */
  baseVersion: number
  /** Version the row gets if anything changes. */
  version: number
}

export interface MergeResult {
  fields: Fields
  meta: FieldMeta
  changed: boolean
  conflicts: FieldConflict[]
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/**
 * An owned field changed by its owner after `baseVersion`: a write by anyone else would
 * overwrite a change the writer never saw, so the owner's value stays.
 */
function protectedStamp(entity: SyncEntity, field: string, stamp: FieldStamp | undefined, writer: Writer, baseVersion: number) {
  const owner = fieldOwner(entity, field)
  if (owner !== 'bench' && owner !== 'lab') return null
  if (writer === owner || !stamp || stamp.by !== owner || stamp.v <= baseVersion) return null
  return owner
}

export function mergeFields(input: MergeInput): MergeResult {
  const fields: Fields = { ...input.current }
  const meta: FieldMeta = { ...input.meta }
  const conflicts: FieldConflict[] = []
  let changed = false
  for (const [field, value] of Object.entries(input.incoming)) {
    // Fields the server maintains (mail delivery) are never taken from a device.
    if (fieldOwner(input.entity, field) === 'server' && input.writer !== 'server') continue
    const owner = protectedStamp(input.entity, field, meta[field], input.writer, input.baseVersion)
    if (owner) {
      if (!sameValue(fields[field], value)) conflicts.push({ field, reason: `${owner}_owned`, serverValue: fields[field] ?? null })
      continue
    }
    if (field in fields && sameValue(fields[field], value)) continue
    fields[field] = value
    meta[field] = { v: input.version, by: input.writer }
    changed = true
  }
  return { fields, meta, changed, conflicts }
}

/**
 * A delete made on an old state must not wipe owned fields their owner changed since:
 * returns the first such field, or null when the delete may go ahead.
 */
export function deleteBlockedBy(entity: SyncEntity, meta: FieldMeta, writer: Writer, baseVersion: number): string | null {
  for (const [field, stamp] of Object.entries(meta)) {
    if (protectedStamp(entity, field, stamp, writer, baseVersion)) return field
  }
  return null
}
