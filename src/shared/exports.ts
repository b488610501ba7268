/** Exports to CSV and XLSX as jobs (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const exportRequests = {} as const satisfies Record<string, RequestDef>
export const exportEvents = {} as const satisfies Record<string, z.ZodType>
