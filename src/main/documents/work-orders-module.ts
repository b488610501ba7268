import type { HostContext, HostModule } from '../host-module'

/** Work orders and the artifact cache of rendered documents (being written). */
export function createWorkOrdersModule(_ctx: HostContext): HostModule {
  return { name: 'work-orders', handlers: {} }
}
