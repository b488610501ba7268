import type { Db } from '../../platform/db/database'
import type { WorkOrderStatus } from '../../../shared/documents'
import { formatWorkOrderNumber, type CandidateProtocol, type PendingVeterinarian, type WorkOrderLine } from '../../../shared/work-orders'
import type { ProtocolType } from '../../../shared/domain'

/** A work order as stored (without lines). */
export interface WorkOrderRecord {
  id: string
  number: string | null
  year: number | null
  seq: number | null
  veterinarianId: string
  veterinarianName: string
  status: WorkOrderStatus
  version: number
  supersedesId: string | null
  supersededById: string | null
  discountPercent: number
  notes: string
  locale: 'es' | 'en'
  issuedAt: string | null
  issuedBy: string | null
  cancelledAt: string | null
  cancelReason: string
  /** The rendering input frozen at issue (JSON), null for drafts. */
  documentJson: string | null
  /** Made while the bench tried the app with demo data: numbered from demo blocks, removed with them. */
  demo: boolean
  /** The server's refusal of the number (its code) until the order is renumbered. */
  numberRefused: string | null
  /** How many times the order was renumbered. */
  renumbers: number
  createdBy: string
  createdAt: string
  updatedAt: string
  /** Issued at another bench and copied here read-only: that bench's name ('' when unknown); null when made here. */
  copiedFrom: string | null
}

export interface NewLine {
  id: string
  protocolId: string | null
  serviceId: string | null
  code: string
  description: string
  unitPriceCents: number
  quantity: number
  discountPercent: number
  taxRatePercent: number
}

interface OrderRow {
  copied_from: string | null
  id: string
  number: string | null
  year: number | null
  seq: number | null
  veterinarian_id: string
  veterinarian_name: string
  status: WorkOrderStatus
  version: number
  supersedes_id: string | null
  superseded_by_id: string | null
  discount_percent: number
  notes: string
  locale: string
  issued_at: string | null
  issued_by: string | null
  cancelled_at: string | null
  cancel_reason: string
  document_json: string | null
  demo: number
  number_refused: string | null
  renumbers: number
  created_by: string
  created_at: string
  updated_at: string
}

interface LineRow {
  id: string
  work_order_id: string
  protocol_id: string | null
  protocol_number: string | null
  service_id: string | null
  code: string
  description: string
  unit_price_cents: number
  quantity: number
  discount_percent: number
  tax_rate_percent: number
}

const toRecord = (row: OrderRow): WorkOrderRecord => ({
  id: row.id,
  number: row.number,
  year: row.year,
  seq: row.seq,
  veterinarianId: row.veterinarian_id,
  veterinarianName: row.veterinarian_name,
  status: row.status,
  version: row.version,
  supersedesId: row.supersedes_id,
  supersededById: row.superseded_by_id,
  discountPercent: row.discount_percent,
  notes: row.notes,
  locale: row.locale === 'en' ? 'en' : 'es',
  issuedAt: row.issued_at,
  issuedBy: row.issued_by,
  cancelledAt: row.cancelled_at,
  cancelReason: row.cancel_reason,
  documentJson: row.document_json,
  demo: row.demo === 1,
  numberRefused: row.number_refused,
  renumbers: row.renumbers,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  copiedFrom: row.copied_from
})

const toLine = (row: LineRow): WorkOrderLine => ({
  id: row.id,
  protocolId: row.protocol_id,
  protocolNumber: row.protocol_number,
  serviceId: row.service_id,
  code: row.code,
  description: row.description,
  unitPriceCents: row.unit_price_cents,
  quantity: row.quantity,
  discountPercent: row.discount_percent,
  taxRatePercent: row.tax_rate_percent
})

const ORDER_SELECT = `SELECT w.*, v.name AS veterinarian_name,
    (SELECT coalesce(c.origin_bench, '') FROM document_copies c WHERE c.entity = 'work_order' AND c.entity_id = w.id AND c.origin = 'elsewhere') AS copied_from
  FROM work_orders w JOIN veterinarians v ON v.id = w.veterinarian_id`
