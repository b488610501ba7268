import type { HostContext } from '../../host-context'
import type { HostModule } from '../../platform/module'

/** Read side of the messages to veterinarians; writing happens inside each change's transaction. */
export function createNotificationsModule(ctx: HostContext): HostModule {
  return {
    name: 'notifications',
    handlers: {
      'notifications.forProtocol': ({ protocolId }) => ctx.notifications.listFor(protocolId)
    }
  }
}
