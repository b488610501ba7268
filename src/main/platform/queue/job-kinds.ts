import { z } from 'zod'
import type { JobRecord, JobsRepository } from './jobs-repository'
import type { BackoffPolicy } from './backoff'
import type { RunTaskOptions } from '../worker-pool/worker-pool'
import type { CheckpointResult } from '../db/wal-checkpointer'
import { isJobErrorCode, type ErrorParams, type JobErrorCode } from '../../../shared/error-codes'

/** What a running job can ask of the worker processes; signal and progress default to the job's own. */
export interface JobWorkers {
  run(task: string, input: unknown, options?: RunTaskOptions): Promise<unknown>
}

export interface JobContext<P> {
  /** The claimed row (attempts already counts this attempt). */
  readonly job: JobRecord
  readonly payload: P
  /** Aborted on cancel, timeout and shutdown; its reason says which. */
  readonly signal: AbortSignal
  /** Coalesced: the renderer and the database see the latest value a few times a second. */
  progress(percent: number, step?: string, message?: string): void
  readonly workers: JobWorkers
}

/**
 * One kind of job. `run` executes in the main process and sends heavy work to the workers
 * through `ctx.workers.run`. Members are methods so a map of differently-typed kinds is still
 * one `JobKinds` value.
 */
export interface JobKind<P = unknown, R = unknown> {
  /** Validates at enqueue (a bad payload never reaches the table) and again before each run. */
  readonly payload: z.ZodType<P>
  /** Lower runs first; default 100. */
  readonly priority?: number
  /** Default 5. */
  readonly maxAttempts?: number
  /** Per attempt; default 60 s. */
  readonly timeoutMs?: number
  /** Default 1 s doubling up to 5 min. */
  readonly backoff?: BackoffPolicy
  /**
   * What a retry of this kind is waiting for, so the Jobs page can say it ("waiting for the
   * printer"): the one outside thing whose absence fails an attempt. None for kinds that only
   * need a worker.
   */
  readonly waitsFor?: JobResource
  run(ctx: JobContext<P>): Promise<R> | R
  /**
   * Runs inside the transaction that marks the job succeeded, and only if this attempt still
   * owns the job: database effects of a result happen exactly once, even when an earlier
   * attempt was cut short. Synchronous, database writes only.
   */
  commit?(args: { job: JobRecord; payload: P; result: R }): void
}

export type JobKinds = Readonly<Record<string, JobKind>>

/** The outside things a job can be waiting for. */
export type JobResource = 'printer' | 'server'

export const DEFAULT_PRIORITY = 100
export const DEFAULT_MAX_ATTEMPTS = 5
export const DEFAULT_TIMEOUT_MS = 60_000
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60_000 }

/** Keeps the schema's own type so `enqueue` can check payloads against its input type. */
export function defineJobKind<S extends z.ZodType, R>(
  kind: JobKind<z.output<S>, R> & { readonly payload: S }
): JobKind<z.output<S>, R> & { readonly payload: S } {
  return kind
}

/**
 * Input that can never succeed (bad payload, unknown reference): the job fails at once, no
 * retries. With a code from the catalogue the clerk is told why in their language.
 */
export class PermanentJobError extends Error {
  readonly permanent = true
  readonly code: JobErrorCode | undefined
  readonly params: ErrorParams
  constructor(message: string, options?: { cause?: unknown; code?: JobErrorCode; params?: ErrorParams }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PermanentJobError'
    this.code = options?.code
    this.params = options?.params ?? {}
  }
}

/** A failure a retry may cure (a printer that is off), told to the clerk by its code. */
export class RetryableJobError extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'RetryableJobError'
  }
}

/**
 * The job waits on something outside the bench (paper, a closed print head) that will clear by
 * itself or by a hand at the printer: it runs again after `retryInMs` and the attempt is given
 * back, so a printer out of paper for an hour is a label waiting, never a label given up on.
 * The clerk sees the code while it waits and may cancel it.
 */
export class JobWaitingError extends Error {
  readonly waiting = true
  constructor(
    readonly code: JobErrorCode,
    message: string,
    readonly retryInMs: number,
    readonly params: ErrorParams = {}
  ) {
    super(message)
    this.name = 'JobWaitingError'
  }
}

/** Permanent by class or by the flag a worker's PermanentTaskError carries across the process boundary. */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof PermanentJobError || error instanceof z.ZodError) return true
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true
}

export function isWaitingError(error: unknown): error is JobWaitingError {
  return error instanceof JobWaitingError
}

/** The catalogue code and parameters an error carries, when it carries one. */
export function codedErrorOf(error: unknown): { code: JobErrorCode; params: ErrorParams } | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, params } = error as { code?: unknown; params?: unknown }
  if (!isJobErrorCode(code)) return null
  return { code, params: typeof params === 'object' && params !== null ? (params as ErrorParams) : {} }
}

export interface BuiltinKindsDeps {
  jobs: JobsRepository
  now: () => number
  /** The hourly checkpoint that empties the WAL file (the platform's checkpoint thread runs it). */
  walCheckpoint: () => Promise<CheckpointResult> | CheckpointResult
}

export const RETENTION_MS_DEFAULT = 7 * 24 * 60 * 60 * 1000
const PURGE_CHUNK = 2000

/** The kinds the queue itself needs: the benchmark's no-op and the housekeeping. */
export function builtinJobKinds(deps: BuiltinKindsDeps) {
  return {
    noop: defineJobKind({
      payload: z.unknown(),
      priority: 100,
      maxAttempts: 3,
      timeoutMs: 30_000,
      run: (ctx) => ctx.workers.run('noop', null)
    }),

    'maintenance.prune_jobs': defineJobKind({
      payload: z.object({ olderThanMs: z.number().int().nonnegative().default(RETENTION_MS_DEFAULT) }),
      priority: 1000,
      maxAttempts: 3,
      timeoutMs: 10 * 60_000,
      async run(ctx) {
        const before = deps.now() - ctx.payload.olderThanMs
        let deleted = 0
        // Chunks, yielding between them, so a large purge never freezes the main process.
        for (;;) {
          ctx.signal.throwIfAborted()
          const n = deps.jobs.purgeFinished(before, PURGE_CHUNK)
          deleted += n
          if (n < PURGE_CHUNK) return { deleted }
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
    }),

    'maintenance.wal_checkpoint': defineJobKind({
      payload: z.object({}).default({}),
      priority: 1000,
      maxAttempts: 3,
      timeoutMs: 60_000,
      run: () => deps.walCheckpoint()
    })
  }
}
