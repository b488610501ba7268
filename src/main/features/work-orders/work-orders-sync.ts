/**
 * Work orders on every bench: an issued (or cancelled) order made elsewhere arrives with its
 * lines, so "Pendientes de facturar" here leaves out what another bench billed, and with the PDF
 * it was issued with (a blob, byte for byte the one the veterinarian got). Such an order is
 * read-only here. Drafts stay at the bench that writes them.
 */
import { z } from 'zod'
import { WorkOrderDocument } from '../../../shared/documents'
import type { Db } from '../../platform/db/database'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import { artifactKey, type ArtifactCache } from '../artifacts/artifact-cache'
import type { DocumentCopiesRepository } from '../sync/document-copies-repository'
import { RowNotApplicable, type DocumentPdfSource, type NumberGivenUp, type RemoteRowApplier } from '../sync/sync-module'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import { workOrderRender } from './work-orders-document'
import { workOrderOwner } from './work-orders-pdf'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'

const Line = z.object({
  id: z.string().min(1),
  protocolId: z.string().nullable(),
  serviceId: z.string().nullable(),
  code: z.string(),
  description: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int().positive(),
  discountPercent: z.number(),
  taxRatePercent: z.number()
})

/** An issued or cancelled order as its bench pushed it (work-orders-steps.ts `snapshot`). */
const IssuedCopy = z.object({
  number: z.string().min(1),
  year: z.number().int().nullable(),
  seq: z.number().int().nullable(),
  veterinarianId: z.string().min(1),
  status: z.enum(['issued', 'cancelled']),
  version: z.number().int().min(1),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  discountPercent: z.number(),
  notes: z.string(),
  locale: z.enum(['es', 'en']),
  issuedAt: z.string(),
  issuedBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string(),
  document: z.record(z.string(), z.unknown()),
  lines: z.array(Line),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string()
})

/** The cache key of the PDF an order was issued with (a cancelled order prints another page). */
export function issuedPdfKey(order: Pick<WorkOrderRecord, 'documentJson'>): string | null {
  if (order.documentJson === null) return null
  const render = workOrderRender(WorkOrderDocument.parse({ ...(JSON.parse(order.documentJson) as object), status: 'issued' }))
  return artifactKey(render.kind, render.input, render.templateVersion)
}

export interface WorkOrderSyncDeps {
  db: Db
  repo: WorkOrdersRepository
  cache: Pick<ArtifactCache, 'lookup' | 'sha256Of' | 'put' | 'reference'>
  copies: DocumentCopiesRepository
  outbox: Pick<OutboxRepository, 'append'>
  numbers: Pick<NumberBlocksRepository, 'addAlias'>
}

