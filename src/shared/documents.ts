/**
 * Inputs of the document renderers (work-order PDF, report PDF). A renderer gets one of these
 * plain objects and returns bytes; it never reads the database or settings itself. The artifact
 * cache key is hash(input) + template version, so everything that changes the printed page
 * must live in these objects, and nothing that does not (ids, timestamps of edits) should.
 */
import { z } from 'zod'
import { Animal, ProtocolType, Service, Veterinarian } from './domain'
import { isValidPercent } from './totals'

/**
 * Bump when the layout of the printed page changes: cached PDFs rendered with an older
 * template then miss the cache and are rendered again.
 */
export const WORKORDER_TEMPLATE_VERSION = 1
export const REPORT_TEMPLATE_VERSION = 1

export const DocumentLocale = z.enum(['es', 'en'])
export type DocumentLocale = z.infer<typeof DocumentLocale>

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/
export const PngDataUrl = z.string().regex(PNG_DATA_URL, 'expected a data:image/png;base64 URL')

/** Calendar date as the lab sees it (`2026-01-15`); the caller resolves the time zone. */
export const DocumentDate = z.iso.date()

export const Percent = z.number().refine(isValidPercent, 'percentage between 0 and 100 with at most two decimals')

export const Letterhead = z.object({
  name: z.string().trim().min(1).max(160),
  /** May contain line breaks; printed as given. */
  address: z.string().trim().max(400).default(''),
  taxId: z.string().trim().max(40).default(''),
  logoPngDataUrl: PngDataUrl.optional()
})
export type Letterhead = z.infer<typeof Letterhead>

export const DocumentVeterinarian = Veterinarian.pick({ name: true, clinic: true, email: true, phone: true, licence: true })
export type DocumentVeterinarian = z.infer<typeof DocumentVeterinarian>

/**
 * The veterinarian as a document prints them: the record's details, or only the name the order or
 * protocol kept when the record is gone. Exactly these fields: they are part of the document's hash.
 */
export function documentVeterinarianOf(record: DocumentVeterinarian | null | undefined, keptName: string): DocumentVeterinarian {
  return {
    name: record?.name ?? keptName,
    clinic: record?.clinic ?? '',
    email: record?.email ?? '',
    phone: record?.phone ?? '',
    licence: record?.licence ?? ''
  }
}

export const WorkOrderStatus = z.enum(['draft', 'issued', 'cancelled'])
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>

export const WorkOrderDocumentLine = z.object({
  protocolNumber: z.string().trim().max(20),
  serviceCode: Service.shape.code,
  description: Service.shape.description,
  unitPriceCents: Service.shape.unitPriceCents,
  quantity: z.number().int().min(1).max(1_000_000),
  discountPercent: Percent.default(0),
  taxRatePercent: Percent
})
export type WorkOrderDocumentLine = z.infer<typeof WorkOrderDocumentLine>

export const WorkOrderDocument = z.object({
  letterhead: Letterhead,
  number: z.string().trim().min(1).max(40),
  version: z.number().int().min(1),
  date: DocumentDate,
  status: WorkOrderStatus,
  veterinarian: DocumentVeterinarian,
  lines: z.array(WorkOrderDocumentLine).max(2000),
  orderDiscountPercent: Percent.default(0),
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  locale: DocumentLocale,
  verificationUrl: z.url()
})
export type WorkOrderDocument = z.infer<typeof WorkOrderDocument>

export const ReportCassette = z.object({
  code: z.string().trim().min(1).max(20),
  tissue: z.string().trim().max(200).default(''),
  pieces: z.number().int().min(0).max(999),
  microscopy: z.string().max(20_000).default('')
})
export type ReportCassette = z.infer<typeof ReportCassette>

const sectionText = z.string().max(50_000).default('')

export const ReportDocument = z
  .object({
    letterhead: Letterhead,
    protocolNumber: z.string().trim().min(1).max(20),
    protocolType: ProtocolType,
    receivedDate: DocumentDate,
    /** Null for a draft preview; a finalized report always has it. */
    finalizedDate: DocumentDate.nullable(),
    veterinarian: DocumentVeterinarian,
    animal: Animal,
    sample: z.object({
      sampleType: z.string().trim().min(1).max(120),
      containers: z.number().int().min(0).max(50)
    }),
    macroscopy: sectionText,
    cassettes: z.array(ReportCassette).max(200),
    diagnosis: sectionText,
    comments: sectionText,
    pathologist: z.object({ name: z.string().trim().min(1).max(160), licence: z.string().trim().max(40).default('') }),
    signaturePngDataUrl: PngDataUrl.optional(),
    version: z.number().int().min(1),
    /** The version this one corrects (an amendment), or null for a first version. */
    amends: z.number().int().min(1).nullable(),
    verificationUrl: z.url(),
    locale: DocumentLocale
  })
  .refine((doc) => doc.amends === null || doc.amends < doc.version, {
    message: 'an amendment must point to an earlier version',
    path: ['amends']
  })
export type ReportDocument = z.infer<typeof ReportDocument>
