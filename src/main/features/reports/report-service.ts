import type { Protocol } from '../../../shared/domain'
import type { DocumentLocale, Letterhead } from '../../../shared/documents'
import {
  FinalizableContent,
  reportFileName,
  type ProtocolReports,
  type ReportContent,
  type ReportPdf,
  type ReportView
} from '../../../shared/reports'
import { newId } from '../../../shared/ids'
import { HandledError } from '../../platform/dispatch'
import type { Db } from '../../platform/db/database'
import type { AuditRepository } from '../../platform/journal/audit-repository'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { ReportRecord, ReportsRepository } from './reports-repository'
import type { JobView } from '../../platform/queue/queue-runner'
import { buildReportDocument } from './report-document'
import { sha256Hex } from './report-finalize-job'
import { reportSyncPayload } from './report-sync'

/** What finalizing freezes from the bench's settings at the moment it is asked for. */
export interface ReportDocumentSettings {
  letterhead: Letterhead
  signaturePngDataUrl: string | null
  publicBaseUrl: string
  locale: DocumentLocale
}

export interface ReportServiceDeps {
  db: Db
  reports: ReportsRepository
  protocols: ProtocolsRepository
  veterinarians: VeterinariansRepository
  audit: AuditRepository
  outbox: OutboxRepository
  clock: () => Date
  actor: () => string
  /** The clerk on duty, or null: a finalize is signed by a chosen clerk, never by "bench". */
  clerk: () => string | null
  documentSettings: () => ReportDocumentSettings
  /** Puts the finalize job on the queue inside the caller's transaction; returns its id. */
  enqueueFinalize(reportId: string, requestedBy: string): number
  job(id: number): JobView | null
  onChanged(report: ReportRecord): void
  /** A finalized report of the protocol from another bench waits here for its PDF. */
  reportArriving(protocolId: string): boolean
}

/** A report may be written for a protocol that was received (and later, amended once reported). */
const WRITABLE = new Set<Protocol['status']>(['received', 'processing', 'reported'])

const isLive = (job: JobView | null): boolean => job !== null && (job.state === 'queued' || job.state === 'running')

/**
 * The requests of the Reports page. Each change, its audit row, its outbox row and the job it
 * implies are written in one transaction; listeners hear of it after the commit.
 */
