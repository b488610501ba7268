import type { EventEmitter } from 'node:events'
import type ExcelJS from 'exceljs'
import type { Language } from '../../../shared/languages'
import type { ExportCell, ExportColumn } from './export-source'
import { nextDrain, openPartFile, type TableWriter } from './table-writer'

/**
 * Excel stores wall-clock serial numbers and exceljs converts a Date as UTC: shifting by the
 * local offset makes the cell show the bench's local time.
 */
export function toSheetDate(date: Date): Date {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
}

const toSheetCell = (cell: ExportCell): ExportCell => (cell instanceof Date ? toSheetDate(cell) : cell)

/**
 * Shared style objects: exceljs remembers a style object it has seen (a WeakMap), so handing
 * every cell one of these two skips building a fresh style per cell, a fifth of the work.
 */
const PLAIN_STYLE: Partial<ExcelJS.Style> = {}
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm' }

interface StreamState {
  length: number
  needDrain: boolean
}
type SheetPipe = EventEmitter & { _writableState?: StreamState }

/**
 * exceljs writes each sheet's XML into a buffer that pushes 64 KiB blocks to the zip's input
 * (a PassThrough) without heeding its backpressure, so rows produced faster than they are
 * deflated would pile up in memory. Waiting for that PassThrough to drain between chunks keeps
 * the backlog to a block or two. Internal to exceljs 4 (`stream.pipes`); without it we only
 * lose the wait, never the data.
 */
function sheetPipe(sheet: ExcelJS.Worksheet): SheetPipe | null {
  const pipe = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as SheetPipe | undefined
  return pipe?._writableState ? pipe : null
}

/**
 * A streamed workbook (ExcelJS.stream.xlsx.WorkbookWriter): each row is serialised and handed
 * to the zip stream as it is committed, and inline strings rather than a shared-strings table
 * keep memory flat however many rows there are.
 */
export async function openXlsxWriter(path: string, columns: readonly ExportColumn[], language: Language, sheetName: string, benchName: string): Promise<TableWriter> {
  // Loaded on the first XLSX export: compiling exceljs is most of the host's start-up otherwise.
  const { default: ExcelJS } = await import('exceljs')
  const file = openPartFile(path)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file.stream, useStyles: true, useSharedStrings: false })
  // The file's author (File → Properties in Excel) is the bench that made it.
  workbook.creator = benchName
  workbook.lastModifiedBy = benchName
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((column) => ({ key: column.key, width: column.width ?? 18 }))
  const header = sheet.addRow(columns.map((column) => column.header[language]))
  header.font = { bold: true }
  header.commit()
  const pipe = sheetPipe(sheet)
  return {
    async write(rows) {
      for (const cells of rows) {
        const row = sheet.addRow(cells.map(toSheetCell))
        row.eachCell((cell) => {
          cell.style = cell.type === ExcelJS.ValueType.Date ? DATE_STYLE : PLAIN_STYLE
        })
        row.commit()
      }
      if (pipe?._writableState?.needDrain) await nextDrain(pipe)
      await file.drained()
    },
    async finish() {
      sheet.commit()
      await workbook.commit()
      return file.commit()
    },
    abort: () => file.discard()
  }
}
