import type { Db } from '../db/database'
import type { FinishedBucket, JobProgress, JobRecord, JobState, StateKindCount } from './jobs-repository'
import { toJob, type JobRow } from './job-rows'
import { jobErrorView, toJobView, type JobView } from './job-events'
import type { JobResource } from './job-kinds'

export type StateCounts = Record<JobState, number>

export interface ThroughputBucket {
  at: number
  succeeded: number
  failed: number
  /** failed / (succeeded + failed); 0 for an empty bucket. */
  failureRate: number
}

/** Run time (claim to success) of one kind's jobs that succeeded within a window. */
export interface DurationFigures {
  count: number
  medianMs: number
  p95Ms: number
}

export interface KindDurations {
  kind: string
  /** Null when none succeeded in the window. */
  lastHour: DurationFigures | null
  lastDay: DurationFigures | null
}

/**
 * Why a queued job has not started: `turn` (due, waiting for a free place: `position` says
 * how many go first), `retry` (an attempt failed; the next one is at `at`, and `resource` names
 * what the failure was waiting for) or `scheduled` (created to run at `at`).
 */
export interface WaitingFor {
  reason: 'turn' | 'retry' | 'scheduled'
  at: number | null
  resource: JobResource | null
}

export interface QueuedJobView extends JobView {
  /** 1 for the next job to be claimed, among those due now; null for a job not yet due. */
  position: number | null
  waitingFor: WaitingFor
}

export interface JobStats {
  at: number
  counts: StateCounts
  byKind: { kind: string; counts: StateCounts }[]
  /** ready: due now; delayed: waiting for run_at (backoff or scheduled). */
  queueDepth: { ready: number; delayed: number }
  running: JobView[]
  /** The due jobs in claim order, then the delayed ones by run_at (each list capped). */
  queued: QueuedJobView[]
  /** The last hour, oldest bucket first, every bucket present. */
  throughput: { bucketMs: number; buckets: ThroughputBucket[] }
  /** Median and p95 run time per kind over the last hour and the last day, by kind name. */
  durations: KindDurations[]
  failed: JobView[]
}

const HOUR_MS = 60 * 60_000
const DAY_MS = 24 * HOUR_MS
const BUCKET_MS = 60_000
const FAILED_LIST_LIMIT = 50
const QUEUED_LIST_LIMIT = 50

/** The columns a list of jobs shows: no payload or result, which can be large. */
type JobViewRow = Omit<JobRow, 'payload_json' | 'result_json' | 'owner' | 'lease_until' | 'timeout_ms'>
const VIEW_COLUMNS = `id, kind, state, priority, attempts, max_attempts, run_at, created_at, started_at, finished_at,
  progress_percent, progress_step, progress_message, last_error, unique_key`

function toListedView(row: JobViewRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress:
      row.progress_percent === null
        ? null
        : { percent: row.progress_percent, step: row.progress_step, message: row.progress_message },
    ...jobErrorView(row.last_error),
    uniqueKey: row.unique_key
  }
}

/** Nearest-rank percentile of ascending `sorted` (not empty). */
function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number
}

function figuresOf(values: number[]): DurationFigures | null {
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  return { count: sorted.length, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) }
}

/** Median and p95 per kind, for the rows finished since `dayStart` and those since `hourStart`. */
export function durationsByKind(rows: readonly { kind: string; ms: number; finishedAt: number }[], hourStart: number): KindDurations[] {
  const perKind = new Map<string, { day: number[]; hour: number[] }>()
  for (const row of rows) {
    let lists = perKind.get(row.kind)
    if (!lists) perKind.set(row.kind, (lists = { day: [], hour: [] }))
    const ms = Math.max(0, row.ms)
    lists.day.push(ms)
    if (row.finishedAt >= hourStart) lists.hour.push(ms)
  }
  return [...perKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, lists]) => ({ kind, lastHour: figuresOf(lists.hour), lastDay: figuresOf(lists.day) }))
}

function emptyCounts(): StateCounts {
  return { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }
}

