import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Snapshot } from '../../../shared/backups'
import { useBackupsStore } from '../stores/backups-store'

const formatBytes = (bytes: number): string => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`)

/** The restore button of one snapshot, with its confirmation in place (no modal to lose the focus in). */
export function RestoreSnapshot({ snapshot }: { snapshot: Snapshot }) {
  const { t, i18n } = useTranslation()
  const busy = useBackupsStore((state) => state.busy)
  const restore = useBackupsStore((state) => state.restore)
  const [confirming, setConfirming] = useState(false)
  const when = new Date(snapshot.createdAt).toLocaleString(i18n.language)
  if (!confirming) {
    return (
      <button type="button" data-testid={`restore-${snapshot.name}`} disabled={busy !== null} onClick={() => setConfirming(true)}>
        {t('backups.restore')}
      </button>
    )
  }
  return (
    <div className="confirm-restore" role="alertdialog" aria-label={t('backups.restore')}>
      <p>{t('backups.confirmRestore', { when })}</p>
      <button type="button" data-testid="confirm-restore" disabled={busy !== null} onClick={() => void restore(snapshot.name)}>
        {busy === 'restore' ? t('backups.restoring') : t('backups.confirm')}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        {t('backups.cancel')}
      </button>
    </div>
  )
}

/** Settings → Backups: where snapshots go, how long they stay, the last good one, making and restoring one. */
export function BackupsSettings() {
  const { t, i18n } = useTranslation()
  const { status, busy, lastMade, load, configure, snapshotNow } = useBackupsStore()
  const [folder, setFolder] = useState('')
  const [keepDays, setKeepDays] = useState('')
  useEffect(() => {
    void load()
  }, [load])
  useEffect(() => {
    if (!status) return
    setFolder(status.folder)
    setKeepDays(String(status.keepDays))
  }, [status])
  if (!status) return null
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language)
  return (
    <section className="backups" aria-labelledby="backups-title">
      <h2 id="backups-title">{t('backups.title')}</h2>
      <p className="notice" data-testid="backups-protects">
        {t('backups.protectsFirst', { count: status.unsyncedChanges ?? 0 })}
      </p>
      <p data-testid="backups-last-good">
        <strong>{t('backups.lastGood')}:</strong> {status.lastGood ? when(status.lastGood.createdAt) : t('backups.none')}
      </p>
      {status.lastFailure && (
        <p className="error-text" role="alert" data-testid="backups-failure">
          {t('backups.failure.title', { when: when(status.lastFailure.at) })} {t(`backups.failure.${status.lastFailure.reason}`)}
        </p>
      )}
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault()
          void configure({ folder: folder.trim() === status.defaultFolder ? null : folder.trim(), keepDays: Number(keepDays) })
        }}
      >
        <label>
          {t('backups.folder')}
          <input id="backup-folder" value={folder} onChange={(event) => setFolder(event.target.value)} required />
          <span className="muted">{t('backups.defaultFolder', { path: status.defaultFolder })}</span>
        </label>
        <label>
          {t('backups.keepDays')}
          <input id="backup-keep-days" type="number" min={1} max={365} value={keepDays} onChange={(event) => setKeepDays(event.target.value)} required />
        </label>
        <div className="inline-form">
          <button type="submit">{t('backups.save')}</button>
          {status.folder !== status.defaultFolder && (
            <button type="button" onClick={() => void configure({ folder: null })}>
              {t('backups.useDefault')}
            </button>
          )}
        </div>
      </form>
      <p className="muted">{t('backups.daily')}</p>
      <button type="button" id="backup-now" disabled={busy !== null} onClick={() => void snapshotNow()}>
        {busy === 'snapshot' ? t('backups.working') : t('backups.now')}
      </button>
      {lastMade && <span className="muted"> {t('backups.made', { name: lastMade.name })}</span>}
      <h3>{t('backups.list')}</h3>
      {status.snapshots.length === 0 ? (
        <p className="muted">{t('backups.empty')}</p>
      ) : (
        <table className="kinds" data-testid="backups-list">
          <thead>
            <tr>
              <th>{t('backups.columns.when')}</th>
              <th>{t('backups.columns.size')}</th>
              <th>{t('backups.columns.verified')}</th>
              <th>{t('backups.columns.unsynced')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {status.snapshots.map((snapshot) => (
              <tr key={snapshot.name}>
                <td>{when(snapshot.createdAt)}</td>
                <td>{formatBytes(snapshot.bytes)}</td>
                <td>{snapshot.verified ? t('backups.verified') : t('backups.unverified')}</td>
                <td>{snapshot.unsyncedChanges}</td>
                <td>{snapshot.verified && <RestoreSnapshot snapshot={snapshot} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