export function createWorkOrderSync(deps: WorkOrderSyncDeps): { applier: RemoteRowApplier; pdfs: DocumentPdfSource } {
  const { db, repo, copies } = deps
  const exists = (table: 'work_orders' | 'protocols' | 'services' | 'veterinarians', id: string | null): string | null =>
    id !== null && db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) ? id : null
  const sha256Of = (fields: Record<string, unknown>): string | null =>
    typeof fields.pdfSha256 === 'string' && /^[0-9a-f]{64}$/.test(fields.pdfSha256) ? fields.pdfSha256 : null

  /** Written as the bench itself would: a draft with its lines, then issued (the triggers allow no other way). */
  const insertCopy = (id: string, copy: z.infer<typeof IssuedCopy>) => {
    repo.insert({
      id,
      number: null,
      veterinarianId: copy.veterinarianId,
      version: copy.version,
      supersedesId: exists('work_orders', copy.supersedesId),
      discountPercent: copy.discountPercent,
      notes: copy.notes,
      locale: copy.locale,
      createdBy: copy.createdBy,
      demo: false,
      at: copy.createdAt
    })
    repo.replaceLines(id, copy.lines.map((line) => ({ ...line, serviceId: exists('services', line.serviceId) })))
    repo.issue(id, { number: copy.number, year: copy.year, seq: copy.seq, at: copy.issuedAt, actor: copy.issuedBy ?? '', documentJson: JSON.stringify(copy.document) })
    db.prepare('UPDATE work_orders SET updated_at = ? WHERE id = ?').run(copy.updatedAt, id)
  }

  /**
   * A pull brings each row at its latest version, so an order may come before its veterinarian
   * or a protocol it bills (changed after the order was issued): it waits aside until they are
   * here (`settle`, after the pull), never written with a line that lost its protocol.
   */
  const waitsFor = (copy: z.infer<typeof IssuedCopy>): boolean =>
    !exists('veterinarians', copy.veterinarianId) || copy.lines.some((line) => line.protocolId !== null && !exists('protocols', line.protocolId))

  /**
   * The server accepted the pulled order's number, so a local order still holding it (numbered
   * here from a range another bench had registered first) gives it up rather than the pulled one
   * being dropped: it and its issued versions keep the number as an alias and wait, refused as
   * `number_taken`, for "Renumerar".
   */
  const giveUpNumberTo = (pulledId: string, copy: z.infer<typeof IssuedCopy>, at: string): NumberGivenUp[] => {
    if (copy.year === null || copy.seq === null) return []
    const holderId = repo.numberHolder(copy.year, copy.seq, pulledId)
    const holder = holderId === null ? null : repo.get(holderId)
    if (!holder?.number) return []
    const number = holder.number
    const numbered = (order: WorkOrderRecord) => ({ number: order.number, year: order.year, seq: order.seq, numberRefused: order.numberRefused, renumbers: order.renumbers })
    for (const version of repo.chainOf(holder.id)) {
      if (version.status === 'draft' || version.number !== number) continue
      deps.numbers.addAlias({ entity: 'work_order', entityId: version.id, series: 'OT', year: copy.year, seq: copy.seq, number, at })
      repo.giveUpNumber(version.id)
    }
    return [{ entity: 'work_order', id: holder.id, number, takenBy: pulledId, before: numbered(holder), after: numbered(repo.get(holder.id)!) }]
  }

  const applyCopy = (id: string, fields: Record<string, unknown>, at: string, originBench: string | null = null): NumberGivenUp[] => {
    const local = repo.get(id)
    const elsewhere = !local || copies.isElsewhere('work_order', id)
    let givenUp: NumberGivenUp[] = []
    if (!local) {
      const parsed = IssuedCopy.safeParse(fields)
      if (!parsed.success) throw new RowNotApplicable(`work order ${id} from the server is not a valid issued order: ${parsed.error.message}`)
      if (waitsFor(parsed.data)) {
        copies.want({ entity: 'work_order', id, sha256: sha256Of(fields), stagedJson: JSON.stringify(fields), originBench, at })
        return []
      }
      givenUp = giveUpNumberTo(id, parsed.data, at)
      insertCopy(id, parsed.data)
      copies.unstage('work_order', id)
    }
    const order = repo.get(id)!
    if (fields.status === 'cancelled' && order.status === 'issued') {
      repo.cancel(id, {
        at: typeof fields.cancelledAt === 'string' ? fields.cancelledAt : at,
        reason: typeof fields.cancelReason === 'string' ? fields.cancelReason : '',
        supersededById: exists('work_orders', typeof fields.supersededById === 'string' ? fields.supersededById : null)
      })
    }
    if (elsewhere) copies.want({ entity: 'work_order', id, sha256: sha256Of(fields), originBench, at })
    return givenUp
  }

  return {
    applier: {
      apply(row, at) {
        if (row.deletedAt || (row.fields.status !== 'issued' && row.fields.status !== 'cancelled')) return []
        return applyCopy(row.id, row.fields, at, row.ownerBench ?? null)
      },
      // An issued order is never deleted.
      remove: () => undefined,
      settle(at) {
        const failed: string[] = []
        const givenUp: NumberGivenUp[] = []
        for (const staged of copies.staged('work_order')) {
          try {
            givenUp.push(...db.transaction(() => applyCopy(staged.id, JSON.parse(staged.json) as Record<string, unknown>, at))())
          } catch (error) {
            // Said once (as a conflict to review), not at every round.
            copies.unstage('work_order', staged.id)
            failed.push(`work order ${staged.id}: ${error instanceof Error ? error.message : String(error)}`)
          }
        }
        if (failed.length > 0) throw new Error(failed.join('; '))
        return givenUp
      }
    },
    pdfs: {
      entity: 'work_order',
      toUpload(limit) {
        const waiting = db
          .prepare<[number], { id: string }>(
            `SELECT w.id FROM work_orders w
             WHERE w.status IN ('issued', 'cancelled') AND w.document_json IS NOT NULL AND w.deleted_at IS NULL AND w.demo = 0
               AND NOT EXISTS (SELECT 1 FROM document_copies c WHERE c.entity = 'work_order' AND c.entity_id = w.id)
             ORDER BY w.issued_at LIMIT ?`
          )
          .all(limit)
        const ready: { id: string; sha256: string }[] = []
        for (const { id } of waiting) {
          const key = issuedPdfKey(repo.get(id)!)
          // Not rendered yet: its render job stores it, and a later round uploads it.
          const sha256 = key ? deps.cache.sha256Of(key) : null
          if (sha256) ready.push({ id, sha256 })
        }
        return ready
      },
      bytes(id, sha256) {
        const order = repo.get(id)
        const key = order ? issuedPdfKey(order) : null
        return key && deps.cache.sha256Of(key) === sha256 ? deps.cache.lookup(key) : null
      },
      // Other benches learn which PDF the order was issued with from the order itself.
      uploaded(id, sha256, at) {
        deps.outbox.append({ entity: 'work_order', entityId: id, op: 'upsert', payload: { id, pdfSha256: sha256 }, at })
      },
      async store(pdfs) {
        return Promise.all(
          pdfs.map(async ({ id, sha256, bytes }) => {
            try {
              const order = repo.get(id)
              const key = order ? issuedPdfKey(order) : null
              if (!order || !key) throw new Error(`work order ${id} is not here as an issued order`)
              const render = workOrderRender(WorkOrderDocument.parse({ ...(JSON.parse(order.documentJson!) as object), status: 'issued' }))
              await deps.cache.put(key, render.kind, render.templateVersion, bytes)
              if (deps.cache.sha256Of(key) !== sha256) throw new Error(`work order ${id}: the stored PDF does not hash to ${sha256}`)
              if (order.status === 'issued') db.transaction(() => deps.cache.reference(workOrderOwner(id), key))()
              return null
            } catch (error) {
              return error instanceof Error ? error.message : String(error)
            }
          })
        )
      }
    }
  }
}
