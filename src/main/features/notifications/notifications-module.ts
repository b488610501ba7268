/**
 * The notifications feature owns the messages to veterinarians (sample received or rejected,
 * report ready): written with the change they announce, pushed through the outbox, sent by the
 * central server, their delivery state pulled back.
 */
import type { Language } from '../../../shared/languages'
import type { HostModule, Platform } from '../../platform/module'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import { createNotificationsRepository } from './notifications-repository'
import { createNotificationsService, type NotificationsService } from './notifications-service'

export interface NotificationsDeps extends Pick<Platform, 'db' | 'outbox'> {
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
      'notifications.forProtocol': ({ protocolId }) => service.listFor(protocolId)
    }
  }
}
