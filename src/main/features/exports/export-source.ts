import type { z } from 'zod'
import type { Language } from '../../../shared/languages'

/** How a column's values are written: dates become real dates in XLSX and local times in CSV. */
export type ExportColumnKind = 'text' | 'number' | 'datetime'

export interface ExportColumn {
  key: string
  header: Readonly<Record<Language, string>>
  kind: ExportColumnKind
  /** Width in characters for XLSX. */
  width?: number
}

export type ExportCell = string | number | Date | null

/**
 * Something the bench can export: protocols here; work orders and statistics are registered by
 * their own parts. Rows come in chunks, each fetched by its own short query, so nothing holds
 * the database connection while the writer yields to the event loop between chunks.
 */
export interface ExportSource<P = unknown> {
  readonly name: string
  /** Checks the `params` of `exports.start`. */
  readonly params: z.ZodType<P>
  columns(params: P): readonly ExportColumn[]
  /** Rows to expect, for progress. */
  count(params: P): number
  /** Rows in export order, cells in column order, `chunkSize` rows (the last may be shorter) at a time. */
  chunks(params: P, chunkSize: number, language: Language): Iterable<ExportCell[][]>
}

/** Keeps a source's own params type while it is stored among sources of other types. */
export function defineExportSource<P>(source: ExportSource<P>): ExportSource {
  return source as ExportSource
}
