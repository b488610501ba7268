import { useTranslation } from 'react-i18next'
import { useReceptionStore } from '../stores/reception-store'
import { useJobsStore } from '../stores/jobs-store'

/** The protocol just received (or rejected, or edited), with the fate of its label as the queue reports it. */
export function LastReception() {
  const { t } = useTranslation()
  const last = useReceptionStore((state) => state.last)
  const labelJob = useJobsStore((jobs) => (last?.labelJobId ? jobs.progress[last.labelJobId] : undefined))
  if (!last) return null
  const labelStatus = !labelJob
    ? t('reception.labelQueued')
    : labelJob.state === 'succeeded'
      ? t('reception.labelPrinted')
      : labelJob.state === 'failed'
        ? t('reception.labelFailed', { reason: labelJob.lastError ?? '' })
        : labelJob.lastError
          ? t('reception.labelWaiting', { reason: labelJob.lastError })
          : t('reception.labelQueued')
  return (
    <div className={`last-result ${last.protocol.status}`} role="status" data-testid="last-result">
      {last.protocol.number ? (
        <>
          <span className="big-number">{last.protocol.number}</span>{' '}
          {last.edited ? t('reception.editedOk') : t('reception.receivedOk', { animal: last.protocol.animal.name })}
          {last.labelJobId !== null && (
            <span className={labelJob?.state === 'failed' || labelJob?.lastError ? 'label-problem' : 'muted'} data-testid="label-status">
              {' '}
              · {labelStatus}
            </span>
          )}
        </>
      ) : (
        t('reception.rejectedOk', { animal: last.protocol.animal.name })
      )}
    </div>
  )
}
