import type { HostContext, HostModule } from '../host-module'

/** CSV and XLSX exports (being written). */
export function createExportsModule(_ctx: HostContext): HostModule {
  return { name: 'exports', handlers: {} }
}
