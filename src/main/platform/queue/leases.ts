import type { Db } from '../db/database'
import type { JobRecord, JobsRepository } from './jobs-repository'
import type { Running } from './claim'
import { errorText } from './outcomes'

export interface LeasesOptions {
  db: Db
  jobs: JobsRepository
  owner: string
  /** Lease slack beyond a job's timeout before another runner may take it over. */
  leaseGraceMs: number
  now: () => number
  log: (level: 'info' | 'warn' | 'error', message: string) => void
}

const EXPIRED_REASON = 'lease expired: its runner stopped answering'
const INTERRUPTED_REASON = 'interrupted: the app stopped during the last attempt'

/**
 * A claimed job is leased to its runner until its timeout plus a grace. The runner keeps the
 * lease alive by writing progress (the heartbeat); a lease nobody extends means the runner
 * died, and any runner may then put the job back (or fail it when its attempts are spent).
 * Rows still running at start-up belong to a process that died.
 */
export function createLeases(options: LeasesOptions) {
  const { db, jobs, owner, leaseGraceMs, now, log } = options

  const writeProgress = db.transaction((changed: Running[], at: number) => {
    for (const running of changed) {
      if (running.progress) jobs.progress(running.job.id, owner, running.progress, at + leaseGraceMs)
    }
  })

  return {
    /** Writes the attempts' latest progress and pushes their leases forward, in one transaction. */
    heartbeat(changed: Running[]): void {
      if (changed.length === 0) return
      try {
        writeProgress(changed, now())
      } catch (error) {
        // Progress is advisory; the next report writes it again.
        log('warn', `job progress not saved: ${errorText(error)}`)
      }
    },

    /**
     * Puts back (or fails, attempts spent) the running jobs whose lease expired, except this
     * runner's own live ones (`ours`: running, or finished with the outcome about to be
     * written). Returns the jobs it changed.
     */
    sweep(ours: ReadonlySet<number>): JobRecord[] {
      const at = now()
      const changed: JobRecord[] = []
      for (const { id, owner: holder, attempts, maxAttempts } of jobs.expiredLeases(at)) {
        if (holder === owner && ours.has(id)) continue
        const requeued =
          holder !== null &&
          (attempts >= maxAttempts ? jobs.fail(id, holder, EXPIRED_REASON, at) : jobs.retryLater(id, holder, EXPIRED_REASON, at))
        if (requeued) {
          log('warn', `job ${id}: ${EXPIRED_REASON}`)
          const job = jobs.get(id)
          if (job) changed.push(job)
        }
      }
      return changed
    },

    /** Start-up: the attempts of a dead process end, retried or failed (their attempt was counted at claim). */
    recover(): { requeued: number; failed: number } {
      const recovered = jobs.recoverRunning(now(), INTERRUPTED_REASON)
      if (recovered.requeued + recovered.failed > 0) {
        log('info', `recovered jobs of a previous run: ${recovered.requeued} requeued, ${recovered.failed} failed`)
      }
      return recovered
    }
  }
}
