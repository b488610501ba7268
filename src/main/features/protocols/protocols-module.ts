/**
 * The protocols feature owns the protocol store (rows, status history, full-text index) and the
 * Protocols page's search and detail; the filters it shares with exports and bulk are in
 * protocol-query.ts.
 */
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import type { ProtocolsRepository } from './protocols-repository'

export interface ProtocolsDeps extends Pick<Platform, 'audit'> {
  protocols: ProtocolsRepository
}

export function createProtocolsModule({ protocols, audit }: ProtocolsDeps): HostModule {
  return {
    name: 'protocols',
    handlers: {
      'protocols.search': (query) => {
        const started = performance.now()
        const page = protocols.search(query)
        return { ...page, tookMs: performance.now() - started }
      },
      'protocols.get': ({ id }) => {
        const protocol = protocols.get(id)
        if (!protocol) throw new HandledError('not_found', `protocol ${id} not found`)
        return { protocol, history: protocols.history(id), audit: audit.listFor('protocol', id) }
      }
    }
  }
}
