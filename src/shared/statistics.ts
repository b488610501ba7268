/** Statistics: daily and weekly counts, turnaround, rejections (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const statisticsRequests = {} as const satisfies Record<string, RequestDef>
export const statisticsEvents = {} as const satisfies Record<string, z.ZodType>
