import { useTranslation } from 'react-i18next'
import { useReceptionStore } from '../stores/reception-store'
import { useJobsStore } from '../stores/jobs-store'
import { labelFate } from '../i18n/label-fate'
import { TechnicalDetails } from './TechnicalDetails'

/** The protocol just received (or rejected, or edited), with its label's fate in one line: red whenever the label is not out. */
export function LastReception() {
  const { t } = useTranslation()
  const last = useReceptionStore((state) => state.last)
  const labelJob = useJobsStore((jobs) => (last?.labelJobId ? jobs.progress[last.labelJobId] : undefined))
  if (!last) return null
  const fate = labelFate(t, labelJob)
  return (
    <div className={`last-result ${last.protocol.status}`} role="status" data-testid="last-result">
      {last.protocol.number ? (
        <>
          <span className="big-number">{last.protocol.number}</span>{' '}
          {last.edited ? t('reception.editedOk') : t('reception.receivedOk', { animal: last.protocol.animal.name })}
          {last.labelJobId !== null && (
            <span className={`label-fate ${fate.tone === 'problem' ? 'label-problem' : 'muted'}`} data-testid="label-status" data-tone={fate.tone}>
              {' '}
              · {fate.text} <TechnicalDetails text={fate.detail} />
            </span>
          )}
        </>
      ) : (
        t('reception.rejectedOk', { animal: last.protocol.animal.name })
      )}
    </div>
  )
}
