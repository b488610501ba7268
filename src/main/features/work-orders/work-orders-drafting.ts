import { HandledError } from '../../platform/dispatch'
import { newId } from '../../../shared/ids'
import { computeTotals } from '../../../shared/totals'
import type { ProtocolType, Service } from '../../../shared/domain'
import { defaultServiceFor, type WorkOrderCandidates, type WorkOrderChange, type WorkOrderLine } from '../../../shared/work-orders'
import type { NewLine, WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import type { ArtifactCache } from '../artifacts/artifact-cache'
import { workOrderOwner, type WorkOrderPdfs } from './work-orders-pdf'
import type { WorkOrderSteps } from './work-orders-steps'
import type { WorkOrdersContext } from './work-orders-service'

export type ParsedLine = { id?: string | undefined; protocolId: string | null; serviceId: string; quantity: number; discountPercent: number }

/** The line a protocol starts with on an order: its type's default service, once, no discount; null when the price list has none. */
export function defaultLineFor(protocol: { id: string; type: ProtocolType }, services: readonly Service[]): ParsedLine | null {
  const service = defaultServiceFor(protocol.type, services)
  return service ? { protocolId: protocol.id, serviceId: service.id, quantity: 1, discountPercent: 0 } : null
}

/**
 * Drafts: what can be billed, creating an order from protocols, editing its lines and discount,
 * discarding it. Prices are copied from the catalogue when a line is added (or its service
 * changed) and then kept, so a price-list change never moves a line the clerk already saw.
 */
export function createWorkOrderDrafting(deps: {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  cache: Pick<ArtifactCache, 'release'>
  steps: WorkOrderSteps
  pdfs: Pick<WorkOrderPdfs, 'queue'>
  /** The language a new order's PDF is printed in (the bench's UI language when it is made). */
  locale: () => 'es' | 'en'
}) {
  const { ctx, repo, cache, steps, pdfs } = deps

  const priceLines = (order: WorkOrderRecord, input: readonly ParsedLine[]): NewLine[] => {
    const services = new Map(ctx.services.list().map((service) => [service.id, service]))
    const existing = new Map(repo.lines(order.id).map((line) => [line.id, line]))
    return input.map((line, index): NewLine => {
      if (line.protocolId !== null) {
        const protocol = repo.billableProtocol(line.protocolId)
        if (!protocol || protocol.veterinarianId !== order.veterinarianId) {
          throw new HandledError('line_not_billable', `line ${index + 1}: protocol ${line.protocolId} is not a received protocol of this veterinarian`, { line: index + 1 })
        }
      }
      const kept = line.id === undefined ? undefined : existing.get(line.id)
      if (kept && kept.serviceId === line.serviceId) {
        // The price the clerk saw when the line was added stays, whatever the catalogue says now.
        return { ...kept, protocolId: line.protocolId, quantity: line.quantity, discountPercent: line.discountPercent }
      }
      const service: Service | undefined = services.get(line.serviceId)
      if (!service) throw new HandledError('line_service_unknown', `line ${index + 1}: service ${line.serviceId} is not in the price list`, { line: index + 1 })
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
    const before = steps.snapshot(order.id).payload
    repo.updateDraft(order.id, { discountPercent: next.discountPercent, notes: next.notes, at })
    repo.replaceLines(order.id, next.lines)
    // Totals must be computable before anything is stored as saved (a sum beyond 2^53 cents is refused here).
    computeTotals({ lines: next.lines, orderDiscountPercent: next.discountPercent })
    steps.record(action, order.id, actor, at, before)
    return pdfs.queue(order.id)
  }

  return {
    candidates(veterinarianId: string, workOrderId?: string): WorkOrderCandidates {
      if (!ctx.veterinarians.get(veterinarianId)) throw new HandledError('not_found', `veterinarian ${veterinarianId} not found`)
      return {
        protocols: repo.candidates(veterinarianId, workOrderId ?? null),
        services: ctx.services.list().filter((service) => service.active),
        defaultTaxRatePercent: ctx.settings.get().defaultTaxRatePercent
      }
    },

    create(input: { veterinarianId: string; protocolIds: readonly string[] }): WorkOrderChange {
      const actor = steps.requireClerk()
      if (!ctx.veterinarians.get(input.veterinarianId)) throw new HandledError('not_found', `veterinarian ${input.veterinarianId} not found`)
      const services = ctx.services.list()
      const lines = input.protocolIds.map((protocolId): ParsedLine => {
        const protocol = repo.billableProtocol(protocolId)
        const line = protocol && defaultLineFor(protocol, services)
        if (!line) throw new HandledError('protocol_not_billable', `protocol ${protocolId} cannot be billed (not received, or no service in the price list)`)
        return line
      })
      const id = newId()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        repo.insert({ id, number: null, veterinarianId: input.veterinarianId, version: 1, supersedesId: null, discountPercent: 0, notes: '', locale: deps.locale(), createdBy: actor, demo: ctx.demo.active(), at })
        repo.replaceLines(id, priceLines(steps.requireOrder(id), lines))
        steps.record('created', id, actor, at, undefined)
        return pdfs.queue(id)
      })()
      return steps.change(id, jobId)
    },

    save(input: { id: string; expectedUpdatedAt?: string | undefined; discountPercent: number; notes: string; lines: readonly ParsedLine[] }): WorkOrderChange {
      const actor = steps.requireClerk()
      const at = ctx.clock().toISOString()
      const jobId = ctx.db.transaction(() => {
        const order = steps.requireOrder(input.id)
        steps.requireDraft(order)
        steps.requireUnchanged(order, input.expectedUpdatedAt)
        return writeDraft(order, { discountPercent: input.discountPercent, notes: input.notes, lines: priceLines(order, input.lines) }, 'saved', actor, at)
      })()
      return steps.change(input.id, jobId)
    },

    /**
     * Changes a draft's lines on behalf of someone other than its editor (a bulk assignment):
     * `edit` gets the lines as they are and answers the draft's new lines; the write, its audit and
     * outbox rows and the PDF render are those of a save. Joins the caller's transaction.
     */
    reviseDraftLines(id: string, action: string, actor: string, edit: (order: WorkOrderRecord, lines: readonly WorkOrderLine[]) => readonly NewLine[]): number | null {
      const at = ctx.clock().toISOString()
      return ctx.db.transaction(() => {
        const order = steps.requireOrder(id)
        steps.requireDraft(order)
        return writeDraft(order, { discountPercent: order.discountPercent, notes: order.notes, lines: edit(order, repo.lines(id)) }, action, actor, at)
      })()
    },

    /** A draft's lines as given, priced from the catalogue (kept prices for unchanged existing lines). */
    priceLines,

    discard(id: string): { id: string } {
      const actor = steps.requireClerk()
      const at = ctx.clock().toISOString()
      ctx.db.transaction(() => {
        const order = steps.requireOrder(id)
        steps.requireDraft(order)
        const before = steps.snapshot(id).payload
        repo.discard(id, at)
        cache.release(workOrderOwner(id))
        steps.record('discarded', id, actor, at, before, 'delete')
      })()
      steps.changed([id])
      return { id }
    }
  }
}
