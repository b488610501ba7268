import type { Db } from '../db/database'
import type { JobRecord, JobsRepository } from './jobs-repository'
import { backoffDelay } from './backoff'
import { codedErrorOf, DEFAULT_BACKOFF, isPermanentError, isWaitingError } from './job-kinds'
import { encodeJobError } from '../../../shared/error-codes'
import type { Running } from './claim'

/** How one attempt ended, waiting to be written by the next pump turn. */
export type Outcome =
  | { type: 'succeeded'; running: Running; result: unknown }
  | { type: 'failed'; running: Running; error: unknown }
  /** Cut short by our own shutdown: not the job's fault, the attempt is given back. */
  | { type: 'released'; running: Running }

export interface AppliedOutcome {
  /** The job's new state to announce; null when the attempt no longer owned the row. */
  record: JobRecord | null
  /** The run_at of a retry the outcome scheduled. */
  retryAt: number | null
}

/** The technical text of an error (logged): the class name unless it is a plain Error. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message
  return String(error)
}

/**
 * What is stored as a job's last error: its catalogue code, parameters and technical text when
 * the error carries a code (the clerk is told the code in their language), the text otherwise.
 */
export function storedErrorText(error: unknown): string {
  const coded = codedErrorOf(error)
  return coded ? encodeJobError(coded.code, coded.params, errorText(error)) : errorText(error)
}

const NOT_OURS: AppliedOutcome = { record: null, retryAt: null }

/**
 * Writes how attempts ended: success (with the kind's commit hook on the same transaction),
 * retry with backoff, final failure when the error is permanent or the attempts are spent, or the
 * attempt given back at shutdown. Every write is conditional on this runner still owning the row,
 * so an attempt whose lease was taken over changes nothing.
 */
export function createOutcomeWriter(deps: { db: Db; jobs: JobsRepository; owner: string; random: () => number }) {
  const { db, jobs, owner, random } = deps

  function apply(outcome: Outcome, at: number): AppliedOutcome {
    const { job, kind } = outcome.running
    if (outcome.type === 'released') {
      if (!jobs.release(job.id, owner, at)) return NOT_OURS
      return { record: { ...job, state: 'queued', attempts: job.attempts - 1, runAt: at, owner: null }, retryAt: null }
    }
    if (outcome.type === 'succeeded') {
      const commit = kind?.commit
      if (!commit) {
        if (!jobs.succeed(job.id, owner, outcome.result, at)) return NOT_OURS
      } else {
        // Savepoint: a failing commit hook undoes only its own writes and fails this job.
        try {
          const applied = db.transaction(() => {
            if (!jobs.succeed(job.id, owner, outcome.result, at)) return false
            commit.call(kind, { job, payload: outcome.running.payload, result: outcome.result })
            return true
          })()
          if (!applied) return NOT_OURS
        } catch (error) {
          return apply({ type: 'failed', running: outcome.running, error }, at)
        }
      }
      const progress = { percent: 100, step: outcome.running.progress?.step ?? null, message: outcome.running.progress?.message ?? null }
      return { record: { ...job, state: 'succeeded', finishedAt: at, progress, result: outcome.result, owner: null }, retryAt: null }
    }
    const message = storedErrorText(outcome.error)
    const progress = outcome.running.progress ?? job.progress
    if (isWaitingError(outcome.error) && !isPermanentError(outcome.error)) {
      const runAt = at + Math.max(0, outcome.error.retryInMs)
      if (!jobs.waitAgain(job.id, owner, message, runAt)) return NOT_OURS
      return { record: { ...job, state: 'queued', attempts: Math.max(0, job.attempts - 1), runAt, lastError: message, progress, owner: null }, retryAt: runAt }
    }
    if (isPermanentError(outcome.error) || job.attempts >= job.maxAttempts) {
      if (!jobs.fail(job.id, owner, message, at)) return NOT_OURS
      return { record: { ...job, state: 'failed', finishedAt: at, lastError: message, progress, owner: null }, retryAt: null }
    }
    const retryAt = at + backoffDelay(kind?.backoff ?? DEFAULT_BACKOFF, job.attempts, random)
    if (!jobs.retryLater(job.id, owner, message, retryAt)) return NOT_OURS
    return { record: { ...job, state: 'queued', runAt: retryAt, lastError: message, progress, owner: null }, retryAt }
  }

  return { apply }
}
