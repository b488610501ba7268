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

export interface QueueNotification {
  kind: NotificationKind
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

const SWITCH: Record<NotificationKind, 'sampleReceived' | 'sampleRejected' | 'reportReady'> = {
  sample_received: 'sampleReceived',
  sample_rejected: 'sampleRejected',
  report_ready: 'reportReady'
}

export function createNotificationsService(deps: NotificationsServiceDeps) {
  return {
    /**
     * Writes the notification and its outbox row. Call it INSIDE the transaction of the change it
     * announces, so the change and its message are saved together or not at all. Returns null when
     * the bench is configured not to send this kind.
     */
    queue(input: QueueNotification): NotificationView | null {
      if (!deps.db.inTransaction) throw new Error('notifications are queued inside the transaction of their change')
      const settings = deps.settings.get()
      if (!settings.notify[SWITCH[input.kind]]) return null
      const vet = deps.veterinarians.get(input.protocol.veterinarianId)
      const language = deps.language()
      const { subject, text } = composeNotification(input.kind, language, {
        labName: settings.letterhead.name,
        protocolNumber: input.protocol.number,
        animalName: input.protocol.animal.name,
        species: input.protocol.animal.species,
        owner: input.protocol.animal.owner,
        veterinarianName: vet?.name ?? input.protocol.veterinarianName,
        rejectionReason: input.protocol.rejectionReason
      })
      const recipient = vet?.email ?? ''
      const id = newId()
      const state: NotificationState = recipient ? 'queued' : 'no_address'
      deps.notifications.insert({
        id,
        kind: input.kind,
        protocolId: input.protocol.id,
        reportId: input.reportId ?? null,
        recipient,
        language,
        subject,
        bodyText: text,
        state,
        createdAt: input.at
      })
      // Without an address there is nothing for the server to send; the row still tells the clerk why.
      if (recipient) {
        deps.outbox.append({
          entity: 'notification',
          entityId: id,
          op: 'upsert',
          at: input.at,
          payload: {
            to: [recipient],
            cc: [],
            subject,
            text,
            attachments: (input.attachments ?? []).map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              contentBase64: Buffer.from(a.content).toString('base64')
            })),
            protocolId: input.protocol.id,
            reportId: input.reportId ?? null
          }
        })
      }
      return deps.notifications.get(id)
    },

    listFor(protocolId: string): NotificationView[] {
      return deps.notifications.listFor(protocolId)
    },

    /** Applies the delivery state the server reported through the pull. */
    applyDelivery(id: string, status: NotificationDeliveryStatus, lastError: string | null, at: string): boolean {
      return deps.notifications.setState(id, status, lastError, at)
    }
  }
}
export type NotificationsService = ReturnType<typeof createNotificationsService>
