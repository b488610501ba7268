import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { BulkBatchView } from '../../../shared/bulk'
import { useBulkStore } from '../stores/bulk-store'

function batchTitle(t: TFunction, batch: BulkBatchView): string {
  if (batch.action === 'status') return t('bulk.batch.status', { status: t(`status.${batch.params.status ?? 'received'}`) })
  if (batch.action === 'assignWorkOrder') return t('bulk.batch.assignWorkOrder', { workOrder: batch.params.workOrderId ?? '' })
  return t(`bulk.batch.${batch.action}`)
}

/** The batch started from this page: live "n of N", then each failure with its reason, retry and undo. */
export function BulkProgress() {
  const { t } = useTranslation()
  const batch = useBulkStore((state) => state.batch)
  const failures = useBulkStore((state) => state.failures)
  const busy = useBulkStore((state) => state.busy)
  const { retry, undo, cancel, dismiss } = useBulkStore.getState()
  if (!batch) return null
  const title = batchTitle(t, batch)
  const { counts } = batch
  const done = batch.total - counts.pending
  const running = batch.state === 'queued' || batch.state === 'running'
  const unfinished = counts.failed + counts.unavailable
  return (
    <section className={`bulk-progress state-${batch.state}`} aria-label={t('bulk.title')} aria-live="polite" data-testid="bulk-progress" data-state={batch.state}>
      <header>
        <strong>{title}</strong>
        <progress max={batch.total} value={done} aria-label={t('bulk.progress', { done, total: batch.total })} />
        <span data-testid="bulk-progress-count">{t('bulk.progress', { done, total: batch.total })}</span>
        <span className="muted">{t(`bulk.state.${batch.state}`)}</span>
        {running && (
          <button type="button" disabled={busy} onClick={() => void cancel()}>
            {t('bulk.cancel')}
          </button>
        )}
        {!running && unfinished > 0 && !batch.undoneBy && (
          <button type="button" className="primary" disabled={busy} onClick={() => void retry()}>
            {t('bulk.retry')}
          </button>
        )}
        {batch.undoable && (
          <button type="button" disabled={busy} onClick={() => void undo()}>
            {t('bulk.undo')}
          </button>
        )}
        {batch.undoneBy && <span className="muted">{t('bulk.undone')}</span>}
        {!running && (
          <button type="button" className="icon" aria-label={t('bulk.close')} onClick={dismiss}>
            ×
          </button>
        )}
      </header>
      <p className="muted" data-testid="bulk-counts">
        {t('bulk.counts', counts)}
        {running && ` · ${t('bulk.keepWorking')}`}
      </p>
      {failures.length > 0 && (
        <ul className="bulk-failures" aria-label={t('bulk.failures')} data-testid="bulk-failures">
          {failures.map((item) => (
            <li key={item.seq}>
              <span className="number">{item.number ?? t('bulk.noNumber')}</span>
              <span>{item.animalName}</span>
              <span className={item.outcome === 'failed' ? 'bulk-error' : 'muted'} title={item.message ?? undefined}>
                {item.code ? t(`errors.${item.code}`, { defaultValue: item.message ?? item.code }) : item.message}
                {item.code && item.message && <small className="muted"> ({item.message})</small>}
              </span>
              <button type="button" disabled={busy || running} onClick={() => void retry([item.protocolId])}>
                {t('bulk.retryOne')}
              </button>
            </li>
          ))}
          {unfinished > failures.length && <li className="muted">{t('bulk.moreFailures', { count: unfinished - failures.length })}</li>}
        </ul>
      )}
    </section>
  )
}

