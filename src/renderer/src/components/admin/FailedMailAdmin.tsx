import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotificationView } from '../../../../shared/notifications'
import { call } from '../../bench-client'
import { useAppStore } from '../../stores/app-store'
import { mailErrorCode } from '../../../../shared/detail-codes'
import { errorText } from '../../i18n/error-text'
import { TechnicalDetails } from '../TechnicalDetails'
import { useResend } from '../use-resend'

/** Every message to a veterinarian the mail server gave up on, whatever it was about, each one offered to send again. */
export function FailedMailAdmin() {
  const { t, i18n } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [failed, setFailed] = useState<NotificationView[]>([])
  const load = useCallback(() => {
    call('notifications.failed', {}).then(setFailed, showError)
  }, [showError])
  useEffect(() => load(), [load])
  const { resent, resend } = useResend(load)
  return (
    <section aria-labelledby="admin-mail-title">
      <h3 id="admin-mail-title">{t('admin.failedMail.title')}</h3>
      <p className="muted">{t('admin.failedMail.hint')}</p>
      {resent && <p role="status">{t('notifications.resent')}</p>}
      {failed.length === 0 ? (
        <p className="muted">{t('admin.failedMail.none')}</p>
      ) : (
        <table className="job-table" data-testid="admin-failed-mail">
          <thead>
            <tr>
              {(['when', 'kind', 'subject', 'recipient', 'error'] as const).map((column) => (
                <th key={column}>{t(`admin.failedMail.columns.${column}`)}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {failed.map((message) => (
              <tr key={message.id}>
                <td>{new Date(message.updatedAt).toLocaleString(i18n.language)}</td>
                <td>{t(`notifications.kind.${message.kind}`)}</td>
                <td>{message.subject}</td>
                <td>{message.recipient || '—'}</td>
                <td>
                  {message.lastError && (
                    <>
                      {errorText(t, { code: mailErrorCode(message.lastError) })} <TechnicalDetails text={message.lastError} />
                    </>
                  )}
                </td>
                <td>
                  <button type="button" onClick={() => void resend(message.id)}>
                    {t('notifications.resend')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