/** The reads behind the Jobs page; part of the jobs repository. Each walks one index, never the table. */
export function createJobStatsStatements(db: Db) {
  // Three index walks instead of a table scan: the table holds payloads and results.
  const countsByStateKind = db.prepare<[], StateKindCount>(
    `SELECT state, kind, count(*) AS count FROM jobs INDEXED BY jobs_finished
      WHERE finished_at IS NOT NULL GROUP BY state, kind
     UNION ALL
     SELECT state, kind, count(*) FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' GROUP BY kind
     UNION ALL
     SELECT state, kind, count(*) FROM jobs INDEXED BY jobs_running WHERE state = 'running' GROUP BY kind`
  )
  const readyCount = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND run_at <= ?`
  )
  const failedList = db.prepare<[number], JobRow>(
    `SELECT * FROM jobs INDEXED BY jobs_failed WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT ?`
  )
  const runningList = db.prepare<[], JobRow>(
    `SELECT * FROM jobs INDEXED BY jobs_running WHERE state = 'running' ORDER BY started_at, id`
  )
  const dueList = db.prepare<[number, number], JobViewRow>(
    `SELECT ${VIEW_COLUMNS} FROM jobs INDEXED BY jobs_claim
      WHERE state = 'queued' AND run_at <= ? ORDER BY priority, run_at, id LIMIT ?`
  )
  const delayedList = db.prepare<[number, number], JobViewRow>(
    `SELECT ${VIEW_COLUMNS} FROM jobs INDEXED BY jobs_claim
      WHERE state = 'queued' AND run_at > ? ORDER BY run_at, id LIMIT ?`
  )
  // started_at is in the index, so a day of durations is read without touching the table.
  const succeededSince = db.prepare<[number], { kind: string; ms: number; finishedAt: number }>(
    `SELECT kind, finished_at - started_at AS ms, finished_at AS finishedAt FROM jobs INDEXED BY jobs_finished
      WHERE finished_at >= ? AND state = 'succeeded' AND started_at IS NOT NULL`
  )
  const buckets = db.prepare<{ since: number; size: number }, { bucket: number; succeeded: number; failed: number }>(
    `SELECT CAST((finished_at - @since) / @size AS INTEGER) AS bucket,
            sum(state = 'succeeded') AS succeeded,
            sum(state = 'failed') AS failed
       FROM jobs INDEXED BY jobs_finished
      WHERE finished_at >= @since AND state IN ('succeeded', 'failed')
      GROUP BY 1`
  )

  return {
    countsByStateAndKind(): StateKindCount[] {
      return countsByStateKind.all()
    },

    readyCount(now: number): number {
      return readyCount.get(now)?.n ?? 0
    },

    failed(limit: number): JobRecord[] {
      return failedList.all(limit).map(toJob)
    },

    running(): JobRecord[] {
      return runningList.all().map(toJob)
    },

    /** Queued jobs due at `now`, in the order the claim takes them. */
    due(now: number, limit: number): JobView[] {
      return dueList.all(now, limit).map(toListedView)
    },

    /** Queued jobs not yet due at `now`, soonest first. */
    delayed(now: number, limit: number): JobView[] {
      return delayedList.all(now, limit).map(toListedView)
    },

    /** Kind, run time and end of every job that succeeded since `since`. */
    succeededSince(since: number): { kind: string; ms: number; finishedAt: number }[] {
      return succeededSince.all(since)
    },

    /** Final outcomes per bucket of `bucketMs` from `since` on; buckets without outcomes are absent. */
    finishedBuckets(since: number, bucketMs: number): FinishedBucket[] {
      return buckets
        .all({ since, size: bucketMs })
        .map((row) => ({ at: since + row.bucket * bucketMs, succeeded: row.succeeded, failed: row.failed }))
    }
  }
}

export type JobStatsStatements = ReturnType<typeof createJobStatsStatements>

function queuedViews(jobs: JobStatsStatements, at: number, waitsFor: (kind: string) => JobResource | null): QueuedJobView[] {
  const due = jobs.due(at, QUEUED_LIST_LIMIT).map(
    (job, index): QueuedJobView => ({ ...job, position: index + 1, waitingFor: { reason: 'turn', at: null, resource: null } })
  )
  const delayed = jobs.delayed(at, QUEUED_LIST_LIMIT).map((job): QueuedJobView => {
    const retrying = job.attempts > 0 || job.lastError !== null
    return {
      ...job,
      position: null,
      waitingFor: retrying ? { reason: 'retry', at: job.runAt, resource: waitsFor(job.kind) } : { reason: 'scheduled', at: job.runAt, resource: null }
    }
  })
  return [...due, ...delayed]
}

/**
 * The queue at a glance for the Jobs page: counts per state and kind, depth, what waits and why,
 * what runs, the last hour's throughput per minute, run times per kind and the latest failures.
 * `liveProgress` gives this process's own running jobs, whose progress is fresher than the
 * table's; `waitsFor` what a kind's retries wait for.
 */
export function readJobStats(
  jobs: JobStatsStatements,
  at: number,
  liveProgress: (id: number) => JobProgress | null,
  waitsFor: (kind: string) => JobResource | null = () => null
): JobStats {
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
  const running = jobs.running().map((job) => {
    const progress = liveProgress(job.id)
    return toJobView(progress ? { ...job, progress } : job)
  })
  return {
    at,
    counts,
    byKind: [...kindCounts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, perKind]) => ({ kind, counts: perKind })),
    queueDepth: { ready, delayed: counts.queued - ready },
    running,
    queued: queuedViews(jobs, at, waitsFor),
    throughput: { bucketMs: BUCKET_MS, buckets },
    durations: durationsByKind(jobs.succeededSince(at - DAY_MS), at - HOUR_MS),
    failed: jobs.failed(FAILED_LIST_LIMIT).map(toJobView)
  }
}
