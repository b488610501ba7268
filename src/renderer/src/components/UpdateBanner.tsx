import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useUpdatesStore } from '../stores/updates-store'

/**
 * Asks once to restart for a downloaded update: a non-modal strip that never takes the focus and
 * never shows while a receive form is open (main decides `offerRestart`). "Later" hides it for
 * this version; the update then installs when the app is closed.
 */
export function UpdateBanner() {
  const { t } = useTranslation()
  const status = useUpdatesStore((state) => state.status)
  const start = useUpdatesStore((state) => state.start)
  const restart = useUpdatesStore((state) => state.restart)
  const dismiss = useUpdatesStore((state) => state.dismiss)
  useEffect(() => start(), [start])
  if (!status?.offerRestart) return null
  return (
    <div className="update-banner" role="status" aria-live="polite">
      <span>
        <strong>{t('diagnostics.updates.banner', { version: status.availableVersion ?? '' })}</strong> {t('diagnostics.updates.bannerHint')}
      </span>
      <button type="button" onClick={() => void restart()}>
        {t('diagnostics.updates.restartNow')}
      </button>
      <button type="button" onClick={() => void dismiss()}>
        {t('diagnostics.updates.later')}
      </button>
    </div>
  )
}
