/**
 * Exports: CSV and XLSX files of protocols, work orders or statistics. Owns the `exports` table,
 * the `exports.*` requests, the `export.write` job and the registry of export sources (protocols
 * here; work orders and statistics bring theirs).
 *
 * The writing happens in the main process, streamed: rows come from SQLite in keyset chunks (one
 * short query each, so the one connection is free between chunks), each chunk is serialised and
 * handed to the file stream, and the job yields to the event loop between chunks and waits for
 * the disk when its buffer is full. Memory stays flat and IPC keeps being answered; the renderer
 * never notices (it is another process). A worker would need every row copied across a process
 * boundary, and the streaming XLSX writer keeps state between chunks that the pool's stateless
 * tasks cannot hold.
 */
import { jobKeys } from '../../../shared/job-subjects'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { storageProblemOf } from '../../platform/db/storage-errors'
import { z } from 'zod'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import { HandledError } from '../../platform/dispatch'
import { defineJobKind, PermanentJobError } from '../../platform/queue/job-kinds'
import { newId } from '../../../shared/ids'
import { exportFileName, type ExportFormat } from '../../../shared/exports'
import type { ExportSource } from './export-source'
import { createExportRecords, toExportView, type ExportRecord } from './export-records'
import { protocolsExportSource } from './protocols-source'
import { openCsvWriter } from './csv-writer'
import { openXlsxWriter } from './xlsx-writer'
import type { TableWriter } from './table-writer'
import type { SettingsService } from '../settings/settings-service'

export const EXPORT_WRITE = 'export.write'

export interface ExportsModuleOptions {
  /** More sources (work orders, statistics); protocols is always there. */
  sources?: readonly ExportSource[]
  /** Rows per chunk; the writer yields to the event loop between chunks. */
  chunkRows?: number
}

export interface ExportsModule extends HostModule {
  /** Adds a source after the module is built (the lead wires work orders and statistics here). */
  registerSource(source: ExportSource): void
}

/** Small enough that one chunk costs main a few milliseconds, large enough that the query cost is noise. */
const DEFAULT_CHUNK_ROWS = 500
const EVENT_INTERVAL_MS = 250

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (UTF-8)', extensions: ['csv'] },
  xlsx: { name: 'Excel', extensions: ['xlsx'] }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface ExportsDeps extends Pick<Platform, 'db' | 'clock' | 'dataDir' | 'ports' | 'queue' | 'audit' | 'emit' | 'disk'> {
  session: Pick<BenchSession, 'actor'>
  /** The bench's name goes on every export (its file name, and the workbook's author). */
  settings: Pick<SettingsService, 'get'>
}

/** A write the folder refused, as the job error the clerk is told; anything else as it was. */
function asStorageJobError(error: unknown): unknown {
  const storage = storageProblemOf(error)
  if (!storage) return error
  const message = error instanceof Error ? error.message : String(error)
  return new PermanentJobError(message, { code: storage === 'disk_full' ? 'disk_full' : 'file_write_failed', cause: error })
}

