import type { HostContext, HostModule } from '../host-module'

/** Reports and their background finalize (being written). */
export function createReportsModule(_ctx: HostContext): HostModule {
  return { name: 'reports', handlers: {} }
}
