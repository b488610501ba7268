import type { Db } from '../db/database'
import { toClaimedJob, toJob, type ClaimedRow, type JobRow } from './job-rows'
import { createJobStatsStatements } from './job-stats'

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobState = (typeof JOB_STATES)[number]

export interface JobProgress {
  percent: number
  step: string | null
  message: string | null
}

/** A job as stored. Times are epoch milliseconds. */
export interface JobRecord {
  id: number
  kind: string
  payload: unknown
  /** Lower runs first. */
  priority: number
  runAt: number
  attempts: number
  maxAttempts: number
  timeoutMs: number
  state: JobState
  progress: JobProgress | null
  result: unknown
  lastError: string | null
  owner: string | null
  leaseUntil: number | null
  uniqueKey: string | null
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
}

export interface NewJob {
  kind: string
  /** Already validated by the kind's schema; stored as JSON. */
  payload: unknown
  priority: number
  runAt: number
  maxAttempts: number
  timeoutMs: number
  uniqueKey: string | null
  now: number
}

export interface EnqueueOutcome {
  job: JobRecord
  /** false when a live job with the same unique key already existed and is returned instead. */
  created: boolean
}

export interface StateKindCount {
  state: JobState
  kind: string
  count: number
}

export interface FinishedBucket {
  /** Start of the bucket, epoch ms. */
  at: number
  succeeded: number
  failed: number
}

export interface ScheduleRecord {
  name: string
  cron: string
  lastRunAt: number | null
  nextRunAt: number | null
}

interface ScheduleRow {
  name: string
  cron: string
  last_run_at: number | null
  next_run_at: number | null
}

function toSchedule(row: ScheduleRow): ScheduleRecord {
  return { name: row.name, cron: row.cron, lastRunAt: row.last_run_at, nextRunAt: row.next_run_at }
}

function resultJson(result: unknown): string | null {
  return result === undefined ? null : JSON.stringify(result)
}

/**
 * All SQL of the job queue and its schedules. Every statement is prepared once; the write
 * methods run on the caller's connection, so inside a caller's `db.transaction(...)` they
 * commit or roll back together with the caller's own changes.
 *
 * The statements are grouped by who uses them, each group with its methods: enqueue (unique
 * keys, lookups), claim, outcomes (the runner's writes at the end of an attempt), by hand
 * (cancel, retry from the Jobs page), leases (heartbeat, expiry, start-up recovery), stats (in
 * `job-stats.ts`, beside the figures they feed), schedules and maintenance.
 */
export function createJobsRepository(db: Db) {
  return {
    ...enqueueStatements(db),
    ...claimStatements(db),
    ...outcomeStatements(db),
    ...byHandStatements(db),
    ...leaseStatements(db),
    ...createJobStatsStatements(db),
    ...scheduleStatements(db),
    ...maintenanceStatements(db)
  }
}
export type JobsRepository = ReturnType<typeof createJobsRepository>

