import { ReportDocument, type DocumentLocale, type Letterhead } from '../../../shared/documents'
import type { Protocol, Veterinarian } from '../../../shared/domain'
import type { ReportContent } from '../../../shared/reports'
import { publicProtocolUrl } from '../../../shared/bench-settings'

export interface ReportDocumentSource {
  protocol: Protocol
  /** Null when the veterinarian row is gone: the protocol still knows the name. */
  veterinarian: Veterinarian | null
  content: ReportContent
  version: number
  /** Version number of the report this one amends. */
  amendsVersion: number | null
  letterhead: Letterhead
  signaturePngDataUrl: string | null
  publicBaseUrl: string
  locale: DocumentLocale
  /** When finalizing was asked for; its calendar date is the report's date. */
  finalizedAt: Date
}

/** The lab's calendar date of an instant, in the bench's own time zone. */
export function localCalendarDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/**
 * The renderer input of a report being finalized. Throws a ZodError when the result would not
 * render (a protocol without a number, an empty pathologist): the caller turns it into a refusal.
 */
export function buildReportDocument(source: ReportDocumentSource): ReportDocument {
  const { protocol, veterinarian, content } = source
  if (!protocol.number) throw new Error(`protocol ${protocol.id} has no number`)
  return ReportDocument.parse({
    letterhead: source.letterhead,
    protocolNumber: protocol.number,
    protocolType: protocol.type,
    receivedDate: localCalendarDate(new Date(protocol.receivedAt ?? protocol.createdAt)),
    finalizedDate: localCalendarDate(source.finalizedAt),
    veterinarian: {
      name: veterinarian?.name ?? protocol.veterinarianName,
      clinic: veterinarian?.clinic ?? '',
      email: veterinarian?.email ?? '',
      phone: veterinarian?.phone ?? '',
      licence: veterinarian?.licence ?? ''
    },
    animal: protocol.animal,
    sample: { sampleType: protocol.sample.sampleType, containers: protocol.sample.containers.length },
    macroscopy: content.macroscopy,
    cassettes: content.cassettes,
    diagnosis: content.diagnosis,
    comments: content.comments,
    pathologist: content.pathologist,
    ...(source.signaturePngDataUrl ? { signaturePngDataUrl: source.signaturePngDataUrl } : {}),
    version: source.version,
    amends: source.amendsVersion,
    verificationUrl: publicProtocolUrl(source.publicBaseUrl, protocol),
    locale: source.locale
  })
}
