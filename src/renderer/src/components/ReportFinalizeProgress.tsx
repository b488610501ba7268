import { useTranslation } from 'react-i18next'
import type { ReportView } from '../../../shared/reports'
import type { JobErrorInfo } from '../../../shared/error-codes'
import { useJobsStore } from '../stores/jobs-store'
import { errorText } from '../i18n/error-text'
import { TechnicalDetails } from './TechnicalDetails'

const STEPS = ['requested', 'render', 'store', 'finalize'] as const

export interface FinalizeProgressState {
  state: string
  step: string | null
  percent: number
  /** The technical text, for "detalles" only. */
  lastError: string | null
  error: JobErrorInfo | null
}

/**
 * Where a report's finalize job stands: the live progress the queue pushes when there is one,
 * otherwise what the report carried when it was read (which is how it survives a restart).
 */
export function useFinalizeProgress(report: ReportView | null): FinalizeProgressState | null {
  const job = report?.finalizeJob ?? null
  const live = useJobsStore((jobs) => (job ? jobs.progress[job.id] : undefined))
  if (!job) return null
  return {
    state: live?.state ?? job.state,
    step: live?.step ?? job.progress?.step ?? null,
    percent: live?.percent ?? job.progress?.percent ?? 0,
    lastError: live?.lastError ?? job.lastError,
    error: live?.error ?? job.error
  }
}

/** Index in STEPS of the step under way; STEPS.length once everything is done. */
function currentStep(report: ReportView, progress: FinalizeProgressState): number {
  if (report.status === 'finalized' || progress.state === 'succeeded') return STEPS.length
  if (progress.state === 'queued' && progress.step === null) return 0
  const index = STEPS.indexOf((progress.step ?? 'render') as (typeof STEPS)[number])
  return index < 1 ? 1 : index
}

/** The finalize steps, ticked as the job goes; a failure offers a retry (the draft below is editable again). */
export function ReportFinalizeProgress(props: { report: ReportView; onRetry: () => void }) {
  const { report, onRetry } = props
  const { t } = useTranslation()
  const progress = useFinalizeProgress(report)
  if (!progress) return null
  const failed = report.status === 'finalizing' && (progress.state === 'failed' || progress.state === 'cancelled')
  const done = report.status === 'finalized'
  const current = currentStep(report, progress)
  const percent = done ? 100 : Math.round(progress.percent)
  return (
    <section className={`report-progress${failed ? ' failed' : ''}${done ? ' done' : ''}`} aria-label={t('reports.progress.title')} data-testid="report-progress" data-state={done ? 'finalized' : progress.state}>
      <header>
        <strong role="status">{done ? t('reports.progress.done') : failed ? t('reports.progress.failed', { reason: errorText(t, progress.error ?? { code: 'job_failed' }) }) : t('reports.progress.title')}</strong>
        {!done && !failed && <progress max={100} value={percent} aria-label={t('reports.progress.title')} />}
      </header>
      <ol className="report-steps">
        {STEPS.map((step, index) => (
          <li key={step} className={index < current ? 'step-done' : index === current ? (failed ? 'step-failed' : 'step-current') : 'step-todo'}>
            {t(`reports.progress.${step}`)}
          </li>
        ))}
      </ol>
      {!done && !failed && progress.state === 'queued' && progress.lastError && (
        <p className="muted">
          {t('reports.progress.retrying', { reason: errorText(t, progress.error ?? { code: 'job_failed' }) })} <TechnicalDetails text={progress.lastError} />
        </p>
      )}
      {failed && (
        <div className="row-actions">
          <TechnicalDetails text={progress.lastError} />
          <button type="button" className="primary" onClick={onRetry}>
            {t('reports.progress.retry')}
          </button>
        </div>
      )}
    </section>
  )
}
