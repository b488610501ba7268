/** The bench's side of sync: status, pairing, conflicts for review (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const syncRequests = {} as const satisfies Record<string, RequestDef>
export const syncEvents = {} as const satisfies Record<string, z.ZodType>
