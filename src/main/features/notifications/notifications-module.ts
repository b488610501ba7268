/**
 * The notifications feature owns the messages to veterinarians (sample received or rejected,
 * report ready, work order issued): written with the change they announce, pushed through the
 * outbox, sent by the central server, their delivery state pulled back. Any failed message can be
 * sent again (`notifications.resend`), to the veterinarian's address as it is now: a protocol's
 * message is written again at once (a report's with its stored PDF); a work order's is built again
 * by the work-orders job that made it. Each resend is audited.
 */
import type { Language } from '../../../shared/languages'
import type { NotificationView } from '../../../shared/notifications'
import { reportFileName } from '../../../shared/reports'
import { HandledError } from '../../platform/dispatch'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import { queueWorkOrderNotice } from '../work-orders/work-orders-notice'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import { createReportsRepository } from '../reports/reports-repository'
import { createNotificationsRepository } from './notifications-repository'
import { createNotificationsService, type MailAttachmentInput, type NotificationsService } from './notifications-service'

export interface NotificationsDeps extends Pick<Platform, 'db' | 'outbox' | 'queue' | 'audit' | 'clock'> {
  veterinarians: VeterinariansRepository
  protocols: Pick<ProtocolsRepository, 'get'>
  settings: SettingsService
  session: Pick<BenchSession, 'actor'>
  language: () => Language
}

export function createNotificationsModule(deps: NotificationsDeps): HostModule & { readonly service: NotificationsService } {
  const service = createNotificationsService({ ...deps, notifications: createNotificationsRepository(deps.db) })
  // A report's message carries its finalized PDF, kept by the reports feature.
  const reports = createReportsRepository(deps.db)
  const reportAttachment = (reportId: string): MailAttachmentInput => {
    const report = reports.get(reportId)
    const pdf = report?.status === 'finalized' ? reports.pdf(reportId) : null
    if (!report || !pdf) throw new HandledError('report_no_pdf', `report ${reportId} has no finalized PDF to send again`)
    const protocol = deps.protocols.get(report.protocolId)
    return { filename: reportFileName(protocol?.number ?? null, report.version), contentType: 'application/pdf', content: pdf.bytes }
  }

  const addressNow = (message: NotificationView): string => {
    const vetId = service.veterinarianOf(message.id)
    return (vetId && deps.veterinarians.get(vetId)?.email) || ''
  }
  const resendable = (message: NotificationView): boolean =>
    message.state === 'failed' || (message.state === 'no_address' && addressNow(message) !== '')

  /** Writes the message again now (a protocol's); answers the new message's id. */
  const rewrite = (failed: NotificationView, at: string): string => {
    if (failed.kind === 'work_order_issued' || failed.protocolId === null) throw new Error('a work order message is built again by its job')
    const protocol = deps.protocols.get(failed.protocolId)
    if (!protocol) throw new HandledError('not_found', `protocol ${failed.protocolId} not found`)
    const attachments = failed.kind === 'report_ready' && failed.reportId !== null ? [reportAttachment(failed.reportId)] : []
    const written = service.requeue(failed, { kind: failed.kind, protocol, reportId: failed.reportId, attachments, at })
    if (!written) throw new Error(`message ${failed.id} could not be written again`)
    return written.id
  }

  return {
    name: 'notifications',
    service,
    handlers: {
      'notifications.forProtocol': ({ protocolId }) => service.listFor(protocolId),
      'notifications.forWorkOrder': ({ workOrderId }) => service.listForWorkOrder(workOrderId),
      'notifications.failed': () => service.listFailed(),
      'notifications.resend': ({ id }) => {
        const at = deps.clock().toISOString()
        return deps.db.transaction(() => {
          const failed = service.get(id)
          if (!failed) throw new HandledError('not_found', `notification ${id} not found`)
          if (!resendable(failed)) throw new HandledError('notification_not_resendable', `message ${id} is ${failed.state}: only a failed one, or one without an address once the veterinarian has one, is sent again`)
          if (service.hasNewer(id)) throw new HandledError('notification_already_resent', `message ${id} was sent again already`)
          const actor = deps.session.actor()
          if (failed.kind === 'work_order_issued' && failed.workOrderId !== null) {
            const jobId = queueWorkOrderNotice(deps.queue, failed.workOrderId)
            deps.audit.append({ at, actor, action: 'notification.resent', entity: 'notification', entityId: id, before: { state: failed.state, recipient: failed.recipient }, after: { jobId } })
            return { jobId: jobId as number | null, notificationId: null as string | null }
          }
          const notificationId = rewrite(failed, at)
          const recipient = service.get(notificationId)?.recipient ?? ''
          deps.audit.append({ at, actor, action: 'notification.resent', entity: 'notification', entityId: id, before: { state: failed.state, recipient: failed.recipient }, after: { notificationId, recipient } })
          return { jobId: null, notificationId }
        })()
      }
    }
  }
}
