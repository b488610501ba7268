/** The bench's audit log as the administration page reads it: search, filter by clerk and by entity, pages. */
import { z } from 'zod'
import { AuditEntry } from './domain'
import { NoInput, type RequestDef } from './request-def'

/** Which audit entries: words anywhere in the entry, one clerk (actor), one kind of thing (entity). */
export const AuditFilter = z
  .object({
    text: z.string().trim().max(200).optional(),
    actor: z.string().trim().min(1).max(80).optional(),
    entity: z.string().trim().min(1).max(40).optional()
  })
  .strict()
export type AuditFilter = z.infer<typeof AuditFilter>

/** Pages of at most this many entries; the page asks for the next as the clerk scrolls. */
export const AUDIT_PAGE_SIZE = 200

export const auditRequests = {
  /** Entries matching the filter, newest first, `limit` from `offset`, with how many match in all. */
  'audit.search': {
    input: AuditFilter.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE) }).strict(),
    output: z.object({ rows: z.array(AuditEntry), total: z.number().int() })
  },
  /** The clerks (actors) and entities the log holds: the filters' choices. */
  'audit.facets': { input: NoInput, output: z.object({ actors: z.array(z.string()), entities: z.array(z.string()) }) }
} as const satisfies Record<string, RequestDef>
