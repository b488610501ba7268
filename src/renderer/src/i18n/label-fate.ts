/**
 * The one line a clerk reads about a label (or the labels of one reception): printed, on its way,
 * or NOT printed and why, in words. `problem` is true whenever a label is not out, so the line is
 * shown in red; the technical text is only ever offered behind "detalles".
 */
import type { TFunction } from 'i18next'
import type { JobErrorInfo } from '../../../shared/error-codes'
import type { JobStateName } from '../../../shared/jobs'
import { errorText, printerWaitText } from './error-text'

export interface LabelJobState {
  state: JobStateName | string
  error: JobErrorInfo | null
  lastError: string | null
}

export interface LabelFateLine {
  tone: 'pending' | 'printed' | 'problem'
  text: string
  /** The technical text for "detalles", when there is one. */
  detail: string | null
}

/** Printer states that clear by a hand at the printer: the label waits and comes out by itself. */
const WAITS_AT_THE_PRINTER = new Set(['printer_paper_out', 'printer_head_open', 'printer_paused', 'printer_ribbon_out', 'printer_offline', 'printer_busy'])

/** Why one label is not out, in the words of the fate line. */
function problemText(t: TFunction, job: LabelJobState): string {
  if (job.state === 'failed') return t('reception.label.failed', { reason: job.error ? errorText(t, job.error) : t('errors.job_failed') })
  if (job.state === 'cancelled') return t('reception.label.cancelled')
  if (job.error && WAITS_AT_THE_PRINTER.has(job.error.code)) return t('reception.label.waiting', { reason: printerWaitText(t, job.error) })
  return t('reception.label.retrying', { reason: job.error ? errorText(t, job.error) : t('errors.job_failed') })
}

const isOut = (job: LabelJobState | undefined) => job?.state === 'succeeded'
/** A label job that has not printed and is not simply on its way: it failed, was cancelled, or has a reason it is waiting. */
const isProblem = (job: LabelJobState | undefined) =>
  job !== undefined && (job.state === 'failed' || job.state === 'cancelled' || ((job.state === 'queued' || job.state === 'running') && job.error !== null))

/** One label's fate. */
export function labelFate(t: TFunction, job: LabelJobState | undefined): LabelFateLine {
  if (isOut(job)) return { tone: 'printed', text: t('reception.label.printed'), detail: null }
  if (job && isProblem(job)) return { tone: 'problem', text: problemText(t, job), detail: job.lastError }
  return { tone: 'pending', text: job?.state === 'running' ? t('reception.label.printing') : t('reception.label.queued'), detail: null }
}

/** The fate of a reception's labels (one per container when the bench prints them so), in one line. */
export function labelsFate(t: TFunction, jobs: readonly (LabelJobState | undefined)[]): LabelFateLine {
  if (jobs.length <= 1) return labelFate(t, jobs[0])
  const printed = jobs.filter(isOut).length
  const problem = jobs.find(isProblem)
  if (problem) {
    const one = labelFate(t, problem)
    return { tone: 'problem', text: t('reception.label.countProblem', { missing: jobs.length - printed, count: jobs.length, reason: one.text }), detail: one.detail }
  }
  if (printed === jobs.length) return { tone: 'printed', text: t('reception.label.countPrinted', { printed, count: jobs.length }), detail: null }
  return { tone: 'pending', text: t('reception.label.countPrinted', { printed, count: jobs.length }), detail: null }
}
