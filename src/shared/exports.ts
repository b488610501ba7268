/**
 * Exports to CSV and XLSX, written as jobs with progress. A source (protocols, work orders,
 * statistics) names its columns and hands out rows in chunks; the format writers know nothing
 * of where the rows come from.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { ProtocolStatus, ProtocolType, Uuid } from './domain'
import { Language } from './languages'

/** The filters of the Protocols page search (`protocols.search` without its paging). */
export const ProtocolFilter = z
  .object({
    text: z.string().max(200).default(''),
    status: ProtocolStatus.optional(),
    type: ProtocolType.optional()
  })
  .strict()
export type ProtocolFilter = z.output<typeof ProtocolFilter>

export const ExportFormat = z.enum(['csv', 'xlsx'])
export type ExportFormat = z.infer<typeof ExportFormat>

export const ExportState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type ExportState = z.infer<typeof ExportState>

export const ExportView = z.object({
  id: Uuid,
  source: z.string(),
  format: ExportFormat,
  state: ExportState,
  /** Where the file is (or will be) written. */
  path: z.string(),
  /** True when the user picked the place; false when the bench chose `<dataDir>/exports/`. */
  chosenByUser: z.boolean(),
  rows: z.number().int(),
  /** Rows expected, known once the export starts (0 before). */
  totalRows: z.number().int(),
  bytes: z.number().int(),
  jobId: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable()
})
export type ExportView = z.infer<typeof ExportView>

export const ExportStartInput = z
  .object({
    source: z.string().min(1).max(40),
    format: ExportFormat,
    /** Checked by the source's own schema (for protocols: a ProtocolFilter). */
    params: z.record(z.string(), z.unknown()).default({}),
    /** Column headers are written in this language. */
    language: Language.default('es')
  })
  .strict()
export type ExportStartInput = z.input<typeof ExportStartInput>

export const ExportSourceInfo = z.object({ name: z.string(), columns: z.array(z.string()) })

export const exportRequests = {
  'exports.start': { input: ExportStartInput, output: ExportView },
  'exports.get': { input: z.object({ id: Uuid }).strict(), output: ExportView },
  'exports.list': { input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(), output: z.array(ExportView) },
  'exports.sources': { input: z.object({ language: Language.default('es') }).strict(), output: z.array(ExportSourceInfo) },
  /** Shows the written file in the OS file manager; `unavailable` where the shell cannot. */
  'exports.reveal': { input: z.object({ id: Uuid }).strict(), output: z.object({ path: z.string() }) }
} as const satisfies Record<string, RequestDef>

export const exportEvents = {
  'exports.changed': ExportView
} as const satisfies Record<string, z.ZodType>

/** A bench name as a file name may carry it on any system: ASCII letters and digits, dashes between words. */
function fileNamePart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
}

/**
 * The file name offered in the save dialog (and used under `<dataDir>/exports/`): what, which
 * bench made it (files from several benches end up in one folder at the lab), and when.
 */
export function exportFileName(source: string, format: ExportFormat, at: Date, benchName = ''): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`
  const bench = fileNamePart(benchName)
  return `${source}-${bench ? `${bench}-` : ''}${stamp}.${format}`
}
