import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatHours, localMidnight, type StatisticsBreakdownRow, type StatisticsSummary } from '../../../shared/statistics'
import type { Language } from '../../../shared/languages'
import { bench } from '../bench-client'
import { useStatisticsStore } from '../stores/statistics-store'
import { StatPeriodPicker } from '../components/StatPeriodPicker'
import { StatBarChart } from '../components/StatBarChart'
import { StatSeriesChart } from '../components/StatSeriesChart'
import { StatTable, type StatColumn } from '../components/StatTable'
import { PdfViewer } from '../components/PdfViewer'
import { ExportMenu } from '../components/ExportMenu'

const longDate = (date: string, language: string) =>
  localMidnight(date).toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
const shortDate = (date: string, language: string) => localMidnight(date).toLocaleDateString(language, { day: 'numeric', month: 'short', year: 'numeric' })

function Cards({ summary }: { summary: StatisticsSummary }) {
  const { t, i18n } = useTranslation()
  const cards = [
    ['received', summary.totals.received, t('statistics.received')],
    ['rejected', summary.totals.rejected, t('statistics.rejected')],
    ['reported', summary.totals.reported, t('statistics.reported')],
    ['turnaround', t('statistics.hours', { value: formatHours(summary.turnaround.medianHours, i18n.language) }), t('statistics.turnaroundMedian')]
  ] as const
  return (
    <div className="cards">
      {cards.map(([key, value, label]) => (
        <div key={key} className={`card stat-card-${key}`} data-testid={`stat-${key}`}>
          <span className="card-value">{value}</span>
          <span className="card-label">{label}</span>
        </div>
      ))}
    </div>
  )
}

/** A breakdown as a chart and, beside it, the table with the same numbers. */
function Breakdown({ title, column, rows, testId }: { title: string; column: string; rows: readonly StatisticsBreakdownRow[]; testId: string }) {
  const { t } = useTranslation()
  const label = (row: StatisticsBreakdownRow) => row.label || t('statistics.unknown')
  const columns: StatColumn[] = [{ header: column }, { header: t('statistics.received'), numeric: true }, { header: t('statistics.rejected'), numeric: true }, { header: t('statistics.total'), numeric: true }]
  return (
    <section className="stat-section" aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>{title}</h2>
      <StatBarChart title={title} bars={rows.map((row) => ({ label: label(row), received: row.received, rejected: row.rejected }))} />
      <StatTable caption={title} columns={columns} rows={rows.map((row) => [label(row), row.received, row.rejected, row.received + row.rejected])} testId={testId} />
    </section>
  )
}

function Turnaround({ summary }: { summary: StatisticsSummary }) {
  const { t, i18n } = useTranslation()
  const hours = (value: number | null) => formatHours(value, i18n.language)
  const c = (key: 'type' | 'reported' | 'mean' | 'median' | 'p90' | 'max') => t(`statistics.columns.${key}`)
  const figures = [...summary.turnaround.byType.map((row) => [row.key, row] as const), [t('statistics.total'), summary.turnaround] as const]
  return (
    <section className="stat-section" aria-labelledby="stat-turnaround-title">
      <h2 id="stat-turnaround-title">{t('statistics.turnaround')}</h2>
      <p className="muted">{t('statistics.turnaroundNote')}</p>
      <StatTable
        caption={t('statistics.turnaround')}
        columns={[{ header: c('type') }, ...(['reported', 'mean', 'median', 'p90', 'max'] as const).map((key) => ({ header: c(key), numeric: true }))]}
        rows={figures.map(([name, row]) => [name, row.count, hours(row.meanHours), hours(row.medianHours), hours(row.p90Hours), hours(row.maxHours)])}
        testId="stat-turnaround"
      />
    </section>
  )
}

