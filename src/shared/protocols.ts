/** The Protocols page: search over every protocol, and one protocol's detail with its history. */
import { z } from 'zod'
import { AuditEntry, Protocol, ProtocolStatus, ProtocolSummary, ProtocolType, StatusChange, Uuid } from './domain'
import type { RequestDef } from './request-def'

export const SearchQuery = z
  .object({
    text: z.string().max(200).default(''),
    status: ProtocolStatus.optional(),
    type: ProtocolType.optional(),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100)
  })
  .strict()
export type SearchQuery = z.input<typeof SearchQuery>

export const SearchPage = z.object({
  rows: z.array(ProtocolSummary),
  /** Exact when cheap, otherwise a lower bound (see `totalIsExact`). */
  total: z.number().int(),
  totalIsExact: z.boolean(),
  tookMs: z.number()
})
export type SearchPage = z.infer<typeof SearchPage>

export const ProtocolDetail = z.object({
  protocol: Protocol,
  history: z.array(StatusChange),
  audit: z.array(AuditEntry)
})
export type ProtocolDetail = z.infer<typeof ProtocolDetail>

export const protocolRequests = {
  'protocols.search': { input: SearchQuery, output: SearchPage },
  'protocols.get': { input: z.object({ id: Uuid }).strict(), output: ProtocolDetail }
} as const satisfies Record<string, RequestDef>

export const protocolEvents = {
  'protocols.changed': z.object({ ids: z.array(Uuid) })
} as const
