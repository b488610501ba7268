import type { Db } from '../../platform/db/database'
import type { FinalizeStep, ReportContent, ReportStatus, ReportSummary } from '../../../shared/reports'
import type { ReportCassette } from '../../../shared/documents'
import { newId } from '../../../shared/ids'

interface ReportRow {
  id: string
  protocol_id: string
  version: number
  amends_id: string | null
  status: ReportStatus
  macroscopy: string
  diagnosis: string
  comments: string
  pathologist: string
  pathologist_licence: string
  finalized_at: string | null
  pdf_sha256: string | null
  demo: number
  created_at: string
  updated_at: string
  finalize_input_json: string | null
  finalize_input_sha256: string | null
  finalize_requested_at: string | null
  finalize_job_id: number | null
  finalize_step: FinalizeStep | null
  /** Null when made here; the making bench's name ('' when unknown) for a copy from elsewhere. */
  copied_from: string | null
}

interface CassetteRow {
  code: string
  tissue: string
  pieces: number
  microscopy: string
}

/** A report as stored: the summary, its content and the finalize bookkeeping. */
export interface ReportRecord extends ReportSummary {
  content: ReportContent
  finalizeInputJson: string | null
  finalizeInputSha256: string | null
  finalizeRequestedAt: string | null
  finalizeJobId: number | null
  finalizeStep: FinalizeStep | null
}

export interface StoredReportPdf {
  inputSha256: string
  sha256: string
  size: number
  bytes: Uint8Array
}

/** Where a report finalized elsewhere came from (document_copies, migrations 015 and 018). */
const COPIED_FROM = `(SELECT coalesce(c.origin_bench, '') FROM document_copies c
  WHERE c.entity = 'report' AND c.entity_id = reports.id AND c.origin = 'elsewhere') AS copied_from`

const SUMMARY_COLUMNS = `id, protocol_id, version, amends_id, status, pathologist, pathologist_licence, finalized_at, pdf_sha256,
  demo, created_at, updated_at, ${COPIED_FROM}`

const toSummary = (row: Pick<ReportRow, keyof ReportRow>): ReportSummary => ({
  id: row.id,
  protocolId: row.protocol_id,
  version: row.version,
  amendsId: row.amends_id,
  status: row.status,
  pathologist: { name: row.pathologist, licence: row.pathologist_licence },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finalizedAt: row.finalized_at,
  pdfSha256: row.pdf_sha256,
  demo: row.demo === 1,
  copiedFrom: row.copied_from === null ? null : { benchName: row.copied_from || null }
})

export interface NewReport {
  id: string
  protocolId: string
  version: number
  amendsId: string | null
  content: ReportContent
  at: string
}

export interface FinalizeRequest {
  inputJson: string
  inputSha256: string
  at: string
}

/**
 * The reports aggregate: a report row, its cassettes and its finalized PDF. Writes guard on the
 * status they expect and say whether they applied, so a caller can tell "done now" from "done
 * before" without a second read; the triggers of migration 006 back the same rules.
 */
