import type { HostContext } from '../../host-context'
import { StatisticsQuery } from '../../../shared/statistics'
import type { Language } from '../../../shared/languages'
import { createStatisticsExportSource, statisticsExportColumns } from '../statistics/statistics-export'
import { defineExportSource, type ExportCell, type ExportColumn } from './export-source'

/** The columns that label a row; every other one is a count or a number of hours. */
const TEXT_KEYS = new Set(['period', 'start', 'end', 'dimension', 'item'])

/** The statistics part's headers in both languages, as the export writers want them. */
function statisticsColumns(): ExportColumn[] {
  const en = new Map(statisticsExportColumns('en').map((column) => [column.key, column.header]))
  return statisticsExportColumns('es').map((column) => {
    const text = TEXT_KEYS.has(column.key)
    return { key: column.key, header: { es: column.header, en: en.get(column.key) ?? column.header }, kind: text ? 'text' : 'number', width: text ? 16 : 12 }
  })
}

/**
 * The figures of one day or ISO week (what the Statistics page shows) as an export source:
 * `createStatisticsExportSource` gives the rows; an empty figure or label becomes an empty cell.
 */
export function statisticsExportSourceOf(ctx: Pick<HostContext, 'db' | 'clock'>) {
  const summaryOf = createStatisticsExportSource(ctx)
  const columns = statisticsColumns()
  const table = (query: StatisticsQuery, language: Language) => summaryOf({ ...query, locale: language })
  return defineExportSource({
    name: 'statistics',
    params: StatisticsQuery,
    columns: () => columns,
    count: (query) => [...table(query, 'es').rows()].length,
    *chunks(query, chunkSize, language) {
      const { rows } = table(query, language)
      let chunk: ExportCell[][] = []
      for (const row of rows()) {
        chunk.push(columns.map((column) => row[column.key] ?? null).map((value) => (value === '' ? null : value)))
        if (chunk.length === chunkSize) {
          yield chunk
          chunk = []
        }
      }
      if (chunk.length > 0) yield chunk
    }
  })
}
