import { useTranslation } from 'react-i18next'

/** Being written. */
export function WorkOrdersPage() {
  const { t } = useTranslation()
  return (
    <div className="placeholder">
      <h1>{t('workOrders.title')}</h1>
    </div>
  )
}
