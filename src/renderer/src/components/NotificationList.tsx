import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotificationView } from '../../../shared/notifications'
import { call } from '../bench-client'
import { mailErrorCode } from '../../../shared/detail-codes'
import { errorText } from '../i18n/error-text'
import { TechnicalDetails } from './TechnicalDetails'
import { useResend } from './use-resend'

type Subject = { protocolId: string; workOrderId?: undefined } | { workOrderId: string; protocolId?: undefined }

const listFor = (subject: Subject) =>
  subject.workOrderId !== undefined ? call('notifications.forWorkOrder', { workOrderId: subject.workOrderId }) : call('notifications.forProtocol', { protocolId: subject.protocolId })

/** What the veterinarian was told about this protocol or work order, and whether it reached them. */
export function NotificationList(subject: Subject) {
  const { t, i18n } = useTranslation()
  const [messages, setMessages] = useState<NotificationView[] | null>(null)
  const { protocolId, workOrderId } = subject
  const load = useCallback(() => {
    let current = true
    listFor(workOrderId !== undefined ? { workOrderId } : { protocolId: protocolId! }).then(
      (list) => current && setMessages(list),
      () => current && setMessages([])
    )
    return () => {
      current = false
    }
  }, [protocolId, workOrderId])
  useEffect(() => load(), [load])
  const { resent, resend } = useResend(load)
  if (messages === null) return null
  return (
    <>
      <h3>{t('notifications.title')}</h3>
      {messages.length === 0 ? (
        <p className="muted">{t('notifications.none')}</p>
      ) : (
        <ul className="notifications" data-testid="notifications">
          {messages.map((message) => (
            <li key={message.id}>
              <time>{new Date(message.updatedAt).toLocaleString(i18n.language)}</time> {t(`notifications.kind.${message.kind}`)} · {message.recipient || '—'} ·{' '}
              <span className={`notification-state ${message.state}`}>{t(`notifications.state.${message.state}`)}</span>
              {message.lastError && (
                <>
                  {' '}
                  <span className="muted" data-testid="notification-error">
                    {errorText(t, { code: mailErrorCode(message.lastError) })}
                  </span>{' '}
                  <TechnicalDetails text={message.lastError} />
                </>
              )}
              {(message.state === 'failed' || message.state === 'no_address') && (
                <button type="button" onClick={() => void resend(message.id)}>
                  {t('notifications.resend')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {resent && <p role="status">{t('notifications.resent')}</p>}
    </>
  )
}
