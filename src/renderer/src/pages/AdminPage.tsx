import { useTranslation } from 'react-i18next'
import { VeterinariansAdmin } from '../components/admin/VeterinariansAdmin'
import { FailedMailAdmin } from '../components/admin/FailedMailAdmin'
import { AuditLog } from '../components/admin/AuditLog'

/** Bench administration: correcting veterinarians, sending failed e-mails again, the audit log. Loaded on first visit, like every page but the first. */
export function AdminPage() {
  const { t } = useTranslation()
  return (
    <div className="page-pad admin-page">
      <h2>{t('admin.title')}</h2>
      <VeterinariansAdmin />
      <FailedMailAdmin />
      <AuditLog />
    </div>
  )
}
