/**
 * The `document_copies` table (migrations 015 and 018): which document PDFs the server holds from this
 * bench, and which documents of other benches this bench holds, waits for or refused the bytes
 * of. The work-orders and reports appliers write the `elsewhere` rows as rows arrive; the sync
 * round moves the PDFs.
 */
import type { Db } from '../../platform/db/database'

export type DocumentEntity = 'work_order' | 'report'

export interface WantedPdf {
  entity: DocumentEntity
  id: string
  sha256: string
  state: 'wanted' | 'refused'
}

export function createDocumentCopiesRepository(db: Db) {
  const uploaded = db.prepare(
    `INSERT INTO document_copies (entity, entity_id, origin, pdf_sha256, state, updated_at) VALUES (?, ?, 'here', ?, 'uploaded', ?)
     ON CONFLICT (entity, entity_id) DO UPDATE SET pdf_sha256 = excluded.pdf_sha256, state = 'uploaded', updated_at = excluded.updated_at
     WHERE document_copies.origin = 'here'`
  )
  // A new PDF (another hash) is wanted again; the same one already stored stays stored.
  const want = db.prepare(
    `INSERT INTO document_copies (entity, entity_id, origin, pdf_sha256, state, protocol_id, staged_json, origin_bench, updated_at)
     VALUES (@entity, @id, 'elsewhere', @sha256, CASE WHEN @sha256 IS NULL THEN 'stored' ELSE 'wanted' END, @protocolId, @stagedJson, @originBench, @at)
     ON CONFLICT (entity, entity_id) DO UPDATE SET
       state = CASE WHEN excluded.pdf_sha256 IS NULL OR (document_copies.pdf_sha256 IS excluded.pdf_sha256 AND document_copies.state = 'stored')
                 THEN document_copies.state ELSE 'wanted' END,
       pdf_sha256 = coalesce(excluded.pdf_sha256, document_copies.pdf_sha256),
       protocol_id = coalesce(excluded.protocol_id, document_copies.protocol_id),
       staged_json = coalesce(excluded.staged_json, document_copies.staged_json),
       origin_bench = coalesce(excluded.origin_bench, document_copies.origin_bench),
       updated_at = excluded.updated_at
     WHERE document_copies.origin = 'elsewhere'`
  )
  const wanted = db.prepare<[number], { entity: DocumentEntity; entity_id: string; pdf_sha256: string; state: 'wanted' | 'refused' }>(
    `SELECT entity, entity_id, pdf_sha256, state FROM document_copies
     WHERE state IN ('wanted', 'refused') AND pdf_sha256 IS NOT NULL ORDER BY state DESC, updated_at LIMIT ?`
  )
  const wantedCount = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM document_copies WHERE state IN ('wanted', 'refused') AND pdf_sha256 IS NOT NULL`)
  const uploadedAfter = db.prepare<[string, string, number], { entity: DocumentEntity; entity_id: string; pdf_sha256: string }>(
    `SELECT entity, entity_id, pdf_sha256 FROM document_copies
     WHERE origin = 'here' AND state = 'uploaded' AND pdf_sha256 IS NOT NULL AND (entity, entity_id) > (?, ?)
     ORDER BY entity, entity_id LIMIT ?`
  )
  const forgetUpload = db.prepare(`DELETE FROM document_copies WHERE entity = ? AND entity_id = ? AND origin = 'here'`)
  const setState = db.prepare(`UPDATE document_copies SET state = ?, staged_json = CASE WHEN ? = 'stored' THEN NULL ELSE staged_json END, updated_at = ? WHERE entity = ? AND entity_id = ? AND origin = 'elsewhere'`)
  const get = db.prepare<[string, string], { origin: 'here' | 'elsewhere'; pdf_sha256: string | null; state: string; staged_json: string | null }>(
    `SELECT origin, pdf_sha256, state, staged_json FROM document_copies WHERE entity = ? AND entity_id = ?`
  )
  const stagedOf = db.prepare<[string], { entity_id: string; staged_json: string }>(
    `SELECT entity_id, staged_json FROM document_copies WHERE entity = ? AND staged_json IS NOT NULL ORDER BY updated_at`
  )
  const unstage = db.prepare(`UPDATE document_copies SET staged_json = NULL WHERE entity = ? AND entity_id = ?`)
  const stagedOfProtocol = db.prepare<[string], { entity_id: string }>(
    `SELECT entity_id FROM document_copies WHERE entity = 'report' AND protocol_id = ? AND staged_json IS NOT NULL LIMIT 1`
  )

  const forgetUploaded = db.prepare(`DELETE FROM document_copies WHERE entity = ? AND entity_id = ? AND origin = 'here'`)

  return {
    /** The PDF the server holds of this document made here is no longer its PDF (renumbered): the next round uploads the new one. */
    forgetUploaded(entity: DocumentEntity, id: string): void {
      forgetUploaded.run(entity, id)
    },
    /** The server holds the PDF of this document made here. */
    markUploaded(entity: DocumentEntity, id: string, sha256: string, at: string): void {
      uploaded.run(entity, id, sha256, at)
    },
    /** PDFs made here the server took, a page at a time in key order (`after` is the last key of the previous page). */
    uploadedAfter(after: { entity: string; id: string }, limit: number): { entity: DocumentEntity; id: string; sha256: string }[] {
      return uploadedAfter.all(after.entity, after.id, limit).map((row) => ({ entity: row.entity, id: row.entity_id, sha256: row.pdf_sha256 }))
    },
    /** The server lacks this PDF after all: the next upload step sends it again. */
    forgetUpload(entity: DocumentEntity, id: string): void {
      forgetUpload.run(entity, id)
    },
    /** A document made elsewhere arrived: its PDF (when it has one) is wanted here. */
    want(copy: { entity: DocumentEntity; id: string; sha256: string | null; protocolId?: string | null; stagedJson?: string | null; originBench?: string | null; at: string }): void {
      want.run({ entity: copy.entity, id: copy.id, sha256: copy.sha256, protocolId: copy.protocolId ?? null, stagedJson: copy.stagedJson ?? null, originBench: copy.originBench ?? null, at: copy.at })
    },
    /** PDFs to download, the never-tried first. */
    wanted(limit: number): WantedPdf[] {
      return wanted.all(limit).map((row) => ({ entity: row.entity, id: row.entity_id, sha256: row.pdf_sha256, state: row.state }))
    },
    /** How many PDFs wait to be downloaded (a restore's total). */
    wantedCount(): number {
      return wantedCount.get()!.n
    },
    stored(entity: DocumentEntity, id: string, at: string): void {
      setState.run('stored', 'stored', at, entity, id)
    },
    refused(entity: DocumentEntity, id: string, at: string): void {
      setState.run('refused', 'refused', at, entity, id)
    },
    /** Made at another bench: read-only here. */
    isElsewhere(entity: DocumentEntity, id: string): boolean {
      return get.get(entity, id)?.origin === 'elsewhere'
    },
    get(entity: DocumentEntity, id: string) {
      const row = get.get(entity, id)
      return row ? { origin: row.origin, sha256: row.pdf_sha256, state: row.state, stagedJson: row.staged_json } : null
    },
    /** Rows that wait aside (for their PDF, or for rows they name). */
    staged(entity: DocumentEntity): { id: string; json: string }[] {
      return stagedOf.all(entity).map((row) => ({ id: row.entity_id, json: row.staged_json }))
    },
    unstage(entity: DocumentEntity, id: string): void {
      unstage.run(entity, id)
    },
    /** A finalized report of this protocol from elsewhere waits for its PDF. */
    stagedReportOf(protocolId: string): string | null {
      return stagedOfProtocol.get(protocolId)?.entity_id ?? null
    }
  }
}
export type DocumentCopiesRepository = ReturnType<typeof createDocumentCopiesRepository>
