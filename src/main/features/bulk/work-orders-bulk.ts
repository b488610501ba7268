/**
 * Bulk "assign to a work order": each protocol becomes a line of a draft work order of its
 * veterinarian, priced like a line the clerk adds in the editor, and undo takes those lines away
 * again while the order is still a draft. Both run inside the bulk chunk's transaction.
 */
import { v5 } from 'uuid'
import type { Platform } from '../../platform/module'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { ServicesRepository } from '../work-orders/services-repository'
import type { Service } from '../../../shared/domain'
import type { ErrorParams, RequestErrorCode } from '../../../shared/error-codes'
import type { WorkOrderAssigner, WorkOrderAssignment } from './bulk-module'
import { createWorkOrdersRepository, type NewLine, type WorkOrderRecord, type WorkOrdersRepository } from '../work-orders/work-orders-repository'
import type { WorkOrdersService } from '../work-orders/work-orders-service'
import { defaultLineFor, type ParsedLine } from '../work-orders/work-orders-drafting'

/** Namespace of the ids of lines added in bulk (UUIDv5): the line of a protocol on an order is found again without storing anything. */
const BULK_LINE_NAMESPACE = '3f0c7d52-6b1e-4c8e-9a57-0d2f4e8b1c63'

/** The id of the line a bulk assignment gives `protocolId` on `workOrderId`: undo removes exactly that line, not one the clerk added by hand. */
export function bulkLineId(workOrderId: string, protocolId: string): string {
  return v5(`${workOrderId}/${protocolId}`, BULK_LINE_NAMESPACE)
}

type Refusal = Extract<WorkOrderAssignment, { ok: false }>
const refuse = (protocolId: string, code: RequestErrorCode, message: string, params?: ErrorParams): Refusal => ({
  protocolId,
  ok: false,
  code,
  message,
  ...(params ? { params } : {})
})

/** The order as a draft, or the answer every protocol of the chunk gets. */
function draftOrRefusal(repo: WorkOrdersRepository, workOrderId: string, protocolIds: readonly string[]): WorkOrderRecord | Refusal[] {
  const order = repo.get(workOrderId)
  if (!order) return protocolIds.map((id) => refuse(id, 'not_found', `work order ${workOrderId} not found`))
  if (order.status !== 'draft') return protocolIds.map((id) => refuse(id, 'work_order_not_draft', `work order ${order.number ?? order.id} is ${order.status}; only a draft takes or gives up lines`, { number: order.number ?? '' }))
  return order
}

/**
 * The two assigners the bulk module takes (`createBulkModule(ctx, workOrderAssigners(ctx, service))`).
 * They use the work-orders module's own service for pricing and draft writing (audit, outbox, PDF render),
 * and announce `workOrders.changed` once the chunk has committed.
 */
export function workOrderAssigners(
  ctx: Pick<Platform, 'db' | 'emit'> & { protocols: ProtocolsRepository; services: ServicesRepository },
  service: WorkOrdersService
): { assignToWorkOrder: WorkOrderAssigner; unassignFromWorkOrder: WorkOrderAssigner } {
  const repo = createWorkOrdersRepository(ctx.db)
  // The assigner runs inside the chunk's transaction: the event waits until that has ended.
  const announce = (id: string) => setImmediate(() => ctx.emit('workOrders.changed', { ids: [id] }))

  /** Why a protocol cannot go onto `order`, or the line it gets. */
  const lineFor = (order: WorkOrderRecord, protocolId: string, onOrder: ReadonlySet<string>, services: readonly Service[]): ParsedLine | Refusal => {
    const protocol = ctx.protocols.get(protocolId)
    if (!protocol) return refuse(protocolId, 'not_found', `protocol ${protocolId} not found`)
    const name = protocol.number ?? protocol.id
    if (protocol.veterinarianId !== order.veterinarianId) return refuse(protocolId, 'other_veterinarian', `${name} belongs to another veterinarian than the work order's`)
    if (!repo.billableProtocol(protocolId)) return refuse(protocolId, 'protocol_not_billable', `${name} is ${protocol.status}; only a received protocol is billed`)
    if (onOrder.has(protocolId)) return refuse(protocolId, 'already_on_order', `${name} is already on this work order`)
    const billed = repo.billedElsewhere(protocolId, order.id)
    if (billed) return refuse(protocolId, 'protocol_billed_elsewhere', `${billed} is already on an issued work order`, { number: billed })
    return defaultLineFor(protocol, services) ?? refuse(protocolId, 'no_service_for_type', `no active service in the price list for ${protocol.type}`, { type: protocol.type })
  }

  const assignToWorkOrder: WorkOrderAssigner = (protocolIds, workOrderId, actor) => {
    const order = draftOrRefusal(repo, workOrderId, protocolIds)
    if (Array.isArray(order)) return order
    const services = ctx.services.list()
    const onOrder = new Set(repo.lines(order.id).flatMap((line) => (line.protocolId ? [line.protocolId] : [])))
    const accepted: ParsedLine[] = []
    const answers = protocolIds.map((protocolId): WorkOrderAssignment => {
      const line = lineFor(order, protocolId, onOrder, services)
      if ('ok' in line) return line
      onOrder.add(protocolId)
      accepted.push(line)
      return { protocolId, ok: true, result: { lineId: bulkLineId(order.id, protocolId) } }
    })
    if (accepted.length === 0) return answers
    const added = service.priceLines(order, accepted).map((line): NewLine => ({ ...line, id: bulkLineId(order.id, line.protocolId ?? '') }))
    service.reviseDraftLines(order.id, 'bulk_assigned', actor, (_order, lines) => [...lines, ...added])
    announce(order.id)
    return answers
  }

  const unassignFromWorkOrder: WorkOrderAssigner = (protocolIds, workOrderId, actor) => {
    const order = draftOrRefusal(repo, workOrderId, protocolIds)
    if (Array.isArray(order)) return order
    const present = new Set(repo.lines(order.id).map((line) => line.id))
    const removed = new Set<string>()
    const answers = protocolIds.map((protocolId): WorkOrderAssignment => {
      const lineId = bulkLineId(order.id, protocolId)
      if (!present.has(lineId)) return refuse(protocolId, 'line_gone', `the line added for this protocol is no longer on the work order`)
      removed.add(lineId)
      return { protocolId, ok: true, result: { lineId } }
    })
    if (removed.size === 0) return answers
    service.reviseDraftLines(order.id, 'bulk_unassigned', actor, (_order, lines) => lines.filter((line) => !removed.has(line.id)))
    announce(order.id)
    return answers
  }

  return { assignToWorkOrder, unassignFromWorkOrder }
}
