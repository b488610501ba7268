/**
 * What a work order prints: the renderer input (WorkOrderDocument) built from the stored order.
 * Everything that changes the page is in it and nothing else (no ids of lines, no edit times
 * beyond the calendar date), because its hash is the PDF's cache key.
 */
import { WORKORDER_TEMPLATE_VERSION, WorkOrderDocument, type DocumentVeterinarian, type Letterhead } from '../../../shared/documents'
import { localDateOf } from '../../../shared/statistics'
import { WORK_ORDER_PREFIX, type WorkOrderLine } from '../../../shared/work-orders'
import type { WorkOrderRecord } from './work-orders-repository'
import type { ArtifactRenderPayload } from '../artifacts/artifact-cache'

export const WORKORDER_PDF = 'workorder.pdf'

export interface LiveDocumentSource {
  letterhead: Letterhead
  veterinarian: DocumentVeterinarian
  publicBaseUrl: string
}

/** The link the verification QR carries: the lab's public site looks the order up by id. */
export function workOrderVerificationUrl(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/ot/${encodeURIComponent(id)}`
}

/** A draft has no number yet; its PDF says so (and carries the BORRADOR watermark). */
const draftNumber = (order: WorkOrderRecord) => order.number ?? `${WORK_ORDER_PREFIX} —`

/**
 * The document of an order as it is now. Issued and cancelled orders print their frozen input
 * (only the status moves); a draft is built from its lines and today's settings.
 */
export function workOrderDocument(order: WorkOrderRecord, lines: readonly WorkOrderLine[], live: LiveDocumentSource): WorkOrderDocument {
  if (order.documentJson !== null) {
    return WorkOrderDocument.parse({ ...(JSON.parse(order.documentJson) as object), status: order.status })
  }
  return WorkOrderDocument.parse({
    letterhead: live.letterhead,
    number: draftNumber(order),
    version: order.version,
    date: localDateOf(new Date(order.updatedAt)),
    status: order.status,
    veterinarian: live.veterinarian,
    lines: lines.map((line) => ({
      protocolNumber: line.protocolNumber ?? '',
      serviceCode: line.code,
      description: line.description,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      discountPercent: line.discountPercent,
      taxRatePercent: line.taxRatePercent
    })),
    orderDiscountPercent: order.discountPercent,
    currency: 'EUR',
    locale: order.locale,
    verificationUrl: workOrderVerificationUrl(live.publicBaseUrl, order.id)
  })
}

/** What the artifact cache renders for this document. */
export function workOrderRender(document: WorkOrderDocument): ArtifactRenderPayload {
  return { kind: WORKORDER_PDF, templateVersion: WORKORDER_TEMPLATE_VERSION, input: document }
}

/** `OT-26-0001-v2.pdf`; a draft without a number: `OT-borrador-<id tail>-v1.pdf`. */
export function workOrderFileName(order: Pick<WorkOrderRecord, 'id' | 'number' | 'version'>): string {
  const base = order.number ? order.number.replace(/[^A-Za-z0-9]+/g, '-') : `${WORK_ORDER_PREFIX}-borrador-${order.id.slice(-8)}`
  return `${base}-v${order.version}.pdf`
}

export function workOrderTitle(order: Pick<WorkOrderRecord, 'number' | 'version'>): string {
  return `${order.number ?? WORK_ORDER_PREFIX} · v${order.version}`
}