export function createReportService(deps: ReportServiceDeps) {
  const { db, reports } = deps

  const view = (report: ReportRecord): ReportView => {
    const { finalizeInputJson: _input, finalizeInputSha256: _sha, finalizeJobId, ...rest } = report
    return { ...rest, finalizeJob: finalizeJobId === null ? null : deps.job(finalizeJobId), pdfSize: reports.pdfSize(report.id) }
  }

  const mustGet = (id: string): ReportRecord => {
    const report = reports.get(id)
    if (!report) throw new HandledError('not_found', `report ${id} not found`)
    return report
  }

  const mustGetProtocol = (id: string): Protocol => {
    const protocol = deps.protocols.get(id)
    if (!protocol) throw new HandledError('not_found', `protocol ${id} not found`)
    return protocol
  }

  const record = (report: ReportRecord, action: string, at: string, after: unknown) => {
    deps.audit.append({ at, actor: deps.actor(), action, entity: 'report', entityId: report.id, after })
    deps.outbox.append({ entity: 'report', entityId: report.id, op: 'upsert', payload: reportSyncPayload(report), at })
  }

  /** Runs `change` in one transaction, then tells listeners and answers with the report's view. */
  const change = (work: () => string): ReportView => {
    const id = db.transaction(work)()
    const report = mustGet(id)
    deps.onChanged(report)
    return view(report)
  }

  const enqueue = (report: ReportRecord, at: string, action: string) => {
    const requestedBy = deps.actor()
    const jobId = deps.enqueueFinalize(report.id, requestedBy)
    reports.setFinalizeJob(report.id, jobId)
    deps.audit.append({ at, actor: requestedBy, action, entity: 'report', entityId: report.id, after: { jobId } })
  }

  return {
    forProtocol(protocolId: string): ProtocolReports {
      const protocol = mustGetProtocol(protocolId)
      const currentId = reports.openId(protocolId) ?? reports.latestFinalizedId(protocolId)
      const current = currentId ? reports.get(currentId) : null
      const finalizedHere = reports.latestFinalizedId(protocolId) !== null
      const reportedElsewhere = !finalizedHere && (protocol.status === 'reported' || deps.reportArriving(protocol.id))
      return { protocol, versions: reports.listForProtocol(protocolId), current: current ? view(current) : null, reportedElsewhere }
    },

    get(id: string): ReportView {
      return view(mustGet(id))
    },

    saveDraft(input: { protocolId: string; id?: string | undefined; content: ReportContent }): ReportView {
      return change(() => {
        const protocol = mustGetProtocol(input.protocolId)
        const at = deps.clock().toISOString()
        const openId = input.id ?? reports.openId(protocol.id)
        if (openId) {
          const report = mustGet(openId)
          if (report.protocolId !== protocol.id) throw new HandledError('conflict', `report ${report.id} belongs to another protocol`)
          if (report.status === 'finalized') throw new HandledError('report_is_final', `report ${report.id} is finalized; amend it instead`)
          if (report.status === 'finalizing') {
            const job = report.finalizeJobId === null ? null : deps.job(report.finalizeJobId)
            if (isLive(job)) throw new HandledError('report_finalizing', `report ${report.id} is being finalized`)
            // The finalize ended without finishing (failed or cancelled): the report is editable again.
            reports.backToDraft(report.id, at)
            deps.audit.append({ at, actor: deps.actor(), action: 'report.reopened', entity: 'report', entityId: report.id, after: { jobId: report.finalizeJobId } })
          }
          reports.updateDraft(report.id, input.content, at)
          record(reports.get(report.id)!, 'report.saved', at, input.content)
          return report.id
        }
        if (reports.latestFinalizedId(protocol.id)) throw new HandledError('report_has_final', `protocol ${protocol.id} has a finalized report; amend it instead`)
        if (!WRITABLE.has(protocol.status)) throw new HandledError('protocol_not_reportable', `a ${protocol.status} protocol gets no report`, { status: protocol.status })
        // Reported with no finalized report here: the report was made at another bench. A second
        // v1 would contradict it; the server refuses one too (report_version_taken).
        if (protocol.status === 'reported' || deps.reportArriving(protocol.id)) {
          throw new HandledError('report_elsewhere', `protocol ${protocol.id} was reported at another bench; amend that report once it is here`)
        }
        const id = newId()
        reports.insertDraft({ id, protocolId: protocol.id, version: reports.nextVersion(protocol.id), amendsId: null, content: input.content, at })
        record(reports.get(id)!, 'report.created', at, input.content)
        return id
      })
    },

    finalize(id: string): ReportView {
      return change(() => {
        const report = mustGet(id)
        const at = deps.clock().toISOString()
        // Asking again is harmless: a finalized report stays as it is, a live job is not doubled.
        if (report.status === 'finalized') return id
        if (!deps.clerk()) throw new HandledError('no_clerk', 'choose the clerk on duty before finalizing a report')
        if (report.status === 'finalizing') {
          if (!isLive(report.finalizeJobId === null ? null : deps.job(report.finalizeJobId))) enqueue(report, at, 'report.finalize_retried')
          return id
        }
        const content = FinalizableContent.parse(report.content)
        const protocol = mustGetProtocol(report.protocolId)
        if (!protocol.number || !WRITABLE.has(protocol.status)) throw new HandledError('protocol_not_reportable', `protocol ${protocol.id} (${protocol.status}) cannot be reported`, { status: protocol.status })
        const document = buildReportDocument({
          protocol,
          veterinarian: deps.veterinarians.get(protocol.veterinarianId),
          content,
          version: report.version,
          amendsVersion: report.amendsId ? (reports.get(report.amendsId)?.version ?? null) : null,
          ...deps.documentSettings(),
          finalizedAt: new Date(at)
        })
        const inputJson = JSON.stringify(document)
        if (!reports.markFinalizing(id, { inputJson, inputSha256: sha256Hex(inputJson), at })) throw new HandledError('conflict', `report ${id} changed meanwhile`)
        enqueue(report, at, 'report.finalize_requested')
        return id
      })
    },

    amend(id: string): ReportView {
      return change(() => {
        const report = mustGet(id)
        if (report.status !== 'finalized') throw new HandledError('report_not_final', `report ${id} is not finalized; edit the draft`)
        const openId = reports.openId(report.protocolId)
        if (openId) {
          // Pressing Amend twice opens the same amendment.
          if (reports.get(openId)?.amendsId === id) return openId
          throw new HandledError('report_open_version', `protocol ${report.protocolId} already has an open version`)
        }
        if (reports.latestFinalizedId(report.protocolId) !== id) throw new HandledError('report_not_newest', `only the newest version of a report can be amended`)
        const at = deps.clock().toISOString()
        const amendment = newId()
        reports.insertDraft({ id: amendment, protocolId: report.protocolId, version: reports.nextVersion(report.protocolId), amendsId: id, content: report.content, at })
        record(reports.get(amendment)!, 'report.amended', at, { amends: id })
        return amendment
      })
    },

    pdf(id: string): ReportPdf {
      const report = mustGet(id)
      if (report.status !== 'finalized' || !report.pdfSha256) throw new HandledError('report_no_pdf', `report ${id} has no PDF until it is finalized`)
      const pdf = reports.pdf(id)
      if (!pdf || sha256Hex(pdf.bytes) !== report.pdfSha256) throw new HandledError('stored_pdf_corrupt', `the stored PDF of report ${id} does not match its hash`)
      const protocol = mustGetProtocol(report.protocolId)
      return {
        pdfBase64: Buffer.from(pdf.bytes).toString('base64'),
        fileName: reportFileName(protocol.number, report.version),
        sha256: report.pdfSha256,
        size: pdf.size
      }
    }
  }
}
export type ReportService = ReturnType<typeof createReportService>
