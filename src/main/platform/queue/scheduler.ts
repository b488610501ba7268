import { Cron } from 'croner'
import type { Db } from '../db/database'
import type { EnqueueOutcome, JobsRepository, ScheduleRecord } from './jobs-repository'
import { RETENTION_MS_DEFAULT } from './job-kinds'
import type { EnqueueOptions } from './queue-runner'

export interface ScheduleDefinition {
  /** Stable identity: the stored last/next run belong to this name. */
  name: string
  /** Croner pattern, 5 or 6 fields, in local time unless the scheduler has a timezone. */
  cron: string
  kind: string
  payload?: unknown
}

/** The part of the queue the scheduler needs. */
export interface ScheduleTarget {
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): EnqueueOutcome
}

export interface SchedulerOptions {
  db: Db
  jobs: JobsRepository
  queue: ScheduleTarget
  schedules: readonly ScheduleDefinition[]
  now?: () => number
  timezone?: string
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

export interface Firing {
  name: string
  /** The slot that fired (epoch ms); for a schedule missed while closed, the oldest missed slot. */
  slot: number
  jobId: number
  /** false when the previous firing's job was still queued or running and was kept instead. */
  created: boolean
}

export interface Scheduler {
  /** Registers the schedules, fires each one that was missed while the app was closed once, and starts the timer. */
  start(): Firing[]
  /** Fires every schedule that is due at the clock's now. The timer calls this; tests call it with their clock. */
  tick(): Firing[]
  stop(): void
  list(): ScheduleRecord[]
}

/** Longest single sleep; re-checked after, so a changed wall clock (suspend, DST) heals within it. */
const MAX_SLEEP_MS = 60_000

export function builtinSchedules(options: { retentionMs?: number } = {}): ScheduleDefinition[] {
  return [
    {
      name: 'maintenance.prune_jobs',
      cron: '17 3 * * *',
      kind: 'maintenance.prune_jobs',
      payload: { olderThanMs: options.retentionMs ?? RETENTION_MS_DEFAULT }
    },
    { name: 'maintenance.wal_checkpoint', cron: '23 * * * *', kind: 'maintenance.wal_checkpoint', payload: {} }
  ]
}

/**
 * Recurring jobs from cron patterns. Each schedule stores its next slot; firing moves it past
 * "now" (not past the slot), so however many slots were missed while the app was closed, the
 * job runs once. Moving the slot and enqueueing happen in one transaction guarded by a
 * compare-and-set on the slot, and the job carries the unique key `schedule:<name>`, so a slot
 * never fires twice and a slow job is not stacked.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, jobs, queue } = options
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const crons = new Map<string, { definition: ScheduleDefinition; cron: Cron }>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false

  for (const definition of options.schedules) {
    try {
      const cron = new Cron(definition.cron, { paused: true, timezone: options.timezone })
      crons.set(definition.name, { definition, cron })
    } catch (error) {
      log('error', `schedule ${definition.name}: bad cron "${definition.cron}": ${String(error)}`)
    }
  }

  /** Croner bounds its own search; no match within its horizon is null, which parks the schedule. */
  const nextAfter = (cron: Cron, at: number): number | null => cron.nextRun(new Date(at))?.getTime() ?? null

  const fire = db.transaction((definition: ScheduleDefinition, cron: Cron, slot: number, at: number): Firing | null => {
    if (!jobs.advanceSchedule(definition.name, slot, slot, nextAfter(cron, at), at)) return null
    const outcome = queue.enqueue(definition.kind, definition.payload ?? {}, { uniqueKey: `schedule:${definition.name}` })
    return { name: definition.name, slot, jobId: outcome.job.id, created: outcome.created }
  })

  function tick(): Firing[] {
    const at = now()
    const fired: Firing[] = []
    for (const { definition, cron } of crons.values()) {
      const stored = jobs.schedule(definition.name)
      if (stored?.nextRunAt == null || stored.nextRunAt > at) continue
      try {
        const firing = fire(definition, cron, stored.nextRunAt, at)
        if (firing) fired.push(firing)
      } catch (error) {
        log('error', `schedule ${definition.name} could not fire: ${String(error)}`)
      }
    }
    if (running) arm()
    return fired
  }

  function arm(): void {
    if (timer) clearTimeout(timer)
    let earliest = Infinity
    for (const name of crons.keys()) {
      const next = jobs.schedule(name)?.nextRunAt
      if (next != null && next < earliest) earliest = next
    }
    if (earliest === Infinity) return
    timer = setTimeout(tick, Math.min(MAX_SLEEP_MS, Math.max(0, earliest - now())))
    timer.unref?.()
  }

  return {
    start() {
      const at = now()
      for (const { definition, cron } of crons.values()) {
        const stored = jobs.schedule(definition.name)
        // A new schedule starts at its next slot; a changed pattern restarts from now.
        if (!stored || stored.cron !== definition.cron) {
          jobs.upsertSchedule(definition.name, definition.cron, nextAfter(cron, at), at)
        }
      }
      running = true
      return tick()
    },
    tick,
    stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
    },
    list() {
      return jobs.schedules().filter((schedule) => crons.has(schedule.name))
    }
  }
}
