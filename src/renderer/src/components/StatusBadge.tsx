import { useTranslation } from 'react-i18next'
import type { ProtocolStatus } from '../../../shared/domain'

export function StatusBadge({ status }: { status: ProtocolStatus }) {
  const { t } = useTranslation()
  return <span className={`status status-${status}`}>{t(`status.${status}`)}</span>
}
