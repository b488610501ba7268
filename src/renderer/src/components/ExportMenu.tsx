import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExportFormat, ExportView } from '../../../shared/exports'
import { bench, call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

/** Exports what a search shows, as a job: the page stays usable and says where the file went. */
export function ExportMenu({ source, params }: { source: string; params: () => Record<string, unknown> }) {
  const { t } = useTranslation()
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
    <span className="export-menu" role="group" aria-label={t('exports.exportSearch')}>
      <button type="button" onClick={() => void start('csv')} title={t('exports.exportSearch')}>
        {t('exports.csv')}
      </button>
      <button type="button" onClick={() => void start('xlsx')} title={t('exports.exportSearch')}>
        {t('exports.xlsx')}
      </button>
      {current && <ExportStatus view={current} />}
    </span>
  )
}

function ExportStatus({ view }: { view: ExportView }) {
  const { t } = useTranslation()
  const text =
    view.state === 'done'
      ? t('exports.done', { count: view.rows, path: view.path })
      : view.state === 'failed'
        ? t('exports.failed', { error: view.error ?? '' })
        : view.state === 'cancelled'
          ? t('exports.cancelled')
          : view.state === 'running'
            ? t('exports.running', { rows: view.rows, total: view.totalRows })
            : t('exports.queued')
  return (
    <span className="export-status" role="status" data-testid="export-status" data-state={view.state} title={view.state === 'done' && !view.chosenByUser ? t('exports.savedInBench') : undefined}>
      {text}
    </span>
  )
}
