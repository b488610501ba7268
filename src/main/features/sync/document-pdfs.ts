/**
 * PDF bytes travel beside the rows, never inside a JSON page (docs/sync-api.md, "Document
 * blobs"). Before the push, PDFs made here go up, so a row naming a PDF reaches the server after
 * its bytes; after the pull, PDFs of documents made elsewhere come down, each checked against
 * its SHA-256 before it is stored. The features that own the documents say where the bytes are.
 */
import type { Db } from '../../platform/db/database'
import type { SyncClient } from './client'
import { isSyncError } from './client'
import type { ConflictsRepository } from './conflicts-repository'
import type { DocumentCopiesRepository, DocumentEntity } from './document-copies-repository'

/** What a feature owning documents gives the sync round. */
export interface DocumentPdfSource {
  entity: DocumentEntity
  /** Documents made here whose PDF exists and was not uploaded yet (no `uploaded` copy row). */
  toUpload(limit: number): { id: string; sha256: string }[]
  /** The bytes of a PDF made here, or null when they are gone. */
  bytes(id: string, sha256: string): Uint8Array | null
  /** Inside the transaction that records the upload: what the server must learn besides (a work order's pdfSha256). */
  uploaded(id: string, sha256: string, at: string): void
  /** Keeps the PDF of a document made elsewhere; the bytes match `sha256`. Throw to refuse it. */
  store(id: string, sha256: string, bytes: Uint8Array, at: string): Promise<void>
}

export interface DocumentPdfDeps {
  db: Db
  copies: DocumentCopiesRepository
  conflicts: Pick<ConflictsRepository, 'add'>
  sources: readonly DocumentPdfSource[]
  at: () => string
  log?: (level: 'info' | 'warn', message: string) => void
}

/** Per round: enough for a busy day, little enough that a round after a restore still ends. */
const PDFS_PER_ROUND = 2000

export async function uploadPdfs(client: SyncClient, deps: DocumentPdfDeps, signal?: AbortSignal): Promise<number> {
  let sent = 0
  for (const source of deps.sources) {
    for (const pdf of source.toUpload(PDFS_PER_ROUND)) {
      signal?.throwIfAborted()
      const bytes = source.bytes(pdf.id, pdf.sha256)
      if (!bytes) continue
      await client.putBlob(pdf.sha256, bytes)
      const at = deps.at()
      deps.db.transaction(() => {
        deps.copies.markUploaded(source.entity, pdf.id, pdf.sha256, at)
        source.uploaded(pdf.id, pdf.sha256, at)
      }).immediate()
      sent++
    }
  }
  return sent
}

export interface FetchResult {
  stored: number
  /** Not on the server yet (its bench has not uploaded it): asked again next round. */
  waiting: number
  refused: number
}

export async function fetchPdfs(client: SyncClient, deps: DocumentPdfDeps, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<FetchResult> {
  const result: FetchResult = { stored: 0, waiting: 0, refused: 0 }
  const sources = new Map(deps.sources.map((source) => [source.entity, source]))
  const wanted = deps.copies.wanted(PDFS_PER_ROUND)
  for (const [index, pdf] of wanted.entries()) {
    signal?.throwIfAborted()
    const source = sources.get(pdf.entity)
    if (!source) continue
    let bytes: Uint8Array
    try {
      bytes = await client.getBlob(pdf.sha256)
    } catch (error) {
      if (isSyncError(error) && error.code === 'not_found') {
        result.waiting++
        continue
      }
      if (isSyncError(error) && error.code === 'blob_hash_mismatch') {
        refuse(deps, pdf, 'blob_hash_mismatch', error.message)
        result.refused++
        continue
      }
      throw error
    }
    try {
      await source.store(pdf.id, pdf.sha256, bytes, deps.at())
      deps.copies.stored(pdf.entity, pdf.id, deps.at())
      result.stored++
    } catch (error) {
      refuse(deps, pdf, 'apply_failed', error instanceof Error ? error.message : String(error))
      result.refused++
    }
    onProgress?.(index + 1, wanted.length)
  }
  return result
}

function refuse(deps: DocumentPdfDeps, pdf: { entity: DocumentEntity; id: string; sha256: string; state: string }, code: string, message: string): void {
  const at = deps.at()
  deps.log?.('warn', `the PDF ${pdf.sha256} of ${pdf.entity} ${pdf.id} was refused (${code}): ${message}`)
  deps.db.transaction(() => {
    // Said once for the review list; later rounds ask again quietly.
    if (pdf.state !== 'refused') deps.conflicts.add({ entity: pdf.entity, entityId: pdf.id, opSeq: null, kind: 'apply_failed', code, message, at })
    deps.copies.refused(pdf.entity, pdf.id, at)
  })()
}
