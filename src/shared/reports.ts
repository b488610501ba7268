/** Reports: sections, cassettes, finalize in the background, amendments (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const reportRequests = {} as const satisfies Record<string, RequestDef>
export const reportEvents = {} as const satisfies Record<string, z.ZodType>
