import type { HostContext, HostModule } from '../host-module'

/** Read side of the messages to veterinarians; writing happens inside each change's transaction. */
export function createNotificationsModule(ctx: HostContext): HostModule {
  return {
    name: 'notifications',
    handlers: {
      'notifications.forProtocol': ({ protocolId }) => ctx.notifications.listFor(protocolId)
    }
  }
}
