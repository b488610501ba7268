/** Logs, diagnostics export and application updates (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const diagnosticsRequests = {} as const satisfies Record<string, RequestDef>
export const diagnosticsEvents = {} as const satisfies Record<string, z.ZodType>
