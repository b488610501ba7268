import { z } from 'zod'
import type { Db } from '../../platform/db/database'
import { Uuid } from '../../../shared/domain'
import { WorkOrderStatus } from '../../../shared/documents'
import { LocalDate, addDays, localMidnight } from '../../../shared/statistics'
import { computeTotals } from '../../../shared/totals'
import type { Language } from '../../../shared/languages'
import { defineExportSource, type ExportCell, type ExportColumn } from './export-source'

/** Which work orders: by status, veterinarian, and the order's date (issued, or created for a draft), local days inclusive. */
export const WorkOrdersExportParams = z
  .object({
    status: WorkOrderStatus.optional(),
    veterinarianId: Uuid.optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional()
  })
  .strict()
export type WorkOrdersExportParams = z.infer<typeof WorkOrdersExportParams>

const STATUS_WORDS: Record<WorkOrderStatus, Record<Language, string>> = {
  draft: { es: 'Borrador', en: 'Draft' },
  issued: { es: 'Emitida', en: 'Issued' },
  cancelled: { es: 'Anulada', en: 'Cancelled' }
}

export const WORK_ORDER_COLUMNS: readonly ExportColumn[] = [
  { key: 'number', header: { es: 'Orden', en: 'Order' }, kind: 'text', width: 14 },
  { key: 'version', header: { es: 'Versión', en: 'Version' }, kind: 'number', width: 8 },
  { key: 'status', header: { es: 'Estado', en: 'Status' }, kind: 'text', width: 12 },
  { key: 'date', header: { es: 'Fecha', en: 'Date' }, kind: 'datetime' },
  { key: 'veterinarian', header: { es: 'Veterinario', en: 'Veterinarian' }, kind: 'text', width: 26 },
  { key: 'protocol', header: { es: 'Protocolo', en: 'Protocol' }, kind: 'text', width: 14 },
  { key: 'code', header: { es: 'Código', en: 'Code' }, kind: 'text', width: 12 },
  { key: 'description', header: { es: 'Descripción', en: 'Description' }, kind: 'text', width: 32 },
  { key: 'quantity', header: { es: 'Cantidad', en: 'Quantity' }, kind: 'number', width: 9 },
  { key: 'unitPrice', header: { es: 'Precio unitario', en: 'Unit price' }, kind: 'number', width: 12 },
  { key: 'discountPercent', header: { es: 'Descuento %', en: 'Discount %' }, kind: 'number', width: 11 },
  { key: 'taxRatePercent', header: { es: 'IVA %', en: 'Tax %' }, kind: 'number', width: 8 },
  { key: 'lineTotal', header: { es: 'Importe', en: 'Line total' }, kind: 'number', width: 12 }
]

interface LineRow {
  order_key: number
  position: number
  number: string | null
  version: number
  status: WorkOrderStatus
  at: string
  veterinarian_name: string
  protocol_number: string | null
  code: string
  description: string
  quantity: number
  unit_price_cents: number
  discount_percent: number
  tax_rate_percent: number
}

/** Cents as a number of euros: exact to the cent in a spreadsheet, and summable there. */
const euros = (cents: number) => cents / 100

function toCells(row: LineRow, language: Language): ExportCell[] {
  // The amount printed on the line: after its own discount, before tax and the order discount.
  const [totals] = computeTotals({ lines: [{ unitPriceCents: row.unit_price_cents, quantity: row.quantity, discountPercent: row.discount_percent, taxRatePercent: row.tax_rate_percent }] }).lines
  return [
    row.number,
    row.version,
    STATUS_WORDS[row.status][language],
    new Date(row.at),
    row.veterinarian_name,
    row.protocol_number,
    row.code,
    row.description,
    row.quantity,
    euros(row.unit_price_cents),
    row.discount_percent,
    row.tax_rate_percent,
    euros(totals!.lineTotalCents)
  ]
}

const FROM = `work_order_lines l
  JOIN work_orders w ON w.id = l.work_order_id
  JOIN veterinarians v ON v.id = w.veterinarian_id
  LEFT JOIN protocols p ON p.id = l.protocol_id`

/** The order's date: when it was issued, or created while it is a draft. */
const ORDER_DATE = `coalesce(w.issued_at, w.created_at)`

function whereOf(params: WorkOrdersExportParams): { sql: string; values: Record<string, unknown> } {
  const where = ['w.deleted_at IS NULL']
  const values: Record<string, unknown> = {}
  if (params.status) {
    where.push('w.status = @status')
    values.status = params.status
  }
  if (params.veterinarianId) {
    where.push('w.veterinarian_id = @veterinarianId')
    values.veterinarianId = params.veterinarianId
  }
  // Stored instants are UTC ISO strings: local day bounds compare as text.
  if (params.from) {
    where.push(`${ORDER_DATE} >= @from`)
    values.from = localMidnight(params.from).toISOString()
  }
  if (params.to) {
    where.push(`${ORDER_DATE} < @to`)
    values.to = localMidnight(addDays(params.to, 1)).toISOString()
  }
  return { sql: where.join(' AND '), values }
}

/** One row per work-order line, orders in the order they were made, lines as printed. */
export function workOrdersExportSource(db: Db) {
  return defineExportSource({
    name: 'workOrders',
    params: WorkOrdersExportParams,
    columns: () => WORK_ORDER_COLUMNS,
    count(params) {
      const where = whereOf(params)
      return db.prepare(`SELECT count(*) FROM ${FROM} WHERE ${where.sql}`).pluck().get(where.values) as number
    },
    *chunks(params, chunkSize, language) {
      const where = whereOf(params)
      // Keyset paging on (order, position): each chunk is one short query.
      const page = db.prepare<Record<string, unknown>, LineRow>(
        `SELECT w.rowid AS order_key, l.position, w.number, w.version, w.status, ${ORDER_DATE} AS at, v.name AS veterinarian_name,
           p.number AS protocol_number, l.code, l.description, l.quantity, l.unit_price_cents, l.discount_percent, l.tax_rate_percent
         FROM ${FROM} WHERE ${where.sql} AND (w.rowid, l.position) > (@afterOrder, @afterPosition)
         ORDER BY w.rowid, l.position LIMIT @limit`
      )
      let afterOrder = -1
      let afterPosition = -1
      for (;;) {
        const rows = page.all({ ...where.values, afterOrder, afterPosition, limit: chunkSize })
        if (rows.length === 0) return
        const last = rows[rows.length - 1]!
        afterOrder = last.order_key
        afterPosition = last.position
        yield rows.map((row) => toCells(row, language))
        if (rows.length < chunkSize) return
      }
    }
  })
}
