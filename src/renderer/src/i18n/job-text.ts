import type { TFunction } from 'i18next'
import type { JobViewData } from '../../../shared/jobs'

/** A job kind as the clerk reads it; a kind without a name (a newer build's) shows its id. */
export function jobKindName(t: TFunction, kind: string): string {
  const name = t(`jobs.kinds.${kind}`, { defaultValue: '' })
  return typeof name === 'string' && name !== '' ? name : kind
}

/**
 * The text shown for why a job failed or is being retried. Today the runner's own English
 * message; the one place to change once jobs carry an error code with its translation.
 */
export function jobErrorText(_t: TFunction, job: Pick<JobViewData, 'lastError'>): string | null {
  return job.lastError
}
