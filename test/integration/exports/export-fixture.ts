import { StringDecoder } from 'node:string_decoder'
import ExcelJS from 'exceljs'
import { join } from 'node:path'
import { DATABASE_FILE, type BenchHost } from '../../../src/main/host'
import { openDatabase } from '../../../src/main/platform/db/database'
import { seedDemoData } from '../../../src/main/features/demo/demo-seed'
import { makeTempDir } from '../../support/temp-dir'
import type { ExportView } from '../../../src/shared/exports'

/** RFC 4180 records (quoted fields may hold the delimiter, quotes and line breaks). */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === delimiter) {
      record.push(field)
      field = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i++
    } else field += char
  }
  if (field !== '' || record.length > 0) records.push([...record, field])
  return records
}

/** Decodes UTF-8 across chunk boundaries (a character split between two chunks stays whole). */
async function* utf8Text(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  for await (const chunk of chunks) yield decoder.write(chunk)
  const rest = decoder.end()
  if (rest) yield rest
}

/**
 * Every row of the first sheet, cells 0-based, read with exceljs' streaming reader.
 * exceljs 4.4 decodes each inflated chunk on its own, so a multi-byte character falling on a
 * chunk boundary reads back as U+FFFD (exceljs/exceljs#2063) although the file is valid; the
 * sheet's chunks are handed to it as text decoded across boundaries instead.
 */
export async function* xlsxRows(path: string): AsyncGenerator<unknown[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' })
  const internals = reader as unknown as { _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: number): Generator<unknown> }
  const parseWorksheet = internals._parseWorksheet.bind(reader)
  internals._parseWorksheet = (chunks, sheetNo) => parseWorksheet(utf8Text(chunks as AsyncIterable<Buffer>), sheetNo)
  for await (const sheet of reader) {
    for await (const row of sheet) yield (row.values as unknown[]).slice(1)
    return
  }
}

/** Resolves with the export once its job has ended. */
export async function waitForExport(host: BenchHost, id: string): Promise<ExportView> {
  for (;;) {
    await host.queue.drained()
    const result = await host.dispatch('exports.get', { id })
    if (!result.ok) throw new Error(result.error.message)
    const view = result.value as ExportView
    if (view.state === 'done' || view.state === 'failed' || view.state === 'cancelled') return view
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A data folder holding `protocols` demo protocols, for a host started with `demoProtocols: 0`. */
export function seededFolder(protocols: number): { path: string; cleanup(): void } {
  const dir = makeTempDir('bench-export-big-')
  const db = openDatabase(join(dir.path, DATABASE_FILE))
  seedDemoData(db, { protocols, now: new Date(), withHistory: false })
  // The host seeds only a database without a creation date.
  db.prepare(`INSERT INTO meta (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString())
  db.close()
  return dir
}
