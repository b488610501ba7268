import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { Db } from '../db/database'
import {
  createJobsRepository,
  type EnqueueOutcome,
  type JobProgress,
  type JobRecord,
  type JobState,
  type JobsRepository
} from './jobs-repository'
import { backoffDelay } from './backoff'
import {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PRIORITY,
  DEFAULT_TIMEOUT_MS,
  isPermanentError,
  PermanentJobError,
  type JobContext,
  type JobKind,
  type JobKinds,
  type JobWorkers
} from './job-kinds'
import type { RunTaskOptions } from '../worker-pool/worker-pool'

/** A job as the renderer sees it: no payload, result or lease internals. */
export interface JobView {
  id: number
  kind: string
  state: JobState
  priority: number
  attempts: number
  maxAttempts: number
  runAt: number
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  progress: JobProgress | null
  lastError: string | null
  uniqueKey: string | null
}

export type JobEvent =
  | { type: 'job.updated'; job: JobView }
  | { type: 'job.progress'; id: number; kind: string; progress: JobProgress }

/** Receives the events of one flush together; flushes are at most one per `eventIntervalMs`. */
export type JobEventListener = (events: readonly JobEvent[]) => void

export type StateCounts = Record<JobState, number>

export interface ThroughputBucket {
  at: number
  succeeded: number
  failed: number
  /** failed / (succeeded + failed); 0 for an empty bucket. */
  failureRate: number
}

export interface JobStats {
  at: number
  counts: StateCounts
  byKind: { kind: string; counts: StateCounts }[]
  /** ready: due now; delayed: waiting for run_at (backoff or scheduled). */
  queueDepth: { ready: number; delayed: number }
  running: JobView[]
  /** The last hour, oldest bucket first, every bucket present. */
  throughput: { bucketMs: number; buckets: ThroughputBucket[] }
  failed: JobView[]
}

export interface EnqueueOptions {
  priority?: number
  /** Epoch ms; default now. */
  runAt?: number
  /** A live (queued or running) job with this key is returned instead of a new one. */
  uniqueKey?: string
  maxAttempts?: number
  timeoutMs?: number
}

/** Something that runs tasks in worker processes: the worker pool, or a stand-in. */
export interface TaskRunner extends JobWorkers {
  readonly capacity: number
}

