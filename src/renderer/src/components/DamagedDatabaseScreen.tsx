import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Language } from '../../../shared/languages'
import { useBackupsStore } from '../stores/backups-store'
import { changeLanguage } from '../i18n'
import { ErrorBanner } from './ErrorBanner'
import { RestoreSnapshot } from './BackupsSettings'

/**
 * Shown instead of the bench while its database is damaged (and right after the restore that
 * ends it): what happened, where the damaged file was kept, then the way out in order: restore
 * the latest good snapshot, pull from the server what came after it.
 */
export function DamagedDatabaseScreen() {
  const { t, i18n } = useTranslation()
  const { status, busy, restoredAfterDamage, pulled, configure, pullFromServer, finishRecovery } = useBackupsStore()
  const [folder, setFolder] = useState('')
  useEffect(() => setFolder(status?.folder ?? ''), [status?.folder])
  if (!status) return null
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language)
  const languagePicker = (
    <select aria-label="Idioma / Language" value={i18n.language} onChange={(event) => void changeLanguage(event.target.value as Language)}>
      {Language.options.map((option) => (
        <option key={option} value={option}>
          {t(`settings.languages.${option}`)}
        </option>
      ))}
    </select>
  )

  if (restoredAfterDamage) {
    return (
      <main className="damaged page-pad" data-testid="recovery-step2">
        <ErrorBanner />
        {languagePicker}
        <h1>{t('backups.damaged.step2')}</h1>
        <p>{t('backups.damaged.step2Explain', { when: when(restoredAfterDamage.restored.createdAt) })}</p>
        <p className="muted">{t('backups.damaged.keptAside', { path: restoredAfterDamage.keptAside })}</p>
        {!restoredAfterDamage.numberingCarried && (
          <p className="error-text" data-testid="numbering-closed">
            {t('backups.damaged.numberingClosed')}
          </p>
        )}
        <button type="button" id="recovery-pull" disabled={busy !== null} onClick={() => void pullFromServer()}>
          {t('backups.damaged.pull')}
        </button>
        {pulled && <span className="muted"> {t('backups.damaged.pulled')}</span>}
        <button type="button" id="recovery-done" onClick={finishRecovery}>
          {t('backups.damaged.done')}
        </button>
      </main>
    )
  }
  if (status.health.state !== 'damaged') return null
  const damage = status.health
  return (
    <main className="damaged page-pad" role="alert" data-testid="database-damaged">
      <ErrorBanner />
      {languagePicker}
      <h1>{t('backups.damaged.title')}</h1>
      <p>{t('backups.damaged.explain', { when: when(damage.detectedAt), foundBy: t(`backups.damaged.foundBy.${damage.foundBy}`) })}</p>
      <p className="muted">{damage.keptAside ? t('backups.damaged.keptAside', { path: damage.keptAside }) : t('backups.damaged.notKeptAside')}</p>
      <h2>{t('backups.damaged.step1')}</h2>
      {status.lastGood ? (
        <div>
          <p>{t('backups.damaged.latest', { when: when(status.lastGood.createdAt), unsynced: status.lastGood.unsyncedChanges })}</p>
          <RestoreSnapshot snapshot={status.lastGood} />
        </div>
      ) : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            void configure({ folder: folder.trim() })
          }}
        >
          <p>{t('backups.damaged.noSnapshot', { folder: status.folder })}</p>
          <input id="recovery-folder" value={folder} onChange={(event) => setFolder(event.target.value)} required />
          <button type="submit">{t('backups.save')}</button>
        </form>
      )}
      <h2>{t('backups.damaged.step2')}</h2>
      <details>
        <summary>{t('backups.damaged.detail')}</summary>
        <pre>{damage.detail}</pre>
      </details>
    </main>
  )
}
