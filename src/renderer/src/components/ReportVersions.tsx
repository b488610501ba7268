import { useTranslation } from 'react-i18next'
import type { ReportSummary } from '../../../shared/reports'

/** Every version of the protocol's report, newest first; the one on screen is marked. */
export function ReportVersions(props: { versions: readonly ReportSummary[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const { versions, selectedId, onSelect } = props
  const { t, i18n } = useTranslation()
  if (versions.length === 0) return null
  const byId = new Map(versions.map((version) => [version.id, version]))
  return (
    <nav className="report-versions" aria-label={t('reports.versions')}>
      <h3>{t('reports.versions')}</h3>
      <ul>
        {versions.map((version) => {
          const amended = version.amendsId ? byId.get(version.amendsId) : undefined
          return (
            <li key={version.id}>
              <button type="button" aria-current={version.id === selectedId ? 'true' : undefined} onClick={() => onSelect(version.id)} data-testid="report-version">
                <strong>{t('reports.version', { version: version.version })}</strong>{' '}
                <span className={`report-status report-status-${version.status}`}>{t(`reports.status.${version.status}`)}</span>
                {amended && <span className="muted"> · {t('reports.amends', { version: amended.version })}</span>}
                {version.finalizedAt && <span className="muted"> · {new Date(version.finalizedAt).toLocaleDateString(i18n.language)}</span>}
                {version.copiedFrom && (
                  <span className="muted">
                    {' · '}
                    {version.copiedFrom.benchName ? t('reports.copiedBadge', { bench: version.copiedFrom.benchName }) : t('reports.copiedBadgeUnknown')}
                  </span>
                )}
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
