/**
 * Work orders: the rules. Every change writes the order, its audit row, its outbox row and the
 * PDF render it implies in ONE transaction; the `workOrders.changed` event goes out after commit.
 *
 * - draft: lines and discount change freely; prices are copied from the catalogue when a line
 *   is added (or its service changed) and then kept, so a price-list change never moves a line
 *   the clerk already saw.
 * - issued: numbered (`OT 26/0001`, per year and bench), its rendering input frozen; immutable
 *   (the database refuses too). "Correct" opens a new draft version that supersedes it; issuing
 *   that version cancels the old one in the same transaction.
 * - cancelled: the end. Its protocols can be billed again.
 */
import { HandledError } from '../../platform/dispatch'
import type { BenchSession, Platform } from '../../platform/module'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { ServicesRepository } from './services-repository'
import { newId } from '../../../shared/ids'
import { computeTotals } from '../../../shared/totals'
import type { ProtocolType, Service } from '../../../shared/domain'
import {
  defaultServiceFor,
  formatWorkOrderNumber,
  type PendingVeterinarian,
  type WorkOrderCandidates,
  type WorkOrderChange,
  type WorkOrderDetail,
  type WorkOrderLine,
  type WorkOrderPdf,
  type WorkOrderSummary
} from '../../../shared/work-orders'
import type { NewLine, WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import { enqueueArtifactRender, type ArtifactCache } from '../artifacts/artifact-cache'
import { workOrderDocument, workOrderFileName, workOrderRender, workOrderTitle } from './work-orders-document'

/** What work orders read and write besides their own tables. */
export interface WorkOrdersContext extends Pick<Platform, 'db' | 'clock' | 'emit' | 'audit' | 'outbox' | 'queue'> {
  settings: SettingsService
  services: ServicesRepository
  veterinarians: VeterinariansRepository
  session: Pick<BenchSession, 'clerk'>
}

export interface WorkOrdersServiceDeps {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  cache: ArtifactCache
  /** The language a new order's PDF is printed in (the bench's UI language when it is made). */
  locale: () => 'es' | 'en'
}

/** The artifact cache's owner name for an order's PDF. */
export const workOrderOwner = (id: string) => `work_order:${id}`

export type ParsedLine = { id?: string | undefined; protocolId: string | null; serviceId: string; quantity: number; discountPercent: number }

/** The line a protocol starts with on an order: its type's default service, once, no discount; null when the price list has none. */
export function defaultLineFor(protocol: { id: string; type: ProtocolType }, services: readonly Service[]): ParsedLine | null {
  const service = defaultServiceFor(protocol.type, services)
  return service ? { protocolId: protocol.id, serviceId: service.id, quantity: 1, discountPercent: 0 } : null
}

export function createWorkOrdersService(deps: WorkOrdersServiceDeps) {
  const { ctx, repo, cache } = deps

  const summaryOf = (order: WorkOrderRecord, lines: readonly WorkOrderLine[]): WorkOrderSummary => ({
    id: order.id,
    number: order.number,
    version: order.version,
    status: order.status,
    veterinarianId: order.veterinarianId,
    veterinarianName: order.veterinarianName,
    lineCount: lines.length,
    totalCents: computeTotals({ lines, orderDiscountPercent: order.discountPercent }).totalCents,
    supersedesId: order.supersedesId,
    supersededById: order.supersededById,
    issuedAt: order.issuedAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt
  })

  const documentOf = (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => {
    const settings = order.documentJson === null ? ctx.settings.get() : null
    const vet = order.documentJson === null ? ctx.veterinarians.get(order.veterinarianId) : null
    return workOrderDocument(order, lines, {
      letterhead: settings?.letterhead ?? { name: '-', address: '', taxId: '' },
      veterinarian: {
        name: vet?.name ?? order.veterinarianName,
        clinic: vet?.clinic ?? '',
        email: vet?.email ?? '',
        phone: vet?.phone ?? '',
        licence: vet?.licence ?? ''
      },
      publicBaseUrl: settings?.publicBaseUrl ?? 'https://lab.example'
    })
  }

  const requireOrder = (id: string): WorkOrderRecord => {
    const order = repo.get(id)
    if (!order) throw new HandledError('not_found', `work order ${id} not found`)
    return order
  }
  const requireClerk = (): string => {
    const clerk = ctx.session.clerk()
    if (!clerk) throw new HandledError('no_clerk', 'choose the clerk on duty first')
    return clerk
  }
  const requireDraft = (order: WorkOrderRecord): void => {
    if (order.status !== 'draft') throw new HandledError('immutable', `work order ${order.number ?? order.id} is ${order.status}; correct it as a new version`)
  }
  const requireUnchanged = (order: WorkOrderRecord, expectedUpdatedAt: string | undefined): void => {
    if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== order.updatedAt) {
      throw new HandledError('conflict', `work order ${order.id} changed since it was loaded`)
    }
  }

  /** What sync and the audit log keep of an order: the row and its lines. */
  const snapshot = (id: string) => {
    const order = requireOrder(id)
    const lines = repo.lines(id)
    return { order, lines, payload: { ...order, documentJson: undefined, document: order.documentJson === null ? null : (JSON.parse(order.documentJson) as unknown), lines } }
  }

  /** Audit + outbox of one change; call inside the transaction. */
  const record = (action: string, id: string, actor: string, at: string, before: unknown, op: 'upsert' | 'delete' = 'upsert') => {
    const after = op === 'delete' ? null : snapshot(id).payload
    ctx.audit.append({ at, actor, action: `work_order.${action}`, entity: 'work_order', entityId: id, before: before ?? undefined, after: after ?? undefined })
    ctx.outbox.append({ entity: 'work_order', entityId: id, op, payload: after ?? { id }, at })
  }

  /** The render of the order's current PDF, queued unless on disk; its owner now refers to it. Inside the transaction. */
  const queuePdf = (id: string): number | null => {
    const { order, lines } = snapshot(id)
    const { key, jobId } = enqueueArtifactRender(ctx.queue, cache, workOrderRender(documentOf(order, lines)))
    cache.reference(workOrderOwner(id), key)
    return jobId
  }

  const priceLines = (order: WorkOrderRecord, input: readonly ParsedLine[]): NewLine[] => {
    const services = new Map(ctx.services.list().map((service) => [service.id, service]))
    const existing = new Map(repo.lines(order.id).map((line) => [line.id, line]))
    return input.map((line, index): NewLine => {
      if (line.protocolId !== null) {
        const protocol = repo.billableProtocol(line.protocolId)
        if (!protocol || protocol.veterinarianId !== order.veterinarianId) {
          throw new HandledError('invalid_input', `line ${index + 1}: protocol ${line.protocolId} is not a received protocol of this veterinarian`)
        }
      }
      const kept = line.id === undefined ? undefined : existing.get(line.id)
      if (kept && kept.serviceId === line.serviceId) {
        // The price the clerk saw when the line was added stays, whatever the catalogue says now.
        return { ...kept, protocolId: line.protocolId, quantity: line.quantity, discountPercent: line.discountPercent }
      }
      const service: Service | undefined = services.get(line.serviceId)
      if (!service) throw new HandledError('invalid_input', `line ${index + 1}: service ${line.serviceId} is not in the price list`)
      return {
        id: kept?.id ?? newId(),
        protocolId: line.protocolId,
        serviceId: service.id,
        code: service.code,
        description: service.description,
        unitPriceCents: service.unitPriceCents,
        quantity: line.quantity,
        discountPercent: line.discountPercent,
        taxRatePercent: service.taxRatePercent
      }
    })
  }

  /** Writes a draft's fields and lines (updatedAt moves, so an editor holding the old version is told). Inside the transaction. */
  const writeDraft = (order: WorkOrderRecord, next: { discountPercent: number; notes: string; lines: readonly NewLine[] }, action: string, actor: string, at: string): number | null => {
    const before = snapshot(order.id).payload
    repo.updateDraft(order.id, { discountPercent: next.discountPercent, notes: next.notes, at })
    repo.replaceLines(order.id, next.lines)
    // Totals must be computable before anything is stored as saved (a sum beyond 2^53 cents is refused here).
    computeTotals({ lines: next.lines, orderDiscountPercent: next.discountPercent })
    record(action, order.id, actor, at, before)
    return queuePdf(order.id)
  }

  const changed = (ids: string[]) => ctx.emit('workOrders.changed', { ids })

  const pdfRender = (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => {
    const render = workOrderRender(documentOf(order, lines))
    return { render, key: cache.keyOf(render.kind, render.input, render.templateVersion) }
  }

  const detail = (id: string): WorkOrderDetail => {
    const order = requireOrder(id)
    const lines = repo.lines(id)
    const { key } = pdfRender(order, lines)
    return {
      ...summaryOf(order, lines),
      discountPercent: order.discountPercent,
      notes: order.notes,
      locale: order.locale,
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason,
      issuedBy: order.issuedBy,
      createdBy: order.createdBy,
      lines,
      audit: ctx.audit.listFor('work_order', id),
      pdf: { key, ready: cache.has(key) }
    }
  }

  const change = (id: string, pdfJobId: number | null, ids: string[] = [id]): WorkOrderChange => {
    changed(ids)
    return { order: detail(id), pdfJobId }
  }

  return {
    list(filter: { status?: WorkOrderRecord['status']; veterinarianId?: string; limit: number }): WorkOrderSummary[] {
      return repo.list(filter).map((order) => summaryOf(order, repo.lines(order.id)))
    },
    pending(): PendingVeterinarian[] {
      return repo.pendingByVeterinarian()
    },
    get: detail,
    candidates(veterinarianId: string, workOrderId?: string): WorkOrderCandidates {
      if (!ctx.veterinarians.get(veterinarianId)) throw new HandledError('not_found', `veterinarian ${veterinarianId} not found`)
      return {
        protocols: repo.candidates(veterinarianId, workOrderId ?? null),
        services: ctx.services.list().filter((service) => service.active),
        defaultTaxRatePercent: ctx.settings.get().defaultTaxRatePercent
      }
    },

    create(input: { veterinarianId: string; protocolIds: readonly string[] }): WorkOrderChange {
      const actor = requireClerk()
      if (!ctx.veterinarians.get(input.veterinarianId)) throw new HandledError('not_found', `veterinarian ${input.veterinarianId} not found`)
      const services = ctx.services.list()
      const lines = input.protocolIds.map((protocolId): ParsedLine => {
        const protocol = repo.billableProtocol(protocolId)
        const line = protocol && defaultLineFor(protocol, services)
        if (!line) throw new HandledError('invalid_input', `protocol ${protocolId} cannot be billed (not received, or no service in the price list)`)
        return line
      })
      const id = newId()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        repo.insert({ id, number: null, veterinarianId: input.veterinarianId, version: 1, supersedesId: null, discountPercent: 0, notes: '', locale: deps.locale(), createdBy: actor, at })
        repo.replaceLines(id, priceLines(requireOrder(id), lines))
        record('created', id, actor, at, undefined)
        return queuePdf(id)
      })()
      return change(id, jobId)
    },

    save(input: { id: string; expectedUpdatedAt?: string | undefined; discountPercent: number; notes: string; lines: readonly ParsedLine[] }): WorkOrderChange {
      const actor = requireClerk()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        const order = requireOrder(input.id)
        requireDraft(order)
        requireUnchanged(order, input.expectedUpdatedAt)
        return writeDraft(order, { discountPercent: input.discountPercent, notes: input.notes, lines: priceLines(order, input.lines) }, 'saved', actor, at)
      })()
      return change(input.id, jobId)
    },

    /**
     * Changes a draft's lines on behalf of someone other than its editor (a bulk assignment):
     * `edit` gets the lines as they are and answers the draft's new lines; the write, its audit and
     * outbox rows and the PDF render are those of a save. Joins the caller's transaction.
     */
    reviseDraftLines(id: string, action: string, actor: string, edit: (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => readonly NewLine[]): number | null {
      const at = ctx.clock().toISOString()
      return ctx.db.transaction(() => {
        const order = requireOrder(id)
        requireDraft(order)
        return writeDraft(order, { discountPercent: order.discountPercent, notes: order.notes, lines: edit(order, repo.lines(id)) }, action, actor, at)
      })()
    },
    /** A draft's lines as given, priced from the catalogue (kept prices for unchanged existing lines). */
    priceLines,

    issue(input: { id: string; expectedUpdatedAt?: string | undefined }): WorkOrderChange {
      const actor = requireClerk()
      const now = ctx.clock()
      const at = now.toISOString()
      const ids = [input.id]
      const jobId = ctx.db.transaction(() => {
        const order = requireOrder(input.id)
        requireDraft(order)
        requireUnchanged(order, input.expectedUpdatedAt)
        const lines = repo.lines(order.id)
        if (lines.length === 0) throw new HandledError('invalid_input', 'a work order needs at least one line to be issued')
        for (const protocolId of new Set(lines.flatMap((line) => (line.protocolId ? [line.protocolId] : [])))) {
          if (!repo.billableProtocol(protocolId)) throw new HandledError('conflict', `protocol ${protocolId} can no longer be billed (rejected or voided)`)
          const billed = repo.billedElsewhere(protocolId, order.id)
          if (billed) throw new HandledError('conflict', `protocol ${billed} is already on another issued work order`)
        }
        const before = snapshot(order.id).payload
        let year: number | null = null
        let seq: number | null = null
        let number = order.number
        if (order.supersedesId === null || number === null) {
          year = now.getFullYear()
          seq = repo.nextSeq(year)
          number = formatWorkOrderNumber(year, seq)
        }
        const issued: WorkOrderRecord = { ...order, number, year, seq, status: 'issued', issuedAt: at, issuedBy: actor, updatedAt: at }
        const documentJson = JSON.stringify(documentOf(issued, lines))
        if (!repo.issue(order.id, { number, year, seq, at, actor, documentJson })) throw new HandledError('conflict', `work order ${order.id} changed meanwhile`)
        record('issued', order.id, actor, at, before)
        if (order.supersedesId !== null) {
          const previous = requireOrder(order.supersedesId)
          const previousBefore = snapshot(previous.id).payload
          if (!repo.cancel(previous.id, { at, reason: `superseded by version ${order.version}`, supersededById: order.id })) {
            throw new HandledError('conflict', `the order this version corrects is no longer issued`)
          }
          record('superseded', previous.id, actor, at, previousBefore)
          ids.push(previous.id)
        }
        return queuePdf(order.id)
      })()
      return change(input.id, jobId, ids)
    },

    correct(id: string): WorkOrderChange {
      const actor = requireClerk()
      const at = ctx.clock().toISOString()
      const { correctionId, jobId } = ctx.db.transaction(() => {
        const order = requireOrder(id)
        if (order.status !== 'issued') throw new HandledError(order.status === 'draft' ? 'conflict' : 'immutable', `only an issued work order can be corrected (this one is ${order.status})`)
        const open = repo.openCorrectionOf(id)
        if (open) return { correctionId: open, jobId: null }
        const next = newId()
        repo.insert({ id: next, number: order.number, veterinarianId: order.veterinarianId, version: order.version + 1, supersedesId: order.id, discountPercent: order.discountPercent, notes: order.notes, locale: order.locale, createdBy: actor, at })
        // The lines exactly as issued (prices included): a correction starts from what the vet got.
        repo.replaceLines(next, repo.lines(id).map((line) => ({ ...line, id: newId() })))
        record('corrected', next, actor, at, undefined)
        return { correctionId: next, jobId: queuePdf(next) }
      })()
      return change(correctionId, jobId)
    },

    cancel(input: { id: string; reason: string }): WorkOrderChange {
      const actor = requireClerk()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        const order = requireOrder(input.id)
        if (order.status !== 'issued') throw new HandledError(order.status === 'draft' ? 'conflict' : 'immutable', `only an issued work order can be cancelled (this one is ${order.status})`)
        const before = snapshot(order.id).payload
        repo.cancel(order.id, { at, reason: input.reason, supersededById: null })
        record('cancelled', order.id, actor, at, before)
        return queuePdf(order.id)
      })()
      return change(input.id, jobId)
    },

    discard(id: string): { id: string } {
      const actor = requireClerk()
      const at = ctx.clock().toISOString()
      ctx.db.transaction(() => {
        const order = requireOrder(id)
        requireDraft(order)
        const before = snapshot(id).payload
        repo.discard(id, at)
        cache.release(workOrderOwner(id))
        record('discarded', id, actor, at, before, 'delete')
      })()
      changed([id])
      return { id }
    },

    /**
     * The order's PDF. Unchanged since it was last rendered: the stored file, at once. Changed
     * (or never rendered, or pruned): one queued render whose unique key is the artifact key,
     * however many times the clerk asks while it runs.
     */
    pdf(id: string): WorkOrderPdf {
      const order = requireOrder(id)
      const { render, key } = pdfRender(order, repo.lines(id))
      const names = { key, fileName: workOrderFileName(order), title: workOrderTitle(order) }
      const owner = workOrderOwner(id)
      const bytes = cache.lookup(key)
      if (bytes) {
        if (cache.referenced(owner) !== key) cache.reference(owner, key)
        return { state: 'ready', ...names, pdfBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') }
      }
      const queued = ctx.db.transaction(() => {
        cache.reference(owner, key)
        return enqueueArtifactRender(ctx.queue, cache, render)
      })()
      return { state: 'rendering', ...names, jobId: queued.jobId }
    }
  }
}
export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>
