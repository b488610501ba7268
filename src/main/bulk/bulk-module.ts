import type { HostContext, HostModule } from '../host-module'

/** Bulk actions over protocols (being written). */
export function createBulkModule(_ctx: HostContext): HostModule {
  return { name: 'bulk', handlers: {} }
}
