import type { Db } from '../../platform/db/database'
import type { ExportFormat, ExportState, ExportView } from '../../../shared/exports'
import type { Language } from '../../../shared/languages'

interface ExportRow {
  id: string
  source: string
  format: ExportFormat
  params_json: string
  language: Language
  path: string
  chosen_by_user: number
  state: ExportState
  rows: number
  total_rows: number
  bytes: number
  job_id: number | null
  error: string | null
  created_at: string
  created_by: string
  finished_at: string | null
}

export interface ExportRecord extends ExportView {
  params: Record<string, unknown>
  language: Language
}

const toRecord = (row: ExportRow): ExportRecord => ({
  id: row.id,
  source: row.source,
  format: row.format,
  state: row.state,
  path: row.path,
  chosenByUser: row.chosen_by_user === 1,
  rows: row.rows,
  totalRows: row.total_rows,
  bytes: row.bytes,
  jobId: row.job_id,
  error: row.error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  params: JSON.parse(row.params_json) as Record<string, unknown>,
  language: row.language
})

export function toExportView(record: ExportRecord): ExportView {
  const { params: _params, language: _language, ...view } = record
  return view
}

/** The exports this bench wrote (the `exports` table of migration 008). */
export function createExportRecords(db: Db) {
  const insert = db.prepare(
    `INSERT INTO exports (id, source, format, params_json, language, path, chosen_by_user, state, created_at, created_by)
     VALUES (@id, @source, @format, @params, @language, @path, @chosenByUser, 'queued', @createdAt, @createdBy)`
  )
  const byId = db.prepare<[string], ExportRow>(`SELECT * FROM exports WHERE id = ?`)
  const recent = db.prepare<[number], ExportRow>(`SELECT * FROM exports ORDER BY created_at DESC, rowid DESC LIMIT ?`)
  const setJob = db.prepare(`UPDATE exports SET job_id = ? WHERE id = ?`)
  const setProgress = db.prepare(`UPDATE exports SET state = 'running', rows = ?, total_rows = ?, error = NULL WHERE id = ?`)
  const setEnd = db.prepare(`UPDATE exports SET state = @state, rows = @rows, bytes = @bytes, error = @error, finished_at = @at WHERE id = @id`)
  return {
    create(record: { id: string; source: string; format: ExportFormat; params: Record<string, unknown>; language: Language; path: string; chosenByUser: boolean; createdAt: string; createdBy: string }): void {
      insert.run({ ...record, params: JSON.stringify(record.params), chosenByUser: record.chosenByUser ? 1 : 0 })
    },
    get(id: string): ExportRecord | null {
      const row = byId.get(id)
      return row ? toRecord(row) : null
    },
    recent(limit: number): ExportRecord[] {
      return recent.all(limit).map(toRecord)
    },
    setJob(id: string, jobId: number): void {
      setJob.run(jobId, id)
    },
    progress(id: string, rows: number, totalRows: number): void {
      setProgress.run(rows, totalRows, id)
    },
    end(id: string, end: { state: ExportState; rows: number; bytes: number; error: string | null; at: string | null }): void {
      setEnd.run({ id, ...end })
    }
  }
}
export type ExportRecords = ReturnType<typeof createExportRecords>