export interface QueueRunnerOptions<K extends JobKinds> {
  db: Db
  kinds: K
  workers: TaskRunner
  jobs?: JobsRepository
  /** Jobs in flight at once; default the workers' capacity. */
  concurrency?: number
  now?: () => number
  random?: () => number
  /** Minimum time between two event flushes (and progress writes); default 200 ms. */
  eventIntervalMs?: number
  /** Job updates per flush at most; the rest wait for the next flush, coalescing meanwhile. Default 500. */
  maxUpdatesPerFlush?: number
  /** Lease slack beyond a job's timeout before another runner may take it over; default 30 s. */
  leaseGraceMs?: number
  /** How often running rows with expired leases are looked for; default 60 s. */
  leaseSweepMs?: number
  owner?: string
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

type PayloadInput<T> = T extends { payload: infer S } ? (S extends z.ZodType ? z.input<S> : unknown) : unknown

export interface QueueRunner<K extends JobKinds = JobKinds> {
  readonly owner: string
  /**
   * Validates the payload and inserts the job on the caller's transaction (call it inside the
   * `db.transaction(...)` that makes the domain change). The runner wakes up right after.
   * Throws a ZodError for a bad payload and an Error for an unknown kind.
   */
  enqueue<N extends keyof K & string>(kind: N, payload: PayloadInput<K[N]>, options?: EnqueueOptions): EnqueueOutcome
  /**
   * Adds job kinds before the runner starts, so the parts of the bench can hold the queue while
   * they are built and hand over their kinds afterwards. A name already taken is refused.
   */
  register(more: JobKinds): void
  /** Recovers jobs left running by a dead process, then starts claiming. */
  start(): { requeued: number; failed: number }
  /** Stops claiming, waits for running jobs up to `timeoutMs`, hands back the rest. */
  stop(options?: { timeoutMs?: number }): Promise<void>
  subscribe(listener: JobEventListener): () => void
  stats(): JobStats
  get(id: number): JobRecord | null
  cancel(id: number): JobView | null
  retry(id: number): JobView | null
  /** Deletes finished jobs older than `olderThanMs` (0: all finished); returns how many. */
  purgeFinished(olderThanMs?: number): number
  /** Resolves when nothing is running and nothing is due. */
  drained(): Promise<void>
}

interface Running {
  job: JobRecord
  kind: JobKind | undefined
  /** As parsed by the kind's schema (defaults applied). */
  payload: unknown
  controller: AbortController
  timer: ReturnType<typeof setTimeout> | null
  progress: JobProgress | null
  progressDirty: boolean
  done: boolean
}

type Outcome =
  | { type: 'succeeded'; running: Running; result: unknown }
  | { type: 'failed'; running: Running; error: unknown }
  | { type: 'released'; running: Running }

export class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`)
    this.name = 'JobTimeoutError'
  }
}

export class JobCancelledError extends Error {
  constructor() {
    super('cancelled')
    this.name = 'JobCancelledError'
  }
}

class ShutdownError extends Error {
  constructor() {
    super('the queue is shutting down')
    this.name = 'ShutdownError'
  }
}

const HOUR_MS = 60 * 60_000
const BUCKET_MS = 60_000
const FAILED_LIST_LIMIT = 50
/** Longest single wait for a future run_at; re-checked after, so wall-clock jumps heal. */
const MAX_TIMER_MS = 60_000

export function toJobView(job: JobRecord): JobView {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    priority: job.priority,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: job.progress,
    lastError: job.lastError,
    uniqueKey: job.uniqueKey
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message
  return String(error)
}

function emptyCounts(): StateCounts {
  return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

/**
 * The queue engine of the main process. One pump turn writes the outcomes of finished jobs
 * and claims as many new ones as there is room for, all in one transaction; it runs on the
 * next turn of the event loop after an enqueue or a finished job, and on a timer only for
 * run_at in the future and lease expiry.
 */
export function createQueueRunner<K extends JobKinds>(options: QueueRunnerOptions<K>): QueueRunner<K> {
  const { db, workers } = options
  const kinds: Record<string, JobKind> = { ...options.kinds }
  const jobs = options.jobs ?? createJobsRepository(db)
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const log = options.log ?? (() => {})
  const concurrency = Math.max(1, options.concurrency ?? workers.capacity)
  const eventIntervalMs = options.eventIntervalMs ?? 200
  const maxUpdatesPerFlush = Math.max(1, options.maxUpdatesPerFlush ?? 500)
  const leaseGraceMs = options.leaseGraceMs ?? 30_000
  const leaseSweepMs = options.leaseSweepMs ?? 60_000
  const owner = options.owner ?? `main:${process.pid}:${randomUUID().slice(0, 8)}`

  const inFlight = new Map<number, Running>()
  let outcomes: Outcome[] = []
  let started = false
  let stopping = false
  let pumpScheduled = false
  let dueTimer: ReturnType<typeof setTimeout> | null = null
  let dueTimerAt = Infinity
  /**
   * Future run_at values normally arm the timer where they are written (enqueue, retry). The
   * table is asked for the earliest one only at start, after the timer fired and on the sweep.
   */
  let lookForFutureJobs = true
  let sweepTimer: ReturnType<typeof setInterval> | null = null
  const drainWaiters: (() => void)[] = []
  let stopWaiters: (() => void)[] = []

  const listeners = new Set<JobEventListener>()
  /** Latest known state per job since the last flush; views are built only for what is sent. */
  const updated = new Map<number, JobRecord>()
  /** Enqueued jobs not yet announced, dropped as soon as the runner reports anything newer. */
  const enqueuedUnconfirmed = new Map<number, JobRecord>()
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let lastFlushAt = -Infinity
  let progressDirty = false

  // ---- events -------------------------------------------------------------------------------

  function scheduleFlush(): void {
    if (flushTimer) return
    const delay = Math.max(0, lastFlushAt + eventIntervalMs - performance.now())
    flushTimer = setTimeout(flush, delay)
  }

  function noteUpdated(job: JobRecord): void {
    if (listeners.size === 0) return
    enqueuedUnconfirmed.delete(job.id)
    updated.set(job.id, job)
    scheduleFlush()
  }

  const persistProgress = db.transaction((dirty: Running[], at: number) => {
    for (const running of dirty) {
      if (running.progress) jobs.progress(running.job.id, owner, running.progress, at + leaseGraceMs)
    }
  })

  /** Sends what changed since the last flush; `everything` lifts the per-flush cap (shutdown). */
  function flush(everything = false): void {
    flushTimer = null
    lastFlushAt = performance.now()
    const dirty: Running[] = []
    if (progressDirty) {
      progressDirty = false
      for (const running of inFlight.values()) {
        if (running.progressDirty) {
          running.progressDirty = false
          dirty.push(running)
        }
      }
      if (dirty.length > 0) {
        try {
          persistProgress(dirty, now())
        } catch (error) {
          // Progress is advisory; the next report writes it again.
          log('warn', `job progress not saved: ${errorText(error)}`)
        }
      }
    }
    if (listeners.size === 0) {
      updated.clear()
      enqueuedUnconfirmed.clear()
      return
    }
    let budget = everything ? Infinity : maxUpdatesPerFlush
    const events: JobEvent[] = []
    const sent = new Set<number>()
    // Oldest change first; a job changed again while waiting keeps its place with its latest state.
    for (const [id, job] of updated) {
      if (budget-- <= 0) break
      updated.delete(id)
      sent.add(id)
      const view = toJobView(job)
      const progress = job.state === 'running' ? inFlight.get(id)?.progress : null
      if (progress) view.progress = progress
      events.push({ type: 'job.updated', job: view })
    }
    // An enqueue is announced only once its transaction is known to have committed.
    for (const [id, job] of enqueuedUnconfirmed) {
      if (budget <= 0) break
      enqueuedUnconfirmed.delete(id)
      if (!jobs.exists(job)) continue
      budget--
      events.push({ type: 'job.updated', job: toJobView(job) })
    }
    for (const running of dirty) {
      const progress = running.progress
      if (progress && !sent.has(running.job.id)) {
        events.push({ type: 'job.progress', id: running.job.id, kind: running.job.kind, progress })
      }
    }
    if (updated.size > 0 || enqueuedUnconfirmed.size > 0) scheduleFlush()
    if (events.length === 0) return
    for (const listener of listeners) {
      try {
        listener(events)
      } catch (error) {
        log('error', `job event listener failed: ${errorText(error)}`)
      }
    }
  }

  // ---- running jobs -------------------------------------------------------------------------

  function finish(running: Running, outcome: Outcome | null): void {
    if (running.done) return
    running.done = true
    if (running.timer) clearTimeout(running.timer)
    inFlight.delete(running.job.id)
    if (outcome) outcomes.push(outcome)
    schedulePump()
  }

  function startJob(job: JobRecord): void {
    const kind = kinds[job.kind]
    const running: Running = {
      job,
      kind,
      payload: job.payload,
      controller: new AbortController(),
      timer: null,
      progress: null,
      progressDirty: false,
      done: false
    }
    inFlight.set(job.id, running)
    noteUpdated(job)
    if (!kind) {
      finish(running, { type: 'failed', running, error: new PermanentJobError(`no job kind named ${job.kind}`) })
      return
    }
    const parsed = kind.payload.safeParse(job.payload)
    if (!parsed.success) {
      finish(running, { type: 'failed', running, error: new PermanentJobError(`invalid payload: ${parsed.error.message}`) })
      return
    }
    running.payload = parsed.data
    const signal = running.controller.signal
    running.timer = setTimeout(() => {
      running.timer = null
      const error = new JobTimeoutError(job.timeoutMs)
      running.controller.abort(error)
      finish(running, { type: 'failed', running, error })
    }, job.timeoutMs)

    const progress = (percent: number, step?: string, message?: string): void => {
      if (running.done) return
      running.progress = {
        percent: Math.max(0, Math.min(100, percent)),
        step: step ?? null,
        message: message ?? null
      }
      running.progressDirty = true
      progressDirty = true
      scheduleFlush()
    }
    const jobWorkers: JobWorkers = {
      run: (task: string, input: unknown, runOptions?: RunTaskOptions) =>
        workers.run(task, input, {
          signal,
          onProgress: (p) => progress(p.percent, p.step, p.message),
          ...runOptions
        })
    }
    const ctx: JobContext<unknown> = { job, payload: parsed.data, signal, progress, workers: jobWorkers }
    let result: unknown
    try {
      result = kind.run(ctx)
    } catch (error) {
      finish(running, { type: 'failed', running, error })
      return
    }
    if (isThenable(result)) {
      result.then(
        (value) => finish(running, { type: 'succeeded', running, result: value }),
        (error: unknown) => finish(running, { type: 'failed', running, error })
      )
    } else finish(running, { type: 'succeeded', running, result })
  }

  // ---- the pump -----------------------------------------------------------------------------

  function schedulePump(): void {
    if (pumpScheduled || !started) return
    pumpScheduled = true
    setImmediate(pump)
  }

  function armDueTimer(at: number): void {
    if (!started || stopping || at >= dueTimerAt) return
    if (dueTimer) clearTimeout(dueTimer)
    dueTimerAt = at
    dueTimer = setTimeout(
      () => {
        dueTimer = null
        dueTimerAt = Infinity
        lookForFutureJobs = true
        schedulePump()
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at - now()))
    )
  }

  /** Applies one outcome; returns the job's new state to announce and the run_at of a scheduled retry. */
  function applyOutcome(outcome: Outcome, at: number): { record: JobRecord | null; retryAt: number | null } {
    const { job, kind } = outcome.running
    if (outcome.type === 'released') {
      if (!jobs.release(job.id, owner, at)) return { record: null, retryAt: null }
      return { record: { ...job, state: 'queued', attempts: job.attempts - 1, runAt: at, owner: null }, retryAt: null }
    }
    if (outcome.type === 'succeeded') {
      const commit = kind?.commit
      if (!commit) {
        if (!jobs.succeed(job.id, owner, outcome.result, at)) return { record: null, retryAt: null }
      } else {
        // Savepoint: a failing commit hook undoes only its own writes and fails this job.
        try {
          const applied = db.transaction(() => {
            if (!jobs.succeed(job.id, owner, outcome.result, at)) return false
            commit.call(kind, { job, payload: outcome.running.payload, result: outcome.result })
            return true
          })()
          if (!applied) return { record: null, retryAt: null }
        } catch (error) {
          return applyOutcome({ type: 'failed', running: outcome.running, error }, at)
        }
      }
      const progress = { percent: 100, step: outcome.running.progress?.step ?? null, message: outcome.running.progress?.message ?? null }
      return { record: { ...job, state: 'succeeded', finishedAt: at, progress, result: outcome.result, owner: null }, retryAt: null }
    }
    const message = errorText(outcome.error)
    const progress = outcome.running.progress ?? job.progress
    if (isPermanentError(outcome.error) || job.attempts >= job.maxAttempts) {
      if (!jobs.fail(job.id, owner, message, at)) return { record: null, retryAt: null }
      return { record: { ...job, state: 'failed', finishedAt: at, lastError: message, progress, owner: null }, retryAt: null }
    }
    const retryAt = at + backoffDelay(kind?.backoff ?? DEFAULT_BACKOFF, job.attempts, random)
    if (!jobs.retryLater(job.id, owner, message, retryAt)) return { record: null, retryAt: null }
    return { record: { ...job, state: 'queued', runAt: retryAt, lastError: message, progress, owner: null }, retryAt }
  }

  const pumpTransaction = db.transaction((batch: Outcome[], room: number, at: number) => {
    const applied = batch.map((outcome) => applyOutcome(outcome, at))
    const claimed = jobs.claim(owner, at, room, leaseGraceMs)
    return { applied, claimed }
  })

  function pump(): void {
    pumpScheduled = false
    if (!started) return
    const batch = outcomes
    outcomes = []
    const room = stopping ? 0 : concurrency - inFlight.size
    if (batch.length === 0 && room <= 0) {
      if (stopping && inFlight.size === 0) wake(stopWaiters)
      return
    }
    const at = now()
    let result: ReturnType<typeof pumpTransaction>
    try {
      result = pumpTransaction(batch, room, at)
    } catch (error) {
      // Most likely SQLITE_BUSY from an outside writer; the outcomes are kept for the next turn.
      log('error', `job queue pump failed: ${errorText(error)}`)
      outcomes = batch.concat(outcomes)
      setTimeout(schedulePump, 100)
      return
    }
    for (const { record, retryAt } of result.applied) {
      if (record) noteUpdated(record)
      if (retryAt !== null) armDueTimer(retryAt)
    }
    for (const job of result.claimed) startJob(job)
    if (result.claimed.length < room) {
      // Nothing more is due now.
      if (lookForFutureJobs) {
        lookForFutureJobs = false
        const next = jobs.nextRunAt()
        if (next !== null) armDueTimer(next)
      }
      if (inFlight.size === 0 && outcomes.length === 0) wake(drainWaiters)
    }
    if (stopping && inFlight.size === 0 && outcomes.length === 0) wake(stopWaiters)
  }

  function wake(waiters: (() => void)[]): void {
    if (waiters.length === 0) return
    const list = waiters.splice(0, waiters.length)
    for (const resolve of list) resolve()
  }

  function sweepLeases(): void {
    const at = now()
    const expired = jobs.expiredLeases(at)
    // Ours and still alive: running, or finished with the outcome about to be written.
    const ours = new Set([...inFlight.keys(), ...outcomes.map((outcome) => outcome.running.job.id)])
    for (const { id, owner: holder, attempts, maxAttempts } of expired) {
      if (holder === owner && ours.has(id)) continue
      const reason = 'lease expired: its runner stopped answering'
      const requeued =
        holder !== null &&
        (attempts >= maxAttempts ? jobs.fail(id, holder, reason, at) : jobs.retryLater(id, holder, reason, at))
      if (requeued) {
        log('warn', `job ${id}: ${reason}`)
        const job = jobs.get(id)
        if (job) noteUpdated(job)
      }
    }
    lookForFutureJobs = true
    schedulePump()
  }

  return {
    owner,

    enqueue(kindName, payload, enqueueOptions = {}) {
      const kind = kinds[kindName]
      if (!kind) throw new Error(`no job kind named ${kindName}`)
      const at = now()
      const runAt = enqueueOptions.runAt ?? at
      const outcome = jobs.enqueue({
        kind: kindName,
        payload: kind.payload.parse(payload),
        priority: enqueueOptions.priority ?? kind.priority ?? DEFAULT_PRIORITY,
        runAt,
        maxAttempts: enqueueOptions.maxAttempts ?? kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        timeoutMs: enqueueOptions.timeoutMs ?? kind.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        uniqueKey: enqueueOptions.uniqueKey ?? null,
        now: at
      })
      if (outcome.created) {
        if (runAt > at) armDueTimer(runAt)
        else schedulePump()
        if (listeners.size > 0) {
          enqueuedUnconfirmed.set(outcome.job.id, outcome.job)
          scheduleFlush()
        }
      }
      return outcome
    },

    register(more) {
      if (started) throw new Error('job kinds are registered before the queue starts')
      for (const [name, kind] of Object.entries(more)) {
        if (Object.hasOwn(kinds, name)) throw new Error(`job kind ${name} is registered twice`)
        kinds[name] = kind
      }
    },

    start() {
      if (started) return { requeued: 0, failed: 0 }
      const recovered = jobs.recoverRunning(now(), 'interrupted: the app stopped during the last attempt')
      if (recovered.requeued + recovered.failed > 0) {
        log('info', `recovered jobs of a previous run: ${recovered.requeued} requeued, ${recovered.failed} failed`)
      }
      started = true
      stopping = false
      lookForFutureJobs = true
      sweepTimer = setInterval(sweepLeases, leaseSweepMs)
      sweepTimer.unref?.()
      schedulePump()
      return recovered
    },

    async stop(stopOptions = {}) {
      if (!started) {
        if (flushTimer) clearTimeout(flushTimer)
        flushTimer = null
        return
      }
      stopping = true
      if (dueTimer) clearTimeout(dueTimer)
      dueTimer = null
      dueTimerAt = Infinity
      if (sweepTimer) clearInterval(sweepTimer)
      sweepTimer = null
      if (inFlight.size > 0 || outcomes.length > 0) {
        const timeoutMs = stopOptions.timeoutMs ?? 10_000
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs)
          stopWaiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
          schedulePump()
        })
      }
      for (const running of [...inFlight.values()]) {
        running.controller.abort(new ShutdownError())
        finish(running, { type: 'released', running })
      }
      pumpScheduled = false
      pump()
      started = false
      if (flushTimer) {
        clearTimeout(flushTimer)
        flush(true)
      }
      wake(drainWaiters)
      stopWaiters = []
    },

    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    stats() {
      const at = now()
      const counts = emptyCounts()
      const kindCounts = new Map<string, StateCounts>()
      for (const row of jobs.countsByStateAndKind()) {
        counts[row.state] += row.count
        let perKind = kindCounts.get(row.kind)
        if (!perKind) kindCounts.set(row.kind, (perKind = emptyCounts()))
        perKind[row.state] += row.count
      }
      const ready = jobs.readyCount(at)
      const since = Math.floor((at - HOUR_MS) / BUCKET_MS) * BUCKET_MS + BUCKET_MS
      const found = new Map(jobs.finishedBuckets(since, BUCKET_MS).map((bucket) => [bucket.at, bucket]))
      const buckets: ThroughputBucket[] = []
      for (let start = since; start <= at; start += BUCKET_MS) {
        const bucket = found.get(start)
        const succeeded = bucket?.succeeded ?? 0
        const failed = bucket?.failed ?? 0
        buckets.push({ at: start, succeeded, failed, failureRate: succeeded + failed === 0 ? 0 : failed / (succeeded + failed) })
      }
      // Our own running jobs carry fresher progress than the table.
      const running = jobs.running().map((job) => {
        const mine = inFlight.get(job.id)
        return toJobView(mine?.progress ? { ...job, progress: mine.progress } : job)
      })
      return {
        at,
        counts,
        byKind: [...kindCounts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, perKind]) => ({ kind, counts: perKind })),
        queueDepth: { ready, delayed: counts.queued - ready },
        running,
        throughput: { bucketMs: BUCKET_MS, buckets },
        failed: jobs.failed(FAILED_LIST_LIMIT).map(toJobView)
      }
    },

    get(id) {
      return jobs.get(id)
    },

    cancel(id) {
      const job = jobs.cancel(id, now())
      if (!job) return null
      const running = inFlight.get(id)
      if (running) {
        // The row is already cancelled; the abort reaches the worker through the pool.
        running.controller.abort(new JobCancelledError())
        finish(running, null)
      }
      noteUpdated(job)
      return toJobView(job)
    },

    retry(id) {
      const job = jobs.retry(id, now())
      if (!job) return null
      schedulePump()
      noteUpdated(job)
      return toJobView(job)
    },

    purgeFinished(olderThanMs = 0) {
      const before = olderThanMs === 0 ? Number.MAX_SAFE_INTEGER : now() - olderThanMs
      let deleted = 0
      for (;;) {
        const n = jobs.purgeFinished(before, 5000)
        deleted += n
        if (n < 5000) return deleted
      }
    },

    drained() {
      if (!started) return Promise.resolve()
      return new Promise((resolve) => {
        drainWaiters.push(resolve)
        schedulePump()
      })
    }
  }
}
