import type { HostContext, HostModule } from '../host-module'

/** The sync engine: pairing, push, pull, conflicts, number blocks (being written). */
export function createSyncModule(_ctx: HostContext): HostModule {
  return { name: 'sync', handlers: {} }
}
