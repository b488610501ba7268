/**
 * The audit feature owns reading the bench's audit log as a whole (the administration page):
 * search, filters by clerk and entity, pages, and its CSV/XLSX export source. Writing stays with
 * every change's own transaction (platform/journal).
 */
import type { HostModule, Platform } from '../../platform/module'

export function createAuditModule(deps: Pick<Platform, 'audit'>): HostModule {
  const { audit } = deps
  return {
    name: 'audit',
    handlers: {
      'audit.search': ({ offset, limit, ...filter }) => ({ rows: audit.search(filter, offset, limit), total: audit.count(filter) }),
      'audit.facets': () => audit.facets()
    }
  }
}
