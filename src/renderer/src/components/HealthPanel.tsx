import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { HealthCheck } from '../../../shared/health'
import { useHealthStore } from '../stores/health-store'

/** The reason's sentence, with times (epoch ms facts named `at`) in the clerk's clock and language. */
function useReasonText(): (check: HealthCheck) => string {
  const { t, i18n } = useTranslation()
  return (check) => {
    const { at, ...facts } = check.facts
    const time = typeof at === 'number' ? new Date(at).toLocaleString(i18n.language) : ''
    return t(`health.reason.${check.reason}`, { ...facts, time })
  }
}

/** Database, disk, printer, sync, workers and backlog at a glance; main pushes each new check. */
export function HealthPanel() {
  const { t, i18n } = useTranslation()
  const { report, checking, connect, checkNow } = useHealthStore()
  const reasonText = useReasonText()
  useEffect(() => connect(), [connect])
  return (
    <section className="health" aria-labelledby="health-title" data-testid="health-panel" data-level={report?.level ?? 'unknown'}>
      <header className="health-header">
        <h2 id="health-title">{t('health.title')}</h2>
        {report && <span className="muted">{t('health.checkedAt', { time: new Date(report.at).toLocaleTimeString(i18n.language) })}</span>}
        <button type="button" onClick={() => void checkNow()} disabled={checking}>
          {checking ? t('health.checking') : t('health.checkNow')}
        </button>
      </header>
      {!report ? (
        <p className="muted">{t('health.notYet')}</p>
      ) : (
        <ul className="health-checks">
          {report.checks.map((check) => (
            <li key={check.name} data-check={check.name} data-level={check.level} className={`health-${check.level}`} title={check.detail || undefined}>
              <span className="health-dot" aria-hidden="true" />
              <strong>{t(`health.check.${check.name}`)}</strong>
              <span className="health-level">{t(`health.level.${check.level}`)}</span>
              <span className="health-reason">{reasonText(check)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The navigation bar's dot: the worst level now; opens the Jobs page, where the panel is. */
export function HealthBadge({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation()
  const report = useHealthStore((state) => state.report)
  const connect = useHealthStore((state) => state.connect)
  useEffect(() => connect(), [connect])
  if (!report) return null
  const label = t('health.badge', { level: t(`health.level.${report.level}`) })
  const problems = report.checks.filter((check) => check.level !== 'green').map((check) => t(`health.check.${check.name}`))
  return (
    <button type="button" className={`health-badge health-${report.level}`} data-testid="health-badge" data-level={report.level} onClick={onOpen} title={[label, ...problems].join(' · ')} aria-label={label}>
      <span className="health-dot" aria-hidden="true" />
      <span>{t(`health.level.${report.level}`)}</span>
    </button>
  )
}