export function createReportsRepository(db: Db) {
  const byId = db.prepare<[string], ReportRow>(`SELECT *, ${COPIED_FROM} FROM reports WHERE id = ? AND deleted_at IS NULL`)
  const cassettesOf = db.prepare<[string], CassetteRow>(
    `SELECT code, tissue, pieces, microscopy FROM report_cassettes WHERE report_id = ? ORDER BY position`
  )
  const summariesOf = db.prepare<[string], ReportRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM reports WHERE protocol_id = ? AND deleted_at IS NULL ORDER BY version DESC`
  )
  const openOf = db.prepare<[string], { id: string }>(
    `SELECT id FROM reports WHERE protocol_id = ? AND status <> 'finalized' AND deleted_at IS NULL`
  )
  const latestFinalizedOf = db.prepare<[string], { id: string }>(
    `SELECT id FROM reports WHERE protocol_id = ? AND status = 'finalized' AND deleted_at IS NULL ORDER BY version DESC LIMIT 1`
  )
  const maxVersionOf = db.prepare<[string], { v: number | null }>(`SELECT max(version) AS v FROM reports WHERE protocol_id = ?`)
  const insertReport = db.prepare(
    // A report of a demo protocol is demo: it goes with the demo data.
    `INSERT INTO reports (id, protocol_id, version, amends_id, status, macroscopy, diagnosis, comments, pathologist,
       pathologist_licence, demo, created_at, updated_at)
     VALUES (@id, @protocolId, @version, @amendsId, 'draft', @macroscopy, @diagnosis, @comments, @pathologist,
       @pathologistLicence, (SELECT demo FROM protocols WHERE id = @protocolId), @at, @at)`
  )
  const updateContentRow = db.prepare(
    `UPDATE reports SET macroscopy = @macroscopy, diagnosis = @diagnosis, comments = @comments, pathologist = @pathologist,
       pathologist_licence = @pathologistLicence, updated_at = @at
     WHERE id = @id AND status = 'draft'`
  )
  const deleteCassettes = db.prepare(`DELETE FROM report_cassettes WHERE report_id = ?`)
  const insertCassette = db.prepare(
    `INSERT INTO report_cassettes (id, report_id, position, code, tissue, pieces, microscopy) VALUES (?, ?, ?, ?, ?, ?, ?)`
  )
  const markFinalizingRow = db.prepare(
    `UPDATE reports SET status = 'finalizing', finalize_input_json = @inputJson, finalize_input_sha256 = @inputSha256,
       finalize_requested_at = @at, finalize_step = 'requested', finalize_job_id = NULL, updated_at = @at
     WHERE id = @id AND status = 'draft'`
  )
  const setJobRow = db.prepare(`UPDATE reports SET finalize_job_id = ? WHERE id = ? AND status = 'finalizing'`)
  const backToDraftRow = db.prepare(
    `UPDATE reports SET status = 'draft', finalize_input_json = NULL, finalize_input_sha256 = NULL, finalize_requested_at = NULL,
       finalize_step = NULL, updated_at = ?
     WHERE id = ? AND status = 'finalizing'`
  )
  const deletePdf = db.prepare(`DELETE FROM report_pdfs WHERE report_id = ?`)
  const pdfOf = db.prepare<[string], { input_sha256: string; sha256: string; size: number; bytes: Buffer }>(
    `SELECT input_sha256, sha256, size, bytes FROM report_pdfs WHERE report_id = ?`
  )
  const pdfSizeOf = db.prepare<[string], { size: number }>(`SELECT size FROM report_pdfs WHERE report_id = ?`)
  const upsertPdf = db.prepare(
    `INSERT INTO report_pdfs (report_id, input_sha256, sha256, size, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (report_id) DO UPDATE SET input_sha256 = excluded.input_sha256, sha256 = excluded.sha256,
       size = excluded.size, bytes = excluded.bytes, created_at = excluded.created_at`
  )
  const markRenderedRow = db.prepare(
    `UPDATE reports SET finalize_step = 'rendered' WHERE id = ? AND status = 'finalizing' AND finalize_input_sha256 = ?`
  )
  const markFinalizedRow = db.prepare(
    `UPDATE reports SET status = 'finalized', finalize_step = 'finalized', pdf_sha256 = @sha256, finalized_at = @at, updated_at = @at
     WHERE id = @id AND status = 'finalizing'`
  )

  // A copy from another bench is written hidden (deleted_at set) so the one-open-version index
  // ignores it while it passes through draft for its cassettes, then finalized with its PDF.
  const insertHiddenCopy = db.prepare(
    `INSERT INTO reports (id, protocol_id, version, amends_id, status, macroscopy, diagnosis, comments, pathologist,
       pathologist_licence, demo, created_at, updated_at, deleted_at)
     VALUES (@id, @protocolId, @version, @amendsId, 'draft', @macroscopy, @diagnosis, @comments, @pathologist,
       @pathologistLicence, coalesce((SELECT demo FROM protocols WHERE id = @protocolId), 0), @createdAt, @updatedAt, @updatedAt)`
  )
  const finalizeCopy = db.prepare(
    `UPDATE reports SET status = 'finalized', finalize_step = 'finalized', pdf_sha256 = @sha256, finalized_at = @finalizedAt,
       finalize_input_sha256 = @inputSha256, deleted_at = NULL
     WHERE id = @id AND status = 'draft'`
  )
  const toUpload = db.prepare<[number], { id: string; sha256: string }>(
    `SELECT r.id, p.sha256 FROM reports r JOIN report_pdfs p ON p.report_id = r.id
     WHERE r.status = 'finalized' AND r.deleted_at IS NULL AND r.demo = 0
       AND NOT EXISTS (SELECT 1 FROM document_copies c WHERE c.entity = 'report' AND c.entity_id = r.id)
     ORDER BY r.finalized_at LIMIT ?`
  )
  const existsAtAll = db.prepare<[string], { id: string }>(`SELECT id FROM reports WHERE id = ?`)

  const writeCassettes = (reportId: string, cassettes: readonly ReportCassette[]) => {
    deleteCassettes.run(reportId)
    cassettes.forEach((cassette, position) => {
      insertCassette.run(newId(), reportId, position, cassette.code, cassette.tissue, cassette.pieces, cassette.microscopy)
    })
  }
  const contentParams = (content: ReportContent) => ({
    macroscopy: content.macroscopy,
    diagnosis: content.diagnosis,
    comments: content.comments,
    pathologist: content.pathologist.name,
    pathologistLicence: content.pathologist.licence
  })

  return {
    get(id: string): ReportRecord | null {
      const row = byId.get(id)
      if (!row) return null
      return {
        ...toSummary(row),
        content: {
          macroscopy: row.macroscopy,
          cassettes: cassettesOf.all(id),
          diagnosis: row.diagnosis,
          comments: row.comments,
          pathologist: { name: row.pathologist, licence: row.pathologist_licence }
        },
        finalizeInputJson: row.finalize_input_json,
        finalizeInputSha256: row.finalize_input_sha256,
        finalizeRequestedAt: row.finalize_requested_at,
        finalizeJobId: row.finalize_job_id,
        finalizeStep: row.finalize_step
      }
    },

    /** Newest version first. */
    listForProtocol(protocolId: string): ReportSummary[] {
      return summariesOf.all(protocolId).map(toSummary)
    },

    /** The draft or finalizing version of a protocol, if any (there is at most one). */
    openId(protocolId: string): string | null {
      return openOf.get(protocolId)?.id ?? null
    },

    latestFinalizedId(protocolId: string): string | null {
      return latestFinalizedOf.get(protocolId)?.id ?? null
    },

    nextVersion(protocolId: string): number {
      return (maxVersionOf.get(protocolId)?.v ?? 0) + 1
    },

    /** Call inside a transaction: the row and its cassettes go together. */
    insertDraft(report: NewReport): void {
      insertReport.run({ id: report.id, protocolId: report.protocolId, version: report.version, amendsId: report.amendsId, at: report.at, ...contentParams(report.content) })
      writeCassettes(report.id, report.content.cassettes)
    },

    /** Call inside a transaction. False when the report is not a draft (nothing written). */
    updateDraft(id: string, content: ReportContent, at: string): boolean {
      if (updateContentRow.run({ id, at, ...contentParams(content) }).changes === 0) return false
      writeCassettes(id, content.cassettes)
      return true
    },

    markFinalizing(id: string, request: FinalizeRequest): boolean {
      return markFinalizingRow.run({ id, ...request }).changes === 1
    },

    setFinalizeJob(id: string, jobId: number): void {
      setJobRow.run(jobId, id)
    },

    /** A finalize that ended without finishing hands the report back for editing; its PDF goes. */
    backToDraft(id: string, at: string): boolean {
      if (backToDraftRow.run(at, id).changes === 0) return false
      deletePdf.run(id)
      return true
    },

    pdf(id: string): StoredReportPdf | null {
      const row = pdfOf.get(id)
      return row ? { inputSha256: row.input_sha256, sha256: row.sha256, size: row.size, bytes: new Uint8Array(row.bytes) } : null
    },

    pdfSize(id: string): number | null {
      return pdfSizeOf.get(id)?.size ?? null
    },

    /**
     * The render step's effect and its marker, for the input it was rendered from. Call inside a
     * transaction; false (nothing written) when the report is no longer finalizing that input.
     */
    storeRenderedPdf(id: string, pdf: Omit<StoredReportPdf, 'size'>, at: string): boolean {
      if (markRenderedRow.run(id, pdf.inputSha256).changes === 0) return false
      upsertPdf.run(id, pdf.inputSha256, pdf.sha256, pdf.bytes.length, Buffer.from(pdf.bytes), at)
      return true
    },

    /**
     * A report finalized at another bench, with its PDF (already checked against `pdf.sha256`).
     * Call inside a transaction; false when a report with this id is here already.
     */
    insertFinalizedCopy(report: { id: string; protocolId: string; version: number; amendsId: string | null; content: ReportContent; createdAt: string; updatedAt: string; finalizedAt: string; inputSha256: string | null }, pdf: { sha256: string; bytes: Uint8Array }, at: string): boolean {
      if (existsAtAll.get(report.id)) return false
      insertHiddenCopy.run({ ...report, ...contentParams(report.content) })
      writeCassettes(report.id, report.content.cassettes)
      upsertPdf.run(report.id, report.inputSha256 ?? pdf.sha256, pdf.sha256, pdf.bytes.length, Buffer.from(pdf.bytes), at)
      finalizeCopy.run({ id: report.id, sha256: pdf.sha256, finalizedAt: report.finalizedAt, inputSha256: report.inputSha256 })
      return true
    },

    /** Finalized reports made here whose PDF the server does not hold yet (sync's copy record says which it holds). */
    pdfsToUpload(limit: number): { id: string; sha256: string }[] {
      return toUpload.all(limit)
    },

    /** False when the report was not finalizing (already finalized, or back to draft). */
    markFinalized(id: string, sha256: string, at: string): boolean {
      return markFinalizedRow.run({ id, sha256, at }).changes === 1
    }
  }
}
export type ReportsRepository = ReturnType<typeof createReportsRepository>
