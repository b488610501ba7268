/**
 * Going live: a real install starts empty and opens a short first-run setup (bench name,
 * language, label printer, pairing with the lab server; only the name cannot be skipped), or the
 * clerk chooses to try the app with demo data instead. Demo data is removed at once, in one
 * transaction, and never reaches a server.
 */
import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'

export const FirstRunStatus = z.object({
  /** The first-run setup is still to be done: a new bench, not trying the app with demo data. */
  needed: z.boolean(),
  /** The bench is trying the app: what it writes is demo and never leaves it; pairing is refused. */
  demoMode: z.boolean(),
  /** Demo rows are present (they can be removed from Settings). */
  demoData: z.boolean()
})
export type FirstRunStatus = z.infer<typeof FirstRunStatus>

/** The bench's name as Settings takes it (bench-settings.ts). */
const BenchName = z.string().trim().min(1).max(60)

export const DemoRemoval = z.object({
  protocols: z.number().int(),
  veterinarians: z.number().int(),
  services: z.number().int(),
  workOrders: z.number().int(),
  reports: z.number().int(),
  clerks: z.number().int()
})
export type DemoRemoval = z.infer<typeof DemoRemoval>

/** How many demo protocols "try with demo data" brings (the same as `npm run web -- --demo`). */
export const DEMO_PROTOCOLS = 400

export const setupRequests = {
  'firstRun.status': { input: NoInput, output: FirstRunStatus },
  /** Ends the first-run setup with the bench's name (the one step that cannot be skipped). */
  'firstRun.complete': { input: z.object({ benchName: BenchName }).strict(), output: FirstRunStatus },
  /** Loads demo data into an empty bench that is not paired, and turns demo mode on. */
  'demo.start': { input: z.object({ protocols: z.number().int().min(1).max(5_000).default(DEMO_PROTOCOLS) }).strict(), output: FirstRunStatus },
  /** Removes every demo row in one transaction; the bench is then as after a fresh install. */
  'demo.remove': { input: NoInput, output: z.object({ removed: DemoRemoval, status: FirstRunStatus }) }
} as const satisfies Record<string, RequestDef>

export const setupEvents = {
  'firstRun.changed': FirstRunStatus
} as const satisfies Record<string, z.ZodType>
