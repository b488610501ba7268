import type { HostContext, HostModule } from '../host-module'

/** Logs, diagnostics export, update status (being written). */
export function createDiagnosticsModule(_ctx: HostContext): HostModule {
  return { name: 'diagnostics', handlers: {} }
}
