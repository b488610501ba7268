import { useTranslation } from 'react-i18next'

/** What a page will hold, said plainly until it does. */
export function PlaceholderPage({ message }: { message: 'workOrders' | 'reports' | 'sync' }) {
  const { t } = useTranslation()
  return (
    <div className="placeholder">
      <h1>{t(`nav.${message}`)}</h1>
      <p>{t(`placeholder.${message}`)}</p>
    </div>
  )
}
