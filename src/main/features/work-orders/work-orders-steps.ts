import { HandledError } from '../../platform/dispatch'
import { computeTotals } from '../../../shared/totals'
import type { WorkOrderChange, WorkOrderDetail, WorkOrderLine, WorkOrderSummary } from '../../../shared/work-orders'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import type { ArtifactCache } from '../artifacts/artifact-cache'
import type { WorkOrderPdfs } from './work-orders-pdf'
import type { WorkOrdersContext } from './work-orders-service'

export function requireOrder(repo: Pick<WorkOrdersRepository, 'get'>, id: string): WorkOrderRecord {
  const order = repo.get(id)
  if (!order) throw new HandledError('not_found', `work order ${id} not found`)
  return order
}

export function summaryOf(order: WorkOrderRecord, lines: readonly WorkOrderLine[]): WorkOrderSummary {
  return {
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
    updatedAt: order.updatedAt,
    copiedFrom: order.copiedFrom === null ? null : { benchName: order.copiedFrom || null }
  }
}

/**
 * What every change of a work order goes through, whether drafting or issuing: the guards that
 * refuse it, the audit and outbox rows that record it (inside its transaction), and the answer
 * and event that announce it (after the commit).
 */
export function createWorkOrderSteps(deps: {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  cache: Pick<ArtifactCache, 'has'>
  pdfs: Pick<WorkOrderPdfs, 'keyOf'>
}) {
  const { ctx, repo, cache, pdfs } = deps

  /** What sync and the audit log keep of an order: the row and its lines (a refusal of its number is this bench's business only). */
  const snapshot = (id: string) => {
    const order = requireOrder(repo, id)
    const lines = repo.lines(id)
    const { documentJson, numberRefused: _refused, copiedFrom: _copied, ...row } = order
    return { order, lines, payload: { ...row, document: documentJson === null ? null : (JSON.parse(documentJson) as unknown), lines } }
  }

  const changed = (ids: string[]) => ctx.emit('workOrders.changed', { ids })

  const detail = (id: string): WorkOrderDetail => {
    const order = requireOrder(repo, id)
    const lines = repo.lines(id)
    const key = pdfs.keyOf(order, lines)
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

  return {
    requireOrder: (id: string) => requireOrder(repo, id),

    requireClerk(): string {
      const clerk = ctx.session.clerk()
      if (!clerk) throw new HandledError('no_clerk', 'choose the clerk on duty first')
      return clerk
    },

    requireDraft(order: WorkOrderRecord): void {
      if (order.status !== 'draft') throw new HandledError('immutable', `work order ${order.number ?? order.id} is ${order.status}; correct it as a new version`)
    },

    requireUnchanged(order: WorkOrderRecord, expectedUpdatedAt: string | undefined): void {
      if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== order.updatedAt) {
        throw new HandledError('conflict', `work order ${order.id} changed since it was loaded`)
      }
    },

    snapshot,

    /** Audit + outbox of one change; call inside the transaction. */
    record(action: string, id: string, actor: string, at: string, before: unknown, op: 'upsert' | 'delete' = 'upsert'): void {
      const after = op === 'delete' ? null : snapshot(id).payload
      ctx.audit.append({ at, actor, action: `work_order.${action}`, entity: 'work_order', entityId: id, before: before ?? undefined, after: after ?? undefined })
      ctx.outbox.append({ entity: 'work_order', entityId: id, op, payload: after ?? { id }, at })
    },

    detail,
    changed,

    /** After the commit: announces the change and answers with the order as it is now. */
    change(id: string, pdfJobId: number | null, ids: string[] = [id]): WorkOrderChange {
      changed(ids)
      return { order: detail(id), pdfJobId }
    }
  }
}
export type WorkOrderSteps = ReturnType<typeof createWorkOrderSteps>
