import type { Language } from '../../../shared/languages'
import type { ExportCell, ExportColumn } from './export-source'

/** Excel reads a CSV as UTF-8 (accents intact) only when it starts with the byte order mark. */
export const CSV_BOM = '\uFEFF'

/** Excel splits on the list separator of the user's locale: `;` where the decimal comma is used. */
export function csvDelimiter(language: Language): ';' | ',' {
  return language === 'es' ? ';' : ','
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Local wall-clock time as Excel recognises it in every locale: `2026-03-01 09:05:00`. */
export function localDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/**
 * A spreadsheet would run text starting with these as a formula (CSV injection): = + - @ and
 * their full-width forms (＝＋－＠, which Excel and LibreOffice also read as formula signs), also
 * behind leading blanks (spaces, no-break and zero-width spaces: spreadsheets trim them), and a
 * leading tab or carriage return.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u200b-\u200d\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20])/

export function csvField(value: ExportCell, delimiter: string): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  let text = value instanceof Date ? localDateTime(value) : value
  if (!(value instanceof Date) && FORMULA_START.test(text)) text = `'${text}`
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record, CRLF-terminated as RFC 4180 and Excel expect. */
export function csvRecord(cells: readonly ExportCell[], delimiter: string): string {
  return `${cells.map((cell) => csvField(cell, delimiter)).join(delimiter)}\r\n`
}

export function csvHeader(columns: readonly ExportColumn[], language: Language, delimiter: string): string {
  return csvRecord(columns.map((column) => column.header[language]), delimiter)
}
