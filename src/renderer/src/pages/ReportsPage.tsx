import { useTranslation } from 'react-i18next'

/** Being written. */
export function ReportsPage() {
  const { t } = useTranslation()
  return (
    <div className="placeholder">
      <h1>{t('reports.title')}</h1>
    </div>
  )
}
