import type { Platform } from '../../platform/module'
import { defineExportSource, type ExportCell, type ExportColumn } from '../exports/export-source'
import type { DocumentLocale } from '../../../shared/documents'
import { StatisticsQuery, type StatisticsSummary, type TurnaroundFigures } from '../../../shared/statistics'
import { statisticsServiceOf } from './statistics-service'

export interface StatisticsExportColumn {
  key: string
  header: string
}


type ColumnKey =
  | 'period'
  | 'start'
  | 'end'
  | 'dimension'
  | 'item'
  | 'received'
  | 'rejected'
  | 'reported'
  | 'turnaroundCount'
  | 'turnaroundMeanHours'
  | 'turnaroundMedianHours'
  | 'turnaroundP90Hours'

const HEADERS: Record<DocumentLocale, Record<ColumnKey, string>> = {
  es: {
    period: 'Periodo',
    start: 'Desde',
    end: 'Hasta',
    dimension: 'Desglose',
    item: 'Elemento',
    received: 'Recibidos',
    rejected: 'Rechazados',
    reported: 'Informados',
    turnaroundCount: 'Informados con tiempo de respuesta',
    turnaroundMeanHours: 'Tiempo de respuesta medio (h)',
    turnaroundMedianHours: 'Tiempo de respuesta mediano (h)',
    turnaroundP90Hours: 'Tiempo de respuesta P90 (h)'
  },
  en: {
    period: 'Period',
    start: 'From',
    end: 'To',
    dimension: 'Breakdown',
    item: 'Item',
    received: 'Received',
    rejected: 'Rejected',
    reported: 'Reported',
    turnaroundCount: 'Reported with turnaround',
    turnaroundMeanHours: 'Mean turnaround (h)',
    turnaroundMedianHours: 'Median turnaround (h)',
    turnaroundP90Hours: 'P90 turnaround (h)'
  }
}

/** Machine-readable names: a spreadsheet filter on "dimension" works whatever the language. */
export type StatisticsDimension = 'total' | 'day' | 'hour' | 'type' | 'species' | 'veterinarian' | 'clerk' | 'rejection_reason'

type ExportRow = Record<ColumnKey, string | number>

/** Hours rounded to two decimals: a spreadsheet needs numbers, not the page's "26,5". */
const roundHours = (hours: number | null): number | string => (hours === null ? '' : Math.round(hours * 100) / 100)

const turnaroundCells = (figures: TurnaroundFigures) => ({
  turnaroundCount: figures.count,
  turnaroundMeanHours: roundHours(figures.meanHours),
  turnaroundMedianHours: roundHours(figures.medianHours),
  turnaroundP90Hours: roundHours(figures.p90Hours)
})

const NO_TURNAROUND = { turnaroundCount: '', turnaroundMeanHours: '', turnaroundMedianHours: '', turnaroundP90Hours: '' }

/** One flat table of a period's figures: a row per total, day or hour, type, species, veterinarian, clerk and reason. */
export function* statisticsExportRows(summary: StatisticsSummary): Generator<ExportRow> {
  const base = { period: summary.label, start: summary.start, end: summary.end }
  const row = (dimension: StatisticsDimension, item: string, cells: Partial<ExportRow>): ExportRow => ({
    ...base,
    dimension,
    item,
    received: '',
    rejected: '',
    reported: '',
    ...NO_TURNAROUND,
    ...cells
  })
  yield row('total', '', { ...summary.totals, ...turnaroundCells(summary.turnaround) })
  for (const point of summary.series) {
    yield row(summary.period === 'week' ? 'day' : 'hour', point.key, { received: point.received, rejected: point.rejected, reported: point.reported })
  }
  for (const type of summary.byType) {
    const figures = summary.turnaround.byType.find((entry) => entry.key === type.key)
    yield row('type', type.key, { received: type.received, rejected: type.rejected, reported: type.reported, ...(figures ? turnaroundCells(figures) : {}) })
  }
  const breakdowns: Array<[StatisticsDimension, StatisticsSummary['bySpecies']]> = [
    ['species', summary.bySpecies],
    ['veterinarian', summary.byVeterinarian],
    ['clerk', summary.byClerk]
  ]
  for (const [dimension, rows] of breakdowns) {
    for (const entry of rows) yield row(dimension, entry.label, { received: entry.received, rejected: entry.rejected })
  }
  for (const rejection of summary.rejections) yield row('rejection_reason', rejection.reason, { rejected: rejection.count })
}

export function statisticsExportColumns(locale: DocumentLocale): StatisticsExportColumn[] {
  return Object.entries(HEADERS[locale]).map(([key, header]) => ({ key, header }))
}

/** The columns that label a row; every other one is a count or a number of hours. */
const TEXT_KEYS = new Set(['period', 'start', 'end', 'dimension', 'item'])

/** The headers in both languages, as the export writers want them. */
function exportColumns(): ExportColumn[] {
  const en = new Map(statisticsExportColumns('en').map((column) => [column.key, column.header]))
  return statisticsExportColumns('es').map((column) => {
    const text = TEXT_KEYS.has(column.key)
    return { key: column.key, header: { es: column.header, en: en.get(column.key) ?? column.header }, kind: text ? 'text' : 'number', width: text ? 16 : 12 }
  })
}

/**
 * The figures of one day or ISO week as an export source (CSV/XLSX): the same figures as the
 * page, read from the stored summaries when the period is over; an empty figure becomes an empty cell.
 */
export function statisticsExportSource(ctx: Pick<Platform, 'db' | 'clock'>) {
  const service = statisticsServiceOf(ctx)
  const columns = exportColumns()
  const rowsOf = (query: StatisticsQuery) => statisticsExportRows(service.get(query.period, query.date))
  return defineExportSource({
    name: 'statistics',
    params: StatisticsQuery,
    columns: () => columns,
    count: (query) => [...rowsOf(query)].length,
    *chunks(query, chunkSize) {
      let chunk: ExportCell[][] = []
      for (const row of rowsOf(query)) {
        chunk.push(columns.map((column) => (row as Record<string, string | number>)[column.key] ?? null).map((value) => (value === '' ? null : value)))
        if (chunk.length === chunkSize) {
          yield chunk
          chunk = []
        }
      }
      if (chunk.length > 0) yield chunk
    }
  })
}
