/**
 * Reports: the pathologist's findings on a protocol. Owns the `reports`, `report_cassettes` and
 * `report_pdfs` tables, the `reports.*` requests and the `report.finalize` job: drafts, finalize
 * in the background (one job renders the PDF in a worker, stores it with its hash, marks the
 * report finalized, the protocol reported and queues the e-mail to the veterinarian), amendments
 * as new versions, and the stored PDF for the in-app viewer.
 */
import { jobKeys } from '../../../shared/job-subjects'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import type { NotificationsService } from '../notifications/notifications-service'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import { createReportsRepository } from './reports-repository'
import { toJobView } from '../../platform/queue/queue-runner'
import { REPORT_FINALIZE, reportFinalizeJobKind } from './report-finalize-job'
import { createReportService } from './report-service'
import { createReportSync } from './report-sync'
import { createDocumentCopiesRepository } from '../sync/document-copies-repository'

export interface ReportsDeps extends Pick<Platform, 'db' | 'clock' | 'emit' | 'audit' | 'outbox' | 'queue' | 'disk' | 'dataDir'> {
  protocols: ProtocolsRepository
  veterinarians: VeterinariansRepository
  notifications: NotificationsService
  settings: SettingsService
  session: Pick<BenchSession, 'actor' | 'clerk' | 'language'>
}

export function createReportsModule(ctx: ReportsDeps): HostModule & { readonly sync: ReturnType<typeof createReportSync> } {
  const reports = createReportsRepository(ctx.db)
  const copies = createDocumentCopiesRepository(ctx.db)
  // What sync needs of reports: the applier of pulled reports and where their PDFs are.
  const sync = createReportSync({ db: ctx.db, reports, protocols: ctx.protocols, copies })
  // Read-only use: the report's language is the bench's UI language at the moment of finalizing.
  const changed = (report: { id: string; protocolId: string; status: 'draft' | 'finalizing' | 'finalized' }) =>
    ctx.emit('reports.changed', { protocolId: report.protocolId, reportId: report.id, status: report.status })

  const service = createReportService({
    db: ctx.db,
    reports,
    protocols: ctx.protocols,
    veterinarians: ctx.veterinarians,
    audit: ctx.audit,
    outbox: ctx.outbox,
    clock: ctx.clock,
    actor: () => ctx.session.actor(),
    clerk: () => ctx.session.clerk(),
    documentSettings: () => {
      const settings = ctx.settings.get()
      return {
        letterhead: settings.letterhead,
        signaturePngDataUrl: settings.reportSignaturePng,
        publicBaseUrl: settings.publicBaseUrl,
        locale: ctx.session.language()
      }
    },
    enqueueFinalize: (reportId, requestedBy) =>
      ctx.queue.enqueue(REPORT_FINALIZE, { reportId, requestedBy }, { uniqueKey: jobKeys.reportFinalize(reportId) }).job.id,
    job: (id) => {
      const job = ctx.queue.get(id)
      return job ? toJobView(job) : null
    },
    onChanged: changed,
    reportArriving: (protocolId) => copies.stagedReportOf(protocolId) !== null
  })

  const finalizeKind = reportFinalizeJobKind({
    db: ctx.db,
    reports,
    protocols: ctx.protocols,
    audit: ctx.audit,
    outbox: ctx.outbox,
    notifications: ctx.notifications,
    clock: ctx.clock,
    room: { disk: ctx.disk, dataDir: ctx.dataDir },
    onFinalized: (report, protocol) => {
      changed(report)
      ctx.emit('protocols.changed', { ids: [protocol.id] })
    }
  })

  return {
    name: 'reports',
    sync,
    handlers: {
      'reports.forProtocol': ({ protocolId }) => service.forProtocol(protocolId),
      'reports.get': ({ id }) => service.get(id),
      'reports.saveDraft': (input) => service.saveDraft(input),
      'reports.finalize': ({ id }) => service.finalize(id),
      'reports.amend': ({ id }) => service.amend(id),
      'reports.pdf': ({ id }) => service.pdf(id)
    },
    jobKinds: { [REPORT_FINALIZE]: finalizeKind }
  }
}
