import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { Db } from '../db/database'
import { createJobsRepository, type EnqueueOutcome, type JobRecord, type JobsRepository } from './jobs-repository'
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_PRIORITY, DEFAULT_TIMEOUT_MS, isWaitingError, type JobKind, type JobKinds, type JobWorkers } from './job-kinds'
import { createDueTimer, createInFlight } from './claim'
import { createLeases } from './leases'
import { createOutcomeWriter, errorText, type Outcome } from './outcomes'
import { createJobEvents, toJobView, type JobEventListener, type JobView } from './job-events'
import { readJobStats, type JobStats } from './job-stats'

export { JobCancelledError, JobTimeoutError } from './claim'
export { toJobView, type JobEvent, type JobEventListener, type JobView } from './job-events'
export type { DurationFigures, JobStats, KindDurations, QueuedJobView, StateCounts, ThroughputBucket, WaitingFor } from './job-stats'

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
  /** The names of the kinds this queue runs (the Jobs page names each one). */
  kindNames(): string[]
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

class ShutdownError extends Error {
  constructor() {
    super('the queue is shutting down')
    this.name = 'ShutdownError'
  }
}

/**
 * The queue engine of the main process. One pump turn writes the outcomes of finished jobs
 * and claims as many new ones as there is room for, all in one transaction; it runs on the
 * next turn of the event loop after an enqueue or a finished job, and on a timer only for
 * run_at in the future and lease expiry.
 *
 * The parts, each in its own file: `claim.ts` (the attempts in flight and the timer for jobs
 * not yet due), `outcomes.ts` (success, retry with backoff, failure), `leases.ts` (heartbeat,
 * expired leases, start-up recovery), `job-events.ts` (coalesced events) and `job-stats.ts`.
 */
export function createQueueRunner<K extends JobKinds>(options: QueueRunnerOptions<K>): QueueRunner<K> {
  const { db, workers } = options
  const kinds: Record<string, JobKind> = { ...options.kinds }
  const jobs = options.jobs ?? createJobsRepository(db)
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const concurrency = Math.max(1, options.concurrency ?? workers.capacity)
  const leaseGraceMs = options.leaseGraceMs ?? 30_000
  const leaseSweepMs = options.leaseSweepMs ?? 60_000
  const owner = options.owner ?? `main:${process.pid}:${randomUUID().slice(0, 8)}`

  let outcomes: Outcome[] = []
  let started = false
  let stopping = false
  let pumpScheduled = false
  let sweepTimer: ReturnType<typeof setInterval> | null = null
  const drainWaiters: (() => void)[] = []
  let stopWaiters: (() => void)[] = []

  const leases = createLeases({ db, jobs, owner, leaseGraceMs, now, log })
  const writer = createOutcomeWriter({ db, jobs, owner, random: options.random ?? Math.random })
  const inFlight = createInFlight({
    kinds,
    workers,
    onStarted: (job) => events.updated(job),
    onProgress: () => events.progressed(),
    onFinished(outcome) {
      if (outcome) outcomes.push(outcome)
      schedulePump()
    }
  })
  const events = createJobEvents({
    jobs,
    eventIntervalMs: options.eventIntervalMs ?? 200,
    maxUpdatesPerFlush: Math.max(1, options.maxUpdatesPerFlush ?? 500),
    takeProgress() {
      const changed = inFlight.takeProgressed()
      leases.heartbeat(changed)
      return changed
    },
    liveProgress: (id) => inFlight.progressOf(id),
    log
  })
  const due = createDueTimer({ now, onDue: () => schedulePump() })

  function schedulePump(): void {
    if (pumpScheduled || !started) return
    pumpScheduled = true
    setImmediate(pump)
  }

  function armDueTimer(at: number): void {
    if (!started || stopping) return
    due.arm(at)
  }

  const pumpTransaction = db.transaction((batch: Outcome[], room: number, at: number) => {
    const applied = batch.map((outcome) => writer.apply(outcome, at))
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
    result.applied.forEach(({ record, retryAt }, index) => {
      if (record) events.updated(record)
      if (retryAt !== null) armDueTimer(retryAt)
      const outcome = batch[index]
      // The technical text goes to the log (and from there to the diagnostics ZIP); the clerk is told the code.
      if (record && outcome?.type === 'failed' && !isWaitingError(outcome.error)) {
        log(record.state === 'failed' ? 'error' : 'warn', `job ${record.id} ${record.kind} ${record.state === 'failed' ? 'failed' : 'will retry'}: ${errorText(outcome.error)}`)
      }
    })
    for (const job of result.claimed) inFlight.start(job)
    if (result.claimed.length < room) {
      // Nothing more is due now.
      if (due.shouldLook()) {
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
    const ours = new Set([...inFlight.ids(), ...outcomes.map((outcome) => outcome.running.job.id)])
    for (const job of leases.sweep(ours)) events.updated(job)
    due.lookAgain()
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
        events.enqueued(outcome.job)
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

    kindNames() {
      return Object.keys(kinds).sort()
    },

    start() {
      if (started) return { requeued: 0, failed: 0 }
      const recovered = leases.recover()
      started = true
      stopping = false
      due.lookAgain()
      sweepTimer = setInterval(sweepLeases, leaseSweepMs)
      sweepTimer.unref?.()
      schedulePump()
      return recovered
    },

    async stop(stopOptions = {}) {
      if (!started) {
        events.close({ discard: true })
        return
      }
      stopping = true
      due.clear()
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
      inFlight.releaseAll(new ShutdownError())
      pumpScheduled = false
      pump()
      started = false
      events.close()
      wake(drainWaiters)
      stopWaiters = []
    },

    subscribe(listener) {
      return events.subscribe(listener)
    },

    stats() {
      return readJobStats(
        jobs,
        now(),
        (id) => inFlight.progressOf(id),
        (kind) => kinds[kind]?.waitsFor ?? null
      )
    },

    get(id) {
      return jobs.get(id)
    },

    cancel(id) {
      const job = jobs.cancel(id, now())
      if (!job) return null
      // The row is already cancelled; the attempt (if ours) is cut off.
      inFlight.cancel(id)
      events.updated(job)
      return toJobView(job)
    },

    retry(id) {
      const job = jobs.retry(id, now())
      if (!job) return null
      schedulePump()
      events.updated(job)
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
