import { createHash } from 'node:crypto'
import { z } from 'zod'
import { ReportDocument } from '../../../shared/documents'
import type { Protocol } from '../../../shared/domain'
import { reportFileName } from '../../../shared/reports'
import type { Db } from '../../platform/db/database'
import type { AuditRepository } from '../../platform/journal/audit-repository'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { ReportRecord, ReportsRepository } from './reports-repository'
import type { NotificationsService } from '../notifications/notifications-service'
import { defineJobKind, PermanentJobError, RetryableJobError } from '../../platform/queue/job-kinds'
import type { DiskSpace } from '../../platform/disk-space'
import { reportSyncPayload } from './report-sync'

export const REPORT_FINALIZE = 'report.finalize'
/** The worker task that renders a ReportDocument into PDF bytes (src/workers/document-tasks.ts). */
export const REPORT_PDF_TASK = 'report.pdf'

/** Steps the job reports as progress; the page names them. */
export type FinalizeProgressStep = 'render' | 'store' | 'finalize'

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

const isPdf = (bytes: unknown): bytes is Uint8Array =>
  bytes instanceof Uint8Array && bytes.length > 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-'

export interface ReportFinalizeDeps {
  db: Db
  reports: ReportsRepository
  protocols: ProtocolsRepository
  audit: AuditRepository
  outbox: OutboxRepository
  notifications: NotificationsService
  clock: () => Date
  /** Asks for room in the data folder before the PDF is stored in the database there. */
  room?: { disk: Pick<DiskSpace, 'ensure'>; dataDir: string }
  /** Called after the finalize transaction committed. */
  onFinalized(report: ReportRecord, protocol: Protocol): void
}

/** Protocol statuses a finalized report moves on to 'reported'; others keep theirs. */
const REPORTABLE = new Set<Protocol['status']>(['received', 'processing'])

/**
 * Finalizes one report in two committed steps, each idempotent and written together with its
 * marker:
 *  1. render (in a worker) the input frozen at the request and store the bytes with their hash
 *     (finalize_step 'rendered'); skipped when bytes of that very input are already stored;
 *  2. in the transaction that marks the job succeeded (`commit`): the report becomes finalized
 *     with its hash, the protocol becomes 'reported', the audit and outbox rows and the
 *     veterinarian's e-mail are written. Guarded on status 'finalizing', so it happens once.
 * A kill anywhere leaves either the previous step's state (the job runs again after restart)
 * or the finished one (the rerun finds it finalized and does nothing).
 */
