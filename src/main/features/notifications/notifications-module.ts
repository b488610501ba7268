/**
 * The notifications feature owns the messages to veterinarians (sample received or rejected,
 * report ready, work order issued): written with the change they announce, pushed through the
 * outbox, sent by the central server, their delivery state pulled back. A failed work order
 * message can be sent again (`notifications.resend`): the work-orders job that built it runs again.
 */
import type { Language } from '../../../shared/languages'
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import { queueWorkOrderNotice } from '../work-orders/work-orders-notice'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import { createNotificationsRepository } from './notifications-repository'
import { createNotificationsService, type NotificationsService } from './notifications-service'

export interface NotificationsDeps extends Pick<Platform, 'db' | 'outbox' | 'queue'> {
  veterinarians: VeterinariansRepository
  settings: SettingsService
  language: () => Language
}

export function createNotificationsModule(deps: NotificationsDeps): HostModule & { readonly service: NotificationsService } {
  const service = createNotificationsService({ ...deps, notifications: createNotificationsRepository(deps.db) })
  return {
    name: 'notifications',
    service,
    handlers: {
      'notifications.forProtocol': ({ protocolId }) => service.listFor(protocolId),
      'notifications.forWorkOrder': ({ workOrderId }) => service.listForWorkOrder(workOrderId),
      'notifications.resend': ({ id }) => {
        const failed = service.get(id)
        if (!failed) throw new HandledError('not_found', `notification ${id} not found`)
        if (failed.state !== 'failed') throw new HandledError('conflict', `only a failed message is sent again (this one is ${failed.state})`)
        if (failed.kind !== 'work_order_issued' || failed.workOrderId === null) {
          throw new HandledError('conflict', `a ${failed.kind} message is not sent again from the bench`)
        }
        return { jobId: queueWorkOrderNotice(deps.queue, failed.workOrderId) }
      }
    }
  }
}
