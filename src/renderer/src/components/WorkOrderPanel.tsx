import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { WorkOrderDetail } from '../../../shared/work-orders'
import { NotificationList } from './NotificationList'
import { editorOf, useWorkOrdersStore } from '../stores/work-orders-store'
import { useJobsStore } from '../stores/jobs-store'
import { WorkOrderLines } from './WorkOrderLines'
import { WorkOrderTotals } from './WorkOrderTotals'
import { TechnicalDetails } from './TechnicalDetails'
import { errorText } from '../i18n/error-text'

/** The PDF job's fate, inline: the clerk keeps working while it renders. */
function PdfStatus({ order }: { order: WorkOrderDetail }) {
  const { t } = useTranslation()
  const jobId = useWorkOrdersStore((state) => state.pdfJobId)
  const progress = useJobsStore((state) => (jobId === null ? undefined : state.progress[jobId]))
  const waitingKey = useWorkOrdersStore((state) => (state.pdf && !state.pdf.bytes ? state.pdf.key : null))
  const artifactStored = useWorkOrdersStore((state) => state.artifactStored)
  // The stored event may have gone by before the viewer started waiting: the job's success says the same.
  useEffect(() => {
    if (progress?.state === 'succeeded' && waitingKey) artifactStored(waitingKey)
  }, [progress?.state, waitingKey, artifactStored])
  if (order.pdf.ready) return <span className="wo-pdf ok" data-testid="wo-pdf-status">{t('workOrders.pdfReady')}</span>
  if (progress?.state === 'failed') {
    return (
      <span className="wo-pdf failed" data-testid="wo-pdf-status">
        {t('workOrders.pdfFailed', { reason: errorText(t, progress.error ?? { code: 'job_failed' }) })} <TechnicalDetails text={progress.lastError} />
      </span>
    )
  }
  if (progress?.state === 'running') return <span className="wo-pdf" data-testid="wo-pdf-status">{t('workOrders.pdfRendering', { percent: Math.round(progress.percent) })}</span>
  return <span className="wo-pdf" data-testid="wo-pdf-status">{t('workOrders.pdfQueued')}</span>
}

