/**
 * Who may write what (docs/sync-api.md, "Ownership"). Pure: the row as the server has it, the
 * writer as the server authenticated it, and one operation in; what may be applied out. Nothing
 * a device claims about itself is trusted: its role and id come from the signature, the row's
 * owner and version from the server's own tables.
 *
 * The conflict rules (conflict-rules.ts) decide between two permitted writes made on different
 * states; these rules decide whether a write is permitted at all.
 */
import type { FieldConflict, Fields, OpRejectionCode, SyncEntity } from '../../src/shared/sync-protocol'
import type { Device } from './auth'

/**
 * - `any`: every paired device.
 * - `owner`: the device that owns the row (see `ownerAfterCreate`), and the lab.
 * - `lab`: lab devices only.
 */
export type Access = 'any' | 'owner' | 'lab'

export interface EntityAccess {
  create: 'any' | 'lab'
  /** Fields any device may change (status moves every bench makes); every other field is `fields`. */
  shared: readonly string[] | 'all'
  /** Who may change the fields that are not shared. */
  fields: 'owner' | 'lab'
  delete: 'owner' | 'lab'
  /** Why a row in this state is the lab's alone (no bench changes or deletes it), or null when it is not. */
  labsAlone?: (fields: Fields) => string | null
  /**
   * A row a lab device creates waits for a bench to take it (a submission registered by the lab
   * is received at a bench): it has no owner until then.
   */
  labCreatedIsOpen?: boolean
}

export const ENTITY_ACCESS: Record<SyncEntity, EntityAccess> = {
  // A protocol belongs to the bench that numbered it (or created it without a number).
  protocol: { create: 'any', shared: ['status', 'updatedAt'], fields: 'owner', delete: 'owner', labCreatedIsOpen: true },
  veterinarian: { create: 'any', shared: 'all', fields: 'owner', delete: 'owner' },
  // The price list is the lab's.
  service: { create: 'lab', shared: [], fields: 'lab', delete: 'lab', labsAlone: () => "the price list is the lab's" },
  work_order: { create: 'any', shared: [], fields: 'owner', delete: 'owner' },
  report: { create: 'any', shared: [], fields: 'owner', delete: 'owner', labsAlone: (fields) => (fields.status === 'finalized' ? "a finalized report is the lab's" : null) },
  notification: { create: 'any', shared: [], fields: 'owner', delete: 'owner' }
}

/** The server's own state of a row, as far as ownership needs it. */
export interface RowState {
  fields: Fields
  version: number
  /** Device that owns the row; null: nobody yet (lab-created protocol) or a row older than ownership. */
  owner: string | null
}

export interface Refusal {
  code: Extract<OpRejectionCode, 'base_version_ahead' | 'not_owner' | 'lab_only'>
  message: string
}

const isLab = (writer: Device): boolean => writer.role === 'lab'

const sameValue = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

/** The owner a new row gets. */
export function ownerAfterCreate(entity: SyncEntity, writer: Device): string | null {
  return isLab(writer) && ENTITY_ACCESS[entity].labCreatedIsOpen ? null : writer.id
}

/** A base the server never handed out cannot be trusted to mean "I have seen everything". */
export function checkBase(row: RowState | null, baseVersion: number): Refusal | null {
  if (!row || baseVersion <= row.version) return null
  return { code: 'base_version_ahead', message: `baseVersion ${baseVersion} is newer than the row's version ${row.version} on the server` }
}

function mayWrite(access: 'owner' | 'lab', row: RowState, writer: Device): boolean {
  if (isLab(writer)) return true
  if (access === 'lab') return false
  return row.owner === null || row.owner === writer.id
}

/** Whole-operation refusals of an upsert: creating what only the lab creates, changing what only the lab changes. */
export function checkUpsert(entity: SyncEntity, row: RowState | null, incoming: Fields, writer: Device): Refusal | null {
  const access = ENTITY_ACCESS[entity]
  if (isLab(writer)) return null
  if (!row) {
    return access.create === 'lab' ? { code: 'lab_only', message: `only the lab creates a ${entity}` } : null
  }
  const changes = Object.entries(incoming).some(([field, value]) => !(field in row.fields) || !sameValue(row.fields[field], value))
  if (!changes) return null
  const labs = access.labsAlone?.(row.fields)
  return labs ? { code: 'lab_only', message: `${labs}: only the lab changes it` } : null
}

export interface FieldFilter {
  /** The fields this writer may change. */
  permitted: Fields
  /** Changes to fields this writer may not change: not applied, reported. */
  conflicts: FieldConflict[]
}

/**
 * Splits an upsert into the fields the writer may change and the rest. Values equal to the
 * server's are not changes: a bench re-sending a whole row it pulled is not refused for that.
 */
export function filterFields(entity: SyncEntity, row: RowState | null, incoming: Fields, writer: Device): FieldFilter {
  if (!row) return { permitted: incoming, conflicts: [] }
  const access = ENTITY_ACCESS[entity]
  const permitted: Fields = {}
  const conflicts: FieldConflict[] = []
  for (const [field, value] of Object.entries(incoming)) {
    const shared = access.shared === 'all' || access.shared.includes(field)
    if (shared || mayWrite(access.fields, row, writer)) {
      permitted[field] = value
      continue
    }
    if (field in row.fields && sameValue(row.fields[field], value)) continue
    conflicts.push({ field, reason: access.fields === 'lab' ? 'lab_owned' : 'bench_owned', serverValue: row.fields[field] ?? null })
  }
  return { permitted, conflicts }
}

export function checkDelete(entity: SyncEntity, row: RowState, writer: Device): Refusal | null {
  const access = ENTITY_ACCESS[entity]
  if (isLab(writer)) return null
  const labs = access.labsAlone?.(row.fields)
  if (labs) return { code: 'lab_only', message: `${labs}: only the lab deletes it` }
  if (access.delete === 'lab') return { code: 'lab_only', message: `only the lab deletes a ${entity}` }
  if (!mayWrite('owner', row, writer)) return { code: 'not_owner', message: `this ${entity} belongs to another bench; only that bench or the lab deletes it` }
  return null
}
