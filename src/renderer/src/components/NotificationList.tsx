import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotificationView } from '../../../shared/notifications'
import { call } from '../bench-client'

/** What the veterinarian was told about this protocol, and whether it reached them. */
export function NotificationList({ protocolId }: { protocolId: string }) {
  const { t, i18n } = useTranslation()
  const [messages, setMessages] = useState<NotificationView[] | null>(null)
  useEffect(() => {
    let current = true
    call('notifications.forProtocol', { protocolId }).then(
      (list) => current && setMessages(list),
      () => current && setMessages([])
    )
    return () => {
      current = false
    }
  }, [protocolId])
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
              {message.lastError && <span className="muted"> ({message.lastError})</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
