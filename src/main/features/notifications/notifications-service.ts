import type { Db } from '../../platform/db/database'
import type { Protocol } from '../../../shared/domain'
import { composeNotification, type NotificationKind, type NotificationState, type NotificationView } from '../../../shared/notifications'
import type { NotificationDeliveryStatus } from '../../../shared/sync-protocol'
import type { Language } from '../../../shared/languages'
import { newId } from '../../../shared/ids'
import type { NotificationsRepository } from './notifications-repository'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { SettingsService } from '../settings/settings-service'

export interface MailAttachmentInput {
  filename: string
  contentType: string
  content: Uint8Array
}

/** The messages about one protocol. */
export type ProtocolNotificationKind = Exclude<NotificationKind, 'work_order_issued'>

export interface QueueNotification {
  kind: ProtocolNotificationKind
  protocol: Protocol
  reportId?: string | null
  attachments?: MailAttachmentInput[]
  at: string
}

export interface NotificationsServiceDeps {
  db: Db
  notifications: NotificationsRepository
  outbox: OutboxRepository
  veterinarians: VeterinariansRepository
  settings: SettingsService
  language: () => Language
}

/** An issued work order as its message needs it. */
export interface QueueWorkOrderIssued {
  workOrder: { id: string; number: string; veterinarianId: string; veterinarianName: string }
  pdf: MailAttachmentInput
  at: string
}

const SWITCH: Record<NotificationKind, 'sampleReceived' | 'sampleRejected' | 'reportReady' | 'workOrderIssued'> = {
  sample_received: 'sampleReceived',
  sample_rejected: 'sampleRejected',
  report_ready: 'reportReady',
  work_order_issued: 'workOrderIssued'
}

interface Message {
  kind: NotificationKind
  protocolId: string | null
  workOrderId: string | null
  reportId: string | null
  recipient: string
  language: Language
  subject: string
  text: string
  attachments: MailAttachmentInput[]
  at: string
}

export function createNotificationsService(deps: NotificationsServiceDeps) {
  const write = (message: Message): NotificationView | null => {
    const id = newId()
    const state: NotificationState = message.recipient ? 'queued' : 'no_address'
    deps.notifications.insert({
      id,
      kind: message.kind,
      protocolId: message.protocolId,
      workOrderId: message.workOrderId,
      reportId: message.reportId,
      recipient: message.recipient,
      language: message.language,
      subject: message.subject,
      bodyText: message.text,
      state,
      createdAt: message.at
    })
    // Without an address there is nothing for the server to send; the row still tells the clerk why.
    if (message.recipient) {
      deps.outbox.append({
        entity: 'notification',
        entityId: id,
        op: 'upsert',
        at: message.at,
        payload: {
          to: [message.recipient],
          cc: [],
          subject: message.subject,
          text: message.text,
          attachments: message.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            contentBase64: Buffer.from(a.content).toString('base64')
          })),
          protocolId: message.protocolId,
          reportId: message.reportId,
          ...(message.workOrderId === null ? {} : { workOrderId: message.workOrderId })
        }
      })
    }
    return deps.notifications.get(id)
  }

  const writeAbout = (input: QueueNotification, language: Language): NotificationView | null => {
    const settings = deps.settings.get()
    const vet = deps.veterinarians.get(input.protocol.veterinarianId)
    const { subject, text } = composeNotification(input.kind, language, {
      labName: settings.letterhead.name,
      protocolNumber: input.protocol.number,
      animalName: input.protocol.animal.name,
      species: input.protocol.animal.species,
      owner: input.protocol.animal.owner,
      veterinarianName: vet?.name ?? input.protocol.veterinarianName,
      rejectionReason: input.protocol.rejectionReason
    })
    return write({
      kind: input.kind,
      protocolId: input.protocol.id,
      workOrderId: null,
      reportId: input.reportId ?? null,
      recipient: vet?.email ?? '',
      language,
      subject,
      text,
      attachments: input.attachments ?? [],
      at: input.at
    })
  }

  return {
    /**
     * Writes the notification and its outbox row. Call it INSIDE the transaction of the change it
     * announces, so the change and its message are saved together or not at all. Returns null when
     * the bench is configured not to send this kind.
     */
    queue(input: QueueNotification): NotificationView | null {
      if (!deps.db.inTransaction) throw new Error('notifications are queued inside the transaction of their change')
      if (!deps.settings.get().notify[SWITCH[input.kind]]) return null
      return writeAbout(input, deps.language())
    },

    /**
     * A failed message about a protocol, written again as a new one in its language, to the
     * veterinarian's address as it is now (a corrected e-mail is the usual reason). The failed one
     * stays as it was. Inside a transaction, like `queue`; the clerk asked, so the notify switch
     * does not apply.
     */
    requeue(failed: NotificationView, input: QueueNotification): NotificationView | null {
      if (!deps.db.inTransaction) throw new Error('notifications are queued inside a transaction')
      return writeAbout(input, failed.language)
    },

    /**
     * "Work order issued" with the order's PDF, to the order's veterinarian. Inside a transaction,
     * like `queue`. Whether to send it was decided when the order was issued (the notify switch)
     * or when the clerk asked to send it again.
     */
    queueWorkOrderIssued(input: QueueWorkOrderIssued): NotificationView | null {
      if (!deps.db.inTransaction) throw new Error('notifications are queued inside a transaction')
      const settings = deps.settings.get()
      const vet = deps.veterinarians.get(input.workOrder.veterinarianId)
      const language = deps.language()
      const { subject, text } = composeNotification('work_order_issued', language, {
        labName: settings.letterhead.name,
        protocolNumber: null,
        animalName: '',
        species: '',
        owner: '',
        veterinarianName: vet?.name ?? input.workOrder.veterinarianName,
        workOrderNumber: input.workOrder.number
      })
      return write({
        kind: 'work_order_issued',
        protocolId: null,
        workOrderId: input.workOrder.id,
        reportId: null,
        recipient: vet?.email ?? '',
        language,
        subject,
        text,
        attachments: [input.pdf],
        at: input.at
      })
    },

    listFor(protocolId: string): NotificationView[] {
      return deps.notifications.listFor(protocolId)
    },

    listForWorkOrder(workOrderId: string): NotificationView[] {
      return deps.notifications.listForWorkOrder(workOrderId)
    },

    get(id: string): NotificationView | null {
      return deps.notifications.get(id)
    },

    veterinarianOf(id: string): string | null {
      return deps.notifications.veterinarianOf(id)
    },

    listFailed(limit = 500): NotificationView[] {
      return deps.notifications.listFailed(limit)
    },

    /** Whether it was sent again already (a later message of its kind about the same thing). */
    hasNewer(id: string): boolean {
      return deps.notifications.hasNewer(id)
    },

    /** Applies the delivery state the server reported through the pull. */
    applyDelivery(id: string, status: NotificationDeliveryStatus, lastError: string | null, at: string): boolean {
      return deps.notifications.setState(id, status, lastError, at)
    }
  }
}
export type NotificationsService = ReturnType<typeof createNotificationsService>
