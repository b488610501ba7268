/** Bulk actions over many protocols, one job with per-item results (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const bulkRequests = {} as const satisfies Record<string, RequestDef>
export const bulkEvents = {} as const satisfies Record<string, z.ZodType>
