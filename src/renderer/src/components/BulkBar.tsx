import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BulkStatusTarget } from '../../../shared/bulk'
import { BULK_STATUS_TARGETS } from '../../../shared/vocabulary'
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
  const drafts = useBulkStore((state) => state.drafts)
  const loadDrafts = useBulkStore((state) => state.loadDrafts)
  const [status, setStatus] = useState<BulkStatusTarget>('processing')
  const [workOrder, setWorkOrder] = useState('')
  const count = allMatching ? total : checked
  const visible = count > 0
  // Drafts come and go on the Work orders page: asked again whenever the bar appears (and on focus).
  useEffect(() => {
    if (visible) void loadDrafts()
  }, [visible, loadDrafts])
  if (!visible) return null

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
          {BULK_STATUS_TARGETS.map((option) => (
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
          if (workOrder) void start({ action: 'assignWorkOrder', workOrderId: workOrder })
        }}
      >
        <select
          aria-label={t('bulk.actions.workOrder')}
          data-testid="bulk-work-order"
          value={workOrder}
          onFocus={() => void loadDrafts()}
          onChange={(event) => setWorkOrder(event.target.value)}
        >
          <option value="">{drafts.length === 0 ? t('bulk.actions.noDrafts') : t('bulk.actions.chooseDraft')}</option>
          {drafts.map((draft) => (
            <option key={draft.id} value={draft.id}>
              {t('bulk.actions.draftOption', {
                veterinarian: draft.veterinarianName,
                order: draft.number ? t('bulk.actions.correction', { number: draft.number, version: draft.version }) : t('bulk.actions.draft'),
                count: draft.lineCount
              })}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || !drafts.some((draft) => draft.id === workOrder)}>
          {t('bulk.actions.assign')}
        </button>
      </form>
      <button type="button" className="link" onClick={clearChecked}>
        {t('bulk.clear')}
      </button>
    </div>
  )
}
