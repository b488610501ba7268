import { useTranslation } from 'react-i18next'
import { useAppStore } from '../stores/app-store'
import { errorText, issueText } from '../i18n/error-text'
import { TechnicalDetails } from './TechnicalDetails'

/**
 * Errors are told in the clerk's language from the contract's code and parameters; each broken
 * field as "<field>: <rule>". The English detail stays in the log and behind "detalles".
 */
export function ErrorBanner() {
  const { t } = useTranslation()
  const error = useAppStore((state) => state.error)
  const clear = useAppStore((state) => state.clearError)
  if (!error) return null
  return (
    <div className="error-banner" role="alert">
      <span data-testid="error-text">{errorText(t, error)}</span>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={issue.path + issue.code}>{issueText(t, issue)}</li>
          ))}
        </ul>
      )}
      <TechnicalDetails text={error.message} />
      <button type="button" onClick={clear} aria-label="×">
        ×
      </button>
    </div>
  )
}