function enqueueStatements(db: Db) {
  // ON CONFLICT DO NOTHING with no target covers the partial unique index on live keys: the
  // insert and the duplicate check are one atomic step even with several writers.
  const insert = db.prepare<
    [string, string, number, number, number, number, string | null, number],
    { id: number }
  >(
    `INSERT INTO jobs (kind, payload_json, priority, run_at, max_attempts, timeout_ms, unique_key, created_at, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued')
     ON CONFLICT DO NOTHING
     RETURNING id`
  )
  const liveByKey = db.prepare<[string], JobRow>(
    `SELECT * FROM jobs WHERE unique_key = ? AND state IN ('queued', 'running')`
  )
  const byId = db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE id = ?`)
  const sameJob = db.prepare<[number, string, number], { found: number }>(
    `SELECT 1 AS found FROM jobs WHERE id = ? AND kind = ? AND created_at = ?`
  )

  function enqueueOnce(job: NewJob): EnqueueOutcome | null {
    const payloadJson = JSON.stringify(job.payload ?? null)
    const inserted = insert.get(
      job.kind,
      payloadJson,
      job.priority,
      job.runAt,
      job.maxAttempts,
      job.timeoutMs,
      job.uniqueKey,
      job.now
    )
    if (inserted) {
      return {
        created: true,
        job: {
          id: inserted.id,
          kind: job.kind,
          payload: job.payload ?? null,
          priority: job.priority,
          runAt: job.runAt,
          attempts: 0,
          maxAttempts: job.maxAttempts,
          timeoutMs: job.timeoutMs,
          state: 'queued',
          progress: null,
          result: null,
          lastError: null,
          owner: null,
          leaseUntil: null,
          uniqueKey: job.uniqueKey,
          createdAt: job.now,
          startedAt: null,
          finishedAt: null
        }
      }
    }
    const existing = job.uniqueKey === null ? undefined : liveByKey.get(job.uniqueKey)
    return existing ? { created: false, job: toJob(existing) } : null
  }

  return {
    /**
     * Inserts a queued job, or returns the live job holding the same unique key.
     * Runs on the caller's transaction when there is one; alone it is its own durable commit.
     */
    enqueue(job: NewJob): EnqueueOutcome {
      // Another writer can finish the conflicting job between our insert and our read; then
      // the key is free again and the next insert succeeds.
      for (let tries = 0; tries < 3; tries++) {
        const outcome = enqueueOnce(job)
        if (outcome) return outcome
      }
      throw new Error(`could not enqueue ${job.kind}: unique key ${job.uniqueKey} kept changing state`)
    },

    get(id: number): JobRecord | null {
      const row = byId.get(id)
      return row ? toJob(row) : null
    },

    /** Whether the job was committed: a rolled-back insert leaves its id free for the next one. */
    exists(job: Pick<JobRecord, 'id' | 'kind' | 'createdAt'>): boolean {
      return sameJob.get(job.id, job.kind, job.createdAt) !== undefined
    }
  }
}

function claimStatements(db: Db) {
  // One write statement claims a batch: counts the attempt, takes ownership and a lease.
  // It returns only the columns it did not just set itself: every returned column costs.
  const claim = db.prepare<{ owner: string; now: number; limit: number; grace: number }, ClaimedRow>(
    `UPDATE jobs
        SET state = 'running', attempts = attempts + 1, owner = @owner, started_at = @now,
            lease_until = @now + timeout_ms + @grace,
            progress_percent = NULL, progress_step = NULL, progress_message = NULL
      WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_claim
                    WHERE state = 'queued' AND run_at <= @now
                    ORDER BY priority, run_at, id
                    LIMIT @limit)
      RETURNING id, kind, payload_json, priority, run_at, attempts, max_attempts, timeout_ms, last_error,
                unique_key, created_at`
  )
  const nextRunAt = db.prepare<[], { at: number | null }>(
    `SELECT min(run_at) AS at FROM jobs INDEXED BY jobs_claim WHERE state = 'queued'`
  )
  return {
    /** Claims up to `limit` due jobs, most urgent first (priority, then run_at). */
    claim(owner: string, now: number, limit: number, leaseGraceMs: number): JobRecord[] {
      if (limit <= 0) return []
      const rows = claim.all({ owner, now, limit, grace: leaseGraceMs })
      // RETURNING does not promise the subquery's order.
      rows.sort((a, b) => a.priority - b.priority || a.run_at - b.run_at || a.id - b.id)
      return rows.map((row) => toClaimedJob(row, owner, now, leaseGraceMs))
    },

    /** Earliest run_at among queued jobs (due or not), null when nothing is queued. */
    nextRunAt(): number | null {
      return nextRunAt.get()?.at ?? null
    }
  }
}

/** Every write is conditional on the attempt still owning the row: a taken-over attempt changes nothing. */
function outcomeStatements(db: Db) {
  const succeed = db.prepare<[string | null, number, number, string]>(
    `UPDATE jobs
        SET state = 'succeeded', result_json = ?, finished_at = ?, owner = NULL, lease_until = NULL,
            progress_percent = 100
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  const fail = db.prepare<[string, number, number, string]>(
    `UPDATE jobs
        SET state = 'failed', last_error = ?, finished_at = ?, owner = NULL, lease_until = NULL
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  const retryLater = db.prepare<[string, number, number, string]>(
    `UPDATE jobs
        SET state = 'queued', last_error = ?, run_at = ?, owner = NULL, lease_until = NULL
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  // Waiting on the world (a printer out of paper) is no failed attempt: run again later, attempt given back.
  const waitAgain = db.prepare<[string, number, number, string]>(
    `UPDATE jobs
        SET state = 'queued', attempts = max(attempts - 1, 0), last_error = ?, run_at = ?, owner = NULL, lease_until = NULL
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  // An attempt interrupted by our own shutdown is not the job's fault: give the attempt back.
  const release = db.prepare<[number, number, string]>(
    `UPDATE jobs
        SET state = 'queued', attempts = max(attempts - 1, 0), run_at = ?, owner = NULL, lease_until = NULL
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  return {
    succeed(id: number, owner: string, result: unknown, now: number): boolean {
      return succeed.run(resultJson(result), now, id, owner).changes === 1
    },

    fail(id: number, owner: string, error: string, now: number): boolean {
      return fail.run(error, now, id, owner).changes === 1
    },

    retryLater(id: number, owner: string, error: string, runAt: number): boolean {
      return retryLater.run(error, runAt, id, owner).changes === 1
    },

    waitAgain(id: number, owner: string, reason: string, runAt: number): boolean {
      return waitAgain.run(reason, runAt, id, owner).changes === 1
    },

    release(id: number, owner: string, runAt: number): boolean {
      return release.run(runAt, id, owner).changes === 1
    }
  }
}

function byHandStatements(db: Db) {
  const cancel = db.prepare<[number, number], JobRow>(
    `UPDATE jobs
        SET state = 'cancelled', finished_at = ?, owner = NULL, lease_until = NULL
      WHERE id = ? AND state IN ('queued', 'running')
      RETURNING *`
  )
  const retryByHand = db.prepare<[number, number], JobRow>(
    `UPDATE jobs
        SET state = 'queued', attempts = 0, run_at = ?, finished_at = NULL, started_at = NULL,
            progress_percent = NULL, progress_step = NULL, progress_message = NULL, result_json = NULL
      WHERE id = ? AND state IN ('failed', 'cancelled')
      RETURNING *`
  )
  return {
    /** Cancels a queued or running job; null when it had already finished. */
    cancel(id: number, now: number): JobRecord | null {
      const row = cancel.get(now, id)
      return row ? toJob(row) : null
    },

    /** Puts a failed or cancelled job back in the queue with a fresh set of attempts. */
    retry(id: number, now: number): JobRecord | null {
      const row = retryByHand.get(now, id)
      return row ? toJob(row) : null
    }
  }
}

function leaseStatements(db: Db) {
  const progress = db.prepare<[number, string | null, string | null, number, number, string]>(
    `UPDATE jobs
        SET progress_percent = ?, progress_step = ?, progress_message = ?, lease_until = max(lease_until, ?)
      WHERE id = ? AND owner = ? AND state = 'running'`
  )
  // A running row at start-up belongs to a process that died. Its attempt was counted at claim,
  // so a job that keeps killing the host still ends failed instead of looping forever.
  const recoverExhausted = db.prepare<[string, number]>(
    `UPDATE jobs
        SET state = 'failed', last_error = ?, finished_at = ?, owner = NULL, lease_until = NULL
      WHERE state = 'running' AND attempts >= max_attempts`
  )
  const recoverRetryable = db.prepare<[number]>(
    `UPDATE jobs SET state = 'queued', run_at = ?, owner = NULL, lease_until = NULL WHERE state = 'running'`
  )
  const expired = db.prepare<[number], { id: number; owner: string | null; attempts: number; maxAttempts: number }>(
    `SELECT id, owner, attempts, max_attempts AS maxAttempts FROM jobs INDEXED BY jobs_running
      WHERE state = 'running' AND lease_until < ?`
  )
  return {
    /** Records progress and pushes the lease forward; false when the job is no longer ours. */
    progress(id: number, owner: string, value: JobProgress, leaseUntil: number): boolean {
      return progress.run(value.percent, value.step, value.message, leaseUntil, id, owner).changes === 1
    },

    /** Start-up recovery: every running row is from a dead process. */
    recoverRunning(now: number, reason: string): { requeued: number; failed: number } {
      const failed = recoverExhausted.run(reason, now).changes
      const requeued = recoverRetryable.run(now).changes
      return { requeued, failed }
    },

    /** Running jobs whose owner stopped extending the lease. */
    expiredLeases(now: number): { id: number; owner: string | null; attempts: number; maxAttempts: number }[] {
      return expired.all(now)
    }
  }
}

function scheduleStatements(db: Db) {
  const scheduleByName = db.prepare<[string], ScheduleRow>(`SELECT * FROM schedules WHERE name = ?`)
  const schedulesAll = db.prepare<[], ScheduleRow>(`SELECT * FROM schedules ORDER BY name`)
  const scheduleUpsert = db.prepare<[string, string, number | null, number]>(
    `INSERT INTO schedules (name, cron, next_run_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, next_run_at = excluded.next_run_at,
                                     updated_at = excluded.updated_at`
  )
  // Compare-and-set on next_run_at: two firings of the same slot cannot both advance it.
  const scheduleAdvance = db.prepare<[number, number | null, number, string, number]>(
    `UPDATE schedules SET last_run_at = ?, next_run_at = ?, updated_at = ? WHERE name = ? AND next_run_at = ?`
  )

  return {
    schedule(name: string): ScheduleRecord | null {
      const row = scheduleByName.get(name)
      return row ? toSchedule(row) : null
    },

    schedules(): ScheduleRecord[] {
      return schedulesAll.all().map(toSchedule)
    },

    /** Creates the schedule or changes its cron; last_run_at is kept. */
    upsertSchedule(name: string, cron: string, nextRunAt: number | null, now: number): void {
      scheduleUpsert.run(name, cron, nextRunAt, now)
    },

    /** Moves a schedule past the slot it fired; false when someone else already did. */
    advanceSchedule(name: string, firedSlot: number, lastRunAt: number, nextRunAt: number | null, now: number): boolean {
      return scheduleAdvance.run(lastRunAt, nextRunAt, now, name, firedSlot).changes === 1
    }
  }
}

function maintenanceStatements(db: Db) {
  // The newest row always stays: without AUTOINCREMENT that is what keeps ids from being reused.
  const purge = db.prepare<[number, number]>(
    `DELETE FROM jobs WHERE id IN (
       SELECT id FROM jobs INDEXED BY jobs_finished
        WHERE finished_at < ? AND state IN ('succeeded', 'failed', 'cancelled') AND id < (SELECT max(id) FROM jobs)
        LIMIT ?)`
  )
  return {
    /** Deletes up to `limit` finished jobs that finished before `before`; returns how many. */
    purgeFinished(before: number, limit: number): number {
      return purge.run(before, limit).changes
    }
  }
}
