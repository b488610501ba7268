import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'
import { JobErrorInfo } from './error-codes'

/** The job queue as the renderer sees it (the Jobs page and inline progress anywhere). */
export const JobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type JobStateName = z.infer<typeof JobStateSchema>

export const JobProgressSchema = z.object({ percent: z.number(), step: z.string().nullable(), message: z.string().nullable() })

export const JobViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  state: JobStateSchema,
  priority: z.number().int(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.number(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  progress: JobProgressSchema.nullable(),
  /** The technical text of the last error, for the log and the "detalles" toggle. */
  lastError: z.string().nullable(),
  /** The last error as the clerk is told it (`errors.<code>` with its parameters). */
  error: JobErrorInfo.nullable(),
  uniqueKey: z.string().nullable()
})
export type JobViewData = z.infer<typeof JobViewSchema>

/** What a retry waits for: the outside thing whose absence failed the last attempt. */
export const JobResourceSchema = z.enum(['printer', 'server'])

export const QueuedJobViewSchema = JobViewSchema.extend({
  /** 1 for the next job to start among those due now; null for a job not yet due. */
  position: z.number().int().nullable(),
  waitingFor: z.object({
    /** turn: due, waiting for a place; retry: after a failed attempt, until `at`; scheduled: created to run at `at`. */
    reason: z.enum(['turn', 'retry', 'scheduled']),
    at: z.number().nullable(),
    resource: JobResourceSchema.nullable()
  })
})
export type QueuedJobViewData = z.infer<typeof QueuedJobViewSchema>

const DurationFiguresSchema = z.object({ count: z.number().int(), medianMs: z.number(), p95Ms: z.number() })

/** A worker process as the pool sees it, with the memory it reported. */
export const WorkerRowSchema = z.object({
  name: z.string(),
  pid: z.number().int().nullable(),
  ready: z.boolean(),
  inFlight: z.number().int(),
  restarts: z.number().int(),
  /** Epoch ms the current process started. */
  startedAt: z.number(),
  /** Tasks the current process answered. */
  tasksDone: z.number().int(),
  memory: z.object({ rss: z.number(), heapUsed: z.number() }).nullable()
})
export type WorkerRow = z.infer<typeof WorkerRowSchema>

const StateCountsSchema = z.object({ queued: z.number(), running: z.number(), succeeded: z.number(), failed: z.number(), cancelled: z.number() })

export const JobStatsSchema = z.object({
  at: z.number(),
  counts: StateCountsSchema,
  byKind: z.array(z.object({ kind: z.string(), counts: StateCountsSchema })),
  queueDepth: z.object({ ready: z.number(), delayed: z.number() }),
  running: z.array(JobViewSchema),
  queued: z.array(QueuedJobViewSchema),
  throughput: z.object({
    bucketMs: z.number(),
    buckets: z.array(z.object({ at: z.number(), succeeded: z.number(), failed: z.number(), failureRate: z.number() }))
  }),
  /** Run time of the jobs that succeeded, per kind, over the last hour and the last day. */
  durations: z.array(z.object({ kind: z.string(), lastHour: DurationFiguresSchema.nullable(), lastDay: DurationFiguresSchema.nullable() })),
  failed: z.array(JobViewSchema),
  /** The worker processes now (the clock of `at`). */
  workers: z.array(WorkerRowSchema)
})
export type JobStatsData = z.infer<typeof JobStatsSchema>

/** Pushed to the renderer already coalesced by the runner: at most one flush every few hundred ms. */
export const JobsChangedSchema = z.object({
  updated: z.array(JobViewSchema),
  progress: z.array(z.object({ id: z.number().int(), kind: z.string(), progress: JobProgressSchema }))
})
export type JobsChanged = z.infer<typeof JobsChangedSchema>

export const JobIdInput = z.object({ id: z.number().int().positive() }).strict()

export const jobRequests = {
  'jobs.stats': { input: NoInput, output: JobStatsSchema },
  'jobs.get': { input: JobIdInput, output: JobViewSchema },
  'jobs.retry': { input: JobIdInput, output: JobViewSchema },
  'jobs.cancel': { input: JobIdInput, output: JobViewSchema },
  'jobs.purgeFinished': { input: NoInput, output: z.object({ purged: z.number().int() }) }
} as const satisfies Record<string, RequestDef>

export const jobEvents = {
  'jobs.changed': JobsChangedSchema
} as const
