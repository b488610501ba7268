import type { JobRecord, JobState } from './jobs-repository'

/** A row of the jobs table as SQLite returns it. */
export interface JobRow {
  id: number
  kind: string
  payload_json: string
  priority: number
  run_at: number
  attempts: number
  max_attempts: number
  timeout_ms: number
  state: JobState
  progress_percent: number | null
  progress_step: string | null
  progress_message: string | null
  result_json: string | null
  last_error: string | null
  owner: string | null
  lease_until: number | null
  unique_key: string | null
  created_at: number
  started_at: number | null
  finished_at: number | null
}

/** What the claim returns: only the columns it did not just set itself (every returned column costs). */
export type ClaimedRow = Pick<
  JobRow,
  'id' | 'kind' | 'payload_json' | 'priority' | 'run_at' | 'attempts' | 'max_attempts' | 'timeout_ms' | 'last_error' | 'unique_key' | 'created_at'
>

export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload_json),
    priority: row.priority,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    timeoutMs: row.timeout_ms,
    state: row.state,
    progress:
      row.progress_percent === null
        ? null
        : { percent: row.progress_percent, step: row.progress_step, message: row.progress_message },
    result: row.result_json === null ? null : JSON.parse(row.result_json),
    lastError: row.last_error,
    owner: row.owner,
    leaseUntil: row.lease_until,
    uniqueKey: row.unique_key,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at
  }
}

/**
 * The job as the claim just wrote it, from the columns it returned and the values it set.
 * Spelled out like `toJob` rather than spread from a shared part: this runs for every claimed
 * job, and objects built by spreading made the queue measurably slower (about 15 % fewer jobs
 * a second with instant workers).
 */
export function toClaimedJob(row: ClaimedRow, owner: string, now: number, leaseGraceMs: number): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload_json),
    priority: row.priority,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    timeoutMs: row.timeout_ms,
    state: 'running',
    progress: null,
    result: null,
    lastError: row.last_error,
    owner,
    leaseUntil: now + row.timeout_ms + leaseGraceMs,
    uniqueKey: row.unique_key,
    createdAt: row.created_at,
    startedAt: now,
    finishedAt: null
  }
}
