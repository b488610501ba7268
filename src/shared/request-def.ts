import { z } from 'zod'

/**
 * One request: its input is validated in main before any handler runs; its output is checked in
 * tests. Each area declares its requests beside its schemas (reception.ts, work-orders.ts, …) and
 * contract.ts assembles them into the one surface preload exposes.
 */
export interface RequestDef {
  input: z.ZodType
  output: z.ZodType
}

/** A request that takes nothing: an empty object, and nothing more. */
export const NoInput = z.object({}).strict()
