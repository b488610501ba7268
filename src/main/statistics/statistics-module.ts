import type { HostContext, HostModule } from '../host-module'

/** Statistics and their scheduled summaries (being written). */
export function createStatisticsModule(_ctx: HostContext): HostModule {
  return { name: 'statistics', handlers: {} }
}
