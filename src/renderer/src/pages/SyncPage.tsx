import { useTranslation } from 'react-i18next'

/** Being written. */
export function SyncPage() {
  const { t } = useTranslation()
  return (
    <div className="placeholder">
      <h1>{t('sync.title')}</h1>
    </div>
  )
}
