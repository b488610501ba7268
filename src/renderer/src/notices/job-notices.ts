/**
 * Which finished jobs the clerk is told about wherever they are, and what the notice links to.
 * Pure: a job as `jobs.changed` carries it in, a notice (or nothing) out.
 */
import type { JobErrorInfo } from '../../../shared/error-codes'
import { jobSubjectOf, type JobSubject } from '../../../shared/job-subjects'

export interface NoticeJob {
  id: number
  kind: string
  state: string
  uniqueKey: string | null
  error: JobErrorInfo | null
  lastError: string | null
}

export interface Notice {
  /** One notice per job and outcome: the same job seen twice does not say it twice. */
  key: string
  jobId: number
  kind: string
  outcome: 'done' | 'failed'
  subject: JobSubject
  error: JobErrorInfo | null
  /** The technical text, behind "detalles" only. */
  detail: string | null
}

/** The jobs a clerk starts and then waits on: a notice when they end, whatever page is open. */
const NOTIFIED_KINDS: ReadonlySet<string> = new Set(['bulk.run', 'export.write', 'report.finalize', 'label.print'])

export function noticeOfJob(job: NoticeJob): Notice | null {
  if (!NOTIFIED_KINDS.has(job.kind)) return null
  const outcome = job.state === 'succeeded' ? 'done' : job.state === 'failed' ? 'failed' : null
  if (!outcome) return null
  const subject = jobSubjectOf(job.uniqueKey)
  if (!subject) return null
  return {
    key: `${job.id}:${outcome}`,
    jobId: job.id,
    kind: job.kind,
    outcome,
    subject,
    error: outcome === 'failed' ? (job.error ?? { code: 'job_failed', params: {} }) : null,
    detail: outcome === 'failed' ? job.lastError : null
  }
}

/** How many notices stay on screen; older ones make room for new ones. */
export const MAX_NOTICES = 5

/**
 * Adds the notices of these jobs, newest first, at most MAX_NOTICES. A printed label is not
 * announced on the Reception page, which already says the label's fate beside the receive.
 */
export function withJobNotices(current: readonly Notice[], jobs: readonly NoticeJob[], page: string): Notice[] {
  const seen = new Set(current.map((notice) => notice.key))
  const added: Notice[] = []
  for (const job of jobs) {
    const notice = noticeOfJob(job)
    if (!notice || seen.has(notice.key)) continue
    if (notice.subject.kind === 'label' && notice.outcome === 'done' && page === 'reception') continue
    seen.add(notice.key)
    added.unshift(notice)
  }
  return added.length === 0 ? [...current] : [...added, ...current].slice(0, MAX_NOTICES)
}
