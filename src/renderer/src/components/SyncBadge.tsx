import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../stores/app-store'
import { useSyncStore } from '../stores/sync-store'

/** Compact sync status for the navigation bar: state, pending changes, conflicts; opens the Sync page. */
export function SyncBadge() {
  const { t } = useTranslation()
  const status = useSyncStore((state) => state.status)
  const connect = useSyncStore((state) => state.connect)
  const setPage = useAppStore((state) => state.setPage)
  useEffect(() => connect(), [connect])
  if (!status) return null
  const details = [t(`sync.states.${status.state}`)]
  if (status.pending > 0) details.push(t('sync.badge.pending', { count: status.pending }))
  if (status.conflicts > 0) details.push(t('sync.badge.conflicts', { count: status.conflicts }))
  return (
    <button
      type="button"
      className={`sync-badge sync-${status.state}`}
      data-testid="sync-badge"
      onClick={() => setPage('sync')}
      title={details.join(' · ')}
      aria-label={`${t('sync.title')}: ${details.join(', ')}`}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span>{t(`sync.states.${status.state}`)}</span>
      {status.pending > 0 && <span className="sync-count">{status.pending}</span>}
      {status.conflicts > 0 && <span className="sync-count sync-count-conflicts">!{status.conflicts}</span>}
    </button>
  )
}
