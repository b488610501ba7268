/** Rendered documents (PDF artifacts): view, save, print (being written). */
import type { z } from 'zod'
import type { RequestDef } from './contract'

export const artifactRequests = {} as const satisfies Record<string, RequestDef>
export const artifactEvents = {} as const satisfies Record<string, z.ZodType>
