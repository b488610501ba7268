import type { JobProgress, JobRecord, JobState, JobsRepository } from './jobs-repository'
import { errorText } from './outcomes'
import { decodeJobError, type JobErrorInfo } from '../../../shared/error-codes'

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
  /** The technical text of the last error (log, "detalles"). */
  lastError: string | null
  /** The last error as the clerk is told it: a catalogue code and its parameters. */
  error: JobErrorInfo | null
  uniqueKey: string | null
}

export type JobEvent =
  | { type: 'job.updated'; job: JobView }
  | { type: 'job.progress'; id: number; kind: string; progress: JobProgress }

/** Receives the events of one flush together; flushes are at most one per `eventIntervalMs`. */
export type JobEventListener = (events: readonly JobEvent[]) => void

/** A stored last error as views carry it: the technical text apart from the code the clerk is told. */
export function jobErrorView(stored: string | null): Pick<JobView, 'lastError' | 'error'> {
  const error = decodeJobError(stored)
  return { lastError: error ? error.detail : null, error: error ? { code: error.code, params: error.params } : null }
}

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
    ...jobErrorView(job.lastError),
    uniqueKey: job.uniqueKey
  }
}

/** A running job whose progress changed since the last flush. */
export interface ProgressNote {
  readonly job: Pick<JobRecord, 'id' | 'kind'>
  readonly progress: JobProgress | null
}

export interface JobEventsOptions {
  jobs: Pick<JobsRepository, 'exists'>
  /** Minimum time between two flushes. */
  eventIntervalMs: number
  /** Job updates per flush at most; the rest wait for the next flush, coalescing meanwhile. */
  maxUpdatesPerFlush: number
  /**
   * Called at the start of a flush that follows a progress report: hands over the jobs whose
   * progress changed, after writing it (the heartbeat rides on the flush).
   */
  takeProgress(): ProgressNote[]
  /** The progress a running job of this process reported last, fresher than its row. */
  liveProgress(id: number): JobProgress | null
  log: (level: 'info' | 'warn' | 'error', message: string) => void
}

/**
 * The job events of one runner, coalesced: a job changed many times between two flushes is
 * sent once with its latest state, and progress reports share the flush and its rate limit.
 * Nothing is kept while nobody listens.
 */
export function createJobEvents(options: JobEventsOptions) {
  const { jobs, eventIntervalMs, maxUpdatesPerFlush, log } = options
  const listeners = new Set<JobEventListener>()
  /** Latest known state per job since the last flush; views are built only for what is sent. */
  const updated = new Map<number, JobRecord>()
  /** Enqueued jobs not yet announced, dropped as soon as the runner reports anything newer. */
  const enqueuedUnconfirmed = new Map<number, JobRecord>()
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let lastFlushAt = -Infinity
  let progressDirty = false

  function scheduleFlush(): void {
    if (flushTimer) return
    const delay = Math.max(0, lastFlushAt + eventIntervalMs - performance.now())
    flushTimer = setTimeout(flush, delay)
  }

  /** Sends what changed since the last flush; `everything` lifts the per-flush cap (shutdown). */
  function flush(everything = false): void {
    flushTimer = null
    lastFlushAt = performance.now()
    let dirty: ProgressNote[] = []
    if (progressDirty) {
      progressDirty = false
      dirty = options.takeProgress()
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
      const progress = job.state === 'running' ? options.liveProgress(id) : null
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
    for (const { job, progress } of dirty) {
      if (progress && !sent.has(job.id)) {
        events.push({ type: 'job.progress', id: job.id, kind: job.kind, progress })
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

  return {
    subscribe(listener: JobEventListener): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    /** The job's latest state, to be sent with the next flush. */
    updated(job: JobRecord): void {
      if (listeners.size === 0) return
      enqueuedUnconfirmed.delete(job.id)
      updated.set(job.id, job)
      scheduleFlush()
    },

    /** A job just inserted, perhaps on a transaction that will still roll back. */
    enqueued(job: JobRecord): void {
      if (listeners.size === 0) return
      enqueuedUnconfirmed.set(job.id, job)
      scheduleFlush()
    },

    /** A running job reported progress; it is written and sent with the next flush. */
    progressed(): void {
      progressDirty = true
      scheduleFlush()
    },

    /** At stop: sends what is pending at once, or with `discard` drops it. */
    close({ discard = false } = {}): void {
      if (!flushTimer) return
      clearTimeout(flushTimer)
      flushTimer = null
      if (!discard) flush(true)
    }
  }
}

export type JobEvents = ReturnType<typeof createJobEvents>
