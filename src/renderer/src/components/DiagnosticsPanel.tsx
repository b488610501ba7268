import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { UpdateStatus } from '../../../shared/diagnostics'
import { useUpdatesStore } from '../stores/updates-store'
import { SlowOperationsPanel } from './SlowOperationsPanel'
import { TechnicalDetails } from './TechnicalDetails'
import { updateErrorCode } from '../../../shared/detail-codes'
import { errorText } from '../i18n/error-text'

const formatBytes = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`

function UpdateLine({ status }: { status: UpdateStatus }) {
  const { t, i18n } = useTranslation()
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('diagnostics.updates.never'))
  return (
    <>
      <dt>{t('diagnostics.updates.title')}</dt>
      <dd>
        {t(`diagnostics.updates.phase.${status.phase}`, { version: status.availableVersion ?? '', percent: Math.round(status.percent ?? 0) })}
        {status.lastError && (
          <div>
            <span className="muted" data-testid="update-error">
              {errorText(t, { code: updateErrorCode(status.lastError) })}
            </span>{' '}
            <TechnicalDetails text={status.lastError} />
          </div>
        )}
        {status.busy && <div className="muted">{t('diagnostics.updates.busy')}</div>}
      </dd>
      {status.phase !== 'unsupported' && (
        <>
          <dt>{t('diagnostics.updates.feed')}</dt>
          <dd>{status.feedUrl ?? <span className="muted">{t('diagnostics.updates.notPaired')}</span>}</dd>
          <dt>{t('diagnostics.updates.lastChecked')}</dt>
          <dd>{when(status.lastCheckedAt)}</dd>
          <dt>{t('diagnostics.updates.nextCheck')}</dt>
          <dd>{when(status.nextCheckAt)}</dd>
        </>
      )}
    </>
  )
}

/** Version, where the logs are, update state, and the diagnostics export (patient data only on request). */
export function DiagnosticsPanel() {
  const { t } = useTranslation()
  const { info, status, exporting, exported, start, loadInfo, check, restart, exportDiagnostics, reveal } = useUpdatesStore()
  const [includePatientData, setIncludePatientData] = useState(false)
  const patientDataId = useId()
  useEffect(() => start(), [start])
  useEffect(() => {
    void loadInfo()
  }, [loadInfo])
  if (!info) return null
  const runtime = [info.versions['electron'], info.versions['chrome'], info.versions['node']].filter(Boolean).join(' / ')
  return (
    <section className="diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">{t('diagnostics.title')}</h2>
      <dl className="about">
        <dt>{t('diagnostics.version')}</dt>
        <dd>{info.appVersion}</dd>
        <dt>{t('diagnostics.shell')}</dt>
        <dd>{info.shell}</dd>
        <dt>{t('diagnostics.system')}</dt>
        <dd>
          {info.platform} {info.osRelease} ({info.arch})
        </dd>
        <dt>{t('diagnostics.runtime')}</dt>
        <dd>{runtime}</dd>
        <dt>{t('diagnostics.dataDir')}</dt>
        <dd className="path">{info.dataDir}</dd>
        <dt>{t('diagnostics.logDir')}</dt>
        <dd>
          {info.logDir ? (
            <>
              <span className="path">{info.logDir}</span>{' '}
              <span className="muted">{info.logFiles.map((file) => `${file.name} (${formatBytes(file.bytes)})`).join(', ')}</span>
            </>
          ) : (
            <span className="muted">{t('diagnostics.noLogFile')}</span>
          )}
        </dd>
        {info.crashDumpsDir && (
          <>
            <dt>{t('diagnostics.crashDumps')}</dt>
            <dd className="path">{info.crashDumpsDir}</dd>
          </>
        )}
        {status && <UpdateLine status={status} />}
      </dl>
      <div className="detail-actions">
        {status && status.phase !== 'unsupported' && (
          <button type="button" onClick={() => void check()} disabled={status.phase === 'checking' || status.phase === 'downloading'}>
            {t('diagnostics.updates.check')}
          </button>
        )}
        {status?.phase === 'downloaded' && (
          <button type="button" onClick={() => void restart()} disabled={status.busy}>
            {t('diagnostics.updates.restartNow')}
          </button>
        )}
        {info.logDir && (
          <button type="button" onClick={() => void reveal('logs')}>
            {t('diagnostics.openLogs')}
          </button>
        )}
      </div>

      <SlowOperationsPanel />

      <h3>{t('diagnostics.export.title')}</h3>
      <p className="muted">{t('diagnostics.export.explain')}</p>
      <label className="checkbox" htmlFor={patientDataId}>
        <input id={patientDataId} type="checkbox" checked={includePatientData} onChange={(event) => setIncludePatientData(event.target.checked)} />
        {t('diagnostics.export.includePatientData')}
      </label>
      {includePatientData && <p className="warning">{t('diagnostics.export.patientDataWarning')}</p>}
      <div className="detail-actions">
        <button type="button" onClick={() => void exportDiagnostics(includePatientData)} disabled={exporting}>
          {exporting ? t('diagnostics.export.working') : t('diagnostics.export.button')}
        </button>
        {exported && (
          <>
            <span role="status">{t('diagnostics.export.done', { path: exported.path, size: formatBytes(exported.bytes) })}</span>
            <button type="button" onClick={() => void reveal('export')}>
              {t('diagnostics.export.reveal')}
            </button>
          </>
        )}
      </div>
    </section>
  )
}
