import type { JobProgress, JobRecord } from './jobs-repository'
import { PermanentJobError, type JobContext, type JobKind, type JobWorkers } from './job-kinds'
import type { Outcome } from './outcomes'
import type { RunTaskOptions } from '../worker-pool/worker-pool'

/** One attempt of a claimed job, running in this process. */
export interface Running {
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

export interface InFlightOptions {
  kinds: Readonly<Record<string, JobKind>>
  workers: JobWorkers
  /** A claimed job became ours and is starting. */
  onStarted(job: JobRecord): void
  /** A running job reported progress (kept on its attempt until the next flush takes it). */
  onProgress(): void
  /** An attempt ended; `null` when it was cut off with nothing left to write (cancelled). */
  onFinished(outcome: Outcome | null): void
}

/**
 * The attempts this runner has claimed and not yet finished. Starting one checks its kind and
 * payload, arms its timeout and hands the kind a context whose abort signal, progress and worker
 * calls belong to this attempt; every way an attempt ends goes through one `finish`, once.
 */
export function createInFlight(options: InFlightOptions) {
  const { kinds, workers } = options
  const attempts = new Map<number, Running>()

  function finish(running: Running, outcome: Outcome | null): void {
    if (running.done) return
    running.done = true
    if (running.timer) clearTimeout(running.timer)
    attempts.delete(running.job.id)
    options.onFinished(outcome)
  }

  function start(job: JobRecord): void {
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
    attempts.set(job.id, running)
    options.onStarted(job)
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
      options.onProgress()
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

  return {
    start,

    get size(): number {
      return attempts.size
    },

    ids(): IterableIterator<number> {
      return attempts.keys()
    },

    /** The progress a running attempt reported last; null when none or not ours. */
    progressOf(id: number): JobProgress | null {
      return attempts.get(id)?.progress ?? null
    },

    /** The attempts whose progress changed since the last call. */
    takeProgressed(): Running[] {
      const changed: Running[] = []
      for (const running of attempts.values()) {
        if (running.progressDirty) {
          running.progressDirty = false
          changed.push(running)
        }
      }
      return changed
    },

    /** Aborts a cancelled job's attempt; its row is already written, so nothing is left to record. */
    cancel(id: number): void {
      const running = attempts.get(id)
      if (!running) return
      // The abort reaches the worker through the pool.
      running.controller.abort(new JobCancelledError())
      finish(running, null)
    },

    /** Aborts every attempt with `reason` and gives each attempt back (shutdown). */
    releaseAll(reason: Error): void {
      for (const running of [...attempts.values()]) {
        running.controller.abort(reason)
        finish(running, { type: 'released', running })
      }
    }
  }
}

export type InFlight = ReturnType<typeof createInFlight>

/** Longest single wait for a future run_at; re-checked after, so wall-clock jumps heal. */
const MAX_TIMER_MS = 60_000

/**
 * When to try claiming again for jobs not yet due. Future run_at values normally arm the timer
 * where they are written (enqueue, retry); the table is asked for the earliest one only at start,
 * after the timer fired and after a lease sweep (`lookAgain`).
 */
export function createDueTimer(deps: { now: () => number; onDue: () => void }) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let timerAt = Infinity
  let lookForFutureJobs = true

  return {
    arm(at: number): void {
      if (at >= timerAt) return
      if (timer) clearTimeout(timer)
      timerAt = at
      timer = setTimeout(
        () => {
          timer = null
          timerAt = Infinity
          lookForFutureJobs = true
          deps.onDue()
        },
        Math.min(MAX_TIMER_MS, Math.max(0, at - deps.now()))
      )
    },

    /** The next claim should ask the table for its earliest future run_at. */
    lookAgain(): void {
      lookForFutureJobs = true
    },

    /** True once after `lookAgain` (or start, or the timer firing): ask the table now. */
    shouldLook(): boolean {
      if (!lookForFutureJobs) return false
      lookForFutureJobs = false
      return true
    },

    clear(): void {
      if (timer) clearTimeout(timer)
      timer = null
      timerAt = Infinity
    }
  }
}