function Figures({ summary }: { summary: StatisticsSummary }) {
  const { t } = useTranslation()
  const seriesTitle = t(`statistics.series.${summary.period}`)
  const seriesLabel = (key: string, index: number) =>
    summary.period === 'week' ? `${t(`statistics.weekdays.${index}`)} ${Number(key.slice(8))}` : key
  const activeSeries = summary.series.map((point, index) => ({ point, index })).filter(({ point }) => summary.period === 'week' || point.received + point.rejected + point.reported > 0)
  const c = (key: 'day' | 'hour' | 'type' | 'species' | 'veterinarian' | 'clerk' | 'reason' | 'count') => t(`statistics.columns.${key}`)
  const counts: StatColumn[] = (['received', 'rejected', 'reported'] as const).map((key) => ({ header: t(`statistics.${key}`), numeric: true }))
  return (
    <>
      <Cards summary={summary} />
      <section className="stat-section stat-wide" aria-labelledby="stat-series-title">
        <h2 id="stat-series-title">{seriesTitle}</h2>
        <StatSeriesChart title={seriesTitle} points={summary.series} labelOf={seriesLabel} />
        <StatTable
          caption={seriesTitle}
          columns={[{ header: c(summary.period === 'week' ? 'day' : 'hour') }, ...counts]}
          rows={activeSeries.map(({ point, index }) => [seriesLabel(point.key, index), point.received, point.rejected, point.reported])}
          testId="stat-series"
        />
      </section>
      <div className="stat-grid">
        <section className="stat-section" aria-labelledby="stat-type-title">
          <h2 id="stat-type-title">{t('statistics.byType')}</h2>
          <StatBarChart title={t('statistics.byType')} bars={summary.byType} />
          <StatTable caption={t('statistics.byType')} columns={[{ header: c('type') }, ...counts]} rows={summary.byType.map((row) => [row.key, row.received, row.rejected, row.reported])} testId="stat-by-type" />
        </section>
        <Breakdown title={t('statistics.bySpecies')} column={c('species')} rows={summary.bySpecies} testId="stat-by-species" />
        <Breakdown title={t('statistics.byVeterinarian')} column={c('veterinarian')} rows={summary.byVeterinarian} testId="stat-by-veterinarian" />
        <Breakdown title={t('statistics.byClerk')} column={c('clerk')} rows={summary.byClerk} testId="stat-by-clerk" />
        <section className="stat-section" aria-labelledby="stat-rejections-title">
          <h2 id="stat-rejections-title">{t('statistics.rejections')}</h2>
          <StatBarChart
            title={t('statistics.rejections')}
            bars={summary.rejections.map((row) => ({ label: row.reason || t('statistics.unknown'), received: 0, rejected: row.count }))}
          />
          <StatTable
            caption={t('statistics.rejections')}
            columns={[{ header: c('reason') }, { header: c('count'), numeric: true }]}
            rows={summary.rejections.map((row) => [row.reason || t('statistics.unknown'), row.count])}
            testId="stat-rejections"
          />
        </section>
        <Turnaround summary={summary} />
      </div>
    </>
  )
}

/** Daily and weekly figures of the bench, with the weekly PDF. */
export function StatisticsPage() {
  const { t, i18n } = useTranslation()
  const store = useStatisticsStore()
  const { period, date, summary, busy, pdf } = store
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => {
    void useStatisticsStore.getState().load()
    const api = bench()
    const offSummaries = api.on('statistics.changed', (change) => useStatisticsStore.getState().summariesChanged(change))
    const offProtocols = api.on('protocols.changed', () => useStatisticsStore.getState().protocolsChanged())
    return () => {
      offSummaries()
      offProtocols()
    }
  }, [])

  // The previous period stays on screen (marked busy) until the next one arrives: no flicker while stepping with the arrows.
  const shown = summary
  const heading = shown
    ? shown.period === 'day'
      ? longDate(shown.start, i18n.language)
      : t('statistics.weekTitle', { label: shown.label, start: shortDate(shown.start, i18n.language), end: shortDate(shown.end, i18n.language) })
    : ''

  return (
    <div className="statistics page-pad">
      <header className="stat-header">
        <h1>{t('statistics.title')}</h1>
        <div className="stat-actions">
          <button
            type="button"
            disabled={busy !== null}
            onClick={() => void store.recompute().then((done) => setNotice(done ? t('statistics.recomputed') : null))}
          >
            {t('statistics.recompute')}
          </button>
          {shown && <ExportMenu source="statistics" params={() => ({ period: shown.period, date: shown.start })} label={t('exports.statistics')} />}
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void store.openWeeklyPdf(i18n.language as Language)}>
            {busy === 'pdf' ? t('statistics.weeklyPdfBusy') : t('statistics.weeklyPdf')}
          </button>
        </div>
      </header>
      <StatPeriodPicker period={period} date={store.day} onPeriod={store.setPeriod} onShift={store.shift} onToday={store.goToday} onDate={store.setDate} />
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {pdf && (
        <PdfViewer pdf={pdf.bytes} title={t('statistics.pdfTitle', { label: pdf.label })} fileName={pdf.fileName} onClose={store.closePdf} />
      )}
      {!shown ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <div className="stat-body" aria-busy={store.loading || shown.period !== period || shown.start !== date}>
          <h2 className="stat-period" data-testid="stat-period">
            {heading}
          </h2>
          <p className="muted" data-testid="stat-state">
            {shown.complete ? t('statistics.final', { at: new Date(shown.computedAt).toLocaleString(i18n.language) }) : t('statistics.provisional')}
          </p>
          {shown.changedAt && (
            <p className="notice" data-testid="stat-changed">
              {t('statistics.changed', { at: new Date(shown.changedAt).toLocaleString(i18n.language) })}
            </p>
          )}
          <Figures summary={shown} />
        </div>
      )}
    </div>
  )
}
