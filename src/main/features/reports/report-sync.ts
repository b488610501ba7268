import { z } from 'zod'
import { Uuid } from '../../../shared/domain'
import { ReportContent } from '../../../shared/reports'
import type { Db } from '../../platform/db/database'
import { RowNotApplicable, type DocumentPdfSource, type RemoteRowApplier } from '../sync/sync-module'
import type { DocumentCopiesRepository } from '../sync/document-copies-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { ReportRecord, ReportsRepository } from './reports-repository'

/**
 * What the outbox carries to the central server for a report: the version, its content and,
 * once finalized, its PDF hash. Never the bytes (they travel as a blob, docs/sync-api.md
 * "Document blobs") and never the bench's own finalize bookkeeping.
 */
export function reportSyncPayload(report: ReportRecord) {
  return {
    id: report.id,
    protocolId: report.protocolId,
    version: report.version,
    amendsId: report.amendsId,
    status: report.status,
    content: report.content,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    finalizedAt: report.finalizedAt,
    pdfSha256: report.pdfSha256,
    finalizeInputSha256: report.finalizeInputSha256,
    demo: report.demo
  }
}

/** A finalized report as another bench pushed it. */
const FinalizedCopy = z.object({
  protocolId: Uuid,
  version: z.number().int().min(1),
  amendsId: Uuid.nullable(),
  status: z.literal('finalized'),
  content: ReportContent,
  createdAt: z.string(),
  updatedAt: z.string(),
  finalizedAt: z.string(),
  pdfSha256: z.string().regex(/^[0-9a-f]{64}$/),
  finalizeInputSha256: z.string().nullable().default(null)
})
type FinalizedCopy = z.infer<typeof FinalizedCopy>

export interface ReportSyncDeps {
  db: Db
  reports: ReportsRepository
  protocols: Pick<ProtocolsRepository, 'get'>
  copies: DocumentCopiesRepository
}

/**
 * Reports on every bench: a report finalized elsewhere comes with its PDF and is read-only here
 * (it can be amended, as the newest version of the protocol's chain). Drafts stay at the bench
 * that writes them: only a finalized report is the lab's record. A finalized copy waits aside
 * until its PDF came and matched; then report, cassettes and PDF are written together.
 */
export function createReportSync(deps: ReportSyncDeps): { applier: RemoteRowApplier; pdfs: DocumentPdfSource } {
  const { reports, copies } = deps
  return {
    applier: {
      apply(row, at) {
        if (row.deletedAt || row.fields.status !== 'finalized') return
        // Made here (the echo of this bench's own push) or already copied: nothing to do.
        if (reports.get(row.id)) return
        const parsed = FinalizedCopy.safeParse(row.fields)
        if (!parsed.success) throw new RowNotApplicable(`report ${row.id} from the server is not a valid finalized report: ${parsed.error.message}`)
        copies.want({ entity: 'report', id: row.id, sha256: parsed.data.pdfSha256, protocolId: parsed.data.protocolId, stagedJson: JSON.stringify(parsed.data), originBench: row.ownerBench ?? null, at })
      },
      // A finalized report is never deleted; a draft elsewhere was never copied here.
      remove: () => undefined
    },
    pdfs: {
      entity: 'report',
      toUpload: (limit) => reports.pdfsToUpload(limit),
      bytes(id, sha256) {
        const pdf = reports.pdf(id)
        return pdf && pdf.sha256 === sha256 ? pdf.bytes : null
      },
      uploaded: () => undefined,
      async store(pdfs, at) {
        // One transaction for the lot, each report in its own savepoint: a refused one leaves the others.
        return deps.db.transaction(() =>
          pdfs.map(({ id, sha256, bytes }) => {
            try {
              deps.db.transaction(() => {
                const staged = copies.get('report', id)?.stagedJson
                if (!staged) throw new Error(`report ${id} has no staged copy waiting for its PDF`)
                const copy = JSON.parse(staged) as FinalizedCopy
                if (copy.pdfSha256 !== sha256) throw new Error(`report ${id} waits for PDF ${copy.pdfSha256}, not ${sha256}`)
                if (!deps.protocols.get(copy.protocolId)) throw new Error(`report ${id} names protocol ${copy.protocolId}, which this bench does not have`)
                reports.insertFinalizedCopy({ id, ...copy, inputSha256: copy.finalizeInputSha256 }, { sha256, bytes }, at)
              })()
              return null
            } catch (error) {
              return error instanceof Error ? error.message : String(error)
            }
          })
        ).immediate()
      }
    }
  }
}
