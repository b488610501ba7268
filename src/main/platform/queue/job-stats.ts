import type { Db } from '../db/database'
import type { FinishedBucket, JobProgress, JobRecord, JobState, StateKindCount } from './jobs-repository'
import { toJob, type JobRow } from './job-rows'
import { toJobView, type JobView } from './job-events'

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

const HOUR_MS = 60 * 60_000
const BUCKET_MS = 60_000
const FAILED_LIST_LIMIT = 50

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

    /** Final outcomes per bucket of `bucketMs` from `since` on; buckets without outcomes are absent. */
    finishedBuckets(since: number, bucketMs: number): FinishedBucket[] {
      return buckets
        .all({ since, size: bucketMs })
        .map((row) => ({ at: since + row.bucket * bucketMs, succeeded: row.succeeded, failed: row.failed }))
    }
  }
}

export type JobStatsStatements = ReturnType<typeof createJobStatsStatements>

/**
 * The queue at a glance for the Jobs page: counts per state and kind, depth, what runs, the last
 * hour's throughput per minute and the latest failures. `liveProgress` gives this process's own
 * running jobs, whose progress is fresher than the table's.
 */
export function readJobStats(jobs: JobStatsStatements, at: number, liveProgress: (id: number) => JobProgress | null): JobStats {
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
    throughput: { bucketMs: BUCKET_MS, buckets },
    failed: jobs.failed(FAILED_LIST_LIMIT).map(toJobView)
  }
}