export function createExportsModule(ctx: ExportsDeps, options: ExportsModuleOptions = {}): ExportsModule {
  const records = createExportRecords(ctx.db)
  const sources = new Map<string, ExportSource>()
  const registerSource = (source: ExportSource) => {
    if (sources.has(source.name)) throw new Error(`export source ${source.name} is registered twice`)
    sources.set(source.name, source)
  }
  registerSource(protocolsExportSource(ctx.db))
  for (const source of options.sources ?? []) registerSource(source)
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS

  const requireRecord = (id: string): ExportRecord => {
    const record = records.get(id)
    if (!record) throw new HandledError('not_found', `export ${id} not found`)
    return record
  }
  const announce = (id: string) => {
    const record = records.get(id)
    if (record) ctx.emit('exports.changed', toExportView(record))
  }

  const openWriter = async (record: ExportRecord, source: ExportSource, params: unknown): Promise<TableWriter> => {
    const columns = source.columns(params)
    return record.format === 'csv'
      ? openCsvWriter(record.path, columns, record.language)
      : openXlsxWriter(record.path, columns, record.language, source.name, ctx.settings.get().benchName)
  }

  const write = async (exportId: string, signal: AbortSignal, progress: (percent: number, step?: string, message?: string) => void, lastAttempt: boolean) => {
    const record = records.get(exportId)
    if (!record) throw new PermanentJobError(`export ${exportId} not found`, { code: 'export_not_found' })
    const source = sources.get(record.source)
    if (!source) throw new PermanentJobError(`no export source named ${record.source}`, { code: 'export_source_missing' })
    const params = source.params.parse(record.params)
    const total = source.count(params)
    let rows = 0
    records.progress(exportId, rows, total)
    announce(exportId)
    let writer: TableWriter
    try {
      // Asked again here: the disk may have filled since the export was asked for.
      ctx.disk.ensure(dirname(record.path), 0)
      writer = await openWriter(record, source, params)
    } catch (error) {
      records.end(exportId, { state: 'failed', rows, bytes: 0, error: error instanceof Error ? error.message : String(error), at: ctx.clock().toISOString() })
      announce(exportId)
      throw asStorageJobError(error)
    }
    let lastAnnounced = performance.now()
    try {
      for (const chunk of source.chunks(params, chunkRows, record.language)) {
        signal.throwIfAborted()
        await writer.write(chunk)
        rows += chunk.length
        progress(total === 0 ? 100 : (rows / total) * 100, 'rows', `${rows}/${total}`)
        if (performance.now() - lastAnnounced >= EVENT_INTERVAL_MS) {
          lastAnnounced = performance.now()
          records.progress(exportId, rows, total)
          announce(exportId)
        }
        await yieldToEventLoop()
      }
      signal.throwIfAborted()
      const bytes = await writer.finish()
      records.end(exportId, { state: 'done', rows, bytes, error: null, at: ctx.clock().toISOString() })
      announce(exportId)
      return { rows, bytes, path: record.path }
    } catch (error) {
      await writer.abort()
      const cancelled = signal.aborted
      const message = error instanceof Error ? error.message : String(error)
      // A failure the queue will retry leaves the export queued; the last one, or a cancel, ends it.
      const state = cancelled ? 'cancelled' : lastAttempt ? 'failed' : 'queued'
      const storage = storageProblemOf(error)
      // A full or unwritable folder fails the same way on a retry: the export ends now, its part file removed.
      const final = cancelled ? 'cancelled' : storage ? 'failed' : state
      records.end(exportId, { state: final, rows, bytes: 0, error: cancelled ? null : message, at: final === 'queued' ? null : ctx.clock().toISOString() })
      announce(exportId)
      throw cancelled ? error : asStorageJobError(error)
    }
  }

  const choosePath = async (name: string, format: ExportFormat): Promise<{ path: string; chosenByUser: boolean }> => {
    if (ctx.ports.chooseSavePath) {
      const chosen = await ctx.ports.chooseSavePath(name, [FILTERS[format]])
      if (chosen === null) throw new HandledError('cancelled', 'the save dialog was cancelled')
      return { path: chosen, chosenByUser: true }
    }
    // No dialog in the browser harness: the bench's own folder, and the view says where.
    const folder = join(ctx.dataDir, 'exports')
    mkdirSync(folder, { recursive: true })
    return { path: join(folder, name), chosenByUser: false }
  }

  return {
    name: 'exports',
    registerSource,
    jobKinds: {
      [EXPORT_WRITE]: defineJobKind({
        payload: z.object({ exportId: z.uuid() }),
        priority: 200,
        maxAttempts: 2,
        timeoutMs: 30 * 60_000,
        run: (job) => write(job.payload.exportId, job.signal, job.progress, job.job.attempts >= job.job.maxAttempts)
      })
    },
    handlers: {
      'exports.start': async (input) => {
        const source = sources.get(input.source)
        if (!source) throw new HandledError('not_found', `no export source named ${input.source}`)
        const params = source.params.parse(input.params)
        const { path, chosenByUser } = await choosePath(exportFileName(input.source, input.format, ctx.clock(), ctx.settings.get().benchName), input.format)
        // Refused before anything is queued or written: the clerk frees space and asks again.
        ctx.disk.ensure(dirname(path), 0)
        const id = newId()
        const at = ctx.clock().toISOString()
        const actor = ctx.session.actor()
        ctx.db.transaction(() => {
          records.create({ id, source: source.name, format: input.format, params: input.params, language: input.language, path, chosenByUser, createdAt: at, createdBy: actor })
          const { job } = ctx.queue.enqueue(EXPORT_WRITE, { exportId: id }, { uniqueKey: jobKeys.exportWrite(id) })
          records.setJob(id, job.id)
          ctx.audit.append({ at, actor, action: 'export.started', entity: 'export', entityId: id, after: { source: source.name, format: input.format, params, path } })
        })()
        announce(id)
        return toExportView(requireRecord(id))
      },
      'exports.get': ({ id }) => toExportView(requireRecord(id)),
      'exports.list': ({ limit }) => records.recent(limit).map(toExportView),
      'exports.sources': ({ language }) =>
        [...sources.values()].map((source) => {
          // A source whose columns depend on required params lists none until asked with them.
          const defaults = source.params.safeParse({})
          return { name: source.name, columns: defaults.success ? source.columns(defaults.data).map((column) => column.header[language]) : [] }
        }),
      'exports.reveal': ({ id }) => {
        const record = requireRecord(id)
        if (!ctx.ports.revealFile) throw new HandledError('file_manager_unavailable', 'this shell cannot open the file manager')
        ctx.ports.revealFile(record.path)
        return { path: record.path }
      }
    }
  }
}