/** One work order: a draft to edit, or an issued/cancelled one to look at, correct or cancel. */
export function WorkOrderPanel({ order }: { order: WorkOrderDetail }) {
  const { t, i18n } = useTranslation()
  const state = useWorkOrdersStore()
  const [cancelling, setCancelling] = useState(false)
  const [reason, setReason] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)
  const draft = order.status === 'draft'
  const editor = state.editor
  const lines = draft && editor ? editor.lines : editorOf(order).lines
  const discountPercent = draft && editor ? editor.discountPercent : order.discountPercent
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '')

  useEffect(() => {
    setCancelling(false)
    setReason('')
    heading.current?.focus()
  }, [order.id, order.status])

  const notice =
    state.notice === 'issued' ? t('workOrders.issued', { number: order.number ?? '' }) : state.notice === 'corrected' ? t('workOrders.corrected', { n: order.version }) : state.notice ? t(`workOrders.${state.notice}`) : null

  return (
    <section className="wo-panel" aria-label={order.number ?? t(order.status === 'draft' ? 'workOrders.draftNumber' : 'workOrders.numberGivenUp')} data-testid="wo-panel" data-status={order.status}>
      <header className="wo-header">
        <h2 ref={heading} tabIndex={-1}>
          <span className="number" data-testid="wo-number">
            {order.number ?? t(order.status === 'draft' ? 'workOrders.draftNumber' : 'workOrders.numberGivenUp')}
          </span>{' '}
          <span className="muted">{t('workOrders.version', { n: order.version })}</span>{' '}
          <span className={`wo-status ${order.status}`} data-testid="wo-status">
            {t(`workOrders.status.${order.status}`)}
          </span>
        </h2>
        <span className="muted">{order.veterinarianName}</span>
        <button type="button" onClick={state.close}>
          {t('workOrders.close')} <kbd>Esc</kbd>
        </button>
      </header>
      <p className="muted wo-meta">
        {order.supersedesId && <span>{t('workOrders.supersedes', { n: order.version - 1 })} · </span>}
        {order.issuedAt && <span>{t('workOrders.issuedBy', { at: when(order.issuedAt), name: order.issuedBy ?? '' })}</span>}
        {order.cancelledAt && <span> · {t('workOrders.cancelledInfo', { at: when(order.cancelledAt), reason: order.cancelReason })}</span>}
        {order.supersededById && <span> · {t('workOrders.supersededBy')}</span>}
      </p>
      {notice && (
        <p className="wo-notice" role="status" data-testid="wo-notice">
          {notice}
        </p>
      )}

      <WorkOrderLines lines={lines} candidates={state.candidates} editable={draft} />

      <div className="wo-bottom">
        <div className="wo-fields">
          {draft && editor && (
            <>
              <label>
                {t('workOrders.orderDiscount')}
                <input
                  id="wo-discount"
                  type="number"
                  min={0}
                  max={100}
                  step={0.01}
                  value={editor.discountPercent}
                  onChange={(event) => state.setOrderFields({ discountPercent: Math.min(100, Math.max(0, Number(event.target.value) || 0)) })}
                />
              </label>
              <label>
                {t('workOrders.notes')}
                <textarea id="wo-notes" rows={2} value={editor.notes} onChange={(event) => state.setOrderFields({ notes: event.target.value })} />
              </label>
            </>
          )}
          {!draft && order.copiedFrom && (
            <p className="wo-copy" data-testid="wo-copied-from">
              {order.copiedFrom.benchName ? t('workOrders.copiedFrom', { bench: order.copiedFrom.benchName }) : t('workOrders.copiedFromUnknown')}
            </p>
          )}
          {!draft && !order.copiedFrom && <p className="muted">{t('workOrders.immutableHint')}</p>}
        </div>
        <WorkOrderTotals lines={lines} discountPercent={discountPercent} />
      </div>

      <footer className="wo-actions">
        {draft && (
          <>
            <button type="button" onClick={() => void state.save()} disabled={state.busy}>
              {t('workOrders.save')} <kbd>Ctrl+S</kbd>
            </button>
            <button type="button" className="primary" onClick={() => void state.issue()} disabled={state.busy || lines.length === 0}>
              {t('workOrders.issue')} <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" className="danger" onClick={() => void state.discard()} disabled={state.busy}>
              {t('workOrders.discard')}
            </button>
          </>
        )}
        {order.status === 'issued' && !order.copiedFrom && (
          <>
            <button type="button" onClick={() => void state.correct()} disabled={state.busy}>
              {t('workOrders.correct')}
            </button>
            <button type="button" className="danger" onClick={() => setCancelling(true)} disabled={state.busy}>
              {t('workOrders.cancelOrder')}
            </button>
          </>
        )}
        <button type="button" onClick={() => void state.openPdf()} data-testid="wo-view-pdf">
          {t('workOrders.viewPdf')} <kbd>F6</kbd>
        </button>
        <PdfStatus order={order} />
        {editor?.dirty && <span className="muted">{t('workOrders.unsaved')}</span>}
      </footer>

      {order.status !== 'draft' && <NotificationList workOrderId={order.id} />}

      {cancelling && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (reason.trim()) void state.cancel(reason.trim())
          }}
        >
          <label>
            {t('workOrders.cancelReason')}
            <input id="wo-cancel-reason" value={reason} onChange={(event) => setReason(event.target.value)} autoFocus />
          </label>
          <button type="submit" className="danger" disabled={!reason.trim()}>
            {t('workOrders.confirmCancel')}
          </button>
        </form>
      )}

      <details className="wo-audit">
        <summary>{t('workOrders.audit')}</summary>
        <ul>
          {order.audit.map((entry) => (
            <li key={entry.id}>
              {when(entry.at)} · {entry.actor} · {entry.action.replace('work_order.', '')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}
