/**
 * Work orders: billable services per received protocol, grouped per veterinarian.
 * draft → issued (numbered `OT 26/0001`, immutable) → cancelled. A correction of an issued
 * order is a new draft version (`supersedesId`); issuing it cancels the old one.
 * Totals are never sent over the wire: both sides compute them with src/shared/totals.ts.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { AuditEntry, MAX_SEQ_DIGITS, ProtocolType, Service, Uuid } from './domain'
import { Percent, WorkOrderStatus } from './documents'

export const WORK_ORDER_PREFIX = 'OT'

/** `OT 26/0001`: per year and per bench, given when the first version is issued. */
export function formatWorkOrderNumber(year: number, seq: number): string {
  return `${WORK_ORDER_PREFIX} ${String(year % 100).padStart(2, '0')}/${String(seq).padStart(4, '0')}`
}

/**
 * An OT number as documents print it and clerks type it (`OT 26/0007`, `ot26-7`): two year
 * digits, then the sequence (up to MAX_SEQ_DIGITS digits, the documented maximum, as scan.ts reads protocol numbers).
 */
const WORK_ORDER_NUMBER = new RegExp(`^\\s*${WORK_ORDER_PREFIX}\\s*-?\\s*(\\d{2})\\s*(?:[/-]\\s*)?(\\d{1,${MAX_SEQ_DIGITS}})\\s*$`, 'i')

export function parseWorkOrderNumber(input: string): { year: number; seq: number } | null {
  const match = WORK_ORDER_NUMBER.exec(input)
  if (!match || Number(match[2]) < 1) return null
  return { year: 2000 + Number(match[1]), seq: Number(match[2]) }
}

/**
 * The service a protocol's line starts with: the first active catalogue entry whose code starts
 * with the protocol's type (`HP-…`, `CT-…`), else the first active one. The clerk changes it at will.
 */
export function defaultServiceFor(type: ProtocolType, services: readonly Service[]): Service | null {
  const active = services.filter((service) => service.active)
  return active.find((service) => service.code.toUpperCase().startsWith(`${type}-`)) ?? active[0] ?? null
}

export const WorkOrderLine = z.object({
  id: Uuid,
  protocolId: Uuid.nullable(),
  protocolNumber: z.string().nullable(),
  serviceId: Uuid.nullable(),
  code: z.string(),
  description: z.string(),
  unitPriceCents: z.number().int().nonnegative(),
  quantity: z.number().int().positive(),
  discountPercent: z.number(),
  taxRatePercent: z.number()
})
export type WorkOrderLine = z.infer<typeof WorkOrderLine>

export const WorkOrderSummary = z.object({
  id: Uuid,
  /** Null until issued (a correction shows the number of the order it corrects). */
  number: z.string().nullable(),
  version: z.number().int().positive(),
  status: WorkOrderStatus,
  veterinarianId: Uuid,
  veterinarianName: z.string(),
  lineCount: z.number().int().nonnegative(),
  totalCents: z.number().int().nonnegative(),
  supersedesId: Uuid.nullable(),
  supersededById: Uuid.nullable(),
  issuedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Issued at another bench and copied here read-only (benchName null when the server did not say); null when made here. */
  copiedFrom: z.object({ benchName: z.string().nullable() }).nullable()
})
export type WorkOrderSummary = z.infer<typeof WorkOrderSummary>

export const WorkOrderPdfState = z.object({
  /** The artifact key of what the order prints today. */
  key: z.string(),
  /** True when that PDF is already on disk (opening it is instant). */
  ready: z.boolean()
})

export const WorkOrderDetail = WorkOrderSummary.extend({
  discountPercent: z.number(),
  notes: z.string(),
  locale: z.enum(['es', 'en']),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string(),
  issuedBy: z.string().nullable(),
  createdBy: z.string(),
  lines: z.array(WorkOrderLine),
  audit: z.array(AuditEntry),
  pdf: WorkOrderPdfState
})
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>

export const CandidateProtocol = z.object({
  id: Uuid,
  type: ProtocolType,
  number: z.string(),
  animalName: z.string(),
  species: z.string(),
  owner: z.string(),
  receivedAt: z.string().nullable(),
  /** Already a line of another (unissued) draft: allowed, shown as a hint. */
  onDraft: z.boolean()
})
export type CandidateProtocol = z.infer<typeof CandidateProtocol>

export const WorkOrderCandidates = z.object({
  /** Received protocols of the veterinarian not yet billed on an issued order. */
  protocols: z.array(CandidateProtocol),
  /** The active price list. */
  services: z.array(Service),
  defaultTaxRatePercent: z.number()
})
export type WorkOrderCandidates = z.infer<typeof WorkOrderCandidates>

/** The lab's server (pulled), demo data (an unpaired bench showing the demo), or nothing pulled yet. */
export const PriceListSource = z.enum(['lab', 'demo', 'none'])
export type PriceListSource = z.infer<typeof PriceListSource>

export const PriceList = z.object({
  /** Every service, inactive ones too (their code may still be on a line). */
  services: z.array(Service),
  source: PriceListSource
})
export type PriceList = z.infer<typeof PriceList>

