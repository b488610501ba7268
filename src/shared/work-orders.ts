/** Work orders: lines from the service catalogue, totals, draft → issued → cancelled, versions (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const workOrderRequests = {} as const satisfies Record<string, RequestDef>
export const workOrderEvents = {} as const satisfies Record<string, z.ZodType>
