/**
 * The bench's health at a glance: database integrity, free disk, the label printer, the last
 * successful sync, the worker processes and the backlog of unsent changes, each green, amber or
 * red with its reason. Worked out by a scheduled job in main and pushed as `health.changed`; the
 * renderer never polls for it.
 */
import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'

export const HealthLevel = z.enum(['green', 'amber', 'red'])
export type HealthLevel = z.infer<typeof HealthLevel>

export const HEALTH_CHECKS = ['database', 'disk', 'printer', 'sync', 'workers', 'backlog'] as const
export const HealthCheckName = z.enum(HEALTH_CHECKS)
export type HealthCheckName = z.infer<typeof HealthCheckName>

/**
 * Each reason is a code the renderer words (es, en) with its `facts`; the Spanish text is the
 * catalogue's, never built in main.
 */
export const HealthReason = z.enum([
  'database_ok',
  'database_unchecked',
  'database_damaged',
  'disk_ok',
  'disk_low',
  'disk_critical',
  'disk_unknown',
  'printer_ready',
  'printer_none',
  'printer_unreachable',
  'printer_paper_out',
  'printer_head_open',
  'printer_paused',
  'printer_ribbon_out',
  'printer_offline',
  'printer_unknown',
  'sync_unpaired',
  'sync_recent',
  'sync_late',
  'sync_stale',
  'sync_never',
  'workers_ok',
  'workers_idle',
  'workers_starting',
  'workers_down',
  'backlog_empty',
  'backlog_unpaired',
  'backlog_waiting',
  'backlog_old',
  'backlog_very_old'
])
export type HealthReason = z.infer<typeof HealthReason>

export const HealthCheck = z.object({
  name: HealthCheckName,
  level: HealthLevel,
  reason: HealthReason,
  /** Numbers and names the reason's sentence shows (free megabytes, when, how many). */
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
  /** English technical detail for support (a socket error, SQLite's message); may be empty. */
  detail: z.string()
})
export type HealthCheck = z.infer<typeof HealthCheck>

export const HealthReport = z.object({
  /** Epoch ms of the check. */
  at: z.number(),
  /** The worst level of the checks. */
  level: HealthLevel,
  checks: z.array(HealthCheck)
})
export type HealthReport = z.infer<typeof HealthReport>

const ORDER: Record<HealthLevel, number> = { green: 0, amber: 1, red: 2 }

export function worstLevel(levels: readonly HealthLevel[]): HealthLevel {
  return levels.reduce<HealthLevel>((worst, level) => (ORDER[level] > ORDER[worst] ? level : worst), 'green')
}

export const healthRequests = {
  /** The last report; null before the first check finished (one is queued at start). */
  'health.get': { input: NoInput, output: HealthReport.nullable() },
  /** Queues a full check now (integrity included); the report arrives as `health.changed`. */
  'health.check': { input: NoInput, output: z.object({ jobId: z.number().int() }) }
} as const satisfies Record<string, RequestDef>

export const healthEvents = {
  'health.changed': HealthReport
} as const satisfies Record<string, z.ZodType>