export const PendingVeterinarian = z.object({
  veterinarianId: Uuid,
  name: z.string(),
  clinic: z.string(),
  /** Received protocols not billed yet. */
  protocols: z.number().int().nonnegative()
})
export type PendingVeterinarian = z.infer<typeof PendingVeterinarian>

export const WorkOrderLineInput = z
  .object({
    /** An existing line of this draft: its copied price stays unless the service changes. */
    id: Uuid.optional(),
    protocolId: Uuid.nullable().default(null),
    /** Code, description, price and tax are copied from the catalogue entry when the draft is saved. */
    serviceId: Uuid,
    quantity: z.number().int().min(1).max(1_000_000).default(1),
    discountPercent: Percent.default(0)
  })
  .strict()
export type WorkOrderLineInput = z.input<typeof WorkOrderLineInput>

export const SaveWorkOrderInput = z
  .object({
    id: Uuid,
    /** The `updatedAt` the editor loaded; a different one means someone else saved meanwhile. */
    expectedUpdatedAt: z.string().max(40).optional(),
    discountPercent: Percent.default(0),
    notes: z.string().max(2000).default(''),
    lines: z.array(WorkOrderLineInput).max(2000)
  })
  .strict()
export type SaveWorkOrderInput = z.input<typeof SaveWorkOrderInput>

/** A change and the PDF render it queued (null when that PDF was already on disk). */
export const WorkOrderChange = z.object({ order: WorkOrderDetail, pdfJobId: z.number().int().nullable() })
export type WorkOrderChange = z.infer<typeof WorkOrderChange>

/** A renumbered order (`workOrders.renumber`): its change and the number it carried before. */
export const WorkOrderRenumbered = WorkOrderChange.extend({ previousNumber: z.string() })
export type WorkOrderRenumbered = z.infer<typeof WorkOrderRenumbered>

export const WorkOrderPdf = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready'), key: z.string(), fileName: z.string(), title: z.string(), pdfBase64: z.string() }),
  z.object({ state: z.literal('rendering'), key: z.string(), fileName: z.string(), title: z.string(), jobId: z.number().int().nullable() })
])
export type WorkOrderPdf = z.infer<typeof WorkOrderPdf>

const IdInput = z.object({ id: Uuid }).strict()

export const workOrderRequests = {
  'workOrders.list': {
    input: z
      .object({
        status: WorkOrderStatus.optional(),
        veterinarianId: Uuid.optional(),
        /** `OT 26/0007`: the orders that carry it, or carried it before a renumber. */
        number: z.string().trim().max(20).optional(),
        limit: z.number().int().min(1).max(1000).default(200)
      })
      .strict(),
    output: z.object({ rows: z.array(WorkOrderSummary) })
  },
  /** Veterinarians with received protocols still to bill, most first. */
  'workOrders.pending': { input: z.object({}).strict(), output: z.array(PendingVeterinarian) },
  'workOrders.get': { input: IdInput, output: WorkOrderDetail },
  /** The price list as this bench holds it, read-only: the lab sets it on the server. */
  'workOrders.priceList': { input: z.object({}).strict(), output: PriceList },
  'workOrders.candidates': {
    input: z.object({ veterinarianId: Uuid, workOrderId: Uuid.optional() }).strict(),
    output: WorkOrderCandidates
  },
  /** A new draft for a veterinarian, one line per given protocol with its default service. */
  'workOrders.create': {
    input: z.object({ veterinarianId: Uuid, protocolIds: z.array(Uuid).max(500).default([]) }).strict(),
    output: WorkOrderChange
  },
  'workOrders.save': { input: SaveWorkOrderInput, output: WorkOrderChange },
  /** Numbers the order and freezes it; a correction's issue cancels the order it supersedes. */
  'workOrders.issue': { input: z.object({ id: Uuid, expectedUpdatedAt: z.string().max(40).optional() }).strict(), output: WorkOrderChange },
  /** A new draft version of an issued order (the open one if it already exists). */
  'workOrders.correct': { input: IdInput, output: WorkOrderChange },
  /** Voids an issued order without a replacement; its protocols can be billed again. */
  'workOrders.cancel': { input: z.object({ id: Uuid, reason: z.string().trim().min(1).max(500) }).strict(), output: WorkOrderChange },
  /**
   * "Renumerar": an order whose OT number the server refused gets one the server confirmed (every
   * version that carried the refused number moves with it); the old number stays an alias.
   */
  'workOrders.renumber': { input: IdInput, output: WorkOrderRenumbered },
  /** Throws a draft away (it never had a number). */
  'workOrders.discard': { input: IdInput, output: z.object({ id: Uuid }) },
  /** The order's PDF: at once when unchanged since last rendered, else a queued render to wait for. */
  'workOrders.pdf': { input: IdInput, output: WorkOrderPdf }
} as const satisfies Record<string, RequestDef>

export const workOrderEvents = {
  'workOrders.changed': z.object({ ids: z.array(Uuid) })
} as const satisfies Record<string, z.ZodType>
