import type { Language } from '../../../shared/languages'
import type { ExportColumn } from './export-source'
import { CSV_BOM, csvDelimiter, csvHeader, csvRecord } from './csv-format'
import { openPartFile, type TableWriter } from './table-writer'

/** UTF-8 with BOM, the header in the clerk's language, one write per chunk. */
export function openCsvWriter(path: string, columns: readonly ExportColumn[], language: Language): TableWriter {
  const file = openPartFile(path)
  const delimiter = csvDelimiter(language)
  file.stream.write(CSV_BOM + csvHeader(columns, language, delimiter))
  return {
    async write(rows) {
      let text = ''
      for (const row of rows) text += csvRecord(row, delimiter)
      file.stream.write(text)
      await file.drained()
    },
    async finish() {
      file.stream.end()
      return file.commit()
    },
    abort: () => file.discard()
  }
}
