import { useTranslation } from 'react-i18next'
import { useAppStore } from '../stores/app-store'

/** Errors are told in the clerk's language, from the contract's code; the detail stays in the log. */
export function ErrorBanner() {
  const { t } = useTranslation()
  const error = useAppStore((state) => state.error)
  const clear = useAppStore((state) => state.clearError)
  if (!error) return null
  return (
    <div className="error-banner" role="alert">
      <span>{t(`errors.${error.code}`)}</span>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={issue.path + issue.code}>{issue.path || '—'}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={clear} aria-label="×">
        ×
      </button>
    </div>
  )
}
