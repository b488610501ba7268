import { useTranslation } from 'react-i18next'

/** Being written. */
export function StatisticsPage() {
  const { t } = useTranslation()
  return (
    <div className="placeholder">
      <h1>{t('statistics.title')}</h1>
    </div>
  )
}