export function reportFinalizeJobKind(deps: ReportFinalizeDeps) {
  const storeRendered = deps.db.transaction((reportId: string, pdf: { inputSha256: string; sha256: string; bytes: Uint8Array }) =>
    deps.reports.storeRenderedPdf(reportId, pdf, deps.clock().toISOString())
  )

  /** Whether the stored PDF is the rendering of the report's frozen input and still intact. */
  const storedPdfOf = (report: ReportRecord) => {
    const pdf = deps.reports.pdf(report.id)
    if (!pdf || pdf.inputSha256 !== report.finalizeInputSha256 || sha256Hex(pdf.bytes) !== pdf.sha256) return null
    return pdf
  }

  const finalize = (reportId: string, requestedBy: string): void => {
    const report = deps.reports.get(reportId)
    if (!report) throw new PermanentJobError(`report ${reportId} not found`, { code: 'report_not_found' })
    // An earlier attempt finished it: the effects below already happened exactly once.
    if (report.status === 'finalized') return
    if (report.status !== 'finalizing') throw new PermanentJobError(`report ${reportId} is no longer being finalized`, { code: 'report_not_finalizing' })
    const pdf = storedPdfOf(report)
    // Retryable: the next attempt renders again.
    if (!pdf) throw new Error(`report ${reportId}: the stored PDF is missing or does not match its input`)
    const protocol = deps.protocols.get(report.protocolId)
    if (!protocol) throw new PermanentJobError(`protocol ${report.protocolId} not found`, { code: 'protocol_not_found' })
    const at = deps.clock().toISOString()
    if (!deps.reports.markFinalized(reportId, pdf.sha256, at)) throw new Error(`report ${reportId} changed while finalizing`)
    const finalized = deps.reports.get(reportId)!
    deps.audit.append({ at, actor: requestedBy, action: 'report.finalized', entity: 'report', entityId: reportId, after: { version: finalized.version, pdfSha256: pdf.sha256, size: pdf.size } })
    deps.outbox.append({ entity: 'report', entityId: reportId, op: 'upsert', payload: reportSyncPayload(finalized), at })
    let reported = protocol
    if (REPORTABLE.has(protocol.status)) {
      deps.protocols.updateReception({ ...protocol, status: 'reported', updatedAt: at })
      deps.protocols.recordStatus(protocol.id, { at, actor: requestedBy, from: protocol.status, to: 'reported', note: `report v${finalized.version}` })
      reported = deps.protocols.get(protocol.id)!
      deps.audit.append({ at, actor: requestedBy, action: 'protocol.reported', entity: 'protocol', entityId: protocol.id, before: protocol, after: reported })
      deps.outbox.append({ entity: 'protocol', entityId: protocol.id, op: 'upsert', payload: reported, at })
    }
    deps.notifications.queue({
      kind: 'report_ready',
      protocol: reported,
      reportId,
      attachments: [{ filename: reportFileName(reported.number, finalized.version), contentType: 'application/pdf', content: pdf.bytes }],
      at
    })
    // Told on the next turn: by then the surrounding job transaction has committed.
    setImmediate(() => deps.onFinalized(finalized, reported))
  }

  return defineJobKind({
    payload: z.object({ reportId: z.uuid(), requestedBy: z.string().min(1).max(80) }),
    priority: 20,
    maxAttempts: 6,
    timeoutMs: 120_000,
    backoff: { baseMs: 1000, capMs: 30_000 },
    async run(ctx) {
      const { reportId } = ctx.payload
      const report = deps.reports.get(reportId)
      if (!report) throw new PermanentJobError(`report ${reportId} not found`, { code: 'report_not_found' })
      if (report.status === 'finalized') return { reportId, sha256: report.pdfSha256, size: deps.reports.pdfSize(reportId) }
      if (report.status !== 'finalizing' || !report.finalizeInputJson || !report.finalizeInputSha256) {
        throw new PermanentJobError(`report ${reportId} is no longer being finalized`, { code: 'report_not_finalizing' })
      }
      let pdf = storedPdfOf(report)
      if (!pdf) {
        const input = ReportDocument.safeParse(JSON.parse(report.finalizeInputJson))
        if (!input.success) throw new PermanentJobError(`report ${reportId}: invalid report document: ${input.error.message}`, { code: 'report_invalid_document' })
        ctx.progress(2, 'render')
        const bytes = await ctx.workers.run(REPORT_PDF_TASK, input.data, {
          onProgress: (p) => ctx.progress(2 + p.percent * 0.86, 'render', p.step)
        })
        if (!isPdf(bytes)) throw new PermanentJobError(`report ${reportId}: the renderer returned no PDF`, { code: 'report_render_failed' })
        // A cancelled or timed-out attempt writes nothing more.
        ctx.signal.throwIfAborted()
        ctx.progress(90, 'store')
        try {
          deps.room?.disk.ensure(deps.room.dataDir, bytes.length)
        } catch (error) {
          // The report stays finalizing with its frozen input: the job waits and stores it once there is room.
          throw new RetryableJobError('disk_full', `report ${reportId}: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error })
        }
        const rendered = { inputSha256: report.finalizeInputSha256, sha256: sha256Hex(bytes), bytes }
        if (!storeRendered(reportId, rendered)) throw new PermanentJobError(`report ${reportId} is no longer being finalized`, { code: 'report_not_finalizing' })
        pdf = { ...rendered, size: bytes.length }
      }
      ctx.progress(95, 'finalize')
      return { reportId, sha256: pdf.sha256, size: pdf.size }
    },
    commit({ payload }) {
      finalize(payload.reportId, payload.requestedBy)
    }
  })
}
