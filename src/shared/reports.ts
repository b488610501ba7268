/**
 * Reports: a protocol's pathology report (macroscopy, cassettes with their microscopy,
 * diagnosis, comments, pathologist), written as a draft and finalized in the background into a
 * signed PDF. Finalized versions never change; an amendment is a new version pointing to the
 * one it corrects.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { ReportCassette } from './documents'
import { Protocol, Uuid } from './domain'
import { JobViewSchema } from './jobs'

export const ReportStatus = z.enum(['draft', 'finalizing', 'finalized'])
export type ReportStatus = z.infer<typeof ReportStatus>

/** The finalize job's committed steps, in order. */
export const FinalizeStep = z.enum(['requested', 'rendered', 'finalized'])
export type FinalizeStep = z.infer<typeof FinalizeStep>

export const MAX_CASSETTES = 200

const sectionText = z.string().max(50_000)

export const ReportPathologist = z
  .object({
    /** May be empty while drafting; finalizing requires it. */
    name: z.string().trim().max(160),
    licence: z.string().trim().max(40)
  })
  .strict()
export type ReportPathologist = z.infer<typeof ReportPathologist>

/** What the clerk (or pathologist) edits. */
export const ReportContent = z
  .object({
    macroscopy: sectionText,
    cassettes: z.array(ReportCassette.strict()).max(MAX_CASSETTES),
    diagnosis: sectionText,
    comments: sectionText,
    pathologist: ReportPathologist
  })
  .strict()
export type ReportContent = z.infer<typeof ReportContent>
export type ReportContentInput = z.input<typeof ReportContent>

/** Why a draft cannot be finalized yet; each one names the field to fix. */
export type ReadinessIssue = 'pathologist' | 'diagnosis' | 'duplicateCassette'

export function readinessIssues(content: ReportContent): { issue: ReadinessIssue; path: (string | number)[] }[] {
  const issues: { issue: ReadinessIssue; path: (string | number)[] }[] = []
  if (!content.pathologist.name.trim()) issues.push({ issue: 'pathologist', path: ['pathologist', 'name'] })
  if (!content.diagnosis.trim()) issues.push({ issue: 'diagnosis', path: ['diagnosis'] })
  const seen = new Set<string>()
  content.cassettes.forEach((cassette, index) => {
    const code = cassette.code.trim().toUpperCase()
    if (seen.has(code)) issues.push({ issue: 'duplicateCassette', path: ['cassettes', index, 'code'] })
    seen.add(code)
  })
  return issues
}

/** The content of a draft that may be finalized: the finalize request checks it with this. */
export const FinalizableContent = ReportContent.superRefine((content, ctx) => {
  for (const { issue, path } of readinessIssues(content)) ctx.addIssue({ code: 'custom', message: issue, path })
})

export const ReportSummary = z.object({
  id: Uuid,
  protocolId: Uuid,
  version: z.number().int().min(1),
  /** The version this one corrects. */
  amendsId: Uuid.nullable(),
  status: ReportStatus,
  pathologist: ReportPathologist,
  createdAt: z.string(),
  updatedAt: z.string(),
  finalizedAt: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  demo: z.boolean(),
  /** Finalized at another bench and copied here read-only (benchName null when the server did not say); null when made here. */
  copiedFrom: z.object({ benchName: z.string().nullable() }).nullable()
})
export type ReportSummary = z.infer<typeof ReportSummary>

export const ReportView = ReportSummary.extend({
  content: ReportContent,
  finalizeRequestedAt: z.string().nullable(),
  finalizeStep: FinalizeStep.nullable(),
  /** The latest finalize job, also after a restart; null for a draft never sent to finalize. */
  finalizeJob: JobViewSchema.nullable(),
  pdfSize: z.number().int().nullable()
})
export type ReportView = z.infer<typeof ReportView>

export const ProtocolReports = z.object({
  protocol: Protocol,
  /** Newest version first. */
  versions: z.array(ReportSummary),
  /** The open version (draft or finalizing) when there is one, otherwise the newest finalized one. */
  current: ReportView.nullable(),
  /**
   * Reported at another bench and that report is not here yet (its row or PDF on the way): the
   * bench takes no first report for it (report_elsewhere), and the page says so before anyone types.
   */
  reportedElsewhere: z.boolean()
})
export type ProtocolReports = z.infer<typeof ProtocolReports>

export const ReportPdf = z.object({
  pdfBase64: z.string(),
  fileName: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int()
})
export type ReportPdf = z.infer<typeof ReportPdf>

/**
 * The code a new cassette row starts with: the last code with its trailing number plus one
 * (A2 → A3, B9 → B10), or A1 for the first row. The clerk can always type another.
 */
export function nextCassetteCode(codes: readonly string[]): string {
  const last = codes.at(-1)?.trim()
  if (!last) return 'A1'
  const match = /^(.*?)(\d+)$/.exec(last)
  return match ? `${match[1]}${Number(match[2]) + 1}` : `${last}1`
}

/** `informe_HP_26-0123_v2.pdf`: no characters any OS file system refuses. */
export function reportFileName(protocolNumber: string | null, version: number): string {
  const number = (protocolNumber ?? 'sin-numero').replace(/\s+/g, '_').replace(/[^A-Za-z0-9_-]+/g, '-')
  return `informe_${number}_v${version}.pdf`
}

const ById = z.object({ id: Uuid }).strict()

export const reportRequests = {
  /** Every version of a protocol's report and the one to show. */
  'reports.forProtocol': { input: z.object({ protocolId: Uuid }).strict(), output: ProtocolReports },
  'reports.get': { input: ById, output: ReportView },
  /**
   * Creates the first version, or writes the open draft (`id`). `immutable` for a finalized
   * version, `conflict` while it is being finalized or when a finalized version exists (amend it).
   */
  'reports.saveDraft': {
    input: z.object({ protocolId: Uuid, id: Uuid.optional(), content: ReportContent }).strict(),
    output: ReportView
  },
  /**
   * Answers at once with the report in `finalizing` and its job; the PDF, the hash, the protocol
   * status and the veterinarian's e-mail follow in the background. Asking again is harmless.
   */
  'reports.finalize': { input: ById, output: ReportView },
  /** A new draft version correcting the newest finalized one (the existing draft if already made). */
  'reports.amend': { input: ById, output: ReportView },
  /** The stored PDF of a finalized version, checked against its hash. */
  'reports.pdf': { input: ById, output: ReportPdf }
} as const satisfies Record<string, RequestDef>

export const ReportsChanged = z.object({ protocolId: Uuid, reportId: Uuid, status: ReportStatus })
export type ReportsChanged = z.infer<typeof ReportsChanged>

export const reportEvents = {
  'reports.changed': ReportsChanged
} as const satisfies Record<string, z.ZodType>
