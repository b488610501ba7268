import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExportFormat, ExportView } from '../../../shared/exports'
import type { Veterinarian } from '../../../shared/domain'
import type { WorkOrderStatus } from '../../../shared/documents'
import { bench, call } from '../bench-client'
import { useAppStore } from '../stores/app-store'
import { fileErrorCode } from '../../../shared/detail-codes'
import { errorText } from '../i18n/error-text'
import { TechnicalDetails } from './TechnicalDetails'

/** Exports what a page shows, as a job: the page stays usable and says where the file went. */
export function ExportMenu({ source, params, label }: { source: string; params: () => Record<string, unknown>; label?: string }) {
  const { t } = useTranslation()
  const title = label ?? t('exports.exportSearch')
  const language = useAppStore((state) => state.language)
  const [current, setCurrent] = useState<ExportView | null>(null)

  useEffect(
    () =>
      // Main sends at most a few of these a second per export.
      bench().on('exports.changed', (view) => setCurrent((shown) => (shown?.id === view.id ? view : shown))),
    []
  )

  const start = async (format: ExportFormat) => {
    try {
      setCurrent(await call('exports.start', { source, format, params: params(), language }))
    } catch (error) {
      useAppStore.getState().showError(error)
    }
  }

  return (
    <span className="export-menu" role="group" aria-label={title} data-testid={`export-${source}`}>
      <button type="button" onClick={() => void start('csv')} title={title}>
        {t('exports.csv')}
      </button>
      <button type="button" onClick={() => void start('xlsx')} title={title}>
        {t('exports.xlsx')}
      </button>
      {current && <ExportStatus view={current} />}
    </span>
  )
}

/**
 * The work-order lines export: the page's status filter, plus a veterinarian and a date range
 * (issue date, creation date for drafts) chosen right here.
 */
export function WorkOrdersExportMenu({ veterinarians, status }: { veterinarians: readonly Veterinarian[]; status: WorkOrderStatus | null }) {
  const { t } = useTranslation()
  const [veterinarianId, setVeterinarianId] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const params = () => ({
    ...(status ? { status } : {}),
    ...(veterinarianId ? { veterinarianId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {})
  })
  return (
    <span className="export-menu" role="group" aria-label={t('exports.workOrders.title')}>
      <select aria-label={t('exports.workOrders.veterinarian')} value={veterinarianId} onChange={(event) => setVeterinarianId(event.target.value)}>
        <option value="">{t('exports.workOrders.allVeterinarians')}</option>
        {veterinarians.map((vet) => (
          <option key={vet.id} value={vet.id}>
            {vet.name}
          </option>
        ))}
      </select>
      <input type="date" aria-label={t('exports.workOrders.from')} title={t('exports.workOrders.dateHint')} value={from} max={to || undefined} onChange={(event) => setFrom(event.target.value)} />
      <input type="date" aria-label={t('exports.workOrders.to')} title={t('exports.workOrders.dateHint')} value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
      <ExportMenu source="workOrders" params={params} label={status ? t('exports.workOrders.exportStatus', { status: t(`workOrders.status.${status}`) }) : t('exports.workOrders.title')} />
    </span>
  )
}

function ExportStatus({ view }: { view: ExportView }) {
  const { t } = useTranslation()
  const text =
    view.state === 'done'
      ? t('exports.done', { count: view.rows, path: view.path })
      : view.state === 'failed'
        ? t('exports.failed', { error: errorText(t, { code: fileErrorCode(view.error ?? '') }) })
        : view.state === 'cancelled'
          ? t('exports.cancelled')
          : view.state === 'running'
            ? t('exports.running', { rows: view.rows, total: view.totalRows })
            : t('exports.queued')
  return (
    <span className="export-status" role="status" data-testid="export-status" data-state={view.state} title={view.state === 'done' && !view.chosenByUser ? t('exports.savedInBench') : undefined}>
      {text}
      {view.state === 'failed' && <TechnicalDetails text={view.error} />}
    </span>
  )
}
