import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BulkStatusTarget } from '../../../shared/bulk'
import { useBulkStore } from '../stores/bulk-store'
import { useProtocolsStore } from '../stores/protocols-store'

/** The actions for the checked protocols; shown while any are checked. */
export function BulkBar() {
  const { t } = useTranslation()
  const checked = useProtocolsStore((state) => state.checked.size)
  const allMatching = useProtocolsStore((state) => state.allMatching)
  const total = useProtocolsStore((state) => state.total)
  const checkAllMatching = useProtocolsStore((state) => state.checkAllMatching)
  const clearChecked = useProtocolsStore((state) => state.clearChecked)
  const start = useBulkStore((state) => state.start)
  const busy = useBulkStore((state) => state.busy)
  const [status, setStatus] = useState<BulkStatusTarget>('processing')
  const [workOrder, setWorkOrder] = useState('')
  const count = allMatching ? total : checked
  if (count === 0) return null

  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('bulk.title')} data-testid="bulk-bar">
      <strong data-testid="bulk-selected">{allMatching ? t('bulk.allMatching', { count }) : t('bulk.selected', { count })}</strong>
      {!allMatching && total > checked && (
        <button type="button" className="link" onClick={checkAllMatching}>
          {t('bulk.selectAllMatching', { count: total })}
        </button>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void start({ action: 'receive' })}>
        {t('bulk.actions.receive')}
      </button>
      <button type="button" disabled={busy} onClick={() => void start({ action: 'reprint' })}>
        {t('bulk.actions.reprint')}
      </button>
      <span className="bulk-group">
        <select aria-label={t('bulk.actions.statusTo')} value={status} onChange={(event) => setStatus(event.target.value as BulkStatusTarget)}>
          {BulkStatusTarget.options.map((option) => (
            <option key={option} value={option}>
              {t(`status.${option}`)}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => void start({ action: 'status', status })}>
          {t('bulk.actions.status')}
        </button>
      </span>
      <form
        className="bulk-group"
        onSubmit={(event) => {
          event.preventDefault()
          if (workOrder.trim()) void start({ action: 'assignWorkOrder', workOrderId: workOrder.trim() })
        }}
      >
        <input aria-label={t('bulk.actions.workOrder')} placeholder={t('bulk.actions.workOrder')} value={workOrder} onChange={(event) => setWorkOrder(event.target.value)} size={12} />
        <button type="submit" disabled={busy || workOrder.trim() === ''}>
          {t('bulk.actions.assign')}
        </button>
      </form>
      <button type="button" className="link" onClick={clearChecked}>
        {t('bulk.clear')}
      </button>
    </div>
  )
}