/** Protocols that carry a number and were not rejected or voided: what can be billed. */
const BILLABLE = `p.number IS NOT NULL AND p.deleted_at IS NULL AND p.status IN ('received', 'processing', 'reported')`
/** A line of an issued order other than the ones named by ?1 (the order being edited) and its predecessor. */
const BILLED_ELSEWHERE = `EXISTS (
  SELECT 1 FROM work_order_lines l JOIN work_orders o ON o.id = l.work_order_id
  WHERE l.protocol_id = p.id AND o.status = 'issued' AND o.deleted_at IS NULL
    AND o.id IS NOT @orderId AND o.id IS NOT (SELECT supersedes_id FROM work_orders WHERE id = @orderId))`

export interface ListFilter {
  status?: WorkOrderStatus
  veterinarianId?: string
  limit: number
}

/** Work orders and their lines. Pure SQL: numbering, immutability and versions are decided by the service. */
export function createWorkOrdersRepository(db: Db) {
  const insertOrder = db.prepare(
    `INSERT INTO work_orders (id, number, veterinarian_id, status, version, supersedes_id, discount_percent, notes, locale, created_by, demo, created_at, updated_at)
     VALUES (@id, @number, @veterinarianId, 'draft', @version, @supersedesId, @discountPercent, @notes, @locale, @createdBy, @demo, @at, @at)`
  )
  const getOrder = db.prepare<[string], OrderRow>(`${ORDER_SELECT} WHERE w.id = ? AND w.deleted_at IS NULL`)
  const linesOf = db.prepare<[string], LineRow>(
    `SELECT l.*, p.number AS protocol_number FROM work_order_lines l LEFT JOIN protocols p ON p.id = l.protocol_id
     WHERE l.work_order_id = ? ORDER BY l.position`
  )
  const deleteLines = db.prepare(`DELETE FROM work_order_lines WHERE work_order_id = ?`)
  const insertLine = db.prepare(
    `INSERT INTO work_order_lines (id, work_order_id, position, protocol_id, service_id, code, description, unit_price_cents, quantity, discount_percent, tax_rate_percent)
     VALUES (@id, @workOrderId, @position, @protocolId, @serviceId, @code, @description, @unitPriceCents, @quantity, @discountPercent, @taxRatePercent)`
  )
  const updateDraft = db.prepare(
    `UPDATE work_orders SET discount_percent = @discountPercent, notes = @notes, updated_at = @at WHERE id = @id AND status = 'draft'`
  )
  const issue = db.prepare(
    `UPDATE work_orders SET status = 'issued', number = @number, year = @year, seq = @seq, issued_at = @at, issued_by = @actor,
       document_json = @documentJson, updated_at = @at
     WHERE id = @id AND status = 'draft'`
  )
  const cancel = db.prepare(
    `UPDATE work_orders SET status = 'cancelled', cancelled_at = @at, cancel_reason = @reason, superseded_by_id = @supersededById, updated_at = @at
     WHERE id = @id AND status = 'issued'`
  )
  const discard = db.prepare(`UPDATE work_orders SET deleted_at = @at, updated_at = @at WHERE id = @id AND status = 'draft' AND deleted_at IS NULL`)
  const openCorrection = db.prepare<[string], { id: string }>(
    `SELECT id FROM work_orders WHERE supersedes_id = ? AND status = 'draft' AND deleted_at IS NULL LIMIT 1`
  )
  const candidates = db.prepare<{ vetId: string; orderId: string | null }, CandidateRow>(
    `SELECT p.id, p.type, p.number, p.animal_name, p.species, p.owner, p.received_at,
       EXISTS (SELECT 1 FROM work_order_lines l JOIN work_orders o ON o.id = l.work_order_id
               WHERE l.protocol_id = p.id AND o.status = 'draft' AND o.deleted_at IS NULL AND o.id IS NOT @orderId) AS on_draft
     FROM protocols p
     WHERE p.veterinarian_id = @vetId AND ${BILLABLE} AND NOT ${BILLED_ELSEWHERE}
     ORDER BY p.received_at, p.number`
  )
  const billedElsewhere = db.prepare<{ orderId: string; protocolId: string }, { number: string }>(
    `SELECT p.number FROM protocols p WHERE p.id = @protocolId AND ${BILLED_ELSEWHERE}`
  )
  const billable = db.prepare<[string], { id: string; veterinarian_id: string; type: ProtocolType }>(
    `SELECT p.id, p.veterinarian_id, p.type FROM protocols p WHERE p.id = ? AND ${BILLABLE}`
  )
  const pending = db.prepare<{ orderId: null }, PendingRow>(
    `SELECT v.id AS veterinarian_id, v.name, v.clinic, count(*) AS protocols
     FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE ${BILLABLE} AND NOT ${BILLED_ELSEWHERE}
     GROUP BY v.id ORDER BY protocols DESC, v.name`
  )

  const numberHolder = db.prepare<[number, number, string], { id: string }>(`SELECT id FROM work_orders WHERE year = ? AND seq = ? AND id <> ?`)
  // Every version of one order (linked by supersedes_id, either way), oldest first: they share its number.
  const chain = db.prepare<[string], OrderRow>(
    `WITH RECURSIVE up(id, supersedes_id) AS (
       SELECT id, supersedes_id FROM work_orders WHERE id = ?
       UNION SELECT w.id, w.supersedes_id FROM work_orders w JOIN up ON w.id = up.supersedes_id),
     down(id) AS (
       SELECT id FROM up WHERE supersedes_id IS NULL OR supersedes_id NOT IN (SELECT id FROM work_orders)
       UNION SELECT w.id FROM work_orders w JOIN down ON w.supersedes_id = down.id)
     ${ORDER_SELECT} WHERE w.id IN (SELECT id FROM down) AND w.deleted_at IS NULL ORDER BY w.version, w.created_at`
  )
  const renumber = db.prepare(
    `UPDATE work_orders SET number = @number, year = @year, seq = @seq, document_json = @documentJson, number_refused = NULL,
       renumbers = renumbers + 1, updated_at = @at WHERE id = @id`
  )
  // The immutability triggers let an issued order's number change only with renumbers + 1.
  const giveUp = db.prepare(`UPDATE work_orders SET number = NULL, seq = NULL, number_refused = 'number_taken', renumbers = renumbers + 1 WHERE id = ?`)
  const byNumberOrAlias = db.prepare<[number, number, string, number, number], OrderRow>(
    `${ORDER_SELECT} WHERE w.deleted_at IS NULL AND ((w.year = ? AND w.seq = ?) OR w.number = ?
       OR w.id IN (SELECT entity_id FROM number_aliases WHERE entity = 'work_order' AND series = 'OT' AND year = ? AND seq = ?))
     ORDER BY w.version`
  )

  const list = (filter: ListFilter): WorkOrderRecord[] => {
    const where = ['w.deleted_at IS NULL']
    const params: Record<string, unknown> = { limit: filter.limit }
    if (filter.status) {
      where.push('w.status = @status')
      params.status = filter.status
    }
    if (filter.veterinarianId) {
      where.push('w.veterinarian_id = @veterinarianId')
      params.veterinarianId = filter.veterinarianId
    }
    return db
      .prepare<Record<string, unknown>, OrderRow>(`${ORDER_SELECT} WHERE ${where.join(' AND ')} ORDER BY w.updated_at DESC, w.id DESC LIMIT @limit`)
      .all(params)
      .map(toRecord)
  }

  return {
    insert(order: { id: string; number: string | null; veterinarianId: string; version: number; supersedesId: string | null; discountPercent: number; notes: string; locale: string; createdBy: string; demo: boolean; at: string }): void {
      insertOrder.run({ ...order, demo: order.demo ? 1 : 0 })
    },
    get(id: string): WorkOrderRecord | null {
      const row = getOrder.get(id)
      return row ? toRecord(row) : null
    },
    lines(id: string): WorkOrderLine[] {
      return linesOf.all(id).map(toLine)
    },
    /** Replaces every line of a draft (the editor always sends the whole order). */
    replaceLines(workOrderId: string, lines: readonly NewLine[]): void {
      deleteLines.run(workOrderId)
      lines.forEach((line, position) =>
        insertLine.run({
          id: line.id,
          workOrderId,
          position,
          protocolId: line.protocolId,
          serviceId: line.serviceId,
          code: line.code,
          description: line.description,
          unitPriceCents: line.unitPriceCents,
          quantity: line.quantity,
          discountPercent: line.discountPercent,
          taxRatePercent: line.taxRatePercent
        })
      )
    },
    updateDraft(id: string, fields: { discountPercent: number; notes: string; at: string }): boolean {
      return updateDraft.run({ id, ...fields }).changes === 1
    },
    issue(id: string, fields: { number: string; year: number | null; seq: number | null; at: string; actor: string; documentJson: string }): boolean {
      return issue.run({ id, ...fields }).changes === 1
    },
    cancel(id: string, fields: { at: string; reason: string; supersededById: string | null }): boolean {
      return cancel.run({ id, ...fields }).changes === 1
    },
    discard(id: string, at: string): boolean {
      return discard.run({ id, at }).changes === 1
    },
    /** The local order other than `exceptId` that holds (year, seq). */
    numberHolder(year: number, seq: number, exceptId: string): string | null {
      return numberHolder.get(year, seq, exceptId)?.id ?? null
    },
    /** The versions of the order `id` belongs to, oldest first. */
    chainOf(id: string): WorkOrderRecord[] {
      return chain.all(id).map(toRecord)
    },
    /** Orders that carry `OT yy/seq` now or carried it before a renumber (number_aliases), every version. */
    findByNumber(year: number, seq: number): WorkOrderRecord[] {
      return byNumberOrAlias.all(year, seq, formatWorkOrderNumber(year, seq), year, seq).map(toRecord)
    },
    renumber(id: string, fields: { number: string; year: number | null; seq: number | null; documentJson: string | null; at: string }): void {
      renumber.run({ id, ...fields })
    },
    /** A row the server accepted holds the number now: this order carries none until renumbered. */
    giveUpNumber(id: string): void {
      giveUp.run(id)
    },
    openCorrectionOf(id: string): string | null {
      return openCorrection.get(id)?.id ?? null
    },
    list,
    /** Received protocols of the vet not billed on an issued order (other than `orderId` and what it corrects). */
    candidates(veterinarianId: string, orderId: string | null): CandidateProtocol[] {
      return candidates.all({ vetId: veterinarianId, orderId }).map((row) => ({
        id: row.id,
        type: row.type,
        number: row.number,
        animalName: row.animal_name,
        species: row.species,
        owner: row.owner,
        receivedAt: row.received_at,
        onDraft: row.on_draft === 1
      }))
    },
    /** The protocol's number when an issued order other than `orderId` (or what it corrects) already bills it. */
    billedElsewhere(protocolId: string, orderId: string): string | null {
      return billedElsewhere.get({ protocolId, orderId })?.number ?? null
    },
    billableProtocol(id: string): { id: string; veterinarianId: string; type: ProtocolType } | null {
      const row = billable.get(id)
      return row ? { id: row.id, veterinarianId: row.veterinarian_id, type: row.type } : null
    },
    pendingByVeterinarian(): PendingVeterinarian[] {
      return pending.all({ orderId: null }).map((row) => ({ veterinarianId: row.veterinarian_id, name: row.name, clinic: row.clinic, protocols: row.protocols }))
    }
  }
}
export type WorkOrdersRepository = ReturnType<typeof createWorkOrdersRepository>

interface CandidateRow {
  id: string
  type: ProtocolType
  number: string
  animal_name: string
  species: string
  owner: string
  received_at: string | null
  on_draft: number
}

interface PendingRow {
  veterinarian_id: string
  name: string
  clinic: string
  protocols: number
}
