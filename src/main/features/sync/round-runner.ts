/**
 * When rounds run: one at a time (a request during a round asks for one more pass right after),
 * every interval while the server answers, with exponential backoff while it does not, and soon
 * after a local change (the outbox grew). Rounds themselves run as queued jobs; this only decides
 * when to enqueue one and lets callers wait for the next round to finish.
 */
import { backoffDelay, type BackoffPolicy } from '../../platform/queue/backoff'
import type { RoundResult } from './sync-round'

export const OFFLINE_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 }
/** How often the outbox is looked at for new local changes, and how long a burst of them is let settle. */
const WATCH_MS = 1_000
const DEBOUNCE_MS = 300
const STALE_ENQUEUE_MS = 2 * 60_000

export interface RoundRunnerDeps {
  /** Enqueues a round job (the job calls `runJob`). */
  enqueue(reason: string): void
  round(signal: AbortSignal): Promise<RoundResult>
  paired(): boolean
  intervalMs(): number
  /** Highest outbox operation number: grows with every local change. */
  outboxTop(): number
  /** Something the status shows changed. */
  changed(): void
  now?: () => number
  random?: () => number
}

export function createRoundRunner(deps: RoundRunnerDeps) {
  const now = deps.now ?? Date.now
  let current: Promise<RoundResult> | null = null
  let again = false
  let started = 0
  let finished = 0
  let failures = 0
  let lastResult: RoundResult | null = null
  let nextAt: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let debounce: ReturnType<typeof setTimeout> | null = null
  let watcher: ReturnType<typeof setInterval> | null = null
  let seenTop = 0
  let closed = false
  /** A round job is queued and has not started yet. */
  let enqueuedAt: number | null = null
  const controller = new AbortController()
  const waiters: { after: number; resolve: (result: RoundResult | null) => void }[] = []

  const clearTimer = () => {
    if (timer) clearTimeout(timer)
    timer = null
    nextAt = null
  }

  const request = (reason: string): void => {
    if (closed || !deps.paired()) return
    if (current) {
      again = true
      return
    }
    // One job waiting is enough; a stale mark (the job was cancelled on the Jobs page) is ignored.
    if (enqueuedAt !== null && now() - enqueuedAt < STALE_ENQUEUE_MS) return
    clearTimer()
    enqueuedAt = now()
    try {
      deps.enqueue(reason)
    } catch (error) {
      enqueuedAt = null
      throw error
    }
  }

  const schedule = (result: RoundResult): void => {
    clearTimer()
    if (closed || !deps.paired()) return
    failures = !result.ok && result.kind === 'offline' ? failures + 1 : 0
    const delay = failures > 0 ? Math.min(backoffDelay(OFFLINE_BACKOFF, failures, deps.random), deps.intervalMs()) : deps.intervalMs()
    nextAt = now() + delay
    timer = setTimeout(() => request('timer'), delay)
    timer.unref?.()
  }

  const settle = (pass: number, result: RoundResult | null) => {
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      if (waiters[i]!.after < pass) {
        waiters[i]!.resolve(result)
        waiters.splice(i, 1)
      }
    }
  }

  async function passes(signal: AbortSignal): Promise<RoundResult> {
    let result: RoundResult
    do {
      again = false
      const pass = ++started
      deps.changed()
      result = await deps.round(signal)
      lastResult = result
      finished = pass
    } while (again && !closed && !signal.aborted && (result.ok || result.kind !== 'offline'))
    return result
  }

  return {
    request,
    /** The job body: runs the round, or joins the one already running. */
    async runJob(jobSignal: AbortSignal): Promise<RoundResult> {
      enqueuedAt = null
      if (current) {
        again = true
        return current
      }
      const signal = AbortSignal.any([jobSignal, controller.signal])
      current = passes(signal)
      try {
        const result = await current
        schedule(result)
        return result
      } finally {
        current = null
        // Waiters learn of the round once it is over, so the status they read says so.
        if (lastResult) settle(finished, lastResult)
        deps.changed()
      }
    },
    /** Starts a round (now, whatever the backoff) and resolves when a round begun after this call has finished. */
    runNow(reason: string): Promise<RoundResult | null> {
      if (closed || !deps.paired()) return Promise.resolve(null)
      failures = 0
      const done = new Promise<RoundResult | null>((resolve) => waiters.push({ after: started, resolve }))
      request(reason)
      return done
    },
    running: () => current !== null,
    nextRoundAt: () => nextAt,
    lastResult: () => lastResult,
    start(): void {
      seenTop = deps.outboxTop()
      watcher = setInterval(() => {
        const top = deps.outboxTop()
        if (top === seenTop) return
        seenTop = top
        deps.changed()
        // While the server is unreachable the backoff timer decides; a change does not hammer it.
        if (failures > 0 || debounce) return
        debounce = setTimeout(() => {
          debounce = null
          request('change')
        }, DEBOUNCE_MS)
        debounce.unref?.()
      }, WATCH_MS)
      watcher.unref?.()
      request('start')
    },
    /** A new pairing or unpairing: forget the backoff and the schedule. */
    reset(): void {
      failures = 0
      lastResult = null
      clearTimer()
    },
    async close(): Promise<void> {
      closed = true
      clearTimer()
      if (watcher) clearInterval(watcher)
      if (debounce) clearTimeout(debounce)
      controller.abort(new Error('the bench is closing'))
      settle(Number.POSITIVE_INFINITY, null)
      await current?.catch(() => undefined)
    }
  }
}
export type RoundRunner = ReturnType<typeof createRoundRunner>
